//! Configuration: defaults, then `portail.toml`, then `PORTAIL_…` environment variables
//! (nested keys with `__`, e.g. `PORTAIL_MAIL__SMTP_HOST`). Unknown keys are refused; secrets
//! are never printed.

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use portail_web::WebConfig;
use secrecy::SecretString;
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub listen: SocketAddr,
    /// `sqlite:…` or `postgres://…`; defaults to a SQLite file in `data_dir`.
    pub database_url: Option<SecretString>,
    pub data_dir: PathBuf,
    /// 64 hex characters; when absent, one is generated once and kept in `data_dir/secret.key`.
    pub secret_key: Option<SecretString>,
    /// 64 hex characters: the master key that wraps each document's key; when absent, one is
    /// generated once and kept in `data_dir/document.key`.
    pub document_key: Option<SecretString>,
    /// Earlier master keys still needed to open what they wrapped, until `portail keys retire`
    /// finds nothing under them (docs/operations.md, "Key rotation").
    pub previous_document_keys: Vec<SecretString>,
    pub log_format: LogFormat,
    /// A folder of catalog files replacing the built-in application types.
    pub catalog_dir: Option<PathBuf>,
    pub mail: MailConfig,
    pub web: WebConfig,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Json,
    Pretty,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum MailMode {
    /// Deliver over SMTP.
    Smtp,
    /// Write each mail to a file under `data_dir/mail/` (the demo).
    Files,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    None,
    Starttls,
    Tls,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MailConfig {
    pub mode: MailMode,
    pub smtp_host: String,
    pub smtp_port: u16,
    pub smtp_security: SmtpSecurity,
    pub smtp_username: Option<String>,
    pub smtp_password: Option<SecretString>,
    pub from: String,
    /// The domain of Message-IDs.
    pub domain: String,
    /// How often the worker looks for due mail when not woken up.
    pub poll_millis: u64,
}

impl Default for MailConfig {
    fn default() -> Self {
        MailConfig {
            mode: MailMode::Files,
            smtp_host: "127.0.0.1".into(),
            smtp_port: 25,
            smtp_security: SmtpSecurity::None,
            smtp_username: None,
            smtp_password: None,
            from: "Demo Immigration Agency <no-reply@portail.invalid>".into(),
            domain: "portail.invalid".into(),
            poll_millis: 5000,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: None,
            data_dir: PathBuf::from("data"),
            secret_key: None,
            document_key: None,
            previous_document_keys: Vec::new(),
            log_format: LogFormat::Json,
            catalog_dir: None,
            mail: MailConfig::default(),
            web: WebConfig::default(),
        }
    }
}

impl Config {
    /// Loads defaults → `file` (if it exists) → `PORTAIL_…` variables; `DATABASE_URL` is
    /// honoured too, as most hosting platforms set it.
    pub fn load(file: &std::path::Path) -> Result<Config, Box<figment::Error>> {
        let mut fig = Figment::new().merge(Toml::file(file)).merge(Env::prefixed("PORTAIL_").split("__"));
        if let Ok(url) = std::env::var("DATABASE_URL") {
            fig = fig.merge(("database_url", url));
        }
        fig.extract().map_err(Box::new)
    }

    pub fn database_url(&self) -> String {
        use secrecy::ExposeSecret;
        match &self.database_url {
            Some(u) => u.expose_secret().to_owned(),
            None => format!("sqlite:{}", self.data_dir.join("portail.db").display()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_refused() {
        let fig = Figment::new().merge(Toml::string("listen = \"127.0.0.1:1\"\nlisten_port = 3"));
        assert!(fig.extract::<Config>().is_err());
        let nested = Figment::new().merge(Toml::string("[mail]\nsmtp_hots = \"x\""));
        assert!(nested.extract::<Config>().is_err());
    }

    #[test]
    fn file_values_override_defaults_and_secrets_are_redacted() {
        let fig =
            Figment::new().merge(Toml::string("database_url = \"postgres://u:hunter2@db/x\"\n[web]\ndemo = true"));
        let c: Config = fig.extract().unwrap_or_default();
        assert!(c.web.demo);
        assert_eq!(c.database_url(), "postgres://u:hunter2@db/x");
        assert!(!format!("{c:?}").contains("hunter2"));
    }
}
