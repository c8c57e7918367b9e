//! The back office (`/office`): queues, files, and what officers do to them. Only staff reach it
//! (the guards in `router.rs`); the operations audit every read of a file or document and every
//! change.

pub mod actions;
pub mod file;
pub mod incidents;
pub mod maintenance;
pub mod pr;
pub mod queue;
pub mod representatives;
pub mod requests;
pub mod staff;
pub mod waves;

pub use portail_app::office::principal_name;
