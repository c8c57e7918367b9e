//! The JSON API, `/api/v1`: a second adapter over the same operations as the pages. Personal
//! access tokens (`Authorization: Bearer`), JSON errors with stable codes in the request's
//! language, a rate limit per token, pagination by cursor, and an OpenAPI 3.1 document generated
//! from these handlers at `/api/v1/openapi.json`.

mod applications;
mod clients;
mod drafts;
pub mod error;
pub(crate) mod extract;
pub(crate) mod fuzzing;
mod office;
mod pr;
mod types;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{MethodRouter, delete, get, post, put};
use axum::{Json, Router};
use futures_util::StreamExt;
use portail_app::uploads::{Received, TempFile};
use portail_domain::language::Lang;
use tokio::io::AsyncWriteExt;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

use error::{ApiError, ApiResult};

/// The language of a request: `Accept-Language`, else English.
pub struct ApiLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for ApiLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let lang = parts
            .headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(Lang::from_accept_language)
            .unwrap_or_default();
        Ok(ApiLang(lang))
    }
}

/// Streams a raw upload body to a temporary file under the size cap (flat memory), then hands it
/// to the operations to check, clean and encrypt.
async fn stream_upload(st: &crate::state::AppState, headers: &HeaderMap, body: Body) -> ApiResult<Received> {
    let temp = stream_to_temp(st, body, st.app.max_upload_bytes(), "upload-too-large").await?;
    let name = headers.get("x-file-name").and_then(|v| v.to_str().ok()).unwrap_or("document");
    Ok(st.app.take_upload(temp, name).await?)
}

/// Streams a raw body to a temporary file; past `max` bytes, a 413 with `too_large` on `file`.
async fn stream_to_temp(
    st: &crate::state::AppState,
    body: Body,
    max: u64,
    too_large: &'static str,
) -> ApiResult<TempFile> {
    let io = |e: std::io::Error| ApiError::from(portail_app::Error::from(e));
    let temp = st.app.temp_file("part").await?;
    let mut out = tokio::fs::File::create(&temp.0).await.map_err(io)?;
    let mut stream = body.into_data_stream();
    let mut size = 0u64;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "upload-cut"))?;
        size += chunk.len() as u64;
        if size > max {
            let mib = (max / (1024 * 1024)).to_string();
            return Err(ApiError {
                fields: vec![portail_app::FieldError::new("file", too_large).with("mib", mib)],
                ..ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "invalid-input")
            });
        }
        out.write_all(&chunk).await.map_err(io)?;
    }
    out.flush().await.map_err(io)?;
    Ok(temp)
}

struct TokenScheme;

impl utoipa::Modify for TokenScheme {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let scheme = SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some("A personal access token made on the account page (`ptl_…`)."))
                .build(),
        );
        doc.components.get_or_insert_with(Default::default).add_security_scheme("token", scheme);
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "portail API", version = "1", description = "The JSON API of portail: the same operations as the pages, for representatives' and applicants' software."),
    paths(
        applications::list, applications::get_one, applications::timeline, applications::documents,
        applications::download, applications::messages, applications::send_message, applications::requests,
        applications::upload_request_item, applications::answer_request, applications::ask_extension,
        applications::letters, applications::letter_pdf,
        drafts::create, drafts::get_one, drafts::save_section, drafts::add_member, drafts::checklist_of, drafts::fee,
        drafts::upload, drafts::pay, drafts::submit,
        office::queue, office::file, office::decide, office::request_documents, office::send_letter,
        applications::withdraw, drafts::delete_draft,
        pr::pr_files, pr::pr_file, pr::presence, pr::address, pr::photo,
        clients::clients, clients::deadlines,
    ),
    modifiers(&TokenScheme)
)]
pub struct ApiDoc;

/// Every route of the API: method, path, handler. The router and the test that compares it with
/// the OpenAPI document read this one list.
pub fn api_routes() -> Vec<(&'static str, &'static str, MethodRouter<crate::state::AppState>)> {
    let raw = DefaultBodyLimit::disable;
    vec![
        ("GET", "/api/v1/applications", get(applications::list)),
        ("GET", "/api/v1/applications/{id}", get(applications::get_one)),
        ("GET", "/api/v1/applications/{id}/timeline", get(applications::timeline)),
        ("GET", "/api/v1/applications/{id}/documents", get(applications::documents)),
        ("GET", "/api/v1/applications/{id}/documents/{doc}", get(applications::download)),
        ("GET", "/api/v1/applications/{id}/messages", get(applications::messages)),
        ("POST", "/api/v1/applications/{id}/messages", post(applications::send_message)),
        ("GET", "/api/v1/applications/{id}/requests", get(applications::requests)),
        (
            "PUT",
            "/api/v1/applications/{id}/requests/{rid}/items/{index}",
            put(applications::upload_request_item).layer(raw()),
        ),
        ("POST", "/api/v1/applications/{id}/requests/{rid}/answer", post(applications::answer_request)),
        ("POST", "/api/v1/applications/{id}/requests/{rid}/extension", post(applications::ask_extension)),
        ("POST", "/api/v1/applications/{id}/withdrawal", post(applications::withdraw)),
        ("GET", "/api/v1/letters", get(applications::letters)),
        ("GET", "/api/v1/letters/{id}/pdf", get(applications::letter_pdf)),
        ("POST", "/api/v1/drafts", post(drafts::create)),
        ("GET", "/api/v1/drafts/{id}", get(drafts::get_one)),
        ("DELETE", "/api/v1/drafts/{id}", delete(drafts::delete_draft)),
        ("PUT", "/api/v1/drafts/{id}/sections/{section}", put(drafts::save_section)),
        ("POST", "/api/v1/drafts/{id}/members", post(drafts::add_member)),
        ("GET", "/api/v1/drafts/{id}/checklist", get(drafts::checklist_of)),
        ("GET", "/api/v1/drafts/{id}/fee", get(drafts::fee)),
        ("PUT", "/api/v1/drafts/{id}/documents/{item}", put(drafts::upload).layer(raw())),
        ("POST", "/api/v1/drafts/{id}/payment", post(drafts::pay)),
        ("POST", "/api/v1/drafts/{id}/submission", post(drafts::submit)),
        ("GET", "/api/v1/office/queue", get(office::queue)),
        ("GET", "/api/v1/office/files/{id}", get(office::file)),
        ("POST", "/api/v1/office/files/{id}/decisions", post(office::decide)),
        ("POST", "/api/v1/office/files/{id}/requests", post(office::request_documents)),
        ("POST", "/api/v1/office/files/{id}/letters", post(office::send_letter)),
        ("GET", "/api/v1/clients", get(clients::clients)),
        ("GET", "/api/v1/clients/deadlines", get(clients::deadlines)),
        ("GET", "/api/v1/pr/files", get(pr::pr_files)),
        ("GET", "/api/v1/pr/files/{id}", get(pr::pr_file)),
        ("POST", "/api/v1/pr/files/{id}/presence", post(pr::presence)),
        ("POST", "/api/v1/pr/files/{id}/address", post(pr::address)),
        ("PUT", "/api/v1/pr/files/{id}/photo", put(pr::photo).layer(raw())),
    ]
}

/// The (method, path) pairs the OpenAPI document describes.
pub fn documented_routes() -> Vec<(String, String)> {
    let doc = ApiDoc::openapi();
    let mut out = vec![];
    for (path, item) in &doc.paths.paths {
        for (method, op) in [("GET", &item.get), ("POST", &item.post), ("PUT", &item.put), ("DELETE", &item.delete)] {
            if op.is_some() {
                out.push((method.to_owned(), path.clone()));
            }
        }
    }
    out
}

async fn openapi_json() -> impl IntoResponse {
    Json(ApiDoc::openapi())
}

/// Unknown paths under `/api/v1` answer a JSON 404.
async fn no_such_route() -> ApiError {
    ApiError::not_found()
}

pub fn router(state: crate::state::AppState) -> Router<crate::state::AppState> {
    let mut r = Router::new();
    for (_, path, route) in api_routes() {
        r = r.route(path, route);
    }
    r.route("/api/v1/openapi.json", get(openapi_json))
        .route("/api/v1/{*rest}", axum::routing::any(no_such_route))
        .layer(axum::middleware::from_fn_with_state(state, crate::maintenance::api_gate))
        .layer(axum::middleware::from_fn(error::json_errors))
}
