//! The one integration-test binary of portail: the real server on a free port, a real SMTP
//! server over TCP, and each test run against SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod helpers;
mod maintenance;
mod office;
mod rep_matrix;
mod representatives;
mod requests;
mod rotation;
mod smtp;
mod status;

mod account;
mod api;
mod api_pr;
mod apply;
mod auth;
mod authz_cast;
mod authz_table;
mod backup;
mod documents;
mod fixes;
mod hostile_forms;
mod oidc;
mod partner_tokens;
mod partners;
mod pdf_layout;
mod pr;
mod pr_confirm;
mod security;
mod statements;
mod store;
mod submit;
