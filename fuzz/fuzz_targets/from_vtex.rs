//! Fuzzes `fromVtex` and `fromVtexChange` through the entry points the bindings call: bytes ->
//! JSON text read as the bindings read an argument (`prelude::document`: the crate's plain
//! reader, `doc::Plain`, for text without escapes, signs or fractions; serde_json for the
//! rest) -> either `{ order, transaction?, options?, change?, changeOptions? }` or a bare
//! order document -> `json::from_vtex_doc`, then `json::from_vtex_change_doc` of `change` (or
//! of the document itself) on the state it gave.
//!
//! Malformed or unmappable input is an `INVALID_INPUT` error, never a panic. What `fromVtex`
//! returns is written as the bindings write it (`FromVtex::to_json`, serde_json's text byte
//! for byte) and its state, read back from that text as a caller hands it to the next call,
//! is the same state; planning, closing out or previewing on it never panics. What
//! `fromVtexChange` returns is an operation that reads back unchanged from its text, and
//! previewing it and writing its VTEX request (`toVtexRequest`, Change v2 and v1) never
//! panic. Seeds: `tests/vtex/**/*.json` (`make fuzz-seed`).
#![no_main]

#[path = "prelude.rs"]
mod prelude;

use libfuzzer_sys::fuzz_target;
use serde_json::json;
use settlement_preview::json::{self as sp, Json};

fuzz_target!(|data: &[u8]| {
    let Some(doc) = prelude::document(data) else {
        return;
    };
    let (order, transaction, options) = prelude::vtex_arguments(&doc);
    let out = match sp::from_vtex_doc(order, transaction, options) {
        Ok(out) => out,
        // The library's own net (debug builds): a state it would not read back. Its path is
        // `order` and its message starts so; an input's text (an unknown field's name)
        // cannot put itself there.
        Err(e) if e.path == "order" && e.message.starts_with("the order maps to a state") => {
            panic!("{e}")
        }
        Err(_) => return,
    };
    // The bindings' text of the result is serde_json's, and its state reads back from it.
    let text = out.to_json();
    let serde = serde_json::to_string(&out).expect("a result serialises");
    assert_eq!(text, serde, "FromVtex::to_json against serde_json");
    let state_text = out.state.to_json();
    let read = Json::from_str(&state_text).unwrap_or_else(|e| panic!("{e}\n{state_text}"));
    let again = sp::parse_state_doc(&read).unwrap_or_else(|e| panic!("{e}\n{state_text}"));
    assert_eq!(again, out.state, "the state reads back unchanged");
    let state = again;
    let ids: Vec<Json> = state
        .items
        .iter()
        .map(|i| Json::from(json!({ "id": i.id, "quantity": 1 })))
        .collect();
    let _ = sp::plan_invoice_doc(&state, &Json::Array(ids), None);
    let _ = sp::plan_close_out(&state);
    // fromVtexChange on that state, with the input's `change` (or the order document itself
    // read as one): what it returns is an operation the api.md reader takes back unchanged
    // from its text, and previewing it or writing its request never panics.
    let change = doc.get("change").unwrap_or(order);
    if let Ok(v2) = sp::from_vtex_change_doc(change, &state, doc.get("changeOptions")) {
        let text = serde_json::to_string(&v2.operation).expect("an operation serialises");
        let read = Json::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        let again =
            sp::parse_operation_doc(&read, &state).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(again, v2.operation, "the operation reads back unchanged");
        let _ = settlement_preview::preview(&state, &v2.operation, &Default::default());
        for options in [
            json!({ "changeApi": "v2" }),
            json!({ "changeApi": "v2", "preview": true }),
            json!({}),
        ] {
            if let Ok(request) =
                sp::to_vtex_request_doc(&state, &v2.operation, Some(&Json::from(options)))
            {
                serde_json::from_str::<serde_json::Value>(&request.to_json())
                    .expect("a request's text is JSON");
            }
        }
    }
});
