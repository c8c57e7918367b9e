//! Accounts: who a person is to portail, and the values that identify them.

use serde::{Deserialize, Serialize};
use thiserror::Error;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AccountId(pub Uuid);

impl AccountId {
    pub fn new() -> Self {
        AccountId(Uuid::new_v4())
    }
}

impl Default for AccountId {
    fn default() -> Self {
        Self::new()
    }
}

/// What an account may do. One account has exactly one role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Applicant,
    Representative,
    Officer,
    Administrator,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Applicant => "applicant",
            Role::Representative => "representative",
            Role::Officer => "officer",
            Role::Administrator => "administrator",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "applicant" => Some(Role::Applicant),
            "representative" => Some(Role::Representative),
            "officer" => Some(Role::Officer),
            "administrator" => Some(Role::Administrator),
            _ => None,
        }
    }

    pub fn is_staff(self) -> bool {
        matches!(self, Role::Officer | Role::Administrator)
    }
}

/// How an account proves who it is: its own password (with MFA), or a Sign-In Partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignInKind {
    Password,
    Partner,
}

impl SignInKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SignInKind::Password => "password",
            SignInKind::Partner => "partner",
        }
    }

    pub fn parse(s: &str) -> Option<SignInKind> {
        match s {
            "password" => Some(SignInKind::Password),
            "partner" => Some(SignInKind::Partner),
            _ => None,
        }
    }
}

/// Why a username or an email address was refused. The code doubles as the Fluent message id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum IdentifierError {
    #[error("username-invalid")]
    UsernameInvalid,
    #[error("email-invalid")]
    EmailInvalid,
}

impl IdentifierError {
    pub fn code(self) -> &'static str {
        match self {
            IdentifierError::UsernameInvalid => "username-invalid",
            IdentifierError::EmailInvalid => "email-invalid",
        }
    }
}

/// A username: 3 to 32 characters of `a-z 0-9 . _ -`, starting with a letter or digit,
/// compared case-insensitively (stored lower-cased).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Username(String);

impl Username {
    pub fn parse(input: &str) -> Result<Self, IdentifierError> {
        let s = input.trim().to_ascii_lowercase();
        let ok_len = (3..=32).contains(&s.len());
        let ok_chars = s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
        let ok_start = s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
        if ok_len && ok_chars && ok_start { Ok(Username(s)) } else { Err(IdentifierError::UsernameInvalid) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An email address in the plain `local@domain.tld` form; no display names, no CR/LF, lower-cased
/// domain. Deliverability is proved by the confirmation code, not by this check.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, IdentifierError> {
        let s = input.trim();
        let err = IdentifierError::EmailInvalid;
        if s.len() > 254 || s.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(err);
        }
        let (local, domain) = s.rsplit_once('@').ok_or(err)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.contains('@')
            && local.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
        if local_ok && domain_ok { Ok(Email(format!("{local}@{}", domain.to_ascii_lowercase()))) } else { Err(err) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_normalised_and_checked() {
        assert_eq!(Username::parse(" Marie.Curie ").map(|u| u.0), Ok("marie.curie".into()));
        for bad in ["ab", "", "-abc", "a b c", "<script>", "robert'); drop table", &"a".repeat(33)] {
            assert!(Username::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn emails_refuse_header_injection_and_junk() {
        assert!(Email::parse("Marie@Example.CA").is_ok_and(|e| e.as_str() == "Marie@example.ca"));
        for bad in ["no-at-sign", "a@b", "a@b.c\r\nBcc: x@y.z", "a b@c.de", "<a@b.cd>", "a@-b.cd", ""] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn roles_round_trip() {
        for r in [Role::Applicant, Role::Representative, Role::Officer, Role::Administrator] {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
        assert!(Role::Officer.is_staff() && !Role::Applicant.is_staff());
    }
}
