//! Family members of a draft: add one (name, relationship, date of birth), remove one.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use portail_app::drafts::MemberInput;
use portail_domain::application::Relationship;
use serde::Deserialize;
use uuid::Uuid;

use crate::context::Ctx;
use crate::dates::{DateBoxes, DateParts};
use crate::error::{AppError, AppResult};
use crate::forms::CsrfForm;
use crate::layout::{Errors, Layout, render};
use crate::pages::see_other;
use crate::pages::sign_in::Empty;
use crate::state::AppState;
use portail_i18n::Tr;

pub struct RelOption {
    pub value: &'static str,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "member.html")]
struct MemberPage {
    l: Layout,
    errors: Errors,
    notice: String,
    id: Uuid,
    given_name: String,
    family_name: String,
    date_of_birth: DateParts,
    relationships: Vec<RelOption>,
}

/// What the family member form sends: the date of birth in three boxes.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MemberForm {
    given_name: String,
    family_name: String,
    relationship: String,
    date_of_birth: String,
    #[serde(flatten)]
    boxes: DateBoxes,
}

impl MemberForm {
    fn input(&self) -> MemberInput {
        MemberInput {
            given_name: self.given_name.clone(),
            family_name: self.family_name.clone(),
            relationship: self.relationship.clone(),
            date_of_birth: self.boxes.date("date_of_birth", &self.date_of_birth),
        }
    }
}

fn form_page(
    st: &AppState,
    ctx: &Ctx,
    id: Uuid,
    f: &MemberForm,
    errors: Errors,
    status: StatusCode,
) -> AppResult<Response> {
    let t = Tr::new(ctx.lang);
    let relationships = Relationship::ALL
        .into_iter()
        .map(|r| RelOption {
            value: r.as_str(),
            label: t.get(&format!("relationship-{}", r.as_str().replace('_', "-"))),
            selected: r.as_str() == f.relationship,
        })
        .collect();
    let page = MemberPage {
        l: Layout::new(ctx, st, "member-title"),
        errors,
        notice: String::new(),
        id,
        given_name: f.given_name.chars().take(100).collect(),
        family_name: f.family_name.chars().take(100).collect(),
        date_of_birth: f.boxes.shown("date_of_birth", &f.date_of_birth),
        relationships,
    };
    render(status, &page)
}

pub async fn member_get(State(st): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> AppResult<Response> {
    let d = st.app.draft(&ctx.actor()?, id).await?;
    if !d.ty.family {
        return Err(AppError::NotFound);
    }
    form_page(&st, &ctx, id, &MemberForm::default(), Errors::default(), StatusCode::OK)
}

pub async fn member_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(f): CsrfForm<MemberForm>,
) -> AppResult<Response> {
    let t = Tr::new(ctx.lang);
    match st.app.add_member(&ctx.actor()?, id, &f.input(), st.now()).await {
        Ok(_) => Ok(see_other(&format!("/applications/{id}#family"), &[])),
        Err(portail_app::Error::Invalid(fields)) => {
            form_page(&st, &ctx, id, &f, Errors::of(&t, &fields), StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(portail_app::Error::Conflict(code)) => {
            form_page(&st, &ctx, id, &f, Errors::one(&t, "given_name", code), StatusCode::CONFLICT)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn member_remove_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((id, member)): Path<(Uuid, Uuid)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    st.app.remove_member(&ctx.actor()?, id, member, st.now()).await?;
    Ok(see_other(&format!("/applications/{id}#family"), &[]))
}
