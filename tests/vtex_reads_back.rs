//! `fromVtex` never returns a state that `preview`, `apply` and `Ledger` refuse (issue 21):
//! every constraint of the state reader (`parse_state`, api.md section 3) holds for what it
//! returns, or the VTEX document is refused with `INVALID_INPUT` at the VTEX path that caused
//! it. One minimal document per way the mapping could break a constraint (found by the
//! `from_vtex` fuzz target, or by going through every check of `parse_state`):
//!
//! - a change's item without `price`, when the change gives neither `discountValue` nor
//!   `incrementValue` (the reader needs item prices then): refused at that price;
//! - a repeated `requestId` of 1 024 characters (the renamed `<id>#2` would be 1 026);
//! - several `Shipping` (or `Tax`, `Discounts`) totals adding up past the amount range;
//! - invoices or returns adding up past the amount range;
//! - changes whose discounts put the value at authorization past the amount range.

use serde_json::{json, Value};
use settlement_preview::json as sp;
use settlement_preview::vtex::FromVtex;

/// An order of K1 (1 × 60.00) and K2 (1 × 40.00), one credit card of 100.00, in `handling`.
fn order() -> Value {
    json!({
        "orderId": "R-1", "status": "handling", "value": 10000,
        "items": [ { "id": "K1", "quantity": 1, "price": 6000 },
                   { "id": "K2", "quantity": 1, "price": 4000 } ],
        "paymentData": { "transactions": [ { "isActive": true, "payments": [
            { "id": "P1", "group": "creditCard", "value": 10000 } ] } ] },
        "storePreferencesData": { "currencyCode": "BRL" }
    })
}

/// What `fromVtex` returns, checked the way `preview` reads it: written as JSON and read back
/// by the state reader, unchanged.
fn reads_back(order: &Value) -> (FromVtex, Value) {
    let out = sp::from_vtex(order, None, None).unwrap_or_else(|e| panic!("threw {e}"));
    let written = serde_json::to_value(&out.state).unwrap();
    let again = sp::parse_state(&written).unwrap_or_else(|e| panic!("{e}\n{written}"));
    assert_eq!(again, out.state, "the state reads back unchanged");
    (out, written)
}

fn codes(out: &FromVtex) -> Vec<&'static str> {
    out.notes.iter().map(|n| n.code.name()).collect()
}

/// The issue's own document: K2 removed without a price, no discountValue nor
/// incrementValue. The change's value would be its items' prices, and VTEX records a price for
/// every removed item (S1): refused at the missing price, not priced by a guess.
#[test]
fn a_removed_item_without_price_is_refused_at_its_price() {
    let mut order = order();
    order["value"] = json!(6000);
    order["changesAttachment"] = json!({ "changesData": [ {
        "requestId": "c1", "reason": "out of stock",
        "itemsRemoved": [ { "id": "K2", "quantity": 1 } ],
        "receipt": { "date": "2024-02-08T13:54:33Z" } } ] });
    let e = sp::from_vtex(&order, None, None).unwrap_err();
    assert_eq!(
        e.path,
        "order.changesAttachment.changesData[0].itemsRemoved[0].price"
    );
    assert!(e.message.contains("missing field `price`"), "{}", e.message);
    // With its price, the same document reads, and preview takes the state: invoicing what is
    // left (K1) settles 60.00 of the card at the gateway (total mode: the provider captures
    // the 100.00 and gives 40.00 back).
    order["changesAttachment"]["changesData"][0]["itemsRemoved"][0]["price"] = json!(4000);
    let (out, state) = reads_back(&order);
    assert_eq!(
        state["changes"][0]["itemsRemoved"],
        json!([{ "id": "K2", "quantity": 1, "price": "40.00" }])
    );
    assert_eq!(state["value"], "60.00");
    assert!(!codes(&out).contains(&"AUTHORIZATION_DIFFERS_FROM_VALUE"));
    let state = sp::parse_state(&state).unwrap();
    let planned = sp::plan_invoice(&state, &json!([{ "id": "K1", "quantity": 1 }]), None).unwrap();
    let outcome =
        settlement_preview::preview(&state, &planned.operation, &Default::default()).unwrap();
    assert!(outcome.accepted, "{outcome:?}");
    let outcome = serde_json::to_value(&outcome).unwrap();
    assert_eq!(outcome["gateway"]["settle"], "60.00", "{outcome}");
    assert_eq!(outcome["refund"], "40.00", "{outcome}");
}

/// An added item without price is refused the same way, at its own index (a line of no
/// units before it is left out, not counted).
#[test]
fn an_added_item_without_price_is_refused_at_its_price() {
    let mut order = order();
    order["value"] = json!(16000);
    order["changesAttachment"] = json!({ "changesData": [ {
        "requestId": "c1", "reason": "one more",
        "itemsAdded": [ { "id": "K1", "quantity": 0 }, { "id": "K1", "quantity": 1 } ] } ] });
    let e = sp::from_vtex(&order, None, None).unwrap_err();
    assert_eq!(
        e.path,
        "order.changesAttachment.changesData[0].itemsAdded[1].price"
    );
}

/// With a `discountValue` (or `incrementValue`) the change's value is VTEX's, and its items
/// need no price (S1, S11: the user calculated the change value): nothing is priced.
#[test]
fn a_change_with_a_value_keeps_its_items_without_price() {
    let mut order = order();
    order["value"] = json!(6000);
    order["changesAttachment"] = json!({ "changesData": [ {
        "requestId": "c1", "discountValue": 4000, "incrementValue": 0,
        "itemsRemoved": [ { "id": "K2", "quantity": 1 } ] } ] });
    let (out, state) = reads_back(&order);
    assert_eq!(
        state["changes"][0]["itemsRemoved"],
        json!([{ "id": "K2", "quantity": 1 }])
    );
    assert!(!codes(&out).contains(&"ITEM_PRICE_MISSING"));
}

/// Two changes with the same `requestId` of the longest length the reader takes: the later
/// one's new id still fits it (the suffix replaces the id's last characters).
#[test]
fn a_repeated_request_id_of_the_longest_length_is_renamed_within_it() {
    let long = "x".repeat(1024);
    let mut order = order();
    order["value"] = json!(9800);
    let change = json!({ "requestId": long, "discountValue": 100, "incrementValue": 0 });
    order["changesAttachment"] = json!({ "changesData": [ change, change ] });
    let (out, state) = reads_back(&order);
    let first = state["changes"][0]["requestId"].as_str().unwrap();
    let second = state["changes"][1]["requestId"].as_str().unwrap();
    assert_eq!(first, long);
    assert_eq!(second.chars().count(), 1024);
    assert!(second.ends_with("#2"), "{second}");
    assert!(codes(&out).contains(&"CHANGE_REQUEST_ID_REPEATED"));
}

/// Each total is an amount, but several `Shipping` entries can add up past what an amount
/// can be (below 10^15): refused at `order.totals`.
#[test]
fn totals_adding_up_out_of_range_are_refused() {
    for id in ["Shipping", "Tax", "CustomTax", "Discounts"] {
        let mut order = order();
        let big = if id == "Discounts" {
            json!(-60_000_000_000_000_000_i64)
        } else {
            json!(60_000_000_000_000_000_i64)
        };
        order["totals"] = json!([ { "id": id, "value": big }, { "id": "Tax", "value": 0 },
                                  { "id": id, "value": big } ]);
        let e = sp::from_vtex(&order, None, None).unwrap_err();
        assert_eq!(e.path, "order.totals", "{id}");
        assert!(e.message.contains("out of range"), "{id}: {}", e.message);
    }
}

/// Each invoice value is an amount, but the output invoices (or the returns) of an order can
/// add up past what an amount can be: refused at the packages, with or without the gateway's
/// records.
#[test]
fn invoices_adding_up_out_of_range_are_refused() {
    for kind in ["Output", "Input"] {
        for gateway in [None, Some(json!({}))] {
            let mut order = order();
            let package = |n: &str| json!({ "type": kind, "invoiceNumber": n, "invoiceValue": 60_000_000_000_000_000_i64 });
            order["packageAttachment"] =
                json!({ "packages": [ package("1"), package("1"), package("2") ] });
            let e = sp::from_vtex(&order, gateway.as_ref(), None).unwrap_err();
            assert_eq!(e.path, "order.packageAttachment.packages", "{kind}");
            assert!(e.message.contains("out of range"), "{kind}: {}", e.message);
        }
    }
}

/// An order whose changes took off more than an amount can be: the value at authorization
/// (VTEX's value plus the discounts) is out of range: refused at the changes.
#[test]
fn a_value_at_authorization_out_of_range_is_refused() {
    let mut order = order();
    order["paymentData"] = json!(null);
    let change = |id: &str| json!({ "requestId": id, "discountValue": 90_000_000_000_000_000_i64, "incrementValue": 0 });
    order["changesAttachment"] = json!({ "changesData": [ change("a"), change("b") ] });
    let e = sp::from_vtex(&order, None, None).unwrap_err();
    assert_eq!(e.path, "order.changesAttachment.changesData");
    assert!(e.message.contains("out of range"), "{}", e.message);
}
