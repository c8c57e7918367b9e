//! Time-based one-time passwords (RFC 6238): 6 digits, 30-second steps, ±1 step of drift,
//! each step usable once (ASVS 6.5.1).

use chrono::{DateTime, Utc};
use rand::Rng;
use totp_rs::{Builder, Secret, Totp};

/// A TOTP shared secret: 20 random bytes (160 bits), kept and shown as base32.
#[derive(Clone, PartialEq, Eq)]
pub struct TotpSecret(Vec<u8>);

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSecret(***)")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotpCheck {
    /// Accepted; the step to record so that it cannot be used again.
    Accepted {
        step: i64,
    },
    /// Right code, but its step was already used.
    Replayed,
    Wrong,
}

impl TotpSecret {
    pub fn generate() -> Self {
        let mut bytes = vec![0u8; 20];
        rand::rng().fill_bytes(&mut bytes);
        TotpSecret(bytes)
    }

    pub fn from_base32(s: &str) -> Option<Self> {
        let secret = Secret::try_from_base32(s).ok()?;
        Some(TotpSecret(secret.as_ref().to_vec()))
    }

    pub fn to_base32(&self) -> String {
        Secret::from(self.0.clone()).to_base32()
    }

    /// The secret in groups of four for reading and typing.
    pub fn to_grouped_base32(&self) -> String {
        let b32 = self.to_base32();
        let chars: Vec<char> = b32.chars().collect();
        chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join(" ")
    }

    fn totp(&self, issuer: Option<&str>, account: &str) -> Option<Totp> {
        Builder::new()
            .with_secret(self.0.clone())
            .with_skew(1)
            .with_step_duration(30)
            .with_digits(6)
            .with_issuer(issuer.map(|i| i.replace(':', " ")))
            .with_account_name(account.replace(':', " "))
            .build()
            .ok()
    }

    /// The `otpauth://` URI that authenticator apps read from the QR code.
    pub fn provisioning_uri(&self, issuer: &str, account: &str) -> Option<String> {
        self.totp(Some(issuer), account)?.to_url().ok()
    }

    /// The code for a moment (used by the demo's `portail demo totp` and by tests).
    pub fn code_at(&self, now: DateTime<Utc>) -> Option<String> {
        let t = u64::try_from(now.timestamp()).ok()?;
        Some(self.totp(None, "")?.generate(t).to_string())
    }

    /// Checks a typed code; `last_step` is the last step accepted for this secret.
    pub fn check(&self, typed: &str, last_step: Option<i64>, now: DateTime<Utc>) -> TotpCheck {
        let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
        if typed.len() != 6 || !typed.chars().all(|c| c.is_ascii_digit()) {
            return TotpCheck::Wrong;
        }
        let (Some(totp), Ok(t)) = (self.totp(None, ""), u64::try_from(now.timestamp())) else {
            return TotpCheck::Wrong;
        };
        match totp.check(&typed, t).and_then(|s| i64::try_from(s).ok()) {
            Some(step) if last_step.is_some_and(|last| step <= last) => TotpCheck::Replayed,
            Some(step) => TotpCheck::Accepted { step },
            None => TotpCheck::Wrong,
        }
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn t(secs: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::seconds(secs)
    }

    #[test]
    fn rfc6238_reference_vector() {
        // RFC 6238 appendix B, SHA-1 seed "12345678901234567890", T = 59 s → 94287082 (8 digits);
        // the 6-digit form is the last six digits.
        let s = TotpSecret(b"12345678901234567890".to_vec());
        assert_eq!(s.code_at(t(59)).as_deref(), Some("287082"));
    }

    #[test]
    fn accepts_one_step_of_drift_and_no_more() {
        let s = TotpSecret::generate();
        let now = t(1_000_000_000);
        for drift in [-30, 0, 30] {
            let code = s.code_at(now + Duration::seconds(drift)).unwrap_or_default();
            assert!(matches!(s.check(&code, None, now), TotpCheck::Accepted { .. }), "{drift}");
        }
        let far = s.code_at(now + Duration::seconds(90)).unwrap_or_default();
        assert_eq!(s.check(&far, None, now), TotpCheck::Wrong);
    }

    #[test]
    fn a_code_is_usable_once() {
        let s = TotpSecret::generate();
        let now = t(1_000_000_020);
        let code = s.code_at(now).unwrap_or_default();
        let TotpCheck::Accepted { step } = s.check(&code, None, now) else {
            unreachable!("fresh code must be accepted")
        };
        assert_eq!(s.check(&code, Some(step), now), TotpCheck::Replayed);
        let next = s.code_at(now + Duration::seconds(30)).unwrap_or_default();
        assert!(matches!(s.check(&next, Some(step), now + Duration::seconds(30)), TotpCheck::Accepted { .. }));
    }

    #[test]
    fn base32_round_trips() {
        let s = TotpSecret::generate();
        assert_eq!(TotpSecret::from_base32(&s.to_base32()), Some(s));
        assert_eq!(TotpSecret::from_base32("not base32 !!"), None);
    }
}
