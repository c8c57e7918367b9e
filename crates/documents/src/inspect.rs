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
