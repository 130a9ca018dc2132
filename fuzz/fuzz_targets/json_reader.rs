//! Fuzzes the crate's one JSON reader, `doc::Json::from_str` (its plain shortcut, then
//! serde_json's deserializer for everything the shortcut gives up on) against serde_json's
//! `Value` on the same text: the same document (the same values, keys in the same order, a
//! repeated key's last value), or the same error message. Issue 20 added the shortcut; this
//! is the check that it accepts only what serde_json accepts and reads it the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use settlement_preview::doc::Json;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match (Json::from_str(text), serde_json::from_str::<Value>(text)) {
        (Ok(doc), Ok(value)) => {
            assert_eq!(doc.to_value(), value, "{text:?}");
            assert_eq!(doc.to_string(), value.to_string(), "{text:?}");
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{text:?}"),
        (a, b) => panic!("{text:?}: {a:?} against {b:?}"),
    }
});
