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
        .filter(|c| {
            !c.is_control() && !is_bidi_control(*c) && !matches!(c, '"' | '\'' | '<' | '>' | ';' | '\\' | '/' | '`')
        })
        .collect::<String>()
        .trim()
        .trim_start_matches('.')
        .chars()
        .take(120)
        .collect();
    match cleaned {
        c if c.is_empty() => "document".to_owned(),
        // `CON.pdf` saved on Windows opens the console device instead of a file.
        c if is_reserved_device(&c) => format!("_{c}"),
        c => c,
    }
}

/// Marks that reorder the text around them (`invoice\u{202e}fdp.exe` shows as `invoiceexe.pdf`).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Windows' reserved device names, whatever the extension: CON, PRN, AUX, NUL, COM1–9, LPT1–9.
fn is_reserved_device(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("").trim_end().to_ascii_uppercase();
    matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.as_bytes()[3].is_ascii_digit()
            && stem.as_bytes()[3] != b'0')
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
        assert_eq!(display_name("invoice\u{202e}fdp.exe"), "invoicefdp.exe");
    }

    #[test]
    fn reserved_device_names_are_not_kept_as_they_are() {
        assert_eq!(display_name("CON.pdf"), "_CON.pdf");
        assert_eq!(display_name("aux"), "_aux");
        assert_eq!(display_name("lpt1.tar.gz"), "_lpt1.tar.gz");
        assert_eq!(display_name("COM0.pdf"), "COM0.pdf");
        assert_eq!(display_name("console.pdf"), "console.pdf");
    }
}
