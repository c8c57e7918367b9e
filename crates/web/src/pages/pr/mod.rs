//! The PR portal (Portal 2): its own layout and styles, a task list per file with progress, live
//! updates, and PR confirmation. Every page here is reached with a portail session; a file shows
//! only to an account that redeemed one of its invite codes (the policy's `PrRead`).

pub mod file;
pub mod live;
pub mod redeem;
pub mod start;
pub mod tasks;

use portail_app::model::FileRef;

/// The principal applicant's name and date of birth as the file gives them.
pub fn personal_details(file: &FileRef) -> (String, String) {
    let answers = &file.app.answers;
    let name = crate::pages::office::principal_name(answers);
    let born = answers.get("personal.date_of_birth").cloned().unwrap_or_default();
    (name, born)
}
