//! Live updates of a PR-portal file: a server-sent event stream that says "changed" whenever
//! something the file page shows changes (an officer's review, a letter, a message). The page's
//! script then reloads its content; without scripts, a reload shows the same.

use axum::extract::{Path, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::Stream;
use std::convert::Infallible;
use std::time::Duration;
use uuid::Uuid;

use crate::context::Ctx;
use crate::error::AppResult;
use crate::state::AppState;

/// How often the stream looks for changes, and how long one stream lasts (the browser
/// reconnects by itself, which also re-checks the session).
const POLL: Duration = Duration::from_secs(2);
const ROUNDS: u32 = 150;

pub async fn events_get(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
) -> AppResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let (file, _) = st.app.pr_file(&ctx.actor()?, id, st.now()).await?;
    let first = st.app.pr_file_version(&file).await?;
    let stream = futures_util::stream::unfold((st, file, first, 0u32), move |(st, file, last, round)| async move {
        if round >= ROUNDS {
            return None;
        }
        tokio::time::sleep(POLL).await;
        let now = st.app.pr_file_version(&file).await.unwrap_or(last);
        let event = if now == last {
            Event::default().comment("unchanged")
        } else {
            Event::default().event("changed").data(now.to_string())
        };
        Some((Ok(event), (st, file, now, round + 1)))
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}
