//! Translations: every word a person sees — pages, emails, letters, API error messages — comes
//! from `locales/{en,fr}/main.ftl`. The web pages and the operations share this one translator.

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use portail_domain::language::Lang;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;
use unic_langid::LanguageIdentifier;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static EN: LazyLock<LanguageIdentifier> = LazyLock::new(|| "en".parse().unwrap_or_default());
static FR: LazyLock<LanguageIdentifier> = LazyLock::new(|| "fr".parse().unwrap_or_default());

fn id(lang: Lang) -> &'static LanguageIdentifier {
    match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
    }
}

/// A translator for one language, handed to every template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Tr {
        Tr { lang }
    }

    /// The message `key`; a missing key shows as the key itself (and fails the i18n tests).
    pub fn get(&self, key: &str) -> String {
        LOCALES.lookup(id(self.lang), key)
    }

    /// The message `key` with a number `name = n` (so plural forms are chosen).
    pub fn count(&self, key: &str, name: &'static str, n: i64) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> =
            [(Cow::Borrowed(name), FluentValue::from(n))].into_iter().collect();
        LOCALES.lookup_with_args(id(self.lang), key, &map)
    }

    /// A colon after a label, as the language writes it (French: a non-breaking space before).
    pub fn colon(&self) -> &'static str {
        match self.lang {
            Lang::En => ":",
            Lang::Fr => "\u{a0}:",
        }
    }

    /// Between the items of a list written in a line ("passport; photo"): French puts a narrow
    /// non-breaking space before the semicolon.
    pub fn list_separator(&self) -> &'static str {
        match self.lang {
            Lang::En => "; ",
            Lang::Fr => "\u{202f}; ",
        }
    }

    /// A date in words: "25 April 1990", "1er avril 1990" (the month from the Fluent files).
    pub fn long_date(&self, year: i32, month: u32, day: u32) -> String {
        let name = self.get(&format!("month-{month}"));
        match (self.lang, day) {
            (Lang::Fr, 1) => format!("1er\u{a0}{name} {year}"),
            _ => format!("{day}\u{a0}{name} {year}"),
        }
    }

    /// The message `key` with named arguments.
    pub fn with(&self, key: &str, args: &[(&'static str, String)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> =
            args.iter().map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.clone()))).collect();
        LOCALES.lookup_with_args(id(self.lang), key, &map)
    }
}

/// Where French text breaks its typography: `:` `;` `?` `!` or `»` after an ordinary space or
/// straight after a word, `«` before an ordinary space (each takes a non-breaking space, U+00A0
/// before `:` and inside « », U+202F before `;` `?` `!`). The snippets around each fault.
pub fn french_typography_faults(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut faults = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        let before = if i == 0 { '\n' } else { chars[i - 1] };
        let after = chars.get(i + 1).copied().unwrap_or(' ');
        let ends_word = after.is_whitespace() || after == ')' || after == '\u{1}';
        let bad = match c {
            ':' | ';' | '?' | '!' if ends_word => before == ' ' || before.is_alphanumeric() || before == ')',
            '»' => before == ' ',
            '«' => after == ' ',
            _ => false,
        };
        if bad {
            faults.push(chars[i.saturating_sub(25)..(i + 2).min(chars.len())].iter().collect());
        }
    }
    faults
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn ids(ftl: &str) -> BTreeSet<String> {
        ftl.lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_owned()))
            .collect()
    }

    #[test]
    fn english_and_french_have_the_same_keys() {
        let en = ids(include_str!("../locales/en/main.ftl"));
        let fr = ids(include_str!("../locales/fr/main.ftl"));
        let only_en: Vec<_> = en.difference(&fr).collect();
        let only_fr: Vec<_> = fr.difference(&en).collect();
        assert!(only_en.is_empty(), "missing in French: {only_en:?}");
        assert!(only_fr.is_empty(), "missing in English: {only_fr:?}");
        assert!(en.len() > 50);
    }

    fn sources(dir: &std::path::Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() {
                sources(&path, out);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                out.push(text);
            }
        }
    }

    /// Every key used in templates and Rust sources (web pages and operations) resolves in both
    /// languages.
    #[test]
    fn every_used_key_exists_in_both_languages() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut texts = Vec::new();
        for dir in ["web/templates", "web/src", "app/src"] {
            sources(&root.join(dir), &mut texts);
        }
        let mut used = BTreeSet::new();
        for text in &texts {
            for pat in [
                "t.get(\"",
                "t.with(\"",
                "t.count(\"",
                "tr.get(\"",
                "tr.with(\"",
                "key(\"",
                "Conflict(\"",
                "Forbidden(\"",
                "Refusal(\"",
                "Unprocessable(\"",
            ] {
                for piece in text.split(pat).skip(1) {
                    if let Some(end) = piece.find('"') {
                        used.insert(piece[..end].to_owned());
                    }
                }
            }
            // The stable codes of refused fields are message ids too: `field(…, "code")`.
            for pat in ["Error::field(", "FieldError::new("] {
                for piece in text.split(pat).skip(1) {
                    let args = piece.split(')').next().unwrap_or("");
                    if let Some(code) = args.rsplit(", \"").next().filter(|_| args.contains(", \"")) {
                        used.insert(code.trim_end_matches('"').to_owned());
                    }
                }
            }
        }
        assert!(used.len() > 100, "found only {} keys", used.len());
        let en = ids(include_str!("../locales/en/main.ftl"));
        let fr = ids(include_str!("../locales/fr/main.ftl"));
        for (lang, keys) in [("en", en), ("fr", fr)] {
            let missing: Vec<_> = used.iter().filter(|k| !keys.contains(*k)).collect();
            assert!(missing.is_empty(), "{lang} lacks {missing:?}");
        }
    }

    /// The text of a message line, placeables (`{ … }`) left out.
    fn prose(line: &str) -> String {
        let (mut depth, mut out) = (0, String::new());
        for c in line.chars() {
            match c {
                '{' => {
                    depth += 1;
                    out.push('\u{1}');
                }
                '}' => depth -= 1,
                _ if depth == 0 => out.push(c),
                _ => {}
            }
        }
        out
    }

    /// French typography: a non-breaking space (U+00A0) before `:` and inside « », a narrow one
    /// (U+202F) before `;`, `?` and `!` — never an ordinary space, never none.
    #[test]
    fn french_punctuation_has_its_non_breaking_spaces() {
        let mut faults = Vec::new();
        for line in include_str!("../locales/fr/main.ftl").lines().filter(|l| !l.starts_with('#')) {
            let text = prose(line.split_once(" = ").map(|(_, v)| v).unwrap_or(line));
            if !french_typography_faults(&text).is_empty() {
                faults.push(line.to_owned());
            }
        }
        assert!(faults.is_empty(), "{} French lines lack a non-breaking space: {faults:#?}", faults.len());
    }

    #[test]
    fn dates_are_written_in_words_in_both_languages() {
        assert_eq!(Tr::new(Lang::En).long_date(1990, 4, 25), "25\u{a0}April 1990");
        assert_eq!(Tr::new(Lang::Fr).long_date(1990, 4, 1), "1er\u{a0}avril 1990");
        for m in 1..=12 {
            for lang in [Lang::En, Lang::Fr] {
                assert!(!Tr::new(lang).long_date(2000, m, 2).contains("month-"), "month-{m} in {lang:?}");
            }
        }
    }

    #[test]
    fn plurals_follow_the_number() {
        assert_eq!(Tr::new(Lang::En).count("office-files-count", "n", 1), "1 file");
        assert_eq!(Tr::new(Lang::En).count("office-files-count", "n", 3), "3 files");
        assert_eq!(Tr::new(Lang::Fr).count("office-files-count", "n", 1), "1 dossier");
    }

    #[test]
    fn arguments_are_filled_in() {
        let t = Tr::new(Lang::Fr);
        let s = t.with("retry-after", &[("seconds", "42".into())]);
        assert!(s.contains("42"), "{s}");
    }
}
