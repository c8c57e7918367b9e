//! What every page shares: the header, language switch, brand, CSRF token, form errors.

use portail_domain::language::Lang;

use crate::context::Ctx;
use crate::state::AppState;
use portail_i18n::Tr;

pub struct Layout {
    pub t: Tr,
    pub lang: &'static str,
    pub title: String,
    pub brand: String,
    pub switch_href: String,
    pub switch_label: String,
    pub switch_lang: &'static str,
    /// The page to come back to after switching (the form's `next`).
    pub here: String,
    pub csrf: String,
    pub signed_in: bool,
    pub username: String,
    /// "Signed in as " / "Connecté en tant que " — or "qu'" before a vowel, as French elides.
    pub signed_in_as: String,
    pub demo: bool,
    pub idle_secs: i64,
    pub unread: i64,
    pub staff: bool,
    pub warn_secs: i64,
    /// The maintenance window this part of the service announces, if any.
    pub notice: Option<crate::maintenance::Notice>,
    /// A window holds this page's writes now: its forms are shown disabled.
    pub read_only: bool,
}

impl Layout {
    pub fn new(ctx: &Ctx, state: &AppState, title_key: &str) -> Layout {
        let t = Tr::new(ctx.lang);
        let other = ctx.lang.other();
        let signed_in = ctx.signed_in();
        let now = state.now();
        let part = portail_domain::maintenance::Part::of_path(&ctx.path);
        let window = state.app.maintenance_notice(part, now);
        let notice = window.as_ref().map(|w| crate::maintenance::Notice::of(w, &t, ctx.lang, now));
        let read_only = window
            .as_ref()
            .is_some_and(|w| w.holds(part, now) && (crate::maintenance::held(&ctx.path) || w.sign_in_closed));
        let username: String = signed_in
            .map(|w| match w.account.sign_in_kind {
                portail_domain::account::SignInKind::Partner => w.account.email.clone(),
                portail_domain::account::SignInKind::Password => w.account.username.clone(),
            })
            .unwrap_or_default();
        Layout {
            signed_in_as: signed_in_as(&t, &username),
            title: t.get(title_key),
            lang: ctx.lang.code(),
            brand: match ctx.lang {
                Lang::En => state.config.brand_en.clone(),
                Lang::Fr => state.config.brand_fr.clone(),
            },
            switch_href: format!("/lang/{}?next={}", other.code(), urlencoding::encode(&ctx.path)),
            switch_label: Tr::new(other).get("language-name"),
            switch_lang: other.code(),
            here: ctx.path.clone(),
            csrf: ctx.csrf_token.clone(),
            signed_in: signed_in.is_some(),
            // Partner accounts have no username of their own: they know themselves by their email.
            username,
            demo: state.config.demo,
            idle_secs: state.policy.idle.num_seconds(),
            unread: ctx.unread,
            staff: signed_in.is_some_and(|w| w.account.role.is_staff()),
            warn_secs: state.policy.warn_before.num_seconds(),
            notice,
            read_only,
            t,
        }
    }
}

/// The words before the signed-in name, with French elision ("qu'amira", "que demo-admin").
fn signed_in_as(t: &Tr, name: &str) -> String {
    let vowel = name.chars().next().is_some_and(|c| "aeiouyhàâéèêëîïôûüAEIOUYHÀÂÉÈÊËÎÏÔÛÜ".contains(c));
    if t.lang == Lang::Fr && vowel { t.get("signed-in-as-elided") } else { format!("{} ", t.get("signed-in-as")) }
}

pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// The errors of one form submission, in the order of the form's fields.
#[derive(Default)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    pub fn add(&mut self, t: &Tr, field: &str, code: &str) {
        self.0.push(FieldError { field: field.to_owned(), message: t.get(code) });
    }
    /// The refused fields of an operation, translated (each with its arguments).
    pub fn of(t: &Tr, fields: &[portail_app::FieldError]) -> Errors {
        Errors(fields.iter().map(|f| FieldError { field: f.field.clone(), message: t.with(f.code, &f.args) }).collect())
    }

    /// One refused field.
    pub fn one(t: &Tr, field: &str, code: &str) -> Errors {
        let mut e = Errors::default();
        e.add(t, field, code);
        e
    }

    /// An error whose message is already translated.
    pub fn add_raw(&mut self, field: String, message: String) {
        self.0.push(FieldError { field, message });
    }
    pub fn any(&self) -> bool {
        !self.0.is_empty()
    }
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }
    pub fn get(&self, field: &str) -> &str {
        self.0.iter().find(|e| e.field == field).map(|e| e.message.as_str()).unwrap_or("")
    }
    pub fn list(&self) -> &[FieldError] {
        &self.0
    }
}

/// Renders an askama template as an HTML response with the given status.
pub fn render<T: askama::Template>(
    status: axum::http::StatusCode,
    tpl: &T,
) -> Result<axum::response::Response, crate::error::AppError> {
    use axum::response::IntoResponse;
    let html = tpl.render().map_err(|e| crate::error::AppError::Internal(e.into()))?;
    Ok((status, axum::response::Html(html)).into_response())
}
