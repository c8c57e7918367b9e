//! Enrolling an authenticator app (TOTP): the first code proves the secret was scanned; it is
//! stored with a fresh set of recovery codes, shown once.

use chrono::{DateTime, Utc};
use portail_domain::language::Lang;
use portail_domain::secret::{RECOVERY_CODE_COUNT, digest, new_recovery_code, normalise_recovery_code};
use portail_domain::totp::{TotpCheck, TotpSecret};

use portail_store::Record;

use crate::model::Account;
use crate::{App, Result, mail};

impl App {
    /// Enrols `secret` when `code` comes from it; the recovery codes to show, or `None` when the
    /// code is wrong. Replacing an earlier authenticator (`replacing`) emails a notice.
    pub async fn enrol_totp(
        &self,
        account: &Account,
        secret: &TotpSecret,
        code: &str,
        replacing: bool,
        lang: Lang,
        now: DateTime<Utc>,
    ) -> Result<Option<Vec<String>>> {
        let TotpCheck::Accepted { step } = secret.check(code, None, now) else {
            return Ok(None);
        };
        let codes: Vec<String> = (0..RECOVERY_CODE_COUNT).map(|_| new_recovery_code()).collect();
        let hashes: Vec<String> = codes.iter().map(|c| digest(&normalise_recovery_code(c))).collect();
        let notice: Vec<_> = replacing
            .then(|| mail::mfa_changed(&account.email, lang, &self.settings.url("/account")))
            .into_iter()
            .collect();
        let (who, target) = (format!("applicant:{}", account.username), format!("account:{}", account.username));
        let action = if replacing { "mfa_replaced" } else { "mfa_enrolled" };
        let rec = Record::audit(&who, action, &target, "totp").mails(&notice);
        let sealed = self.documents.keys().seal_secret(&secret.to_base32(), &crate::keys::totp_context(account.id));
        self.store.enrol_totp(account.id, &sealed, step, &hashes, &rec, now).await?;
        if !notice.is_empty() {
            self.mail_queued();
        }
        tracing::info!(event = "mfa_enrolled", "TOTP enrolled");
        Ok(Some(codes))
    }
}
