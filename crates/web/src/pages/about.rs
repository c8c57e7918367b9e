//! The pages every page's footer links to — help, contact, privacy notice, accessibility
//! statement, terms of use — in both languages, public, their text from the Fluent files
//! (`about-<page>-title`, `about-<page>-1` …).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use portail_i18n::Tr;

use crate::context::Ctx;
use crate::error::{AppError, AppResult};
use crate::layout::{Layout, render};
use crate::state::AppState;

/// Each page and how many paragraphs it has.
pub const PAGES: [(&str, usize); 5] = [("help", 5), ("contact", 3), ("privacy", 6), ("accessibility", 5), ("terms", 4)];

#[derive(Template)]
#[template(path = "about.html")]
struct AboutPage {
    l: Layout,
    paragraphs: Vec<String>,
}

pub async fn about_get(State(st): State<AppState>, ctx: Ctx, Path(page): Path<String>) -> AppResult<Response> {
    let Some((name, count)) = PAGES.iter().find(|(p, _)| *p == page) else {
        return Err(AppError::NotFound);
    };
    let t = Tr::new(ctx.lang);
    let paragraphs = (1..=*count).map(|i| t.get(&format!("about-{name}-{i}"))).collect();
    render(StatusCode::OK, &AboutPage { l: Layout::new(&ctx, &st, &format!("about-{name}-title")), paragraphs })
}

#[cfg(test)]
mod tests {
    use super::*;
    use portail_domain::language::Lang;

    #[test]
    fn every_paragraph_exists_in_both_languages() {
        for lang in [Lang::En, Lang::Fr] {
            let t = Tr::new(lang);
            for (name, count) in PAGES {
                for key in std::iter::once(format!("about-{name}-title"))
                    .chain((1..=count).map(|i| format!("about-{name}-{i}")))
                {
                    assert_ne!(t.get(&key), key, "{key} missing in {lang:?}");
                }
            }
        }
    }
}
