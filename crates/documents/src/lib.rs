//! Supporting documents: what is accepted (PDF, JPEG, PNG recognised by content, PDFs that
//! parse, images re-encoded without their metadata), envelope encryption (a fresh AES-256-GCM key
//! per document, wrapped by a master key), and the object store they live in (a local folder by
//! default, any `object_store` backend at scale).

mod crypto;
mod inspect;
mod keys;
mod store;

pub use crypto::{CryptoError, MasterKey, WrappedKey};
pub use inspect::{Kind, Limits, Rejection, has_active_content, inspect_and_clean, photo_facts};
pub use keys::{Keyring, Keys};
pub use store::{DocumentStore, Stored};

/// A document's decrypted content as it streams out of the store.
pub type ByteStream =
    std::pin::Pin<Box<dyn futures_util::Stream<Item = std::io::Result<bytes::Bytes>> + Send + 'static>>;

/// A file name fit to show and to put in `Content-Disposition`: no path, no control characters,
/// no quotes, at most 120 characters, never empty.
pub fn display_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\'' | '<' | '>' | ';' | '\\' | '/' | '`'))
        .collect::<String>()
        .trim()
        .trim_start_matches('.')
        .chars()
        .take(120)
        .collect();
    if cleaned.is_empty() { "document".to_owned() } else { cleaned }
}

/// The ASCII fallback of a display name, for the plain `filename=` parameter.
pub fn ascii_name(name: &str) -> String {
    let s: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || "-_. ()".contains(c) { c } else { '_' }).collect();
    if s.trim_matches('_').is_empty() { "document".to_owned() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_paths_controls_and_quotes() {
        assert_eq!(display_name("../../etc/passwd"), "passwd");
        assert_eq!(display_name("C:\\Users\\me\\passport.pdf"), "passport.pdf");
        assert_eq!(display_name("a\r\nContent-Type: text\"x.pdf"), "aContent-Type: textx.pdf");
        assert_eq!(display_name(""), "document");
        assert_eq!(display_name(".hidden"), "hidden");
        assert_eq!(display_name(&format!("{}😀.pdf", "x".repeat(300))).chars().count(), 120);
        assert_eq!(ascii_name("passeport été.pdf"), "passeport _t_.pdf");
    }
}
