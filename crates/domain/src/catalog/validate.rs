//! Reading catalog files and refusing them with a message that names the file and the place.

use std::collections::HashSet;

use super::{ApplicationType, Category, Condition, FieldKind, Text};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError {
    pub file: String,
    pub message: String,
}

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

/// Every application type, in the order of the files given.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub types: Vec<ApplicationType>,
}

impl Catalog {
    pub fn get(&self, id: &str) -> Option<&ApplicationType> {
        self.types.iter().find(|t| t.id == id)
    }

    pub fn of_category(&self, c: Category) -> impl Iterator<Item = &ApplicationType> {
        self.types.iter().filter(move |t| t.category == c)
    }
}

fn is_slug(s: &str, sep: char) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == sep) && !s.starts_with(sep)
}

/// Parses and checks `(file name, TOML text)` pairs; all problems are reported, not just the first.
pub fn parse_catalog(files: &[(&str, &str)]) -> Result<Catalog, Vec<CatalogError>> {
    let mut errors = Vec::new();
    let mut types = Vec::new();
    let mut ids = HashSet::new();
    for (file, text) in files {
        match toml::from_str::<ApplicationType>(text) {
            Ok(t) => {
                let before = errors.len();
                check_type(&t, &mut |m| errors.push(CatalogError { file: (*file).to_owned(), message: m }));
                if !ids.insert(t.id.clone()) {
                    errors.push(CatalogError {
                        file: (*file).to_owned(),
                        message: format!("type id {:?} is used twice", t.id),
                    });
                }
                if errors.len() == before {
                    types.push(t);
                }
            }
            Err(e) => errors.push(CatalogError { file: (*file).to_owned(), message: e.to_string() }),
        }
    }
    if errors.is_empty() { Ok(Catalog { types }) } else { Err(errors) }
}

fn check_text(t: &Text, place: &str, err: &mut impl FnMut(String)) {
    if t.en.trim().is_empty() || t.fr.trim().is_empty() {
        err(format!("{place}: text must be given in both English and French"));
    }
}

fn check_type(t: &ApplicationType, err: &mut impl FnMut(String)) {
    if !is_slug(&t.id, '-') {
        err(format!("id {:?} must be lower-case letters, digits and dashes", t.id));
    }
    if !t.line.is_ascii_uppercase() {
        err(format!("line {:?} must be one capital letter", t.line));
    }
    check_text(&t.name, "name", err);
    check_text(&t.summary, "summary", err);
    if t.sections.is_empty() {
        err("a type needs at least one section".into());
    }
    // Fields known so far, with their kind and options: conditions may only look back.
    let mut known: Vec<(String, FieldKind, Vec<String>)> = Vec::new();
    let mut section_ids = HashSet::new();
    for (si, s) in t.sections.iter().enumerate() {
        let place = format!("sections[{si}] ({})", s.id);
        if !is_slug(&s.id, '_') || !section_ids.insert(s.id.clone()) {
            err(format!("{place}: section id must be unique, lower-case letters, digits and _"));
        }
        check_text(&s.title, &format!("{place}.title"), err);
        if s.fields.is_empty() {
            err(format!("{place}: a section needs at least one field"));
        }
        let mut field_ids = HashSet::new();
        for (fi, f) in s.fields.iter().enumerate() {
            let fplace = format!("{place}.fields[{fi}] ({})", f.id);
            if !is_slug(&f.id, '_') || !field_ids.insert(f.id.clone()) {
                err(format!("{fplace}: field id must be unique in its section, lower-case letters, digits and _"));
            }
            check_text(&f.label, &format!("{fplace}.label"), err);
            match f.kind {
                FieldKind::Choice => {
                    let values: HashSet<&str> = f.options.iter().map(|o| o.value.as_str()).collect();
                    if f.options.len() < 2 || values.len() != f.options.len() {
                        err(format!("{fplace}: a choice needs two or more options with different values"));
                    }
                    for o in &f.options {
                        check_text(&o.label, &format!("{fplace}.options.{}", o.value), err);
                    }
                }
                _ if !f.options.is_empty() => err(format!("{fplace}: only choice fields have options")),
                _ => {}
            }
            if let (Some(min), Some(max)) = (f.min, f.max)
                && min > max
            {
                err(format!("{fplace}: min is greater than max"));
            }
            if let Some(c) = &f.show_if {
                check_condition(c, &known, &format!("{fplace}.show_if"), err);
            }
            if let Some(earlier) = &f.after {
                let is_date_before = s.fields[..fi].iter().any(|e| &e.id == earlier && e.kind == FieldKind::Date);
                if f.kind != FieldKind::Date || !is_date_before {
                    err(format!("{fplace}.after: {earlier:?} is not a date asked before this one in its section"));
                }
            }
            let options = match f.kind {
                FieldKind::YesNo => vec!["yes".to_owned(), "no".to_owned()],
                _ => f.options.iter().map(|o| o.value.clone()).collect(),
            };
            known.push((format!("{}.{}", s.id, f.id), f.kind, options));
        }
    }
    let mut doc_ids = HashSet::new();
    for d in &t.documents {
        if !is_slug(&d.id, '_') || !doc_ids.insert(d.id.clone()) {
            err(format!("documents ({}): id must be unique, lower-case letters, digits and _", d.id));
        }
        check_text(&d.label, &format!("documents ({}).label", d.id), err);
        if let Some(c) = &d.when {
            check_condition(c, &known, &format!("documents ({}).when", d.id), err);
        }
    }
    let mut fee_ids = HashSet::new();
    for f in &t.fees {
        if !is_slug(&f.id, '_') || !fee_ids.insert(f.id.clone()) || f.amount_cents < 0 {
            err(format!("fees ({}): id must be unique and the amount not negative", f.id));
        }
        check_text(&f.label, &format!("fees ({}).label", f.id), err);
        if let Some(c) = &f.when {
            check_condition(c, &known, &format!("fees ({}).when", f.id), err);
        }
    }
}

fn check_condition(
    c: &Condition,
    known: &[(String, FieldKind, Vec<String>)],
    place: &str,
    err: &mut impl FnMut(String),
) {
    match known.iter().find(|(k, _, _)| *k == c.field) {
        None => err(format!("{place}: {:?} is not a field asked before this one", c.field)),
        Some((_, kind, options)) => {
            if !matches!(kind, FieldKind::Choice | FieldKind::YesNo) {
                err(format!("{place}: conditions may only test choice or yes/no fields"));
            }
            for v in &c.equals {
                if !options.contains(v) {
                    err(format!("{place}: {v:?} is not an option of {:?}", c.field));
                }
            }
            if c.equals.is_empty() {
                err(format!("{place}: equals needs at least one value"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
id = "visitor-visa"
line = "V"
category = "temporary"
name = { en = "Visitor visa", fr = "Visa de visiteur" }
summary = { en = "Visit", fr = "Visiter" }
[[sections]]
id = "trip"
title = { en = "Trip", fr = "Voyage" }
[[sections.fields]]
id = "refused"
kind = "yes_no"
label = { en = "Refused before?", fr = "Déjà refusé?" }
required = true
[[sections.fields]]
id = "details"
kind = "text"
label = { en = "Details", fr = "Détails" }
show_if = { field = "trip.refused", equals = ["yes"] }
[[documents]]
id = "passport"
label = { en = "Passport", fr = "Passeport" }
required = true
who = "everyone"
[[fees]]
id = "processing"
label = { en = "Processing", fr = "Traitement" }
amount_cents = 10000
who = "everyone"
"#;

    #[test]
    fn a_good_file_parses() {
        let c = parse_catalog(&[("v.toml", GOOD)]).unwrap_or_default();
        assert_eq!(c.get("visitor-visa").map(|t| t.sections[0].fields.len()), Some(2));
    }

    #[test]
    fn problems_are_named_with_file_and_place() {
        let bad = GOOD.replace("equals = [\"yes\"]", "equals = [\"maybe\"]").replace("fr = \"Passeport\"", "fr = \"\"");
        let errs = parse_catalog(&[("v.toml", &bad)]).err().unwrap_or_default();
        let text: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert!(text.iter().any(|e| e.contains("v.toml") && e.contains("\"maybe\" is not an option")), "{text:?}");
        assert!(text.iter().any(|e| e.contains("documents (passport).label")), "{text:?}");
    }

    #[test]
    fn unknown_keys_and_forward_conditions_are_refused() {
        assert!(parse_catalog(&[("v.toml", &GOOD.replace("required = true\nwho", "requird = true\nwho"))]).is_err());
        let forward = GOOD.replace("field = \"trip.refused\"", "field = \"trip.details\"");
        assert!(parse_catalog(&[("v.toml", &forward)]).is_err());
        assert!(parse_catalog(&[("a.toml", GOOD), ("b.toml", GOOD)]).is_err(), "duplicate ids");
    }
}
