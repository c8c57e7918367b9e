//! PDF letters and receipts: a title, headed blocks of text and label/value lines, set in
//! Helvetica on A4 with word wrap and as many pages as needed. Built with lopdf; text is
//! encoded in WinAnsi, which covers English and French.

use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, dictionary};

mod metrics;

/// One block of a letter, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading(String),
    Paragraph(String),
    /// A label and its value on one line (wrapped when long).
    Field(String, String),
    Space,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    /// Shown in the document properties and as the first line.
    pub title: String,
    /// The sender's name, at the top of every page.
    pub letterhead: String,
    pub blocks: Vec<Block>,
    /// Printed at the bottom of every page, before the page number.
    pub footer: String,
}

#[derive(Debug, thiserror::Error)]
#[error("the PDF could not be written: {0}")]
pub struct RenderError(String);

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 56.0;
const BODY: f32 = 10.5;
const LEADING: f32 = 14.5;

/// Text to WinAnsi bytes (characters outside it become `?`).
pub fn win_ansi(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{ff}' => c as u32 as u8,
            '\u{202f}' => 0xa0,
            '€' => 0x80,
            '…' => 0x85,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '–' => 0x96,
            '—' => 0x97,
            'Œ' => 0x8c,
            'œ' => 0x9c,
            _ => b'?',
        })
        .collect()
}

/// Breaks `text` into lines no wider than `width` points at `size`; a word wider than a line
/// (a SHA-256, a long URL) is cut where the line ends.
fn wrap(text: &str, size: f32, width: f32, bold: bool) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split(' ').flat_map(|w| cut(w, size, width, bold)) {
            let candidate = if line.is_empty() { word.clone() } else { format!("{line} {word}") };
            if metrics::width(&candidate, size, bold) <= width || line.is_empty() {
                line = candidate;
            } else {
                lines.push(std::mem::take(&mut line));
                line = word;
            }
        }
        lines.push(line);
    }
    lines
}

/// `word` in pieces no wider than `width` (one piece when it fits).
fn cut(word: &str, size: f32, width: f32, bold: bool) -> Vec<String> {
    let mut pieces = vec![String::new()];
    for c in word.chars() {
        let last = pieces.last_mut().map(|p| {
            p.push(c);
            metrics::width(p, size, bold) > width && p.chars().count() > 1
        });
        if last == Some(true) {
            if let Some(p) = pieces.last_mut() {
                p.pop();
            }
            pieces.push(c.to_string());
        }
    }
    pieces
}

struct Pages {
    pages: Vec<Vec<Operation>>,
    y: f32,
}

impl Pages {
    fn ensure(&mut self, room: f32, letter: &Letter) {
        if self.pages.is_empty() || self.y - room < MARGIN + 30.0 {
            let mut ops = Vec::new();
            text(&mut ops, "F2", 11.0, MARGIN, PAGE_H - MARGIN + 10.0, &letter.letterhead);
            self.pages.push(ops);
            self.y = PAGE_H - MARGIN - 24.0;
        }
    }

    fn line(&mut self, letter: &Letter, font: &str, size: f32, x: f32, s: &str) {
        self.ensure(size + 4.0, letter);
        let y = self.y;
        if let Some(ops) = self.pages.last_mut() {
            text(ops, font, size, x, y, s);
        }
        self.y -= if size > BODY { size + 6.0 } else { LEADING };
    }
}

fn text(ops: &mut Vec<Operation>, font: &str, size: f32, x: f32, y: f32, s: &str) {
    ops.push(Operation::new("BT", vec![]));
    ops.push(Operation::new("Tf", vec![font.into(), size.into()]));
    ops.push(Operation::new("Td", vec![x.into(), y.into()]));
    ops.push(Operation::new("Tj", vec![Object::string_literal(win_ansi(s))]));
    ops.push(Operation::new("ET", vec![]));
}

/// A label and its value side by side, each wrapped in its own column, so a long label never
/// runs into its value; the next block starts below the longer of the two.
fn field(p: &mut Pages, letter: &Letter, label: &str, value: &str, width: f32) {
    const LABEL_W: f32 = 170.0;
    const GAP: f32 = 12.0;
    let labels = wrap(label, BODY, LABEL_W - GAP, true);
    let values = wrap(value, BODY, width - LABEL_W, false);
    let rows = labels.len().max(values.len());
    p.ensure(LEADING * rows.min(8) as f32, letter);
    for i in 0..rows {
        p.ensure(LEADING, letter);
        let y = p.y;
        if let Some(ops) = p.pages.last_mut() {
            if let Some(l) = labels.get(i) {
                text(ops, "F2", BODY, MARGIN, y, l);
            }
            if let Some(v) = values.get(i) {
                text(ops, "F1", BODY, MARGIN + LABEL_W, y, v);
            }
        }
        p.y -= LEADING;
    }
}

/// Lays the letter out and writes it as PDF bytes.
pub fn render(letter: &Letter) -> Result<Vec<u8>, RenderError> {
    let width = PAGE_W - 2.0 * MARGIN;
    let mut p = Pages { pages: Vec::new(), y: 0.0 };
    for l in wrap(&letter.title, 17.0, width, true) {
        p.line(letter, "F2", 17.0, MARGIN, &l);
    }
    p.y -= 6.0;
    for block in &letter.blocks {
        match block {
            Block::Heading(h) => {
                p.y -= 6.0;
                for l in wrap(h, 12.5, width, true) {
                    p.line(letter, "F2", 12.5, MARGIN, &l);
                }
            }
            Block::Paragraph(t) => {
                for l in wrap(t, BODY, width, false) {
                    p.line(letter, "F1", BODY, MARGIN, &l);
                }
                p.y -= 4.0;
            }
            Block::Field(label, value) => field(&mut p, letter, label, value, width),
            Block::Space => p.y -= LEADING,
        }
    }
    let total = p.pages.len();
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let regular = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
    });
    let bold = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica-Bold", "Encoding" => "WinAnsiEncoding",
    });
    let resources = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => regular, "F2" => bold } });
    let mut kids = Vec::new();
    for (i, mut ops) in p.pages.into_iter().enumerate() {
        let foot = format!("{} — {}/{}", letter.footer, i + 1, total);
        text(&mut ops, "F1", 8.5, MARGIN, MARGIN - 24.0, &foot);
        let content = Content { operations: ops }.encode().map_err(|e| RenderError(e.to_string()))?;
        let content_id = doc.add_object(Stream::new(dictionary! {}, content));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "Resources" => resources, "MediaBox" => vec![0.into(), 0.into(), PAGE_W.into(), PAGE_H.into()],
        });
        kids.push(page.into());
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => total as i64 }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    let info = doc.add_object(
        dictionary! { "Title" => Object::string_literal(win_ansi(&letter.title)), "Producer" => "portail" },
    );
    doc.trailer.set("Root", catalog);
    doc.trailer.set("Info", info);
    doc.compress();
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| RenderError(e.to_string()))?;
    Ok(out)
}

/// The text of a PDF made by [`render`], page by page (tests read letters back with it).
pub fn extract_text(pdf: &[u8]) -> Result<String, RenderError> {
    let doc = Document::load_mem(pdf).map_err(|e| RenderError(e.to_string()))?;
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).map_err(|e| RenderError(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_renders_and_reads_back_in_french() {
        let mut blocks =
            vec![Block::Heading("Demande reçue".into()), Block::Field("Numéro de demande".into(), "V123456789".into())];
        for i in 0..80 {
            blocks.push(Block::Paragraph(format!("Ligne {i} : élève, garçon, « guillemets », déjà vu — fin.")));
        }
        let letter = Letter {
            title: "Accusé de réception".into(),
            letterhead: "Agence fictive".into(),
            blocks,
            footer: "portail".into(),
        };
        let pdf = render(&letter).unwrap_or_default();
        assert!(pdf.starts_with(b"%PDF-1.7"));
        let text = extract_text(&pdf).unwrap_or_default();
        assert!(text.contains("V123456789"), "{text}");
        assert!(text.contains("Accusé de réception"), "{text}");
        assert!(Document::load_mem(&pdf).map(|d| d.get_pages().len()).unwrap_or(0) >= 2, "long letters span pages");
    }

    #[test]
    fn long_words_and_lines_wrap_within_the_page() {
        let lines = wrap(&"word ".repeat(200), BODY, 400.0, false);
        assert!(lines.len() > 5);
        assert!(lines.iter().all(|l| metrics::width(l, BODY, false) <= 400.0));
    }
}
