//! Card details as typed on the payment page, and the built-in demo payment provider. No card
//! number is ever stored: only the provider's receipt number and the amount.

use chrono::{Datelike, NaiveDate};
use rand::RngExt;

/// Card numbers the demo provider knows: one that is always accepted, one always declined.
pub const DEMO_CARD_OK: &str = "4242424242424242";
pub const DEMO_CARD_DECLINED: &str = "4000000000000002";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    digits: String,
    pub name: String,
}

impl Card {
    /// Last four digits, for a receipt.
    pub fn last4(&self) -> &str {
        &self.digits[self.digits.len().saturating_sub(4)..]
    }
}

fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .chars()
        .rev()
        .filter_map(|c| c.to_digit(10))
        .enumerate()
        .map(|(i, d)| if i % 2 == 1 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { d })
        .sum();
    sum.is_multiple_of(10)
}

/// Checks typed card details; returns (field, Fluent id) pairs for what is wrong.
pub fn parse_card(
    number: &str,
    expiry: &str,
    name: &str,
    today: NaiveDate,
) -> Result<Card, Vec<(&'static str, &'static str)>> {
    let mut errors = Vec::new();
    let digits: String = number.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    if !(12..=19).contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit()) || !luhn(&digits) {
        errors.push(("card_number", "card-number-invalid"));
    }
    let exp_ok = expiry
        .trim()
        .split_once('/')
        .and_then(|(m, y)| Some((m.trim().parse::<u32>().ok()?, y.trim().parse::<i32>().ok()?)))
        .filter(|(m, _)| (1..=12).contains(m))
        .map(|(m, y)| (m, if y < 100 { 2000 + y } else { y }))
        .is_some_and(|(m, y)| (y, m) >= (today.year(), today.month()));
    if !exp_ok {
        errors.push(("card_expiry", "card-expiry-invalid"));
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        errors.push(("card_name", "card-name-invalid"));
    }
    if errors.is_empty() { Ok(Card { digits, name: name.to_owned() }) } else { Err(errors) }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    #[error("card-declined")]
    Declined,
}

/// The built-in provider: accepts the demo card, declines every other card.
pub fn demo_charge(card: &Card, amount_cents: i64) -> Result<String, PaymentError> {
    if card.digits != DEMO_CARD_OK || amount_cents <= 0 {
        return Err(PaymentError::Declined);
    }
    let n = rand::rng().random_range(0..1_000_000_000_000u64);
    Ok(format!("DEMO-{n:012}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap_or_default()
    }

    #[test]
    fn cards_are_checked_and_only_the_demo_card_pays() {
        let ok = parse_card("4242 4242 4242 4242", "12/30", "Marie Curie", today());
        assert!(ok.as_ref().is_ok_and(|c| c.last4() == "4242"));
        let card = ok.unwrap_or_else(|_| unreachable!());
        assert!(demo_charge(&card, 18500).is_ok_and(|r| r.starts_with("DEMO-")));
        let declined = parse_card(DEMO_CARD_DECLINED, "01/27", "X", today()).unwrap_or_else(|_| unreachable!());
        assert_eq!(demo_charge(&declined, 100), Err(PaymentError::Declined));
        let bad = parse_card("4242 4242 4242 4241", "10/26", "", today()).err().unwrap_or_default();
        assert_eq!(
            bad,
            vec![
                ("card_number", "card-number-invalid"),
                ("card_expiry", "card-expiry-invalid"),
                ("card_name", "card-name-invalid")
            ]
        );
        assert!(parse_card(DEMO_CARD_OK, "11/2026", "A", today()).is_ok(), "this month still works");
    }
}
