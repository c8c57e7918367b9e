//! Entry points for the fuzz targets under `fuzz/`, not an API: every JSON body and query string
//! the API reads, decoded from raw bytes as its extractors decode them, then read by the domain
//! parsers that handle those fields. Each entry point must return for any bytes, never panic.

use chrono::NaiveDate;
use portail_domain::application::payment::parse_card;
use portail_domain::application::{parse_date, parse_member};
use portail_domain::pr::{parse_postal_code, parse_presence};
use serde::de::DeserializeOwned;

use super::{applications, clients, office, pr, types};

fn json<T: DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    serde_json::from_slice(bytes).ok()
}

fn query<T: DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    serde_urlencoded::from_bytes(bytes).ok()
}

/// How many kinds of input [`api_input`] tells apart by its first argument.
const API_INPUTS: u8 = 17;

/// Decodes `bytes` as the API input number `which` (modulo the 17 kinds) and, when it decodes,
/// hands its fields to the parser the operation uses.
pub fn api_input(which: u8, bytes: &[u8]) {
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
    match which % API_INPUTS {
        0 => drop(json::<types::NewDraft>(bytes)),
        1 => drop(json::<types::SectionAnswers>(bytes)),
        2 => {
            if let Some(m) = json::<types::NewMember>(bytes) {
                let _ = parse_member(&m.given_name, &m.family_name, &m.relationship, &m.date_of_birth, today);
            }
        }
        3 => {
            if let Some(p) = json::<types::PaymentBody>(bytes) {
                let _ = parse_card(&p.card_number, &p.card_expiry, &p.card_name, today);
            }
        }
        4 => drop(json::<types::SubmissionBody>(bytes)),
        5 => drop(json::<types::NewMessage>(bytes)),
        6 => drop(json::<types::ExtensionBody>(bytes)),
        7 => drop(json::<types::WithdrawalBody>(bytes)),
        8 => drop(json::<types::DecisionBody>(bytes)),
        9 => drop(json::<types::DocumentRequestBody>(bytes)),
        10 => {
            if let Some(l) = json::<office::LetterBody>(bytes) {
                let _ = parse_date(&l.date);
            }
        }
        11 => {
            if let Some(p) = json::<pr::PresenceBody>(bytes) {
                let _ = parse_presence(&p.presence, &p.entered_on, today);
            }
        }
        12 => {
            if let Some(a) = json::<pr::AddressBody>(bytes) {
                let _ = parse_postal_code(&a.postal_code);
            }
        }
        13 => drop(query::<applications::PageQuery>(bytes)),
        14 => drop(query::<clients::ClientsQuery>(bytes)),
        15 => drop(query::<clients::DeadlinesQuery>(bytes)),
        _ => drop(query::<office::QueueQuery>(bytes)),
    }
}
