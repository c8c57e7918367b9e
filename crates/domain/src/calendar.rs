//! Deadlines as an iCalendar feed (RFC 5545): one all-day event per deadline, with a stable UID
//! so that calendar apps update an event when its date moves instead of adding a second one.

use chrono::{DateTime, Days, NaiveDate, Utc};

/// One deadline in the feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEvent {
    /// Stable across refreshes: the same deadline keeps the same id.
    pub uid: String,
    pub date: NaiveDate,
    pub summary: String,
    pub description: String,
    pub url: String,
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets, never inside a character (RFC 5545 §3.1), ending in CRLF.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// The whole feed: its name, and every event, stamped `now`.
pub fn feed(name: &str, events: &[CalendarEvent], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    for line in ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//portail//deadlines//EN", "CALSCALE:GREGORIAN"] {
        fold(line, &mut out);
    }
    fold(&format!("X-WR-CALNAME:{}", escape(name)), &mut out);
    for e in events {
        let next = e.date.checked_add_days(Days::new(1)).unwrap_or(e.date);
        for line in [
            "BEGIN:VEVENT".to_owned(),
            format!("UID:{}", escape(&e.uid)),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", e.date.format("%Y%m%d")),
            format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")),
            format!("SUMMARY:{}", escape(&e.summary)),
            format!("DESCRIPTION:{}", escape(&e.description)),
            format!("URL:{}", e.url),
            "TRANSP:TRANSPARENT".to_owned(),
            "END:VEVENT".to_owned(),
        ] {
            fold(&line, &mut out);
        }
    }
    fold("END:VCALENDAR", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_escaped_folded_and_all_day() {
        let e = CalendarEvent {
            uid: "request-1@portail".into(),
            date: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap_or_default(),
            summary: "Documents dus ; relevés, \\ «é»".into(),
            description: "x".repeat(200),
            url: "https://portail.example/applications/1".into(),
        };
        let now = DateTime::<Utc>::UNIX_EPOCH;
        let f = feed("Mes échéances", &[e], now);
        assert!(f.contains("DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n"));
        assert!(f.contains("SUMMARY:Documents dus \\; relevés\\, \\\\ «é»\r\n"));
        assert!(f.lines().all(|l| l.len() <= 75), "every line folded");
        assert!(f.contains("\r\n x"), "long lines continue with a space");
        assert!(f.starts_with("BEGIN:VCALENDAR\r\n") && f.ends_with("END:VCALENDAR\r\n"));
        assert_eq!(f.matches("BEGIN:VEVENT").count(), 1);
    }
}
