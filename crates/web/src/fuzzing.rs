//! Entry points for the fuzz targets under `fuzz/`, not an API: the page form decoder and the
//! API's inputs, fed the bytes a request carries, with the properties each must keep.

use serde::Deserialize;

pub use crate::api::fuzzing::api_input;

/// A form with the kinds of fields the pages read (text, optional, number, repeated).
#[derive(Deserialize)]
#[allow(dead_code)]
struct TypedForm {
    csrf: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    days: Option<i64>,
    #[serde(default)]
    item: Vec<String>,
}

/// The form decoder of every page: what it accepts holds no NUL and no field twice but `item`;
/// then the body is decoded into a typed form as `CsrfForm` does. Panics when a property breaks.
pub fn form(body: &[u8]) {
    let Ok(pairs) = crate::forms::strict_pairs(body) else { return };
    for (i, (key, value)) in pairs.iter().enumerate() {
        assert!(!key.contains('\0') && !value.contains('\0'), "NUL accepted in {key:?}");
        assert!(key == "item" || pairs[..i].iter().all(|(seen, _)| seen != key), "{key:?} accepted twice");
    }
    let _ = serde_urlencoded::from_bytes::<TypedForm>(body);
}
