//! The full history of a file, for its applicant, as a page and as a PDF: every status change,
//! letter, request, answer and decision with its date and who acted (officers shown by a badge
//! number), and the notes an officer marked as part of the file. Internal notes and staff reads
//! are not part of it.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use portail_letters::{Block, Letter, render};
use uuid::Uuid;

use crate::context::Ctx;
use crate::error::{AppError, AppResult};
use crate::layout::{Layout, render as render_page};
use crate::pages::office::actions::pdf_response;
use crate::state::AppState;
use portail_app::FileAction;
use portail_app::model::{AuditRow, Event, Note, RequestRecord};
use portail_i18n::Tr;

/// Audit actions an applicant's history shows; reads and internal notes are left out.
const SHOWN: &[&str] = &[
    "submitted",
    "withdrawn",
    "acknowledge",
    "start",
    "approve",
    "refuse",
    "return",
    "documents_requested",
    "request_answered",
    "extension_asked",
    "extension_granted",
    "extension_refused",
    "step_set",
];

/// How a line's instant is written; sorting these strings sorts the instants.
const WHEN: &str = "%Y-%m-%d %H:%M UTC";

pub struct Line {
    pub at: String,
    pub what: String,
    pub who: String,
}

pub struct History {
    pub number: String,
    pub program: String,
    pub lines: Vec<Line>,
    pub letters: Vec<(String, String, String)>,
    pub requests: Vec<String>,
    pub documents: Vec<String>,
}

async fn history(st: &AppState, ctx: &Ctx, id: Uuid) -> AppResult<History> {
    let file = st.app.file(&ctx.actor()?, id, FileAction::Read).await?;
    let app = file.app.clone();
    let t = Tr::new(ctx.lang);
    let mut lines = lines(st.app.timeline(&file).await?, st.app.audit_trail(&file).await?, &t);
    lines.extend(st.app.notes_on_file(&file).await?.into_iter().map(|n| note_line(n, &t)));
    lines.sort_by(|a, b| a.at.cmp(&b.at));
    let letters = st
        .app
        .letters(&file)
        .await?
        .into_iter()
        .map(|l| {
            (
                format!("/inbox/{}", l.id),
                portail_app::letters::title(&l.kind, ctx.lang),
                l.created_at.format("%Y-%m-%d").to_string(),
            )
        })
        .collect();
    let requests = st.app.requests(&file).await?.iter().map(|r| request_line(r, &t)).collect();
    let documents =
        st.app.documents(&file).await?.into_iter().map(|d| format!("{} — SHA-256 {}", d.file_name, d.sha256)).collect();
    Ok(History {
        number: app.number.unwrap_or_default(),
        program: st.app.catalog.get(&app.type_id).map(|ty| ty.name.get(ctx.lang).to_owned()).unwrap_or(app.type_id),
        lines,
        letters,
        requests,
        documents,
    })
}

/// The timeline and the audited actions people may see, merged oldest first, each event once:
/// an event and its audit entry are written in one transaction at the same instant, so the audit
/// entry gives the event its "who" instead of a second line; audited actions without an event
/// (a processing step set) are lines of their own.
fn lines(events: Vec<Event>, audit: Vec<AuditRow>, t: &Tr) -> Vec<Line> {
    let when = |at: chrono::DateTime<chrono::Utc>| at.format(WHEN).to_string();
    let mut audit: Vec<Option<AuditRow>> = audit.into_iter().map(Some).collect();
    let mut lines: Vec<(chrono::DateTime<chrono::Utc>, Line)> = events
        .into_iter()
        .map(|e| {
            let what = t.get(&format!("event-{}", e.kind.replace('_', "-")));
            let audited = audit.iter_mut().find(|a| a.as_ref().is_some_and(|a| a.at == e.at)).and_then(Option::take);
            let who = match (e.by_representative, audited) {
                (Some(name), _) => t.with("history-by-representative", &[("name", name)]),
                (None, Some(a)) => super::actor_label(&a.actor, t),
                (None, None) => String::new(),
            };
            (e.at, Line { at: when(e.at), what, who })
        })
        .collect();
    for a in audit.into_iter().flatten().filter(|a| SHOWN.contains(&a.action.as_str())) {
        let what = match a.action.as_str() {
            "step_set" => {
                let (step, state) = a.detail.split_once('=').unwrap_or(("", ""));
                format!(
                    "{}{} {}",
                    t.get(&format!("step-{}", step.replace('_', "-"))),
                    t.colon(),
                    t.get(&format!("step-state-{}", state.replace('_', "-")))
                )
            }
            other => t.get(&format!("history-action-{}", other.replace('_', "-"))),
        };
        lines.push((a.at, Line { at: when(a.at), what, who: super::actor_label(&a.actor, t) }));
    }
    lines.sort_by_key(|(at, _)| *at);
    lines.into_iter().map(|(_, l)| l).collect()
}

/// A note marked as part of the file, signed with its officer's badge number.
fn note_line(n: Note, t: &Tr) -> Line {
    Line {
        at: n.at.format(WHEN).to_string(),
        what: t.with("history-note", &[("text", n.body)]),
        who: super::actor_label(&format!("officer:{}", n.author), t),
    }
}

fn request_line(r: &RequestRecord, t: &Tr) -> String {
    let items: Vec<String> = portail_app::requests::items_of(r).iter().map(|i| i.get(t.lang).to_owned()).collect();
    format!(
        "{} — {} {} — {}",
        items.join(t.list_separator()),
        t.get("request-deadline"),
        r.deadline.format("%Y-%m-%d"),
        t.get(&format!("request-status-{}", r.status))
    )
}

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    l: Layout,
    id: Uuid,
    h: History,
}

pub async fn history_get(State(st): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> AppResult<Response> {
    let h = history(&st, &ctx, id).await?;
    render_page(StatusCode::OK, &HistoryPage { l: Layout::new(&ctx, &st, "history-title"), id, h })
}

pub async fn history_pdf_get(State(st): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> AppResult<Response> {
    let h = history(&st, &ctx, id).await?;
    let t = Tr::new(ctx.lang);
    let brand = if ctx.lang == portail_domain::language::Lang::En { &st.config.brand_en } else { &st.config.brand_fr };
    let mut blocks = vec![
        Block::Field(t.get("home-col-number"), h.number.clone()),
        Block::Field(t.get("home-col-application"), h.program.clone()),
        Block::Field(t.get("letter-date"), st.now().format("%Y-%m-%d").to_string()),
        Block::Heading(t.get("status-timeline")),
    ];
    for l in &h.lines {
        let who = if l.who.is_empty() { String::new() } else { format!(" ({})", l.who) };
        blocks.push(Block::Field(l.at.clone(), format!("{}{who}", l.what)));
    }
    blocks.push(Block::Heading(t.get("office-letters")));
    for (_, title, date) in &h.letters {
        blocks.push(Block::Field(date.clone(), title.clone()));
    }
    blocks.push(Block::Heading(t.get("status-requests")));
    for r in &h.requests {
        blocks.push(Block::Paragraph(r.clone()));
    }
    blocks.push(Block::Heading(t.get("receipt-documents")));
    for d in &h.documents {
        blocks.push(Block::Paragraph(d.clone()));
    }
    let letter = Letter { title: t.get("history-title"), letterhead: brand.clone(), blocks, footer: h.number.clone() };
    pdf_response(render(&letter).map_err(|e| AppError::Internal(e.into()))?)
}
