//! Malformed input is `INVALID_INPUT` with a path that says where and a message that says what
//! was expected (api.md section 2), never a panic.

use serde_json::{json, Value};
use settlement_preview::{json as sp, InputError};

fn base() -> Value {
    json!({
        "currency": "BRL",
        "items": [ { "id": "A", "quantity": 1, "price": "60.00" }, { "id": "B", "quantity": 1, "price": "40.00" } ],
        "transaction": { "payments": [ { "id": "p1", "group": "creditCard", "value": "100.00",
                                         "connector": { "mode": "partial" } } ] }
    })
}

fn state_error(mutate: impl FnOnce(&mut Value)) -> InputError {
    let mut state = base();
    mutate(&mut state);
    sp::parse_state(&state).expect_err("should be INVALID_INPUT")
}

fn op_error(op: Value) -> InputError {
    let state = sp::parse_state(&base()).unwrap();
    sp::parse_operation(&op, &state).expect_err("should be INVALID_INPUT")
}

#[test]
fn state_errors_name_the_field() {
    type Mutation = Box<dyn FnOnce(&mut Value)>;
    let cases: Vec<(Mutation, &str, &str)> = vec![
        (
            Box::new(|s| s["currency"] = json!("XYZ")),
            "state.currency",
            "unknown currency",
        ),
        (
            Box::new(|s| s["items"][1]["quantity"] = json!(0)),
            "state.items[1].quantity",
            "whole number",
        ),
        (
            Box::new(|s| s["items"][0]["quantity"] = json!(1.5)),
            "state.items[0].quantity",
            "whole number",
        ),
        (
            Box::new(|s| s["items"][0]["quantity"] = json!(9007199254740992_u64)),
            "state.items[0].quantity",
            "whole number",
        ),
        (
            Box::new(|s| s["items"][0]["price"] = json!("12.345")),
            "state.items[0].price",
            "BRL allows 2 decimals",
        ),
        (
            Box::new(|s| s["items"][0]["price"] = json!("1e3")),
            "state.items[0].price",
            "decimal string",
        ),
        (
            Box::new(|s| s["items"][0]["price"] = json!(" 12.00")),
            "state.items[0].price",
            "decimal string",
        ),
        (
            Box::new(|s| s["items"][0]["price"] = json!("12,00")),
            "state.items[0].price",
            "decimal string",
        ),
        (
            Box::new(|s| s["items"][0]["price"] = json!(1e21)),
            "state.items[0].price",
            "out of range",
        ),
        (
            Box::new(|s| s["items"][0]["price"] = json!(0.1 + 0.2)),
            "state.items[0].price",
            "too many decimals",
        ),
        (
            Box::new(|s| s["items"][0]["ammount"] = json!("1")),
            "state.items[0].ammount",
            "unknown field `ammount`",
        ),
        (
            Box::new(|s| s["items"] = json!({})),
            "state.items",
            "expected a sequence",
        ),
        (
            Box::new(|s| s["status"] = json!("shipped")),
            "state.status",
            "unknown variant `shipped`",
        ),
        (
            Box::new(|s| s["transaction"]["payments"] = json!([])),
            "state.transaction.payments",
            "at least one payment",
        ),
        (
            Box::new(|s| s["transaction"]["payments"][0]["group"] = json!("voucher")),
            "state.transaction.payments[0].group",
            "unknown variant",
        ),
        (
            Box::new(|s| s["transaction"]["payments"][0]["settled"] = json!("120.00")),
            "state.transaction.payments[0]",
            "S + C ≤ A",
        ),
        (
            Box::new(|s| s["transaction"]["payments"][0]["settled"] = json!("-1.00")),
            "state.transaction.payments[0].settled",
            "≥ 0",
        ),
        (
            Box::new(|s| {
                s["transaction"]["payments"][0]["settled"] = json!("10.00");
                s["transaction"]["payments"][0]["refunded"] = json!("20.00");
            }),
            "state.transaction.payments[0]",
            "R ≤ S",
        ),
        (
            Box::new(|s| s["transaction"]["payments"][0]["captured"] = json!("100.01")),
            "state.transaction.payments[0]",
            "K + X ≤ A",
        ),
        (
            Box::new(|s| s["transaction"]["payments"][0]["providerRefunded"] = json!("1.00")),
            "state.transaction.payments[0]",
            "F ≤ K",
        ),
        (
            Box::new(|s| s["transaction"]["payments"][0]["connector"]["mode"] = json!("partial ")),
            "state.transaction.payments[0].connector.mode",
            "unknown variant",
        ),
        (
            Box::new(|s| s["transaction"]["payments"][0]["id"] = json!("")),
            "state.transaction.payments[0].id",
            "non-empty",
        ),
        (
            Box::new(|s| {
                let p = s["transaction"]["payments"][0].clone();
                s["transaction"]["payments"] = json!([p.clone(), p]);
            }),
            "state.transaction.payments[1].id",
            "appears twice",
        ),
        (
            Box::new(|s| s["discounts"] = json!("200.00")),
            "state.value",
            "negative",
        ),
        (
            Box::new(|s| s["invoices"] = json!([{ "type": "sale", "number": "1", "value": "1" }])),
            "state.invoices[0].type",
            "unknown variant",
        ),
        (
            Box::new(|s| s["transaction"] = json!(null)),
            "state.transaction",
            "invalid type: null",
        ),
        // An item is an object: not its fields in order in an array (which serde's derive read).
        (
            Box::new(|s| s["items"] = json!([["A", 1, "1.00", "n"]])),
            "state.items[0]",
            "invalid type: sequence, expected struct ItemDto",
        ),
    ];
    for (mutate, path, message) in cases {
        let e = state_error(mutate);
        assert_eq!(e.path, path, "{e}");
        assert!(e.message.contains(message), "{e} should say {message:?}");
    }
}

#[test]
fn operation_errors_name_the_field() {
    let cases = [
        (
            json!({ "type": "refund", "value": "1" }),
            "operation.type",
            "unknown operation type",
        ),
        (
            json!({ "number": "1", "value": "1" }),
            "operation.type",
            "missing field `type`",
        ),
        (json!({ "type": 1 }), "operation.type", "expected a string"),
        (json!([]), "operation", "expected an object"),
        (json!(null), "operation", "expected an object"),
        (
            json!({ "type": "invoice", "number": "NF-1" }),
            "operation.value",
            "missing field `value`",
        ),
        (
            json!({ "type": "invoice", "number": "NF-1", "value": "12.345" }),
            "operation.value",
            "BRL allows 2 decimals",
        ),
        (
            json!({ "type": "invoice", "number": "NF-1", "value": "+1" }),
            "operation.value",
            "decimal string",
        ),
        (
            json!({ "type": "invoice", "number": "NF-1", "value": "1", "items": [ { "id": "A", "quantity": 1 }, { "id": "B", "quantity": -1 } ] }),
            "operation.items[1].quantity",
            "whole number",
        ),
        (
            json!({ "type": "invoice", "number": "NF-1", "value": "1", "ammount": "1" }),
            "operation.ammount",
            "unknown field `ammount`",
        ),
        (
            json!({ "type": "invoice", "number": "", "value": "1" }),
            "operation.number",
            "non-empty",
        ),
        (
            json!({ "type": "change", "requestId": "c1", "itemsAdded": [ { "id": "C", "quantity": 1 } ] }),
            "operation.itemsAdded[0].price",
            "prices are required",
        ),
        (
            json!({ "type": "change", "requestId": "c1", "discount": "abc" }),
            "operation.discount",
            "decimal string",
        ),
        (
            json!({ "type": "cancel", "value": "1" }),
            "operation.value",
            "unknown field `value`",
        ),
    ];
    for (op, path, message) in cases {
        let e = op_error(op);
        assert_eq!(e.path, path, "{e}");
        assert!(e.message.contains(message), "{e} should say {message:?}");
    }
}

/// api.md section 2: a missing required field is named by its own path, with serde's message
/// "missing field `x`", in every shape (state, items, invoices, changes, transaction, payments,
/// operations), also through `parse_operations` (`operations[i].…`).
#[test]
fn a_missing_required_field_names_the_field_itself() {
    type Mutation = Box<dyn FnOnce(&mut Value)>;
    let remove = |pointer: &'static str, field: &'static str| -> Mutation {
        Box::new(move |s: &mut Value| {
            s.pointer_mut(pointer)
                .and_then(Value::as_object_mut)
                .map(|o| o.remove(field))
                .expect("the base state has the field");
        })
    };
    let with_invoice = |s: &mut Value| {
        s["invoices"] = json!([{ "type": "output", "number": "NF-1", "value": "10.00",
                                 "items": [ { "id": "A", "quantity": 1 } ] }]);
        s["changes"] = json!([{ "requestId": "c1", "discount": "1.00" }]);
    };
    let cases: Vec<(Mutation, &str)> = vec![
        (remove("", "currency"), "state.currency"),
        (remove("", "transaction"), "state.transaction"),
        (
            remove("/transaction", "payments"),
            "state.transaction.payments",
        ),
        (remove("/items/1", "id"), "state.items[1].id"),
        (remove("/items/0", "quantity"), "state.items[0].quantity"),
        (
            remove("/transaction/payments/0", "id"),
            "state.transaction.payments[0].id",
        ),
        (
            remove("/transaction/payments/0", "group"),
            "state.transaction.payments[0].group",
        ),
        (
            remove("/transaction/payments/0", "value"),
            "state.transaction.payments[0].value",
        ),
        (
            Box::new(move |s| {
                with_invoice(s);
                s["invoices"][0].as_object_mut().map(|o| o.remove("type"));
            }),
            "state.invoices[0].type",
        ),
        (
            Box::new(move |s| {
                with_invoice(s);
                s["invoices"][0].as_object_mut().map(|o| o.remove("number"));
            }),
            "state.invoices[0].number",
        ),
        (
            Box::new(move |s| {
                with_invoice(s);
                s["invoices"][0]["items"][0]
                    .as_object_mut()
                    .map(|o| o.remove("quantity"));
            }),
            "state.invoices[0].items[0].quantity",
        ),
        (
            Box::new(move |s| {
                with_invoice(s);
                s["changes"][0]
                    .as_object_mut()
                    .map(|o| o.remove("requestId"));
            }),
            "state.changes[0].requestId",
        ),
    ];
    for (mutate, path) in cases {
        let e = state_error(mutate);
        let field = path.rsplit('.').next().unwrap_or(path);
        assert_eq!(e.path, path, "{e}");
        assert_eq!(e.message, format!("missing field `{field}`"), "{e}");
    }

    let ops = [
        (
            json!({ "type": "invoice", "value": "1" }),
            "operation.number",
        ),
        (
            json!({ "type": "invoice", "number": "NF-1" }),
            "operation.value",
        ),
        (
            json!({ "type": "return", "number": "R-1" }),
            "operation.value",
        ),
        (
            json!({ "type": "invoice", "number": "NF-1", "value": "1", "items": [ { "id": "A", "quantity": 1 }, { "quantity": 1 } ] }),
            "operation.items[1].id",
        ),
        (
            json!({ "type": "return", "number": "R-1", "value": "1", "items": [ { "id": "A" } ] }),
            "operation.items[0].quantity",
        ),
        (
            json!({ "type": "change", "discount": "1.00" }),
            "operation.requestId",
        ),
        (
            json!({ "type": "change", "requestId": "c1", "itemsRemoved": [ { "id": "A" } ] }),
            "operation.itemsRemoved[0].quantity",
        ),
    ];
    for (op, path) in ops {
        let e = op_error(op);
        let field = path.rsplit('.').next().unwrap_or(path);
        let field = field.split('[').next().unwrap_or(field);
        assert_eq!(e.path, path, "{e}");
        assert_eq!(e.message, format!("missing field `{field}`"), "{e}");
    }

    // In a simulation each operation is named by its index.
    let state = sp::parse_state(&base()).unwrap();
    let e = sp::parse_operations(
        &json!([
            { "type": "invoice", "number": "NF-1", "value": "10.00" },
            { "type": "invoice", "number": "NF-2", "value": "10.00" },
            { "type": "invoice", "number": "NF-3" }
        ]),
        &state,
    )
    .expect_err("should be INVALID_INPUT");
    assert_eq!(e.path, "operations[2].value", "{e}");
    assert_eq!(e.message, "missing field `value`");

    // A field whose name merely looks like serde's message is not mistaken for one.
    let e = op_error(
        json!({ "type": "invoice", "number": "NF-1", "value": "1", "missing field `x`": 1 }),
    );
    assert_eq!(e.path, "operation.missing field `x`", "{e}");
    assert!(e.message.starts_with("unknown field"), "{e}");
}

/// semantics.md section 7: with no transaction status given, a cancelled order's transaction
/// is `canceled`; otherwise the status is judged on the gateway ledger.
#[test]
fn a_cancelled_order_without_a_transaction_status_has_a_cancelled_transaction() {
    use settlement_preview::order::{OrderStatus, TransactionStatus};
    let mut canceled = base();
    canceled["status"] = json!("canceled");
    canceled["transaction"]["payments"][0]["cancelled"] = json!("100.00");
    let state = sp::parse_state(&canceled).unwrap();
    assert_eq!(state.status, OrderStatus::Canceled);
    assert_eq!(state.transaction.status, TransactionStatus::Canceled);

    // A status the state gives is kept as given.
    canceled["transaction"]["status"] = json!("approved");
    let state = sp::parse_state(&canceled).unwrap();
    assert_eq!(state.transaction.status, TransactionStatus::Approved);

    // Any other order status: judged on the ledger (nothing settled: approved).
    let mut handling = base();
    handling["transaction"]["payments"][0]["cancelled"] = json!("100.00");
    let state = sp::parse_state(&handling).unwrap();
    assert_eq!(state.transaction.status, TransactionStatus::Approved);
}

#[test]
fn numbers_are_read_through_their_shortest_decimal_form() {
    let state = sp::parse_state(&base()).unwrap();
    let op = sp::parse_operation(
        &json!({ "type": "invoice", "number": "NF-1", "value": 12.34 }),
        &state,
    )
    .unwrap();
    let outcome = settlement_preview::preview(&state, &op, &Default::default()).unwrap();
    assert_eq!(outcome.provider.settle.to_string(), "12.34");
}

#[test]
fn options_are_closed() {
    let e = sp::parse_options(Some(&json!({ "split": "random" }))).unwrap_err();
    assert_eq!(e.path, "options.split");
    let e = sp::parse_options(Some(&json!({ "spilt": "listed" }))).unwrap_err();
    assert!(e.message.contains("unknown field `spilt`"), "{e}");
    assert!(sp::parse_options(None).is_ok());
}

#[test]
fn limits_are_enforced() {
    let mut state = base();
    let items: Vec<Value> = (0..10_001)
        .map(|i| json!({ "id": format!("I{i}"), "quantity": 1, "price": "1.00" }))
        .collect();
    state["items"] = Value::Array(items);
    let e = sp::parse_state(&state).unwrap_err();
    assert_eq!(e.path, "state.items");
    assert!(e.message.contains("too many entries"));

    // quantity × price must stay an amount in range.
    let mut state = base();
    state["items"][0] =
        json!({ "id": "A", "quantity": 9007199254740991_u64, "price": "999999999.99" });
    let e = sp::parse_state(&state).unwrap_err();
    assert_eq!(e.path, "state.items[0]");
    assert!(e.message.contains("out of range"));
}
