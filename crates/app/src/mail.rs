//! The emails portail sends, rendered in the recipient's language. They say what to do and
//! where, and hold no personal data beyond what the action needs.

use portail_domain::language::Lang;
use portail_store::NewMail;

use portail_i18n::Tr;

fn mail(kind: &'static str, to: &str, lang: Lang, key: &str, args: &[(&'static str, String)]) -> NewMail {
    let t = Tr::new(lang);
    NewMail {
        kind,
        to: to.to_owned(),
        subject: t.with(&format!("{key}-subject"), args),
        body: t.with(&format!("{key}-body"), args),
        lang,
    }
}

pub fn confirm_code(to: &str, lang: Lang, code: &str, url: &str) -> NewMail {
    mail("confirm_email", to, lang, "mail-confirm", &[("code", code.to_owned()), ("url", url.to_owned())])
}

pub fn reset_link(to: &str, lang: Lang, username: &str, link: &str) -> NewMail {
    mail("reset_password", to, lang, "mail-reset", &[("username", username.to_owned()), ("link", link.to_owned())])
}

pub fn password_changed(to: &str, lang: Lang, url: &str) -> NewMail {
    mail("password_changed", to, lang, "mail-password-changed", &[("url", url.to_owned())])
}

pub fn mfa_changed(to: &str, lang: Lang, url: &str) -> NewMail {
    mail("mfa_changed", to, lang, "mail-mfa-changed", &[("url", url.to_owned())])
}

pub fn submitted(to: &str, lang: Lang, url: &str) -> NewMail {
    mail("application_submitted", to, lang, "mail-submitted", &[("url", url.to_owned())])
}

pub fn withdrawn(to: &str, lang: Lang, url: &str) -> NewMail {
    mail("application_withdrawn", to, lang, "mail-withdrawn", &[("url", url.to_owned())])
}

pub fn letter_waiting(to: &str, lang: Lang, url: &str) -> NewMail {
    mail("letter_waiting", to, lang, "mail-letter", &[("url", url.to_owned())])
}

pub fn reminder(to: &str, lang: Lang, url: &str, missed: bool) -> NewMail {
    let key = if missed { "mail-overdue" } else { "mail-reminder" };
    mail("request_reminder", to, lang, key, &[("url", url.to_owned())])
}

pub fn message_waiting(to: &str, lang: Lang, url: &str) -> NewMail {
    mail("message_waiting", to, lang, "mail-message", &[("url", url.to_owned())])
}

/// The PR-portal invitation: the code, the file, and plain steps to follow.
pub fn pr_invite(to: &str, lang: Lang, code: &str, number: &str, url: &str, expires: &str) -> NewMail {
    let args = [
        ("code", code.to_owned()),
        ("number", number.to_owned()),
        ("url", url.to_owned()),
        ("expires", expires.to_owned()),
    ];
    mail("pr_invite", to, lang, "mail-pr-invite", &args)
}

/// A PR-confirmation task came back from an officer (what and why are in the portal).
pub fn pr_task_returned(to: &str, lang: Lang, url: &str) -> NewMail {
    mail("pr_task_returned", to, lang, "mail-pr-returned", &[("url", url.to_owned())])
}

/// The eCOPR is ready in the PR portal.
pub fn ecopr_issued(to: &str, lang: Lang, url: &str) -> NewMail {
    mail("ecopr_issued", to, lang, "mail-ecopr", &[("url", url.to_owned())])
}

/// A representative's profile was verified, refused, suspended or reinstated (the reason is in
/// their account).
pub fn representative_decided(to: &str, lang: Lang, url: &str) -> NewMail {
    mail("representative_decided", to, lang, "mail-rep-decided", &[("url", url.to_owned())])
}

/// A representative asks to act for the client: they answer in their account.
pub fn consent_asked(to: &str, lang: Lang, url: &str) -> NewMail {
    mail("consent_asked", to, lang, "mail-consent-asked", &[("url", url.to_owned())])
}

/// A client appointed the representative, or accepted their request.
pub fn consent_given(to: &str, lang: Lang, url: &str) -> NewMail {
    mail("consent_given", to, lang, "mail-consent-given", &[("url", url.to_owned())])
}

/// A consent ended: the client revoked it or the representative withdrew.
pub fn consent_ended(to: &str, lang: Lang, url: &str) -> NewMail {
    mail("consent_ended", to, lang, "mail-consent-ended", &[("url", url.to_owned())])
}

/// The client's representative did something on their file.
pub fn representative_acted(to: &str, lang: Lang, url: &str) -> NewMail {
    mail("representative_acted", to, lang, "mail-rep-acted", &[("url", url.to_owned())])
}

/// Someone added the person as an assistant of their representative firm.
pub fn delegate_added(to: &str, lang: Lang, url: &str) -> NewMail {
    mail("delegate_added", to, lang, "mail-delegate-added", &[("url", url.to_owned())])
}

/// A maintenance window covers a deadline of the person's (no personal data: the times only).
pub fn maintenance_ahead(to: &str, lang: Lang, w: &portail_domain::maintenance::Window, url: &str) -> NewMail {
    let when = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%d %H:%M").to_string();
    let args = [("start", when(w.starts_at)), ("end", when(w.ends_at)), ("url", url.to_owned())];
    mail("maintenance_ahead", to, lang, "mail-maintenance", &args)
}
