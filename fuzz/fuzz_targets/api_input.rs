//! Every JSON body and query string of the API as it arrives, then the parsers of its fields:
//! see `portail_web::fuzzing::api_input`. The first byte picks the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some((which, bytes)) = data.split_first() {
        portail_web::fuzzing::api_input(*which, bytes);
    }
});
