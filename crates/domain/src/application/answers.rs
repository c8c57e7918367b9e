//! Answers to a questionnaire: typed checking of each field, conditional questions, and whether
//! a section is complete.

use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

use crate::catalog::{ApplicationType, Condition, Countries, DateRange, Field, FieldKind, Section};

/// Every answer of an application, keyed `section.field`, in normalised text form.
pub type Answers = BTreeMap<String, String>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    /// A Fluent message id.
    pub code: &'static str,
}

fn holds(c: &Condition, answers: &Answers) -> bool {
    answers.get(&c.field).is_some_and(|v| c.equals.iter().any(|e| e == v))
}

/// Whether a field is asked, given the answers so far.
pub fn visible(f: &Field, answers: &Answers) -> bool {
    f.show_if.as_ref().is_none_or(|c| holds(c, answers))
}

pub(crate) fn condition_holds(c: Option<&Condition>, answers: &Answers) -> bool {
    c.is_none_or(|c| holds(c, answers))
}

fn check_field(f: &Field, raw: &str, countries: &Countries, today: NaiveDate) -> Result<String, &'static str> {
    let v = raw.trim();
    if v.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err("answer-text-invalid");
    }
    match f.kind {
        FieldKind::Text => {
            let max = f.max_len.unwrap_or(200);
            if v.chars().count() > max { Err("answer-too-long") } else { Ok(v.to_owned()) }
        }
        FieldKind::Date => {
            let d = parse_date(v)?;
            match f.date_range {
                Some(DateRange::Past) if d > today => Err("answer-date-not-past"),
                Some(DateRange::Future) if d < today => Err("answer-date-not-future"),
                _ if d.year() > 2200 => Err("answer-date-not-real"),
                _ => Ok(d.format("%Y-%m-%d").to_string()),
            }
        }
        FieldKind::Country => {
            let code = v.to_ascii_uppercase();
            if countries.contains(&code) { Ok(code) } else { Err("answer-country-invalid") }
        }
        FieldKind::YesNo => match v {
            "yes" | "no" => Ok(v.to_owned()),
            _ => Err("answer-choice-invalid"),
        },
        FieldKind::Choice => {
            if f.options.iter().any(|o| o.value == v) {
                Ok(v.to_owned())
            } else {
                Err("answer-choice-invalid")
            }
        }
        FieldKind::Number => {
            let n: i64 = v.parse().map_err(|_| "answer-number-invalid")?;
            if f.min.is_some_and(|m| n < m) || f.max.is_some_and(|m| n > m) {
                return Err("answer-number-range");
            }
            Ok(n.to_string())
        }
        FieldKind::Money => {
            let cents = parse_money(v).ok_or("answer-money-invalid")?;
            if f.min.is_some_and(|m| cents < m * 100) || f.max.is_some_and(|m| cents > m * 100) {
                return Err("answer-number-range");
            }
            Ok(format!("{}.{:02}", cents / 100, cents % 100))
        }
    }
}

/// A date as `year-month-day`: the API's `1990-04-25`, or the three boxes of a page joined
/// (`1990-4-25`). Each refusal says what is wrong: a part missing, a year without its four
/// digits, a day that does not exist (31 April), or something that is no date at all.
pub fn parse_date(v: &str) -> Result<NaiveDate, &'static str> {
    let parts: Vec<&str> = v.trim().split('-').map(str::trim).collect();
    let [year, month, day] = parts[..] else { return Err("answer-date-invalid") };
    if [year, month, day].iter().all(|p| p.is_empty()) {
        return Err("answer-required");
    }
    if [year, month, day].iter().any(|p| p.is_empty()) {
        return Err("answer-date-incomplete");
    }
    let digits = |p: &str, most: usize| p.len() <= most && p.chars().all(|c| c.is_ascii_digit());
    if !digits(year, 4) || !digits(month, 2) || !digits(day, 2) {
        return Err("answer-date-invalid");
    }
    if year.len() != 4 {
        return Err("answer-date-year");
    }
    let number = |p: &str| p.parse::<u32>().map_err(|_| "answer-date-invalid");
    let d =
        NaiveDate::from_ymd_opt(number(year)? as i32, number(month)?, number(day)?).ok_or("answer-date-not-real")?;
    // Nobody applying was born before 1900; a year like 0315 is a mistyped one.
    if d.year() < 1900 {
        return Err("answer-date-not-real");
    }
    Ok(d)
}

/// The dates that must come after another one (`after = "arrival"`: a departure before the
/// arrival, an expiry before the issue) are refused with their own message.
fn check_order(section: &Section, next: &Answers, errors: &mut Vec<FieldError>) {
    for f in &section.fields {
        let Some(earlier) = &f.after else { continue };
        let key = |id: &str| format!("{}.{id}", section.id);
        if let (Some(this), Some(that)) = (next.get(&key(&f.id)), next.get(&key(earlier))) {
            // Both are `YYYY-MM-DD`, so their text order is their date order.
            if this <= that && !errors.iter().any(|e| e.field == f.id) {
                errors.push(FieldError { field: f.id.clone(), code: "answer-date-not-after" });
            }
        }
    }
}

/// `1234`, `1 234,50`, `1,234.50`, `$1234.5` → cents. Ambiguous or negative amounts are refused.
pub fn parse_money(s: &str) -> Option<i64> {
    let cleaned: String = s.chars().filter(|c| !matches!(c, '$' | ' ' | '\u{a0}' | '\u{202f}')).collect();
    let (whole, frac) = match cleaned.rfind(['.', ',']) {
        Some(i) if cleaned.len() - i - 1 <= 2 => (&cleaned[..i], &cleaned[i + 1..]),
        _ => (cleaned.as_str(), ""),
    };
    let whole: String = whole.chars().filter(|c| *c != ',' && *c != '.').collect();
    if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let w: i64 = whole.parse().ok()?;
    let f: i64 = if frac.is_empty() { 0 } else { format!("{frac:0<2}").parse().ok()? };
    w.checked_mul(100)?.checked_add(f)
}

/// Checks the submitted values of one section against the answers so far. On success, returns
/// the full new answer set (hidden questions' answers removed); otherwise every field error.
pub fn parse_section(
    ty: &ApplicationType,
    section: &Section,
    input: &BTreeMap<String, String>,
    current: &Answers,
    countries: &Countries,
    today: NaiveDate,
) -> Result<Answers, Vec<FieldError>> {
    let mut next = current.clone();
    let mut errors = Vec::new();
    for f in &section.fields {
        let key = format!("{}.{}", section.id, f.id);
        next.remove(&key);
        if !visible(f, &next) {
            continue;
        }
        let raw = input.get(&f.id).map(String::as_str).unwrap_or("");
        if raw.trim().is_empty() {
            if f.required {
                errors.push(FieldError { field: f.id.clone(), code: "answer-required" });
            }
            continue;
        }
        match check_field(f, raw, countries, today) {
            Ok(v) => {
                next.insert(key, v);
            }
            Err(code) => errors.push(FieldError { field: f.id.clone(), code }),
        }
    }
    check_order(section, &next, &mut errors);
    // A changed answer may hide later questions: drop what is no longer asked.
    for s in &ty.sections {
        for f in &s.fields {
            if !visible(f, &next) {
                next.remove(&format!("{}.{}", s.id, f.id));
            }
        }
    }
    if errors.is_empty() { Ok(next) } else { Err(errors) }
}

/// A section is complete when every visible required question has an answer.
pub fn section_complete(section: &Section, answers: &Answers) -> bool {
    section
        .fields
        .iter()
        .filter(|f| f.required && visible(f, answers))
        .all(|f| answers.contains_key(&format!("{}.{}", section.id, f.id)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_in_both_conventions() {
        assert_eq!(parse_money("1234"), Some(123_400));
        assert_eq!(parse_money("1 234,50"), Some(123_450));
        assert_eq!(parse_money("$1,234.5"), Some(123_450));
        assert_eq!(parse_money("-5"), None);
        assert_eq!(parse_money("12abc"), None);
        assert_eq!(parse_money(""), None);
    }

    #[test]
    fn dates_say_what_is_wrong_with_them() {
        assert_eq!(parse_date("1990-4-25"), NaiveDate::from_ymd_opt(1990, 4, 25).ok_or("none"));
        assert_eq!(parse_date("1990-04-25"), NaiveDate::from_ymd_opt(1990, 4, 25).ok_or("none"));
        assert_eq!(parse_date("1990--25"), Err("answer-date-incomplete"));
        assert_eq!(parse_date("--"), Err("answer-required"));
        assert_eq!(parse_date("90-4-25"), Err("answer-date-year"));
        assert_eq!(parse_date("2031-4-31"), Err("answer-date-not-real"));
        assert_eq!(parse_date("2031-2-29"), Err("answer-date-not-real"));
        assert_eq!(parse_date("0315-4-25"), Err("answer-date-not-real"));
        assert_eq!(parse_date("25/04/1990"), Err("answer-date-invalid"));
        assert_eq!(parse_date("1990-april-25"), Err("answer-date-invalid"));
    }
}
