//! Invite codes as people type them: a typed text is a code or not; a code, shown grouped as it
//! is mailed, reads back as the same code.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portail_domain::invite::{grouped, normalise};

fuzz_target!(|typed: &str| {
    if let Some(code) = normalise(typed) {
        assert_eq!(code.len(), 20);
        assert_eq!(normalise(&grouped(&code)).as_deref(), Some(code.as_str()), "{typed:?}");
        assert_eq!(normalise(&code.to_lowercase()).as_deref(), Some(code.as_str()));
    }
});
