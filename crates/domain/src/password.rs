//! Password rules after NIST SP 800-63B: length, not composition; common passwords refused.

use std::collections::HashSet;
use std::sync::LazyLock;
use thiserror::Error;

pub const MIN_CHARS: usize = 12;
pub const MAX_CHARS: usize = 256;

static COMMON: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("../data/common-passwords.txt").lines().collect());

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum PasswordError {
    #[error("password-too-short")]
    TooShort,
    #[error("password-too-long")]
    TooLong,
    #[error("password-too-common")]
    TooCommon,
    #[error("password-contains-username")]
    ContainsUsername,
}

impl PasswordError {
    pub fn code(self) -> &'static str {
        match self {
            PasswordError::TooShort => "password-too-short",
            PasswordError::TooLong => "password-too-long",
            PasswordError::TooCommon => "password-too-common",
            PasswordError::ContainsUsername => "password-contains-username",
        }
    }
}

/// A password that passed the rules for a new credential. It is kept exactly as typed: no
/// trimming, no case folding, no truncation.
pub struct NewPassword(String);

impl NewPassword {
    /// Checks a candidate password; `username` is the account's, which the password may not contain.
    pub fn parse(candidate: &str, username: &str) -> Result<Self, PasswordError> {
        let chars = candidate.chars().count();
        if chars < MIN_CHARS {
            return Err(PasswordError::TooShort);
        }
        if chars > MAX_CHARS {
            return Err(PasswordError::TooLong);
        }
        let lowered = candidate.to_lowercase();
        if COMMON.contains(lowered.as_str()) {
            return Err(PasswordError::TooCommon);
        }
        if username.len() >= 3 && lowered.contains(&username.to_lowercase()) {
            return Err(PasswordError::ContainsUsername);
        }
        Ok(NewPassword(candidate.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// How many entries the shipped blocklist holds (for documentation and tests).
pub fn blocklist_len() -> usize {
    COMMON.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_is_the_rule_not_composition() {
        assert_eq!(NewPassword::parse("short pass", "u").err(), Some(PasswordError::TooShort));
        assert!(NewPassword::parse("correct horse battery", "marie").is_ok());
        assert!(NewPassword::parse("zzzzzzzzzzzzzzzzzzqx", "marie").is_ok(), "no composition rule");
        assert!(NewPassword::parse(&"é".repeat(256), "marie").is_ok(), "256 unicode chars");
        assert_eq!(NewPassword::parse(&"é".repeat(257), "marie").err(), Some(PasswordError::TooLong));
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        assert!(blocklist_len() >= 10_000);
        for common in ["password1234", "PASSWORD1234", "qwertyuiopasdfghjkl", "123456789012"] {
            assert_eq!(NewPassword::parse(common, "u").err(), Some(PasswordError::TooCommon));
        }
    }

    #[test]
    fn password_may_not_contain_the_username() {
        assert_eq!(
            NewPassword::parse("my name is marie.curie!", "marie.curie").err(),
            Some(PasswordError::ContainsUsername)
        );
    }

    #[test]
    fn kept_exactly_as_typed() {
        let p = "  Spaces Around And Case  ";
        assert_eq!(NewPassword::parse(p, "u").map(|p| p.0), Ok(p.to_owned()));
    }
}
