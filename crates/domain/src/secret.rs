//! Random secrets handed to people (session tokens, links, recovery codes) and how they are
//! stored: only as a SHA-256 digest, since each carries at least 112 bits of entropy (ASVS 6.5.2).

use rand::{Rng, RngExt};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// 32 random bytes as lower-case hex (256 bits): session cookies, emailed links.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The stored form of a token: SHA-256, hex.
pub fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Constant-time equality of two strings.
pub fn same(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

/// Symbols of recovery codes: no 0/o, 1/l/i, so they read aloud and copy without confusion.
const CODE_ALPHABET: &[u8; 32] = b"23456789abcdefghjkmnpqrstuvwxyz!";
const CODE_GROUPS: usize = 6;
const CODE_GROUP_LEN: usize = 4;

/// How many recovery codes an MFA enrolment yields.
pub const RECOVERY_CODE_COUNT: usize = 10;

/// One recovery code: 24 symbols of a 31-symbol alphabet (~119 bits), shown as `abcd-efgh-…`.
pub fn new_recovery_code() -> String {
    let mut rng = rand::rng();
    let mut out = String::with_capacity(CODE_GROUPS * (CODE_GROUP_LEN + 1));
    for g in 0..CODE_GROUPS {
        if g > 0 {
            out.push('-');
        }
        for _ in 0..CODE_GROUP_LEN {
            // 31 usable symbols; rejection sampling keeps the distribution uniform.
            loop {
                let b = (rng.next_u32() & 31) as usize;
                if b < 31 {
                    out.push(char::from(CODE_ALPHABET[b]));
                    break;
                }
            }
        }
    }
    out
}

/// Canonical form of a typed recovery code: lower-case, separators and spaces removed.
pub fn normalise_recovery_code(typed: &str) -> String {
    typed.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

/// A short code typed from an email (confirmation): 8 digits, ~26.6 bits, attempt-limited.
pub fn new_email_code() -> String {
    let n = rand::rng().random_range(0..100_000_000u32);
    format!("{n:08}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn tokens_are_unique_and_long() {
        let tokens: HashSet<String> = (0..10_000).map(|_| new_token()).collect();
        assert_eq!(tokens.len(), 10_000);
        assert!(tokens.iter().all(|t| t.len() == 64 && t.chars().all(|c| c.is_ascii_hexdigit())));
    }

    #[test]
    fn recovery_codes_have_the_expected_shape() {
        let c = new_recovery_code();
        assert_eq!(c.len(), 29);
        assert_eq!(normalise_recovery_code(&c.to_uppercase()).len(), 24);
        assert!(!c.contains(['0', 'o', '1', 'l', 'i', '!']));
    }

    #[test]
    fn digest_is_stable_and_not_the_token() {
        assert_eq!(digest("a"), digest("a"));
        assert_ne!(digest("a"), "a");
        assert!(same("abc", "abc") && !same("abc", "abd"));
    }
}
