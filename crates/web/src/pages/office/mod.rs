//! The back office (`/office`): queues, files, and what officers do to them. Only staff reach it
//! (the guard in `router.rs`); every read of a file or document and every change is audited.

pub mod actions;
pub mod file;
pub mod pr;
pub mod queue;
pub mod requests;
pub mod staff;
pub mod waves;

use portail_store::audit::AuditEntry;
use uuid::Uuid;

use crate::context::Ctx;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The staff member acting, as the audit log names them.
pub fn actor(ctx: &Ctx) -> AppResult<String> {
    let who = ctx.full()?;
    Ok(format!("{}:{}", who.account.role.as_str(), who.account.username))
}

/// Audits a read by staff.
pub async fn audit_read(st: &AppState, ctx: &Ctx, action: &str, target: Uuid, detail: &str) -> AppResult<()> {
    let actor = actor(ctx)?;
    let target = target.to_string();
    st.store.audit(&AuditEntry { actor: &actor, action, target: &target, detail }, st.clock.now()).await?;
    Ok(())
}

/// The applicant's name as given in the questionnaire.
pub fn principal_name(answers: &portail_domain::application::Answers) -> String {
    let given = answers.get("personal.given_names").map(String::as_str).unwrap_or("");
    let family = answers.get("personal.family_name").map(String::as_str).unwrap_or("");
    format!("{given} {family}").trim().to_owned()
}

pub fn not_found() -> AppError {
    AppError::NotFound
}
