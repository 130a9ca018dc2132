//! Property tests of reconciliation (api.md section 9) on generated VTEX orders: 1 to 3
//! payments (cards, a gift card, pix, a bank invoice), the three modes (and mixed), CLP, BRL and
//! KWD, and a history (nothing yet, partial invoices, a full invoice, a return, a close-out
//! change, a discount, a cancellation):
//!
//! - the records a correct gateway keeps for the replayed ledgers (`ideal_records`) reconcile
//!   to `matched` on every payment, with no finding;
//! - each discrepancy of RECONCILE-CONTRACT's generator table, injected into those records, is
//!   found with exactly its codes (nothing else) and its exact drift, on its payment;
//! - the sums hold whatever the records: drift = recorded − expected, open = A − settled −
//!   cancelled, on every figure;
//! - `reconcile` never panics, on arbitrary JSON nor on records with any part replaced by it.
//!
//! Cases: `PROPTEST_CASES` (256 when unset); run them in release mode (`cargo test --release
//! --test reconcile_properties`).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use proptest::test_runner::Config;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use settlement_preview::json as sp;
use settlement_preview::reconcile::{self, FindingCode, Reconciliation, Status};

mod json_fuzz;

fn config() -> Config {
    json_fuzz::config()
}

/// (code, minor units, cents per unit step): CLP amounts are whole pesos (100 cents).
const CURRENCIES: [(&str, u32, i64); 3] = [("CLP", 0, 100), ("BRL", 2, 1), ("KWD", 3, 1)];
const GROUPS: [&str; 5] = [
    "creditCard",
    "giftCard",
    "instantPayment",
    "bankInvoice",
    "debitCard",
];
const MODES: [&str; 3] = ["total", "partial", "hold"];

/// A generated order: its currency, item lines (qty, price in steps), shipping, payment
/// groups with their weights, the modes, and a history kind.
#[derive(Debug, Clone)]
struct Gen {
    currency: usize,
    lines: Vec<(u64, i64)>,
    shipping: i64,
    payments: Vec<(usize, i64)>,
    modes: (usize, Option<usize>),
    history: u8,
    discount_pct: i64,
}

fn generated() -> impl Strategy<Value = Gen> {
    (
        0..CURRENCIES.len(),
        prop::collection::vec((1..4u64, 1..50_000i64), 1..5),
        prop_oneof![Just(0i64), 1..3_000i64],
        prop::collection::vec((0..GROUPS.len(), 1..100i64), 1..4),
        (0..MODES.len(), prop::option::of(0..MODES.len())),
        0..8u8,
        1..90i64,
    )
        .prop_map(
            |(currency, lines, shipping, payments, modes, history, discount_pct)| Gen {
                currency,
                lines,
                shipping,
                payments,
                modes,
                history,
                discount_pct,
            },
        )
}

impl Gen {
    fn step(&self) -> i64 {
        CURRENCIES[self.currency].2
    }

    /// VTEX's "Get order" document and the options (connectors by group).
    fn document(&self) -> (Value, Value) {
        let step = self.step();
        let lines: Vec<(String, u64, i64)> = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, (q, p))| (format!("I{i}"), *q, p * step))
            .collect();
        let line_value = |l: &(String, u64, i64)| l.1 as i64 * l.2;
        let items_total: i64 = lines.iter().map(line_value).sum();
        let shipping = self.shipping * step;
        let authorized = items_total + shipping;
        // Payments: at most one gift card; parts of the authorization by weight, in steps.
        let mut groups: Vec<(&str, i64)> = Vec::new();
        for (g, w) in &self.payments {
            let g = GROUPS[*g];
            if g == "giftCard" && groups.iter().any(|(x, _)| *x == g) {
                continue;
            }
            groups.push((g, *w));
        }
        let weights: i64 = groups.iter().map(|(_, w)| w).sum();
        let units = authorized / step;
        let mut parts = Vec::new();
        let mut left = units;
        for (i, (g, w)) in groups.iter().enumerate() {
            let part = if i + 1 == groups.len() {
                left
            } else {
                units * w / weights
            };
            left -= part;
            parts.push((format!("P{i}"), *g, part * step));
        }
        let parts: Vec<_> = parts.into_iter().filter(|p| p.2 > 0).collect();
        let date = |d: u32| format!("2026-03-{:02}T10:00:00-03:00", d);
        let invoice = |n: &str, value: i64, items: &[&(String, u64, i64)], d: u32, kind: &str| {
            json!({ "type": kind, "invoiceNumber": n, "invoiceValue": value, "issuanceDate": date(d),
                    "items": items.iter().map(|l| json!({ "id": l.0, "quantity": l.1, "price": l.2 })).collect::<Vec<_>>() })
        };
        let all: Vec<&(String, u64, i64)> = lines.iter().collect();
        let first = &lines[0];
        let rest: Vec<&(String, u64, i64)> = lines.iter().skip(1).collect();
        let rest_value: i64 = rest.iter().map(|l| line_value(l)).sum();
        let mut packages = Vec::new();
        let mut changes = Vec::new();
        let mut status = "handling";
        match self.history {
            1 => packages.push(invoice(
                "NF-1",
                line_value(first) + shipping,
                &[first],
                2,
                "Output",
            )),
            2 => {
                packages.push(invoice("NF-1", authorized, &all, 2, "Output"));
                status = "invoiced";
            }
            3 => {
                packages.push(invoice("NF-1", authorized, &all, 2, "Output"));
                let back = (first.0.clone(), 1, first.2);
                packages.push(invoice("DEV-1", first.2, &[&back], 5, "Input"));
                status = "invoiced";
            }
            4 if !rest.is_empty() => {
                packages.push(invoice(
                    "NF-1",
                    line_value(first) + shipping,
                    &[first],
                    2,
                    "Output",
                ));
                changes.push(json!({ "requestId": "close", "reason": "close out", "discountValue": rest_value,
                    "incrementValue": 0,
                    "itemsRemoved": rest.iter().map(|l| json!({ "id": l.0, "quantity": l.1, "price": l.2 })).collect::<Vec<_>>(),
                    "itemsAdded": [], "receipt": { "date": date(3), "receipt": "r-close" } }));
                status = "invoiced";
            }
            5 => {
                let d = (authorized * self.discount_pct / 100) / step * step;
                if d > 0 && d < authorized {
                    changes.push(
                        json!({ "requestId": "disc", "reason": "discount", "discountValue": d,
                        "incrementValue": 0, "itemsRemoved": [], "itemsAdded": [],
                        "receipt": { "date": date(1), "receipt": "r-disc" } }),
                    );
                }
            }
            6 => status = "canceled",
            7 if !rest.is_empty() => {
                packages.push(invoice(
                    "NF-1",
                    line_value(first) + shipping,
                    &[first],
                    2,
                    "Output",
                ));
                packages.push(invoice("NF-2", rest_value, &rest, 4, "Output"));
                status = "invoiced";
            }
            _ => {}
        }
        let delta: i64 = changes
            .iter()
            .map(|c| -c["discountValue"].as_i64().unwrap())
            .sum();
        let (code, digits, _) = CURRENCIES[self.currency];
        let order = json!({
            "orderId": "GEN-1", "status": status, "value": authorized + delta,
            "totals": [ { "id": "Items", "value": items_total }, { "id": "Discounts", "value": 0 },
                        { "id": "Shipping", "value": shipping }, { "id": "Tax", "value": 0 },
                        { "id": "Change", "value": delta } ],
            "items": lines.iter().map(|l| json!({ "id": l.0, "quantity": l.1, "price": l.2, "sellingPrice": l.2 })).collect::<Vec<_>>(),
            "paymentData": { "transactions": [ { "isActive": true, "payments":
                parts.iter().map(|(id, g, v)| json!({ "id": id, "group": g, "paymentSystem": "1", "value": v, "referenceValue": v })).collect::<Vec<_>>() } ] },
            "storePreferencesData": { "currencyCode": code, "currencyFormatInfo": { "CurrencyDecimalDigits": digits } },
            "packageAttachment": { "packages": packages },
            "changesAttachment": { "changesData": changes },
        });
        let mut by_group = serde_json::Map::new();
        if let Some(other) = self.modes.1 {
            by_group.insert("giftCard".into(), json!({ "mode": MODES[other] }));
        }
        let options = json!({ "connectors": { "default": { "mode": MODES[self.modes.0] }, "byGroup": by_group },
                              "explain": false });
        (order, options)
    }
}

fn reconcile(order: &Value, records: &Value, options: &Value) -> Reconciliation {
    sp::reconcile(order, Some(records), Some(options)).unwrap()
}

/// The expected state's payments, through the public API.
fn expected(order: &Value, options: &Value) -> settlement_preview::OrderState {
    let o = reconcile::parse_options(Some(options)).unwrap();
    settlement_preview::vtex::from_vtex(order, None, &o.from)
        .unwrap()
        .state
}

fn cents(d: Decimal) -> i64 {
    i64::try_from((d * Decimal::ONE_HUNDRED).trunc()).unwrap()
}

fn check_sums(r: &Reconciliation) -> Result<(), TestCaseError> {
    for p in &r.payments {
        let (e, rec, d) = (p.expected, p.recorded, p.drift);
        prop_assert_eq!(d.settled, rec.settled - e.settled);
        prop_assert_eq!(d.cancelled, rec.cancelled - e.cancelled);
        prop_assert_eq!(d.refunded, rec.refunded - e.refunded);
        prop_assert_eq!(d.open, rec.open - e.open);
        let a = e.open + e.settled + e.cancelled;
        prop_assert_eq!(rec.open, a - rec.settled - rec.cancelled);
    }
    Ok(())
}

/// The discrepancies of the contract's generator table.
const KINDS: [&str; 10] = [
    "settlement_not_executed",
    "settlement_not_requested",
    "overcapture_not_refunded",
    "return_not_refunded",
    "refund_not_executed",
    "refund_duplicated",
    "canceled_but_settled",
    "authorization_left_open",
    "settled_beyond_authorization",
    "status_mismatch",
];

fn actions<'a>(records: &'a mut Value, list: &str) -> &'a mut Vec<Value> {
    records[list]["actions"].as_array_mut().unwrap()
}

/// A settlement action of `v` cents on `id`, requested too when `requested` (the CLI's
/// generator requests the settlements it adds beyond the authorization or on a cancelled
/// order: the action answers the request).
fn add_settlement(records: &mut Value, id: &str, v: i64, requested: bool) {
    actions(records, "settlements")
        .push(json!({ "paymentId": id, "type": "settlement", "value": v }));
    if requested {
        let requests = records["settlements"]["requests"].as_array_mut().unwrap();
        requests.push(json!({ "id": "extra", "value": v }));
    }
}

/// Injects `kind` into ideal records, when the order allows it: the payment, the codes and
/// the drift (settled, cancelled, refunded) it must give, in cents.
fn inject(
    kind: &str,
    pick: usize,
    records: &mut Value,
    state: &settlement_preview::OrderState,
) -> Option<(String, Vec<FindingCode>, [i64; 3])> {
    use settlement_preview::order::OrderStatus;
    let canceled = state.status == OrderStatus::Canceled;
    let payments = &state.transaction.payments;
    let nth = |list: &[Value], keep: &dyn Fn(&Value) -> bool| -> Option<usize> {
        let idx: Vec<usize> = (0..list.len()).filter(|i| keep(&list[*i])).collect();
        (!idx.is_empty()).then(|| idx[pick % idx.len()])
    };
    let value = |a: &Value| a["value"].as_i64().unwrap();
    let pid = |a: &Value| a["paymentId"].as_str().unwrap().to_string();
    match kind {
        "settlement_not_executed" => {
            let list = actions(records, "settlements");
            let i = nth(list, &|a| value(a) > 0)?;
            let a = list.remove(i);
            Some((
                pid(&a),
                vec![FindingCode::SettlementNotExecuted],
                [-value(&a), 0, 0],
            ))
        }
        "settlement_not_requested" => {
            if canceled {
                return None;
            }
            let open: Vec<_> = payments
                .iter()
                .filter(|p| p.value - p.captured - p.voided > Decimal::ZERO)
                .collect();
            let p = open.get(pick % open.len().max(1))?;
            let v = cents(p.value - p.captured - p.voided);
            let v = if pick % 2 == 0 { v } else { (v / 2).max(1) };
            let v = if state.currency.minor_units() == 0 {
                v / 100 * 100
            } else {
                v
            };
            if v == 0 {
                return None;
            }
            actions(records, "settlements")
                .push(json!({ "paymentId": p.id, "type": "settlement", "value": v }));
            Some((
                p.id.clone(),
                vec![FindingCode::SettlementNotRequested],
                [v, 0, 0],
            ))
        }
        "overcapture_not_refunded" | "return_not_refunded" => {
            let suffix = if kind == "overcapture_not_refunded" {
                "-refund-2"
            } else {
                "-refund-1"
            };
            if kind == "return_not_refunded"
                && !state
                    .invoices
                    .iter()
                    .any(|i| i.kind == settlement_preview::order::InvoiceType::Input)
            {
                return None;
            }
            let list = actions(records, "refunds");
            let i = nth(list, &|a| {
                a["connectorResponse"]["refundId"]
                    .as_str()
                    .unwrap()
                    .ends_with(suffix)
            })?;
            let a = list.remove(i);
            let p = payments.iter().find(|p| p.id == pid(&a)).unwrap();
            let over = cents(p.provider_refunded - p.refunded.min(p.provider_refunded));
            if kind == "return_not_refunded" && value(&a) == over {
                return None; // the same amount as the over-capture refund: ambiguous by design
            }
            let code = if kind == "return_not_refunded" {
                FindingCode::ReturnNotRefunded
            } else {
                FindingCode::OvercaptureNotRefunded
            };
            if canceled {
                return None;
            }
            Some((pid(&a), vec![code], [0, 0, -value(&a)]))
        }
        "refund_not_executed" => {
            let list = actions(records, "refunds");
            let i = nth(list, &|_| true)?;
            let v = value(&list[i]);
            list[i]["value"] = json!(0);
            list[i]["connectorResponse"]["code"] = json!("refund-manually");
            Some((
                pid(&list[i]),
                vec![FindingCode::RefundNotExecuted],
                [0, 0, -v],
            ))
        }
        "refund_duplicated" => {
            let list = actions(records, "refunds");
            let i = nth(list, &|_| true)?;
            let a = list[i].clone();
            list.push(a.clone());
            Some((
                pid(&a),
                vec![FindingCode::RefundDuplicated],
                [0, 0, value(&a)],
            ))
        }
        "canceled_but_settled" => {
            if !canceled {
                return None;
            }
            let p = &payments[pick % payments.len()];
            let v = (cents(p.value) / 2 / 100 * 100).max(100);
            add_settlement(records, &p.id, v, pick % 2 == 1);
            Some((
                p.id.clone(),
                vec![FindingCode::CanceledButSettled],
                [v, 0, 0],
            ))
        }
        "authorization_left_open" => {
            if !matches!(state.status, OrderStatus::Invoiced | OrderStatus::Canceled) {
                return None;
            }
            let list = actions(records, "cancellations");
            let i = nth(list, &|a| value(a) > 0)?;
            let a = list.remove(i);
            Some((
                pid(&a),
                vec![FindingCode::AuthorizationLeftOpen],
                [0, -value(&a), 0],
            ))
        }
        "settled_beyond_authorization" => {
            if canceled {
                return None;
            }
            let p = &payments[pick % payments.len()];
            let v = cents(p.value - p.captured) + 100;
            add_settlement(records, &p.id, v, pick % 2 == 1);
            Some((
                p.id.clone(),
                vec![FindingCode::SettledBeyondAuthorization],
                [v, 0, 0],
            ))
        }
        "status_mismatch" => {
            if state.status != OrderStatus::Invoiced {
                return None;
            }
            records["status"] = json!("Cancelled");
            Some((String::new(), vec![FindingCode::StatusMismatch], [0, 0, 0]))
        }
        _ => None,
    }
}

/// The words of the gateway's records, as keys and as values.
const KEYS: &[&str] = &[
    "status",
    "payments",
    "settlements",
    "refunds",
    "cancellations",
    "requests",
    "actions",
    "paymentId",
    "value",
    "type",
    "date",
    "connectorResponse",
    "code",
    "refundId",
    "id",
    "referenceValue",
    "fields",
    "name",
    "href",
    "ValueAsInt",
    "SettlementDate",
    "settleId",
];
const WORDS: &[&str] = &[
    "Cancelled",
    "Finished",
    "auto-settlement",
    "settlement",
    "refund-manually",
    "cancel-manually",
    "refund",
    "P0",
    "[{\"ValueAsInt\":100,\"RefundType\":1}]",
    "2018-06-05T13:08:22",
    "{\"code\":\"refund-manually\",\"value\":0.0}",
    "settlementConnectorResponse",
    "{\"settleId\":\"s1\",\"value\":614.005}",
    "[{\"ValueAsInt\":90500,\"SettlementDate\":\"2015-10-06T16:16:35Z\",\"SettlementType\":1}]",
];

fn arbitrary_json() -> impl Strategy<Value = Value> {
    json_fuzz::arbitrary_json(KEYS, WORDS)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn ideal_records_reconcile_to_matched(g in generated()) {
        let (order, options) = g.document();
        let state = expected(&order, &options);
        let records = reconcile::ideal_records(&state);
        let r = reconcile(&order, &records, &options);
        prop_assert_eq!(r.status, Status::Matched, "{:#}\n{:#}", serde_json::to_value(&r).unwrap(), order);
        prop_assert!(r.findings.is_empty());
        prop_assert_eq!(r.payments.len(), state.transaction.payments.len());
        for p in &r.payments {
            prop_assert_eq!(p.status, Status::Matched);
            prop_assert_eq!(p.drift, reconcile::Figures::default());
        }
        check_sums(&r)?;
    }

    #[test]
    fn each_injected_discrepancy_gives_exactly_its_codes_and_drift(
        g in generated(), kind in 0..KINDS.len(), pick in 0..16usize,
    ) {
        let (order, options) = g.document();
        let state = expected(&order, &options);
        let mut records = reconcile::ideal_records(&state);
        let Some((payment, codes, drift)) = inject(KINDS[kind], pick, &mut records, &state) else {
            return Ok(());
        };
        let r = reconcile(&order, &records, &options);
        let got: Vec<FindingCode> = r.findings.iter().map(|f| f.code).collect();
        prop_assert_eq!(&got, &codes, "{}: {:#}", KINDS[kind], serde_json::to_value(&r).unwrap());
        check_sums(&r)?;
        let pending = codes == [FindingCode::SettlementNotExecuted];
        prop_assert_eq!(r.status, if pending { Status::Pending } else { Status::Difference });
        for p in &r.payments {
            let d = p.drift;
            let want = if p.id == payment { drift } else { [0, 0, 0] };
            prop_assert_eq!([cents(d.settled), cents(d.cancelled), cents(d.refunded)], want, "{}", p.id);
            prop_assert_eq!(d.open, -(d.settled + d.cancelled));
            if !payment.is_empty() && p.id == payment {
                prop_assert_eq!(r.findings[0].payment_id.as_deref(), Some(payment.as_str()));
            }
        }
    }

    /// Part of a settlement recorded on another payment (one that the rules leave open enough)
    /// is the split: `SPLIT_DIFFERS` on both payments, for that amount, and nothing else.
    #[test]
    fn a_settlement_on_another_payment_is_split_differs(g in generated(), pick in 0..16usize) {
        use settlement_preview::order::OrderStatus;
        let (order, options) = g.document();
        let state = expected(&order, &options);
        if state.status == OrderStatus::Canceled {
            return Ok(());
        }
        let step = if state.currency.minor_units() == 0 { 100 } else { 1 };
        let mut records = reconcile::ideal_records(&state);
        let list = actions(&mut records, "settlements");
        if list.is_empty() {
            return Ok(());
        }
        let i = pick % list.len();
        let from = list[i]["paymentId"].as_str().unwrap().to_string();
        let value = list[i]["value"].as_i64().unwrap();
        let payments = &state.transaction.payments;
        let Some(to) = payments.iter().find(|q| q.id != from && cents(q.value - q.captured - q.voided) >= step) else {
            return Ok(());
        };
        let moved = value.min(cents(to.value - to.captured - to.voided)) / step * step;
        if moved == 0 {
            return Ok(());
        }
        list[i]["value"] = json!(value - moved);
        list.push(json!({ "paymentId": to.id, "type": "settlement", "value": moved }));
        let r = reconcile(&order, &records, &options);
        let got: Vec<(FindingCode, Option<&str>, i64)> = r
            .findings
            .iter()
            .map(|f| (f.code, f.payment_id.as_deref(), cents(f.amount.unwrap())))
            .collect();
        let mut want = vec![
            (FindingCode::SplitDiffers, Some(from.as_str()), moved),
            (FindingCode::SplitDiffers, Some(to.id.as_str()), moved),
        ];
        let position = |id: &str| payments.iter().position(|p| p.id == id);
        want.sort_by_key(|w| position(w.1.unwrap()));
        prop_assert_eq!(got, want, "{:#}", serde_json::to_value(&r).unwrap());
        check_sums(&r)?;
    }

    #[test]
    fn the_sums_hold_on_mutated_records(
        g in generated(),
        wheres in prop::collection::vec(any::<prop::sample::Index>(), 1..4),
        withs in prop::collection::vec(0..5_000i64, 3),
    ) {
        let (order, options) = g.document();
        let state = expected(&order, &options);
        let mut records = reconcile::ideal_records(&state);
        // Change amounts only (values stay whole cents): the result is never invalid.
        let amounts: Vec<Vec<Value>> = json_fuzz::paths(&records)
            .into_iter()
            .filter(|p| p.last() == Some(&json!("value")))
            .collect();
        if amounts.is_empty() { return Ok(()); }
        for (at, with) in wheres.iter().zip(withs) {
            let step = if state.currency.minor_units() == 0 { 100 } else { 1 };
            let path = at.get(amounts.as_slice()).clone();
            json_fuzz::replace(&mut records, &path, json!(with * step));
        }
        let r = reconcile(&order, &records, &options);
        prop_assert!(r.status != Status::Invalid, "{:?}", r.error);
        check_sums(&r)?;
        let drifting = r.payments.iter().any(|p| p.drift != reconcile::Figures::default());
        prop_assert!(!drifting || !r.findings.is_empty(), "a drift without a finding");
    }

    #[test]
    fn reconcile_never_panics_on_arbitrary_json(order in arbitrary_json(), tx in proptest::option::of(arbitrary_json())) {
        let r = sp::reconcile(&order, tx.as_ref(), None).unwrap();
        prop_assert_eq!(r.status == Status::Invalid, r.error.is_some());
        let _ = r.rows(1);
    }

    #[test]
    fn reconcile_never_panics_on_damaged_records(
        g in generated(),
        wheres in prop::collection::vec(any::<prop::sample::Index>(), 1..4),
        withs in prop::collection::vec(arbitrary_json(), 3),
    ) {
        let (order, options) = g.document();
        let state = expected(&order, &options);
        let mut records = reconcile::ideal_records(&state);
        for (at, with) in wheres.iter().zip(withs) {
            let all = json_fuzz::paths(&records);
            let path = at.get(&all).clone();
            json_fuzz::replace(&mut records, &path, with);
        }
        let r = reconcile(&order, &records, &options);
        if r.status == Status::Invalid {
            let e = r.error.as_ref().unwrap();
            prop_assert!(e.path.starts_with("transaction"), "{}", e.path);
        } else {
            check_sums(&r)?;
        }
        let _ = serde_json::to_string(&r).unwrap();
        let _ = r.rows(2);
    }
}

/// The generated orders let every discrepancy of the table be injected (so that the property
/// above is not vacuous for any of them), and each injection is checked as above.
#[test]
fn every_kind_of_discrepancy_is_injected_and_found() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut counts = [0usize; KINDS.len()];
    for n in 0..3_000 {
        let g = generated().new_tree(&mut runner).unwrap().current();
        let (order, options) = g.document();
        let state = expected(&order, &options);
        for (k, kind) in KINDS.iter().enumerate() {
            let mut records = reconcile::ideal_records(&state);
            if let Some((_, codes, _)) = inject(kind, n, &mut records, &state) {
                let r = reconcile(&order, &records, &options);
                let got: Vec<FindingCode> = r.findings.iter().map(|f| f.code).collect();
                assert_eq!(
                    got,
                    codes,
                    "{kind}: {:#}\n{order:#}",
                    serde_json::to_value(&r).unwrap()
                );
                counts[k] += 1;
            }
        }
    }
    for (kind, count) in KINDS.iter().zip(counts) {
        assert!(count >= 50, "{kind} injected only {count} times");
    }
    eprintln!(
        "injections per kind: {:?}",
        KINDS.iter().zip(counts).collect::<Vec<_>>()
    );
}
