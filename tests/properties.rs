//! Property tests: random valid orders (1–5 payments of every group, mode and protocol, 0-, 2-
//! and 3-decimal currencies, auto-settled gift cards, earlier settlements) and random sequences
//! of up to 30 operations, valid and invalid. After every operation `tests/common` checks the
//! ledger bounds, that per-payment figures add up to the totals, that a rejection moves
//! nothing, that `preview` equals `apply`, that a replay moves nothing, that a finished
//! transaction charged net what the gateway settled net, the amounts' scale and the state's
//! JSON round trip, and the explanation (api.md section 8): for every payment, view and figure
//! its money lines add up to the outcome's figure, every warning and error has its line, a
//! replay is one line, a rejection explains only its rules.
//!
//! Cases: `PROPTEST_CASES` (256 when unset); `make test-props` runs 10 000 in release mode,
//! `make proptest-long` a million.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{check_state, step, Strictness, GROUPS, MODES};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use rust_decimal::Decimal;
use serde_json::{json, Value};
use settlement_preview::money::Currency;
use settlement_preview::order::TransactionStatus;
use settlement_preview::split;
use settlement_preview::{json as sp, Operation, Options, OrderState, RefundOrder, SplitPolicy};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// What the generated operations did, printed with `PROPERTY_STATS=1` (so that a generator
/// that only ever produces rejections shows itself).
static STATS: [AtomicU64; 8] = [const { AtomicU64::new(0) }; 8];
const STAT_NAMES: [&str; 8] = [
    "operations",
    "accepted",
    "rejected",
    "replays",
    "finished",
    "canceled",
    "outOfRange",
    "cases",
];

fn count(i: usize) {
    STATS[i].fetch_add(1, Ordering::Relaxed);
}

static CODES: Mutex<BTreeMap<String, u64>> = Mutex::new(BTreeMap::new());

fn print_stats() {
    if std::env::var_os("PROPERTY_STATS").is_some() {
        let line: Vec<String> = STAT_NAMES
            .iter()
            .zip(&STATS)
            .map(|(n, c)| format!("{n}={}", c.load(Ordering::Relaxed)))
            .collect();
        eprintln!("property stats: {}", line.join(" "));
        eprintln!("codes seen: {:?}", CODES.lock().unwrap());
    }
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(256)
}

fn config() -> Config {
    Config {
        cases: cases(),
        max_shrink_iters: 4096,
        // A failure prints a reproducing JSON document for tests/regressions/ instead.
        failure_persistence: None,
        ..Config::default()
    }
}

// ----- Generators ---------------------------------------------------------------------------

const CURRENCIES: [&str; 3] = ["JPY", "BRL", "KWD"];
const STATUSES: [&str; 8] = [
    "handling",
    "handling",
    "handling",
    "handling",
    "waiting-for-fulfillment",
    "ready-for-invoicing",
    "payment-approved",
    "ready-for-handling",
];

#[derive(Debug, Clone)]
struct PaymentSpec {
    group: usize,
    weight: u32,
    /// Authorized beyond its share of the order value (minor units).
    extra: Option<u32>,
    mode: usize,
    legacy: bool,
    partial_refund: bool,
    value_increase: bool,
    /// `maxValue` = A + this (minor units).
    max_extra: Option<u32>,
    /// A gift card settled by itself at approval (settled = captured = value).
    auto_settled: bool,
    /// An earlier gateway ledger, in per mille: settled of A, cancelled of the rest, refunded
    /// of settled (the provider ledger is derived from it).
    earlier: Option<(u16, u16, u16)>,
}

#[derive(Debug, Clone)]
struct StateSpec {
    currency: usize,
    status: usize,
    items: Vec<(u64, u32)>,
    shipping: Option<u32>,
    tax: Option<u32>,
    /// Discounts, per mille of the items' value.
    discounts: Option<u16>,
    /// newCharges, per mille of the value.
    new_charges: Option<u16>,
    payments: Vec<PaymentSpec>,
    split: usize,
    refund_order: usize,
    /// Every payment in this mode (index into MODES, ppp), so that transactions are not
    /// almost always mixed (which makes them all `total`).
    uniform_mode: Option<usize>,
    /// Multiplies every price and amount, to reach large amounts.
    scale_up: u64,
}

/// An amount relative to the current state (what is left, per mille of it, beyond it, zero,
/// negative, or a plain number of minor units).
#[derive(Debug, Clone)]
enum Amt {
    Rest,
    PerMille(u16),
    Exceed(u32),
    Zero,
    Negative(u32),
    Minor(u32),
}

/// A new number / request id, or one of those already used.
#[derive(Debug, Clone)]
enum Key {
    New,
    Reuse(usize),
}

#[derive(Debug, Clone)]
enum Items {
    None,
    /// (index into the ids available now, quantity, with price?)
    Known(Vec<(usize, u64, bool)>),
    Unknown,
}

#[derive(Debug, Clone)]
enum OpSpec {
    Invoice {
        amt: Amt,
        key: Key,
        items: Items,
    },
    Return {
        amt: Amt,
        key: Key,
        items: Items,
        duplicate: bool,
    },
    Change {
        discount: Option<Amt>,
        increment: Option<Amt>,
        removed: Items,
        added: Vec<(bool, u64, u32)>,
        key: Key,
    },
    Cancel,
    /// Serialise the state, parse it again and go on from the parsed one; with `derive`, the
    /// serialised state first loses what parsing derives (the value, from items, shipping, tax,
    /// discounts and the changes' deltas; the transaction status, from the ledger), which
    /// must come back the same.
    Reparse {
        derive: bool,
    },
}

fn amt() -> impl Strategy<Value = Amt> {
    prop_oneof![
        2 => Just(Amt::Rest),
        5 => (1_u16..=500).prop_map(Amt::PerMille),
        2 => (1_u16..=1000).prop_map(Amt::PerMille),
        1 => (1_u32..500).prop_map(Amt::Exceed),
        1 => Just(Amt::Zero),
        1 => (1_u32..500).prop_map(Amt::Negative),
        1 => (1_u32..100_000).prop_map(Amt::Minor),
    ]
}

fn key() -> impl Strategy<Value = Key> {
    prop_oneof![6 => Just(Key::New), 1 => (0_usize..8).prop_map(Key::Reuse)]
}

fn items() -> impl Strategy<Value = Items> {
    prop_oneof![
        5 => Just(Items::None),
        3 => prop::collection::vec((0_usize..8, 1_u64..3, any::<bool>()), 1..3).prop_map(Items::Known),
        1 => Just(Items::Unknown),
    ]
}

fn op() -> impl Strategy<Value = OpSpec> {
    prop_oneof![
        8 => (amt(), key(), items()).prop_map(|(amt, key, items)| OpSpec::Invoice { amt, key, items }),
        4 => (amt(), key(), items(), prop::bool::weighted(0.1))
            .prop_map(|(amt, key, items, duplicate)| OpSpec::Return { amt, key, items, duplicate }),
        6 => (
            prop::option::weighted(0.6, amt()),
            prop::option::weighted(0.3, amt()),
            items(),
            prop::collection::vec((any::<bool>(), 1_u64..3, 1_u32..50_000), 0..2),
            key(),
        )
            .prop_map(|(discount, increment, removed, added, key)| OpSpec::Change {
                discount,
                increment,
                removed,
                added,
                key,
            }),
        1 => prop_oneof![9 => any::<bool>().prop_map(|derive| OpSpec::Reparse { derive }), 1 => Just(OpSpec::Cancel)],
    ]
}

fn payment() -> impl Strategy<Value = PaymentSpec> {
    (
        (
            0..GROUPS.len(),
            1_u32..10,
            prop::option::weighted(0.2, 1_u32..20_000),
        ),
        (
            0..MODES.len(),
            prop::bool::weighted(0.2),
            prop::bool::weighted(0.85),
        ),
        (
            any::<bool>(),
            prop::option::weighted(0.3, 0_u32..30_000),
            prop::bool::weighted(0.5),
            prop::option::weighted(
                0.15,
                (
                    0_u16..=1000,
                    0_u16..=1000,
                    prop_oneof![Just(0_u16), 0_u16..=1000],
                ),
            ),
        ),
    )
        .prop_map(
            |(
                (group, weight, extra),
                (mode, legacy, partial_refund),
                (value_increase, max_extra, auto, earlier),
            )| PaymentSpec {
                group,
                weight,
                extra,
                mode,
                legacy,
                partial_refund,
                value_increase,
                max_extra,
                auto_settled: auto && GROUPS.get(group) == Some(&"giftCard"),
                earlier,
            },
        )
}

fn state_spec() -> impl Strategy<Value = StateSpec> {
    (
        (0..CURRENCIES.len(), 0..STATUSES.len()),
        prop::collection::vec((1_u64..4, 1_u32..100_000), 1..5),
        (
            prop::option::weighted(0.3, 0_u32..5_000),
            prop::option::weighted(0.2, 0_u32..5_000),
            prop::option::weighted(0.2, 0_u16..500),
            prop::option::weighted(0.1, 1_u16..400),
        ),
        prop::collection::vec(payment(), 1..=5),
        (
            0_usize..3,
            0_usize..2,
            prop::option::weighted(0.6, 0..MODES.len()),
            prop_oneof![9 => Just(1_u64), 1 => Just(1_000_000_u64), 1 => Just(1_000_000_000_u64)],
        ),
    )
        .prop_map(
            |(
                (currency, status),
                items,
                (shipping, tax, discounts, new_charges),
                payments,
                (split, refund_order, uniform_mode, scale_up),
            )| StateSpec {
                currency,
                status,
                items,
                shipping,
                tax,
                discounts,
                new_charges,
                payments,
                split,
                refund_order,
                uniform_mode,
                scale_up,
            },
        )
}

// ----- Materialising specs against the current state ----------------------------------------

fn pick<T: Copy>(list: &[T], i: usize) -> T {
    list[i % list.len()]
}

struct Money {
    scale: u32,
}

impl Money {
    fn of(&self, minor: i128) -> Decimal {
        Decimal::from_i128_with_scale(minor, self.scale)
    }
    fn minor(&self, d: Decimal) -> i128 {
        let mut d = d;
        d.rescale(self.scale);
        d.mantissa()
    }
    fn text(&self, minor: i128) -> Value {
        Value::String(self.of(minor).to_string())
    }
    /// An amount relative to `base` (in minor units).
    fn amount(&self, amt: &Amt, base: i128) -> i128 {
        match amt {
            Amt::Rest => base,
            Amt::PerMille(p) => base * i128::from(*p) / 1000,
            Amt::Exceed(e) => base + i128::from(*e),
            Amt::Zero => 0,
            Amt::Negative(n) => -i128::from(*n),
            Amt::Minor(m) => i128::from(*m),
        }
    }
}

fn build_state(spec: &StateSpec) -> (Value, Options) {
    let currency = pick(&CURRENCIES, spec.currency);
    let m = Money {
        scale: Currency::from_code(currency).unwrap().minor_units(),
    };
    let big = i128::from(spec.scale_up);
    let items: Vec<Value> = spec
        .items
        .iter()
        .enumerate()
        .map(|(i, (q, p))| json!({ "id": format!("I{i}"), "quantity": q, "price": m.text(i128::from(*p) * big) }))
        .collect();
    let items_value: i128 = spec
        .items
        .iter()
        .map(|(q, p)| i128::from(*q) * i128::from(*p) * big)
        .sum();
    let shipping = spec.shipping.map_or(0, i128::from) * big;
    let tax = spec.tax.map_or(0, i128::from) * big;
    let discounts = spec
        .discounts
        .map_or(0, |d| items_value * i128::from(d) / 1000);
    let value = items_value + shipping + tax - discounts;
    let new_charges = spec.new_charges.map_or(0, |n| value * i128::from(n) / 1000);
    let authorized = value - new_charges;
    let total_weight: i128 = spec.payments.iter().map(|p| i128::from(p.weight)).sum();
    let mut given = 0;
    let n = spec.payments.len();
    let payments: Vec<Value> = spec
        .payments
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let share = if i + 1 == n {
                authorized - given
            } else {
                authorized * i128::from(p.weight) / total_weight
            };
            given += share;
            // A share of zero is a payment of zero: valid, and resolved from the start.
            let a = share + p.extra.map_or(0, i128::from) * big;
            let (mode, legacy) = match spec.uniform_mode {
                Some(mode) => (mode, p.legacy && pick(&MODES, mode) == "total"),
                None => (p.mode, p.legacy),
            };
            let mut connector = json!({
                "protocol": if legacy { "legacy" } else { "ppp" },
                "mode": pick(&MODES, mode),
                "partialRefund": p.partial_refund,
                "valueIncrease": p.value_increase,
            });
            if let Some(extra) = p.max_extra {
                // At most the largest amount (10^15 − 1 minor units of JPY is the tightest).
                let max = (a + i128::from(extra) * big).min(999_999_999_999_999);
                connector["maxValue"] = m.text(max);
            }
            let mut payment = json!({
                "id": format!("p{i}"),
                "group": pick(&GROUPS, p.group),
                "value": m.text(a),
                "connector": connector,
            });
            if p.auto_settled {
                payment["settled"] = m.text(a);
                payment["captured"] = m.text(a);
            } else if let Some((s, c, r)) = p.earlier {
                let settled = a * i128::from(s) / 1000;
                let cancelled = (a - settled) * i128::from(c) / 1000;
                let refunded = settled * i128::from(r) / 1000;
                payment["settled"] = m.text(settled);
                payment["cancelled"] = m.text(cancelled);
                payment["refunded"] = m.text(refunded);
            }
            payment
        })
        .collect();
    let mut state = json!({
        "orderId": "prop-01",
        "currency": currency,
        "status": pick(&STATUSES, spec.status),
        "items": items,
        "transaction": { "payments": payments },
    });
    if spec.shipping.is_some() {
        state["shipping"] = m.text(shipping);
    }
    if spec.tax.is_some() {
        state["tax"] = m.text(tax);
    }
    if spec.discounts.is_some() {
        state["discounts"] = m.text(discounts);
    }
    if spec.new_charges.is_some() {
        state["transaction"]["newCharges"] = m.text(new_charges);
    }
    let options = Options {
        split: pick(
            &[
                SplitPolicy::LowestValueFirst,
                SplitPolicy::Listed,
                SplitPolicy::Proportional,
            ],
            spec.split,
        ),
        refund_order: pick(
            &[RefundOrder::LowestSettledFirst, RefundOrder::CardFirst],
            spec.refund_order,
        ),
        explain: true,
    };
    (state, options)
}

fn item_list(state: &OrderState, items: &Items, m: &Money) -> Vec<Value> {
    match items {
        Items::None => Vec::new(),
        Items::Unknown => vec![json!({ "id": "NO-SUCH-ITEM", "quantity": 1 })],
        Items::Known(list) => {
            let available = state.units_available().unwrap();
            let ids: Vec<&str> = available.keys().copied().collect();
            list.iter()
                .map(|(i, q, priced)| {
                    let id = ids[i % ids.len()];
                    let mut item = json!({ "id": id, "quantity": q });
                    if *priced {
                        let price = state.unit_price(id).unwrap_or(Decimal::ONE);
                        item["price"] = m.text(m.minor(price));
                    }
                    item
                })
                .collect()
        }
    }
}

fn number(state: &OrderState, key: &Key, counter: &mut u32) -> String {
    match key {
        Key::Reuse(i) if !state.invoices.is_empty() => {
            state.invoices[i % state.invoices.len()].number.clone()
        }
        _ => {
            *counter += 1;
            format!("N-{counter}")
        }
    }
}

fn request_id(state: &OrderState, key: &Key, counter: &mut u32) -> String {
    match key {
        Key::Reuse(i) if !state.changes.is_empty() => {
            state.changes[i % state.changes.len()].request_id.clone()
        }
        _ => {
            *counter += 1;
            format!("rq-{counter}")
        }
    }
}

/// The JSON operation a spec stands for in `state`; `None` for `Reparse`.
fn materialise(state: &OrderState, spec: &OpSpec, counter: &mut u32) -> Option<Value> {
    let m = Money {
        scale: state.currency.minor_units(),
    };
    let value = m.minor(state.value);
    let invoiced = m.minor(state.invoiced().unwrap());
    let returned = m.minor(state.returned().unwrap());
    Some(match spec {
        OpSpec::Invoice { amt, key, items } => json!({
            "type": "invoice",
            "number": number(state, key, counter),
            "value": m.text(m.amount(amt, value - invoiced)),
            "items": item_list(state, items, &m),
        }),
        OpSpec::Return {
            amt,
            key,
            items,
            duplicate,
        } => {
            let mut list = item_list(state, items, &m);
            if *duplicate {
                if let Some(first) = list.first().cloned() {
                    list.push(first);
                }
            }
            json!({
                "type": "return",
                "number": number(state, key, counter),
                "value": m.text(m.amount(amt, invoiced - returned)),
                "items": list,
            })
        }
        OpSpec::Change {
            discount,
            increment,
            removed,
            added,
            key,
        } => {
            let mut change = json!({
                "type": "change",
                "requestId": request_id(state, key, counter),
                "reason": "property test",
            });
            if let Some(d) = discount {
                // `Rest` is the close-out discount V − I.
                let base = if matches!(d, Amt::Rest) {
                    value - invoiced
                } else {
                    value
                };
                change["discount"] = m.text(m.amount(d, base));
            }
            if let Some(i) = increment {
                change["increment"] = m.text(m.amount(i, value));
            }
            let mut removed = item_list(state, removed, &m);
            let added: Vec<Value> = added
                .iter()
                .map(|(new, q, p)| {
                    let id = if *new {
                        format!("new-{p}")
                    } else {
                        state.items[0].id.clone()
                    };
                    json!({ "id": id, "quantity": q, "price": m.text(i128::from(*p)) })
                })
                .collect();
            if discount.is_none() && increment.is_none() {
                // Item prices are then required.
                for item in &mut removed {
                    if item.get("price").is_none() {
                        item["price"] = m.text(1);
                    }
                }
            }
            change["itemsRemoved"] = Value::Array(removed);
            change["itemsAdded"] = Value::Array(added);
            change
        }
        OpSpec::Cancel => json!({ "type": "cancel", "reason": "property test" }),
        OpSpec::Reparse { .. } => return None,
    })
}

/// Runs one case: builds the state, then every operation with all invariants checked.
fn run_case(spec: &StateSpec, ops: &[OpSpec]) -> Result<(), TestCaseError> {
    count(7);
    let (state_json, options) = build_state(spec);
    let mut state = match sp::parse_state(&state_json) {
        Ok(state) => state,
        // The largest orders may add up beyond the amount range: not a case.
        Err(e) if e.message.contains("out of range") => {
            return Err(TestCaseError::reject("order beyond the amount range"))
        }
        Err(e) => {
            return Err(TestCaseError::fail(format!(
                "generated state refused: {e}\n{state_json}"
            )))
        }
    };
    check_state(&state, Strictness::Consistent)
        .map_err(|e| TestCaseError::fail(format!("start state: {e}\n{state_json}")))?;
    let mut counter = 0;
    let mut log = Vec::new();
    for spec in ops {
        let Some(op_json) = materialise(&state, spec, &mut counter) else {
            let mut text = serde_json::to_value(&state).unwrap();
            if matches!(spec, OpSpec::Reparse { derive: true }) {
                let object = text.as_object_mut().unwrap();
                object.remove("value");
                if state.transaction.status != TransactionStatus::Canceled {
                    object["transaction"]
                        .as_object_mut()
                        .unwrap()
                        .remove("status");
                }
            }
            let parsed = sp::parse_state(&text).unwrap();
            prop_assert_eq!(&parsed, &state, "derived on reparse: {}", text);
            state = parsed;
            continue;
        };
        let op: Operation = sp::parse_operation(&op_json, &state).map_err(|e| {
            TestCaseError::fail(format!("generated operation refused: {e}\n{op_json}"))
        })?;
        log.push(op_json.clone());
        let replay = common::is_replay(&state, &op);
        let stepped = step(&state, &op, &options, Strictness::Consistent);
        if matches!(&stepped, Err(e) if e == common::OUT_OF_RANGE) {
            count(6);
            continue;
        }
        let (next, outcome) = stepped.map_err(|e| {
            let doc = json!({
                "strictness": "consistent",
                "state": state_json,
                "options": options,
                "operations": log,
            });
            TestCaseError::fail(format!("{e}\nreproduce (tests/regressions/*.json):\n{doc}"))
        })?;
        count(0);
        for e in &outcome.errors {
            *CODES
                .lock()
                .unwrap()
                .entry(format!("{:?}", e.code))
                .or_default() += 1;
        }
        for w in &outcome.warnings {
            *CODES
                .lock()
                .unwrap()
                .entry(format!("{:?}", w.code))
                .or_default() += 1;
        }
        count(if replay {
            3
        } else if outcome.accepted {
            1
        } else {
            2
        });
        match outcome.transaction_status {
            TransactionStatus::Finished => count(4),
            TransactionStatus::Canceled => count(5),
            _ => {}
        }
        state = next;
    }
    Ok(())
}

#[test]
fn every_operation_keeps_the_invariants() {
    let mut runner = TestRunner::new(config());
    let strategy = (state_spec(), prop::collection::vec(op(), 1..=30));
    let result = runner.run(&strategy, |(spec, ops)| run_case(&spec, &ops));
    print_stats();
    if let Err(e) = result {
        panic!("{e}");
    }
}

// ----- Splits -------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// Largest remainder: the parts and what is unplaced sum to the whole, no part exceeds its
    /// capacity, and each part is its exact share rounded down or up by one minor unit.
    #[test]
    fn proportional_split_sums_to_the_whole(
        currency in 0..CURRENCIES.len(),
        amount in 0_i64..10_000_000,
        capacities in prop::collection::vec(0_i64..5_000_000, 1..6),
    ) {
        let c = Currency::from_code(pick(&CURRENCIES, currency)).unwrap();
        let m = Money { scale: c.minor_units() };
        let caps: Vec<Decimal> = capacities.iter().map(|x| m.of(i128::from(*x))).collect();
        let split = split::proportional(m.of(i128::from(amount)), &caps, c).unwrap();
        let placed: Decimal = split.parts.iter().map(|(_, d)| *d).sum();
        prop_assert_eq!(placed + split.unplaced, m.of(i128::from(amount)));
        let total: i128 = capacities.iter().map(|x| i128::from(*x)).sum();
        for (i, part) in &split.parts {
            prop_assert!(*part > Decimal::ZERO && *part <= caps[*i]);
            if i128::from(amount) < total {
                let exact = i128::from(amount) * i128::from(capacities[*i]);
                let minor = m.minor(*part);
                prop_assert!(minor * total >= exact - total && minor * total <= exact + total);
            }
        }
        prop_assert_eq!(split.unplaced.is_zero(), i128::from(amount) <= total);
    }

    #[test]
    fn sequential_split_sums_to_the_whole(
        amount in 0_i64..10_000_000,
        capacities in prop::collection::vec(0_i64..5_000_000, 1..6),
        reverse in any::<bool>(),
    ) {
        let m = Money { scale: 2 };
        let caps: Vec<Decimal> = capacities.iter().map(|x| m.of(i128::from(*x))).collect();
        let mut order: Vec<usize> = (0..caps.len()).collect();
        if reverse {
            order.reverse();
        }
        let split = split::sequential(m.of(i128::from(amount)), &caps, &order).unwrap();
        let placed: Decimal = split.parts.iter().map(|(_, d)| *d).sum();
        prop_assert_eq!(placed + split.unplaced, m.of(i128::from(amount)));
        for (i, part) in &split.parts {
            prop_assert!(*part > Decimal::ZERO && *part <= caps[*i]);
        }
    }
}
