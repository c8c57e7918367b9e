//! What may be kept: PDF, JPEG and PNG, recognised by their content (never by their name).
//! PDFs must parse; images are decoded within a pixel budget, turned upright, and re-encoded, which
//! drops every piece of metadata (EXIF GPS included).

use std::io::{BufReader, Read, Seek};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Jpeg,
    Png,
}

impl Kind {
    pub fn content_type(self) -> &'static str {
        match self {
            Kind::Pdf => "application/pdf",
            Kind::Jpeg => "image/jpeg",
            Kind::Png => "image/png",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Kind::Pdf => "pdf",
            Kind::Jpeg => "jpg",
            Kind::Png => "png",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest image accepted, in pixels (width × height).
    pub max_pixels: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_pixels: 40_000_000 }
    }
}

/// Why a file was refused; each is a Fluent message id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    #[error("upload-empty")]
    Empty,
    #[error("upload-wrong-type")]
    WrongType,
    #[error("upload-pdf-broken")]
    PdfBroken,
    #[error("upload-image-broken")]
    ImageBroken,
    #[error("upload-image-too-big")]
    ImageTooBig,
}

impl Rejection {
    pub fn code(self) -> &'static str {
        match self {
            Rejection::Empty => "upload-empty",
            Rejection::WrongType => "upload-wrong-type",
            Rejection::PdfBroken => "upload-pdf-broken",
            Rejection::ImageBroken => "upload-image-broken",
            Rejection::ImageTooBig => "upload-image-too-big",
        }
    }
}

fn sniff(path: &Path) -> Result<Kind, Rejection> {
    let mut head = [0u8; 512];
    let mut f = std::fs::File::open(path).map_err(|_| Rejection::Empty)?;
    let n = f.read(&mut head).map_err(|_| Rejection::Empty)?;
    if n == 0 {
        return Err(Rejection::Empty);
    }
    match infer::get(&head[..n]).map(|t| t.mime_type()) {
        Some("application/pdf") => Ok(Kind::Pdf),
        Some("image/jpeg") => Ok(Kind::Jpeg),
        Some("image/png") => Ok(Kind::Png),
        _ => Err(Rejection::WrongType),
    }
}

/// A PDF must start with its header, parse as a whole, and have at least one page; a file that is
/// also HTML (a polyglot) is refused.
fn check_pdf(path: &Path) -> Result<(), Rejection> {
    let bytes = std::fs::read(path).map_err(|_| Rejection::PdfBroken)?;
    if !bytes.starts_with(b"%PDF-") {
        return Err(Rejection::WrongType);
    }
    let lowered: Vec<u8> = bytes.iter().take(64 * 1024).map(u8::to_ascii_lowercase).collect();
    let looks_html = [&b"<html"[..], b"<script", b"<body", b"<iframe"]
        .iter()
        .any(|needle| lowered.windows(needle.len()).any(|w| w == *needle));
    if looks_html {
        return Err(Rejection::WrongType);
    }
    // A complete PDF ends with its cross-reference pointer and end-of-file marker; a file cut in
    // transit does not (parsers would otherwise happily "repair" it).
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    let has = |needle: &[u8]| tail.windows(needle.len()).any(|w| w == needle);
    if !has(b"%%EOF") || !has(b"startxref") {
        return Err(Rejection::PdfBroken);
    }
    let doc = lopdf::Document::load_mem(&bytes).map_err(|_| Rejection::PdfBroken)?;
    if doc.get_pages().is_empty() {
        return Err(Rejection::PdfBroken);
    }
    Ok(())
}

/// Whether a PDF carries content a viewer would run or open: JavaScript, launch and submit
/// actions, actions triggered by events (`/AA`), embedded files, rich media, XFA forms. Such a
/// file is kept (a real form may have it) but never opened in a browser's viewer. A PDF that does
/// not parse counts as active: it cannot be shown to be safe.
pub fn has_active_content(bytes: &[u8]) -> bool {
    match lopdf::Document::load_mem(bytes) {
        Ok(doc) => {
            doc.objects.values().any(is_active) || doc.trailer.iter().any(|(k, v)| active_key(k) || is_active(v))
        }
        Err(_) => true,
    }
}

const ACTIVE_KEYS: [&[u8]; 8] = [b"JS", b"JavaScript", b"AA", b"EmbeddedFiles", b"EF", b"RichMedia", b"XFA", b"Launch"];
const ACTIVE_NAMES: [&[u8]; 8] = [
    b"JavaScript",
    b"Launch",
    b"SubmitForm",
    b"ImportData",
    b"GoToE",
    b"RichMediaExecute",
    b"EmbeddedFile",
    b"Rendition",
];

fn active_key(key: &[u8]) -> bool {
    ACTIVE_KEYS.contains(&key)
}

fn is_active(object: &lopdf::Object) -> bool {
    use lopdf::Object;
    let dict_active = |d: &lopdf::Dictionary| d.iter().any(|(k, v)| active_key(k) || is_active(v));
    match object {
        Object::Name(n) => ACTIVE_NAMES.contains(&n.as_slice()),
        Object::Array(items) => items.iter().any(is_active),
        Object::Dictionary(d) => dict_active(d),
        Object::Stream(s) => dict_active(&s.dict),
        _ => false,
    }
}

/// A PNG's width and height, read from its IHDR chunk (always first, at a fixed place).
fn png_dimensions(path: &Path) -> Option<(u32, u32)> {
    let mut head = [0u8; 24];
    std::fs::File::open(path).ok()?.read_exact(&mut head).ok()?;
    if &head[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(head[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(head[20..24].try_into().ok()?);
    Some((w, h))
}

/// Decodes within the pixel budget, applies the EXIF orientation, and re-encodes without
/// metadata into `out`.
fn clean_image(path: &Path, kind: Kind, limits: Limits, out: &Path) -> Result<(), Rejection> {
    use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};
    let format = if kind == Kind::Png { ImageFormat::Png } else { ImageFormat::Jpeg };
    let open = || -> Result<ImageReader<BufReader<std::fs::File>>, Rejection> {
        let f = std::fs::File::open(path).map_err(|_| Rejection::ImageBroken)?;
        let mut r = ImageReader::new(BufReader::new(f));
        r.set_format(format);
        Ok(r)
    };
    // The header alone first: a 50,000 × 50,000 claim is refused before any pixel is allocated.
    let (w, h) = match png_dimensions(path) {
        Some(d) if kind == Kind::Png => d,
        _ => open()?.into_dimensions().map_err(|_| Rejection::ImageBroken)?,
    };
    if u64::from(w) * u64::from(h) > limits.max_pixels {
        return Err(Rejection::ImageTooBig);
    }
    let mut reader = open()?;
    let mut l = image::Limits::default();
    l.max_image_width = Some(w);
    l.max_image_height = Some(h);
    l.max_alloc = Some(limits.max_pixels * 4 + (16 << 20));
    reader.limits(l);
    let mut decoder = reader.into_decoder().map_err(|_| Rejection::ImageBroken)?;
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| Rejection::ImageBroken)?;
    img.apply_orientation(orientation);
    let img = match (kind, img) {
        (Kind::Jpeg, i) => DynamicImage::ImageRgb8(i.to_rgb8()),
        (_, i) => i,
    };
    let file = std::fs::File::create(out).map_err(|_| Rejection::ImageBroken)?;
    let mut w = std::io::BufWriter::new(file);
    match kind {
        Kind::Jpeg => {
            let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut w, 90);
            img.write_with_encoder(enc).map_err(|_| Rejection::ImageBroken)?;
        }
        _ => img.write_to(&mut w, ImageFormat::Png).map_err(|_| Rejection::ImageBroken)?,
    }
    use std::io::Write;
    w.flush().map_err(|_| Rejection::ImageBroken)?;
    Ok(())
}

/// Checks the received file at `path`. Returns its kind and the file to keep: `path` itself for a
/// PDF, or `cleaned` (written here) for an image. Blocking: call from a blocking thread.
pub fn inspect_and_clean(path: &Path, cleaned: &Path, limits: Limits) -> Result<(Kind, std::path::PathBuf), Rejection> {
    let kind = sniff(path)?;
    match kind {
        Kind::Pdf => {
            check_pdf(path)?;
            Ok((kind, path.to_path_buf()))
        }
        Kind::Jpeg | Kind::Png => {
            clean_image(path, kind, limits, cleaned)?;
            let _ = std::fs::File::open(cleaned).and_then(|mut f| f.seek(std::io::SeekFrom::End(0)));
            Ok((kind, cleaned.to_path_buf()))
        }
    }
}

/// What a photo is, from its bytes: whether it is a JPEG, its pixel size (read from the header,
/// without decoding), its length. `None` when it is not an image that can be read at all.
pub fn photo_facts(path: &Path) -> Option<(bool, u32, u32, u64)> {
    let bytes = std::fs::metadata(path).ok()?.len();
    let kind = sniff(path).ok()?;
    let (w, h) = match kind {
        Kind::Pdf => return Some((false, 0, 0, bytes)),
        Kind::Png => png_dimensions(path)?,
        Kind::Jpeg => {
            let f = std::fs::File::open(path).ok()?;
            let mut r = image::ImageReader::new(BufReader::new(f));
            r.set_format(image::ImageFormat::Jpeg);
            r.into_dimensions().ok()?
        }
    };
    Some((kind == Kind::Jpeg, w, h, bytes))
}

#[cfg(test)]
mod tests {
    use super::has_active_content;

    /// A one-page PDF whose catalog carries `extra`.
    fn pdf(extra: &str) -> Vec<u8> {
        let objects = [
            format!("<< /Type /Catalog /Pages 2 0 R {extra} >>"),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>".to_owned(),
        ];
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
        }
        let xref = out.len();
        out.extend(b"xref\n0 4\n0000000000 65535 f \n");
        for o in offsets {
            out.extend(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend(format!("trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes());
        out
    }

    #[test]
    fn scripts_launches_and_embedded_files_are_active_content() {
        assert!(!has_active_content(&pdf("")));
        assert!(!has_active_content(&pdf("/OpenAction [3 0 R /Fit]")), "opening on a page is fine");
        assert!(!has_active_content(&pdf("/Names << /Dests << >> >>")));
        for active in [
            "/OpenAction << /S /JavaScript /JS (app.alert(1)) >>",
            "/OpenAction << /S /Launch /F (calc.exe) >>",
            "/Names << /JavaScript << /Names [(x) << /S /JavaScript /JS (1) >>] >> >>",
            "/Names << /EmbeddedFiles << /Names [] >> >>",
            "/AA << /WC << /S /SubmitForm /F (https://evil.example) >> >>",
            "/AcroForm << /XFA [] >>",
            // A name written with #-escapes is the same name.
            "/OpenAction << /S /J#61vaScript >>",
        ] {
            assert!(has_active_content(&pdf(active)), "{active}");
        }
        assert!(has_active_content(b"%PDF-1.4 not really"), "unparseable counts as active");
    }
}
