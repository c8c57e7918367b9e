//! The catalog of application types: data shipped with the product (TOML files under
//! `catalog/`), parsed and validated here. Each type is a questionnaire of sections with typed
//! fields, rules that derive the person's document checklist, and the fees.

mod model;
mod validate;

pub use model::*;
pub use validate::{Catalog, CatalogError, parse_catalog};

use crate::language::Lang;

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub en: String,
    pub fr: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
        }
    }
}

/// Countries for `country` fields: ISO 3166-1 alpha-2 code, English name, French name.
pub struct Countries {
    rows: Vec<(String, String, String)>,
}

impl Countries {
    /// Parses the tab-separated list (`code<TAB>English<TAB>French`, `#` comments).
    pub fn parse(tsv: &str) -> Countries {
        let rows = tsv
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut p = l.split('\t');
                Some((p.next()?.to_owned(), p.next()?.to_owned(), p.next()?.to_owned()))
            })
            .collect();
        Countries { rows }
    }

    pub fn contains(&self, code: &str) -> bool {
        self.rows.iter().any(|(c, _, _)| c == code)
    }

    pub fn name(&self, code: &str, lang: Lang) -> Option<&str> {
        self.rows.iter().find(|(c, _, _)| c == code).map(|(_, en, fr)| match lang {
            Lang::En => en.as_str(),
            Lang::Fr => fr.as_str(),
        })
    }

    /// (code, name) sorted by name in `lang`, for a select list.
    pub fn sorted(&self, lang: Lang) -> Vec<(&str, &str)> {
        let mut v: Vec<(&str, &str)> = self
            .rows
            .iter()
            .map(|(c, en, fr)| (c.as_str(), if lang == Lang::En { en.as_str() } else { fr.as_str() }))
            .collect();
        v.sort_by_key(|(_, n)| fold(n));
        v
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// Accent-folded lower case, for sorting names the way a reader expects (É with E).
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'À' | 'Â' | 'Ä' | 'Á' | 'Å' | 'à' | 'â' | 'ä' | 'á' | 'å' => 'a',
            'Ç' | 'ç' => 'c',
            'É' | 'È' | 'Ê' | 'Ë' | 'é' | 'è' | 'ê' | 'ë' => 'e',
            'Î' | 'Ï' | 'Í' | 'î' | 'ï' | 'í' => 'i',
            'Ô' | 'Ö' | 'Ó' | 'ô' | 'ö' | 'ó' => 'o',
            'Ù' | 'Û' | 'Ü' | 'Ú' | 'ù' | 'û' | 'ü' | 'ú' => 'u',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}
