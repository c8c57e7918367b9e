//! Sign-In Partners: the OpenID Connect relying party. Discovery and keys are fetched from each
//! partner's issuer and cached (refetched when an ID token names a key we do not have, at most
//! once a minute); the authorization-code flow always carries PKCE, `state` and `nonce`; ID tokens
//! are checked for signature, algorithm, `iss`, `aud`, `exp`, `iat` and `nonce`. No token, code or
//! secret is ever logged: failures are reported as short reason codes.

use chrono::{DateTime, Duration, Utc};
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreClaimName, CoreClaimType, CoreClient, CoreClientAuthMethod, CoreGrantType,
    CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJweKeyManagementAlgorithm, CoreJwsSigningAlgorithm,
    CoreResponseMode, CoreResponseType, CoreSubjectIdentifierType,
};
use openidconnect::{
    AuthenticationFlow, AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret, CsrfToken, IssuerUrl,
    LanguageTag, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, SignatureVerificationError,
    TokenResponse,
};
use portail_domain::language::Lang;
use portail_domain::partner::Assurance;
use secrecy::ExposeSecret;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use portail_app::clock::Clock;

/// One partner as the operator configures it (`[web.partners.<id>]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnerConfig {
    pub name_en: String,
    pub name_fr: String,
    /// Short text standing in for the partner's logo on the sign-in page.
    pub logo_text_en: String,
    pub logo_text_fr: String,
    /// The issuer, exactly as the partner's discovery document and ID tokens give it.
    pub issuer: String,
    pub client_id: String,
    pub client_secret: secrecy::SecretString,
    #[serde(default = "default_scopes")]
    pub scopes: Vec<String>,
}

fn default_scopes() -> Vec<String> {
    vec!["openid".into(), "email".into()]
}

impl PartnerConfig {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.name_en,
            Lang::Fr => &self.name_fr,
        }
    }

    pub fn logo_text(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.logo_text_en,
            Lang::Fr => &self.logo_text_fr,
        }
    }
}

/// Why a partner sign-in did not happen. The reason is safe to log and to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartnerError {
    /// No partner by that id is configured.
    Unknown,
    /// The partner did not answer in time, or answered with something unusable.
    Unavailable(&'static str),
    /// The partner's answer was refused (bad token, bad state…).
    Refused(&'static str),
}

impl PartnerError {
    pub fn reason(self) -> &'static str {
        match self {
            PartnerError::Unknown => "unknown-partner",
            PartnerError::Unavailable(r) | PartnerError::Refused(r) => r,
        }
    }
}

/// What a sign-in sends the person to the partner with, and what must be kept to finish it.
pub struct Started {
    pub authorize_url: String,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// A person as a partner vouched for them, after every check passed.
#[derive(Debug, Clone)]
pub struct VerifiedIdentity {
    pub issuer: String,
    pub subject: String,
    pub email: Option<String>,
    pub assurance: Assurance,
}

/// Signature algorithms accepted on ID tokens; `none` and shared-secret (HS*) ones never are.
const ALLOWED_ALGS: [CoreJwsSigningAlgorithm; 3] = [
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
    CoreJwsSigningAlgorithm::RsaSsaPssSha256,
    CoreJwsSigningAlgorithm::EcdsaP256Sha256,
];
/// How long discovery and keys are trusted before they are fetched again.
const METADATA_TTL: Duration = Duration::hours(1);
/// The soonest keys are fetched again because a token named an unknown key.
const KEY_REFRESH_MIN_INTERVAL: Duration = Duration::seconds(60);
/// How far in the future an `iat` may be (clock skew), and how old.
const IAT_SKEW: Duration = Duration::seconds(120);
const IAT_MAX_AGE: Duration = Duration::minutes(15);

/// The one discovery field beyond OpenID Connect Core that portail reads: RP-initiated logout.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
struct LogoutMetadata {
    end_session_endpoint: Option<String>,
}
impl openidconnect::AdditionalProviderMetadata for LogoutMetadata {}

type ProviderMetadata = openidconnect::ProviderMetadata<
    LogoutMetadata,
    CoreAuthDisplay,
    CoreClientAuthMethod,
    CoreClaimName,
    CoreClaimType,
    CoreGrantType,
    CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm,
    CoreJsonWebKey,
    CoreResponseMode,
    CoreResponseType,
    CoreSubjectIdentifierType,
>;

struct Cached {
    metadata: ProviderMetadata,
    fetched_at: DateTime<Utc>,
}

/// The configured partners, their cached discovery documents, and one HTTP client that follows
/// no redirects and gives up after the configured time.
pub struct Partners {
    configs: BTreeMap<String, PartnerConfig>,
    http: reqwest::Client,
    cache: Mutex<HashMap<String, Cached>>,
    redirect_url: String,
    clock: Clock,
}

impl Partners {
    pub fn new(
        configs: BTreeMap<String, PartnerConfig>,
        public_url: &str,
        timeout: std::time::Duration,
        clock: Clock,
    ) -> anyhow::Result<Partners> {
        for id in configs.keys() {
            anyhow::ensure!(
                portail_domain::partner::is_valid_partner_id(id),
                "partner id {id:?}: use lower-case letters, digits and dashes"
            );
        }
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(timeout)
            .connect_timeout(timeout)
            .build()?;
        let redirect_url = format!("{}/sign-in/partner/callback", public_url.trim_end_matches('/'));
        RedirectUrl::new(redirect_url.clone())?;
        Ok(Partners { configs, http, cache: Mutex::new(HashMap::new()), redirect_url, clock })
    }

    /// The partners in configuration order (by id).
    pub fn list(&self) -> impl Iterator<Item = (&str, &PartnerConfig)> {
        self.configs.iter().map(|(id, c)| (id.as_str(), c))
    }

    pub fn get(&self, id: &str) -> Option<&PartnerConfig> {
        self.configs.get(id)
    }

    fn cached(&self, id: &str) -> Option<(ProviderMetadata, DateTime<Utc>)> {
        let cache = self.cache.lock().ok()?;
        cache.get(id).map(|c| (c.metadata.clone(), c.fetched_at))
    }

    /// Fetches the partner's discovery document and keys afresh (the status page's check); the
    /// cache is refreshed with them when they come.
    pub async fn discovery_ok(&self, id: &str) -> bool {
        let Some(config) = self.configs.get(id) else { return false };
        let Ok(issuer) = IssuerUrl::new(config.issuer.clone()) else { return false };
        match ProviderMetadata::discover_async(issuer, &self.http).await {
            Ok(metadata) => {
                if let Ok(mut cache) = self.cache.lock() {
                    cache.insert(id.to_owned(), Cached { metadata, fetched_at: self.clock.now() });
                }
                true
            }
            Err(e) => {
                tracing::warn!(event = "partner_discovery_failed", partner = id, kind = discovery_error_kind(&e));
                false
            }
        }
    }

    /// The partner's discovery document with its keys: from the cache while fresh, else fetched.
    async fn metadata(&self, id: &str, force_refresh: bool) -> Result<ProviderMetadata, PartnerError> {
        let config = self.configs.get(id).ok_or(PartnerError::Unknown)?;
        let now = self.clock.now();
        if let Some((metadata, fetched_at)) = self.cached(id) {
            let fresh = now - fetched_at < METADATA_TTL;
            let may_refresh = now - fetched_at >= KEY_REFRESH_MIN_INTERVAL;
            if (fresh && !force_refresh) || (force_refresh && !may_refresh) {
                return Ok(metadata);
            }
        }
        let issuer = IssuerUrl::new(config.issuer.clone()).map_err(|_| PartnerError::Unavailable("issuer-invalid"))?;
        let metadata = ProviderMetadata::discover_async(issuer, &self.http).await.map_err(|e| {
            tracing::warn!(event = "partner_discovery_failed", partner = id, kind = discovery_error_kind(&e));
            PartnerError::Unavailable("partner-unavailable")
        })?;
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(id.to_owned(), Cached { metadata: metadata.clone(), fetched_at: now });
        }
        Ok(metadata)
    }

    fn client(
        &self,
        config: &PartnerConfig,
        metadata: ProviderMetadata,
    ) -> Result<
        CoreClient<
            openidconnect::EndpointSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointMaybeSet,
            openidconnect::EndpointMaybeSet,
        >,
        PartnerError,
    > {
        let redirect = RedirectUrl::new(self.redirect_url.clone()).map_err(|_| PartnerError::Unavailable("config"))?;
        Ok(CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(config.client_id.clone()),
            Some(ClientSecret::new(config.client_secret.expose_secret().to_owned())),
        )
        .set_redirect_uri(redirect))
    }

    /// Prepares the redirect to the partner. `again` asks the partner to authenticate the person
    /// afresh (re-authentication before a sensitive change).
    pub async fn start(&self, id: &str, lang: Lang, again: bool) -> Result<Started, PartnerError> {
        let config = self.configs.get(id).ok_or(PartnerError::Unknown)?;
        let client = self.client(config, self.metadata(id, false).await?)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(
                AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge)
            .add_ui_locale(LanguageTag::new(lang.code().to_owned()));
        for scope in config.scopes.iter().filter(|s| s.as_str() != "openid") {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        if again {
            request = request.add_prompt(CoreAuthPrompt::Login).set_max_age(std::time::Duration::ZERO);
        }
        let (url, state, nonce) = request.url();
        Ok(Started {
            authorize_url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        })
    }

    /// Redeems the authorization code and checks the ID token. `iss` is the issuer the partner
    /// named in the callback (RFC 9207), when it named one.
    pub async fn finish(
        &self,
        id: &str,
        code: &str,
        iss: Option<&str>,
        pkce_verifier: &str,
        nonce: &str,
    ) -> Result<VerifiedIdentity, PartnerError> {
        let config = self.configs.get(id).ok_or(PartnerError::Unknown)?;
        if iss.is_some_and(|i| i != config.issuer) {
            return Err(PartnerError::Refused("issuer-mismatch"));
        }
        let metadata = self.metadata(id, false).await?;
        let client = self.client(config, metadata)?;
        let request = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|_| PartnerError::Unavailable("no-token-endpoint"))?;
        let response = request
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_owned()))
            .request_async(&self.http)
            .await
            .map_err(|e| match e {
                openidconnect::RequestTokenError::ServerResponse(_) => PartnerError::Refused("code-refused"),
                openidconnect::RequestTokenError::Request(_) => PartnerError::Unavailable("partner-unavailable"),
                _ => PartnerError::Refused("token-response-invalid"),
            })?;
        let id_token = response.id_token().ok_or(PartnerError::Refused("no-id-token"))?.clone();
        let nonce = Nonce::new(nonce.to_owned());
        let checked = {
            let verifier = self.verifier(&client);
            id_token.claims(&verifier, &nonce).cloned()
        };
        let claims = match checked {
            Ok(c) => c,
            Err(ClaimsVerificationError::SignatureVerification(SignatureVerificationError::NoMatchingKey)) => {
                // The partner may have rotated its keys: fetch them again (rate-limited), once.
                let client = self.client(config, self.metadata(id, true).await?)?;
                let verifier = self.verifier(&client);
                id_token.claims(&verifier, &nonce).cloned().map_err(|e| PartnerError::Refused(claims_error_kind(&e)))?
            }
            Err(e) => return Err(PartnerError::Refused(claims_error_kind(&e))),
        };
        let amr: Vec<&str> =
            claims.auth_method_refs().map(|v| v.iter().map(|m| m.as_str()).collect()).unwrap_or_default();
        Ok(VerifiedIdentity {
            issuer: claims.issuer().as_str().to_owned(),
            subject: claims.subject().as_str().to_owned(),
            email: claims.email().map(|e| e.as_str().to_owned()),
            assurance: Assurance::new(claims.auth_context_ref().map(|a| a.as_str()), &amr),
        })
    }

    fn verifier<'a, A, B, C, D, E, F>(
        &self,
        client: &'a CoreClient<A, B, C, D, E, F>,
    ) -> openidconnect::core::CoreIdTokenVerifier<'a>
    where
        A: openidconnect::EndpointState,
        B: openidconnect::EndpointState,
        C: openidconnect::EndpointState,
        D: openidconnect::EndpointState,
        E: openidconnect::EndpointState,
        F: openidconnect::EndpointState,
    {
        let now_fn = self.clock.clone();
        let iat_clock = self.clock.clone();
        client
            .id_token_verifier()
            .set_allowed_algs(ALLOWED_ALGS)
            .set_time_fn(move || now_fn.now())
            .set_issue_time_verifier_fn(move |iat| {
                let now = iat_clock.now();
                if iat > now + IAT_SKEW {
                    Err("issued in the future".to_owned())
                } else if now - iat > IAT_MAX_AGE {
                    Err("issued too long ago".to_owned())
                } else {
                    Ok(())
                }
            })
    }

    /// Where to send the person to sign out at the partner too, when it supports it.
    pub async fn end_session_url(&self, id: &str, post_logout_redirect: &str) -> Option<String> {
        let config = self.configs.get(id)?;
        let metadata = self.metadata(id, false).await.ok()?;
        let endpoint = metadata.additional_metadata().end_session_endpoint.clone()?;
        let mut url = reqwest::Url::parse(&endpoint).ok()?;
        url.query_pairs_mut()
            .append_pair("client_id", &config.client_id)
            .append_pair("post_logout_redirect_uri", post_logout_redirect);
        Some(url.to_string())
    }
}

fn discovery_error_kind<E: std::error::Error>(e: &openidconnect::DiscoveryError<E>) -> &'static str {
    match e {
        openidconnect::DiscoveryError::Request(_) => "unreachable",
        openidconnect::DiscoveryError::Response(..) => "bad-status",
        openidconnect::DiscoveryError::Parse(_) => "unparseable",
        openidconnect::DiscoveryError::Validation(_) => "issuer-mismatch",
        _ => "other",
    }
}

/// A short, loggable name for why an ID token was refused.
fn claims_error_kind(e: &ClaimsVerificationError) -> &'static str {
    match e {
        ClaimsVerificationError::Expired(m) if m.contains("issued") => "token-issued-at",
        ClaimsVerificationError::Expired(_) => "token-expired",
        ClaimsVerificationError::InvalidAudience(_) => "token-audience",
        ClaimsVerificationError::InvalidIssuer(_) => "token-issuer",
        ClaimsVerificationError::InvalidNonce(_) => "token-nonce",
        ClaimsVerificationError::InvalidSubject(_) => "token-subject",
        ClaimsVerificationError::SignatureVerification(SignatureVerificationError::DisallowedAlg(_))
        | ClaimsVerificationError::SignatureVerification(SignatureVerificationError::UnsupportedAlg(_))
        | ClaimsVerificationError::SignatureVerification(SignatureVerificationError::NoSignature) => "token-algorithm",
        ClaimsVerificationError::SignatureVerification(_) => "token-signature",
        _ => "token-invalid",
    }
}
