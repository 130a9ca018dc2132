//! Reconciliation (api.md section 9), natively, on the fixtures of `tests/reconcile/`: each is
//! `{ description, order, transaction, options?, expect }` where `expect` is the whole
//! reconciliation JSON, written by hand from the rules (the module documentation of
//! `src/reconcile/`); VTEX's documented gateway examples (`tests/vtex/vtex-examples/gateway-*`)
//! and orders of `tests/vtex/orders/` among them. The JS and Python runners read the same files.

use serde_json::{json, Value};
use settlement_preview::json as sp;
use settlement_preview::outcome::{Figure, View};
use settlement_preview::reconcile::{
    self, FindingCode, ReconcileOptions, Reconciliation, ReportRow, Status, REPORT_COLUMNS,
};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn fixtures() -> Vec<(String, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reconcile");
    let mut out: Vec<(String, Value)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let name = p.file_stem().unwrap().to_string_lossy().to_string();
            (name, serde_json::from_str(&text).unwrap())
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 20, "the fixtures are missing: {}", out.len());
    out
}

fn run(case: &Value) -> Reconciliation {
    sp::reconcile(&case["order"], case.get("transaction"), case.get("options")).unwrap()
}

/// The first place two JSON values differ, for a readable failure.
fn first_difference(path: &str, got: &Value, want: &Value) -> Option<String> {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => {
            let keys: BTreeSet<&String> = g.keys().chain(w.keys()).collect();
            keys.into_iter().find_map(|k| match (g.get(k), w.get(k)) {
                (Some(a), Some(b)) => first_difference(&format!("{path}.{k}"), a, b),
                (a, b) => Some(format!("{path}.{k}: got {a:?}, want {b:?}")),
            })
        }
        (Value::Array(g), Value::Array(w)) => {
            let common = g
                .iter()
                .zip(w)
                .enumerate()
                .find_map(|(i, (a, b))| first_difference(&format!("{path}[{i}]"), a, b));
            common.or_else(|| {
                (g.len() != w.len())
                    .then(|| format!("{path}: {} entries, want {}:\n{got:#}", g.len(), w.len()))
            })
        }
        _ => (got != want).then(|| format!("{path}: got {got}, want {want}")),
    }
}

#[test]
fn every_fixture_reconciles_to_its_hand_written_expectation() {
    let mut failures = Vec::new();
    for (name, case) in fixtures() {
        let got = serde_json::to_value(run(&case)).unwrap();
        if let Some(diff) = first_difference("", &got, &case["expect"]) {
            failures.push(format!("{name}: {diff}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_fixtures_cover_every_finding_status_mode_and_currency() {
    let mut codes = BTreeSet::new();
    let mut statuses = BTreeSet::new();
    let mut modes = BTreeSet::new();
    let mut currencies = BTreeSet::new();
    let mut several_payments = 0;
    let mut gift_cards = 0;
    for (_, case) in fixtures() {
        let r = run(&case);
        codes.extend(r.findings.iter().map(|f| f.code));
        statuses.insert(r.status);
        statuses.extend(r.payments.iter().map(|p| p.status));
        if let Some(c) = r.currency {
            currencies.insert(c.code());
        }
        several_payments += usize::from(r.payments.len() > 1);
        gift_cards += usize::from(r.payments.iter().any(|p| p.group == "giftCard"));
        let options = reconcile::parse_options(case.get("options")).unwrap();
        if let Ok(from) = settlement_preview::vtex::from_vtex(&case["order"], None, &options.from) {
            for p in &from.state.transaction.payments {
                modes.insert(format!("{:?}", p.connector.mode));
            }
        }
    }
    let missing: Vec<&str> = FindingCode::ALL
        .iter()
        .filter(|c| !codes.contains(c))
        .map(|c| c.name())
        .collect();
    assert!(missing.is_empty(), "no fixture finds {missing:?}");
    for s in [
        Status::Matched,
        Status::Pending,
        Status::Difference,
        Status::Invalid,
    ] {
        assert!(statuses.contains(&s), "no fixture is {}", s.name());
    }
    assert_eq!(modes.len(), 3, "{modes:?}");
    for c in ["BRL", "CLP", "KWD"] {
        assert!(currencies.contains(c), "no fixture in {c}");
    }
    assert!(several_payments >= 5 && gift_cards >= 4);
}

/// Per payment, view and figure, the money lines add up to the figure (api.md section 8),
/// with `explain` on for every fixture.
#[test]
fn explain_lines_add_up_to_every_figure() {
    for (name, case) in fixtures() {
        let mut options = case.get("options").cloned().unwrap_or(json!({}));
        options["explain"] = json!(true);
        let r = sp::reconcile(&case["order"], case.get("transaction"), Some(&options)).unwrap();
        if r.status == Status::Invalid {
            assert!(r.explain.is_empty());
            continue;
        }
        let mut sums: BTreeMap<(String, String, String), rust_decimal::Decimal> = BTreeMap::new();
        for line in r.explain.iter().filter(|l| l.moves_money()) {
            let key = (
                line.payment_id.clone().unwrap(),
                format!("{:?}", line.view.unwrap()),
                format!("{:?}", line.figure.unwrap()),
            );
            *sums.entry(key).or_default() += line.amount.unwrap();
        }
        for p in &r.payments {
            for (view, figures) in [(View::Provider, p.expected), (View::Gateway, p.recorded)] {
                for (figure, amount) in [
                    (Figure::Settle, figures.settled),
                    (Figure::Cancel, figures.cancelled),
                    (Figure::Refund, figures.refunded),
                ] {
                    let key = (p.id.clone(), format!("{view:?}"), format!("{figure:?}"));
                    let sum = sums.get(&key).copied().unwrap_or_default();
                    assert_eq!(
                        sum,
                        amount.max(rust_decimal::Decimal::ZERO),
                        "{name} {key:?}"
                    );
                }
            }
            // Every figure, expected and recorded, has its line (8 per payment).
            let lines = r
                .explain
                .iter()
                .filter(|l| l.payment_id.as_deref() == Some(&p.id));
            assert!(lines.count() >= 8, "{name} {}", p.id);
        }
        let finding_lines = r
            .explain
            .iter()
            .filter(|l| {
                FindingCode::ALL
                    .iter()
                    .any(|c| serde_json::to_value(l.code).unwrap() == c.name())
            })
            .count();
        assert_eq!(finding_lines, r.findings.len(), "{name}");
    }
}

/// drift = recorded − expected and open = A − settled − cancelled, on every fixture.
#[test]
fn the_sums_hold_on_every_fixture() {
    for (name, case) in fixtures() {
        let r = run(&case);
        for p in &r.payments {
            let (e, rec, d) = (p.expected, p.recorded, p.drift);
            assert_eq!(d.settled, rec.settled - e.settled, "{name}");
            assert_eq!(d.cancelled, rec.cancelled - e.cancelled, "{name}");
            assert_eq!(d.refunded, rec.refunded - e.refunded, "{name}");
            assert_eq!(d.open, rec.open - e.open, "{name}");
            let a = e.open + e.settled + e.cancelled;
            assert_eq!(rec.open, a - rec.settled - rec.cancelled, "{name}");
            let matched = d == Default::default()
                && !r
                    .findings
                    .iter()
                    .any(|f| f.payment_id.as_deref() == Some(&p.id));
            assert_eq!(p.status == Status::Matched, matched, "{name} {}", p.id);
        }
    }
}

fn fixture(name: &str) -> Value {
    fixtures()
        .into_iter()
        .find(|(n, _)| n.starts_with(name))
        .map(|(_, v)| v)
        .unwrap()
}

#[test]
fn rows_carry_the_payments_codes_then_the_orders() {
    assert_eq!(REPORT_COLUMNS.len(), 20);
    let rows = run(&fixture("15-")).rows(7);
    assert_eq!(rows.len(), 2);
    let codes: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.codes.iter().map(|c| c.name()).collect())
        .collect();
    assert_eq!(
        codes,
        vec![
            vec!["PAYMENT_NOT_IN_ORDER"],
            vec!["PAYMENT_NOT_IN_GATEWAY", "PAYMENT_NOT_IN_ORDER"]
        ]
    );
    let first = &rows[0];
    assert_eq!(first.line, 7);
    assert_eq!(first.order_id.as_deref(), Some("1500000000015-01"));
    assert_eq!(first.payment_id.as_deref(), Some("CC-1"));
    assert_eq!(first.payment_group, Some("creditCard"));
    assert_eq!(first.currency.unwrap().code(), "BRL");
    assert_eq!(first.status, Status::Matched);
    assert_eq!(rows[1].status, Status::Difference);
    let (e, rec, d) = rows[1].figures.unwrap();
    assert_eq!(e.open.to_string(), "40.00");
    assert_eq!(rec.open.to_string(), "40.00");
    assert_eq!(d.open.to_string(), "0.00");
    assert!(first.error.is_none());

    // Order-level findings appear on every row; a payment's own on its row only.
    let rows = run(&fixture("06-")).rows(1);
    let names = |r: &ReportRow| r.codes.iter().map(|c| c.name()).collect::<Vec<_>>();
    assert_eq!(
        names(&rows[0]),
        [
            "OVER_SETTLED",
            "SETTLEMENT_NOT_REQUESTED",
            "ZERO_SETTLEMENT_REQUEST"
        ]
    );
    assert_eq!(names(&rows[1]), ["ZERO_SETTLEMENT_REQUEST"]);

    // An invalid order is one row, without payment, with the error.
    let rows = run(&fixture("17-")).rows(3);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, Status::Invalid);
    assert!(rows[0].payment_id.is_none() && rows[0].figures.is_none());
    assert_eq!(rows[0].order_id.as_deref(), Some("1500000000005-01"));
    assert_eq!(
        rows[0].error.as_deref(),
        Some("transaction.settlements.actions[0].value: expected a whole number of cents, got 12.5: VTEX amounts are integers of hundredths")
    );
    let not_json = ReportRow::invalid(
        9,
        &reconcile::ErrorInfo {
            code: "INVALID_INPUT",
            path: "line".into(),
            message: "not JSON".into(),
        },
    );
    assert_eq!(not_json.error.as_deref(), Some("line: not JSON"));
}

#[test]
fn options_are_fromvtexs_and_explain_strictly() {
    let o = reconcile::parse_options(None).unwrap();
    assert_eq!(o, ReconcileOptions::default());
    assert!(o.explain);
    let o =
        reconcile::parse_options(Some(&json!({ "explain": false, "split": "listed" }))).unwrap();
    assert!(!o.explain);
    assert_eq!(o.from.engine.split, settlement_preview::SplitPolicy::Listed);
    let e = reconcile::parse_options(Some(&json!({ "explian": true }))).unwrap_err();
    assert_eq!(e.path, "options.explian");
    assert!(e.message.contains("`explain`"), "{}", e.message);
    let e = reconcile::parse_options(Some(&json!({ "explain": "yes" }))).unwrap_err();
    assert_eq!(e.path, "options.explain");
    let e = reconcile::parse_options(Some(
        &json!({ "connectors": { "default": { "mode": "fast" } } }),
    ))
    .unwrap_err();
    assert_eq!(e.path, "options.connectors.default.mode");
    let e = reconcile::parse_options(Some(&json!([1]))).unwrap_err();
    assert_eq!(e.path, "options");
    // Through json::reconcile: only the options fail.
    assert!(sp::reconcile(&json!("not an order"), None, Some(&json!({ "x": 1 }))).is_err());
    let r = sp::reconcile(&json!("not an order"), None, None).unwrap();
    assert_eq!(r.status, Status::Invalid);
}

/// The records a correct gateway keeps (`ideal_records`) reconcile to `matched` on every
/// order of `tests/vtex/orders/` and every fixture's order.
#[test]
fn ideal_records_reconcile_to_matched() {
    let mut orders: Vec<(Value, Option<Value>)> = fixtures()
        .into_iter()
        .map(|(_, c)| (c["order"].clone(), c.get("options").cloned()))
        .collect();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vtex/orders");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let case: Value =
            serde_json::from_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        if case.get("order").is_some() {
            orders.push((case["order"].clone(), case.get("options").cloned()));
        }
    }
    let mut checked = 0;
    for (order, options) in orders {
        let parsed = reconcile::parse_options(options.as_ref()).unwrap();
        let Ok(from) = settlement_preview::vtex::from_vtex(&order, None, &parsed.from) else {
            continue;
        };
        let records = reconcile::ideal_records(&from.state);
        let r = sp::reconcile(&order, Some(&records), options.as_ref()).unwrap();
        assert_eq!(
            r.status,
            Status::Matched,
            "{:#}",
            serde_json::to_value(&r).unwrap()
        );
        assert!(r.findings.is_empty());
        checked += 1;
    }
    assert!(checked >= 20, "{checked}");
}
