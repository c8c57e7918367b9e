//! Administrators move files to the PR portal: migration rules (program, stage, file-creation
//! dates), a preview of what a rule matches, waves run in the background with their progress and
//! report.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use portail_app::model::Wave;
use portail_app::office_reads::WaveReport;
use portail_domain::account::Role;
use portail_domain::application::Stage;
use portail_domain::application::status::{Step, StepState};
use portail_domain::invite::MigrationRule;
use serde::Deserialize;
use uuid::Uuid;

use crate::context::Ctx;
use crate::error::{AppError, AppResult};
use crate::forms::CsrfForm;
use crate::layout::{Errors, Layout, render};
use crate::pages::see_other;
use crate::state::AppState;
use portail_i18n::Tr;

fn admin_only(ctx: &Ctx) -> AppResult<()> {
    match ctx.full()?.account.role {
        Role::Administrator => Ok(()),
        _ => Err(AppError::NotFound),
    }
}

pub struct Choice {
    pub value: String,
    pub label: String,
}

pub struct RuleRow {
    pub id: Uuid,
    pub name: String,
    pub summary: String,
}

pub struct WaveRow {
    pub id: Uuid,
    pub started: String,
    pub done: bool,
    pub counts: String,
}

#[derive(Template)]
#[template(path = "office_waves.html")]
struct WavesPage {
    l: Layout,
    errors: Errors,
    notice: String,
    rules: Vec<RuleRow>,
    waves: Vec<WaveRow>,
    programs: Vec<Choice>,
    stages: Vec<Choice>,
    steps: Vec<Choice>,
    states: Vec<Choice>,
}

fn summary(st: &AppState, rule: &MigrationRule, t: &Tr) -> String {
    let any = t.get("rule-any");
    let program = rule
        .type_id
        .as_deref()
        .map(|id| st.app.catalog.get(id).map(|ty| ty.name.get(t.lang).to_owned()).unwrap_or_else(|| id.to_owned()))
        .unwrap_or_else(|| any.clone());
    let stage = rule.stage.map(|s| crate::pages::apply::stage_label(s, t)).unwrap_or_else(|| any.clone());
    let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "…".to_owned());
    let step = rule
        .step
        .map(|(s, st)| {
            format!(
                "{} — {}",
                t.get(&format!("step-{}", s.as_str().replace('_', "-"))),
                t.get(&format!("step-state-{}", st.as_str().replace('_', "-")))
            )
        })
        .unwrap_or(any);
    t.with(
        "rule-summary",
        &[
            ("program", program),
            ("stage", stage),
            ("step", step),
            ("from", day(rule.created_from)),
            ("to", day(rule.created_to)),
        ],
    )
}

fn counts(t: &Tr, w: &Wave) -> String {
    t.with(
        "wave-counts",
        &[
            ("issued", w.issued.to_string()),
            ("skipped", w.skipped.to_string()),
            ("failed", w.failed.to_string()),
            ("matched", w.matched.to_string()),
        ],
    )
}

async fn waves_page(st: &AppState, ctx: &Ctx, errors: Errors, status: StatusCode) -> AppResult<Response> {
    let t = Tr::new(ctx.lang);
    let actor = ctx.actor()?;
    let rules = st
        .app
        .rules(&actor)
        .await?
        .into_iter()
        .map(|r| RuleRow { id: r.id, summary: summary(st, &r.rule, &t), name: r.rule.name })
        .collect();
    let waves = st
        .app
        .waves(&actor, 20)
        .await?
        .into_iter()
        .map(|w| WaveRow {
            id: w.id,
            started: w.started_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            done: w.finished_at.is_some(),
            counts: counts(&t, &w),
        })
        .collect();
    let programs = st
        .app
        .catalog
        .types
        .iter()
        .map(|ty| Choice { value: ty.id.clone(), label: ty.name.get(ctx.lang).to_owned() })
        .collect();
    let stages = [Stage::Submitted, Stage::Received, Stage::InProgress]
        .into_iter()
        .map(|s| Choice { value: s.as_str().to_owned(), label: crate::pages::apply::stage_label(s, &t) })
        .collect();
    let steps = Step::ALL
        .into_iter()
        .map(|s| Choice {
            value: s.as_str().to_owned(),
            label: t.get(&format!("step-{}", s.as_str().replace('_', "-"))),
        })
        .collect();
    let states = StepState::ALL
        .into_iter()
        .map(|s| Choice {
            value: s.as_str().to_owned(),
            label: t.get(&format!("step-state-{}", s.as_str().replace('_', "-"))),
        })
        .collect();
    let page = WavesPage {
        l: Layout::new(ctx, st, "waves-title"),
        errors,
        notice: String::new(),
        rules,
        waves,
        programs,
        stages,
        steps,
        states,
    };
    render(status, &page)
}

pub async fn waves_get(State(st): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    admin_only(&ctx)?;
    waves_page(&st, &ctx, Errors::default(), StatusCode::OK).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RuleForm {
    name: String,
    type_id: String,
    stage: String,
    step: String,
    step_state: String,
    created_from: String,
    created_to: String,
}

pub async fn rule_post(State(st): State<AppState>, ctx: Ctx, CsrfForm(f): CsrfForm<RuleForm>) -> AppResult<Response> {
    admin_only(&ctx)?;
    let t = Tr::new(ctx.lang);
    let mut errors = Errors::default();
    let date = |s: &str, field: &str, errors: &mut Errors| -> Option<NaiveDate> {
        if s.trim().is_empty() {
            return None;
        }
        let d = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
        if d.is_none() {
            errors.add(&t, field, "rule-date-invalid");
        }
        d
    };
    let created_from = date(&f.created_from, "created_from", &mut errors);
    let created_to = date(&f.created_to, "created_to", &mut errors);
    let type_id = Some(f.type_id.trim().to_owned()).filter(|s| !s.is_empty());
    if type_id.as_deref().is_some_and(|id| st.app.catalog.get(id).is_none()) {
        errors.add(&t, "type_id", "rule-program-unknown");
    }
    let stage = match f.stage.trim() {
        "" => None,
        s => {
            let parsed = Stage::parse(s).filter(|s| *s != Stage::Draft);
            if parsed.is_none() {
                errors.add(&t, "stage", "rule-stage-unknown");
            }
            parsed
        }
    };
    let step = match (f.step.trim(), f.step_state.trim()) {
        ("", _) => None,
        (s, state) => {
            let parsed = Step::parse(s).zip(StepState::parse(state));
            if parsed.is_none() {
                errors.add(&t, "step", "rule-step-unknown");
            }
            parsed
        }
    };
    let rule = MigrationRule { name: f.name.trim().to_owned(), type_id, stage, step, created_from, created_to };
    // Every problem at once: the name, and the dates (checked apart from the name).
    let named = MigrationRule { name: "-".into(), ..rule.clone() };
    if let Err(e) = named.validate() {
        errors.add(&t, "created_to", e.code());
    }
    if let Err(e @ portail_domain::invite::RuleError::NameMissing) = rule.validate() {
        errors.add(&t, "name", e.code());
    }
    if errors.any() {
        return waves_page(&st, &ctx, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let id = st.app.create_rule(&ctx.actor()?, &rule, st.now()).await?;
    Ok(see_other(&format!("/office/pr/rules/{id}"), &[]))
}

pub struct SampleRow {
    pub number: String,
    pub program: String,
    pub stage: String,
    pub created: String,
}

#[derive(Template)]
#[template(path = "office_rule.html")]
struct RulePage {
    l: Layout,
    errors: Errors,
    notice: String,
    id: Uuid,
    name: String,
    summary: String,
    matched: i64,
    matched_text: String,
    sample: Vec<SampleRow>,
}

async fn rule_page(st: &AppState, ctx: &Ctx, id: Uuid, errors: Errors, status: StatusCode) -> AppResult<Response> {
    let t = Tr::new(ctx.lang);
    let actor = ctx.actor()?;
    let rule = st.app.rule(&actor, id).await?;
    let (matched, sample) = st.app.rule_preview(&actor, &rule.rule, 5).await?;
    let sample = sample
        .into_iter()
        .map(|c| SampleRow {
            number: c.number.unwrap_or_default(),
            program: st.app.catalog.get(&c.type_id).map(|ty| ty.name.get(ctx.lang).to_owned()).unwrap_or(c.type_id),
            stage: Stage::parse(&c.stage).map(|s| crate::pages::apply::stage_label(s, &t)).unwrap_or(c.stage),
            created: c.created_at.format("%Y-%m-%d").to_string(),
        })
        .collect();
    let page = RulePage {
        l: Layout::new(ctx, st, "rule-title"),
        errors,
        notice: String::new(),
        id,
        summary: summary(st, &rule.rule, &t),
        name: rule.rule.name,
        matched,
        matched_text: t.count("rule-matches", "n", matched),
        sample,
    };
    render(status, &page)
}

pub async fn rule_get(State(st): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> AppResult<Response> {
    admin_only(&ctx)?;
    rule_page(&st, &ctx, id, Errors::default(), StatusCode::OK).await
}

#[derive(Deserialize, Default)]
pub struct Empty {}

pub async fn wave_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    let wave = match st.app.start_wave(&ctx.actor()?, id, st.now()).await {
        Ok(w) => w,
        Err(portail_app::Error::Invalid(fields)) => {
            let errors = Errors::of(&Tr::new(ctx.lang), &fields);
            return rule_page(&st, &ctx, id, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Err(e) => return Err(e.into()),
    };
    Ok(see_other(&format!("/office/pr/waves/{wave}"), &[]))
}

#[derive(Template)]
#[template(path = "office_wave.html")]
struct WavePage {
    l: Layout,
    done: bool,
    rule_name: String,
    counts: String,
    percent: i64,
    exceptions: Vec<(String, String)>,
}

pub async fn wave_get(State(st): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> AppResult<Response> {
    admin_only(&ctx)?;
    let t = Tr::new(ctx.lang);
    let WaveReport { wave, rule_name, exceptions } = st.app.wave(&ctx.actor()?, id, 200).await?;
    let handled = wave.issued + wave.skipped + wave.failed;
    let percent = if wave.finished_at.is_some() { 100 } else { (handled * 100 / wave.matched.max(1)).min(99) };
    let exceptions = exceptions
        .into_iter()
        .map(|(number, outcome, reason)| (number.unwrap_or_default(), t.get(&format!("wave-{outcome}-{reason}"))))
        .collect();
    let page = WavePage {
        l: Layout::new(&ctx, &st, "wave-title"),
        done: wave.finished_at.is_some(),
        rule_name,
        counts: counts(&t, &wave),
        percent,
        exceptions,
    };
    render(StatusCode::OK, &page)
}
