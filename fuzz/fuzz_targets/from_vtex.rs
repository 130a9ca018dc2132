//! Fuzzes `fromVtex` and `fromVtexChange`: bytes -> JSON -> either `{ order, transaction?,
//! options?, change? }` or a bare order document -> `json::from_vtex`, then
//! `json::from_vtex_change` of `change` (or of the document itself) on the state it gave.
//! Malformed or unmappable input is an `INVALID_INPUT` error, never a panic; what they return
//! is a state (an operation) the api.md reader takes back unchanged, and planning, closing out
//! or previewing on it never panics either. Seeds: `tests/vtex/**/*.json`
//! (`make fuzz-seed`).
#![no_main]

#[path = "prelude.rs"]
mod prelude;

use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};
use settlement_preview::json as sp;

fuzz_target!(|data: &[u8]| {
    let Some(doc) = prelude::document(data) else {
        return;
    };
    let (order, transaction, options) = prelude::vtex_arguments(&doc);
    let out = match sp::from_vtex(order, transaction, options) {
        Ok(out) => out,
        // The library's own net (debug builds): a state it would not read back. Its path is
        // `order` and its message starts so; an input's text (an unknown field's name)
        // cannot put itself there.
        Err(e) if e.path == "order" && e.message.starts_with("the order maps to a state") => {
            panic!("{e}")
        }
        Err(_) => return,
    };
    let written = serde_json::to_value(&out.state).expect("a state serialises");
    let again = sp::parse_state(&written).unwrap_or_else(|e| panic!("{e}\n{written}"));
    assert_eq!(again, out.state, "the state reads back unchanged");
    let ids: Vec<Value> = out
        .state
        .items
        .iter()
        .map(|i| json!({ "id": i.id, "quantity": 1 }))
        .collect();
    let _ = sp::plan_invoice(&out.state, &Value::Array(ids), None);
    let _ = sp::plan_close_out(&out.state);
    // fromVtexChange on that state, with the input's `change` (or the order document itself
    // read as one): what it returns is an operation the api.md reader takes back unchanged,
    // and previewing it never panics.
    let change = doc.get("change").unwrap_or(order);
    if let Ok(v2) = sp::from_vtex_change(change, &out.state, doc.get("changeOptions")) {
        let written = serde_json::to_value(&v2.operation).expect("an operation serialises");
        let again = sp::parse_operation(&written, &out.state)
            .unwrap_or_else(|e| panic!("{e}\n{written}"));
        assert_eq!(again, v2.operation, "the operation reads back unchanged");
        let _ = settlement_preview::preview(&out.state, &v2.operation, &Default::default());
    }
});
