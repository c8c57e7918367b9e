//! The public status page (`/status`), its JSON (`/status.json`) and its Atom feed
//! (`/status.atom`): each part's state, the incidents with their updates, the maintenance to
//! come, and 90 days of history — all read from the status board in memory, never from the
//! database, so they answer when it does not.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use portail_app::model::Incident;
use portail_domain::language::Lang;
use portail_domain::maintenance::Window;
use portail_i18n::Tr;
use serde::Deserialize;
use serde_json::json;

use crate::context::Ctx;
use crate::error::AppResult;
use crate::layout::{Layout, render};
use crate::maintenance::local_time;
use crate::state::AppState;
use crate::status::{PartStatus, Snapshot};

pub struct PartRow {
    pub name: String,
    pub state: &'static str,
    pub state_text: String,
    pub uptime: String,
    /// Days with at least one check that found it down: (day, uptime that day).
    pub bad_days: Vec<(String, String)>,
}

pub struct UpdateRow {
    pub when: String,
    pub text: String,
}

pub struct IncidentRow {
    pub heading: String,
    pub updates: Vec<UpdateRow>,
}

pub struct WindowRow {
    pub when: String,
    pub parts: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "service_status.html")]
struct StatusPage {
    l: Layout,
    checked: String,
    stale: String,
    overall: &'static str,
    overall_text: String,
    parts: Vec<PartRow>,
    open: Vec<IncidentRow>,
    past: Vec<IncidentRow>,
    windows: Vec<WindowRow>,
}

/// `99.95%` in English, `99,95 %` in French (a narrow no-break space before the sign).
pub fn percent(lang: Lang, value: f64) -> String {
    let text = if value >= 100.0 { "100".to_owned() } else { format!("{:.2}", (value * 100.0).floor() / 100.0) };
    match lang {
        Lang::En => format!("{text}%"),
        Lang::Fr => format!("{}\u{202f}%", text.replace('.', ",")),
    }
}

fn part_name(st: &AppState, t: &Tr, lang: Lang, key: &str) -> String {
    match key.strip_prefix("partner:") {
        Some(id) => {
            let name = st.partners.get(id).map(|p| p.name(lang).to_owned()).unwrap_or_else(|| id.to_owned());
            t.with("service-part-partner", &[("name", name)])
        }
        None => t.get(&format!("service-part-{key}")),
    }
}

fn part_row(st: &AppState, t: &Tr, lang: Lang, p: &PartStatus) -> PartRow {
    PartRow {
        name: part_name(st, t, lang, &p.key),
        state: p.state.as_str(),
        state_text: t.get(&format!("service-state-{}", p.state.as_str())),
        uptime: p.uptime().map(|u| percent(lang, u)).unwrap_or_else(|| t.get("service-no-data")),
        bad_days: portail_domain::status::days_with_interruptions(&p.days)
            .iter()
            .map(|d| (d.day.to_string(), d.uptime().map(|u| percent(lang, u)).unwrap_or_default()))
            .collect(),
    }
}

fn message(lang: Lang, en: &str, fr: &str) -> String {
    match lang {
        Lang::En => en.to_owned(),
        Lang::Fr => fr.to_owned(),
    }
}

fn duration(t: &Tr, from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    let minutes = (to - from).num_minutes().max(0);
    t.with("service-duration", &[("hours", (minutes / 60).to_string()), ("minutes", (minutes % 60).to_string())])
}

pub fn incident_row(t: &Tr, lang: Lang, i: &Incident) -> IncidentRow {
    let heading = match i.ended_at {
        None => t.with("service-incident-open", &[("start", local_time(lang, i.started_at))]),
        Some(end) => t.with(
            "service-incident-ended",
            &[
                ("start", local_time(lang, i.started_at)),
                ("end", local_time(lang, end)),
                ("duration", duration(t, i.started_at, end)),
            ],
        ),
    };
    let updates = i
        .updates
        .iter()
        .rev()
        .map(|u| UpdateRow { when: local_time(lang, u.posted_at), text: message(lang, &u.message_en, &u.message_fr) })
        .collect();
    IncidentRow { heading, updates }
}

fn window_row(t: &Tr, lang: Lang, w: &Window) -> WindowRow {
    let args = [("start", local_time(lang, w.starts_at)), ("end", local_time(lang, w.ends_at))];
    WindowRow {
        when: t.with("maintenance-when", &args),
        parts: w
            .parts
            .iter()
            .map(|p| t.get(&format!("maintenance-part-{}", p.as_str())))
            .collect::<Vec<_>>()
            .join(", "),
        message: message(lang, &w.message_en, &w.message_fr),
    }
}

pub async fn status_get(State(st): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let (lang, t) = (ctx.lang, Tr::new(ctx.lang));
    let snapshot = st.status.snapshot();
    let windows = st.app.maintenance_schedule().iter().map(|w| window_row(&t, lang, w)).collect();
    let page = match snapshot.as_deref() {
        Some(s) => {
            let (open, past): (Vec<&Incident>, Vec<&Incident>) = s.incidents.iter().partition(|i| i.ended_at.is_none());
            let parts = s.parts_now(&st);
            let overall = crate::status::overall(&parts);
            StatusPage {
                checked: t.with("service-checked", &[("time", local_time(lang, s.checked_at))]),
                stale: if s.stale {
                    t.with("service-stale", &[("time", local_time(lang, s.read_at))])
                } else {
                    String::new()
                },
                overall: overall.as_str(),
                overall_text: t.get(&format!("service-overall-{}", overall.as_str())),
                parts: parts.iter().map(|p| part_row(&st, &t, lang, p)).collect(),
                open: open.into_iter().map(|i| incident_row(&t, lang, i)).collect(),
                past: past.into_iter().map(|i| incident_row(&t, lang, i)).collect(),
                windows,
                l: Layout::new(&ctx, &st, "service-title"),
            }
        }
        None => StatusPage {
            checked: t.get("service-not-checked"),
            stale: String::new(),
            overall: "operational",
            overall_text: String::new(),
            parts: vec![],
            open: vec![],
            past: vec![],
            windows,
            l: Layout::new(&ctx, &st, "service-title"),
        },
    };
    let mut res = render(StatusCode::OK, &page)?;
    res.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-cache"));
    Ok(res)
}

fn incident_json(i: &Incident) -> serde_json::Value {
    json!({
        "id": i.id,
        "started_at": i.started_at,
        "ended_at": i.ended_at,
        "updates": i.updates.iter().map(|u| json!({
            "posted_at": u.posted_at, "message_en": u.message_en, "message_fr": u.message_fr,
        })).collect::<Vec<_>>(),
    })
}

/// The same as JSON: stable ids and states, both languages of every message.
pub async fn status_json_get(State(st): State<AppState>) -> Response {
    let windows: Vec<_> = st
        .app
        .maintenance_schedule()
        .iter()
        .map(|w| {
            json!({
                "starts_at": w.starts_at, "ends_at": w.ends_at,
                "parts": w.parts.iter().map(|p| p.as_str()).collect::<Vec<_>>(),
                "message_en": w.message_en, "message_fr": w.message_fr,
            })
        })
        .collect();
    let body = match st.status.snapshot().as_deref() {
        Some(s) => {
            let parts = s.parts_now(&st);
            json!({
            "checked_at": s.checked_at,
            "stale": s.stale,
            "data_as_of": s.read_at,
            "overall": crate::status::overall(&parts),
            "parts": parts.iter().map(|p| json!({
                "id": p.key, "state": p.state, "uptime_90_days": p.uptime(),
                "days": p.days.iter().map(|d| json!({"day": d.day, "checks": d.checks, "up": d.up})).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "incidents": s.incidents.iter().map(incident_json).collect::<Vec<_>>(),
            "maintenance": windows,
            })
        }
        None => json!({ "checked_at": null, "stale": true, "parts": [], "incidents": [], "maintenance": windows }),
    };
    ([(header::CACHE_CONTROL, "no-cache")], axum::Json(body)).into_response()
}

pub struct FeedEntry {
    pub id: String,
    pub title: String,
    pub updated: String,
    pub text: String,
}

#[derive(Template)]
#[template(path = "status_feed.xml")]
struct Feed {
    lang: &'static str,
    title: String,
    self_href: String,
    page_href: String,
    updated: String,
    entries: Vec<FeedEntry>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FeedQuery {
    lang: String,
}

fn feed_entries(t: &Tr, lang: Lang, base: &str, s: Option<&Snapshot>, windows: &[Window]) -> Vec<FeedEntry> {
    let mut entries: Vec<(DateTime<Utc>, FeedEntry)> = vec![];
    for i in s.map(|s| s.incidents.as_slice()).unwrap_or_default() {
        let heading = incident_row(t, lang, i).heading;
        for (n, u) in i.updates.iter().enumerate() {
            let entry = FeedEntry {
                id: format!("{base}/status#incident-{}-{n}", i.id),
                title: heading.clone(),
                updated: u.posted_at.to_rfc3339(),
                text: message(lang, &u.message_en, &u.message_fr),
            };
            entries.push((u.posted_at, entry));
        }
    }
    for w in windows {
        let row = window_row(t, lang, w);
        let entry = FeedEntry {
            id: format!("{base}/status#maintenance-{}", w.id),
            title: t.with("service-feed-maintenance", &[("when", row.when)]),
            updated: w.starts_at.to_rfc3339(),
            text: row.message,
        };
        entries.push((w.starts_at, entry));
    }
    entries.sort_by_key(|e| std::cmp::Reverse(e.0));
    entries.into_iter().map(|(_, e)| e).collect()
}

/// The incidents' updates and the maintenance to come as an Atom feed, in `?lang=` (else the
/// reader's language).
pub async fn status_atom_get(State(st): State<AppState>, ctx: Ctx, Query(q): Query<FeedQuery>) -> AppResult<Response> {
    let lang = Lang::parse(&q.lang).unwrap_or(ctx.lang);
    let t = Tr::new(lang);
    let snapshot = st.status.snapshot();
    let base = st.app.settings.public_url.trim_end_matches('/').to_owned();
    let entries = feed_entries(&t, lang, &base, snapshot.as_deref(), &st.app.maintenance_schedule());
    let updated = snapshot.as_deref().map_or_else(|| st.now(), |s| s.read_at).to_rfc3339();
    let feed = Feed {
        lang: lang.code(),
        title: t.get("service-title"),
        self_href: format!("{base}/status.atom?lang={}", lang.code()),
        page_href: format!("{base}/status"),
        updated,
        entries,
    };
    let xml = feed.render().map_err(|e| crate::error::AppError::Internal(e.into()))?;
    Ok(([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], xml)
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_follow_each_language() {
        assert_eq!(percent(Lang::En, 99.956), "99.95%");
        assert_eq!(percent(Lang::Fr, 99.956), "99,95\u{202f}%");
        assert_eq!(percent(Lang::En, 100.0), "100%");
        // Never rounded up to a perfect record that was not.
        assert_eq!(percent(Lang::En, 99.999), "99.99%");
    }
}
