//! Who may do what: one pure function, [`decide`], that every operation asks before it reads or
//! changes a file, and [`decide_account`] for what is not about one file. A file a person may
//! not see does not exist for them (the adapters answer 404); a file they see but may not change
//! answers with the reason. The store turns an actor's [`Reach`] into SQL in one place, so no
//! query can show a file the policy would not.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::account::{AccountId, Role};
use crate::application::Stage;

/// What an API token may do. Pages act with a session, which may do both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scopes {
    pub read: bool,
    pub write: bool,
}

impl Scopes {
    pub const ALL: Scopes = Scopes { read: true, write: true };

    /// `read`, `write` or `read write` (any order, spaces or commas); `None` for anything else.
    pub fn parse(s: &str) -> Option<Scopes> {
        let mut scopes = Scopes::default();
        for part in s.split([' ', ',']).filter(|p| !p.is_empty()) {
            match part {
                "read" => scopes.read = true,
                "write" => scopes.write = true,
                _ => return None,
            }
        }
        (scopes.read || scopes.write).then_some(scopes)
    }

    pub fn as_str(self) -> &'static str {
        match (self.read, self.write) {
            (true, true) => "read write",
            (false, true) => "write",
            _ => "read",
        }
    }
}

/// How the actor reached portail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    /// A signed-in browser session, with the time of its last full sign-in.
    Session { authenticated_at: DateTime<Utc> },
    /// A personal access token.
    Token { id: Uuid, scopes: Scopes },
}

/// Who is acting. Every operation takes one; the audit log names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub account: AccountId,
    pub username: String,
    pub role: Role,
    pub via: Via,
}

impl Actor {
    /// `applicant:marie`, `officer:jlee`: how the audit log and the history name the actor.
    pub fn audit_name(&self) -> String {
        format!("{}:{}", self.role.as_str(), self.username)
    }

    pub fn scopes(&self) -> Scopes {
        match self.via {
            Via::Session { .. } => Scopes::ALL,
            Via::Token { scopes, .. } => scopes,
        }
    }

    pub fn is_staff(&self) -> bool {
        self.role.is_staff()
    }

    /// The files the store may show this actor at all.
    pub fn reach(&self) -> Reach {
        if self.role.is_staff() { Reach::Office } else { Reach::Own(self.account) }
    }

    /// Signed in (with both factors) at most `window` ago, through a session.
    pub fn signed_in_within(&self, window: chrono::Duration, now: DateTime<Utc>) -> bool {
        matches!(self.via, Via::Session { authenticated_at } if now - authenticated_at < window)
    }
}

/// Which files an actor reaches: the store turns this into one SQL condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// The person's own files, and the files they opened in the PR portal with a code.
    Own(AccountId),
    /// Every submitted file (staff).
    Office,
}

/// Which portal manages a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Portal {
    Secure,
    Pr,
}

impl Portal {
    pub fn parse(s: &str) -> Option<Portal> {
        match s {
            "secure" => Some(Portal::Secure),
            "pr" => Some(Portal::Pr),
            _ => None,
        }
    }
}

/// What the store knows of a file an actor reaches, as the policy needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileFacts {
    pub stage: Stage,
    /// The actor owns the file (applied for it, or linked it).
    pub is_owner: bool,
    /// The actor opened the file in the PR portal with an invite code.
    pub pr_access: bool,
    pub portal: Portal,
    /// The actor reaches the file as the client's representative, under an active consent.
    pub representing: Option<Representing>,
}

/// What a consent lets a representative do with a file (the store says only while the consent
/// is active and the representative may act).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Representing {
    /// Act as well as read: fill sections, upload, answer requests, write, PR tasks.
    pub act: bool,
}

/// What an actor wants to do with a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileAction {
    /// Read it in the secure account: status, history, documents, letters, messages.
    Read,
    /// Change a draft: sections, members, documents, payment, submission, deletion.
    EditDraft,
    /// Follow a submitted file: withdraw, write to the agency, answer a request, ask for time.
    Follow,
    /// Ask for a new PR-portal code for one's own moved file.
    NewCode,
    /// Read it in the PR portal.
    PrRead,
    /// Complete its PR-confirmation tasks.
    PrTask,
    /// What only the client may do personally: sign a declaration (submit, presence in
    /// Canada), withdraw the application, delete a draft. Asked with the action it goes with.
    Sign,
    /// Staff read: the file page, its documents, letters and PR side.
    OfficeRead,
    /// Staff change: decisions, letters, requests, notes, steps, codes, reviews, eCOPR.
    OfficeAct,
}

impl FileAction {
    fn writes(self) -> bool {
        !matches!(self, FileAction::Read | FileAction::PrRead | FileAction::OfficeRead)
    }

    fn reads_only(self) -> bool {
        matches!(self, FileAction::Read | FileAction::PrRead)
    }
}

/// Why the policy said no.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denial {
    /// Not theirs, or not in a state where this exists for them: answered as "no such file".
    NotFound,
    /// The file is managed in the PR portal: the secure account shows it read-only.
    ManagedInPrPortal,
    /// The token does not carry the scope this needs.
    Scope,
    /// Only an administrator may do this.
    AdministratorsOnly,
    /// Not with a token: only in a signed-in session.
    SessionOnly,
    /// The client must do this personally (or the consent is read-only).
    ClientOnly,
}

impl Denial {
    /// The stable code of the refusal.
    pub fn code(self) -> &'static str {
        match self {
            Denial::NotFound => "not-found",
            Denial::ManagedInPrPortal => "managed-in-pr-portal",
            Denial::Scope => "insufficient-scope",
            Denial::AdministratorsOnly => "not-found",
            Denial::SessionOnly => "session-only",
            Denial::ClientOnly => "client-only",
        }
    }
}

fn scope_allows(actor: &Actor, writes: bool) -> Result<(), Denial> {
    let s = actor.scopes();
    if (writes && !s.write) || (!writes && !s.read) { Err(Denial::Scope) } else { Ok(()) }
}

/// Decides whether `actor` may do `action` to a file they reach with these `facts`.
pub fn decide(actor: &Actor, action: FileAction, facts: &FileFacts) -> Result<(), Denial> {
    // A representative stands where the client stands, as far as the consent goes; never for
    // what the client must do personally, and never with the client's PR-portal code.
    let rep = match facts.representing {
        Some(r) if !facts.is_owner => r.act || action.reads_only(),
        _ => false,
    };
    let reach = Standing {
        client: facts.is_owner || rep,
        in_pr: facts.pr_access || (rep && facts.portal == Portal::Pr),
        personally: facts.is_owner || facts.pr_access,
    };
    if !reach.allows(actor.is_staff(), action, facts.stage) {
        // What the client could do here is refused to their representative with the reason.
        let as_client = Standing { client: true, in_pr: facts.portal == Portal::Pr, personally: true };
        let represented = facts.representing.is_some() && !facts.is_owner;
        return Err(if represented && as_client.allows(false, action, facts.stage) {
            Denial::ClientOnly
        } else {
            Denial::NotFound
        });
    }
    if let (FileAction::NewCode | FileAction::PrTask, Portal::Secure) = (action, facts.portal) {
        return Err(Denial::NotFound);
    }
    scope_allows(actor, action.writes())?;
    match (action, facts.portal) {
        (FileAction::Follow | FileAction::EditDraft, Portal::Pr) => Err(Denial::ManagedInPrPortal),
        _ => Ok(()),
    }
}

/// Where a non-staff actor stands with a file.
struct Standing {
    /// The client, or their representative with the consent for this.
    client: bool,
    /// Manages the file in the PR portal (with a code, or as the representative of one who does).
    in_pr: bool,
    /// The client themselves (owner or PR-portal holder).
    personally: bool,
}

impl Standing {
    fn allows(&self, staff: bool, action: FileAction, stage: Stage) -> bool {
        let draft = stage == Stage::Draft;
        match action {
            FileAction::OfficeRead | FileAction::OfficeAct => staff && !draft,
            _ if staff => false,
            FileAction::Read => self.client,
            FileAction::EditDraft => self.client && draft,
            FileAction::Follow => self.client && !draft,
            FileAction::NewCode => self.personally && self.client && !draft,
            FileAction::PrRead | FileAction::PrTask => self.in_pr,
            FileAction::Sign => self.personally,
        }
    }
}

/// What an actor wants to do that is not about one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountAction {
    /// List their own files, letters and messages.
    ReadOwn,
    /// Start a draft, link a paper file, redeem an invite code.
    Apply,
    /// Make or revoke personal access tokens, change the password or MFA.
    ManageCredentials,
    /// The work queue.
    OfficeQueue,
    /// Staff accounts, migration rules and waves.
    Administer,
}

pub fn decide_account(actor: &Actor, action: AccountAction) -> Result<(), Denial> {
    let staff = actor.is_staff();
    match action {
        AccountAction::ReadOwn if staff => Err(Denial::NotFound),
        AccountAction::Apply if staff => Err(Denial::NotFound),
        AccountAction::OfficeQueue if !staff => Err(Denial::NotFound),
        AccountAction::Administer if actor.role != Role::Administrator => Err(Denial::AdministratorsOnly),
        AccountAction::ManageCredentials if matches!(actor.via, Via::Token { .. }) => Err(Denial::SessionOnly),
        AccountAction::ReadOwn | AccountAction::OfficeQueue => scope_allows(actor, false),
        _ => scope_allows(actor, true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, via: Via) -> Actor {
        Actor { account: AccountId::new(), username: "someone".into(), role, via }
    }

    fn session() -> Via {
        Via::Session { authenticated_at: DateTime::<Utc>::UNIX_EPOCH }
    }

    fn token(read: bool, write: bool) -> Via {
        Via::Token { id: Uuid::nil(), scopes: Scopes { read, write } }
    }

    const ACTIONS: [FileAction; 9] = [
        FileAction::Read,
        FileAction::EditDraft,
        FileAction::Follow,
        FileAction::NewCode,
        FileAction::PrRead,
        FileAction::PrTask,
        FileAction::Sign,
        FileAction::OfficeRead,
        FileAction::OfficeAct,
    ];

    /// The whole matrix: who (owner, PR-portal holder, stranger, officer) × action × file
    /// (draft, submitted, moved to the PR portal). `true` = allowed.
    #[test]
    fn the_file_matrix() {
        let draft = FileFacts {
            stage: Stage::Draft,
            is_owner: true,
            pr_access: false,
            portal: Portal::Secure,
            representing: None,
        };
        let submitted = FileFacts { stage: Stage::Submitted, ..draft };
        let moved = FileFacts { stage: Stage::InProgress, pr_access: true, portal: Portal::Pr, ..draft };
        let holder = FileFacts { is_owner: false, ..moved };
        let stranger = FileFacts { is_owner: false, pr_access: false, ..submitted };
        let applicant = actor(Role::Applicant, session());
        let officer = actor(Role::Officer, session());
        #[rustfmt::skip]
        let rows: &[(&Actor, FileFacts, [bool; 9])] = &[
            //                      Read   Edit   Follow NewCode PrRead PrTask Sign   ORead  OAct
            (&applicant, draft,     [true, true,  false, false, false, false, true,  false, false]),
            (&applicant, submitted, [true, false, true,  false, false, false, true,  false, false]),
            (&applicant, moved,     [true, false, false, true,  true,  true,  true,  false, false]),
            (&applicant, holder,    [false, false, false, false, true, true,  true,  false, false]),
            (&applicant, stranger,  [false, false, false, false, false, false, false, false, false]),
            (&officer, draft,       [false, false, false, false, false, false, false, false, false]),
            (&officer, submitted,   [false, false, false, false, false, false, false, true,  true]),
            (&officer, moved,       [false, false, false, false, false, false, false, true,  true]),
        ];
        for (who, facts, expected) in rows {
            for (action, allowed) in ACTIONS.iter().zip(expected) {
                assert_eq!(decide(who, *action, facts).is_ok(), *allowed, "{:?} {action:?} {facts:?}", who.role);
            }
        }
        assert_eq!(decide(&applicant, FileAction::Follow, &moved), Err(Denial::ManagedInPrPortal));
        assert_eq!(decide(&applicant, FileAction::Read, &stranger), Err(Denial::NotFound));
    }

    /// The representative row: a client's files as the consent allows, never what the client
    /// must do personally; the reason told where the client could.
    #[test]
    fn the_representative_matrix() {
        let acting = Some(Representing { act: true });
        let reading = Some(Representing { act: false });
        let base = FileFacts {
            stage: Stage::Draft,
            is_owner: false,
            pr_access: false,
            portal: Portal::Secure,
            representing: acting,
        };
        let draft = base;
        let submitted = FileFacts { stage: Stage::Submitted, ..base };
        let moved = FileFacts { stage: Stage::InProgress, portal: Portal::Pr, ..base };
        let read_only = FileFacts { representing: reading, ..submitted };
        let rep = actor(Role::Applicant, session());
        #[rustfmt::skip]
        let rows: &[(FileFacts, [bool; 9])] = &[
            //           Read   Edit   Follow NewCode PrRead PrTask Sign   ORead  OAct
            (draft,     [true,  true,  false, false, false, false, false, false, false]),
            (submitted, [true,  false, true,  false, false, false, false, false, false]),
            (moved,     [true,  false, false, false, true,  true,  false, false, false]),
            (read_only, [true,  false, false, false, false, false, false, false, false]),
        ];
        for (facts, expected) in rows {
            for (action, allowed) in ACTIONS.iter().zip(expected) {
                assert_eq!(decide(&rep, *action, facts).is_ok(), *allowed, "{action:?} {facts:?}");
            }
        }
        assert_eq!(decide(&rep, FileAction::Sign, &submitted), Err(Denial::ClientOnly));
        assert_eq!(decide(&rep, FileAction::NewCode, &moved), Err(Denial::ClientOnly));
        assert_eq!(decide(&rep, FileAction::Follow, &read_only), Err(Denial::ClientOnly));
        // What the client could not do either stays "no such thing".
        assert_eq!(decide(&rep, FileAction::EditDraft, &submitted), Err(Denial::NotFound));
        assert_eq!(decide(&rep, FileAction::OfficeRead, &submitted), Err(Denial::NotFound));
        // A representative's read-only token reads, and writes nothing.
        let token_rep = actor(Role::Applicant, token(true, false));
        assert_eq!(decide(&token_rep, FileAction::Read, &submitted), Ok(()));
        assert_eq!(decide(&token_rep, FileAction::Follow, &submitted), Err(Denial::Scope));
        // Owning the file wins over any consent naming the same person.
        let own = FileFacts { is_owner: true, ..read_only };
        assert_eq!(decide(&rep, FileAction::Sign, &own), Ok(()));
    }

    #[test]
    fn tokens_do_only_what_their_scopes_say() {
        let submitted = FileFacts {
            stage: Stage::Submitted,
            is_owner: true,
            pr_access: false,
            portal: Portal::Secure,
            representing: None,
        };
        let reader = actor(Role::Applicant, token(true, false));
        let writer = actor(Role::Applicant, token(false, true));
        assert_eq!(decide(&reader, FileAction::Read, &submitted), Ok(()));
        assert_eq!(decide(&reader, FileAction::Follow, &submitted), Err(Denial::Scope));
        assert_eq!(decide(&writer, FileAction::Follow, &submitted), Ok(()));
        assert_eq!(decide(&writer, FileAction::Read, &submitted), Err(Denial::Scope));
        // A file that is not theirs stays "not found", whatever the scope.
        let other = FileFacts { is_owner: false, ..submitted };
        assert_eq!(decide(&reader, FileAction::Read, &other), Err(Denial::NotFound));
        assert_eq!(decide_account(&reader, AccountAction::ManageCredentials), Err(Denial::SessionOnly));
        // The scope is told before the portal: a read-only token writing to a moved file.
        let moved = FileFacts { portal: Portal::Pr, ..submitted };
        assert_eq!(decide(&reader, FileAction::Follow, &moved), Err(Denial::Scope));
        assert_eq!(decide(&writer, FileAction::Follow, &moved), Err(Denial::ManagedInPrPortal));
        assert_eq!(decide_account(&reader, AccountAction::Apply), Err(Denial::Scope));
        assert_eq!(decide_account(&writer, AccountAction::Apply), Ok(()));
    }

    #[test]
    fn the_account_matrix() {
        let applicant = actor(Role::Applicant, session());
        let officer = actor(Role::Officer, session());
        let admin = actor(Role::Administrator, session());
        #[rustfmt::skip]
        let rows: &[(&Actor, [bool; 5])] = &[
            //           ReadOwn Apply  Creds  Queue  Admin
            (&applicant, [true,  true,  true,  false, false]),
            (&officer,   [false, false, true,  true,  false]),
            (&admin,     [false, false, true,  true,  true]),
        ];
        let actions = [
            AccountAction::ReadOwn,
            AccountAction::Apply,
            AccountAction::ManageCredentials,
            AccountAction::OfficeQueue,
            AccountAction::Administer,
        ];
        for (who, expected) in rows {
            for (action, allowed) in actions.iter().zip(expected) {
                assert_eq!(decide_account(who, *action).is_ok(), *allowed, "{:?} {action:?}", who.role);
            }
        }
    }

    #[test]
    fn reach_and_names() {
        let a = actor(Role::Applicant, session());
        assert_eq!(a.reach(), Reach::Own(a.account));
        assert_eq!(actor(Role::Officer, session()).reach(), Reach::Office);
        assert_eq!(a.audit_name(), "applicant:someone");
        assert_eq!(Scopes::parse("read,write"), Some(Scopes::ALL));
        assert_eq!(Scopes::parse("admin"), None);
        assert_eq!(Scopes::parse(""), None);
        let t0 = DateTime::<Utc>::UNIX_EPOCH;
        assert!(a.signed_in_within(chrono::Duration::minutes(5), t0 + chrono::Duration::minutes(4)));
        assert!(!actor(Role::Applicant, token(true, true)).signed_in_within(chrono::Duration::minutes(5), t0));
    }
}
