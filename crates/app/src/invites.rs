//! PR-portal invite codes: issuing one (an officer moves a file by hand or sends a new code; the
//! owner asks for a new one), revoking, and redeeming — with attempts limited per account and per
//! address, and a code bound to the file's owner or to its date of birth.

use chrono::{DateTime, Duration, Utc};
use portail_domain::account::AccountId;
use portail_domain::invite::{InviteState, RedeemRefusal, check, grouped, new_code, normalise};
use portail_domain::language::Lang;
use portail_domain::policy::{AccountAction, Actor, FileAction, Portal, decide_account};
use portail_domain::throttle::{COSTLY_ACTIONS_PER_ADDRESS, ThrottleRule};
use portail_store::invites::{Invite, NewInvite};
use portail_store::{FileRef, NewMail, Record};
use uuid::Uuid;

use crate::{App, Error, Result, mail};

/// Wrong codes per account: a few free, then slowed, then one try an hour.
pub const CODE_ATTEMPTS_PER_ACCOUNT: ThrottleRule =
    ThrottleRule { free_failures: 5, base_delay_secs: 30, max_delay_secs: 3600, forget_after: Duration::hours(24) };
/// Wrong codes per address (many people may share one).
pub const CODE_ATTEMPTS_PER_ADDRESS: ThrottleRule =
    ThrottleRule { free_failures: 20, base_delay_secs: 10, max_delay_secs: 3600, forget_after: Duration::hours(24) };

/// The email and the keyed hash of a fresh code for one file.
pub struct IssuedCode {
    pub code: String,
    pub hash: String,
    pub mail: NewMail,
}

impl App {
    /// When a code issued now stops working.
    pub fn invite_expiry(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now + Duration::days(self.settings.invite_days.max(1))
    }

    /// Makes a new code for a file and its invitation email.
    pub fn new_invite(&self, email: &str, lang: Lang, number: &str, expires_at: DateTime<Utc>) -> IssuedCode {
        let code = new_code();
        let hash = self.keyed_digest("invite-code", &code);
        let expires = expires_at.format("%Y-%m-%d").to_string();
        let mail = mail::pr_invite(email, lang, &grouped(&code), number, &self.settings.url("/pr"), &expires);
        IssuedCode { code, hash, mail }
    }

    async fn issue(
        &self,
        actor: &Actor,
        file: &FileRef,
        email: &str,
        lang: Lang,
        now: DateTime<Utc>,
    ) -> Result<IssuedCode> {
        let expires_at = self.invite_expiry(now);
        let issued = self.new_invite(email, lang, file.app.number.as_deref().unwrap_or(""), expires_at);
        let event = if file.facts.portal == Portal::Pr { "invite_reissued" } else { "moved_to_pr_portal" };
        let (who, target) = (actor.audit_name(), file.id().to_string());
        let mails = [issued.mail.clone()];
        let rec = Record::audit(&who, "invite_issued", &target, "").timeline(event, "").mails(&mails);
        let new = NewInvite { issued_to: file.owner().0, code_hash: &issued.hash, expires_at };
        self.store.issue_invite(file, &new, &rec, now).await?;
        self.mail_queued();
        Ok(issued)
    }

    /// Whether `app` may be moved to the PR portal: its program's category and its stage
    /// (`portail_domain::pr::can_move_to_pr`). The one check the operation and the pages share.
    pub fn can_move_to_pr(&self, app: &portail_store::applications::Application) -> bool {
        self.catalog.get(&app.type_id).is_some_and(|ty| portail_domain::pr::can_move_to_pr(ty.category, app.stage))
    }

    /// An officer moves the file to the PR portal by hand, or sends its owner a new code.
    pub async fn office_invite(&self, actor: &Actor, id: Uuid, now: DateTime<Utc>) -> Result<()> {
        let file = self.file(actor, id, FileAction::OfficeAct).await?;
        if !self.can_move_to_pr(&file.app) {
            return Err(Error::Conflict("office-pr-not-eligible"));
        }
        let owner = self.store.account(file.owner()).await?.ok_or(Error::NotFound)?;
        self.issue(actor, &file, &owner.email, owner.lang, now).await.map(|_| ())
    }

    pub async fn revoke_invite(&self, actor: &Actor, id: Uuid, now: DateTime<Utc>) -> Result<()> {
        let file = self.file(actor, id, FileAction::OfficeAct).await?;
        let (who, target) = (actor.audit_name(), id.to_string());
        self.store.revoke_invite(&file, &Record::audit(&who, "invite_revoked", &target, ""), now).await?;
        Ok(())
    }

    /// The owner asks for a new code for their moved file: the old one stops working, the new
    /// one is returned (to show once) and emailed.
    pub async fn owner_new_code(&self, actor: &Actor, id: Uuid, now: DateTime<Utc>) -> Result<(String, String)> {
        let key = format!("invite-resend:{}", actor.account.0);
        self.enforce_wait(&[(&key, &COSTLY_ACTIONS_PER_ADDRESS)], now).await?;
        let file = self.file(actor, id, FileAction::NewCode).await?;
        let moved = self.store.moved_files_of(actor.account).await?;
        if !moved.iter().any(|f| f.id == id && !f.redeemed) {
            return Err(Error::NotFound);
        }
        let owner = self.store.account(actor.account).await?.ok_or(Error::NotFound)?;
        let issued = self.issue(actor, &file, &owner.email, owner.lang, now).await?;
        self.record_failures(&[(&key, &COSTLY_ACTIONS_PER_ADDRESS)], now).await?;
        tracing::info!(event = "invite_reissued", application = %id);
        Ok((file.app.number.clone().unwrap_or_default(), grouped(&issued.code)))
    }

    /// The invite a typed code opens, if it may be redeemed now by `account` (or, with no account
    /// yet, by whoever gives the file's date of birth). Nothing is consumed here.
    pub async fn usable_invite(
        &self,
        typed: &str,
        date_of_birth: &str,
        account: Option<AccountId>,
        now: DateTime<Utc>,
    ) -> Result<std::result::Result<Invite, RedeemRefusal>> {
        let Some(code) = normalise(typed) else { return Ok(Err(RedeemRefusal::Unknown)) };
        let Some(invite) = self.store.invite_by_hash(&self.keyed_digest("invite-code", &code)).await? else {
            return Ok(Err(RedeemRefusal::Unknown));
        };
        // Someone else's code opens only with its file's date of birth, checked first: without it
        // the answer is the one a made-up code gets, whatever state the code is in.
        if account.is_none_or(|a| a.0 != invite.issued_to) {
            let as_date = |d: &str| portail_domain::application::parse_date(d).ok();
            let born = invite.birth_date().as_deref().and_then(as_date);
            if born.is_none() || born != as_date(date_of_birth) {
                return Ok(Err(RedeemRefusal::Unknown));
            }
        }
        let state = InviteState {
            expires_at: invite.expires_at,
            redeemed: invite.redeemed_at.is_some(),
            revoked: invite.revoked_at.is_some(),
        };
        if let Err(refusal) = check(&state, now) {
            return Ok(Err(refusal));
        }
        Ok(Ok(invite))
    }

    /// Redeems `invite` for `account` (audited with the file); false when another redemption won.
    pub async fn redeem(
        &self,
        invite: &Invite,
        account: AccountId,
        audit_name: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let target = invite.application_id.to_string();
        let rec = Record::audit(audit_name, "invite_redeemed", &target, "").timeline("invite_redeemed", "");
        Ok(self.store.redeem_invite(invite, account, &rec, now).await?)
    }

    /// A signed-in person redeems a code: the file joins their PR portal. Wrong codes are
    /// counted per account and per address (`ip`).
    pub async fn redeem_code(
        &self,
        actor: &Actor,
        ip: &str,
        code: &str,
        date_of_birth: &str,
        now: DateTime<Utc>,
    ) -> Result<Uuid> {
        decide_account(actor, AccountAction::Apply)?;
        let akey = format!("invite-account:{}", actor.account.0);
        let ikey = format!("invite-address:{ip}");
        let keys = [(akey.as_str(), &CODE_ATTEMPTS_PER_ACCOUNT), (ikey.as_str(), &CODE_ATTEMPTS_PER_ADDRESS)];
        self.enforce_wait(&keys, now).await?;
        let outcome = match self.usable_invite(code, date_of_birth, Some(actor.account), now).await? {
            Ok(invite) if self.redeem(&invite, actor.account, &actor.audit_name(), now).await? => {
                Ok(invite.application_id)
            }
            Ok(_) => Err(RedeemRefusal::Used),
            Err(refusal) => Err(refusal),
        };
        match outcome {
            Ok(application) => {
                tracing::info!(event = "invite_redeemed", application = %application);
                Ok(application)
            }
            Err(refusal) => {
                tracing::info!(event = "invite_refused", reason = refusal.code());
                self.record_failures(&keys, now).await?;
                Err(Error::field("code", refusal.code()))
            }
        }
    }
}
