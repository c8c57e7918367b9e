//! Family members of a draft: add one (name, relationship, date of birth), remove one.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use portail_domain::application::{Relationship, parse_member};
use serde::Deserialize;
use uuid::Uuid;

use super::{own_draft, today};
use crate::context::Ctx;
use crate::error::{AppError, AppResult};
use crate::forms::CsrfForm;
use crate::i18n::Tr;
use crate::layout::{Errors, Layout, render};
use crate::pages::see_other;
use crate::pages::sign_in::Empty;
use crate::state::AppState;

/// A family can be large, but not unbounded.
const MAX_MEMBERS: usize = 12;

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
    date_of_birth: String,
    relationships: Vec<RelOption>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MemberForm {
    given_name: String,
    family_name: String,
    relationship: String,
    date_of_birth: String,
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
        date_of_birth: f.date_of_birth.chars().take(10).collect(),
        relationships,
    };
    render(status, &page)
}

pub async fn member_get(State(st): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> AppResult<Response> {
    let (_, ty) = own_draft(&st, &ctx, id).await?;
    if !ty.family {
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
    let (app, ty) = own_draft(&st, &ctx, id).await?;
    if !ty.family {
        return Err(AppError::NotFound);
    }
    let t = Tr::new(ctx.lang);
    let mut errors = Errors::default();
    if app.members.len() >= MAX_MEMBERS {
        errors.add(&t, "given_name", "members-too-many");
        return form_page(&st, &ctx, id, &f, errors, StatusCode::UNPROCESSABLE_ENTITY);
    }
    match parse_member(&f.given_name, &f.family_name, &f.relationship, &f.date_of_birth, today(&st)) {
        Ok(member) => {
            let who = ctx.full()?;
            let mut members = app.members.clone();
            members.push(member);
            if !st
                .store
                .save_draft(
                    who.account.id,
                    id,
                    &portail_store::applications::DraftContent {
                        answers: &app.answers,
                        members: &members,
                        version: app.version,
                    },
                    &format!("applicant:{}", who.account.username),
                    st.clock.now(),
                )
                .await?
            {
                errors.add(&t, "given_name", "draft-changed");
                return form_page(&st, &ctx, id, &f, errors, StatusCode::CONFLICT);
            }
            Ok(see_other(&format!("/applications/{id}#family"), &[]))
        }
        Err(list) => {
            for (field, code) in list {
                errors.add(&t, field, code);
            }
            form_page(&st, &ctx, id, &f, errors, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

pub async fn member_remove_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((id, member)): Path<(Uuid, Uuid)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    let (app, _) = own_draft(&st, &ctx, id).await?;
    let who = ctx.full()?;
    let members: Vec<_> = app.members.iter().filter(|m| m.id != member).cloned().collect();
    if members.len() == app.members.len() {
        return Err(AppError::NotFound);
    }
    st.store
        .save_draft(
            who.account.id,
            id,
            &portail_store::applications::DraftContent {
                answers: &app.answers,
                members: &members,
                version: app.version,
            },
            &format!("applicant:{}", who.account.username),
            st.clock.now(),
        )
        .await?;
    Ok(see_other(&format!("/applications/{id}#family"), &[]))
}
