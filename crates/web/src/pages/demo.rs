//! Demo only: read the mail that portail would have sent, from `data/mail/`, decoded as a mail
//! client shows it. This route does not exist unless the server runs in demo mode.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use crate::context::Ctx;
use crate::error::{AppError, AppResult};
use crate::layout::{Layout, render};
use crate::state::AppState;

pub struct MailFile {
    name: String,
    mail: super::demo_mail::Decoded,
}

#[derive(Template)]
#[template(path = "demo_mail.html")]
struct DemoMailPage {
    l: Layout,
    mails: Vec<MailFile>,
}

pub async fn demo_mail_get(State(st): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let (true, Some(dir)) = (st.config.demo, st.config.mail_dir.clone()) else {
        return Err(AppError::NotFound);
    };
    let mut names = Vec::new();
    if let Ok(mut entries) = tokio::fs::read_dir(&dir).await {
        while let Ok(Some(e)) = entries.next_entry().await {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".eml") {
                names.push(name);
            }
        }
    }
    names.sort_unstable_by(|a, b| b.cmp(a));
    let mut mails = Vec::new();
    for name in names.into_iter().take(50) {
        let text = tokio::fs::read_to_string(std::path::Path::new(&dir).join(&name)).await.unwrap_or_default();
        mails.push(MailFile { name, mail: super::demo_mail::decode(&text) });
    }
    render(StatusCode::OK, &DemoMailPage { l: Layout::new(&ctx, &st, "demo-mail-title"), mails })
}
