//! The url-encoded form decoder of every page (`CsrfForm`): see `portail_web::fuzzing::form`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    portail_web::fuzzing::form(body);
});
