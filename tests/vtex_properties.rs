//! Property tests of the planners and the VTEX adapters (api.md section 7):
//!
//! - any sequence of planned invoices that covers every unit adds up to the order value, to the
//!   minor unit, for every shipping and tax option other than `none`, with 0, 2 and 3 decimals
//!   (and the same selection in another order, with duplicates, plans the same invoice);
//!   and when the order's amounts are VTEX's (whole cents, as `fromVtex` gives them, also in
//!   KWD), every planned invoice is one `toVtexRequest` sends;
//! - `toVtexRequest` never rounds: VTEX's cents are hundredths of the major unit for every
//!   currency, so an amount that is a whole number of both cents and the currency's minor units
//!   is sent as exactly amount × 100, any other throws (a KWD amount with a non-zero third
//!   decimal among them);
//! - `fromVtex` never panics on arbitrary JSON, nor on VTEX documents with any part replaced by
//!   arbitrary JSON; what it returns is a state the api.md reader takes back unchanged.
//!
//! Cases: `PROPTEST_CASES` (256 when unset).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use proptest::test_runner::Config;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use settlement_preview::operation::InvoiceRequest;
use settlement_preview::{apply, json as sp, Operation, Options, OrderState};
use std::path::Path;

mod json_fuzz;

fn config() -> Config {
    json_fuzz::config()
}

/// 0, 2 and 3 decimals.
const CURRENCIES: [(&str, u32); 4] = [("CLP", 0), ("JPY", 0), ("BRL", 2), ("KWD", 3)];
const SHARES: [&str; 3] = ["first", "proportional", "last"];

fn amount(minor: i64, scale: u32) -> String {
    Decimal::new(minor, scale).to_string()
}

/// A generated order: item lines (SKUs from a small pool, so that one SKU may sit on two
/// lines), shipping, tax, discounts, and a value that may differ from what they add up to
/// (manual values, rounding: the planners spread the difference).
#[derive(Debug, Clone)]
struct Order {
    currency: usize,
    lines: Vec<(u8, u64, i64)>,
    shipping: i64,
    tax: i64,
    discount_pct: u8,
    adjust_pct: i8,
    /// KWD only: every amount a whole number of cents (×10 thousandths), as VTEX's are.
    cents: bool,
}

fn order() -> impl Strategy<Value = Order> {
    (
        0..CURRENCIES.len(),
        prop::collection::vec((0_u8..4, 1_u64..5, 100_i64..200_000), 1..6),
        0_i64..30_000,
        0_i64..30_000,
        0_u8..50,
        -20_i8..20,
        any::<bool>(),
    )
        .prop_map(
            |(currency, lines, shipping, tax, discount_pct, adjust_pct, cents)| Order {
                currency,
                lines,
                shipping,
                tax,
                discount_pct,
                adjust_pct,
                cents,
            },
        )
}

impl Order {
    /// Minor units per generated unit: 10 for KWD in cents, else 1.
    fn factor(&self) -> i64 {
        if self.cents && CURRENCIES[self.currency].1 == 3 {
            10
        } else {
            1
        }
    }

    /// Whether every amount is a whole number of VTEX cents.
    fn in_cents(&self) -> bool {
        CURRENCIES[self.currency].1 <= 2 || self.factor() == 10
    }

    fn state(&self) -> OrderState {
        let (code, scale) = CURRENCIES[self.currency];
        let f = self.factor();
        let amount = |minor: i64, scale: u32| amount(minor * f, scale);
        let gross: i64 = self.lines.iter().map(|(_, q, p)| *q as i64 * p).sum();
        let discounts = gross * i64::from(self.discount_pct) / 100;
        let derived = gross + self.shipping + self.tax - discounts;
        let value = derived + gross * i64::from(self.adjust_pct) / 100;
        let items: Vec<Value> = self
            .lines
            .iter()
            .map(|(sku, q, p)| json!({ "id": format!("SKU{sku}"), "quantity": q, "price": amount(*p, scale) }))
            .collect();
        sp::parse_state(&json!({
            "orderId": "P-1",
            "currency": code,
            "value": amount(value, scale),
            "items": items,
            "shipping": amount(self.shipping, scale),
            "tax": amount(self.tax, scale),
            "discounts": amount(discounts, scale),
            "transaction": { "payments": [ { "id": "p1", "group": "creditCard", "value": amount(value, scale),
                                             "connector": { "mode": "partial" } } ] }
        }))
        .unwrap()
    }

    /// Every unit, as (SKU, 1), in line order.
    fn units(&self) -> Vec<String> {
        self.lines
            .iter()
            .flat_map(|(sku, q, _)| std::iter::repeat(format!("SKU{sku}")).take(*q as usize))
            .collect()
    }
}

/// Cuts `units` (shuffled by `keys`) into groups at the `cuts`.
fn groups(units: &[String], keys: &[u32], cuts: &[bool]) -> Vec<Vec<String>> {
    let mut order: Vec<usize> = (0..units.len()).collect();
    order.sort_by_key(|&i| (keys.get(i).copied().unwrap_or(0), i));
    let mut out: Vec<Vec<String>> = vec![Vec::new()];
    for (n, i) in order.into_iter().enumerate() {
        out.last_mut().unwrap().push(units[i].clone());
        if cuts.get(n).copied().unwrap_or(false) && n + 1 < units.len() {
            out.push(Vec::new());
        }
    }
    out
}

fn selection(group: &[String]) -> Value {
    // One entry per unit: duplicates add up.
    Value::Array(
        group
            .iter()
            .map(|id| json!({ "id": id, "quantity": 1 }))
            .collect(),
    )
}

fn decimal(v: &Value) -> Decimal {
    v.as_str().unwrap().parse().unwrap()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn planned_invoices_add_up_to_the_order_value(
        order in order(),
        shipping in 0..SHARES.len(),
        tax in 0..SHARES.len(),
        keys in prop::collection::vec(any::<u32>(), 30),
        cuts in prop::collection::vec(any::<bool>(), 30),
    ) {
        let mut state = order.state();
        let value = state.value;
        let options = json!({ "shipping": SHARES[shipping], "tax": SHARES[tax] });
        let mut total = Decimal::ZERO;
        let plan = groups(&order.units(), &keys, &cuts);
        for group in &plan {
            let planned = sp::plan_invoice(&state, &selection(group), Some(&options)).unwrap();
            let b = serde_json::to_value(&planned.breakdown).unwrap();
            // items − discounts + shipping + tax = value
            prop_assert_eq!(
                decimal(&b["items"]) - decimal(&b["discounts"]) + decimal(&b["shipping"]) + decimal(&b["tax"]),
                decimal(&b["value"])
            );
            // The same units listed the other way round plan the same invoice.
            let mut reversed = group.clone();
            reversed.reverse();
            let again = sp::plan_invoice(&state, &selection(&reversed), Some(&options)).unwrap();
            prop_assert_eq!(&again.breakdown, &planned.breakdown);
            let applied = apply(&state, &planned.operation, &Options::default()).unwrap();
            if !applied.outcome.accepted {
                // Only a non-positive invoice may be refused (a selection of units whose
                // discount share takes their whole price); nothing else.
                let codes: Vec<_> = applied.outcome.errors.iter().map(|e| serde_json::to_value(e.code).unwrap()).collect();
                prop_assert_eq!(codes, vec![json!("AMOUNT_NOT_POSITIVE")]);
                prop_assert!(planned.breakdown.value <= Decimal::ZERO);
                return Ok(());
            }
            if order.in_cents() {
                let dated = json!({ "issuanceDate": "2026-03-03" });
                let request = sp::to_vtex_request(&state, &planned.operation, Some(&dated));
                prop_assert!(request.is_ok(), "{:?}", request.err());
            }
            total += planned.breakdown.value;
            state = applied.state;
        }
        prop_assert_eq!(total, value);
        prop_assert_eq!(serde_json::to_value(state.status).unwrap(), json!("invoiced"));
        prop_assert_eq!(state.transaction.payments[0].settled, value);
    }

    #[test]
    fn to_vtex_request_never_rounds(
        currency in 0..CURRENCIES.len(),
        mantissa in 1_i64..10_000_000_000,
        scale in 0_u32..7,
    ) {
        let (code, digits) = CURRENCIES[currency];
        let state = sp::parse_state(&json!({
            "orderId": "R-1", "currency": code,
            "items": [ { "id": "A", "quantity": 1, "price": "1" } ],
            "transaction": { "payments": [ { "id": "p", "group": "creditCard", "value": "1" } ] }
        })).unwrap();
        let value = Decimal::new(mantissa, scale);
        let op = Operation::Invoice(InvoiceRequest { number: "N".into(), value, items: vec![] });
        // Sendable: a whole number of the currency's minor units and of cents.
        let sendable = (value * Decimal::from(10_i64.pow(digits.min(2)))).fract().is_zero();
        let cents = value * Decimal::ONE_HUNDRED;
        match sp::to_vtex_request(&state, &op, Some(&json!({ "issuanceDate": "2026-03-03" }))) {
            Ok(request) => {
                prop_assert!(sendable);
                prop_assert_eq!(&request.body["invoiceValue"], &json!(i64::try_from(cents.trunc()).unwrap()));
            }
            Err(e) => {
                prop_assert!(!sendable, "{e}");
                prop_assert_eq!(&e.path, "operation.value");
                if code == "KWD" && (value * Decimal::ONE_THOUSAND).fract().is_zero() {
                    // A KWD amount with a non-zero third decimal: VTEX cannot carry it.
                    prop_assert!(e.message.contains("cannot be sent"), "{e}");
                }
            }
        }
    }
}

// ----- fromVtex on arbitrary JSON -------------------------------------------------------------

/// The words of VTEX's order documents, as keys and as values.
const KEYS: &[&str] = &[
    "value",
    "items",
    "id",
    "quantity",
    "price",
    "totals",
    "packageAttachment",
    "packages",
    "changesAttachment",
    "changesData",
    "paymentData",
    "transactions",
    "payments",
    "group",
    "type",
    "invoiceValue",
    "invoiceNumber",
    "itemIndex",
    "status",
    "storePreferencesData",
    "currencyCode",
    "unitMultiplier",
    "referenceValue",
    "discountValue",
    "incrementValue",
    "settlements",
    "actions",
    "paymentId",
    "restitutions",
    "Refund",
    "receipt",
];
const WORDS: &[&str] = &[
    "Output",
    "Input",
    "BRL",
    "KWD",
    "giftCard",
    "PSE",
    "handling",
    "invoiced",
    "canceled",
    "2024-02-09T10:10:20Z",
];

fn arbitrary_json() -> impl Strategy<Value = Value> {
    json_fuzz::arbitrary_json(KEYS, WORDS)
}

fn documents() -> Vec<Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vtex");
    let mut out = Vec::new();
    for name in [
        "vtex-examples/orders-get-order.json",
        "vtex-examples/orders-user-order-details.json",
    ] {
        out.push(serde_json::from_str(&std::fs::read_to_string(root.join(name)).unwrap()).unwrap());
    }
    for entry in std::fs::read_dir(root.join("orders")).unwrap() {
        let case: Value =
            serde_json::from_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        if let Some(order) = case.get("order") {
            out.push(order.clone());
        }
    }
    out
}

fn survives(order: &Value, transaction: Option<&Value>) -> Result<(), TestCaseError> {
    if let Ok(out) = sp::from_vtex(order, transaction, None) {
        let written = serde_json::to_value(&out.state).unwrap();
        let again = sp::parse_state(&written);
        prop_assert!(again.is_ok(), "{:?}\n{written}", again.err());
        prop_assert_eq!(again.unwrap(), out.state);
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn from_vtex_never_panics_on_arbitrary_json(order in arbitrary_json(), tx in proptest::option::of(arbitrary_json())) {
        survives(&order, tx.as_ref())?;
    }

    #[test]
    fn from_vtex_never_panics_on_damaged_documents(
        which in any::<prop::sample::Index>(),
        wheres in prop::collection::vec(any::<prop::sample::Index>(), 1..4),
        withs in prop::collection::vec(arbitrary_json(), 3),
    ) {
        let docs = documents();
        let mut doc = which.get(&docs).clone();
        for (at, with) in wheres.iter().zip(withs) {
            let all = json_fuzz::paths(&doc);
            let path = at.get(&all).clone();
            json_fuzz::replace(&mut doc, &path, with);
        }
        survives(&doc, None)?;
    }
}
