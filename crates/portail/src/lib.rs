//! The `portail` binary's library: configuration, the server with its workers, the mail
//! delivery worker and the demo. Integration tests start the server through [`server::start`].

pub mod backup;
pub mod catalog;
pub mod config;
pub mod demo;
pub mod keys;
pub mod mailer;
pub mod server;
