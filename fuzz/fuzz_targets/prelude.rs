//! What the JSON targets share (`#[path = "prelude.rs"] mod prelude;` in each): the bytes as
//! a JSON document read the way the package reads its arguments, and a document as VTEX's
//! arguments.
//!
//! The bindings (src/bindings.rs, `read_within`) hand every argument to the crate as UTF-8
//! text and read it with [`Json::from_str`]: the plain reader of `src/doc.rs` (`Plain`) for
//! text without escapes, signs or fractions, serde_json's deserializer for anything else.
//! The targets read their input the same way, so that both readers, and the `*_doc` entry
//! points the bindings call, are what the fuzzer exercises (before, the input was a
//! `serde_json::Value`, and the plain reader was never reached).

use settlement_preview::json::Json;

/// The bytes as JSON text read by the crate's reader; `None` (the input is skipped) when
/// they are not UTF-8 (the bindings' text always is: `TextEncoder` wrote it) or not JSON.
pub fn document(data: &[u8]) -> Option<Json<'_>> {
    let text = std::str::from_utf8(data).ok()?;
    Json::from_str(text).ok()
}

/// `{ order, transaction?, options? }` (a fixture, an export line) as its three parts, or a
/// bare order document with neither transaction nor options.
pub fn vtex_arguments<'a, 't>(
    doc: &'a Json<'t>,
) -> (&'a Json<'t>, Option<&'a Json<'t>>, Option<&'a Json<'t>>) {
    match doc.get("order") {
        Some(order) => (order, doc.get("transaction"), doc.get("options")),
        None => (doc, None, None),
    }
}
