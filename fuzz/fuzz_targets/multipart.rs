//! The multipart reader of the upload forms (axum's, as the pages read it): any body is read
//! field by field or refused, and every file name comes out fit to show — no path, no control
//! or bidirectional characters, never empty.
#![no_main]

use std::sync::OnceLock;

use axum::extract::{FromRequest, Multipart, Request};
use libfuzzer_sys::fuzz_target;
use portail_documents::display_name;

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| tokio::runtime::Builder::new_current_thread().build().unwrap())
}

async fn read(body: Vec<u8>) {
    let Ok(req) = Request::builder()
        .method("POST")
        .header("content-type", "multipart/form-data; boundary=fuzz")
        .body(axum::body::Body::from(body))
    else {
        return;
    };
    let Ok(mut form) = Multipart::from_request(req, &()).await else { return };
    while let Ok(Some(field)) = form.next_field().await {
        if let Some(name) = field.file_name() {
            let shown = display_name(name);
            assert!(!shown.is_empty() && shown.chars().count() <= 121, "{shown:?}");
            assert!(!shown.chars().any(|c| c.is_control() || matches!(c, '/' | '\\' | '"' | '\u{202e}')), "{shown:?}");
        }
        if field.bytes().await.is_err() {
            break;
        }
    }
}

fuzz_target!(|body: &[u8]| {
    runtime().block_on(read(body.to_vec()));
});
