//! The results the WebAssembly bindings hand out as JSON text written by hand (issue 20):
//! `reconcile`'s [`Reconciliation`], `planInvoice`'s and `planReturn`'s [`PlannedInvoice`],
//! `planCloseOut`'s [`Operation`] and `fromVtexChange`'s [`FromVtexChange`]. Each `to_json`
//! must give exactly the bytes `serde_json::to_string` gives (the `Serialize` the CLI, Python
//! and Rust users keep), so that the package's results are the same objects:
//!
//! - on every fixture the repository has for them: the reconciliation fixtures and every VTEX
//!   order with gateway records, the planners on every state read from a VTEX fixture or
//!   reached by a scenario (each line, with and without options), the scenarios' operations,
//!   and `fromVtexChange` on every Change v2 document of the fixtures;
//! - on generated values: every enum variant, `None` and `null` fields, empty lists, text with
//!   quotes, backslashes, control characters and non-ASCII, amounts of every scale and sign
//!   (negative zero, mantissas past 2^64).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use proptest::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{json, Value};
use settlement_preview::codes::{ExplainCode, ReconcileStep, StepCode};
use settlement_preview::money::Currency;
use settlement_preview::order::{Change, ChangeApi, Item};
use settlement_preview::outcome::{Explanation, Figure, View};
use settlement_preview::plan::{Breakdown, BreakdownLine, PlannedInvoice};
use settlement_preview::reconcile::{
    ErrorInfo, Figures, Finding, FindingCode, PaymentReconciliation, Reconciliation, Severity,
    Status,
};
use settlement_preview::vtex::{FromVtexChange, Note, NoteCode};
use settlement_preview::{json as sp, InputError, Ledger, Operation, OrderState};
use settlement_preview::{RuleCode, WarningCode};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// The `.json` files of a folder of the repository, sorted.
fn files(dir: &str) -> Vec<PathBuf> {
    common::json_files(&root().join(dir))
}

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A VTEX case: its `order` inline, or `orderFile` naming one of VTEX's own payloads.
fn vtex_case(path: &Path) -> Value {
    let mut case = read(path);
    if let Some(name) = case.get("orderFile").and_then(Value::as_str) {
        case["order"] = read(&root().join("tests/vtex").join(name));
    }
    case
}

/// Every VTEX case of the repository (realistic orders, VTEX's examples, real documents and
/// their fragments).
fn vtex_cases() -> Vec<(String, Value)> {
    [
        "tests/vtex/orders",
        "tests/vtex/real",
        "tests/vtex/real/fragments",
    ]
    .iter()
    .flat_map(|dir| files(dir))
    .map(|p| (p.display().to_string(), vtex_case(&p)))
    .collect()
}

/// Compares a result's hand-written text with serde_json's; a difference is a failure.
fn same<T: Serialize>(what: &str, written: &str, value: &T, failures: &mut Vec<String>) {
    let text = serde_text(value);
    if written != text {
        failures.push(format!(
            "{what}: to_json differs from serde_json:\n  {written}\n  {text}"
        ));
    }
}

fn reconciliation(what: &str, r: &Reconciliation, failures: &mut Vec<String>) {
    same(what, &r.to_json(), r, failures);
}

fn planned(what: &str, p: &PlannedInvoice, failures: &mut Vec<String>) {
    same(what, &p.to_json(), p, failures);
}

fn operation(what: &str, op: &Operation, failures: &mut Vec<String>) {
    same(what, &op.to_json(), op, failures);
}

fn from_change(what: &str, out: &FromVtexChange, failures: &mut Vec<String>) {
    same(what, &out.to_json(), out, failures);
}

fn check(failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} failing:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ----- Fixtures ---------------------------------------------------------------------------------

#[test]
fn every_reconciliation_of_the_fixtures_is_serde_jsons_text() {
    let mut failures = Vec::new();
    let mut seen = 0;
    for path in files("tests/reconcile") {
        let case = read(&path);
        let what = path.display().to_string();
        let r =
            sp::reconcile(&case["order"], case.get("transaction"), case.get("options")).unwrap();
        reconciliation(&what, &r, &mut failures);
        // And without its explanation (a batch's).
        let mut options = case.get("options").cloned().unwrap_or(json!({}));
        options["explain"] = json!(false);
        if let Ok(r) = sp::reconcile(&case["order"], case.get("transaction"), Some(&options)) {
            reconciliation(&format!("{what} (explain: false)"), &r, &mut failures);
        }
        // Without the gateway's records.
        let r = sp::reconcile(&case["order"], None, case.get("options")).unwrap();
        reconciliation(&format!("{what} (no records)"), &r, &mut failures);
        seen += 1;
    }
    for (what, case) in vtex_cases() {
        let options = case.get("options");
        if let Ok(r) = sp::reconcile(&case["order"], case.get("transaction"), options) {
            reconciliation(&what, &r, &mut failures);
            seen += 1;
        }
    }
    // Documents that cannot be read: `status: invalid`, with `error`.
    for (order, transaction) in [
        (json!([]), None),
        (json!({ "orderId": "x\"é" }), Some(json!(7))),
        (json!({ "value": "a\u{1}b" }), None),
    ] {
        let r = sp::reconcile(&order, transaction.as_ref(), None).unwrap();
        assert_eq!(r.status, Status::Invalid);
        reconciliation(&format!("{order}"), &r, &mut failures);
    }
    let unreadable = Reconciliation::unreadable(InputError::new("line", "not JSON: \"{\" \\ ü"));
    reconciliation("unreadable", &unreadable, &mut failures);
    assert!(seen >= 40, "too few reconciliations: {seen}");
    check(failures);
}

/// Every scenario's steps (`tests/scenarios/public` and `extra`): its start state, then each
/// operation that reads, with the state after it.
fn scenario_steps() -> Vec<(String, OrderState, Option<Operation>)> {
    let mut steps = Vec::new();
    for dir in ["tests/scenarios/public", "tests/scenarios/extra"] {
        for path in files(dir) {
            let scenario = read(&path);
            let Ok(state) = sp::parse_state(&scenario["state"]) else {
                continue;
            };
            let mut ledger = Ledger::new(state, Default::default());
            steps.push((path.display().to_string(), ledger.state().clone(), None));
            for (i, step) in scenario["steps"].as_array().unwrap().iter().enumerate() {
                if let Ok(op) = sp::parse_operation(&step["operation"], ledger.state()) {
                    let _ = ledger.apply(&op);
                    let what = format!("{} step {i}", path.display());
                    steps.push((what, ledger.state().clone(), Some(op)));
                }
            }
        }
    }
    steps
}

/// Every state the fixtures give: VTEX's orders read by `fromVtex`, and every state the
/// scenarios' steps reach.
fn fixture_states() -> Vec<(String, OrderState)> {
    let mut states = Vec::new();
    for (what, case) in vtex_cases() {
        if let Ok(out) = sp::from_vtex(&case["order"], case.get("transaction"), case.get("options"))
        {
            states.push((what, out.state));
        }
    }
    states.extend(
        scenario_steps()
            .into_iter()
            .map(|(what, state, _)| (what, state)),
    );
    states
}

#[test]
fn every_plan_of_the_fixtures_states_is_serde_jsons_text() {
    let mut failures = Vec::new();
    let (mut invoices, mut returns, mut close_outs) = (0, 0, 0);
    let options = [
        None,
        Some(json!({ "number": "NF-\"ü\"\\1", "shipping": "last", "tax": "none" })),
        Some(json!({ "shipping": "proportional", "tax": "first" })),
    ];
    let return_options = [
        None,
        Some(json!({ "number": "RET-ação\n", "shipping": "proportional", "tax": "proportional" })),
    ];
    for (what, state) in fixture_states() {
        let mut selections: Vec<Value> = state
            .items
            .iter()
            .flat_map(|item| {
                [
                    json!([{ "id": item.id, "quantity": 1 }]),
                    json!([{ "id": item.id, "quantity": item.quantity }]),
                ]
            })
            .collect();
        selections.push(Value::Array(
            state
                .items
                .iter()
                .map(|item| json!({ "id": item.id, "quantity": item.quantity }))
                .collect(),
        ));
        type Planner =
            fn(&OrderState, &Value, Option<&Value>) -> Result<PlannedInvoice, InputError>;
        let planners: [(&str, Planner, &[Option<Value>], &mut usize); 2] = [
            ("planInvoice", sp::plan_invoice, &options, &mut invoices),
            ("planReturn", sp::plan_return, &return_options, &mut returns),
        ];
        for (name, planner, options, count) in planners {
            for selection in &selections {
                for o in options {
                    if let Ok(p) = planner(&state, selection, o.as_ref()) {
                        planned(&format!("{what}: {name} {selection}"), &p, &mut failures);
                        *count += 1;
                    }
                }
            }
        }
        if let Ok(op) = sp::plan_close_out(&state) {
            operation(&format!("{what}: planCloseOut"), &op, &mut failures);
            close_outs += 1;
        }
    }
    assert!(
        invoices >= 200 && returns >= 20 && close_outs >= 10,
        "too few plans: {invoices} invoices, {returns} returns, {close_outs} close-outs"
    );
    check(failures);
}

#[test]
fn every_operation_of_the_scenarios_is_serde_jsons_text() {
    let mut failures = Vec::new();
    let mut seen = 0;
    for (what, _, op) in scenario_steps() {
        if let Some(op) = op {
            operation(&what, &op, &mut failures);
            seen += 1;
        }
    }
    assert!(seen >= 100, "too few operations: {seen}");
    check(failures);
}

#[test]
fn every_change_v2_document_of_the_fixtures_is_read_to_serde_jsons_text() {
    let mut failures = Vec::new();
    let mut seen = 0;
    // The states, each with every Change v2 document of the fixtures: the history's requests
    // (the VTEX order that has one), the CLI's change and history.
    let mut documents: Vec<Value> = Vec::new();
    for (_, case) in vtex_cases() {
        if let Some(list) = case["options"]["changesV2"]["requests"].as_array() {
            documents.extend(list.iter().cloned());
        }
    }
    documents.push(read(&root().join("tests/cli/vtex-v2-change.json")));
    let history = read(&root().join("tests/cli/vtex-v2-history.json"));
    documents.extend(history["requests"].as_array().unwrap().iter().cloned());
    let mut states: Vec<(String, OrderState)> = Vec::new();
    for (what, case) in vtex_cases() {
        let mut options = case.get("options").cloned().unwrap_or(json!({}));
        if let Some(o) = options.as_object_mut() {
            o.remove("changesV2");
        }
        if let Ok(out) = sp::from_vtex(&case["order"], case.get("transaction"), Some(&options)) {
            states.push((what, out.state));
        }
    }
    let cli_order = read(&root().join("tests/cli/vtex-v2-order.json"));
    if let Ok(out) = sp::from_vtex(&cli_order, None, None) {
        states.push(("tests/cli/vtex-v2-order.json".into(), out.state));
    }
    for (what, state) in &states {
        for (i, document) in documents.iter().enumerate() {
            for options in [None, Some(json!({ "requestId": "r-\"é\"" }))] {
                if let Ok(out) = sp::from_vtex_change(document, state, options.as_ref()) {
                    from_change(&format!("{what}: document {i}"), &out, &mut failures);
                    seen += 1;
                }
            }
        }
    }
    assert!(seen >= 10, "too few Change v2 documents read: {seen}");
    check(failures);
}

// ----- Generated values -------------------------------------------------------------------------

/// Text with everything a JSON string escapes or keeps: quotes, backslashes, every control
/// character, DEL, U+2028, non-ASCII of every width.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("plain".to_string()),
        Just("ação € 🎉 \u{2028} \u{7f}".to_string()),
        Just("\"quoted\" \\ back\n\t\r\u{8}\u{c}\u{0}\u{1f}".to_string()),
        prop::collection::vec(any::<char>(), 0..24).prop_map(String::from_iter),
        "[a-z\"\\\\\u{0}-\u{1f}é€🎉]{0,40}",
    ]
}

/// Amounts of every scale the crate writes and beyond, both signs, negative zero, mantissas
/// below 2^32, below 2^64 and past it.
fn amount() -> impl Strategy<Value = Decimal> {
    let mantissa = prop_oneof![
        Just(0_i128),
        0_i128..1_000,
        0_i128..(1 << 32),
        0_i128..(1 << 64),
        0_i128..(1 << 95),
    ];
    (mantissa, 0_u32..=6, any::<bool>()).prop_map(|(m, scale, negative)| {
        let mut d = Decimal::from_i128_with_scale(m, scale);
        d.set_sign_negative(negative);
        d
    })
}

fn item() -> impl Strategy<Value = Item> {
    (
        text(),
        any::<u64>(),
        proptest::option::of(amount()),
        proptest::option::of(text()),
    )
        .prop_map(|(id, quantity, price, name)| Item {
            id,
            quantity,
            price,
            name,
        })
}

fn items() -> impl Strategy<Value = Vec<Item>> {
    prop::collection::vec(item(), 0..4)
}

fn an_operation() -> impl Strategy<Value = Operation> {
    let request = || {
        (text(), amount(), items()).prop_map(|(number, value, items)| {
            settlement_preview::operation::InvoiceRequest {
                number,
                value,
                items,
            }
        })
    };
    let change = (
        text(),
        proptest::option::of(text()),
        proptest::option::of(amount()),
        proptest::option::of(amount()),
        items(),
        items(),
        prop_oneof![Just(ChangeApi::V1), Just(ChangeApi::V2)],
    )
        .prop_map(
            |(request_id, reason, discount, increment, items_removed, items_added, api)| Change {
                request_id,
                reason,
                discount,
                increment,
                items_removed,
                items_added,
                api,
            },
        );
    prop_oneof![
        request().prop_map(Operation::Invoice),
        request().prop_map(Operation::Return),
        change.prop_map(Operation::Change),
        proptest::option::of(text()).prop_map(|reason| Operation::Cancel { reason }),
    ]
}

fn a_plan() -> impl Strategy<Value = PlannedInvoice> {
    let line =
        (text(), any::<u64>(), amount(), amount()).prop_map(|(id, quantity, price, discount)| {
            BreakdownLine {
                id,
                quantity,
                price,
                discount,
            }
        });
    (
        an_operation(),
        prop::collection::vec(amount(), 6),
        prop::collection::vec(line, 0..4),
    )
        .prop_map(|(operation, a, lines)| PlannedInvoice {
            operation,
            breakdown: Breakdown {
                items: a[0],
                discounts: a[1],
                shipping: a[2],
                tax: a[3],
                value: a[4],
                remaining_before: a[5],
                lines,
            },
        })
}

fn note() -> impl Strategy<Value = Note> {
    (prop::sample::select(NoteCode::ALL.to_vec()), text(), text()).prop_map(
        |(code, path, message)| Note {
            code,
            path,
            message,
        },
    )
}

fn a_change_read() -> impl Strategy<Value = FromVtexChange> {
    (an_operation(), prop::collection::vec(note(), 0..4))
        .prop_map(|(operation, notes)| FromVtexChange { operation, notes })
}

const STATUSES: [Status; 4] = [
    Status::Matched,
    Status::Pending,
    Status::Difference,
    Status::Invalid,
];

/// Every kind of code a line can carry (a rule, a warning, an engine step, a reconciliation
/// step, a finding).
fn explain_code() -> impl Strategy<Value = ExplainCode> {
    prop_oneof![
        prop::sample::select(RuleCode::ALL.to_vec()).prop_map(ExplainCode::Rule),
        prop::sample::select(WarningCode::ALL.to_vec()).prop_map(ExplainCode::Warning),
        prop::sample::select(StepCode::ALL.to_vec()).prop_map(ExplainCode::Step),
        prop::sample::select(ReconcileStep::ALL.to_vec()).prop_map(ExplainCode::Reconcile),
        prop::sample::select(FindingCode::ALL.to_vec())
            .prop_map(|code| ExplainCode::Finding(code.name())),
    ]
}

fn line() -> impl Strategy<Value = Explanation> {
    (
        explain_code(),
        // The rule is a section of semantics.md, a constant of the crate (written as it is).
        prop::sample::select(vec!["3", "4", "5", "6.1", "6.2", "6.3", "6.4", "9", "9.2"]),
        text(),
        proptest::option::of(text()),
        proptest::option::of(prop::sample::select(View::ALL.to_vec())),
        proptest::option::of(prop::sample::select(Figure::ALL.to_vec())),
        proptest::option::of(amount()),
    )
        .prop_map(|(code, rule, text, payment_id, view, figure, amount)| {
            let mut line = Explanation::new(code, rule, text);
            line.payment_id = payment_id;
            line.view = view;
            line.figure = figure;
            line.amount = amount;
            line
        })
}

fn figures() -> impl Strategy<Value = Figures> {
    prop::collection::vec(amount(), 4).prop_map(|a| Figures {
        settled: a[0],
        cancelled: a[1],
        refunded: a[2],
        open: a[3],
    })
}

fn a_reconciliation() -> impl Strategy<Value = Reconciliation> {
    let payment = (
        text(),
        prop::sample::select(vec!["creditCard", "giftCard", "other", "é\"\\"]),
        prop::sample::select(STATUSES.to_vec()),
        figures(),
        figures(),
        figures(),
    )
        .prop_map(
            |(id, group, status, expected, recorded, drift)| PaymentReconciliation {
                id,
                group,
                status,
                expected,
                recorded,
                drift,
            },
        );
    let finding = (
        prop::sample::select(FindingCode::ALL.to_vec()),
        prop::sample::select(vec![Severity::Data, Severity::Stuck, Severity::Money]),
        proptest::option::of(text()),
        proptest::option::of(amount()),
        text(),
    )
        .prop_map(|(code, severity, payment_id, amount, message)| Finding {
            code,
            severity,
            payment_id,
            amount,
            message,
        });
    let error = (text(), text()).prop_map(|(path, message)| ErrorInfo {
        code: InputError::CODE,
        path,
        message,
    });
    (
        proptest::option::of(text()),
        proptest::option::of(prop::sample::select(vec!["BRL", "JPY", "KWD", "USD"])),
        prop::sample::select(STATUSES.to_vec()),
        prop::collection::vec(payment, 0..3),
        prop::collection::vec(finding, 0..4),
        prop::collection::vec(note(), 0..3),
        prop::collection::vec(line(), 0..4),
        proptest::option::of(error),
    )
        .prop_map(
            |(order_id, currency, status, payments, findings, notes, explain, error)| {
                Reconciliation {
                    order_id,
                    currency: currency.and_then(Currency::from_code),
                    status,
                    payments,
                    findings,
                    notes,
                    explain,
                    error,
                }
            },
        )
}

/// serde_json's text of a value.
fn serde_text<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn generated_results_are_serde_jsons_text(
        op in an_operation().boxed(),
        plan in a_plan().boxed(),
        read in a_change_read().boxed(),
        r in a_reconciliation().boxed(),
    ) {
        prop_assert_eq!(op.to_json(), serde_text(&op));
        prop_assert_eq!(plan.to_json(), serde_text(&plan));
        prop_assert_eq!(read.to_json(), serde_text(&read));
        prop_assert_eq!(r.to_json(), serde_text(&r));
    }
}

/// The empty and absent cases, each once by name: an empty list everywhere, every optional
/// field absent, `null` for an unknown order id and currency.
#[test]
fn empty_lists_and_absent_fields() {
    let empty = Reconciliation {
        order_id: None,
        currency: None,
        status: Status::Invalid,
        payments: Vec::new(),
        findings: Vec::new(),
        notes: Vec::new(),
        explain: Vec::new(),
        error: None,
    };
    assert_eq!(
        empty.to_json(),
        r#"{"orderId":null,"currency":null,"status":"invalid","payments":[],"findings":[],"notes":[],"explain":[]}"#
    );
    assert_eq!(empty.to_json(), serde_json::to_string(&empty).unwrap());
    let cancel = Operation::Cancel { reason: None };
    assert_eq!(cancel.to_json(), r#"{"type":"cancel"}"#);
    let change = Operation::Change(Change {
        request_id: String::new(),
        reason: None,
        discount: None,
        increment: None,
        items_removed: Vec::new(),
        items_added: Vec::new(),
        api: ChangeApi::V1,
    });
    assert_eq!(
        change.to_json(),
        r#"{"type":"change","requestId":"","itemsRemoved":[],"itemsAdded":[]}"#
    );
    assert_eq!(change.to_json(), serde_json::to_string(&change).unwrap());
    let read = FromVtexChange {
        operation: change,
        notes: Vec::new(),
    };
    assert_eq!(read.to_json(), serde_json::to_string(&read).unwrap());
}
