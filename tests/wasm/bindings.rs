// The wasm tests themselves, included by tests/wasm.rs (Node) and tests/wasm_browser.rs
// (configured to run in a browser), so that `wasm-pack test --node` and `wasm-pack test
// --headless --chrome` both run every one of them. Not a test target of its own (cargo
// discovers tests/*.rs and tests/*/main.rs only).

use js_sys::{Function, Reflect, JSON};
use settlement_preview::bindings::{self, JsLedger};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const STATE: &str = r#"{
  "currency": "BRL",
  "items": [ { "id": "A", "quantity": 1, "price": "60.00" }, { "id": "B", "quantity": 1, "price": "40.00" } ],
  "transaction": { "payments": [ { "id": "p1", "group": "creditCard", "value": "100.00",
                                   "connector": { "mode": "partial" } } ] }
}"#;
const INVOICE: &str = r#"{ "type": "invoice", "number": "NF-1", "value": "60.00" }"#;

fn js(json: &str) -> JsValue {
    JSON::parse(json).expect("test JSON parses")
}

/// A value built by JavaScript code (getters, proxies, BigInt…).
fn eval(body: &str) -> JsValue {
    Function::new_no_args(body)
        .call0(&JsValue::NULL)
        .expect("test code runs")
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).expect("readable")
}

fn text(value: &JsValue, key: &str) -> String {
    get(value, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string"))
}

/// Checks the INVALID_INPUT error shape and returns its path.
fn invalid_input(result: Result<JsValue, JsValue>) -> String {
    let error = result.expect_err("expected INVALID_INPUT");
    assert!(error.is_instance_of::<js_sys::Error>(), "not an Error");
    assert_eq!(text(&error, "code"), "INVALID_INPUT");
    let message = String::from(error.unchecked_ref::<js_sys::Error>().message());
    assert!(!message.is_empty());
    text(&error, "path")
}

#[wasm_bindgen_test]
fn preview_apply_simulate() {
    let outcome = bindings::preview(js(STATE), js(INVOICE), None).expect("previews");
    assert_eq!(get(&outcome, "accepted"), JsValue::TRUE);
    assert_eq!(text(&outcome, "settle"), "60.00");
    assert_eq!(text(&outcome, "open"), "40.00");

    let applied = bindings::apply(js(STATE), js(INVOICE), None).expect("applies");
    let state = get(&applied, "state");
    assert_eq!(
        JSON::stringify(&get(&applied, "outcome")).ok(),
        JSON::stringify(&outcome).ok()
    );
    assert_eq!(text(&state, "value"), "100.00");

    let ops = js(&format!("[{INVOICE}, {{ \"type\": \"cancel\" }}]"));
    let sim = bindings::simulate(js(STATE), ops, Some(js(r#"{ "split": "listed" }"#)))
        .expect("simulates");
    let outcomes: js_sys::Array = get(&sim, "outcomes").dyn_into().expect("an array");
    assert_eq!(outcomes.length(), 2);
    assert_eq!(bindings::version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn malformed_input_is_a_real_error_with_code_and_path() {
    let bad_item = js(r#"{ "type": "invoice", "number": "NF-1", "value": "60.00",
                           "items": [ { "id": "A", "quantity": 1 }, { "id": "B", "quantity": 1.5 } ] }"#);
    assert_eq!(
        invalid_input(bindings::preview(js(STATE), bad_item, None)),
        "operation.items[1].quantity"
    );
    let typo = js(&STATE.replacen("\"currency\"", "\"ammount\": 1, \"currency\"", 1));
    assert_eq!(
        invalid_input(bindings::preview(typo, js(INVOICE), None)),
        "state.ammount"
    );
    let nan = eval("return { type: 'invoice', number: 'N', value: NaN }");
    assert_eq!(
        invalid_input(bindings::preview(js(STATE), nan, None)),
        "operation.value"
    );
    let bigint = eval("return { type: 'invoice', number: 'N', value: 60n }");
    assert_eq!(
        invalid_input(bindings::preview(js(STATE), bigint, None)),
        "operation.value"
    );
    let ops = js(&format!(
        "[{INVOICE}, {{ \"type\": \"invoice\", \"number\": \"N\", \"value\": \"1e2\" }}]"
    ));
    assert_eq!(
        invalid_input(bindings::simulate(js(STATE), ops, None)),
        "operations[1].value"
    );
    // A missing field is named itself (api.md section 2).
    let missing = js(r#"{ "type": "invoice", "number": "NF-1" }"#);
    assert_eq!(
        invalid_input(bindings::preview(js(STATE), missing, None)),
        "operation.value"
    );
    let ops = js(&format!(
        "[{INVOICE}, {INVOICE}, {{ \"type\": \"invoice\", \"value\": \"1.00\" }}]"
    ));
    assert_eq!(
        invalid_input(bindings::simulate(js(STATE), ops, None)),
        "operations[2].number"
    );
    let long = eval("return { type: 'invoice', number: 'N', value: '1', items: new Array(20000) }");
    assert_eq!(
        invalid_input(bindings::preview(js(STATE), long, None)),
        "operation.items"
    );
    let deep = eval(
        "let d = {}; for (let i = 0; i < 100; i++) d = { d }; return { type: 'cancel', reason: d }",
    );
    assert!(
        invalid_input(bindings::preview(js(STATE), deep, None)).starts_with("operation.reason.d")
    );
    assert_eq!(
        invalid_input(bindings::preview(js(STATE), JsValue::UNDEFINED, None)),
        "operation"
    );
    assert_eq!(
        invalid_input(bindings::preview(
            js(STATE),
            js(INVOICE),
            Some(js(r#"{ "split": 1 }"#))
        )),
        "options.split"
    );
}

#[wasm_bindgen_test]
fn business_rules_are_outcomes() {
    let too_much = js(r#"{ "type": "invoice", "number": "NF-1", "value": "1000.00" }"#);
    let outcome = bindings::preview(js(STATE), too_much, None).expect("an outcome, not a throw");
    assert_eq!(get(&outcome, "accepted"), JsValue::FALSE);
    let errors: js_sys::Array = get(&outcome, "errors").dyn_into().expect("an array");
    assert_eq!(text(&errors.get(0), "code"), "INVOICE_EXCEEDS_REMAINING");
}

#[wasm_bindgen_test]
fn the_module_keeps_working_after_errors() {
    let good = JSON::stringify(&bindings::preview(js(STATE), js(INVOICE), None).expect("ok")).ok();
    for _ in 0..50 {
        invalid_input(bindings::preview(
            js(STATE),
            js(r#"{ "type": "nope" }"#),
            None,
        ));
        let throwing = eval("return { type: 'cancel', get reason() { throw new Error('boom') } }");
        assert_eq!(
            invalid_input(bindings::preview(js(STATE), throwing, None)),
            "operation.reason"
        );
    }
    let again = JSON::stringify(&bindings::preview(js(STATE), js(INVOICE), None).expect("ok")).ok();
    assert_eq!(again, good);
}

#[wasm_bindgen_test]
fn a_ledger_keeps_working_after_errors() {
    let mut ledger = JsLedger::new(js(STATE), None).expect("a ledger");
    let first = JSON::stringify(&ledger.preview(js(INVOICE)).expect("ok")).ok();
    invalid_input(ledger.apply(js(r#"{ "type": "invoice" }"#)));
    let proxy = eval("return new Proxy({}, { ownKeys() { throw new Error('trap') } })");
    assert_eq!(invalid_input(ledger.apply(proxy)), "operation");
    let outcome = ledger.apply(js(INVOICE)).expect("applies after errors");
    assert_eq!(JSON::stringify(&outcome).ok(), first);
    let state = ledger.state().expect("a state");
    let invoices: js_sys::Array = get(&state, "invoices").dyn_into().expect("an array");
    assert_eq!(invoices.length(), 1);
    let bad_state = js(&STATE.replace("BRL", "ZZZ"));
    assert!(JsLedger::new(bad_state, None).is_err());
}

/// `reconcile` never throws on its documents (a getter that throws, a document that is not an
/// order: a result with status `invalid` and the path), only on bad options; it reconciles a
/// real order after either.
#[wasm_bindgen_test]
fn reconcile_says_invalid_for_documents_and_throws_for_options() {
    let order = r#"{ "orderId": "1-01", "status": "invoiced", "value": 10000,
      "items": [ { "id": "A", "quantity": 1, "price": 10000 } ],
      "packageAttachment": { "packages": [ { "type": "Output", "invoiceNumber": "NF-1",
        "invoiceValue": 10000, "items": [ { "id": "A", "quantity": 1, "price": 10000 } ] } ] },
      "paymentData": { "transactions": [ { "payments": [ { "id": "P1", "group": "creditCard", "value": 10000 } ] } ] },
      "storePreferencesData": { "currencyCode": "BRL" } }"#;
    let records = r#"{ "status": "Finished", "payments": [ { "id": "P1", "value": 10000 } ],
      "settlements": { "requests": [ { "id": "S1", "value": 10000 } ],
                       "actions": [ { "paymentId": "P1", "type": "settlement", "value": 10000 } ] },
      "refunds": { "requests": [], "actions": [] }, "cancellations": { "requests": [], "actions": [] } }"#;
    let partial = || Some(js(r#"{ "connectors": { "default": { "mode": "partial" } } }"#));

    let getter = eval(r#"return { get value() { throw new Error("boom"); } };"#);
    let r = bindings::reconcile(getter, js(records), partial()).expect("not thrown");
    assert_eq!(text(&r, "status"), "invalid");
    assert_eq!(text(&get(&r, "error"), "path"), "order.value");
    let r = bindings::reconcile(js("42"), JsValue::NULL, None).expect("not thrown");
    assert_eq!(text(&r, "status"), "invalid");

    let bad = bindings::reconcile(js(order), js(records), Some(js(r#"{ "explain": 1 }"#)));
    assert_eq!(invalid_input(bad), "options.explain");
    let both = bindings::reconcile(js("42"), js("[]"), Some(js(r#"{ "split": "x" }"#)));
    assert_eq!(invalid_input(both), "options.split");

    let r = bindings::reconcile(js(order), js(records), partial()).expect("reconciles");
    assert_eq!(text(&r, "status"), "matched");
    let payment = get(&get(&r, "payments"), "0");
    assert_eq!(text(&get(&payment, "recorded"), "settled"), "100.00");
    assert_eq!(text(&get(&payment, "drift"), "open"), "0.00");
}

/// Issue 20, step 29: `preview`, `Ledger.preview` and `Ledger.apply` build their outcome in
/// JavaScript from its tokens (src/outcome.rs `Form`: each string its length in UTF-16 units,
/// then its bytes, nothing escaped), read as Latin-1 by Node's `Buffer` when the text is ASCII,
/// else (and in the browser, always) as UTF-8 by `TextDecoder`. The object is the one
/// `JSON.parse` makes of the crate's JSON text of the same outcome (`Outcome::to_json`), text
/// for text by `JSON.stringify` (key order included), explained or not, with strings a
/// separator, an escape or Latin-1 would get wrong in ids, invoice numbers, reasons and lines
/// (a line of five 1 000-character ids is over 4 095 units: three digits of length).
#[wasm_bindgen_test]
fn outcomes_built_from_tokens_are_json_parse_of_the_json_text() {
    use serde_json::{json, Value};
    use settlement_preview::json::{parse_operation, parse_options, parse_state};
    let long = "x".repeat(1000);
    let words = [
        "a\u{1f}b",
        "\u{0}\u{1}\u{1f}\u{7f}\u{80}\u{9f}",
        "q\"uo\\te/",
        "é日本",
        "😀x😀",
        "\u{feff}bom",
        "l\u{2028}s\u{2029}",
        long.as_str(),
        "\u{ff}\u{100}",
        "NF-1",
    ];
    let stringify = |v: &JsValue| JSON::stringify(v).ok().and_then(|s| s.as_string());
    let mut compared = 0;
    for w in words {
        let pay = |id: String, group: &str, value: &str, connector: Value| {
            json!({ "id": id, "group": group, "value": value, "connector": connector })
        };
        let state = json!({
            "orderId": w, "currency": "BRL", "status": "handling",
            "items": [ { "id": format!("I{w}"), "quantity": 2, "price": "10.00", "name": w } ],
            "transaction": { "payments": [
                pay(format!("p{w}"), "giftCard", "5.00", json!({ "mode": "hold" })),
                pay(w.to_string(), "creditCard", "5.00", json!({ "mode": "total" })),
                pay(format!("q{w}"), "creditCard", "4.00", json!({ "mode": "partial" })),
                pay(format!("r{w}"), "creditCard", "3.00", json!({ "mode": "partial" })),
                pay(format!("s{w}"), "promissory", "3.00",
                    json!({ "mode": "partial", "partialRefund": false })),
            ] }
        });
        let operations = [
            json!({ "type": "invoice", "number": w, "value": "10.00" }),
            json!({ "type": "invoice", "number": format!("N{w}"), "value": "0.00" }),
            json!({ "type": "change", "requestId": w, "discount": "2.00", "reason": w }),
            json!({ "type": "return", "number": format!("R{w}"), "value": "1.00" }),
            json!({ "type": "cancel", "reason": w }),
        ];
        for options in [None, Some(json!({ "explain": false }))] {
            let js_options = || options.as_ref().map(|o| js(&o.to_string()));
            let rust_options = parse_options(options.as_ref()).expect("options");
            let mut state = parse_state(&state).expect("a state");
            let mut ledger = JsLedger::new(js(&state.to_json()), js_options()).expect("a ledger");
            for operation in &operations {
                let op = parse_operation(operation, &state).expect("an operation");
                let applied =
                    settlement_preview::apply(&state, &op, &rust_options).expect("applies");
                let parsed = stringify(&js(&applied.outcome.to_json()));
                let js_op = || js(&operation.to_string());
                let built = [
                    bindings::preview(js(&state.to_json()), js_op(), js_options()),
                    ledger.preview(js_op()),
                    ledger.apply(js_op()),
                ];
                for outcome in built {
                    assert_eq!(stringify(&outcome.expect("an outcome")), parsed, "{w:?}");
                    compared += 1;
                }
                state = applied.state;
            }
        }
    }
    assert_eq!(compared, words.len() * 2 * 5 * 3);
}
