//! `OrderState::unit_prices` (issue 20): many lookups of an item's unit price in time linear in
//! the lines, where a scan per lookup was quadratic. It gives `unit_price`'s answer for every id
//! (the first line of the id, among the order's items then each change's added lines, even when
//! that line has no price), and the three callers that price a list of lines without prices
//! (the engine's invoice, `toVtexRequest`, `fromVtexChange`'s estimate) give on large lists what
//! they give with every price written out.

use rust_decimal::Decimal;
use serde_json::{json, Value};
use settlement_preview::json as sp;
use settlement_preview::{preview, Options, OrderState};
use std::str::FromStr;

/// An order of `n` lines `s0`…, `si` at (i + 1).00 for 1 unit, and two changes: the first adds
/// `s1` again at another price (the order's line wins) and new SKUs `n0`, `n1`; the second adds
/// `n0` again at another price (the first change's line wins).
fn order(n: usize) -> OrderState {
    let items: Vec<Value> = (0..n)
        .map(|i| json!({ "id": format!("s{i}"), "quantity": 1, "price": format!("{}.00", i + 1) }))
        .collect();
    let total: usize = (1..=n).sum::<usize>() + 99 + 3 + 4 + 5;
    sp::parse_state(&json!({
        "currency": "BRL", "status": "handling", "items": items,
        "changes": [
            { "requestId": "c1", "itemsRemoved": [],
              "itemsAdded": [ { "id": "s1", "quantity": 1, "price": "99.00" },
                              { "id": "n0", "quantity": 1, "price": "3.00" },
                              { "id": "n1", "quantity": 1, "price": "4.00" } ] },
            { "requestId": "c2", "itemsRemoved": [],
              "itemsAdded": [ { "id": "n0", "quantity": 1, "price": "5.00" } ] }
        ],
        "transaction": { "payments": [ { "id": "P", "group": "creditCard",
                                         "value": format!("{total}.00"),
                                         "connector": { "mode": "partial" } } ] }
    }))
    .unwrap()
}

#[test]
fn every_lookup_is_unit_prices_answer() {
    for n in [0, 3, 64, 65, 300] {
        let state = order(n);
        let mut ids: Vec<String> = (0..n).map(|i| format!("s{i}")).collect();
        ids.extend(["n0", "n1", "unknown", "", "s"].map(String::from));
        // Forwards, backwards and again: lookups before and after the index is built.
        let mut order: Vec<&String> = ids.iter().collect();
        order.extend(ids.iter().rev());
        order.extend(ids.iter());
        let mut prices = state.unit_prices();
        for id in order {
            assert_eq!(prices.get(id), state.unit_price(id), "{n} lines: {id}");
        }
        let mut prices = state.unit_prices();
        for _ in 0..40 {
            assert_eq!(prices.get("n0"), Some(Decimal::from_str("3.00").unwrap()));
            let s1 = if n > 1 { "2.00" } else { "99.00" };
            assert_eq!(prices.get("s1"), Some(Decimal::from_str(s1).unwrap()));
            assert_eq!(prices.get("unknown"), None);
        }
    }
}

/// The three callers on 3,000 lines without a price give what they give with the prices.
#[test]
fn large_lists_without_prices_are_priced_as_with_them() {
    let n = 3_000;
    let state = order(n);
    // Every line once, from the last: without prices, and with the order's prices.
    let bare: Vec<Value> = (0..n)
        .rev()
        .map(|i| json!({ "id": format!("s{i}"), "quantity": 1 }))
        .collect();
    let priced: Vec<Value> = (0..n)
        .rev()
        .map(|i| json!({ "id": format!("s{i}"), "quantity": 1, "price": format!("{}.00", i + 1) }))
        .collect();
    let items_total: usize = (1..=n).sum();

    // The engine's invoice: its value against the listed items at their prices.
    let invoice = |items: &[Value], value: &str| {
        let op = sp::parse_operation(
            &json!({ "type": "invoice", "number": "NF-1", "value": value, "items": items }),
            &state,
        )
        .unwrap();
        preview(&state, &op, &Options::default()).unwrap()
    };
    for value in [
        format!("{items_total}.00"),
        format!("{}.00", items_total + 1),
    ] {
        let a = invoice(&bare, &value);
        let b = invoice(&priced, &value);
        assert_eq!(a, b, "{value}");
    }
    assert!(invoice(&bare, &format!("{items_total}.00")).accepted);

    // toVtexRequest: an invoice's lines in cents; a v2 change's manual value, which makes up
    // for the removed lines' value (VTEX prices the lines itself) less the discount.
    let invoice_line = format!("\"price\":{}", n * 100);
    let manual = format!("\"manualIncrementValue\":{}", items_total * 100 - 100);
    for (op_bare, op_priced, pinned) in [
        (
            json!({ "type": "invoice", "number": "NF-1", "value": format!("{items_total}.00"), "items": bare }),
            json!({ "type": "invoice", "number": "NF-1", "value": format!("{items_total}.00"), "items": priced }),
            &invoice_line,
        ),
        (
            json!({ "type": "change", "requestId": "big", "reason": "r", "api": "v2", "discount": "1.00",
                    "itemsRemoved": bare, "itemsAdded": [] }),
            json!({ "type": "change", "requestId": "big", "reason": "r", "api": "v2", "discount": "1.00",
                    "itemsRemoved": priced, "itemsAdded": [] }),
            &manual,
        ),
    ] {
        let request = |op: &Value| {
            let op = sp::parse_operation(op, &state).unwrap();
            let mut state = state.clone();
            state.order_id = Some("1-01".into());
            sp::to_vtex_request(
                &state,
                &op,
                Some(&json!({ "changeApi": "v2", "issuanceDate": "2024-01-01T00:00:00Z" })),
            )
            .unwrap()
            .to_json()
        };
        let text = request(&op_bare);
        assert_eq!(text, request(&op_priced));
        assert!(text.contains(pinned.as_str()), "{pinned}: {}", &text[..300]);
    }

    // fromVtexChange's estimate: the removed lines at the order's prices.
    let body = json!({ "reason": "r", "remove": { "items": bare } });
    let out = sp::from_vtex_change(&body, &state, Some(&json!({ "requestId": "b" }))).unwrap();
    let settlement_preview::Operation::Change(change) = &out.operation else {
        panic!("{:?}", out.operation)
    };
    assert_eq!(
        change.discount,
        Some(Decimal::from_str(&format!("{items_total}.00")).unwrap())
    );
}
