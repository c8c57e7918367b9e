//! PR-portal invite codes and the rules that move files there: a code is 100 bits from the OS
//! random generator, written as five groups of four characters of an alphabet without look-alikes
//! (Crockford base 32), typed back in any case with or without spaces and dashes.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::RngExt;

use crate::application::Stage;
use crate::application::status::{Step, StepState};

/// Crockford base 32: no I, L, O or U.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// 20 characters of 5 bits each: 100 bits.
pub const CODE_CHARS: usize = 20;
/// How long a code works unless the configuration says otherwise.
pub const DEFAULT_LIFETIME_DAYS: i64 = 90;

/// A fresh invite code in its canonical form (20 characters, no separators).
pub fn new_code() -> String {
    let mut rng = rand::rng();
    (0..CODE_CHARS).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect()
}

/// `ABCD-EFGH-JKMN-PQRS-TVWX`: how a code is shown and mailed.
pub fn grouped(code: &str) -> String {
    code.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("-")
}

/// The canonical form of a typed code: case, spaces and dashes ignored, look-alikes read as the
/// digit they resemble (O → 0, I and L → 1). `None` when it cannot be a code at all.
pub fn normalise(typed: &str) -> Option<String> {
    let mut out = String::with_capacity(CODE_CHARS);
    for c in typed.chars() {
        let c = match c.to_ascii_uppercase() {
            ' ' | '-' | '\t' | '\u{a0}' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c if ALPHABET.contains(&(c as u8)) && c.is_ascii() => c,
            _ => return None,
        };
        out.push(c);
        if out.len() > CODE_CHARS {
            return None;
        }
    }
    (out.len() == CODE_CHARS).then_some(out)
}

/// Why a code did not open a file. The code doubles as the Fluent message id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedeemRefusal {
    /// Not a code, no such code, or someone else's code without the date of birth of its file:
    /// the three are not told apart, so a refusal never confirms that a code exists.
    Unknown,
    Expired,
    Used,
    Revoked,
}

impl RedeemRefusal {
    pub fn code(self) -> &'static str {
        match self {
            RedeemRefusal::Unknown => "invite-unknown",
            RedeemRefusal::Expired => "invite-expired",
            RedeemRefusal::Used => "invite-used",
            RedeemRefusal::Revoked => "invite-revoked",
        }
    }
}

/// The state of a stored invite, as far as redeeming it goes.
pub struct InviteState {
    pub expires_at: DateTime<Utc>,
    pub redeemed: bool,
    pub revoked: bool,
}

/// Whether a found invite may be redeemed now (the binding to the person is checked apart).
pub fn check(state: &InviteState, now: DateTime<Utc>) -> Result<(), RedeemRefusal> {
    if state.revoked {
        Err(RedeemRefusal::Revoked)
    } else if state.redeemed {
        Err(RedeemRefusal::Used)
    } else if state.expires_at <= now {
        Err(RedeemRefusal::Expired)
    } else {
        Ok(())
    }
}

/// Which files a wave moves to the PR portal. Empty filters match everything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationRule {
    pub name: String,
    /// One application type (program), or any.
    pub type_id: Option<String>,
    pub stage: Option<Stage>,
    /// A processing step in a given state (e.g. eligibility done), or any.
    pub step: Option<(Step, StepState)>,
    /// Files created on or after this day (UTC)…
    pub created_from: Option<NaiveDate>,
    /// …and before the end of this day.
    pub created_to: Option<NaiveDate>,
}

/// Why a rule was refused. The code doubles as the Fluent message id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleError {
    NameMissing,
    DatesReversed,
}

impl RuleError {
    pub fn code(self) -> &'static str {
        match self {
            RuleError::NameMissing => "rule-name-missing",
            RuleError::DatesReversed => "rule-dates-reversed",
        }
    }
}

impl MigrationRule {
    pub fn validate(&self) -> Result<(), RuleError> {
        if self.name.trim().is_empty() || self.name.chars().count() > 100 {
            return Err(RuleError::NameMissing);
        }
        if let (Some(from), Some(to)) = (self.created_from, self.created_to)
            && to < from
        {
            return Err(RuleError::DatesReversed);
        }
        Ok(())
    }

    /// The creation-time window as instants: [from 00:00, to + 1 day 00:00).
    pub fn window(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = |d: NaiveDate| d.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
        // Bounds both databases order correctly when compared with stored times.
        let first = DateTime::<Utc>::UNIX_EPOCH;
        let last = first + Duration::days(365 * 8000);
        let from = self.created_from.and_then(start).unwrap_or(first);
        let to = self.created_to.and_then(|d| start(d + Duration::days(1))).unwrap_or(last);
        (from, to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_carry_100_bits_in_unambiguous_groups() {
        let c = new_code();
        assert_eq!(c.len(), CODE_CHARS);
        assert!((CODE_CHARS as f64) * (ALPHABET.len() as f64).log2() >= 100.0);
        assert!(!c.contains(['I', 'L', 'O', 'U']));
        let g = grouped(&c);
        assert_eq!(g.len(), 24);
        assert_eq!(g.matches('-').count(), 4);
        let many: HashSet<String> = (0..10_000).map(|_| new_code()).collect();
        assert_eq!(many.len(), 10_000);
    }

    #[test]
    fn typed_codes_are_forgiving_but_exact() {
        let c = "ABCD0EFGH1JKMNPQRSTV";
        assert_eq!(normalise(c).as_deref(), Some(c));
        assert_eq!(normalise("abcd-oefg h1jk-mnpq rstv ").as_deref(), Some("ABCD0EFGH1JKMNPQRSTV"));
        assert_eq!(normalise("ABCDOEFGHIJKMNPQRSTV").as_deref(), Some(c), "O and I read as 0 and 1");
        assert_eq!(normalise("ABCD0EFGHLJKMNPQRSTV").as_deref(), Some(c), "L read as 1");
        for bad in [
            "",
            "ABCD",
            "ABCD0EFGH1JKMNPQRSTVW",
            "ABCD0EFGH1JKMNPQRSTU",
            "ABCD0EFGH1JKMNPQRST!",
            "ÀBCD0EFGH1JKMNPQRSTV",
        ] {
            assert_eq!(normalise(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn invite_states_refuse_in_order() {
        let now = Utc::now();
        let live = InviteState { expires_at: now + Duration::days(1), redeemed: false, revoked: false };
        assert_eq!(check(&live, now), Ok(()));
        let expired = InviteState { expires_at: now, ..live };
        assert_eq!(check(&expired, now), Err(RedeemRefusal::Expired));
        let used = InviteState { redeemed: true, expires_at: now - Duration::days(1), revoked: false };
        assert_eq!(check(&used, now), Err(RedeemRefusal::Used));
        let revoked = InviteState { revoked: true, redeemed: true, expires_at: now };
        assert_eq!(check(&revoked, now), Err(RedeemRefusal::Revoked));
    }

    #[test]
    fn rules_check_names_and_dates() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let rule = MigrationRule {
            name: "Express Entry 2026".into(),
            type_id: Some("express-entry".into()),
            stage: None,
            step: None,
            created_from: d("2026-01-01"),
            created_to: d("2026-03-31"),
        };
        assert_eq!(rule.validate(), Ok(()));
        let (from, to) = rule.window();
        assert_eq!(from.to_rfc3339(), "2026-01-01T00:00:00+00:00");
        assert_eq!(to.to_rfc3339(), "2026-04-01T00:00:00+00:00", "the last day counts whole");
        let reversed = MigrationRule { created_from: d("2026-04-01"), ..rule.clone() };
        assert_eq!(reversed.validate(), Err(RuleError::DatesReversed));
        assert_eq!(MigrationRule { name: " ".into(), ..rule }.validate(), Err(RuleError::NameMissing));
    }
}
