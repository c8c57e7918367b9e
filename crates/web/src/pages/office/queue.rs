//! The work queue: submitted files filtered by program, stage and age, searched by number or
//! name, with who has taken each.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use portail_app::model::{QueueFilter, QueueRow};
use portail_domain::application::Stage;
use portail_domain::application::status::{Step, StepState};
use serde::Deserialize;

use super::principal_name;
use crate::context::Ctx;
use crate::error::AppResult;
use crate::layout::{Layout, render};
use crate::pages::apply::stage_label;
use crate::state::AppState;
use portail_i18n::Tr;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct QueueQuery {
    #[serde(rename = "type")]
    type_id: String,
    stage: String,
    q: String,
    mine: String,
    older_than_days: String,
    step: String,
    state: String,
}

pub struct Row {
    pub id: String,
    pub number: String,
    pub name: String,
    pub program: String,
    pub stage: String,
    pub submitted: String,
    pub taken: bool,
    pub overdue: bool,
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "office_queue.html")]
struct QueuePage {
    l: Layout,
    rows: Vec<Row>,
    types: Vec<Choice>,
    stages: Vec<Choice>,
    q: String,
    mine: bool,
    older_than_days: String,
    count: String,
    admin: bool,
    steps: Vec<Choice>,
    states: Vec<Choice>,
}

pub async fn queue_get(State(st): State<AppState>, ctx: Ctx, Query(q): Query<QueueQuery>) -> AppResult<Response> {
    let who = ctx.full()?;
    let t = Tr::new(ctx.lang);
    let now = st.now();
    let days: Option<i64> = q.older_than_days.trim().parse().ok().filter(|d| (0..=3650).contains(d));
    let search = q.q.trim().to_lowercase();
    let filter = QueueFilter {
        step: Step::parse(&q.step).zip(StepState::parse(&q.state)),
        type_id: st.app.catalog.get(&q.type_id).map(|ty| ty.id.clone()),
        stage: Stage::parse(&q.stage).filter(|s| *s != Stage::Draft),
        search: (!search.is_empty())
            .then(|| search.chars().filter(|c| !matches!(c, '%' | '_' | '\\')).take(100).collect()),
        assigned_to: (q.mine == "yes").then_some(who.account.id),
        submitted_before: days.map(|d| now - chrono::Duration::days(d)),
        after: None,
    };
    let rows: Vec<Row> =
        st.app.queue(&ctx.actor()?, &filter, 200, now).await?.into_iter().map(|r| row(&st, r, &t)).collect();
    let page = QueuePage {
        steps: choices(Step::ALL, Step::parse(&q.step), |s| s.as_str(), |s| format!("step-{s}"), &t),
        states: choices(StepState::ALL, StepState::parse(&q.state), |s| s.as_str(), |s| format!("step-state-{s}"), &t),
        admin: who.account.role == portail_domain::account::Role::Administrator,
        l: Layout::new(&ctx, &st, "office-title"),
        count: t.count("office-files-count", "n", i64::try_from(rows.len()).unwrap_or(i64::MAX)),
        rows,
        types: type_choices(&st, filter.type_id.as_deref(), &t),
        stages: Stage::ALL
            .into_iter()
            .filter(|s| *s != Stage::Draft)
            .map(|s| Choice {
                value: s.as_str().to_owned(),
                label: stage_label(s, &t),
                selected: Some(s) == filter.stage,
            })
            .collect(),
        q: q.q.chars().take(100).collect(),
        mine: q.mine == "yes",
        older_than_days: days.map(|d| d.to_string()).unwrap_or_default(),
    };
    render(StatusCode::OK, &page)
}

fn row(st: &AppState, r: QueueRow, t: &Tr) -> Row {
    let answers: portail_domain::application::Answers = serde_json::from_str(&r.answers).unwrap_or_default();
    Row {
        id: r.id.to_string(),
        number: r.number.unwrap_or_default(),
        name: principal_name(&answers),
        program: st.app.catalog.get(&r.type_id).map(|ty| ty.name.get(t.lang).to_owned()).unwrap_or(r.type_id),
        stage: Stage::parse(&r.stage).map(|s| stage_label(s, t)).unwrap_or(r.stage),
        submitted: r.submitted_at.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
        taken: r.assigned_to.is_some(),
        overdue: r.overdue > 0,
    }
}

fn type_choices(st: &AppState, selected: Option<&str>, t: &Tr) -> Vec<Choice> {
    let types = st.app.catalog.types.iter();
    types
        .map(|ty| Choice {
            value: ty.id.clone(),
            label: ty.name.get(t.lang).to_owned(),
            selected: Some(ty.id.as_str()) == selected,
        })
        .collect()
}

/// The options of a select: each value, its label (a Fluent key made from the value, `_` as `-`).
fn choices<T: Copy + PartialEq, const N: usize>(
    all: [T; N],
    selected: Option<T>,
    value: impl Fn(T) -> &'static str,
    key: impl Fn(&str) -> String,
    t: &Tr,
) -> Vec<Choice> {
    all.into_iter()
        .map(|s| Choice {
            value: value(s).to_owned(),
            label: t.get(&key(&value(s).replace('_', "-"))),
            selected: Some(s) == selected,
        })
        .collect()
}
