//! The representative's side (`/representative`): becoming one (the profile form, then its
//! status), asking a client for consent, stepping down from a file, and the clients dashboard
//! and agenda across both portals.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use portail_app::consents::{ConsentRequestInput, Terms};
use portail_app::model::{ClientFile, ClientFilter, ClientSort, Consent, Deadline, Delegate, Representative};
use portail_app::representatives::RepresentativeInput;
use portail_domain::application::Stage;
use portail_domain::policy::Portal;
use portail_domain::representation::ConsentStatus;
use portail_i18n::Tr;
use serde::Deserialize;
use uuid::Uuid;

use crate::context::Ctx;
use crate::error::AppResult;
use crate::forms::CsrfForm;
use crate::layout::{Errors, Layout, render};
use crate::pages::apply::stage_label;
use crate::pages::see_other;
use crate::state::AppState;

/// A consent as the representative's page lists it.
pub struct ConsentRow {
    pub id: Uuid,
    pub client: String,
    pub file: String,
    pub terms: String,
    pub since: String,
    pub active: bool,
    pub status: String,
}

#[derive(Template)]
#[template(path = "representative.html")]
struct ProfilePage {
    l: Layout,
    errors: Errors,
    notice: String,
    profile: Option<Representative>,
    status: String,
    kind: String,
    consents: Vec<ConsentRow>,
    form: RepForm,
    assistants: Vec<Delegate>,
    principal: Option<Representative>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct RepForm {
    kind: String,
    full_name: String,
    membership: String,
    business_name: String,
    business_address: String,
    declared: String,
}

pub fn terms_label(c: &Consent, t: &Tr) -> String {
    let scope = t.get(if c.can_act { "consent-scope-act" } else { "consent-scope-read" });
    let mail = t.get(&format!("consent-correspondence-{}", c.correspondence.as_str()));
    format!("{scope} — {mail}")
}

pub fn file_label(c: &Consent, t: &Tr) -> String {
    match (&c.application_id, &c.application_number) {
        (None, _) => t.get("consent-all-files"),
        (Some(_), Some(n)) => n.clone(),
        (Some(_), None) => t.get("consent-a-draft"),
    }
}

fn consent_row(c: &Consent, t: &Tr) -> ConsentRow {
    ConsentRow {
        id: c.id,
        client: if c.signed_name.is_empty() { c.client_email.clone() } else { c.signed_name.clone() },
        file: file_label(c, t),
        terms: terms_label(c, t),
        since: c.decided_at.unwrap_or(c.created_at).format("%Y-%m-%d").to_string(),
        active: c.status == ConsentStatus::Active,
        status: t.get(&format!("consent-status-{}", c.status.as_str())),
    }
}

/// The `?m=` notice of a page: a known code, or nothing.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NoticeQuery {
    pub m: String,
}

impl NoticeQuery {
    /// The message of `prefix-<m>` when `m` is one of `known`.
    pub fn text(&self, t: &Tr, prefix: &str, known: &[&str]) -> String {
        known.iter().find(|k| **k == self.m).map(|k| t.get(&format!("{prefix}-{k}"))).unwrap_or_default()
    }
}

async fn profile_page(
    st: &AppState,
    ctx: &Ctx,
    errors: Errors,
    form: RepForm,
    notice: String,
    code: StatusCode,
) -> AppResult<Response> {
    let actor = ctx.actor()?;
    let t = Tr::new(ctx.lang);
    let profile = st.app.representative_profile(&actor).await?;
    let consents = match &profile {
        Some(_) => st.app.consents(&actor, false).await?.iter().map(|c| consent_row(c, &t)).collect(),
        None => vec![],
    };
    let status = profile.as_ref().map(|p| t.get(&format!("rep-status-{}", p.status.as_str()))).unwrap_or_default();
    let kind = profile.as_ref().map(|p| t.get(&format!("rep-kind-{}", p.kind.as_str()))).unwrap_or_default();
    let assistants = match &profile {
        Some(p) if p.status.may_act() => st.app.delegates(&actor).await?,
        _ => vec![],
    };
    let principal = if profile.is_none() { st.app.principal(&actor).await? } else { None };
    let l = Layout::new(ctx, st, "rep-title");
    let page = ProfilePage { l, errors, notice, profile, status, kind, consents, form, assistants, principal };
    render(code, &page)
}

pub async fn profile_get(State(st): State<AppState>, ctx: Ctx, Query(q): Query<NoticeQuery>) -> AppResult<Response> {
    let known = ["requested", "asked", "withdrawn", "assistant-added", "assistant-removed", "proof"];
    let notice = q.text(&Tr::new(ctx.lang), "rep-notice", &known);
    profile_page(&st, &ctx, Errors::default(), RepForm::default(), notice, StatusCode::OK).await
}

pub async fn profile_post(State(st): State<AppState>, ctx: Ctx, CsrfForm(f): CsrfForm<RepForm>) -> AppResult<Response> {
    let input = RepresentativeInput {
        kind: f.kind.clone(),
        full_name: f.full_name.clone(),
        membership: f.membership.clone(),
        business_name: f.business_name.clone(),
        business_address: f.business_address.clone(),
        declared: f.declared == "yes",
    };
    match st.app.become_representative(&ctx.actor()?, &input, st.now()).await {
        Ok(_) => Ok(see_other("/representative?m=requested", &[])),
        Err(portail_app::Error::Invalid(fields)) => {
            let errors = Errors::of(&Tr::new(ctx.lang), &fields);
            profile_page(&st, &ctx, errors, f, String::new(), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AskForm {
    client_email: String,
    application_number: String,
    scope: String,
    correspondence: String,
}

pub async fn ask_post(State(st): State<AppState>, ctx: Ctx, CsrfForm(f): CsrfForm<AskForm>) -> AppResult<Response> {
    let input = ConsentRequestInput {
        client_email: f.client_email,
        application_number: f.application_number,
        terms: Terms { scope: f.scope, correspondence: f.correspondence },
    };
    match st.app.request_consent(&ctx.actor()?, &input, st.now()).await {
        Ok(()) => Ok(see_other("/representative?m=asked", &[])),
        Err(portail_app::Error::Invalid(fields)) => {
            let errors = Errors::of(&Tr::new(ctx.lang), &fields);
            profile_page(&st, &ctx, errors, RepForm::default(), String::new(), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct WithdrawForm {
    reason: String,
}

pub async fn withdraw_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(f): CsrfForm<WithdrawForm>,
) -> AppResult<Response> {
    match st.app.withdraw_from_consent(&ctx.actor()?, id, &f.reason, st.now()).await {
        Ok(()) => Ok(see_other("/representative?m=withdrawn", &[])),
        Err(portail_app::Error::Invalid(fields)) => {
            let errors = Errors::of(&Tr::new(ctx.lang), &fields);
            profile_page(&st, &ctx, errors, RepForm::default(), String::new(), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

/// One client file on the dashboard, ready to show.
pub struct FileRow {
    pub href: String,
    pub client: String,
    pub number: String,
    pub program: String,
    pub stage: String,
    pub portal: String,
    pub waiting_on: String,
    pub deadline: String,
    pub unread: i64,
    pub read_only: bool,
}

#[derive(Template)]
#[template(path = "rep_clients.html")]
struct ClientsPage {
    l: Layout,
    files: Vec<FileRow>,
    next: String,
    q: ClientsQuery,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ClientsQuery {
    pub portal: String,
    pub stage: String,
    pub q: String,
    pub sort: String,
    pub after: String,
}

impl ClientsQuery {
    fn filter(&self) -> ClientFilter {
        let q = self.q.trim().to_lowercase();
        ClientFilter {
            portal: Portal::parse(&self.portal),
            stage: Stage::parse(&self.stage),
            search: (!q.is_empty()).then(|| q.chars().take(100).collect()),
            sort: if self.sort == "client" { ClientSort::Client } else { ClientSort::Deadline },
            after: Uuid::parse_str(&self.after).ok(),
        }
    }

    /// The query string of the next page.
    fn next(&self, after: Uuid) -> String {
        let enc = |s: &str| urlencoding::encode(s).into_owned();
        format!(
            "?portal={}&stage={}&q={}&sort={}&after={after}",
            enc(&self.portal),
            enc(&self.stage),
            enc(&self.q),
            enc(&self.sort)
        )
    }
}

fn file_row(st: &AppState, f: ClientFile, t: &Tr) -> FileRow {
    let stage = Stage::parse(&f.stage);
    let in_pr = f.portal == "pr";
    let waiting = match stage {
        Some(Stage::Draft) => "rep-waiting-client",
        _ if f.open_requests > 0 => "rep-waiting-documents",
        Some(Stage::Approved | Stage::Refused | Stage::Withdrawn) => "rep-waiting-none",
        _ => "rep-waiting-agency",
    };
    FileRow {
        href: if in_pr { format!("/pr/files/{}", f.id) } else { format!("/applications/{}", f.id) },
        number: f.number.unwrap_or_else(|| t.get("consent-a-draft")),
        program: st.app.catalog.get(&f.type_id).map(|ty| ty.name.get(t.lang).to_owned()).unwrap_or(f.type_id),
        stage: stage.map(|s| stage_label(s, t)).unwrap_or(f.stage),
        portal: t.get(if in_pr { "rep-portal-pr" } else { "rep-portal-secure" }),
        waiting_on: t.get(waiting),
        deadline: f.next_deadline.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
        unread: f.unread,
        read_only: f.rep_act == 0,
        client: f.client_name,
    }
}

pub async fn clients_get(State(st): State<AppState>, ctx: Ctx, Query(q): Query<ClientsQuery>) -> AppResult<Response> {
    let t = Tr::new(ctx.lang);
    let page = st.app.client_files(&ctx.actor()?, &q.filter(), portail_app::clients::PAGE).await?;
    let next = page.next.map(|n| q.next(n)).unwrap_or_default();
    let files = page.items.into_iter().map(|f| file_row(&st, f, &t)).collect();
    let l = Layout::new(&ctx, &st, "rep-clients-title");
    render(StatusCode::OK, &ClientsPage { l, files, next, q })
}

/// One deadline on the agenda.
pub struct AgendaRow {
    pub date: String,
    pub client: String,
    pub number: String,
    pub program: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "rep_agenda.html")]
struct AgendaPage {
    l: Layout,
    rows: Vec<AgendaRow>,
    next: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AgendaQuery {
    after: String,
}

fn agenda_row(st: &AppState, d: Deadline, t: &Tr) -> AgendaRow {
    AgendaRow {
        date: d.deadline.format("%Y-%m-%d").to_string(),
        href: format!("/applications/{}/requests/{}", d.application_id, d.request_id),
        number: d.number.unwrap_or_default(),
        program: st.app.catalog.get(&d.type_id).map(|ty| ty.name.get(t.lang).to_owned()).unwrap_or(d.type_id),
        client: d.client_name,
    }
}

pub async fn agenda_get(State(st): State<AppState>, ctx: Ctx, Query(q): Query<AgendaQuery>) -> AppResult<Response> {
    let t = Tr::new(ctx.lang);
    let page = st.app.client_deadlines(&ctx.actor()?, Uuid::parse_str(&q.after).ok(), 200).await?;
    let next = page.next.map(|n| format!("?after={n}")).unwrap_or_default();
    let rows = page.items.into_iter().map(|d| agenda_row(&st, d, &t)).collect();
    let l = Layout::new(&ctx, &st, "rep-agenda-title");
    render(StatusCode::OK, &AgendaPage { l, rows, next })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AssistantForm {
    assistant: String,
}

pub async fn assistant_post(
    State(st): State<AppState>,
    ctx: Ctx,
    CsrfForm(f): CsrfForm<AssistantForm>,
) -> AppResult<Response> {
    match st.app.add_delegate(&ctx.actor()?, &f.assistant, st.now()).await {
        Ok(()) => Ok(see_other("/representative?m=assistant-added", &[])),
        Err(portail_app::Error::Invalid(fields)) => {
            let errors = Errors::of(&Tr::new(ctx.lang), &fields);
            profile_page(&st, &ctx, errors, RepForm::default(), String::new(), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn assistant_remove_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm<crate::pages::sign_in::Empty>,
) -> AppResult<Response> {
    st.app.remove_delegate(&ctx.actor()?, id, st.now()).await?;
    Ok(see_other("/representative?m=assistant-removed", &[]))
}

/// The proof of membership: a multipart upload (CSRF token first, then `file`).
pub async fn proof_post(
    State(st): State<AppState>,
    ctx: Ctx,
    mut form: axum::extract::Multipart,
) -> AppResult<Response> {
    use crate::pages::apply::documents::{Refusal, receive_file, refusal_errors, upload_refusal};
    let actor = ctx.actor()?;
    let refusal = match receive_file(&st, &ctx, &mut form).await? {
        Ok(received) => match st.app.give_representative_proof(&actor, received, st.now()).await {
            Ok(()) => return Ok(see_other("/representative?m=proof", &[])),
            Err(e) => upload_refusal(e)?,
        },
        Err(refusal) => refusal,
    };
    let Refusal(code, status) = refusal;
    let errors = refusal_errors(&st, &Tr::new(ctx.lang), "file", code);
    profile_page(&st, &ctx, errors, RepForm::default(), String::new(), status).await
}
