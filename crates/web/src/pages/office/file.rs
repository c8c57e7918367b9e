//! One file as an officer sees it: the answers, family, documents, steps, history, letters and
//! internal notes, with the actions its stage allows.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use portail_app::model::{Application, Event, LetterRecord, Message, RequestRecord};
use portail_domain::application::Stage;
use portail_domain::application::status::{Step, StepState, next};
use portail_domain::language::Lang;
use portail_domain::letters::{DECISIONS, INSTRUCTION_LETTERS};
use serde::Deserialize;
use uuid::Uuid;

use super::principal_name;
use crate::context::Ctx;
use crate::error::AppResult;
use crate::layout::{Errors, Layout, render};
use crate::pages::apply::receipt::answer_text;
use crate::pages::apply::stage_label;
use crate::state::AppState;
use portail_i18n::Tr;

pub struct Pair {
    pub label: String,
    pub value: String,
}

pub struct SectionView {
    pub title: String,
    pub answers: Vec<Pair>,
}

pub struct Link {
    pub href: String,
    pub text: String,
    pub detail: String,
}

pub struct StepView {
    pub step: &'static str,
    pub name: String,
    pub options: Vec<(&'static str, String, bool)>,
}

pub struct RequestView {
    pub id: Uuid,
    pub items: String,
    pub deadline: String,
    pub status: String,
    pub overdue: bool,
    pub extension_reason: String,
    pub extension_pending: bool,
}

pub struct ActionView {
    pub value: &'static str,
    pub label: String,
    pub needs_reasons: bool,
}

#[derive(Template)]
#[template(path = "office_file.html")]
struct FilePage {
    l: Layout,
    errors: Errors,
    notice: String,
    id: Uuid,
    number: String,
    program: String,
    stage: String,
    stage_class: &'static str,
    version: i64,
    name: String,
    taken_by_me: bool,
    taken: bool,
    sections: Vec<SectionView>,
    members: Vec<String>,
    documents: Vec<Link>,
    steps: Vec<StepView>,
    actions: Vec<ActionView>,
    events: Vec<Pair>,
    letters: Vec<Link>,
    notes: Vec<Pair>,
    checklist: Vec<(String, String)>,
    requests: Vec<RequestView>,
    can_request: bool,
    letter_kinds: Vec<(&'static str, String)>,
    messages: Vec<Pair>,
    uci: String,
    representatives: Vec<String>,
    submitted: String,
    open_requests: usize,
    /// A permanent-residence file that may move to the PR portal: only then its section shows.
    pr_eligible: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FileQuery {
    pub m: String,
}

/// What an officer's action did, as the notice on the file says it (`?m=…`, the Fluent message
/// `office-msg-…`): never a bare "Done.".
pub const NOTICES: &[&str] = &[
    "acknowledge",
    "start",
    "approve",
    "refuse",
    "return",
    "step",
    "letter",
    "message",
    "requested",
    "extension-granted",
    "extension-refused",
    "noted",
];

pub async fn file_get(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    Query(q): Query<FileQuery>,
) -> AppResult<Response> {
    let t = Tr::new(ctx.lang);
    let notice = NOTICES.iter().find(|m| **m == q.m).map(|m| t.get(&format!("office-msg-{m}"))).unwrap_or_default();
    file_page(&st, &ctx, id, Errors::default(), notice, StatusCode::OK).await
}

pub async fn file_page(
    st: &AppState,
    ctx: &Ctx,
    id: Uuid,
    errors: Errors,
    notice: String,
    status: StatusCode,
) -> AppResult<Response> {
    let who = ctx.full()?;
    let now = st.now();
    let f = st.app.office_file(&ctx.actor()?, id, now).await?;
    let (app, lang, t) = (&f.file.app, ctx.lang, Tr::new(ctx.lang));
    let ty = st.app.catalog.get(&app.type_id);
    let page = FilePage {
        uci: f.uci.as_deref().map(portail_domain::application::format_uci).unwrap_or_default(),
        representatives: f.representatives.iter().map(|c| representative_line(c, &t)).collect(),
        messages: message_views(&f.messages, &t),
        submitted: app.submitted_at.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
        open_requests: f.requests.iter().filter(|r| r.status == "open").count(),
        pr_eligible: st.app.can_move_to_pr(app),
        letter_kinds: INSTRUCTION_LETTERS.iter().map(|(k, _)| (*k, portail_app::letters::title(k, lang))).collect(),
        checklist: ty.map(|ty| checklist_choices(ty, app, &t, now)).unwrap_or_default(),
        requests: request_views(&f.requests, lang, &t, now),
        can_request: matches!(app.stage, Stage::Submitted | Stage::Received | Stage::InProgress),
        l: Layout::new(ctx, st, "office-file-title"),
        errors,
        notice,
        id,
        number: app.number.clone().unwrap_or_default(),
        program: ty.map(|t| t.name.get(lang).to_owned()).unwrap_or_else(|| app.type_id.clone()),
        stage: stage_label(app.stage, &t),
        stage_class: crate::pages::apply::stage_class(app.stage),
        version: app.version,
        name: principal_name(&app.answers),
        taken_by_me: f.file.assigned_to == Some(who.account.id),
        taken: f.file.assigned_to.is_some(),
        sections: ty.map(|ty| answer_sections(st, ty, app, lang)).unwrap_or_default(),
        members: member_lines(app, &t),
        documents: document_links(id, &f.documents),
        steps: step_views(&f.steps, &t),
        actions: action_views(app.stage, &t),
        events: event_views(&f.events, &t),
        letters: letter_links(id, &f.letters, lang),
        notes: f
            .notes
            .iter()
            .map(|n| {
                let shared = if n.on_file { format!(" — {}", t.get("office-note-on-file")) } else { String::new() };
                Pair {
                    label: format!("{} — {}{shared}", n.at.format("%Y-%m-%d %H:%M"), n.author),
                    value: n.body.clone(),
                }
            })
            .collect(),
    };
    render(status, &page)
}

/// The file's documents, each a link to open it.
fn document_links(id: Uuid, documents: &[portail_app::model::DocumentRecord]) -> Vec<Link> {
    documents
        .iter()
        .map(|d| Link {
            href: format!("/office/files/{id}/documents/{}", d.id),
            text: d.file_name.clone(),
            detail: d.item_key.clone(),
        })
        .collect()
}

/// The decisions the stage allows.
fn action_views(stage: Stage, t: &Tr) -> Vec<ActionView> {
    DECISIONS
        .iter()
        .filter(|d| next(stage, d.action).is_some())
        .map(|d| ActionView {
            value: d.value,
            label: t.get(&format!("office-action-{}", d.value)),
            needs_reasons: d.needs_reasons,
        })
        .collect()
}

fn member_lines(app: &Application, t: &Tr) -> Vec<String> {
    app.members
        .iter()
        .map(|m| {
            let relationship = t.get(&format!("relationship-{}", m.relationship.as_str().replace('_', "-")));
            format!("{} {} ({relationship}, {})", m.given_name, m.family_name, m.date_of_birth)
        })
        .collect()
}

/// "Name (R01234567) — terms, since date".
fn representative_line(c: &portail_app::model::Consent, t: &Tr) -> String {
    let terms = crate::pages::representative::terms_label(c, t);
    let since = c.decided_at.unwrap_or(c.created_at).format("%Y-%m-%d");
    format!("{} ({}) — {terms}, {} {since}", c.representative_name, c.representative_number, t.get("consent-since"))
}

fn event_views(events: &[Event], t: &Tr) -> Vec<Pair> {
    events
        .iter()
        .map(|e| Pair {
            label: e.at.format("%Y-%m-%d %H:%M").to_string(),
            value: match &e.by_representative {
                Some(name) => format!(
                    "{} {} — {}",
                    t.get(&format!("event-{}", e.kind.replace('_', "-"))),
                    e.detail,
                    t.with("office-by-representative", &[("name", name.clone())])
                ),
                None => format!("{} {}", t.get(&format!("event-{}", e.kind.replace('_', "-"))), e.detail),
            },
        })
        .collect()
}

fn letter_links(id: Uuid, letters: &[LetterRecord], lang: Lang) -> Vec<Link> {
    letters
        .iter()
        .map(|l| Link {
            href: format!("/office/files/{id}/letters/{}", l.id),
            text: portail_app::letters::title(&l.kind, lang),
            detail: l.created_at.format("%Y-%m-%d").to_string(),
        })
        .collect()
}

/// The thread: an officer's message signed with a badge number ("Officer no. 01234"), never the
/// internal account name.
fn message_views(messages: &[Message], t: &Tr) -> Vec<Pair> {
    messages
        .iter()
        .map(|m| Pair {
            label: format!(
                "{} — {} — {}",
                m.at.format("%Y-%m-%d %H:%M"),
                if m.from_staff { crate::pages::apply::actor_label(&m.author, t) } else { m.author.clone() },
                m.subject
            ),
            value: m.body.clone(),
        })
        .collect()
}

/// The answers of a file, section by section, as a person reads them.
fn answer_sections(
    st: &AppState,
    ty: &portail_domain::catalog::ApplicationType,
    app: &Application,
    lang: Lang,
) -> Vec<SectionView> {
    ty.sections
        .iter()
        .map(|s| SectionView {
            title: office_heading(&s.id)
                .map(|key| Tr::new(lang).get(key))
                .unwrap_or_else(|| s.title.get(lang).to_owned()),
            answers: s
                .fields
                .iter()
                .filter_map(|f| {
                    let key = format!("{}.{}", s.id, f.id);
                    app.answers.get(&key).map(|v| Pair {
                        label: f.label.get(lang).to_owned(),
                        value: answer_text(st, ty, &key, v, lang),
                    })
                })
                .collect(),
        })
        .filter(|s| !s.answers.is_empty())
        .collect()
}

/// The officer's heading of a section whose catalog title speaks to the applicant ("About you").
fn office_heading(section: &str) -> Option<&'static str> {
    Some(match section {
        "personal" => "office-section-personal",
        "job" => "office-section-job",
        "sponsor" => "office-section-sponsor",
        "studies" => "office-section-studies",
        "trip" => "office-section-trip",
        _ => return None,
    })
}

/// Every processing step with its states to choose from, the current one selected.
fn step_views(current: &[(Step, StepState)], t: &Tr) -> Vec<StepView> {
    Step::ALL
        .into_iter()
        .map(|s| {
            let state = current.iter().find(|(x, _)| *x == s).map(|(_, st)| *st).unwrap_or(StepState::NotStarted);
            StepView {
                step: s.as_str(),
                name: t.get(&format!("step-{}", s.as_str().replace('_', "-"))),
                options: StepState::ALL
                    .into_iter()
                    .map(|o| (o.as_str(), t.get(&format!("step-state-{}", o.as_str().replace('_', "-"))), o == state))
                    .collect(),
            }
        })
        .collect()
}

fn request_views(list: &[RequestRecord], lang: Lang, t: &Tr, now: chrono::DateTime<chrono::Utc>) -> Vec<RequestView> {
    list.iter()
        .map(|r| RequestView {
            id: r.id,
            items: portail_app::requests::items_of(r)
                .iter()
                .map(|i| i.get(lang).to_owned())
                .collect::<Vec<_>>()
                .join(t.list_separator()),
            deadline: r.deadline.format("%Y-%m-%d").to_string(),
            status: t.get(&format!("request-status-{}", r.status)),
            overdue: r.status == "open" && r.deadline < now,
            extension_pending: r.extension_requested_at.is_some()
                && r.extension_decision.is_none()
                && r.status == "open",
            extension_reason: r.extension_reason.clone().unwrap_or_default(),
        })
        .collect()
}

/// The file's checklist items an officer may ask for again: (key, label — person).
fn checklist_choices(
    ty: &portail_domain::catalog::ApplicationType,
    app: &Application,
    t: &Tr,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<(String, String)> {
    portail_domain::application::checklist(ty, &app.answers, &app.members, now.date_naive())
        .into_iter()
        .map(|i| {
            let person = crate::pages::apply::person_name(app, &i.person, t);
            (i.key.clone(), format!("{} — {person}", i.rule.label.get(t.lang)))
        })
        .collect()
}
