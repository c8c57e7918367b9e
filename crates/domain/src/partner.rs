//! Sign-In Partners (OpenID Connect providers): the rules that need no network — partner ids,
//! how long a sign-in may stay at the partner, and the assurance a partner asserts.

use chrono::Duration;

/// How long a person may take at the partner before the sign-in must start again.
pub const FLOW_LIFETIME: Duration = Duration::minutes(10);

/// The longest `acr` value and `amr` entry kept; partners do not need more.
const MAX_ASSURANCE_CHARS: usize = 200;
const MAX_AMR_ENTRIES: usize = 10;

/// A partner's short name from the configuration (`bank-a`): lower-case letters, digits and
/// dashes, so that it can appear in a path and a form value unescaped.
pub fn is_valid_partner_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 32
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && id != "callback"
}

/// What the partner asserted about how the person authenticated there (`acr` and `amr` of the
/// ID token), kept to show on the account page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assurance {
    pub acr: Option<String>,
    pub amr: Vec<String>,
}

fn clean(value: &str) -> Option<String> {
    let kept: String = value.chars().filter(|c| c.is_ascii_graphic() || *c == ' ').take(MAX_ASSURANCE_CHARS).collect();
    let kept = kept.trim();
    (!kept.is_empty()).then(|| kept.to_owned())
}

impl Assurance {
    /// Keeps printable values only, bounded in length and number.
    pub fn new(acr: Option<&str>, amr: &[&str]) -> Assurance {
        Assurance { acr: acr.and_then(clean), amr: amr.iter().filter_map(|m| clean(m)).take(MAX_AMR_ENTRIES).collect() }
    }

    /// `amr` as one stored text (space-separated), or `None` when the partner sent none.
    pub fn amr_text(&self) -> Option<String> {
        (!self.amr.is_empty()).then(|| self.amr.join(" "))
    }

    pub fn from_stored(acr: Option<String>, amr: Option<String>) -> Assurance {
        Assurance { acr, amr: amr.map(|a| a.split(' ').map(str::to_owned).collect()).unwrap_or_default() }
    }

    /// The partner asserts a multi-factor sign-in (`mfa`, or a one-time code / hardware key
    /// beside something else).
    pub fn is_multi_factor(&self) -> bool {
        self.amr.iter().any(|m| m == "mfa")
            || (self.amr.len() >= 2 && self.amr.iter().any(|m| matches!(m.as_str(), "otp" | "hwk" | "swk" | "sms")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partner_ids_are_path_safe() {
        assert!(is_valid_partner_id("bank-a"));
        assert!(is_valid_partner_id("b2"));
        for bad in ["", "-a", "callback", "Bank", "a b", "a/b", "a_b", &"x".repeat(33)] {
            assert!(!is_valid_partner_id(bad), "{bad:?}");
        }
    }

    #[test]
    fn assurance_is_cleaned_and_bounded() {
        let a = Assurance::new(Some(" urn:x:loa2\u{7}"), &["pwd", "otp", "\u{202e}"]);
        assert_eq!(a.acr.as_deref(), Some("urn:x:loa2"));
        assert_eq!(a.amr, vec!["pwd", "otp"]);
        assert!(a.is_multi_factor());
        assert_eq!(a.amr_text().as_deref(), Some("pwd otp"));
        let many: Vec<&str> = std::iter::repeat_n("pwd", 50).collect();
        assert_eq!(Assurance::new(None, &many).amr.len(), MAX_AMR_ENTRIES);
        assert!(!Assurance::new(None, &["pwd"]).is_multi_factor());
        assert_eq!(Assurance::from_stored(Some("x".into()), Some("pwd otp".into())).amr, vec!["pwd", "otp"]);
        assert_eq!(Assurance::new(Some("   "), &[]), Assurance::default());
    }
}
