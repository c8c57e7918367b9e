//! PDFs looked at as a reader would: every word's box from `pdftotext -bbox` (Debian
//! poppler-utils, which `e2e/install.sh` installs), no two boxes overlapping, every word inside
//! the page; and each page rendered to an image by `pdftoppm` under `e2e/screenshots/pdf/`, to
//! look at.

use std::path::PathBuf;
use std::process::Command;

/// One word and its box, in points from the top left of its page.
#[derive(Debug, Clone)]
pub struct Word {
    pub page: usize,
    pub text: String,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

fn attr(tag: &str, name: &str) -> f32 {
    let key = format!("{name}=\"");
    tag.split(&key).nth(1).and_then(|v| v.split('"').next()).and_then(|v| v.parse().ok()).unwrap_or(f32::NAN)
}

/// The words of `pdf`; panics with the way out when poppler-utils is missing.
pub fn words(pdf: &[u8], name: &str) -> Vec<Word> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../e2e/screenshots/pdf");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{name}.pdf"));
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new("pdftotext").args(["-bbox", "-enc", "UTF-8"]).arg(&file).arg("-").output();
    let out = out.unwrap_or_else(|_| panic!("the PDF layout tests need pdftotext: run `bash e2e/install.sh`"));
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    let shown = Command::new("pdftoppm").args(["-png", "-r", "60"]).arg(&file).arg(dir.join(name)).status();
    assert!(shown.is_ok_and(|s| s.success()), "pdftoppm could not render {name}");
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut list = Vec::new();
    for (page, body) in html.split("<page ").skip(1).enumerate() {
        for piece in body.split("<word ").skip(1) {
            let (tag, rest) = piece.split_once('>').unwrap_or((piece, ""));
            let text = rest.split("</word>").next().unwrap_or("").to_owned();
            let [x0, y0, x1, y1] = ["xMin", "yMin", "xMax", "yMax"].map(|n| attr(tag, n));
            list.push(Word { page, text, x0, y0, x1, y1 });
        }
    }
    list
}

/// Pairs of words whose boxes overlap (by more than half a point), and words off the page.
pub fn faults(words: &[Word]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, a) in words.iter().enumerate() {
        if a.x0 < 0.0 || a.x1 > 595.5 || a.y0 < 0.0 || a.y1 > 842.5 || a.x0.is_nan() {
            out.push(format!("off the page: {a:?}"));
        }
        for b in &words[i + 1..] {
            let apart = a.page != b.page
                || a.x1 - 0.5 <= b.x0
                || b.x1 - 0.5 <= a.x0
                || a.y1 - 0.5 <= b.y0
                || b.y1 - 0.5 <= a.y0;
            if !apart {
                out.push(format!("{:?} overlaps {:?} on page {}", a.text, b.text, a.page + 1));
            }
        }
    }
    out
}

#[test]
fn overlapping_words_are_found() {
    let w = |text: &str, x0: f32, x1: f32| Word { page: 0, text: text.into(), x0, y0: 10.0, x1, y1: 20.0 };
    assert!(faults(&[w("a", 10.0, 50.0), w("b", 60.0, 90.0)]).is_empty());
    assert_eq!(faults(&[w("label", 10.0, 200.0), w("value", 180.0, 250.0)]).len(), 1);
}
