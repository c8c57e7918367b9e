//! Maintenance windows: which parts of the service a window covers, when its notice shows, when
//! it holds writes, and what makes a new one acceptable. Pure: the time is a parameter.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

/// A part of the service a window can cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// The secure account (Portal 1) and the representatives' pages.
    Account,
    /// The PR portal (Portal 2).
    Pr,
    /// The back office.
    Office,
    /// The JSON API.
    Api,
}

impl Part {
    pub const ALL: [Part; 4] = [Part::Account, Part::Pr, Part::Office, Part::Api];

    pub fn as_str(self) -> &'static str {
        match self {
            Part::Account => "account",
            Part::Pr => "pr",
            Part::Office => "office",
            Part::Api => "api",
        }
    }

    pub fn parse(s: &str) -> Option<Part> {
        Part::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// The part a request path belongs to.
    pub fn of_path(path: &str) -> Part {
        let under = |prefix: &str| path == prefix || path.starts_with(&format!("{prefix}/"));
        if under("/api") {
            Part::Api
        } else if under("/pr") {
            Part::Pr
        } else if under("/office") {
            Part::Office
        } else {
            Part::Account
        }
    }
}

/// A set of parts, stored as their names joined by commas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Parts(u8);

impl Parts {
    pub fn of(parts: &[Part]) -> Parts {
        Parts(parts.iter().fold(0, |bits, p| bits | Parts::bit(*p)))
    }

    fn bit(p: Part) -> u8 {
        1 << Part::ALL.iter().position(|q| *q == p).unwrap_or(0)
    }

    pub fn contains(self, p: Part) -> bool {
        self.0 & Parts::bit(p) != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn overlaps(self, other: Parts) -> bool {
        self.0 & other.0 != 0
    }

    pub fn iter(self) -> impl Iterator<Item = Part> {
        Part::ALL.into_iter().filter(move |p| self.contains(*p))
    }

    /// `"account,pr"`; unknown names are ignored by [`Parts::parse`].
    pub fn to_text(self) -> String {
        self.iter().map(Part::as_str).collect::<Vec<_>>().join(",")
    }

    pub fn parse(s: &str) -> Parts {
        Parts::of(&s.split(',').filter_map(|p| Part::parse(p.trim())).collect::<Vec<_>>())
    }
}

/// A scheduled (or running) window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub parts: Parts,
    pub message_en: String,
    pub message_fr: String,
    /// Sign-in is closed too (by default people may still sign in and read).
    pub sign_in_closed: bool,
}

impl Window {
    /// Writes to `part` are held now.
    pub fn holds(&self, part: Part, now: DateTime<Utc>) -> bool {
        self.parts.contains(part) && self.starts_at <= now && now < self.ends_at
    }

    /// Its notice shows on `part`'s pages now: from `lead` before the start to the end.
    pub fn announced(&self, part: Part, now: DateTime<Utc>, lead: Duration) -> bool {
        self.parts.contains(part) && self.starts_at - lead <= now && now < self.ends_at
    }

    /// Seconds until the window ends (at least 1), for `Retry-After`.
    pub fn retry_after_secs(&self, now: DateTime<Utc>) -> i64 {
        (self.ends_at - now).num_seconds().max(1)
    }
}

/// The window that holds writes to `part` now, if any.
pub fn holding(windows: &[Window], part: Part, now: DateTime<Utc>) -> Option<&Window> {
    windows.iter().find(|w| w.holds(part, now))
}

/// The window whose notice `part`'s pages show now: a running one first, else the soonest.
pub fn announced(windows: &[Window], part: Part, now: DateTime<Utc>, lead: Duration) -> Option<&Window> {
    holding(windows, part, now)
        .or_else(|| windows.iter().filter(|w| w.announced(part, now, lead)).min_by_key(|w| w.starts_at))
}

/// What an administrator asks for.
#[derive(Debug, Clone)]
pub struct Proposal<'a> {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub parts: Parts,
    pub message_en: &'a str,
    pub message_fr: &'a str,
}

/// Why a proposed window is refused: each a message id of the form's field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    EndsBeforeStart,
    InThePast,
    NoPart,
    MessageEnMissing,
    MessageFrMissing,
    Overlaps,
}

impl Refusal {
    /// The form field it concerns and its message id.
    pub fn field_and_code(self) -> (&'static str, &'static str) {
        match self {
            Refusal::EndsBeforeStart => ("ends_at", "maintenance-ends-before-start"),
            Refusal::InThePast => ("starts_at", "maintenance-in-the-past"),
            Refusal::NoPart => ("parts", "maintenance-no-part"),
            Refusal::MessageEnMissing => ("message_en", "maintenance-message-missing"),
            Refusal::MessageFrMissing => ("message_fr", "maintenance-message-missing"),
            Refusal::Overlaps => ("starts_at", "maintenance-overlaps"),
        }
    }
}

/// A start this close behind `now` still counts as "now" (the form took a moment to fill).
pub const START_SLACK: Duration = Duration::minutes(5);

/// Every reason `p` cannot be scheduled beside the `existing` windows, in form order.
pub fn check(p: &Proposal<'_>, existing: &[Window], now: DateTime<Utc>) -> Vec<Refusal> {
    let mut refused = vec![];
    if p.starts_at < now - START_SLACK {
        refused.push(Refusal::InThePast);
    }
    if p.ends_at <= p.starts_at {
        refused.push(Refusal::EndsBeforeStart);
    }
    if p.parts.is_empty() {
        refused.push(Refusal::NoPart);
    }
    if p.message_en.trim().is_empty() {
        refused.push(Refusal::MessageEnMissing);
    }
    if p.message_fr.trim().is_empty() {
        refused.push(Refusal::MessageFrMissing);
    }
    let clash = existing
        .iter()
        .any(|w| w.ends_at > now && w.parts.overlaps(p.parts) && w.starts_at < p.ends_at && p.starts_at < w.ends_at);
    if clash && p.ends_at > p.starts_at {
        refused.push(Refusal::Overlaps);
    }
    refused
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 5, h, 0, 0).single().unwrap_or_default()
    }

    fn window(from: u32, to: u32, parts: &[Part]) -> Window {
        Window {
            id: Uuid::nil(),
            starts_at: at(from),
            ends_at: at(to),
            parts: Parts::of(parts),
            message_en: "Upgrade".into(),
            message_fr: "Mise à niveau".into(),
            sign_in_closed: false,
        }
    }

    fn proposal(from: u32, to: u32, parts: &[Part]) -> Proposal<'static> {
        Proposal {
            starts_at: at(from),
            ends_at: at(to),
            parts: Parts::of(parts),
            message_en: "Upgrade",
            message_fr: "Mise à niveau",
        }
    }

    #[test]
    fn a_window_holds_its_parts_from_its_start_to_its_end_only() {
        let w = window(2, 6, &[Part::Account, Part::Api]);
        assert!(!w.holds(Part::Account, at(1)));
        assert!(w.holds(Part::Account, at(2)));
        assert!(w.holds(Part::Api, at(5)));
        assert!(!w.holds(Part::Account, at(6)), "the end is not inside");
        assert!(!w.holds(Part::Pr, at(3)), "a part it does not cover");
        assert_eq!(w.retry_after_secs(at(5)), 3600);
    }

    #[test]
    fn the_notice_shows_from_the_lead_time_to_the_end() {
        let w = window(12, 14, &[Part::Pr]);
        let lead = Duration::hours(3);
        assert!(!w.announced(Part::Pr, at(8), lead));
        assert!(w.announced(Part::Pr, at(9), lead));
        assert!(w.announced(Part::Pr, at(13), lead));
        assert!(!w.announced(Part::Pr, at(14), lead));
        assert!(!w.announced(Part::Account, at(13), lead));
        let soon = window(10, 11, &[Part::Pr]);
        let both = [w.clone(), soon.clone()];
        assert_eq!(announced(&both, Part::Pr, at(9), lead), Some(&soon), "the soonest first");
        assert_eq!(announced(&both, Part::Pr, at(12), lead), Some(&w), "the running one");
    }

    #[test]
    fn paths_belong_to_their_part() {
        assert_eq!(Part::of_path("/api/v1/applications"), Part::Api);
        assert_eq!(Part::of_path("/pr/files/x"), Part::Pr);
        assert_eq!(Part::of_path("/pr"), Part::Pr);
        assert_eq!(Part::of_path("/office/files/x"), Part::Office);
        assert_eq!(Part::of_path("/profile"), Part::Account, "a prefix of a word is not the part");
        assert_eq!(Part::of_path("/applications/x"), Part::Account);
        assert_eq!(Parts::parse(&Parts::of(&[Part::Pr, Part::Api]).to_text()), Parts::of(&[Part::Pr, Part::Api]));
        assert_eq!(Parts::parse("pr, nonsense"), Parts::of(&[Part::Pr]));
    }

    #[test]
    fn a_sound_proposal_is_accepted() {
        assert_eq!(check(&proposal(2, 6, &[Part::Account]), &[], at(1)), vec![]);
        let now = at(2) + Duration::minutes(3);
        assert_eq!(check(&proposal(2, 6, &[Part::Account]), &[], now), vec![], "starting at once");
    }

    #[test]
    fn each_bad_input_is_named() {
        let empty = Proposal { message_en: " ", message_fr: "", parts: Parts::default(), ..proposal(6, 2, &[]) };
        assert_eq!(
            check(&empty, &[], at(1)),
            vec![Refusal::EndsBeforeStart, Refusal::NoPart, Refusal::MessageEnMissing, Refusal::MessageFrMissing]
        );
        assert_eq!(check(&proposal(2, 6, &[Part::Pr]), &[], at(3)), vec![Refusal::InThePast]);
    }

    #[test]
    fn overlapping_windows_on_a_shared_part_are_refused() {
        let existing = [window(2, 6, &[Part::Account, Part::Api])];
        assert_eq!(check(&proposal(5, 8, &[Part::Api]), &existing, at(1)), vec![Refusal::Overlaps]);
        assert_eq!(check(&proposal(3, 4, &[Part::Account]), &existing, at(1)), vec![Refusal::Overlaps], "nested");
        assert_eq!(check(&proposal(5, 8, &[Part::Pr]), &existing, at(1)), vec![], "another part");
        assert_eq!(check(&proposal(6, 8, &[Part::Api]), &existing, at(1)), vec![], "back to back");
        let ended = [window(2, 6, &[Part::Api])];
        assert_eq!(check(&proposal(7, 8, &[Part::Api]), &ended, at(7)), vec![]);
    }
}
