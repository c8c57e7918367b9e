//! The catalog of application types: the files under `catalog/` are built into the binary, and an
//! operator may point `catalog_dir` at a folder of their own instead. Either way every file is
//! validated at start and a bad one stops the start with a message naming the file and place.

use anyhow::Context;
use portail_domain::catalog::{Catalog, Countries, parse_catalog};
use std::path::Path;

const BUILTIN: &[(&str, &str)] = &[
    ("visitor-visa.toml", include_str!("../../../catalog/visitor-visa.toml")),
    ("study-permit.toml", include_str!("../../../catalog/study-permit.toml")),
    ("open-work-permit.toml", include_str!("../../../catalog/open-work-permit.toml")),
    ("employer-work-permit.toml", include_str!("../../../catalog/employer-work-permit.toml")),
    ("express-entry.toml", include_str!("../../../catalog/express-entry.toml")),
    ("spousal-sponsorship.toml", include_str!("../../../catalog/spousal-sponsorship.toml")),
];

const COUNTRIES: &str = include_str!("../../../catalog/countries.tsv");

pub fn countries() -> Countries {
    Countries::parse(COUNTRIES)
}

/// The built-in catalog, or the `*.toml` files of `dir` (sorted by name).
pub fn load(dir: Option<&Path>) -> anyhow::Result<Catalog> {
    let owned: Vec<(String, String)> = match dir {
        None => BUILTIN.iter().map(|(n, t)| ((*n).to_owned(), (*t).to_owned())).collect(),
        Some(dir) => {
            let mut files = Vec::new();
            for entry in std::fs::read_dir(dir).with_context(|| format!("reading catalog folder {}", dir.display()))? {
                let path = entry?.path();
                if path.extension().is_some_and(|e| e == "toml") {
                    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
                    files.push((path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(), text));
                }
            }
            files.sort();
            files
        }
    };
    let borrowed: Vec<(&str, &str)> = owned.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    parse_catalog(&borrowed).map_err(|errors| {
        let list: Vec<String> = errors.iter().map(|e| format!("  - {e}")).collect();
        anyhow::anyhow!("the application catalog is not valid:\n{}", list.join("\n"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_catalog_is_valid_and_complete() {
        let c = load(None).unwrap_or_else(|e| panic!("{e}"));
        for id in [
            "visitor-visa",
            "study-permit",
            "open-work-permit",
            "employer-work-permit",
            "express-entry",
            "spousal-sponsorship",
        ] {
            assert!(c.get(id).is_some(), "{id} missing");
        }
        assert_eq!(countries().len(), 249);
    }

    /// Country names are the CLDR's (scripts/countries.py), not the inverted ISO forms.
    #[test]
    fn countries_carry_their_usual_french_names() {
        let c = countries();
        for (code, fr) in [
            ("GL", "Groenland"),
            ("GQ", "Guinée équatoriale"),
            ("MO", "Macao"),
            ("CD", "République démocratique du Congo"),
        ] {
            assert_eq!(c.name(code, portail_domain::language::Lang::Fr), Some(fr), "{code}");
        }
        assert_eq!(c.name("KN", portail_domain::language::Lang::En), Some("Saint Kitts and Nevis"));
    }

    /// The French texts of the shipped catalog (`fr = "…"`) keep French typography.
    #[test]
    fn the_catalog_writes_french_with_its_non_breaking_spaces() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog");
        let mut faults = Vec::new();
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            for piece in text.split("fr = \"").skip(1) {
                let value = piece.split('"').next().unwrap_or("");
                faults.extend(portail_i18n::french_typography_faults(value));
            }
        }
        assert!(faults.is_empty(), "{faults:#?}");
    }

    #[test]
    fn a_bad_catalog_folder_is_refused_with_the_file_named() {
        let dir = std::env::temp_dir().join(format!("portail-catalog-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap_or_default();
        std::fs::write(dir.join("broken.toml"), "id = \"x\"\nline = \"v\"\n").unwrap_or_default();
        let err = load(Some(&dir)).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("broken.toml"), "{err}");
        let _ = std::fs::remove_dir_all(dir);
    }
}
