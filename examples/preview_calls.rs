//! Issue 20: `count` previews of one of the four `ledger.preview` cases of
//! `benches/js/bench.mjs --crossing` (an order of 10 items, 2 payments, 3 earlier invoices; an
//! invoice of 10.00 without items, or listing the 10 items; the explanation on or off), each
//! the engine's work and the outcome's JSON text (`Outcome::to_json`), natively. For
//! instruction counts under callgrind (repeatable on a shared machine), per function with
//! `callgrind_annotate --inclusive=yes`; the cost of one preview is the difference of two
//! counts over the difference of their `count`s (the setup cancels out):
//!
//! ```text
//! cargo build --release --example preview_calls
//! valgrind --tool=callgrind target/release/examples/preview_calls plain 1000
//! ```
//!
//! Cases: `plain`, `plain-quiet` (`explain: false`), `listing`, `listing-quiet`; and the
//! stateless `preview` of bench.mjs's `order(N, 2, 3)` with the invoice of 10.00, from the
//! JSON texts the package's walk hands the .wasm (keys in the order JavaScript gives them):
//! `state-1000`, `state-10000` (the texts read into `doc::Json`, the state and the operation
//! read and validated, the preview, its outcome's text; the documents dropped).

use serde_json::{json, Value};
use settlement_preview::engine::OutcomeText;
use settlement_preview::{json as sp, Ledger};
use std::hint::black_box;

/// bench.mjs's `order(10, 2, 3)`.
fn order() -> Value {
    let items: Vec<Value> = (0..10)
        .map(|i| json!({ "id": format!("SKU-{i}"), "quantity": 2, "price": "10.00", "name": format!("Item {i}") }))
        .collect();
    let invoices: Vec<Value> = (0..3)
        .map(|i| json!({ "type": "output", "number": format!("E-{i}"), "value": "0.10" }))
        .collect();
    json!({ "orderId": "BENCH-01", "currency": "BRL", "status": "handling", "items": items,
            "invoices": invoices, "transaction": { "payments": [
        { "id": "p0", "group": "creditCard", "value": "100.00", "connector": { "mode": "partial" }, "settled": "0.30" },
        { "id": "p1", "group": "creditCard", "value": "100.00", "connector": { "mode": "partial" }, "settled": "0.00" } ] } })
}

/// bench.mjs's `order(items, 2, 3)` as the walk writes it (JSON.stringify's text: the keys in
/// the order the object literal gives them, not sorted).
fn order_text(items: usize) -> String {
    let mut text =
        String::from(r#"{"orderId":"BENCH-01","currency":"BRL","status":"handling","items":["#);
    for i in 0..items {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!(
            r#"{{"id":"SKU-{i}","quantity":2,"price":"10.00","name":"Item {i}"}}"#
        ));
    }
    text.push_str(r#"],"invoices":["#);
    for i in 0..3 {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!(
            r#"{{"type":"output","number":"E-{i}","value":"0.10"}}"#
        ));
    }
    // The value (20 per item) shared by the two payments, in cents as bench.mjs does.
    let cents = 2000 * items;
    let share = cents / 2;
    let money = |c: usize| format!("{}.{:02}", c / 100, c % 100);
    text.push_str(&format!(
        r#"],"transaction":{{"payments":[{{"id":"p0","group":"creditCard","value":"{}","connector":{{"mode":"partial"}},"settled":"0.30"}},{{"id":"p1","group":"creditCard","value":"{}","connector":{{"mode":"partial"}},"settled":"0.00"}}]}}}}"#,
        money(share),
        money(cents - share)
    ));
    text
}

/// The stateless `preview` as the package runs it on the walk's texts: each text read into a
/// `doc::Json`, the state and the operation read from it, the preview and its outcome's text.
#[inline(never)]
fn stateless(state: &[u8], operation: &[u8]) -> usize {
    let state = std::str::from_utf8(state).unwrap();
    let state = sp::parse_state_doc(&sp::Json::from_str(state).unwrap()).unwrap();
    let operation = std::str::from_utf8(operation).unwrap();
    let operation =
        sp::parse_operation_doc(&sp::Json::from_str(operation).unwrap(), &state).unwrap();
    let options = sp::parse_options_doc(None).unwrap();
    let outcome = settlement_preview::preview(&state, &operation, &options).unwrap();
    black_box(outcome.to_json()).len()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let case = args.next().unwrap_or_else(|| "plain".into());
    let count: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000);
    if let Some(items) = case.strip_prefix("state-") {
        let items: usize = items.parse().expect("state-N: N items");
        let state = order_text(items).into_bytes();
        let operation = br#"{"type":"invoice","number":"NF-NEW","value":"10.00"}"#;
        let mut bytes = 0;
        for _ in 0..count {
            bytes += stateless(black_box(&state), black_box(operation));
        }
        println!("{case}: {count} previews, {} B each", bytes / count.max(1));
        return;
    }
    // `read-…`: the operation read from the walk's text on every call, as `ledger.preview`
    // does (its text, the document, the schema), then the preview.
    let (case, read) = match case.strip_prefix("read-") {
        Some(rest) => (rest.to_string(), true),
        None => (case, false),
    };
    let operation = match case.trim_end_matches("-quiet") {
        "plain" => json!({ "type": "invoice", "number": "NF-NEW", "value": "10.00" }),
        "listing" => {
            let items: Vec<Value> = (0..10)
                .map(|i| json!({ "id": format!("SKU-{i}"), "quantity": 1, "price": "10.00" }))
                .collect();
            json!({ "type": "invoice", "number": "NF-ITEMS", "value": "100.00", "items": items })
        }
        other => panic!("unknown case {other}: plain, listing, plain-quiet, listing-quiet"),
    };
    let options = case
        .ends_with("-quiet")
        .then(|| json!({ "explain": false }));
    let state = sp::parse_state(&order()).unwrap();
    let text = serde_json::to_string(&operation).unwrap();
    let operation = sp::parse_operation(&operation, &state).unwrap();
    let ledger = Ledger::new(state, sp::parse_options(options.as_ref()).unwrap());
    let mut bytes = 0;
    for _ in 0..count {
        bytes += if read {
            read_one(black_box(&ledger), black_box(text.as_bytes()))
        } else {
            one(black_box(&ledger), black_box(&operation))
        };
    }
    println!("{case}: {count} previews, {} B each", bytes / count.max(1));
    // The text is serde_json's, byte for byte (tests/scenarios.rs checks every scenario so).
    let outcome = ledger.preview(&operation).unwrap();
    assert_eq!(outcome.to_json(), serde_json::to_string(&outcome).unwrap());
    if std::env::var_os("PREVIEW_SHOW").is_some() {
        println!("{}", outcome.to_json());
    }
}

/// One preview and its outcome's text, as `ledger.preview` does them in the .wasm: written
/// straight from the engine's run into buffers kept between calls (`Ledger::preview_text`).
#[inline(never)]
fn one(ledger: &Ledger, operation: &settlement_preview::Operation) -> usize {
    thread_local! {
        static KEPT: std::cell::Cell<OutcomeText> = std::cell::Cell::default();
    }
    let mut out = KEPT.with(std::cell::Cell::take);
    ledger.preview_text(operation, &mut out).unwrap();
    let n = black_box(out.json().bytes()).len();
    KEPT.with(|kept| kept.set(out));
    n
}

/// [`one`] of the operation's text, read as `ledger.preview` reads it (`read-…` cases).
#[inline(never)]
fn read_one(ledger: &Ledger, text: &[u8]) -> usize {
    let text = std::str::from_utf8(text).unwrap();
    let operation = match sp::plain_invoice(text, ledger.state()) {
        Some(operation) => operation,
        None => {
            sp::parse_operation_doc(&sp::Json::from_str(text).unwrap(), ledger.state()).unwrap()
        }
    };
    one(ledger, &operation)
}
