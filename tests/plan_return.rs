//! `planReturn` (api.md section 7): hand-computed fixtures in 0, 2 and 3 decimals, and
//! properties: returning every invoiced unit with proportional shipping and tax refunds the
//! invoiced total to the minor unit, in one return or any sequence; no unit is refunded twice;
//! every breakdown adds up; the selection's order does not matter.
//!
//! Cases of the properties: `PROPTEST_CASES` (256 when unset).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use proptest::test_runner::Config;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use settlement_preview::{apply, json as sp, Operation, Options, OrderState};

fn to_value<T: serde::Serialize>(t: &T) -> Value {
    serde_json::to_value(t).unwrap()
}

fn decimal(v: &Value) -> Decimal {
    v.as_str().unwrap().parse().unwrap()
}

/// The README's order (tests/vtex/orders/brl-gift-card-installments.json, as `fromVtex` reads
/// it): 1001 2 × 50.00, 1002 1 × 30.00, discounts 15.00, shipping 20.00, value 135.00.
fn brl() -> OrderState {
    sp::parse_state(&json!({
        "orderId": "1300000000001-01", "currency": "BRL", "status": "handling", "value": "135.00",
        "items": [ { "id": "1001", "quantity": 2, "price": "50.00" },
                   { "id": "1002", "quantity": 1, "price": "30.00" } ],
        "shipping": "20.00", "discounts": "15.00",
        "transaction": { "payments": [ { "id": "c1", "group": "creditCard", "value": "135.00",
                                         "connector": { "mode": "partial" } } ] }
    }))
    .unwrap()
}

fn invoice(state: &OrderState, selection: Value) -> OrderState {
    let planned = sp::plan_invoice(state, &selection, None).unwrap();
    let applied = apply(state, &planned.operation, &Options::default()).unwrap();
    assert!(applied.outcome.accepted, "{:?}", applied.outcome.errors);
    applied.state
}

fn all_of_brl() -> Value {
    json!([{ "id": "1001", "quantity": 2 }, { "id": "1002", "quantity": 1 }])
}

#[test]
fn a_returned_unit_refunds_what_was_paid_for_it_not_its_price() {
    let state = invoice(&brl(), all_of_brl());
    // D = 130.00 + 20.00 − 135.00 = 15.00, by value: 1001 11.54 (5.77 a unit), 1002 3.46.
    // 1002 cost 30.00 and was paid 26.54; the store keeps the shipping by default.
    let planned = sp::plan_return(&state, &json!([{ "id": "1002", "quantity": 1 }]), None).unwrap();
    assert_eq!(
        to_value(&planned),
        json!({
            "operation": { "type": "return", "number": "RET-1", "value": "26.54",
                           "items": [ { "id": "1002", "quantity": 1, "price": "30.00" } ] },
            "breakdown": { "items": "30.00", "discounts": "3.46", "shipping": "0.00", "tax": "0.00",
                           "value": "26.54", "remainingBefore": "135.00",
                           "lines": [ { "id": "1002", "quantity": 1, "price": "30.00", "discount": "3.46" } ] }
        })
    );
    // With its share of the shipping: 20.00 by value, 15.38 on 1001's line, 4.62 on 1002.
    let with_shipping = sp::plan_return(
        &state,
        &json!([{ "id": "1002", "quantity": 1 }]),
        Some(&json!({ "shipping": "proportional", "number": "DEV-9" })),
    )
    .unwrap();
    assert_eq!(to_value(&with_shipping.breakdown)["shipping"], "4.62");
    assert_eq!(to_value(&with_shipping.operation)["value"], "31.16");
    assert_eq!(to_value(&with_shipping.operation)["number"], "DEV-9");
    // One unit of 1001: 50.00 − 5.77 = 44.23; the return is accepted and refunds 44.23.
    let one = sp::plan_return(&state, &json!([{ "id": "1001", "quantity": 1 }]), None).unwrap();
    assert_eq!(one.breakdown.value.to_string(), "44.23");
    let applied = apply(&state, &one.operation, &Options::default()).unwrap();
    assert!(applied.outcome.accepted);
    assert_eq!(to_value(&applied.outcome)["refund"], "44.23");
}

#[test]
fn returning_everything_with_the_shares_refunds_the_invoiced_total() {
    let state = invoice(&brl(), all_of_brl());
    let both = json!({ "shipping": "proportional", "tax": "proportional" });
    let all = sp::plan_return(&state, &all_of_brl(), Some(&both)).unwrap();
    assert_eq!(to_value(&all.breakdown)["value"], "135.00");
    assert_eq!(to_value(&all.breakdown)["shipping"], "20.00");
    // Unit by unit, in any order: 31.16 + 51.92 + 51.92 = 135.00, and a unit is returned once.
    let mut state = state;
    let mut total = Decimal::ZERO;
    for id in ["1002", "1001", "1001"] {
        let planned =
            sp::plan_return(&state, &json!([{ "id": id, "quantity": 1 }]), Some(&both)).unwrap();
        total += planned.breakdown.value;
        let applied = apply(&state, &planned.operation, &Options::default()).unwrap();
        assert!(applied.outcome.accepted, "{:?}", applied.outcome.errors);
        state = applied.state;
    }
    assert_eq!(total.to_string(), "135.00");
    let again = sp::plan_return(&state, &json!([{ "id": "1002", "quantity": 1 }]), None);
    let e = again.unwrap_err();
    assert_eq!(e.path, "selection[0].quantity");
    assert_eq!(
        e.message,
        "1 units of \"1002\" selected, 0 invoiced and not yet returned"
    );
}

#[test]
fn a_partial_invoice_carrying_the_shipping_is_returned_with_it() {
    // planInvoice put all the shipping on the first invoice: 30.00 − 3.46 + 20.00 = 46.54.
    let state = invoice(&brl(), json!([{ "id": "1002", "quantity": 1 }]));
    let selection = json!([{ "id": "1002", "quantity": 1 }]);
    let kept = sp::plan_return(&state, &selection, None).unwrap();
    assert_eq!(kept.breakdown.value.to_string(), "26.54");
    let refunded = sp::plan_return(
        &state,
        &selection,
        Some(&json!({ "shipping": "proportional" })),
    )
    .unwrap();
    assert_eq!(refunded.breakdown.shipping.to_string(), "20.00");
    assert_eq!(refunded.breakdown.value.to_string(), "46.54");
    // 1001 was not invoiced: not returnable.
    let e = sp::plan_return(&state, &json!([{ "id": "1001", "quantity": 1 }]), None).unwrap_err();
    assert_eq!(e.path, "selection[0].quantity");
}

#[test]
fn what_cannot_be_returned_is_an_error_with_its_path() {
    let e = sp::plan_return(&brl(), &all_of_brl(), None).unwrap_err();
    assert_eq!(e.path, "state.invoices");
    let state = invoice(&brl(), all_of_brl());
    let cases = [
        (json!([]), None, "selection"),
        (
            json!([{ "id": "9", "quantity": 1 }]),
            None,
            "selection[0].id",
        ),
        (
            json!([{ "id": "1001", "quantity": 1 }, { "id": "1001", "quantity": 2 }]),
            None,
            "selection[0].quantity",
        ),
        (
            json!([{ "id": "1001", "quantity": 1 }]),
            Some(json!({ "shipping": "first" })),
            "options.shipping",
        ),
        (
            json!([{ "id": "1001", "quantity": 1 }]),
            Some(json!({ "refund": "all" })),
            "options.refund",
        ),
    ];
    for (selection, options, path) in cases {
        let e = sp::plan_return(&state, &selection, options.as_ref()).unwrap_err();
        assert_eq!(e.path, path, "{selection} {options:?}: {}", e.message);
    }
}

#[test]
fn zero_and_three_decimal_currencies() {
    // JPY: 3 × 1000 and 1 × 500, discount 350 (3500 − 350 + 200 shipping = 3350).
    // D = 350 by value: A 300 (100 a unit), B 50. Shipping 200: A 171.43 → 171, B 28.57 → 29.
    let jpy = sp::parse_state(&json!({
        "orderId": "J-1", "currency": "JPY", "status": "invoiced", "value": "3350",
        "items": [ { "id": "A", "quantity": 3, "price": "1000" }, { "id": "B", "quantity": 1, "price": "500" } ],
        "shipping": "200", "discounts": "350",
        "invoices": [ { "type": "output", "number": "1", "value": "3350" } ],
        "transaction": { "payments": [ { "id": "c1", "group": "creditCard", "value": "3350", "settled": "3350" } ] }
    }))
    .unwrap();
    let a = sp::plan_return(&jpy, &json!([{ "id": "A", "quantity": 1 }]), None).unwrap();
    assert_eq!(to_value(&a.breakdown)["value"], "900");
    let b = sp::plan_return(
        &jpy,
        &json!([{ "id": "B", "quantity": 1 }]),
        Some(&json!({ "shipping": "proportional" })),
    )
    .unwrap();
    assert_eq!(to_value(&b.breakdown)["value"], "479"); // 500 − 50 + 29
                                                        // A's 171 over 3 units: 57 each; 900 + 57 = 957 a unit; 3 × 957 + 479 = 3350.
    let three = sp::plan_return(
        &jpy,
        &json!([{ "id": "A", "quantity": 3 }]),
        Some(&json!({ "shipping": "proportional" })),
    )
    .unwrap();
    assert_eq!(to_value(&three.breakdown)["value"], "2871");

    // KWD in thousandths: 2 × 12.345, tax 1.001, value 25.691; D = 0. Tax 1.001 over the two
    // units: 0.501 and 0.500 (the extra thousandth to the first unit).
    let kwd = sp::parse_state(&json!({
        "orderId": "K-1", "currency": "KWD", "status": "invoiced", "value": "25.691",
        "items": [ { "id": "K", "quantity": 2, "price": "12.345" } ], "tax": "1.001",
        "invoices": [ { "type": "output", "number": "1", "value": "25.691" } ],
        "transaction": { "payments": [ { "id": "c1", "group": "creditCard", "value": "25.691", "settled": "25.691" } ] }
    }))
    .unwrap();
    let tax = Some(json!({ "tax": "proportional" }));
    let first =
        sp::plan_return(&kwd, &json!([{ "id": "K", "quantity": 1 }]), tax.as_ref()).unwrap();
    assert_eq!(to_value(&first.breakdown)["value"], "12.846");
    let after = apply(&kwd, &first.operation, &Options::default()).unwrap();
    assert!(after.outcome.accepted);
    let second = sp::plan_return(
        &after.state,
        &json!([{ "id": "K", "quantity": 1 }]),
        tax.as_ref(),
    )
    .unwrap();
    assert_eq!(to_value(&second.breakdown)["value"], "12.845");
    assert_eq!(to_value(&second.breakdown)["remainingBefore"], "12.845");
}

// ----- Properties ------------------------------------------------------------------------------

fn config() -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(256),
        failure_persistence: None,
        ..Config::default()
    }
}

const CURRENCIES: [(&str, u32); 3] = [("JPY", 0), ("BRL", 2), ("KWD", 3)];
const INVOICE_SHARES: [&str; 3] = ["first", "proportional", "last"];
const REFUNDS: [&str; 2] = ["none", "proportional"];

/// An order: lines (SKUs from a small pool, so that a SKU may sit on two lines) of
/// (sku, quantity, price in minor units), shipping, tax, a discount and a value adjustment in
/// percent of the items.
type Order = (usize, Vec<(u8, u64, i64)>, i64, i64, i64, i64);

fn order() -> impl Strategy<Value = Order> {
    (
        0..CURRENCIES.len(),
        prop::collection::vec((0_u8..4, 1_u64..5, 1_i64..200_000), 1..6),
        0_i64..30_000,
        0_i64..30_000,
        0_i64..50,
        -20_i64..20,
    )
}

fn state_of((currency, lines, shipping, tax, discount_pct, adjust_pct): &Order) -> OrderState {
    let (code, scale) = CURRENCIES[*currency];
    let amount = |minor: i64| Decimal::new(minor, scale).to_string();
    let gross: i64 = lines.iter().map(|(_, q, p)| *q as i64 * p).sum();
    let value = gross + shipping + tax - gross * discount_pct / 100 + gross * adjust_pct / 100;
    let items: Vec<Value> = lines
        .iter()
        .map(|(sku, q, p)| json!({ "id": format!("S{sku}"), "quantity": q, "price": amount(*p) }))
        .collect();
    sp::parse_state(&json!({
        "orderId": "P-1", "currency": code, "status": "handling", "value": amount(value),
        "items": items, "shipping": amount(*shipping), "tax": amount(*tax),
        "transaction": { "payments": [ { "id": "c1", "group": "creditCard", "value": amount(value),
                                         "connector": { "mode": "partial" } } ] }
    }))
    .unwrap()
}

/// Every unit, one entry each, shuffled by `keys`, cut into groups at `cuts`.
fn groups(lines: &[(u8, u64, i64)], keys: &[u32], cuts: &[bool]) -> Vec<Vec<String>> {
    let units: Vec<String> = lines
        .iter()
        .flat_map(|(sku, q, _)| std::iter::repeat(format!("S{sku}")).take(*q as usize))
        .collect();
    let mut order: Vec<usize> = (0..units.len()).collect();
    order.sort_by_key(|&i| (keys.get(i).copied().unwrap_or(0), i));
    let mut out = vec![Vec::new()];
    for (n, i) in order.into_iter().enumerate() {
        out.last_mut().unwrap().push(units[i].clone());
        if cuts.get(n).copied().unwrap_or(false) && n + 1 < units.len() {
            out.push(Vec::new());
        }
    }
    out
}

fn selection(group: &[String]) -> Value {
    Value::Array(
        group
            .iter()
            .map(|id| json!({ "id": id, "quantity": 1 }))
            .collect(),
    )
}

proptest! {
    #![proptest_config(config())]

    /// Invoice the order's units in planned invoices (all of them, or the first `invoiced`
    /// groups), then return every invoiced unit in planned returns, each with its own options:
    /// every breakdown adds up, the selection's order does not matter, every return is
    /// accepted, the refunds never pass the invoiced total and, when every return refunds
    /// both shares, equal it; afterwards no unit is returnable.
    #[test]
    fn returns_refund_the_invoiced_total_and_no_unit_twice(
        order in order(),
        shares in (0..INVOICE_SHARES.len(), 0..INVOICE_SHARES.len()),
        invoiced in 1_usize..5,
        keys in prop::collection::vec(any::<u32>(), 30),
        cuts in prop::collection::vec(any::<bool>(), 30),
        return_keys in prop::collection::vec(any::<u32>(), 30),
        return_cuts in prop::collection::vec(any::<bool>(), 30),
        refunds in prop::collection::vec((0..REFUNDS.len(), 0..REFUNDS.len()), 30),
    ) {
        let mut state = state_of(&order);
        let invoice_options = json!({ "shipping": INVOICE_SHARES[shares.0], "tax": INVOICE_SHARES[shares.1] });
        let mut units = Vec::new();
        for group in groups(&order.1, &keys, &cuts).into_iter().take(invoiced) {
            let planned = sp::plan_invoice(&state, &selection(&group), Some(&invoice_options)).unwrap();
            let applied = apply(&state, &planned.operation, &Options::default()).unwrap();
            // A planned invoice is refused only when its units' discount takes their price.
            prop_assume!(applied.outcome.accepted);
            state = applied.state;
            units.extend(group);
        }
        let total = state.invoiced().unwrap();
        let lines: Vec<(u8, u64, i64)> = {
            let mut count = std::collections::BTreeMap::new();
            for u in &units { *count.entry(u[1..].parse::<u8>().unwrap()).or_insert(0_u64) += 1; }
            count.into_iter().map(|(sku, q)| (sku, q, 0)).collect()
        };
        let fully = to_value(&state.status) == json!("invoiced");
        // Every unit of the order counts as invoiced once the order is fully invoiced.
        let returnable = if fully { order.1.clone() } else { lines };
        // In one return, with both shares: exactly the invoiced total.
        let everything: Vec<String> = groups(&returnable, &[], &[]).concat();
        let both = json!({ "shipping": "proportional", "tax": "proportional" });
        let at_once = sp::plan_return(&state, &selection(&everything), Some(&both)).unwrap();
        prop_assert_eq!(at_once.breakdown.value, total);
        let mut refunded = Decimal::ZERO;
        let mut every_share = true;
        for (n, group) in groups(&returnable, &return_keys, &return_cuts).iter().enumerate() {
            let (ship, tax) = refunds[n % refunds.len()];
            every_share &= ship == 1 && tax == 1;
            let options = json!({ "shipping": REFUNDS[ship], "tax": REFUNDS[tax] });
            let planned = sp::plan_return(&state, &selection(group), Some(&options)).unwrap();
            let b = to_value(&planned.breakdown);
            prop_assert_eq!(
                decimal(&b["items"]) - decimal(&b["discounts"]) + decimal(&b["shipping"]) + decimal(&b["tax"]),
                decimal(&b["value"])
            );
            let mut reversed = group.clone();
            reversed.reverse();
            let again = sp::plan_return(&state, &selection(&reversed), Some(&options)).unwrap();
            prop_assert_eq!(&again, &planned);
            prop_assert!(matches!(planned.operation, Operation::Return(_)));
            refunded += planned.breakdown.value;
            prop_assert!(refunded <= total, "{} refunded of {}", refunded, total);
            let applied = apply(&state, &planned.operation, &Options::default()).unwrap();
            if planned.breakdown.value > Decimal::ZERO {
                prop_assert!(applied.outcome.accepted, "{:?}", applied.outcome.errors);
            } else {
                // Free units (their discount took their price) refund nothing: not sent.
                continue;
            }
            state = applied.state;
        }
        if every_share {
            prop_assert_eq!(refunded, total);
        }
        // Nothing is left to return: any unit of the order is refused, with its path.
        for (sku, _, _) in &returnable {
            let e = sp::plan_return(&state, &json!([{ "id": format!("S{sku}"), "quantity": 1 }]), None);
            if let Err(e) = e {
                prop_assert_eq!(e.path, "selection[0].quantity");
            } else {
                // Only a unit of a free return (not applied above) may still be returnable.
                prop_assert!(e.unwrap().breakdown.value <= Decimal::ZERO);
            }
        }
    }
}
