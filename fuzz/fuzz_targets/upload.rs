//! Upload inspection as a received file meets it: recognised by content (PDF, JPEG, PNG), PDFs
//! parsed, images decoded within the pixel limit and re-encoded without metadata. Any bytes are
//! accepted or refused, never a panic; an accepted image comes out as the kind it went in.
#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use portail_documents::{Kind, Limits, has_active_content, inspect_and_clean};

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("portail-fuzz-upload-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

fuzz_target!(|bytes: &[u8]| {
    let dir = scratch();
    let (received, cleaned) = (dir.join("received"), dir.join("cleaned"));
    if std::fs::write(&received, bytes).is_err() {
        return;
    }
    let _ = has_active_content(bytes);
    if let Ok((kind, kept)) = inspect_and_clean(&received, &cleaned, Limits { max_pixels: 4_000_000 }) {
        match kind {
            Kind::Pdf => assert_eq!(kept, received, "a PDF is kept as received"),
            Kind::Jpeg | Kind::Png => assert_eq!(kept, cleaned, "an image is kept re-encoded"),
        }
    }
    let _ = std::fs::remove_file(&cleaned);
});
