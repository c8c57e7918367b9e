//! The iCalendar feed with whatever the texts of deadlines hold (names, summaries and
//! descriptions come from people): every line is folded at 75 octets and ends in CRLF, and no
//! text can add an event or a property of its own.
#![no_main]

use chrono::{NaiveDate, TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use portail_domain::calendar::{CalendarEvent, feed};

fuzz_target!(|text: &str| {
    let mut parts = text.split('\u{1}');
    let name = parts.next().unwrap_or_default();
    let date = NaiveDate::from_ymd_opt(2027, 1, 15).unwrap();
    let events: Vec<CalendarEvent> = parts
        .collect::<Vec<_>>()
        .chunks(2)
        .enumerate()
        .map(|(i, c)| CalendarEvent {
            uid: format!("{i}@portail"),
            date,
            summary: c[0].to_owned(),
            description: c.get(1).copied().unwrap_or_default().to_owned(),
            url: "https://portail.example/applications/1".to_owned(),
        })
        .collect();
    let out = feed(name, &events, Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap());
    assert!(out.ends_with("\r\n") && !out.replace("\r\n", "").contains(['\r', '\n']), "bare line break");
    let lines: Vec<&str> = out.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert!(lines.iter().all(|l| l.len() <= 75), "a line longer than 75 octets");
    let starts = lines.iter().filter(|l| **l == "BEGIN:VEVENT").count();
    assert_eq!(starts, events.len(), "a text added an event");
    let unfolded = out.replace("\r\n ", "");
    let properties = unfolded.split("\r\n").filter(|l| !l.is_empty()).count();
    assert_eq!(properties, 6 + 10 * events.len(), "a text added a property");
});
