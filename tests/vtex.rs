//! VTEX in, VTEX out, and the planners (api.md section 7), natively:
//!
//! - every fixture of `tests/vtex/orders/` (realistic orders) and `tests/vtex/vtex-examples/`
//!   (VTEX's own documented payloads, from `vtex/openapi-schemas`) maps to the state written by
//!   hand in its `expect`, with exactly the note codes it lists; the state reads back through
//!   `parse_state` unchanged;
//! - round trips: `fromVtex` → `planInvoice` → `preview` → `toVtexRequest` gives VTEX's field
//!   names and cents exactly, and `fromVtex` of the order whose packages and changes hold those
//!   requests (as VTEX records them) gives back the state `apply` predicted, ledgers included.

use serde_json::{json, Value};
use settlement_preview::json as sp;
use settlement_preview::{apply, preview, Operation, Options, OrderState};
use std::path::{Path, PathBuf};

fn dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vtex")
        .join(name)
}

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn fixture(name: &str) -> Value {
    read(&dir(name))
}

fn from(case: &Value) -> settlement_preview::vtex::FromVtex {
    sp::from_vtex(&case["order"], case.get("transaction"), case.get("options"))
        .unwrap_or_else(|e| panic!("{}: {e}", case["description"]))
}

/// A request, after checking that the bindings' hand-written JSON text of it is serde_json's,
/// byte for byte (issue 20).
fn sent(request: settlement_preview::vtex::VtexRequest) -> settlement_preview::vtex::VtexRequest {
    assert_eq!(request.to_json(), serde_json::to_string(&request).unwrap());
    request
}

fn codes(notes: &[settlement_preview::vtex::Note]) -> Vec<String> {
    let mut codes: Vec<String> = notes.iter().map(|n| n.code.name().to_string()).collect();
    codes.sort();
    codes
}

/// A case: its `order` inline, or `orderFile` naming one of VTEX's own payloads.
fn case(file: &Path) -> Value {
    let mut case = read(file);
    if let Some(name) = case.get("orderFile").and_then(Value::as_str) {
        case["order"] = fixture(name);
    }
    case
}

/// Each fixture's expected state (by hand) and note codes (as a multiset).
fn check_case(file: &Path) -> Result<(), String> {
    let case = case(file);
    let out = sp::from_vtex(&case["order"], case.get("transaction"), case.get("options"))
        .map_err(|e| format!("threw {e}"))?;
    // The bindings' hand-written JSON text is serde_json's, byte for byte (issue 20).
    if out.to_json() != serde_json::to_string(&out).unwrap() {
        return Err(format!(
            "to_json differs from serde_json:\n{}",
            out.to_json()
        ));
    }
    let actual = serde_json::to_value(&out.state).unwrap();
    if actual != case["expect"]["state"] {
        return Err(format!(
            "state differs:\n  expected {}\n  actual   {actual}",
            case["expect"]["state"]
        ));
    }
    let mut want: Vec<String> = case["expect"]["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    want.sort();
    let got = codes(&out.notes);
    if got != want {
        return Err(format!(
            "notes differ: expected {want:?}, got {got:?}\n  {:#?}",
            out.notes
        ));
    }
    // The state is one the api.md reader takes back unchanged.
    let again = sp::parse_state(&actual).map_err(|e| format!("parse_state: {e}"))?;
    if again != out.state {
        return Err("the state does not read back unchanged".into());
    }
    Ok(())
}

#[test]
fn every_fixture_maps_to_its_hand_written_state() {
    let mut failures = Vec::new();
    let mut count = 0;
    {
        let mut files: Vec<_> = std::fs::read_dir(dir("orders"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        for file in files {
            count += 1;
            if let Err(e) = check_case(&file) {
                failures.push(format!("{}: {e}", file.display()));
            }
        }
    }
    assert!(count >= 8, "fixtures found: {count}");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn op(value: &Value, state: &OrderState) -> Operation {
    sp::parse_operation(value, state).unwrap()
}

fn to_value<T: serde::Serialize>(t: &T) -> Value {
    serde_json::to_value(t).unwrap()
}

/// toVtexRequest's options for an invoice: VTEX requires its issuanceDate.
fn dated() -> Value {
    json!({ "issuanceDate": "2026-03-03" })
}

#[test]
fn brl_plan_preview_request_and_back() {
    let case = fixture("orders/brl-gift-card-installments.json");
    let state = from(&case).state;
    let options = Options::default();

    // Invoice one unit of 1001: 50.00 less its share of the 15.00 discount (11.54 over the two
    // units of 1001, 5.77 each; 3.46 on 1002), plus all the shipping (first invoice).
    let planned =
        sp::plan_invoice(&state, &json!([{ "id": "1001", "quantity": 1 }]), None).unwrap();
    assert_eq!(
        to_value(&planned),
        json!({
            "operation": { "type": "invoice", "number": "NF-1", "value": "64.23",
                           "items": [ { "id": "1001", "quantity": 1, "price": "50.00" } ] },
            "breakdown": { "items": "50.00", "discounts": "5.77", "shipping": "20.00", "tax": "0.00",
                           "value": "64.23", "remainingBefore": "135.00",
                           "lines": [ { "id": "1001", "quantity": 1, "price": "50.00", "discount": "5.77" } ] }
        })
    );
    let invoice = op(&to_value(&planned.operation), &state);
    assert_eq!(invoice, planned.operation);
    // Partial mode: the gift card's 30.00 counts towards the target 64.23; the card settles 34.23.
    let outcome = preview(&state, &invoice, &options).unwrap();
    assert!(outcome.accepted);
    assert_eq!(to_value(&outcome)["gateway"]["settle"], "34.23");
    assert_eq!(to_value(&outcome)["settle"], "34.23");
    let request = sent(
        sp::to_vtex_request(
            &state,
            &invoice,
            Some(&json!({ "issuanceDate": "2026-03-03T10:00:00-03:00" })),
        )
        .unwrap(),
    );
    assert_eq!(
        to_value(&request),
        json!({
            "method": "POST",
            "path": "/api/oms/pvt/orders/1300000000001-01/invoice",
            "body": { "type": "Output", "invoiceNumber": "NF-1", "invoiceValue": 6423,
                      "items": [ { "id": "1001", "price": 5000, "quantity": 1 } ],
                      "issuanceDate": "2026-03-03T10:00:00-03:00" }
        })
    );
    let after_invoice = apply(&state, &invoice, &options).unwrap().state;

    // The rest, planned: 70.77 = 80.00 − 9.23 (5.77 + 3.46); 64.23 + 70.77 = 135.00.
    let rest = sp::plan_invoice(
        &after_invoice,
        &json!([{ "id": "1002", "quantity": 1 }, { "id": "1001", "quantity": 1 }]),
        None,
    )
    .unwrap();
    assert_eq!(to_value(&rest.breakdown)["value"], "70.77");
    assert_eq!(to_value(&rest.breakdown)["discounts"], "9.23");
    assert_eq!(to_value(&rest.breakdown)["shipping"], "0.00");

    // Or close it out: discount 135.00 − 64.23 = 70.77, the two uninvoiced units removed.
    let close = sp::plan_close_out(&after_invoice).unwrap();
    let request = sent(sp::to_vtex_request(&after_invoice, &close, None).unwrap());
    let reason = "Close-out: invoiced 64.23 of 135.00 BRL; the rest is discounted";
    assert_eq!(
        to_value(&request),
        json!({
            "method": "POST",
            "path": "/api/oms/pvt/orders/1300000000001-01/changes",
            "body": { "requestId": "close-out-1", "reason": reason,
                      "discountValue": 7077, "incrementValue": 0,
                      "itemsRemoved": [ { "id": "1001", "price": 5000, "quantity": 1 },
                                        { "id": "1002", "price": 3000, "quantity": 1 } ],
                      "itemsAdded": [] }
        })
    );
    let closed = apply(&after_invoice, &close, &options).unwrap();
    assert!(closed.outcome.accepted);
    assert_eq!(to_value(&closed.outcome)["gateway"]["cancel"], "70.77");
    assert_eq!(to_value(&closed.state)["status"], "invoiced");
    assert_eq!(to_value(&closed.state)["transaction"]["status"], "finished");

    // VTEX records both requests: the order as Get order then shows it.
    let invoice_body = sp::to_vtex_request(
        &state,
        &invoice,
        Some(&json!({ "issuanceDate": "2026-03-03T10:00:00-03:00" })),
    )
    .unwrap()
    .body;
    let mut recorded = case.clone();
    let order = &mut recorded["order"];
    order["status"] = json!("invoiced");
    order["value"] = json!(6423);
    order["totals"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "id": "Change", "name": "Total das mudanças", "value": -7077 }));
    order["packageAttachment"]["packages"] = json!([invoice_body]);
    let mut change = request.body.clone();
    change["receipt"] = json!({ "date": "2026-03-04T09:00:00.0000000+00:00", "orderId": "1300000000001-01", "receipt": "r-1" });
    order["changesAttachment"] = json!({ "id": "changeAttachment", "changesData": [change] });
    let back = from(&recorded);
    assert_eq!(to_value(&back.state), to_value(&closed.state));
    assert_eq!(back.state, closed.state);
}

#[test]
fn plan_close_out_refuses_what_has_nothing_to_close() {
    let case = fixture("orders/brl-gift-card-installments.json");
    let state = from(&case).state;
    let error = sp::plan_close_out(&state).unwrap_err();
    assert_eq!(to_value(&error.code), "NOTHING_TO_CLOSE");
    assert!(
        error.message.contains("cancel the order"),
        "{}",
        error.message
    );
}

#[test]
fn to_vtex_request_needs_an_order_id_and_whole_cents() {
    let case = fixture("orders/brl-gift-card-installments.json");
    let mut state = from(&case).state;
    let invoice = op(
        &json!({ "type": "invoice", "number": "N", "value": "1.00" }),
        &state,
    );
    let Operation::Invoice(mut request) = invoice.clone() else {
        unreachable!()
    };
    request.value = "1.005".parse().unwrap();
    let e = sp::to_vtex_request(&state, &Operation::Invoice(request), None).unwrap_err();
    assert_eq!(e.path, "operation.value");
    state.order_id = None;
    let e = sp::to_vtex_request(&state, &invoice, None).unwrap_err();
    assert_eq!(e.path, "state.orderId");
}

#[test]
fn kwd_plans_and_requests_in_cents() {
    let case = read(&dir(
        "orders/kwd-three-payments-change-partial-invoice.json",
    ));
    let state = from(&case).state;
    // Left: the two K2 units still on the order (3 − 1 removed), 20.000 each; the shipping
    // went with the first invoice. R = 178.450 − 138.450 = 40.000.
    let planned = sp::plan_invoice(&state, &json!([{ "id": "K2", "quantity": 2 }]), None).unwrap();
    assert_eq!(to_value(&planned.breakdown)["value"], "40.000");
    assert_eq!(to_value(&planned.breakdown)["shipping"], "0.000");
    // VTEX's cents are hundredths of a dinar: 40.000 KWD is 4000, 20.000 is 2000.
    let request = sent(sp::to_vtex_request(&state, &planned.operation, Some(&dated())).unwrap());
    assert_eq!(request.body["invoiceValue"], 4000);
    assert_eq!(
        request.body["items"],
        json!([{ "id": "K2", "price": 2000, "quantity": 2 }])
    );
    let done = apply(&state, &planned.operation, &Options::default()).unwrap();
    assert_eq!(to_value(&done.state)["status"], "invoiced");
    assert_eq!(to_value(&done.state)["transaction"]["status"], "finished");
    // Three units would be more than are left.
    let e = sp::plan_invoice(&state, &json!([{ "id": "K2", "quantity": 3 }]), None).unwrap_err();
    assert_eq!(e.path, "selection[0].quantity");
}

/// A small order of `value` cents in `currency`: `quantity` units of SKU `A` at `price` cents,
/// a `discount` in cents.
fn small_order(currency: &str, value: i64, quantity: u64, price: i64, discount: i64) -> Value {
    json!({
        "order": {
            "orderId": "U-1", "status": "handling", "value": value,
            "totals": [ { "id": "Items", "value": price * quantity as i64 },
                        { "id": "Discounts", "value": -discount } ],
            "items": [ { "id": "A", "quantity": quantity, "price": price } ],
            "paymentData": { "transactions": [ { "isActive": true, "payments": [
                { "id": "P", "group": "creditCard", "value": value } ] } ] },
            "storePreferencesData": { "currencyCode": currency,
                                      "currencyFormatInfo": { "CurrencyDecimalDigits": 0 } }
        },
        "options": { "connectors": { "default": { "mode": "partial" } } },
        "description": currency
    })
}

#[test]
fn clp_cents_are_hundredths_of_a_peso() {
    // 1599000 cents are 15990 pesos, whatever CurrencyDecimalDigits displays.
    let case = small_order("CLP", 1_599_000, 1, 1_599_000, 0);
    let state = from(&case).state;
    assert_eq!(to_value(&state)["value"], "15990");
    assert_eq!(to_value(&state)["items"][0]["price"], "15990");
    // And back: 15990 pesos are sent as 1599000.
    let planned = sp::plan_invoice(&state, &json!([{ "id": "A", "quantity": 1 }]), None).unwrap();
    assert_eq!(to_value(&planned.operation)["value"], "15990");
    let request = sent(sp::to_vtex_request(&state, &planned.operation, Some(&dated())).unwrap());
    assert_eq!(request.body["invoiceValue"], 1_599_000);
    assert_eq!(
        request.body["items"],
        json!([{ "id": "A", "price": 1_599_000, "quantity": 1 }])
    );
    // 1599050 cents would be 15990.50 pesos: a fraction of a peso, refused with its path.
    let mut bad = case.clone();
    bad["order"]["items"][0]["price"] = json!(1_599_050);
    let e = sp::from_vtex(&bad["order"], None, bad.get("options")).unwrap_err();
    assert_eq!(e.path, "order.items[0].price");
    assert!(e.message.contains("15990.50 CLP"), "{}", e.message);
    assert!(e.message.contains("a fraction of a peso"), "{}", e.message);
    let mut bad = case.clone();
    bad["order"]["value"] = json!("1599050");
    let e = sp::from_vtex(&bad["order"], None, bad.get("options")).unwrap_err();
    assert_eq!(e.path, "order.value");
    // The CLP fixture's old decimal form reads the same: "1599000.0000" is 15990.
    let mut old = case.clone();
    old["order"]["value"] = json!("1599000.0000");
    assert_eq!(to_value(&from(&old).state)["value"], "15990");
    // A state amount finer than a peso cannot be sent.
    let Operation::Invoice(mut request) = planned.operation.clone() else {
        unreachable!()
    };
    request.value = "15989.5".parse().unwrap();
    let e = sp::to_vtex_request(&state, &Operation::Invoice(request), None).unwrap_err();
    assert_eq!(e.path, "operation.value");
}

#[test]
fn kwd_cents_are_hundredths_of_a_dinar() {
    // 12345 cents are 123.45 dinars (123.450 at KWD's three decimals), not 12.345.
    let case = small_order("KWD", 12_345, 1, 12_345, 0);
    let state = from(&case).state;
    assert_eq!(to_value(&state)["value"], "123.450");
    let invoice = op(
        &json!({ "type": "invoice", "number": "N-1", "value": "123.45" }),
        &state,
    );
    let request = sent(sp::to_vtex_request(&state, &invoice, Some(&dated())).unwrap());
    assert_eq!(request.body["invoiceValue"], 12_345);
    // 12.345 KWD has a third decimal: VTEX cannot carry it, so it throws instead of rounding.
    let invoice = op(
        &json!({ "type": "invoice", "number": "N-2", "value": "12.345" }),
        &state,
    );
    let e = sp::to_vtex_request(&state, &invoice, None).unwrap_err();
    assert_eq!(e.path, "operation.value");
    assert!(
        e.message.contains("12.345 KWD cannot be sent"),
        "{}",
        e.message
    );
    assert!(e.message.contains("hundredths"), "{}", e.message);
}

#[test]
fn kwd_orders_from_vtex_are_planned_in_cents() {
    // Three units of 10.00 KWD, 0.10 of discount: 29.90. Each unit's share is 0.04, 0.03,
    // 0.03 (largest remainder over cents), never 0.034, which no request could carry.
    let case = small_order("KWD", 2_990, 3, 1_000, 10);
    let state = from(&case).state;
    let first = sp::plan_invoice(&state, &json!([{ "id": "A", "quantity": 1 }]), None).unwrap();
    assert_eq!(to_value(&first.breakdown)["discounts"], "0.040");
    assert_eq!(to_value(&first.breakdown)["value"], "9.960");
    let request = sent(sp::to_vtex_request(&state, &first.operation, Some(&dated())).unwrap());
    assert_eq!(request.body["invoiceValue"], 996);
    let state = apply(&state, &first.operation, &Options::default())
        .unwrap()
        .state;
    let rest = sp::plan_invoice(&state, &json!([{ "id": "A", "quantity": 2 }]), None).unwrap();
    assert_eq!(to_value(&rest.breakdown)["value"], "19.940");
    let request = sent(sp::to_vtex_request(&state, &rest.operation, Some(&dated())).unwrap());
    assert_eq!(request.body["invoiceValue"], 1_994);
    // 9.96 + 19.94 = 29.90, the order value.

    // A hand-written state in thousandths is planned in thousandths (exact), and what cannot
    // be sent to VTEX throws there.
    let state = sp::parse_state(&json!({
        "orderId": "K-1", "currency": "KWD", "status": "handling", "value": "30.005",
        "items": [ { "id": "A", "quantity": 1, "price": "30.005" } ],
        "transaction": { "payments": [ { "id": "P", "group": "creditCard", "value": "30.005" } ] }
    }))
    .unwrap();
    let planned = sp::plan_invoice(&state, &json!([{ "id": "A", "quantity": 1 }]), None).unwrap();
    assert_eq!(to_value(&planned.breakdown)["value"], "30.005");
    let e = sp::to_vtex_request(&state, &planned.operation, None).unwrap_err();
    assert_eq!(e.path, "operation.value");
}

/// The options of the three entry points are strict (api.md shapes): a wrong or unknown field
/// is `INVALID_INPUT` at its path.
#[test]
fn options_are_checked_with_their_paths() {
    let case = fixture("orders/brl-gift-card-installments.json");
    let order = &case["order"];
    let from_err = |options: Value| sp::from_vtex(order, None, Some(&options)).unwrap_err();
    let cases = [
        (json!(5), "options", "expected an object"),
        (
            json!({ "bogus": 1 }),
            "options.bogus",
            "unknown field `bogus`",
        ),
        (
            json!({ "currency": "XXX" }),
            "options.currency",
            "unknown currency \"XXX\"",
        ),
        (
            json!({ "currency": 3 }),
            "options.currency",
            "expected a string",
        ),
        (
            json!({ "split": "random" }),
            "options.split",
            "unknown variant `random`",
        ),
        (
            json!({ "refundOrder": "x" }),
            "options.refundOrder",
            "unknown variant `x`",
        ),
        (
            json!({ "connectors": [] }),
            "options.connectors",
            "expected an object",
        ),
        (
            json!({ "connectors": { "byCard": {} } }),
            "options.connectors.byCard",
            "unknown field `byCard`",
        ),
        (
            json!({ "connectors": { "byGroup": { "creditCard": { "mode": "fast" } } } }),
            "options.connectors.byGroup.creditCard.mode",
            "unknown variant `fast`",
        ),
        (
            json!({ "connectors": { "byPaymentId": { "P": { "protocol": 1 } } } }),
            "options.connectors.byPaymentId.P.protocol",
            "expected",
        ),
        (
            json!({ "connectors": { "byPaymentSystem": { "2": { "speed": 1 } } } }),
            "options.connectors.byPaymentSystem.2.speed",
            "unknown field `speed`",
        ),
        (
            json!({ "connectors": { "default": { "partialRefund": "yes" } } }),
            "options.connectors.default.partialRefund",
            "expected a boolean",
        ),
        (
            json!({ "connectors": { "default": { "maxValue": "abc" } } }),
            "options.connectors.default.maxValue",
            "expected a decimal string",
        ),
        (
            json!({ "connectors": { "default": { "maxValue": "-1" } } }),
            "options.connectors.default.maxValue",
            "≥ 0",
        ),
        (
            json!({ "connectors": { "default": { "maxValue": true } } }),
            "options.connectors.default.maxValue",
            "expected an amount",
        ),
    ];
    for (options, path, message) in cases {
        let e = from_err(options.clone());
        assert_eq!(e.path, path, "{options}: {e}");
        assert!(e.message.contains(message), "{options}: {e}");
    }
    // Good options are taken: a partial connector by group, and the engine's split policy.
    let out = sp::from_vtex(
        order,
        None,
        Some(&json!({ "connectors": { "byGroup": { "creditCard": { "mode": "hold", "maxValue": 200 } },
                                      "default": { "protocol": "legacy" } },
                      "split": "listed", "refundOrder": "cardFirst" })),
    )
    .unwrap();
    let payments = to_value(&out.state)["transaction"]["payments"].clone();
    let card = payments
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["group"] == "creditCard")
        .unwrap();
    assert_eq!(card["connector"]["mode"], "hold");
    assert_eq!(card["connector"]["maxValue"], "200.00");
    let other = payments
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["group"] != "creditCard")
        .unwrap();
    assert_eq!(other["connector"]["protocol"], "legacy");

    let state = from(&case).state;
    let invoice = op(
        &json!({ "type": "invoice", "number": "N", "value": "1.00" }),
        &state,
    );
    let request_err =
        |options: Value| sp::to_vtex_request(&state, &invoice, Some(&options)).unwrap_err();
    for (options, path, message) in [
        (json!([]), "options", "expected an object"),
        (
            json!({ "issuanceDate": 5 }),
            "options.issuanceDate",
            "expected a string",
        ),
        (
            json!({ "courier": "c", "tracking": "t" }),
            "options.tracking",
            "unknown field `tracking`",
        ),
        // VTEX requires the date, in ISO 8601 (a day that exists).
        (
            json!({ "courier": "c" }),
            "options.issuanceDate",
            "missing field `issuanceDate`",
        ),
        (
            json!({ "issuanceDate": "02/12/2026" }),
            "options.issuanceDate",
            "is not an ISO 8601 date",
        ),
        (
            json!({ "issuanceDate": "2026-13-45" }),
            "options.issuanceDate",
            "is not an ISO 8601 date",
        ),
    ] {
        let e = request_err(options.clone());
        assert_eq!(e.path, path, "{options}: {e}");
        assert!(e.message.contains(message), "{options}: {e}");
    }
    let request = sent(
        sp::to_vtex_request(
            &state,
            &invoice,
            Some(
                &json!({ "courier": "c", "trackingNumber": "T-1", "invoiceKey": null,
                      "issuanceDate": "2026-03-02T21:30:00-03:00" }),
            ),
        )
        .unwrap(),
    );
    assert_eq!(request.body["courier"], "c");
    assert_eq!(request.body["trackingNumber"], "T-1");
    assert!(request.body.get("invoiceKey").is_none());

    let selection = json!([{ "id": "1001", "quantity": 1 }]);
    let plan_err =
        |options: Value| sp::plan_invoice(&state, &selection, Some(&options)).unwrap_err();
    for (options, path, message) in [
        (json!("first"), "options", "expected an object"),
        (
            json!({ "shipping": "all" }),
            "options.shipping",
            "unknown variant `all`",
        ),
        (json!({ "tax": 1 }), "options.tax", "expected"),
        (
            json!({ "number": "" }),
            "options.number",
            "non-empty string",
        ),
        (
            json!({ "number": 7 }),
            "options.number",
            "expected a string",
        ),
        (
            json!({ "numbr": "N" }),
            "options.numbr",
            "unknown field `numbr`",
        ),
    ] {
        let e = plan_err(options.clone());
        assert_eq!(e.path, path, "{options}: {e}");
        assert!(e.message.contains(message), "{options}: {e}");
    }
    let planned = sp::plan_invoice(
        &state,
        &selection,
        Some(&json!({ "number": "NF-77", "shipping": "none", "tax": "last" })),
    )
    .unwrap();
    assert_eq!(to_value(&planned.breakdown)["shipping"], "0.00");
    assert_eq!(to_value(&planned.operation)["number"], "NF-77");
}

#[test]
fn selections_are_checked_with_their_paths() {
    let state = from(&fixture("orders/brl-gift-card-installments.json")).state;
    for (selection, path, message) in [
        (
            json!({ "id": "1001" }),
            "selection",
            "expected an array of { id, quantity }",
        ),
        (json!([]), "selection", "at least one item"),
        (
            json!(["1001"]),
            "selection[0]",
            "expected an object { id, quantity }",
        ),
        (
            json!([{ "id": "1001", "quantity": 1, "qty": 1 }]),
            "selection[0].qty",
            "unknown field `qty`, expected `id` or `quantity`",
        ),
        (
            json!([{ "quantity": 1 }]),
            "selection[0].id",
            "missing field `id`",
        ),
        (
            json!([{ "id": "", "quantity": 1 }]),
            "selection[0].id",
            "expected a non-empty string",
        ),
        (
            json!([{ "id": "1001" }]),
            "selection[0].quantity",
            "missing field `quantity`",
        ),
        (
            json!([{ "id": "1001", "quantity": 0 }]),
            "selection[0].quantity",
            "from 1 to",
        ),
        (
            json!([{ "id": "1001", "quantity": "1" }]),
            "selection[0].quantity",
            "from 1 to",
        ),
        (
            json!([{ "id": "1001", "quantity": 1.5 }]),
            "selection[0].quantity",
            "from 1 to",
        ),
        (
            json!([{ "id": "1001", "quantity": 1 }, { "id": "9", "quantity": 1 }]),
            "selection[1].id",
            "unknown item \"9\"",
        ),
    ] {
        let e = sp::plan_invoice(&state, &selection, None).unwrap_err();
        assert_eq!(e.path, path, "{selection}: {e}");
        assert!(e.message.contains(message), "{selection}: {e}");
    }
    // A whole JSON number written with a fraction is a quantity too; duplicates add up.
    let planned = sp::plan_invoice(
        &state,
        &json!([{ "id": "1001", "quantity": 1.0 }, { "id": "1001", "quantity": 1 }]),
        None,
    )
    .unwrap();
    assert_eq!(to_value(&planned.operation)["items"][0]["quantity"], 2);
}

/// A seller's order of a marketplace sale, as VTEX's older integrations write it: the payment's
/// `paymentSystemName` is "Assumed value by affiliate …" (VTEX's help FAQ "Why don't my
/// payment methods appear on the marketplace?"), no id, `group` as VTEX names a marketplace's
/// debit method (`debit`, "Marketplace payment data on seller orders"); two such payments in
/// one transaction get distinct ids. Everything maps, with a note for each decision.
#[test]
fn affiliate_payments_without_ids_map_with_notes() {
    let order = json!({
        "orderId": "SLR-1", "origin": "Fulfillment", "affiliateId": "DFT", "status": "handling",
        "value": 10000,
        "items": [ { "id": "A", "quantity": 1, "price": 10000 } ],
        "paymentData": { "transactions": [ { "isActive": true, "payments": [
            { "paymentSystem": "0", "paymentSystemName": "Assumed value by affiliate Dafiti(DFT)",
              "group": "debit", "value": 6000 },
            { "paymentSystem": "0", "paymentSystemName": "Assumed value by affiliate Dafiti(DFT)",
              "group": "promissory", "value": 4000 } ] } ] },
        "storePreferencesData": { "currencyCode": "COP" }
    });
    let out = sp::from_vtex(&order, None, None).unwrap();
    let state = to_value(&out.state);
    let payments = state["transaction"]["payments"].as_array().unwrap();
    let ids: Vec<&str> = payments.iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["payment#1", "payment#2"]);
    assert_eq!(payments[0]["group"], "debitCard");
    assert_eq!(payments[0]["value"], "60.00");
    assert_eq!(payments[1]["group"], "promissory");
    assert_eq!(payments[1]["value"], "40.00");
    let notes: Vec<(&str, &str)> = out
        .notes
        .iter()
        .map(|n| (n.code.name(), n.path.as_str()))
        .collect();
    for i in 0..2 {
        let at = format!("order.paymentData.transactions[0].payments[{i}]");
        assert!(
            notes.contains(&("PAYMENT_FROM_AFFILIATE", at.as_str())),
            "{notes:?}"
        );
        let id = format!("{at}.id");
        assert!(
            notes.contains(&("PAYMENT_ID_MISSING", id.as_str())),
            "{notes:?}"
        );
    }
    assert!(notes.contains(&(
        "PAYMENT_GROUP_UNKNOWN",
        "order.paymentData.transactions[0].payments[0].group"
    )));
    // An id that is there is kept, and the one that stands for a missing id avoids it.
    let mut order = order;
    order["paymentData"]["transactions"][0]["payments"][0]["id"] = json!("payment#2");
    let out = sp::from_vtex(&order, None, None).unwrap();
    let ids: Vec<&str> = out
        .state
        .transaction
        .payments
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(ids, ["payment#2", "payment#3"]);
    // An id VTEX gives twice is still refused, at the second.
    order["paymentData"]["transactions"][0]["payments"][1]["id"] = json!("payment#2");
    let e = sp::from_vtex(&order, None, None).unwrap_err();
    assert_eq!(e.path, "order.paymentData.transactions[0].payments[1].id");
}

/// `toVtexRequest` with `changeApi: "v2"`: VTEX's Order modifications request (vtex-notes 5.2),
/// `PATCH /api/order-system/orders/{orderId}/changes`, or with `preview` the side-effect-free
/// `POST …/changes/preview`. VTEX prices the items itself, so the manual values are only what
/// the change's delta leaves once its items are priced: the close-out (a discount that is the
/// removed units' price) sends no manual value at all, where v1 sends it as `discountValue`.
#[test]
fn change_v2_requests_keep_the_delta_without_counting_items_twice() {
    let state = sp::parse_state(&json!({
        "orderId": "V2-1", "currency": "BRL", "status": "handling",
        "items": [ { "id": "A", "quantity": 1, "price": "60.00" },
                   { "id": "B", "quantity": 2, "price": "20.00" } ],
        "invoices": [ { "type": "output", "number": "NF-1", "value": "60.00",
                        "items": [ { "id": "A", "quantity": 1 } ] } ],
        "transaction": { "payments": [ { "id": "P", "group": "creditCard", "value": "100.00",
                                         "settled": "60.00" } ] }
    }))
    .unwrap();
    let v2 = json!({ "changeApi": "v2" });
    let close = sp::plan_close_out(&state).unwrap();
    let request = sent(sp::to_vtex_request(&state, &close, Some(&v2)).unwrap());
    assert_eq!(request.method, "PATCH");
    assert_eq!(request.path, "/api/order-system/orders/V2-1/changes");
    assert_eq!(
        request.body,
        json!({ "reason": request.body["reason"], "remove": { "items": [ { "id": "B", "quantity": 2 } ] },
                "manualDiscountValue": 0, "manualIncrementValue": 0 })
    );
    // v1 sends the same change's delta as its discountValue: 40.00.
    let v1 = sp::to_vtex_request(&state, &close, None).unwrap();
    assert_eq!(v1.body["discountValue"], 4000);
    // The preview: the same body, POSTed to …/changes/preview.
    let preview = json!({ "changeApi": "v2", "preview": true });
    let request_preview = sp::to_vtex_request(&state, &close, Some(&preview)).unwrap();
    assert_eq!(request_preview.method, "POST");
    assert_eq!(
        request_preview.path,
        "/api/order-system/orders/V2-1/changes/preview"
    );
    assert_eq!(request_preview.body, request.body);

    let change = |v: Value| sp::parse_operation(&v, &state).unwrap();
    let body = |v: Value| {
        sp::to_vtex_request(&state, &change(v), Some(&v2))
            .unwrap()
            .body
    };
    // A discount alone is a manual discount.
    assert_eq!(
        body(
            json!({ "type": "change", "requestId": "c1", "reason": "goodwill", "discount": "5.00" })
        ),
        json!({ "reason": "goodwill", "manualDiscountValue": 500, "manualIncrementValue": 0 })
    );
    // A discount of 50.00 removing one B (20.00 as ordered): 30.00 of it is manual.
    assert_eq!(
        body(
            json!({ "type": "change", "requestId": "c2", "reason": "r", "discount": "50.00",
                     "itemsRemoved": [ { "id": "B", "quantity": 1 } ] })
        ),
        json!({ "reason": "r", "remove": { "items": [ { "id": "B", "quantity": 1 } ] },
                "manualDiscountValue": 3000, "manualIncrementValue": 0 })
    );
    // An added line at its own price, the increment its value: its price goes, no manual value.
    assert_eq!(
        body(
            json!({ "type": "change", "requestId": "c3", "reason": "r", "increment": "30.00",
                     "itemsAdded": [ { "id": "C", "quantity": 1, "price": "30.00" } ] })
        ),
        json!({ "reason": "r", "add": { "items": [ { "id": "C", "quantity": 1, "price": 3000 } ] },
                "manualDiscountValue": 0, "manualIncrementValue": 0 })
    );
    // Items only (no discount nor increment): the items are the change, nothing manual.
    assert_eq!(
        body(json!({ "type": "change", "requestId": "c4", "reason": "r",
                     "itemsRemoved": [ { "id": "B", "quantity": 1, "price": "20.00" } ] })),
        json!({ "reason": "r", "remove": { "items": [ { "id": "B", "quantity": 1 } ] },
                "manualDiscountValue": 0, "manualIncrementValue": 0 })
    );
    // What VTEX refuses is refused here, at its path.
    let e = sp::to_vtex_request(
        &state,
        &change(json!({ "type": "change", "requestId": "c5", "discount": "1.00" })),
        Some(&v2),
    )
    .unwrap_err();
    assert_eq!(e.path, "operation.reason");
    let e = sp::to_vtex_request(
        &state,
        &change(
            json!({ "type": "change", "requestId": "c6", "reason": "r", "increment": "1.00",
                        "itemsAdded": [ { "id": "Z", "quantity": 1 } ] }),
        ),
        Some(&v2),
    )
    .unwrap_err();
    assert_eq!(e.path, "operation.itemsAdded[0].price");
    let e = sp::to_vtex_request(&state, &close, Some(&json!({ "preview": true }))).unwrap_err();
    assert_eq!(e.path, "options.preview");
    let e = sp::to_vtex_request(&state, &close, Some(&json!({ "changeApi": "v3" }))).unwrap_err();
    assert_eq!(e.path, "options.changeApi");
    // Invoices are the same request whatever changeApi says.
    let invoice = sp::parse_operation(
        &json!({ "type": "invoice", "number": "NF-2", "value": "40.00" }),
        &state,
    )
    .unwrap();
    let dated = json!({ "issuanceDate": "2026-03-02" });
    let dated_v2 = json!({ "issuanceDate": "2026-03-02", "changeApi": "v2" });
    assert_eq!(
        sp::to_vtex_request(&state, &invoice, Some(&dated_v2)).unwrap(),
        sp::to_vtex_request(&state, &invoice, Some(&dated)).unwrap()
    );
}

/// Change v2's request beyond `add`/`remove` (src/vtex/request.rs, `change_v2` and
/// `order_v2_path`): a SKU both removed and added is one `replace` entry (VTEX's "Replace:
/// changing items' quantity, weight, or price"), which `fromVtexChange` reads back to the same
/// change; `options.account` is the query VTEX's OpenAPI requires, `accountName` on the PATCH
/// and `an` on the preview, percent-encoded; v1 and the other routes take none.
#[test]
fn change_v2_requests_replace_a_sku_in_place_and_name_the_account() {
    let state = sp::parse_state(&json!({
        "orderId": "V2-R", "currency": "BRL", "status": "handling",
        "items": [ { "id": "W", "quantity": 1, "price": "24.99" },
                   { "id": "B", "quantity": 2, "price": "20.00" } ],
        "transaction": { "payments": [ { "id": "P", "group": "creditCard", "value": "64.99",
                                         "connector": { "mode": "partial" } } ] }
    }))
    .unwrap();
    // The weighable W re-weighed (24.99 → 31.50, its new price given), one B removed, C added.
    let change = sp::parse_operation(
        &json!({ "type": "change", "requestId": "r1", "reason": "re-weighed", "api": "v2",
                 "itemsRemoved": [ { "id": "W", "quantity": 1, "price": "24.99" },
                                   { "id": "B", "quantity": 1, "price": "20.00" } ],
                 "itemsAdded": [ { "id": "C", "quantity": 1, "price": "5.00" },
                                 { "id": "W", "quantity": 1, "price": "31.50" } ] }),
        &state,
    )
    .unwrap();
    let request = sent(sp::to_vtex_request(&state, &change, None).unwrap());
    assert_eq!(request.method, "PATCH");
    assert_eq!(request.path, "/api/order-system/orders/V2-R/changes");
    assert_eq!(
        request.body,
        json!({ "reason": "re-weighed",
                "add": { "items": [ { "id": "C", "quantity": 1, "price": 500 } ] },
                "remove": { "items": [ { "id": "B", "quantity": 1 } ] },
                "replace": [ { "from": { "items": [ { "id": "W", "quantity": 1 } ] },
                               "to": { "items": [ { "id": "W", "quantity": 1, "price": 3150 } ] } } ],
                "manualDiscountValue": 0, "manualIncrementValue": 0 })
    );
    // Read back, the body is the same change: W's line out at 24.99 and in at 31.50, B out
    // (20.00), C in (5.00): +6.51 − 20.00 + 5.00 = −8.49, estimated from the state.
    let back =
        sp::from_vtex_change(&request.body, &state, Some(&json!({ "requestId": "r1" }))).unwrap();
    let op = to_value(&back.operation);
    assert_eq!(op["discount"], json!("8.49"));
    assert_eq!(op["increment"], json!("0.00"));
    let ids = |key: &str| -> Vec<String> {
        let mut ids: Vec<String> = op[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| format!("{} {}", i["id"], i["quantity"]))
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(ids("itemsRemoved"), ["\"B\" 1", "\"W\" 1"]);
    assert_eq!(ids("itemsAdded"), ["\"C\" 1", "\"W\" 1"]);
    // And what it previews is what the change written by hand previews.
    let by_hand = settlement_preview::preview(&state, &change, &Default::default()).unwrap();
    let read = settlement_preview::preview(&state, &back.operation, &Default::default()).unwrap();
    assert_eq!(by_hand.gateway, read.gateway);
    assert_eq!(by_hand.order, read.order);

    // The account: `accountName` on the PATCH, `an` on the preview (VTEX's OpenAPI).
    let with = |options: Value| sent(sp::to_vtex_request(&state, &change, Some(&options)).unwrap());
    assert_eq!(
        with(json!({ "account": "mystore" })).path,
        "/api/order-system/orders/V2-R/changes?accountName=mystore"
    );
    let preview_request = with(json!({ "account": "mystore", "preview": true, "changeApi": "v2" }));
    assert_eq!(preview_request.method, "POST");
    assert_eq!(
        preview_request.path,
        "/api/order-system/orders/V2-R/changes/preview?an=mystore"
    );
    assert_eq!(preview_request.body, request.body);
    assert_eq!(
        with(json!({ "account": "my store&x=1" })).path,
        "/api/order-system/orders/V2-R/changes?accountName=my%20store%26x%3D1"
    );
    // v1 and the other routes have no account parameter: the option changes nothing there.
    let v1 = sp::parse_operation(
        &json!({ "type": "change", "requestId": "r2", "reason": "r", "discount": "1.00" }),
        &state,
    )
    .unwrap();
    let v1_request = sp::to_vtex_request(&state, &v1, Some(&json!({ "account": "mystore" })));
    assert_eq!(v1_request.unwrap().path, "/api/oms/pvt/orders/V2-R/changes");
    let cancel = sp::parse_operation(&json!({ "type": "cancel" }), &state).unwrap();
    let cancel_request = sp::to_vtex_request(&state, &cancel, Some(&json!({ "account": "s" })));
    assert_eq!(
        cancel_request.unwrap().path,
        "/api/oms/pvt/orders/V2-R/cancel"
    );
    // An empty or non-text account is refused at its path.
    for bad in [json!(""), json!(7)] {
        let e = sp::to_vtex_request(&state, &change, Some(&json!({ "account": bad }))).unwrap_err();
        assert_eq!(e.path, "options.account");
    }
}

/// `fromVtexChange`: VTEX's Change v2 documents (vtex-notes 5.2, from S1's examples) → the
/// state's `change`. With `totalChangeValue` the value is VTEX's exactly; a request body's is
/// estimated from the state (noted); replace removes its `from` and adds its `to`; a change that
/// is not `done` is noted; and a v2 request this package wrote reads back to the same delta.
#[test]
fn change_v2_documents_read_as_changes() {
    let state = sp::parse_state(&json!({
        "orderId": "V2-2", "currency": "BRL", "status": "handling",
        "items": [ { "id": "8", "quantity": 2, "price": "25.00" },
                   { "id": "A", "quantity": 1, "price": "50.00" } ],
        "transaction": { "payments": [ { "id": "P", "group": "creditCard", "value": "100.00",
                                         "connector": { "mode": "partial" } } ] }
    }))
    .unwrap();
    let read = |doc: Value| sp::from_vtex_change(&doc, &state, None).unwrap();
    let codes = |out: &settlement_preview::vtex::FromVtexChange| -> Vec<&'static str> {
        out.notes.iter().map(|n| n.code.name()).collect()
    };
    // VTEX's preview response (S1): shipping recalculated, totalChangeValue 420.
    let out = read(json!({ "reason": "I would like to receive a preview.",
        "manualDiscountValue": 0, "manualIncrementValue": 0, "totalChangeValue": 420,
        "totals": [ { "id": "ManualValues", "name": "Manual Values Total", "value": 0 },
                    { "id": "Shipping", "name": "Shipping Total", "value": 420 } ] }));
    assert_eq!(
        to_value(&out.operation),
        json!({ "type": "change", "requestId": "v2-1", "reason": "I would like to receive a preview.",
                "discount": "0.00", "increment": "4.20", "itemsRemoved": [], "itemsAdded": [],
                "api": "v2" })
    );
    assert_eq!(codes(&out), ["CHANGE_WITHOUT_REQUEST_ID"]);

    // VTEX's remove example (S1), a request body: no totals, so estimated from the state (two
    // units of SKU 8 at 25.00), and previewed: the partial-mode card cancels the 50.00.
    let out = read(json!({ "reason": "The client wants to remove a product.",
        "remove": { "items": [ { "id": "8", "quantity": 2, "measurementUnit": "un", "unitMultiplier": 1 } ] } }));
    assert_eq!(
        to_value(&out.operation),
        json!({ "type": "change", "requestId": "v2-1", "reason": "The client wants to remove a product.",
                "discount": "50.00", "increment": "0.00",
                "itemsRemoved": [ { "id": "8", "quantity": 2 } ], "itemsAdded": [], "api": "v2" })
    );
    assert_eq!(
        codes(&out),
        ["CHANGE_WITHOUT_REQUEST_ID", "CHANGE_V2_ESTIMATE"]
    );
    let outcome = to_value(&preview(&state, &out.operation, &Options::default()).unwrap());
    assert_eq!(outcome["accepted"], true, "{outcome}");
    assert_eq!(outcome["order"]["valueAfter"], "50.00", "{outcome}");
    assert_eq!(outcome["cancel"], "50.00", "{outcome}");

    // A replace with VTEX's total: A out, C in at 70.00, the order 10.00 up (VTEX's figure,
    // whatever the prices say); a detail whose status is not done is noted.
    let out = read(
        json!({ "requestId": "r-9", "status": "waiting-confirmation", "reason": "swap",
        "replace": [ { "from": { "items": [ { "id": "A", "quantity": 1 } ] },
                       "to": { "items": [ { "id": "C", "quantity": 1, "price": 7000 } ] } } ],
        "totalChangeValue": 1000 }),
    );
    assert_eq!(
        to_value(&out.operation),
        json!({ "type": "change", "requestId": "r-9", "reason": "swap",
                "discount": "0.00", "increment": "10.00",
                "itemsRemoved": [ { "id": "A", "quantity": 1 } ],
                "itemsAdded": [ { "id": "C", "quantity": 1, "price": "70.00" } ], "api": "v2" })
    );
    assert_eq!(codes(&out), ["CHANGE_V2_NOT_DONE"]);

    // Round trip: a discount of 60.00 removing A, sent as v2 (A's 50.00 by VTEX's pricing, a
    // manual discount of 10.00), reads back as a change of the same delta.
    let sent = sp::parse_operation(
        &json!({ "type": "change", "requestId": "c1", "reason": "r", "discount": "60.00",
                 "itemsRemoved": [ { "id": "A", "quantity": 1 } ] }),
        &state,
    )
    .unwrap();
    let body = sp::to_vtex_request(&state, &sent, Some(&json!({ "changeApi": "v2" })))
        .unwrap()
        .body;
    assert_eq!(body["manualDiscountValue"], 1000);
    let back = read(body);
    let (Operation::Change(a), Operation::Change(b)) = (&sent, &back.operation) else {
        unreachable!()
    };
    assert_eq!(a.delta().unwrap(), b.delta().unwrap());
    assert_eq!(b.items_removed, a.items_removed);

    // What cannot be estimated is refused at the line's price; bad shapes at their paths.
    let e = sp::from_vtex_change(
        &json!({ "add": { "items": [ { "id": "Z", "quantity": 1 } ] } }),
        &state,
        None,
    )
    .unwrap_err();
    assert_eq!(e.path, "change.add.items[0].price");
    let e = sp::from_vtex_change(&json!({ "totalChangeValue": 12.5 }), &state, None).unwrap_err();
    assert_eq!(e.path, "change.totalChangeValue");
    let e = sp::from_vtex_change(&json!([]), &state, None).unwrap_err();
    assert_eq!(e.path, "change");
    // Two replace entries of 5 001 lines each: more added lines than an operation may list.
    let lines: Vec<Value> = (0..5_001)
        .map(|i| json!({ "id": format!("S{i}"), "quantity": 1, "price": 100 }))
        .collect();
    let entry = json!({ "to": { "items": lines } });
    let e = sp::from_vtex_change(
        &json!({ "totalChangeValue": 0, "replace": [ entry, entry ] }),
        &state,
        None,
    )
    .unwrap_err();
    assert_eq!(e.path, "change");
    assert!(e.message.contains("too many item lines"), "{}", e.message);
}

/// `fromVtexChange`'s options (api.md section 7, `fromVtexChange(change, state, options?)`):
/// `requestId` names a change whose document has none (a request body), and nothing is noted
/// then; a document's own `requestId` wins; anything else is refused at its path.
#[test]
fn change_v2_options_name_a_request_body() {
    let state = sp::parse_state(&json!({
        "orderId": "V2-3", "currency": "BRL", "status": "handling",
        "items": [ { "id": "8", "quantity": 2, "price": "25.00" } ],
        "transaction": { "payments": [ { "id": "P", "group": "creditCard", "value": "50.00",
                                         "connector": { "mode": "partial" } } ] }
    }))
    .unwrap();
    let body = json!({ "reason": "one unit less",
        "remove": { "items": [ { "id": "8", "quantity": 1 } ] } });
    let named = json!({ "requestId": "chg-77" });
    let out = sp::from_vtex_change(&body, &state, Some(&named)).unwrap();
    let Operation::Change(change) = &out.operation else {
        panic!("{:?}", out.operation)
    };
    assert_eq!(change.request_id, "chg-77");
    assert_eq!(change.delta().unwrap().to_string(), "-25.00");
    let codes: Vec<_> = out.notes.iter().map(|n| n.code.name()).collect();
    assert_eq!(codes, ["CHANGE_V2_ESTIMATE"]);
    // Applied under that id, the same body read again with it is the recorded change.
    let after = apply(&state, &out.operation, &Options::default()).unwrap();
    assert_eq!(after.state.changes.len(), 1);
    assert_eq!(after.state.changes[0].request_id, "chg-77");

    // The document's own id wins; null options are none.
    let detail = json!({ "requestId": "r-1", "reason": "x", "totalChangeValue": -2500,
        "remove": { "items": [ { "id": "8", "quantity": 1 } ] } });
    let out = sp::from_vtex_change(&detail, &state, Some(&named)).unwrap();
    assert_eq!(to_value(&out.operation)["requestId"], "r-1");
    let out = sp::from_vtex_change(&body, &state, Some(&Value::Null)).unwrap();
    assert_eq!(to_value(&out.operation)["requestId"], "v2-1");

    for (options, path) in [
        (json!({ "requestID": "x" }), "options.requestID"),
        (json!({ "requestId": "" }), "options.requestId"),
        (json!({ "requestId": 7 }), "options.requestId"),
        (json!([]), "options"),
    ] {
        let e = sp::from_vtex_change(&body, &state, Some(&options)).unwrap_err();
        assert_eq!(e.path, path, "{options}: {}", e.message);
    }
}

/// `fromVtex`'s `options.changesV2` (api.md section 7, vtex-notes 5.2): the done changes join
/// the replay in date order, the others are noted where they are; a list of details reads as
/// the history's `requests`; v1 and v2 on one order are noted (VTEX forbids it) and both
/// replayed; the engine's v2 rules hold in the replay.
#[test]
fn change_v2_history_joins_the_replay() {
    let case = case(&dir("orders").join("brl-change-v2-history.json"));
    let out = from(&case);
    let notes: Vec<(&str, &str)> = out
        .notes
        .iter()
        .map(|n| (n.code.name(), n.path.as_str()))
        .collect();
    assert_eq!(
        notes,
        [
            (
                "CHANGE_V2_STATUS_ASSUMED",
                "options.changesV2.requests[0].status"
            ),
            ("CHANGE_V2_NOT_DONE", "options.changesV2.requests[2]"),
            ("CHANGE_V2_NOT_DONE", "options.changesV2.requests[3]"),
        ]
    );

    let mut listed = case.clone();
    listed["options"]["changesV2"] = case["options"]["changesV2"]["requests"].clone();
    assert_eq!(from(&listed).state, out.state);

    // A v1 change of 5.00 on 2024-07-30, after both v2 changes: noted, replayed last.
    let mut mixed = case.clone();
    mixed["order"]["value"] = json!(7000);
    mixed["order"]["totals"][2]["value"] = json!(-3000);
    mixed["order"]["changesAttachment"] = json!({ "changesData": [ {
        "requestId": "v1-a", "reason": "v1", "discountValue": 500, "incrementValue": 0,
        "itemsRemoved": [], "itemsAdded": [],
        "receipt": { "date": "2024-07-30T09:00:00Z", "orderId": "v12772213qst-02", "receipt": "x" } } ] });
    let m = from(&mixed);
    assert!(codes(&m.notes).contains(&"CHANGE_APIS_MIXED".to_string()));
    let s = to_value(&m.state);
    assert_eq!(s["value"], "70.00");
    assert_eq!(s["transaction"]["payments"][0]["cancelled"], "30.00");
    assert_eq!(s["changes"][2]["requestId"], "v1-a");

    // A done v2 change that removes the invoiced SKU 1 after NF-1: the engine's v2 rule
    // (ITEM_ALREADY_INVOICED) refuses it in the replay; recorded as VTEX has it, noted.
    let mut refused = case.clone();
    refused["order"]["value"] = json!(2500);
    refused["order"]["totals"][2]["value"] = json!(-7500);
    refused["options"]["changesV2"]["requests"][3] = json!({ "requestId": "r-5", "status": "done",
        "reason": "remove the cup", "totalChangeValue": -5000,
        "remove": { "items": [ { "id": "1", "quantity": 1 } ] }, "date": "2024-07-30T10:00:00Z" });
    let r = from(&refused);
    let rejected: Vec<&str> = r
        .notes
        .iter()
        .filter(|n| n.code.name() == "REPLAY_REJECTED")
        .map(|n| n.path.as_str())
        .collect();
    assert_eq!(rejected, ["options.changesV2.requests[3]"]);
    assert!(r
        .notes
        .iter()
        .any(|n| n.message.contains("ITEM_ALREADY_INVOICED")));
    let s = to_value(&r.state);
    assert_eq!(s["value"], "25.00");
    assert_eq!(s["transaction"]["payments"][0]["cancelled"], "25.00");

    // Round trip: the v2 body this package writes, as VTEX records it once done (with its
    // totalChangeValue and date), gives back the state `apply` predicted.
    let mut base = case.clone();
    base["options"].as_object_mut().unwrap().remove("changesV2");
    base["order"]
        .as_object_mut()
        .unwrap()
        .remove("packageAttachment");
    base["order"]["value"] = json!(10000);
    base["order"]["totals"].as_array_mut().unwrap().truncate(2);
    let state = from(&base).state;
    let change = op(
        &json!({ "type": "change", "requestId": "r-9", "reason": "Out of stock",
                 "discount": "25.00", "increment": "0.00",
                 "itemsRemoved": [ { "id": "8", "quantity": 1 } ], "api": "v2" }),
        &state,
    );
    let predicted = apply(&state, &change, &Options::default()).unwrap();
    assert!(predicted.outcome.accepted);
    let mut entry = sp::to_vtex_request(&state, &change, Some(&json!({ "changeApi": "v2" })))
        .unwrap()
        .body;
    entry["requestId"] = json!("r-9");
    entry["status"] = json!("done");
    entry["totalChangeValue"] = json!(-2500);
    entry["date"] = json!("2024-08-01T10:00:00Z");
    let mut recorded = base.clone();
    recorded["order"]["value"] = json!(7500);
    recorded["order"]["totals"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "id": "Change", "value": -2500 }));
    recorded["options"]["changesV2"] = json!([entry]);
    let back = from(&recorded);
    assert_eq!(to_value(&back.state), to_value(&predicted.state));
}
