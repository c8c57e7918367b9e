//! The catalog loader: any TOML text is either a checked application type or a list of errors
//! naming its file, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portail_domain::catalog::parse_catalog;

fuzz_target!(|text: &str| {
    match parse_catalog(&[("fuzz.toml", text)]) {
        Ok(catalog) => assert!(catalog.types.len() == 1, "one file, one type"),
        Err(errors) => assert!(!errors.is_empty() && errors.iter().all(|e| e.file == "fuzz.toml")),
    }
});
