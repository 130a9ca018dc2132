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
//! Cases: `plain`, `plain-quiet` (`explain: false`), `listing`, `listing-quiet`.

use serde_json::{json, Value};
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

fn main() {
    let mut args = std::env::args().skip(1);
    let case = args.next().unwrap_or_else(|| "plain".into());
    let count: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000);
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
    let operation = sp::parse_operation(&operation, &state).unwrap();
    let ledger = Ledger::new(state, sp::parse_options(options.as_ref()).unwrap());
    let mut bytes = 0;
    for _ in 0..count {
        bytes += one(black_box(&ledger), black_box(&operation));
    }
    println!("{case}: {count} previews, {} B each", bytes / count.max(1));
    // The text is serde_json's, byte for byte (tests/scenarios.rs checks every scenario so).
    let outcome = ledger.preview(&operation).unwrap();
    assert_eq!(outcome.to_json(), serde_json::to_string(&outcome).unwrap());
    if std::env::var_os("PREVIEW_SHOW").is_some() {
        println!("{}", outcome.to_json());
    }
}

/// One preview and its outcome's text, as `ledger.preview` does them in the .wasm.
#[inline(never)]
fn one(ledger: &Ledger, operation: &settlement_preview::Operation) -> usize {
    let outcome = ledger.preview(operation).unwrap();
    black_box(outcome.to_json()).len()
}
