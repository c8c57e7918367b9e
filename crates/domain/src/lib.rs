//! Pure rules of portail: identities, credentials, sessions, throttling. No I/O, no clock:
//! every function that depends on time takes `now` as a parameter.

pub mod account;
pub mod application;
pub mod calendar;
pub mod catalog;
pub mod deadline;
pub mod invite;
pub mod language;
pub mod letters;
pub mod maintenance;
pub mod outage;
pub mod partner;
pub mod password;
pub mod policy;
pub mod pr;
pub mod processing;
pub mod representation;
pub mod secret;
pub mod session;
pub mod status;
pub mod throttle;
pub mod totp;

pub use chrono::{DateTime, Duration, Utc};
