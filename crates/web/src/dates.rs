//! Dates typed in three boxes (day, month, year), the pattern of GOV.UK and Canada.ca: no
//! browser date picker whose display order differs from the hint. The boxes are named
//! `<name>-day`, `<name>-month` and `<name>-year`; the day box carries the id `<name>` so an
//! error summary's link lands on it.

use serde::Deserialize;
use std::collections::BTreeMap;

/// What the three boxes hold, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateParts {
    pub day: String,
    pub month: String,
    pub year: String,
}

impl DateParts {
    /// A stored `YYYY-MM-DD` answer shown back in the boxes (`25`, `4`, `1990`).
    pub fn from_iso(v: &str) -> DateParts {
        let mut p = v.splitn(3, '-');
        let (year, month, day) = (p.next().unwrap_or(""), p.next().unwrap_or(""), p.next().unwrap_or(""));
        let unpadded = |s: &str| s.trim_start_matches('0').to_owned();
        DateParts { day: unpadded(day), month: unpadded(month), year: year.to_owned() }
    }

    /// The boxes of `name` in a submitted form, when any of them was sent.
    pub fn from_form(form: &BTreeMap<String, String>, name: &str) -> Option<DateParts> {
        let part = |p: &str| form.get(&format!("{name}-{p}")).map(|v| v.trim().to_owned());
        let (day, month, year) = (part("day"), part("month"), part("year"));
        if day.is_none() && month.is_none() && year.is_none() {
            return None;
        }
        Some(DateParts {
            day: day.unwrap_or_default(),
            month: month.unwrap_or_default(),
            year: year.unwrap_or_default(),
        })
    }

    /// `year-month-day` for the domain's date check, or empty when no box was filled.
    pub fn joined(&self) -> String {
        if self.day.is_empty() && self.month.is_empty() && self.year.is_empty() {
            return String::new();
        }
        format!("{}-{}-{}", self.year, self.month, self.day)
    }
}

/// Adds one `name=year-month-day` entry for the boxes of each date of the form, so the rest
/// of the code sees one answer per question; the boxes stay, to be shown back after a refusal.
/// A form sent without boxes (as a script may post it) is left as it is.
pub fn join_dates(form: &mut BTreeMap<String, String>) {
    let names: Vec<String> = form
        .keys()
        .filter_map(|k| ["-day", "-month", "-year"].iter().find_map(|p| k.strip_suffix(p)))
        .map(str::to_owned)
        .collect();
    for name in &names {
        if let Some(parts) = DateParts::from_form(form, name) {
            form.insert(name.to_owned(), parts.joined());
        }
    }
}

/// What the boxes of `name` show: the boxes as typed after a refusal, else the stored answer.
pub fn shown(form: &BTreeMap<String, String>, name: &str) -> DateParts {
    DateParts::from_form(form, name)
        .unwrap_or_else(|| DateParts::from_iso(form.get(name).map(String::as_str).unwrap_or("")))
}

/// The date boxes of a form read into a struct (`#[serde(flatten)]`): the fields the struct
/// does not name, among them `<name>-day`, `<name>-month` and `<name>-year` of each date.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(transparent)]
pub struct DateBoxes(BTreeMap<String, String>);

impl DateBoxes {
    /// What the boxes of `name` show back: as typed, else the date sent in one field (`whole`).
    pub fn shown(&self, name: &str, whole: &str) -> DateParts {
        match DateParts::from_form(&self.0, name) {
            Some(p) => {
                let short = |v: String| v.chars().take(4).collect();
                DateParts { day: short(p.day), month: short(p.month), year: short(p.year) }
            }
            None => DateParts::from_iso(whole.get(..10).unwrap_or(whole)),
        }
    }

    /// The date `name` for the domain's check: its boxes joined, or `whole` when no box was sent
    /// (as a script may post it).
    pub fn date(&self, name: &str, whole: &str) -> String {
        DateParts::from_form(&self.0, name).map(|p| p.joined()).unwrap_or_else(|| whole.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_join_and_show_back() {
        let mut form: BTreeMap<String, String> =
            [("dob-day", "25"), ("dob-month", " 4 "), ("dob-year", "1990"), ("other", "x")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect();
        join_dates(&mut form);
        assert_eq!(form.get("dob").map(String::as_str), Some("1990-4-25"));
        assert_eq!(form.len(), 5, "one joined entry added, nothing for a date never sent");
        assert_eq!(shown(&form, "dob"), DateParts { day: "25".into(), month: "4".into(), year: "1990".into() });
        assert_eq!(
            DateParts::from_iso("2031-06-01"),
            DateParts { day: "1".into(), month: "6".into(), year: "2031".into() }
        );
        assert_eq!(DateParts::default().joined(), "");
    }
}
