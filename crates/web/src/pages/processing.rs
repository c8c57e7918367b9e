//! The public processing times (`/processing-times`): per program, how long the files decided in
//! the last 12 months took — the time within which 8 in 10 were decided, the median, and how many
//! files that rests on; computed by a job from real decisions, read here from memory.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use portail_domain::language::Lang;
use portail_domain::processing::{MIN_FILES, Summary};
use portail_i18n::Tr;

use crate::context::Ctx;
use crate::error::AppResult;
use crate::layout::{Layout, render};
use crate::state::AppState;

pub struct ProgramRow {
    pub name: String,
    /// Empty when the program has too few decided files.
    pub p80: String,
    pub median: String,
    pub files: String,
}

#[derive(Template)]
#[template(path = "processing_times.html")]
struct ProcessingPage {
    l: Layout,
    intro: String,
    computed: String,
    rows: Vec<ProgramRow>,
}

/// `1,234` in English, `1 234` in French (a narrow no-break space between thousands).
fn thousands(lang: Lang, n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let sep = if lang == Lang::Fr { "\u{202f}" } else { "," };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// The sentence of a file's status page: "Most applications like yours are decided within N
/// days; yours was submitted M days ago."
pub fn for_a_file(t: &Tr, s: &Summary, submitted_days_ago: i64) -> String {
    let within = t.count("processing-days", "days", s.p80_days);
    let ago = t.count("processing-days", "days", submitted_days_ago.max(0));
    t.with("processing-yours", &[("within", within), ("ago", ago)])
}

pub async fn processing_get(State(st): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let (lang, t) = (ctx.lang, Tr::new(ctx.lang));
    let times = st.app.processing_times();
    let rows = st
        .app
        .catalog
        .types
        .iter()
        .map(|ty| {
            let found = times.iter().find(|p| p.type_id == ty.id).map(|p| &p.summary);
            ProgramRow {
                name: ty.name.get(lang).to_owned(),
                p80: found.map(|s| t.count("processing-days", "days", s.p80_days)).unwrap_or_default(),
                median: found.map(|s| t.count("processing-days", "days", s.median_days)).unwrap_or_default(),
                files: found.map(|s| thousands(lang, s.files)).unwrap_or_default(),
            }
        })
        .collect();
    let computed = times
        .iter()
        .map(|p| p.computed_at)
        .max()
        .map(|at| t.with("processing-computed", &[("time", crate::maintenance::local_time(lang, at))]))
        .unwrap_or_else(|| t.get("processing-not-computed"));
    let intro = t.with("processing-intro", &[("min", MIN_FILES.to_string())]);
    render(StatusCode::OK, &ProcessingPage { l: Layout::new(&ctx, &st, "processing-title"), intro, computed, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_follow_each_language() {
        assert_eq!(thousands(Lang::En, 1_234_567), "1,234,567");
        assert_eq!(thousands(Lang::Fr, 1_234), "1\u{202f}234");
        assert_eq!(thousands(Lang::En, 999), "999");
    }
}
