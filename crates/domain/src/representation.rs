//! Representatives (IMM 5476): who may act for a client, on what terms. A paid representative
//! (consultant, lawyer, Quebec notary) acts only once staff have verified their membership; an
//! unpaid one (family, friend, organisation) at once. A consent ties one client to one
//! representative, for one file or all of the client's files, and says what it allows.

/// What kind of representative a person is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepKind {
    /// A licensed immigration consultant (CICC membership number).
    Consultant,
    /// A lawyer (law society and number).
    Lawyer,
    /// A member of the Chambre des notaires du Québec.
    Notary,
    /// Family, a friend, an organisation: no fee, no licence.
    Unpaid,
}

impl RepKind {
    pub const ALL: [RepKind; 4] = [RepKind::Consultant, RepKind::Lawyer, RepKind::Notary, RepKind::Unpaid];

    pub fn as_str(self) -> &'static str {
        match self {
            RepKind::Consultant => "consultant",
            RepKind::Lawyer => "lawyer",
            RepKind::Notary => "notary",
            RepKind::Unpaid => "unpaid",
        }
    }

    pub fn parse(s: &str) -> Option<RepKind> {
        RepKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Paid representatives need a membership on record and staff verification.
    pub fn is_paid(self) -> bool {
        self != RepKind::Unpaid
    }

    /// Where a new profile starts: paid ones wait for staff, unpaid ones may act at once.
    pub fn first_status(self) -> RepStatus {
        if self.is_paid() { RepStatus::Pending } else { RepStatus::Verified }
    }
}

/// Where a representative's profile stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepStatus {
    /// Waiting for staff to check the membership.
    Pending,
    /// May act for clients who consent.
    Verified,
    /// Staff found the membership wrong; the reason is on record.
    Refused,
    /// Stopped by staff (a lapsed licence): every act refused from the next request.
    Suspended,
}

impl RepStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RepStatus::Pending => "pending",
            RepStatus::Verified => "verified",
            RepStatus::Refused => "refused",
            RepStatus::Suspended => "suspended",
        }
    }

    pub fn parse(s: &str) -> Option<RepStatus> {
        [RepStatus::Pending, RepStatus::Verified, RepStatus::Refused, RepStatus::Suspended]
            .into_iter()
            .find(|k| k.as_str() == s)
    }

    /// Whether a representative in this state may reach any client's file.
    pub fn may_act(self) -> bool {
        self == RepStatus::Verified
    }
}

/// A staff decision on a representative's profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepDecision {
    Verify,
    Refuse,
    Suspend,
    Reinstate,
}

impl RepDecision {
    pub fn parse(s: &str) -> Option<RepDecision> {
        match s {
            "verify" => Some(RepDecision::Verify),
            "refuse" => Some(RepDecision::Refuse),
            "suspend" => Some(RepDecision::Suspend),
            "reinstate" => Some(RepDecision::Reinstate),
            _ => None,
        }
    }

    /// The state the decision leads to from `from`, or `None` where it does not apply.
    pub fn apply(self, from: RepStatus) -> Option<RepStatus> {
        match (self, from) {
            (RepDecision::Verify, RepStatus::Pending) => Some(RepStatus::Verified),
            (RepDecision::Refuse, RepStatus::Pending) => Some(RepStatus::Refused),
            (RepDecision::Suspend, RepStatus::Verified) => Some(RepStatus::Suspended),
            (RepDecision::Reinstate, RepStatus::Suspended) => Some(RepStatus::Verified),
            _ => None,
        }
    }

    /// Refusing and suspending need a reason the person is told.
    pub fn needs_reason(self) -> bool {
        matches!(self, RepDecision::Refuse | RepDecision::Suspend)
    }
}

/// Who receives the correspondence of a represented file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Correspondence {
    /// The client alone; the representative reads it in portail.
    Client,
    /// The representative instead of the client (the IMM 5476 default).
    Representative,
    /// Both.
    Both,
}

impl Correspondence {
    pub fn as_str(self) -> &'static str {
        match self {
            Correspondence::Client => "client",
            Correspondence::Representative => "representative",
            Correspondence::Both => "both",
        }
    }

    pub fn parse(s: &str) -> Option<Correspondence> {
        [Correspondence::Client, Correspondence::Representative, Correspondence::Both]
            .into_iter()
            .find(|k| k.as_str() == s)
    }

    pub fn to_client(self) -> bool {
        self != Correspondence::Representative
    }

    pub fn to_representative(self) -> bool {
        self != Correspondence::Client
    }
}

/// Where a consent stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsentStatus {
    /// The representative asked; the client has not answered.
    Requested,
    /// Given: the representative reaches the file(s).
    Active,
    /// The client said no to a request.
    Declined,
    /// The client took it back.
    Revoked,
    /// The representative stepped down.
    Withdrawn,
}

impl ConsentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentStatus::Requested => "requested",
            ConsentStatus::Active => "active",
            ConsentStatus::Declined => "declined",
            ConsentStatus::Revoked => "revoked",
            ConsentStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<ConsentStatus> {
        [
            ConsentStatus::Requested,
            ConsentStatus::Active,
            ConsentStatus::Declined,
            ConsentStatus::Revoked,
            ConsentStatus::Withdrawn,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// A membership number as regulators print them: 3 to 20 letters, digits, dashes or spaces.
pub fn membership_is_valid(s: &str) -> bool {
    let s = s.trim();
    (3..=20).contains(&s.chars().count())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' ')
        && s.chars().any(|c| c.is_ascii_digit())
}

/// A typed name that signs a consent: 2 to 120 characters, letters among them, no control
/// characters. Returned with its spaces tidied.
pub fn signature(typed: &str) -> Option<String> {
    let s = typed.split_whitespace().collect::<Vec<_>>().join(" ");
    let ok = (2..=120).contains(&s.chars().count())
        && s.chars().any(char::is_alphabetic)
        && !s.chars().any(char::is_control);
    ok.then_some(s)
}

/// The public number of a representative profile: `R` and eight digits from `seed`.
pub fn number_from(seed: u64) -> String {
    format!("R{:08}", seed % 100_000_000)
}

/// A new random profile number.
pub fn new_number() -> String {
    use rand::RngExt;
    number_from(rand::rng().random::<u64>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paid_representatives_wait_and_decisions_follow_the_states() {
        assert_eq!(RepKind::Consultant.first_status(), RepStatus::Pending);
        assert_eq!(RepKind::Unpaid.first_status(), RepStatus::Verified);
        assert_eq!(RepDecision::Verify.apply(RepStatus::Pending), Some(RepStatus::Verified));
        assert_eq!(RepDecision::Verify.apply(RepStatus::Refused), None);
        assert_eq!(RepDecision::Suspend.apply(RepStatus::Pending), None);
        assert_eq!(RepDecision::Suspend.apply(RepStatus::Verified), Some(RepStatus::Suspended));
        assert_eq!(RepDecision::Reinstate.apply(RepStatus::Suspended), Some(RepStatus::Verified));
        assert!(!RepStatus::Suspended.may_act() && !RepStatus::Pending.may_act() && RepStatus::Verified.may_act());
        for k in RepKind::ALL {
            assert_eq!(RepKind::parse(k.as_str()), Some(k));
        }
        for s in ["requested", "active", "declined", "revoked", "withdrawn"] {
            assert_eq!(ConsentStatus::parse(s).map(ConsentStatus::as_str), Some(s));
        }
    }

    #[test]
    fn correspondence_routes_and_signatures() {
        assert!(Correspondence::Both.to_client() && Correspondence::Both.to_representative());
        assert!(!Correspondence::Representative.to_client());
        assert!(!Correspondence::Client.to_representative());
        assert_eq!(signature("  Marie   Curie "), Some("Marie Curie".to_owned()));
        assert_eq!(signature(" "), None);
        assert_eq!(signature("12"), None);
        assert!(membership_is_valid("R123456") && membership_is_valid("LSO 12345"));
        assert!(!membership_is_valid("ab") && !membership_is_valid("no-digits") && !membership_is_valid("R1<script>"));
        assert_eq!(number_from(123), "R00000123");
    }
}
