//! Real, public VTEX documents (`tests/vtex/real/`, provenance and what was changed in
//! `tests/vtex/real/SOURCES.md`) read by `fromVtex`, natively. Each case's `expect` was written
//! by hand from the document (its `value`, `totals`, items, `paymentData` and packages), not
//! copied from the mapping's output: the state's value, figures and items, each payment's id,
//! group, authorization, assumed connector and ledger, each invoice, and the multiset of note
//! codes. A case with gateway records (`transaction`) is also reconciled against its order, and
//! the status asserted. `js-tests/vtex-real.test.mjs` checks the same files through the package.
//!
//! `tests/vtex/real/fragments/` holds real VTEX data published only in part (VTEX's own mock of
//! a response, trimmed to a few fields): each names the fields published and the one or two the
//! mapping requires that it adds, each derived from the published ones (SOURCES.md, section
//! "Fragments"); they are checked the same way, and their derivation is checked here.

mod common;

use serde_json::Value;
use settlement_preview::json as sp;
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vtex/real")
}

fn cases() -> Vec<(String, Value)> {
    cases_in(dir())
}

fn fragments() -> Vec<(String, Value)> {
    cases_in(dir().join("fragments"))
}

fn cases_in(dir: PathBuf) -> Vec<(String, Value)> {
    common::json_files(&dir)
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, serde_json::from_str(&text).unwrap())
        })
        .collect()
}

fn codes(notes: &[settlement_preview::vtex::Note]) -> Vec<String> {
    let mut codes: Vec<String> = notes.iter().map(|n| n.code.name().to_string()).collect();
    codes.sort();
    codes
}

fn sorted(list: &Value) -> Vec<String> {
    let mut out: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    out.sort();
    out
}

/// One case against its hand-written expectation: every difference, named.
fn check(name: &str, case: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    let expect = &case["expect"];
    let out = match sp::from_vtex(&case["order"], None, case.get("options")) {
        Ok(out) => out,
        Err(e) => return vec![format!("{name}: threw {e}")],
    };
    // The bindings' hand-written JSON text is serde_json's, byte for byte (issue 20).
    if out.to_json() != serde_json::to_string(&out).unwrap() {
        errors.push(format!("{name}: to_json differs from serde_json"));
    }
    let state = serde_json::to_value(&out.state).unwrap();
    let mut same = |what: &str, got: &Value, want: &Value| {
        if got != want {
            errors.push(format!("{name}: {what} is {got}, expected {want}"));
        }
    };
    for key in [
        "orderId",
        "currency",
        "status",
        "value",
        "shipping",
        "discounts",
        "tax",
    ] {
        same(key, &state[key], &expect[key]);
    }
    same(
        "transaction.status",
        &state["transaction"]["status"],
        &expect["transactionStatus"],
    );
    let items: Vec<Value> = state["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| serde_json::json!({ "id": i["id"], "quantity": i["quantity"], "price": i["price"] }))
        .collect();
    same("items", &Value::from(items), &expect["items"]);
    let payments: Vec<Value> = state["transaction"]["payments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            serde_json::json!({
                "id": p["id"], "group": p["group"], "value": p["value"],
                "protocol": p["connector"]["protocol"], "mode": p["connector"]["mode"],
                "settled": p["settled"], "cancelled": p["cancelled"], "refunded": p["refunded"],
            })
        })
        .collect();
    same("payments", &Value::from(payments), &expect["payments"]);
    let invoices: Vec<Value> = state["invoices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| serde_json::json!({ "type": i["type"], "number": i["number"], "value": i["value"] }))
        .collect();
    same("invoices", &Value::from(invoices), &expect["invoices"]);
    let got = codes(&out.notes);
    let want = sorted(&expect["notes"]);
    if got != want {
        errors.push(format!("{name}: notes {got:?}, expected {want:?}"));
    }
    // Every note names where in VTEX's JSON it was decided.
    for note in &out.notes {
        if !(note.path.starts_with("order") || note.path.starts_with("options")) {
            errors.push(format!("{name}: note {:?} at {:?}", note.code, note.path));
        }
    }
    // The state reads back as the engine's input, unchanged.
    match sp::parse_state(&state) {
        Ok(again) if again == out.state => {}
        Ok(_) => errors.push(format!("{name}: the state does not read back unchanged")),
        Err(e) => errors.push(format!("{name}: parse_state: {e}")),
    }
    if let Some(tx) = case.get("transaction") {
        match sp::reconcile(&case["order"], Some(tx), case.get("options")) {
            Ok(r) => {
                let r = serde_json::to_value(&r).unwrap();
                let want = &expect["reconcile"];
                if r["status"] != want["status"] {
                    errors.push(format!(
                        "{name}: reconcile status {}, expected {}",
                        r["status"], want["status"]
                    ));
                }
                for (i, p) in want["payments"].as_array().unwrap().iter().enumerate() {
                    for figure in ["expected", "recorded", "drift"] {
                        let got = &r["payments"][i][figure];
                        if got != &p[figure] {
                            errors.push(format!(
                                "{name}: reconcile payments[{i}].{figure} is {got}, expected {}",
                                p[figure]
                            ));
                        }
                    }
                }
                let mut got: Vec<String> = r["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| f["code"].as_str().unwrap().to_string())
                    .collect();
                got.sort();
                let want = sorted(&want["findings"]);
                if got != want {
                    errors.push(format!(
                        "{name}: reconcile findings {got:?}, expected {want:?}"
                    ));
                }
            }
            Err(e) => errors.push(format!("{name}: reconcile threw {e}")),
        }
    }
    errors
}

#[test]
fn every_real_document_maps_to_its_hand_written_figures() {
    let cases = cases();
    assert!(cases.len() >= 8, "real documents found: {}", cases.len());
    let errors: Vec<String> = cases
        .iter()
        .flat_map(|(name, case)| check(name, case))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// Each case (and fragment) names its section of SOURCES.md, and each section gives a 40-hex
/// commit.
#[test]
fn every_real_document_has_its_provenance() {
    let sources = std::fs::read_to_string(dir().join("SOURCES.md")).unwrap();
    for (name, case) in cases().into_iter().chain(fragments()) {
        assert_eq!(
            case["source"],
            format!("tests/vtex/real/SOURCES.md, section {name}"),
            "{name}"
        );
        let heading = format!("## {name}\n");
        let at = sources
            .find(&heading)
            .unwrap_or_else(|| panic!("no section {name} in SOURCES.md"));
        let section = &sources[at + heading.len()..];
        let section = &section[..section.find("\n## ").unwrap_or(section.len())];
        assert!(
            section
                .split(|c: char| !c.is_ascii_hexdigit())
                .any(|w| w.len() == 40),
            "{name}: no 40-hex commit in its section"
        );
    }
}

/// Damaged copies of the real documents are refused with a path, never a panic: each field
/// the mapping reads, given the wrong type, is an `INVALID_INPUT` at that field.
#[test]
fn damaged_real_documents_are_errors_with_paths() {
    for (name, case) in cases() {
        for (pointer, path) in [
            ("/value", "order.value"),
            ("/items/0/quantity", "order.items[0].quantity"),
            ("/totals", "order.totals"),
            (
                "/paymentData/transactions",
                "order.paymentData.transactions",
            ),
        ] {
            let mut order = case["order"].clone();
            *order.pointer_mut(pointer).unwrap() = Value::from("x");
            let e = sp::from_vtex(&order, None, case.get("options"))
                .err()
                .unwrap_or_else(|| panic!("{name}: {pointer} = \"x\" was taken"));
            assert_eq!(e.path, path, "{name}: {e}");
        }
    }
}

fn real(name: &str) -> Value {
    let text = std::fs::read_to_string(dir().join(format!("{name}.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

const EXITO: &str = "cop-exito-gift-item-payment-denied-status-empty";

/// The Éxito order's gift line is free because VTEX's `Items` total leaves it out; the same
/// order with the gift counted in `Items` (and its DISCOUNT@GIFT in `Discounts`) keeps the
/// gift's price, the difference being in `Discounts` as for any item.
#[test]
fn a_gift_the_items_total_counts_keeps_its_price() {
    let mut order = real(EXITO)["order"].clone();
    order["totals"][0]["value"] = Value::from(279_990_000 + 6_990_000);
    order["totals"][1]["value"] = Value::from(-100_000_000 - 6_990_000);
    let out = sp::from_vtex(&order, None, None).unwrap();
    let state = serde_json::to_value(&out.state).unwrap();
    assert_eq!(state["items"][1]["price"], "69900.00");
    assert_eq!(state["discounts"], "1069900.00");
    assert_eq!(state["value"], "1799900.00");
    let got = codes(&out.notes);
    assert_eq!(
        got.iter().filter(|c| *c == "SELLING_PRICE_DIFFERS").count(),
        2,
        "{got:?}"
    );
    assert!(!got.contains(&"GIFT_ITEM_FREE".to_string()), "{got:?}");
    assert!(!got.contains(&"ITEMS_TOTAL_DIFFERS".to_string()), "{got:?}");
}

/// An empty status is `canceled` only because the order carries `cancellationData`: without
/// it, the same order is `payment-approved` with its authorization open.
#[test]
fn an_empty_status_is_cancelled_only_with_cancellation_data() {
    let mut order = real(EXITO)["order"].clone();
    order.as_object_mut().unwrap().remove("cancellationData");
    let out = sp::from_vtex(&order, None, None).unwrap();
    let state = serde_json::to_value(&out.state).unwrap();
    assert_eq!(state["status"], "payment-approved");
    assert_eq!(state["transaction"]["payments"][0]["cancelled"], "0.00");
    assert_eq!(state["transaction"]["status"], "approved");
    let unknown: Vec<&String> = out
        .notes
        .iter()
        .filter(|n| n.code.name() == "STATUS_UNKNOWN")
        .map(|n| &n.message)
        .collect();
    assert_eq!(unknown, ["taken as payment-approved"]);
}

/// The fragments: the same hand-written figures as the whole documents.
#[test]
fn every_real_fragment_maps_to_its_hand_written_figures() {
    let fragments = fragments();
    assert!(
        fragments.len() >= 2,
        "real fragments found: {}",
        fragments.len()
    );
    let errors: Vec<String> = fragments
        .iter()
        .flat_map(|(name, case)| check(name, case))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// A fragment's order is the published fields and the ones it says it added, nothing else, and
/// each added field is what the published ones determine: `value` is the totals' sum.
#[test]
fn every_real_fragment_adds_only_what_the_published_fields_determine() {
    for (name, case) in fragments() {
        let order = case["order"].as_object().unwrap();
        let published = sorted(&case["fragment"]["published"]);
        let added: Vec<String> = case["fragment"]["added"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        let mut keys: Vec<String> = order.keys().cloned().collect();
        keys.sort();
        let mut want: Vec<String> = published.iter().chain(&added).cloned().collect();
        want.sort();
        assert_eq!(keys, want, "{name}");
        assert_eq!(added, ["value"], "{name}");
        let totals: i64 = order["totals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["value"].as_i64().unwrap())
            .sum();
        assert_eq!(order["value"].as_i64(), Some(totals), "{name}");
    }
}

/// Damaged copies of the fragments are refused with a path, never a panic.
#[test]
fn damaged_real_fragments_are_errors_with_paths() {
    for (name, case) in fragments() {
        for (pointer, path) in [
            ("/value", "order.value"),
            ("/totals", "order.totals"),
            (
                "/paymentData/transactions",
                "order.paymentData.transactions",
            ),
            (
                "/paymentData/transactions/0/payments/0/value",
                "order.paymentData.transactions[0].payments[0].value",
            ),
        ] {
            let mut order = case["order"].clone();
            *order.pointer_mut(pointer).unwrap() = Value::from("x");
            let e = sp::from_vtex(&order, None, case.get("options"))
                .err()
                .unwrap_or_else(|| panic!("{name}: {pointer} = \"x\" was taken"));
            assert_eq!(e.path, path, "{name}: {e}");
        }
    }
}

/// VTEX's real two gift cards and two cards (FastStore's mock of a response): cancelling the
/// order refunds what the gift cards settled by themselves, 1.00 + 1.00, and cancels the cards'
/// open 0.99 + 1.00 (semantics.md 6.4: refund the settled, cancel the open), by hand from the
/// published values.
#[test]
fn the_real_gift_cards_and_cards_cancel_as_vtex_splits_them() {
    let (_, case) = fragments()
        .into_iter()
        .find(|(name, _)| name == "brl-faststore-two-gift-cards-two-cards")
        .unwrap();
    let out = sp::from_vtex(&case["order"], None, case.get("options")).unwrap();
    let op = sp::parse_operation(&serde_json::json!({ "type": "cancel" }), &out.state).unwrap();
    let outcome = settlement_preview::preview(&out.state, &op, &Default::default()).unwrap();
    let outcome = serde_json::to_value(&outcome).unwrap();
    assert_eq!(outcome["accepted"], true);
    assert_eq!(outcome["cancel"], "1.99");
    let moved: Vec<(String, String, String)> = outcome["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "refundRequested" || e["kind"] == "cancellationRequested")
        .map(|e| {
            (
                e["paymentId"].as_str().unwrap().to_string(),
                e["kind"].as_str().unwrap().to_string(),
                e["amount"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        (
            "11D81D3B6BF84283A6E457DAA5FAE632",
            "refundRequested",
            "1.00",
        ),
        (
            "F52354D2B2134AB59B6B198F1E3B6A97",
            "refundRequested",
            "1.00",
        ),
        (
            "258A1F1648C042A5B960542D787661BE",
            "cancellationRequested",
            "0.99",
        ),
        (
            "92716B78104F4089B3A6C018D2B82F4B",
            "cancellationRequested",
            "1.00",
        ),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(moved, want);
}
