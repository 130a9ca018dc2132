//! What the JSON targets share (`#[path = "prelude.rs"] mod prelude;` in each): the bytes as
//! a JSON document, and a document as VTEX's arguments.

use serde_json::Value;

/// The bytes as JSON; `None` (the input is skipped) when they are not.
pub fn document(data: &[u8]) -> Option<Value> {
    serde_json::from_slice(data).ok()
}

/// `{ order, transaction?, options? }` (a fixture, an export line) as its three parts, or a
/// bare order document with neither transaction nor options.
#[allow(dead_code)] // simulate_json takes the document whole
pub fn vtex_arguments(doc: &Value) -> (&Value, Option<&Value>, Option<&Value>) {
    match doc.get("order") {
        Some(order) => (order, doc.get("transaction"), doc.get("options")),
        None => (doc, None, None),
    }
}
