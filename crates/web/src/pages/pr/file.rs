//! The PR portal's pages for files: the list of one's files with their progress, and a file's
//! task list (presence, address, photo, eCOPR, PR card) with its documents, letters and requests.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use portail_domain::application::Stage;
use portail_domain::pr::{CardStatus, TaskState, progress, waiting_for_review};
use serde::Deserialize;
use uuid::Uuid;

use crate::context::Ctx;
use crate::error::{AppError, AppResult};
use crate::layout::{Errors, Layout, render};
use crate::pages::office::actions::pdf_response;
use crate::state::AppState;
use portail_app::FileAction;
use portail_app::letters::title;
use portail_app::model::PrConfirmation;
use portail_i18n::Tr;

pub struct FileCard {
    pub id: Uuid,
    pub number: String,
    pub program: String,
    pub stage: String,
    pub done: u8,
    pub of: u8,
    pub progress_text: String,
}

#[derive(Template)]
#[template(path = "pr_home.html")]
struct PrHome {
    l: Layout,
    notice: String,
    files: Vec<FileCard>,
}

#[derive(Template)]
#[template(path = "pr_closed.html")]
struct Closed {
    l: Layout,
}

fn program(st: &AppState, ctx: &Ctx, type_id: &str) -> String {
    st.app.catalog.get(type_id).map(|ty| ty.name.get(ctx.lang).to_owned()).unwrap_or_else(|| type_id.to_owned())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct HomeQuery {
    added: String,
}

/// Steps done of five, in words: "2 of 5 steps done — 2 steps wait for an officer's review".
fn progress_of(t: &Tr, c: &PrConfirmation) -> (u8, u8, String) {
    let (done, of) = progress(c.tasks(), c.ecopr_letter.is_some(), c.card_status);
    let mut text = t.with("pr-progress", &[("done", done.to_string()), ("of", of.to_string())]);
    let waiting = waiting_for_review(c.tasks());
    if waiting > 0 {
        text = format!("{text} — {}", t.count("pr-progress-waiting", "n", waiting));
    }
    (done, of, text)
}

/// The PR portal's home: only for people with at least one redeemed file.
pub async fn home_get(State(st): State<AppState>, ctx: Ctx, Query(q): Query<HomeQuery>) -> AppResult<Response> {
    let actor = ctx.actor()?;
    let t = Tr::new(ctx.lang);
    let now = st.now();
    let mut files = vec![];
    for f in st.app.pr_files(&actor).await? {
        let (_, c) = st.app.pr_file(&actor, f.id, now).await?;
        let (done, of, progress_text) = progress_of(&t, &c);
        files.push(FileCard {
            id: f.id,
            number: f.number.unwrap_or_default(),
            program: program(&st, &ctx, &f.type_id),
            stage: Stage::parse(&f.stage).map(|s| crate::pages::apply::stage_label(s, &t)).unwrap_or(f.stage),
            done,
            of,
            progress_text,
        });
    }
    if files.is_empty() {
        return render(StatusCode::FORBIDDEN, &Closed { l: Layout::new(&ctx, &st, "pr-title") });
    }
    let notice = if q.added.is_empty() { String::new() } else { t.get("pr-file-added") };
    render(StatusCode::OK, &PrHome { l: Layout::new(&ctx, &st, "pr-title"), notice, files })
}

/// One line of the task list.
pub struct TaskRow {
    pub key: &'static str,
    pub label: String,
    pub href: String,
    pub state: String,
    pub state_class: &'static str,
    pub note: String,
}

pub struct LetterRow {
    pub href: String,
    pub title: String,
    pub date: String,
}

#[derive(Template)]
#[template(path = "pr_file.html")]
struct FilePage {
    l: Layout,
    errors: Errors,
    notice: String,
    id: Uuid,
    number: String,
    program: String,
    done: u8,
    of: u8,
    progress_text: String,
    tasks: Vec<TaskRow>,
    letters: Vec<LetterRow>,
    documents: Vec<String>,
    requests: Vec<String>,
}

fn task_state(t: &Tr, s: TaskState) -> (String, &'static str) {
    match s {
        TaskState::Todo => (t.get("pr-task-todo"), "todo"),
        TaskState::Submitted => (t.get("pr-task-submitted"), "waiting"),
        TaskState::Accepted => (t.get("pr-task-accepted"), "done"),
        TaskState::Returned => (t.get("pr-task-returned"), "returned"),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FileQuery {
    m: String,
}

pub async fn file_get(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    Query(q): Query<FileQuery>,
) -> AppResult<Response> {
    let (file, c) = st.app.read_pr_file(&ctx.actor()?, id, st.now()).await?;
    let t = Tr::new(ctx.lang);
    let (done, of, progress_text) = progress_of(&t, &c);
    let tasks = task_rows(&t, id, &c);
    let letters = st
        .app
        .letters(&file)
        .await?
        .into_iter()
        .map(|l| LetterRow {
            href: format!("/pr/files/{id}/letters/{}", l.id),
            title: title(&l.kind, ctx.lang),
            date: l.created_at.format("%Y-%m-%d").to_string(),
        })
        .collect();
    let documents = st.app.documents(&file).await?.into_iter().map(|d| d.file_name).collect();
    let requests = st
        .app
        .requests(&file)
        .await?
        .into_iter()
        .filter(|r| r.status == "open")
        .map(|r| t.with("pr-request-open", &[("deadline", r.deadline.format("%Y-%m-%d").to_string())]))
        .collect();
    let page = FilePage {
        l: Layout::new(&ctx, &st, "pr-file-title"),
        errors: Errors::default(),
        notice: if q.m == "sent" { t.get("pr-msg-sent") } else { String::new() },
        id,
        number: file.app.number.clone().unwrap_or_default(),
        program: program(&st, &ctx, &file.app.type_id),
        done,
        of,
        progress_text,
        tasks,
        letters,
        documents,
        requests,
    };
    render(StatusCode::OK, &page)
}

/// The five lines of the task list: the three tasks the person does, then the eCOPR and the card.
fn task_rows(t: &Tr, id: Uuid, c: &PrConfirmation) -> Vec<TaskRow> {
    let mut tasks = vec![];
    for (key, label, state, note) in [
        ("presence", "pr-task-presence", c.presence_state, &c.presence_note),
        ("address", "pr-task-address", c.address_state, &c.address_note),
        ("photo", "pr-task-photo", c.photo_state, &c.photo_note),
    ] {
        let (state_text, class) = task_state(t, state);
        tasks.push(TaskRow {
            key,
            label: t.get(label),
            href: format!("/pr/files/{id}/{key}"),
            state: state_text,
            state_class: class,
            note: if state == TaskState::Returned { note.clone() } else { String::new() },
        });
    }
    let (ecopr_state, ecopr_class) = match c.ecopr_letter {
        Some(_) => (t.get("pr-ecopr-ready"), "done"),
        None if portail_domain::pr::ecopr_ready(c.tasks()) => (t.get("pr-ecopr-preparing"), "waiting"),
        None => (t.get("pr-cannot-start"), "blocked"),
    };
    tasks.push(TaskRow {
        key: "ecopr",
        label: t.get("pr-task-ecopr"),
        href: if c.ecopr_letter.is_some() { format!("/pr/files/{id}/ecopr.pdf") } else { String::new() },
        state: ecopr_state,
        state_class: ecopr_class,
        note: String::new(),
    });
    let (card_state, card_class) = match c.card_status {
        CardStatus::NotStarted => (t.get("pr-cannot-start"), "blocked"),
        CardStatus::InProduction => (t.get("pr-card-in-production"), "waiting"),
        CardStatus::Mailed => (t.get("pr-card-mailed"), "done"),
    };
    tasks.push(TaskRow {
        key: "card",
        label: t.get("pr-task-card"),
        href: String::new(),
        state: card_state,
        state_class: card_class,
        note: String::new(),
    });
    tasks
}

/// A letter of the file (the eCOPR among them), as a PDF in the person's language.
pub async fn letter_get(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((id, letter)): Path<(Uuid, Uuid)>,
) -> AppResult<Response> {
    pdf_response(st.app.file_letter(&ctx.actor()?, id, letter, FileAction::PrRead, st.now()).await?)
}

/// The eCOPR, once issued.
pub async fn ecopr_get(State(st): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> AppResult<Response> {
    let actor = ctx.actor()?;
    let (_, c) = st.app.pr_file(&actor, id, st.now()).await?;
    let letter = c.ecopr_letter.ok_or(AppError::NotFound)?;
    let mut res = pdf_response(st.app.file_letter(&actor, id, letter, FileAction::PrRead, st.now()).await?)?;
    res.headers_mut().insert(
        axum::http::header::CONTENT_DISPOSITION,
        axum::http::HeaderValue::from_static("attachment; filename=\"eCOPR.pdf\""),
    );
    Ok(res)
}
