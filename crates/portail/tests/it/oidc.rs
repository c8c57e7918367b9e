//! OpenID providers for the partner tests: the certified `oidc-provider` npm package started as a
//! child process (`e2e/oidc-provider.mjs`), and a person logging in there with a plain HTTP
//! client that keeps the provider's cookies.

use portail::config::Config;
use portail_web::partners::PartnerConfig;
use reqwest::header::{LOCATION, SET_COOKIE};
use std::collections::BTreeMap;
use tokio::io::AsyncBufReadExt;

use crate::helpers::Browser;

/// One running `oidc-provider`, stopped when dropped.
pub struct RealProvider {
    pub issuer: String,
    pub partner: String,
    _child: tokio::process::Child,
}

impl RealProvider {
    pub async fn start(partner: &str) -> RealProvider {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../e2e/oidc-provider.mjs");
        let modules = concat!(env!("CARGO_MANIFEST_DIR"), "/../../e2e/node_modules/oidc-provider");
        assert!(
            std::path::Path::new(modules).exists(),
            "the partner tests need the npm package oidc-provider: run `bash e2e/install.sh` (scripts/test does)"
        );
        let mut child = tokio::process::Command::new("node")
            .args([script, "--port", "0", "--partner", partner])
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("node runs");
        let stdout = child.stdout.take().unwrap();
        let mut lines = tokio::io::BufReader::new(stdout).lines();
        let ready = tokio::time::timeout(std::time::Duration::from_secs(20), lines.next_line())
            .await
            .expect("oidc-provider started within 20 s")
            .unwrap()
            .unwrap_or_default();
        let issuer = ready.strip_prefix("READY ").unwrap_or_else(|| panic!("unexpected: {ready}")).to_owned();
        RealProvider { issuer, partner: partner.to_owned(), _child: child }
    }

    /// How an operator would configure this provider as a partner.
    pub fn config(&self, name_en: &str, name_fr: &str) -> PartnerConfig {
        partner_config(&self.issuer, &format!("portail-secret-{}", self.partner), name_en, name_fr)
    }
}

pub fn partner_config(issuer: &str, secret: &str, name_en: &str, name_fr: &str) -> PartnerConfig {
    let toml = format!(
        "name_en = \"{name_en}\"\nname_fr = \"{name_fr}\"\nlogo_text_en = \"{l}\"\nlogo_text_fr = \"{l}\"\n\
         issuer = \"{issuer}\"\nclient_id = \"portail\"\nclient_secret = \"{secret}\"\n\
         scopes = [\"openid\", \"email\", \"profile\"]",
        l = &name_en[..1],
    );
    use figment::providers::Format;
    figment::Figment::new().merge(figment::providers::Toml::string(&toml)).extract().unwrap()
}

pub fn add_partner(config: &mut Config, id: &str, partner: PartnerConfig) {
    config.web.partners.insert(id.to_owned(), partner);
}

/// A person at a provider: a cookie jar for the provider's host (paths ignored: sending a cookie
/// to more paths than a browser would changes nothing here).
pub struct ProviderSession {
    http: reqwest::Client,
    cookies: BTreeMap<String, String>,
}

impl ProviderSession {
    pub fn new() -> ProviderSession {
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        ProviderSession { http, cookies: BTreeMap::new() }
    }

    async fn send(&mut self, req: reqwest::RequestBuilder) -> (reqwest::StatusCode, String, String) {
        let cookie = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
        let res = req.header("cookie", cookie).send().await.unwrap();
        for v in res.headers().get_all(SET_COOKIE) {
            let v = v.to_str().unwrap();
            let pair = v.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || v.contains("expires=Thu, 01 Jan 1970") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let status = res.status();
        let location = res.headers().get(LOCATION).map(|l| l.to_str().unwrap().to_owned()).unwrap_or_default();
        (status, location, res.text().await.unwrap())
    }

    /// From the authorization URL to the redirect back to portail, logging in as `login` when
    /// the provider asks. Returns the callback path with its query.
    pub async fn authorize(&mut self, authorize_url: &str, login: &str) -> String {
        let origin = origin_of(authorize_url);
        let mut next = authorize_url.to_owned();
        for _ in 0..10 {
            let (status, location, body) = self.send(self.http.get(&next)).await;
            if status.is_redirection() {
                let absolute = if location.starts_with('/') { format!("{origin}{location}") } else { location };
                if absolute.contains("/sign-in/partner/callback") {
                    return path_of(&absolute);
                }
                next = absolute;
                continue;
            }
            assert_eq!(status, 200, "provider page {next}: {body}");
            if next.contains("/interaction/") {
                let (s, location, body) =
                    self.send(self.http.post(format!("{next}/login")).form(&[("login", login)])).await;
                assert!(s.is_redirection(), "login refused: {body}");
                next = if location.starts_with('/') { format!("{origin}{location}") } else { location };
            } else if body.contains("name=\"xsrf\"") {
                // A different person logging in: the provider first ends the previous session.
                let xsrf = crate::helpers::between(&body, "name=\"xsrf\" value=\"", "\"").to_owned();
                let (s, location, _) = self
                    .send(
                        self.http
                            .post(format!("{origin}/session/end/confirm"))
                            .form(&[("xsrf", xsrf.as_str()), ("logout", "yes")]),
                    )
                    .await;
                assert!(s.is_redirection());
                next = if location.starts_with('/') { format!("{origin}{location}") } else { location };
            } else {
                panic!("unexpected provider page at {next}: {body}");
            }
        }
        panic!("too many redirects at the provider");
    }
}

pub fn origin_of(url: &str) -> String {
    let after = url.find("://").map(|i| i + 3).unwrap_or(0);
    let end = url[after..].find('/').map(|i| i + after).unwrap_or(url.len());
    url[..end].to_owned()
}

pub fn path_of(url: &str) -> String {
    url[origin_of(url).len()..].to_owned()
}

/// Starts a sign-in with `partner` in `b`; returns the provider's authorization URL.
pub async fn start(b: &mut Browser, partner: &str) -> String {
    let r = b.get(&format!("/sign-in/partner/{partner}")).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let url = r.location();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    url
}

/// The value of one query parameter of a URL (percent-decoded).
pub fn query_param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name).then(|| urlencoding::decode(v).map(|s| s.into_owned()).unwrap_or_default())
    })
}
