//! The mail worker: claims due rows of the outbox, delivers them over SMTP (or, in the demo,
//! writes them to files), and retries failures with exponential backoff. Each row gets a
//! deterministic Message-ID, so a retry after a crash is recognisable as the same mail.

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use lettre::message::Mailbox;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use portail_app::clock::Clock;
use portail_store::{OutboxMail, Store};
use secrecy::ExposeSecret;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::Notify;

use crate::config::{MailConfig, MailMode, SmtpSecurity};

/// Attempts before a mail is given up (about a day of retries).
pub const MAX_ATTEMPTS: i64 = 16;
/// Mails claimed at a time, all delivered at once (each over its own pooled SMTP connection: a
/// delivery is a few round trips, so throughput grows with the number in flight). A claimed mail
/// never waits behind another delivery, so its lease only has to outlast one delivery.
const BATCH: i64 = 32;
const IN_FLIGHT: usize = BATCH as usize;
/// How long a claim holds its mails: one delivery, bounded by the 20-second SMTP timeout, and a
/// margin. A crashed worker's undelivered mail is taken over after this (it was 300 s, then 120 s;
/// `scripts/prove` found mail of a killed process held that long).
pub const LEASE_SECS: i64 = 30;
/// A relay that cannot be reached (connection refused, network down) says nothing about the
/// mail: it is tried again this soon and the attempt is not counted, so an outage of hours gives
/// up no mail and everything goes out within seconds of the relay coming back.
pub const UNREACHABLE_RETRY_SECS: i64 = 10;

pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
}

pub struct Mailer {
    pub store: Store,
    pub transport: Transport,
    /// `mail.from`: the sender of English mail ("Demo Immigration Agency <no-reply@…>").
    pub from: String,
    /// The sender's name on French mail (the French brand), with the same address.
    pub from_name_fr: String,
    pub domain: String,
    pub clock: Clock,
    pub poll: std::time::Duration,
}

/// The wait before attempt `attempts + 1`: 30 s, 1 min, 2 min … capped at one hour.
pub fn backoff(attempts: i64) -> Duration {
    let secs = 30i64.saturating_mul(1i64 << attempts.clamp(0, 20));
    Duration::seconds(secs.min(3600))
}

/// Whether delivery failed before any SMTP server answered: no connection, or the network
/// failed under it (not a refusal, a timeout or a TLS failure, which count as attempts).
fn relay_unreachable(e: &anyhow::Error) -> bool {
    e.downcast_ref::<lettre::transport::smtp::Error>().is_some_and(|s| {
        !(s.is_response()
            || s.is_client()
            || s.is_transient()
            || s.is_permanent()
            || s.is_timeout()
            || s.is_tls()
            || s.is_transport_shutdown())
    })
}

impl Transport {
    pub fn from_config(cfg: &MailConfig, data_dir: &std::path::Path) -> anyhow::Result<Transport> {
        Ok(match cfg.mode {
            MailMode::Files => Transport::Files(data_dir.join("mail")),
            MailMode::Smtp => {
                let builder = match cfg.smtp_security {
                    SmtpSecurity::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&cfg.smtp_host),
                    SmtpSecurity::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&cfg.smtp_host)?,
                    SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&cfg.smtp_host)?,
                };
                let pool = lettre::transport::smtp::PoolConfig::new().max_size(IN_FLIGHT as u32);
                let mut builder =
                    builder.port(cfg.smtp_port).timeout(Some(std::time::Duration::from_secs(20))).pool_config(pool);
                if let (Some(user), Some(pass)) = (&cfg.smtp_username, &cfg.smtp_password) {
                    builder = builder.credentials(Credentials::new(user.clone(), pass.expose_secret().to_owned()));
                }
                Transport::Smtp(builder.build())
            }
        })
    }
}

impl Mailer {
    /// The sender in the mail's language: French mail comes from the French brand.
    fn sender(&self, lang: &str) -> anyhow::Result<Mailbox> {
        let english: Mailbox = self.from.parse().context("mail.from is not an address")?;
        Ok(if lang == "fr" { Mailbox::new(Some(self.from_name_fr.clone()), english.email) } else { english })
    }

    fn message(&self, mail: &OutboxMail) -> anyhow::Result<Message> {
        let language = HeaderValue::new(HeaderName::new_from_ascii_str("Content-Language"), mail.lang.clone());
        Message::builder()
            .from(self.sender(&mail.lang)?)
            .raw_header(language)
            .to(mail.to_address.parse().context("recipient is not an address")?)
            .subject(mail.subject.clone())
            .message_id(Some(format!("<{}@{}>", mail.id, self.domain)))
            .date(mail.created_at.into())
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone())
            .context("building the message")
    }

    pub async fn deliver(&self, mail: &OutboxMail) -> anyhow::Result<()> {
        let message = self.message(mail)?;
        match &self.transport {
            Transport::Smtp(smtp) => {
                smtp.send(message).await.context("SMTP delivery")?;
            }
            Transport::Files(dir) => {
                tokio::fs::create_dir_all(dir).await?;
                let name = format!("{}-{}.eml", mail.created_at.format("%Y%m%dT%H%M%S%.6f"), mail.id);
                tokio::fs::write(dir.join(name), message.formatted()).await?;
            }
        }
        Ok(())
    }

    /// Delivers one batch of the mail due now, a few deliveries in flight (over pooled SMTP
    /// connections); returns how many were sent. Each mail is marked sent as soon as the server
    /// took it: a crash sends again at most the mails in flight at that instant (with the same
    /// Message-ID), never the whole batch.
    pub async fn run_once(&self, now: DateTime<Utc>) -> anyhow::Result<usize> {
        use futures_util::StreamExt;
        let due = self.store.claim_due_mail(now, now + Duration::seconds(LEASE_SECS), BATCH).await?;
        let results: Vec<anyhow::Result<bool>> = futures_util::stream::iter(due)
            .map(|mail| async move {
                match self.deliver(&mail).await {
                    Ok(()) => {
                        self.store.mark_mails_sent(&[mail.id], self.clock.now()).await?;
                        Ok(true)
                    }
                    Err(e) => self.failed(&mail, e).await.map(|()| false),
                }
            })
            .buffer_unordered(IN_FLIGHT)
            .collect()
            .await;
        let mut sent = 0;
        for r in results {
            sent += usize::from(r?);
        }
        Ok(sent)
    }

    async fn failed(&self, mail: &OutboxMail, e: anyhow::Error) -> anyhow::Result<()> {
        if relay_unreachable(&e) {
            tracing::warn!(mail_id = %mail.id, error = %format!("{e:#}"), "SMTP relay unreachable; mail waits");
            let retry = self.clock.now() + Duration::seconds(UNREACHABLE_RETRY_SECS);
            self.store.defer_mail(mail.id, &format!("{e:#}"), retry).await?;
            return Ok(());
        }
        let attempts = mail.attempts + 1;
        let retry = (attempts < MAX_ATTEMPTS).then(|| self.clock.now() + backoff(mail.attempts));
        tracing::warn!(mail_id = %mail.id, kind = %mail.kind, attempts, error = %format!("{e:#}"), "mail not delivered");
        self.store.mark_mail_failed(mail.id, &format!("{e:#}"), retry, self.clock.now()).await?;
        Ok(())
    }

    /// Runs until `stop` is notified: delivers due mail whenever woken or every poll interval.
    pub async fn run(self, wake: Arc<Notify>, mut stop: tokio::sync::watch::Receiver<bool>) {
        loop {
            let full = match self.run_once(self.clock.now()).await {
                Ok(sent) => sent >= BATCH as usize,
                Err(e) => {
                    tracing::error!(error = %format!("{e:#}"), "mail worker");
                    false
                }
            };
            if *stop.borrow() {
                return;
            }
            if full {
                // More is waiting (a wave): go on at once.
                continue;
            }
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(self.poll) => {}
                _ = stop.changed() => return,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(backoff(0), Duration::seconds(30));
        assert_eq!(backoff(1), Duration::seconds(60));
        assert_eq!(backoff(10), Duration::seconds(3600));
    }
}
