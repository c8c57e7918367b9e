//! The domain's parsers of single fields as people type them (dates, amounts, UCIs, postal codes,
//! card details, emails, usernames): the first byte picks the parser, the rest is the text.
//! Each answers or refuses; what it accepts it accepts again in its own canonical form.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use portail_domain::account::{Email, Username};
use portail_domain::application::payment::parse_card;
use portail_domain::application::{parse_date, parse_money, parse_uci};
use portail_domain::pr::parse_postal_code;

fuzz_target!(|data: &[u8]| {
    let Some((which, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    match which % 7 {
        0 => {
            if let Ok(d) = parse_date(text) {
                assert_eq!(parse_date(&d.format("%Y-%m-%d").to_string()), Ok(d));
            }
        }
        1 => {
            if let Some(cents) = parse_money(text) {
                assert!(cents >= 0, "{text:?} → {cents}");
            }
        }
        2 => {
            if let Some(uci) = parse_uci(text) {
                assert_eq!(parse_uci(&uci).as_deref(), Some(uci.as_str()));
            }
        }
        3 => {
            if let Some(code) = parse_postal_code(text) {
                assert_eq!(parse_postal_code(&code).as_deref(), Some(code.as_str()));
            }
        }
        4 => {
            let mut parts = text.splitn(3, '\u{1}');
            let (number, expiry, name) = (parts.next(), parts.next(), parts.next());
            let _ = parse_card(number.unwrap_or(""), expiry.unwrap_or(""), name.unwrap_or(""), today);
        }
        5 => {
            if let Ok(email) = Email::parse(text) {
                assert_eq!(Email::parse(email.as_str()).as_ref(), Ok(&email));
            }
        }
        _ => {
            if let Ok(name) = Username::parse(text) {
                assert_eq!(Username::parse(name.as_str()).as_ref(), Ok(&name));
            }
        }
    }
});
