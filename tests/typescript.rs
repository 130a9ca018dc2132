//! The TypeScript declarations (`src/bindings.d.ts`, written by hand in the one custom section
//! the bindings ship) against the Rust types they describe: every string union names exactly
//! what the engine reads and writes. The shapes of objects are checked from the other side, in
//! `js-tests/types.test.mjs`, by compiling the engine's real outputs against the declarations
//! with `tsc --strict`.

use serde::Serialize;
use settlement_preview::codes::{ReconcileStep, StepCode};
use settlement_preview::operation::{RefundOrder, SplitPolicy};
use settlement_preview::order::{ChangeApi, InvoiceType, OrderStatus, TransactionStatus};
use settlement_preview::outcome::{Figure, View};
use settlement_preview::payment::{Group, Mode, Protocol};
use settlement_preview::reconcile::{FindingCode, Severity, Status};
use settlement_preview::schema::Named;
use settlement_preview::vtex::NoteCode;
use settlement_preview::{RuleCode, WarningCode};
use std::collections::BTreeSet;

const DTS: &str = include_str!("../src/bindings.d.ts");

/// The string literals of the union that follows `head` (`export type Mode =`, `split?:`) up to
/// the `;` that ends it.
fn union(head: &str) -> Vec<String> {
    let start = DTS
        .find(head)
        .unwrap_or_else(|| panic!("{head} is not in bindings.d.ts"));
    let body = &DTS[start + head.len()..];
    let body = &body[..body.find(';').expect("a union ends with ';'")];
    let literals: Vec<String> = body
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    assert!(!literals.is_empty(), "{head}: no literals");
    literals
}

/// Every literal of the union reads as a `T` (by the name table the input reader uses) and
/// writes back as itself; the table has no other name.
fn round_trips<T: Serialize + Named>(head: &str) -> usize {
    let literals = union(head);
    assert_eq!(T::NAMES.len(), literals.len(), "{head}");
    for literal in &literals {
        let value =
            T::from_name(literal).unwrap_or_else(|| panic!("{head} \"{literal}\" does not read"));
        assert_eq!(serde_json::to_value(value).unwrap(), *literal, "{head}");
    }
    literals.len()
}

#[test]
fn every_declared_literal_reads_and_writes_back() {
    assert_eq!(round_trips::<OrderStatus>("export type OrderStatus ="), 23);
    assert_eq!(
        round_trips::<TransactionStatus>("export type TransactionStatus ="),
        4
    );
    assert_eq!(round_trips::<Group>("export type PaymentGroup ="), 9);
    assert_eq!(round_trips::<Protocol>("export type Protocol ="), 2);
    assert_eq!(round_trips::<Mode>("export type Mode ="), 3);
    assert_eq!(round_trips::<InvoiceType>("export type InvoiceType ="), 2);
    assert_eq!(round_trips::<SplitPolicy>("split?:"), 3);
    assert_eq!(round_trips::<RefundOrder>("refundOrder?:"), 2);
    assert_eq!(round_trips::<ChangeApi>("export type ChangeApi ="), 2);
}

#[test]
fn a_literal_outside_the_unions_is_refused() {
    assert!(OrderStatus::from_name("shipped").is_none());
    assert!(Mode::from_name("Total").is_none());
    // And through the reader, with serde's message.
    let state = serde_json::json!({ "currency": "BRL", "status": "shipped",
        "transaction": { "payments": [ { "id": "p", "group": "cash", "value": "1.00" } ] } });
    let e = settlement_preview::json::parse_state(&state).unwrap_err();
    assert_eq!(e.path, "state.status");
    assert!(
        e.message
            .starts_with("unknown variant `shipped`, expected one of `order-created`, "),
        "{e}"
    );
}

fn names<T: Serialize>(all: &[T]) -> BTreeSet<String> {
    all.iter()
        .map(|code| {
            serde_json::to_value(code)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn the_code_unions_are_exactly_the_engines_codes() {
    let declared: BTreeSet<String> = union("export type RuleCode =").into_iter().collect();
    assert_eq!(declared, names(&RuleCode::ALL));
    let declared: BTreeSet<String> = union("export type WarningCode =").into_iter().collect();
    assert_eq!(declared, names(&WarningCode::ALL));
    let declared: BTreeSet<String> = union("export type ExplainStep =").into_iter().collect();
    assert_eq!(declared, names(&StepCode::ALL));
    assert!(
        DTS.contains(
            "export type ExplainCode = RuleCode | WarningCode | ExplainStep | ReconcileStep | FindingCode;"
        ),
        "ExplainCode is the rule, warning and step codes, and a reconciliation's"
    );
    let declared: BTreeSet<String> = union("export type ReconcileStep =").into_iter().collect();
    assert_eq!(declared, names(&ReconcileStep::ALL));
    let declared: BTreeSet<String> = union("export type NoteCode =").into_iter().collect();
    let notes: BTreeSet<String> = NoteCode::ALL.iter().map(|c| c.name().to_string()).collect();
    assert_eq!(declared, notes);
    let declared: BTreeSet<String> = union("export type ExplainView =").into_iter().collect();
    assert_eq!(declared, names(&View::ALL));
    let declared: BTreeSet<String> = union("export type ExplainFigure =").into_iter().collect();
    assert_eq!(declared, names(&Figure::ALL));
}

/// Every severity and reconciliation status: the `match`es fail to compile when a variant is
/// added, so that the unions below cannot silently fall behind.
fn all_severities() -> Vec<Severity> {
    let all = vec![Severity::Data, Severity::Stuck, Severity::Money];
    for s in &all {
        match s {
            Severity::Data | Severity::Stuck | Severity::Money => {}
        }
    }
    all
}

fn all_statuses() -> Vec<Status> {
    let all = vec![
        Status::Matched,
        Status::Pending,
        Status::Difference,
        Status::Invalid,
    ];
    for s in &all {
        match s {
            Status::Matched | Status::Pending | Status::Difference | Status::Invalid => {}
        }
    }
    all
}

#[test]
fn the_reconciliation_unions_are_exactly_the_cores_names() {
    let declared: BTreeSet<String> = union("export type FindingCode =").into_iter().collect();
    assert_eq!(declared, names(&FindingCode::ALL));
    assert_eq!(declared.len(), FindingCode::ALL.len(), "no code twice");
    // Each code's documented severity in the .d.ts is the core's.
    for code in FindingCode::ALL {
        let line = format!("`{}`", code.name());
        let doc = DTS
            .lines()
            .find(|l| l.trim_start().starts_with("* ") && l.contains(&line))
            .unwrap_or_else(|| {
                panic!("{} is not documented in FindingCode's comment", code.name())
            });
        let severity = format!("({})", code.severity().name());
        assert!(doc.contains(&severity), "{}: {doc}", code.name());
    }
    let declared: BTreeSet<String> = union("export type Severity =").into_iter().collect();
    assert_eq!(declared, names(&all_severities()));
    let declared: BTreeSet<String> = union("export type ReconcileStatus =").into_iter().collect();
    assert_eq!(declared, names(&all_statuses()));
    for status in all_statuses() {
        assert_eq!(serde_json::to_value(status).unwrap(), status.name());
    }
    for severity in all_severities() {
        assert_eq!(serde_json::to_value(severity).unwrap(), severity.name());
    }
}

/// The planners' option unions are the names the planners read (and write in a breakdown):
/// `Share` (planInvoice) and `Refund` (planReturn), each read back through the public parsers.
#[test]
fn the_planner_option_unions_are_the_planners_names() {
    use settlement_preview::plan::{parse_plan_options, parse_return_options, Refund, Share};
    let shares = union("export type Share =");
    let expected: Vec<Share> = vec![Share::First, Share::Proportional, Share::Last, Share::None];
    let written: Vec<String> = expected
        .iter()
        .map(|s| {
            serde_json::to_value(s)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(shares, written);
    for (name, share) in shares.iter().zip(&expected) {
        let read = parse_plan_options(Some(&serde_json::json!({ "shipping": name }))).unwrap();
        assert_eq!(read.shipping, *share);
    }
    let refunds = union("export type Refund =");
    let expected = [Refund::None, Refund::Proportional];
    assert_eq!(refunds.len(), expected.len());
    for (name, refund) in refunds.iter().zip(&expected) {
        assert_eq!(serde_json::to_value(refund).unwrap(), *name);
        let read = parse_return_options(Some(&serde_json::json!({ "tax": name }))).unwrap();
        assert_eq!(read.tax, *refund);
    }
    // planReturn refuses planInvoice's placements: a return has no "first" invoice.
    let e = parse_return_options(Some(&serde_json::json!({ "shipping": "first" }))).unwrap_err();
    assert_eq!(e.path, "options.shipping");
}
