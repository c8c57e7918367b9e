//! The PR portal (Portal 2): its own layout and styles, a task list per file with progress, live
//! updates, and PR confirmation. Every page here is reached with a portail session; a file shows
//! only to an account that redeemed one of its invite codes (`pr_access`), checked in [`pr_file`].

pub mod file;
pub mod live;
pub mod redeem;
pub mod start;
pub mod tasks;

use portail_store::invites::PrFile;
use uuid::Uuid;

use crate::context::Ctx;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The file, when the signed-in person may see it in the PR portal; 404 otherwise (the same
/// answer as for a file that does not exist).
pub async fn pr_file(st: &AppState, ctx: &Ctx, id: Uuid) -> AppResult<PrFile> {
    let who = ctx.full()?;
    st.store.pr_file_of(who.account.id, id).await?.ok_or(AppError::NotFound)
}

/// The principal applicant's name and date of birth as the file gives them.
pub fn personal_details(file: &PrFile) -> (String, String) {
    let answers: portail_domain::application::Answers = serde_json::from_str(&file.answers).unwrap_or_default();
    let name = crate::pages::office::principal_name(&answers);
    let born = answers.get("personal.date_of_birth").cloned().unwrap_or_default();
    (name, born)
}
