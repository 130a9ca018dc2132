//! The JSON shapes of api.md sections 3 and 4, read strictly, and turned into validated domain
//! values in one pass that records where each problem is.
//!
//! Malformed input is an [`InputError`] (`INVALID_INPUT`) with a path such as
//! `operation.items[1].quantity` and a message that says what was expected. Two steps: a
//! hand-written reader (see "Reading" below) reads the shapes from the `serde_json` value
//! with serde's messages (unknown fields refused, amounts through the strict grammar of
//! [`crate::money::parse_amount`], quantities whole numbers from 1 to 2^53 − 1), then
//! validation checks what needs the whole order: the currency's minor units, the ledger bounds,
//! unique ids, the size limits, and derives what the state leaves out.

use crate::engine::effective_modes;
use crate::money::{self, parse_amount, Currency};
use crate::operation::{InvoiceRequest, Operation, Options};
use crate::order::{
    Change, ChangeApi, Invoice, InvoiceType, Item, OrderState, OrderStatus, Transaction,
    TransactionStatus,
};
use crate::payment::{Connector, Group, Mode, Payment, Protocol};
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::BTreeSet;

/// The largest quantity: 2^53 − 1, the largest whole number a JavaScript number holds exactly.
pub const MAX_QUANTITY: u64 = (1 << 53) - 1;
/// The most entries any list may have (items, invoices, changes, operations of a simulation).
pub const MAX_LIST_LEN: usize = 10_000;
/// The most payments a transaction may have.
pub const MAX_PAYMENTS: usize = 100;
/// The longest id, number, request id, name or reason, in characters.
pub const MAX_TEXT_LEN: usize = 1_024;

/// Malformed input: thrown to JavaScript as an `Error` with `code: "INVALID_INPUT"`, `path`
/// and `message` (api.md section 2).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct InputError {
    /// Where, e.g. `operation.items[1].quantity`.
    pub path: String,
    /// What was expected.
    pub message: String,
}

impl InputError {
    /// The error code, always `INVALID_INPUT`.
    pub const CODE: &'static str = "INVALID_INPUT";

    /// A new error at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        InputError {
            path: path.into(),
            message: message.into(),
        }
    }
}

// ----- Leaf types ---------------------------------------------------------------------------

/// An amount as read: a string of the amount grammar, or a JSON number read through its
/// shortest decimal form (api.md section 3). The currency check comes in validation.
#[derive(Debug, Clone, Copy)]
struct RawAmount(Decimal);

/// A quantity: a whole JSON number from 1 to 2^53 − 1.
#[derive(Debug, Clone, Copy)]
struct Quantity(u64);

/// A string of at most [`MAX_TEXT_LEN`] characters; `NonEmpty` ones (ids, numbers, request
/// ids) must have at least one.
#[derive(Debug, Clone)]
struct Text<const NON_EMPTY: bool>(String);

type Id = Text<true>;
type Note = Text<false>;

// ----- Shapes -------------------------------------------------------------------------------

struct StateDto {
    order_id: Option<Note>,
    currency: Id,
    status: Option<OrderStatus>,
    value: Option<RawAmount>,
    items: Vec<ItemDto>,
    shipping: Option<RawAmount>,
    tax: Option<RawAmount>,
    discounts: Option<RawAmount>,
    invoices: Vec<StateInvoiceDto>,
    changes: Vec<ChangeDto>,
    transaction: TransactionDto,
}

struct ItemDto {
    id: Id,
    quantity: Quantity,
    price: Option<RawAmount>,
    name: Option<Note>,
}

struct StateInvoiceDto {
    kind: InvoiceType,
    number: Id,
    value: RawAmount,
    items: Vec<ItemDto>,
}

struct InvoiceDto {
    number: Id,
    value: RawAmount,
    items: Vec<ItemDto>,
}

struct ChangeDto {
    request_id: Id,
    reason: Option<Note>,
    discount: Option<RawAmount>,
    increment: Option<RawAmount>,
    items_removed: Vec<ItemDto>,
    items_added: Vec<ItemDto>,
    api: ChangeApi,
}

struct TransactionDto {
    status: Option<TransactionStatus>,
    new_charges: Option<RawAmount>,
    payments: Vec<PaymentDto>,
}

struct PaymentDto {
    id: Id,
    group: Group,
    value: RawAmount,
    connector: ConnectorDto,
    settled: Option<RawAmount>,
    cancelled: Option<RawAmount>,
    refunded: Option<RawAmount>,
    captured: Option<RawAmount>,
    voided: Option<RawAmount>,
    provider_refunded: Option<RawAmount>,
}

#[derive(Default)]
struct ConnectorDto {
    protocol: Option<Protocol>,
    mode: Option<Mode>,
    partial_refund: Option<bool>,
    value_increase: Option<bool>,
    max_value: Option<RawAmount>,
}

// ----- Reading ------------------------------------------------------------------------------
//
// The shapes are read by hand from the `serde_json` value, not by `serde`'s derive through
// `serde_path_to_error`: the derive monomorphised a visitor per shape and per wrapper, a third
// of the `.wasm` (the 150 KB budget of issues 9, 11 and 13, js-tests/size.test.mjs), and the
// hand reader is also faster (benches/js). It keeps what the derive gave, message for
// message (api.md section 2; tests/input.rs, js-tests/hostile.test.mjs): fields read in key
// order, the first problem reported (so the same one as before), unknown fields refused with
// serde's "unknown field `x`, expected one of …", a missing field named by its own path with
// serde's "missing field `x`", a value of the wrong kind with serde_json's "invalid type: …,
// expected …", `null` for an optional field the same as its absence. Where a value is, is a
// chain of steps on the stack, written out only for an error: reading allocates no path.
// Deliberately not kept: serde read a struct from an array of its fields in order (`["A", 1]`
// as an item); such an array is now "invalid type: sequence, expected struct ItemDto".

/// One step of a path: the argument's name (`state`, `operations[2]`), a field, or an index.
#[derive(Clone, Copy)]
enum Step<'a> {
    Root(&'a str),
    Field(&'a str),
    Index(usize),
}

/// Where a value is: a step and the place it was taken from.
#[derive(Clone, Copy)]
struct At<'a> {
    parent: Option<&'a At<'a>>,
    step: Step<'a>,
}

impl<'a> At<'a> {
    fn root(name: &'a str) -> Self {
        At {
            parent: None,
            step: Step::Root(name),
        }
    }

    fn field<'b>(&'b self, key: &'b str) -> At<'b> {
        At {
            parent: Some(self),
            step: Step::Field(key),
        }
    }

    fn index(&self, i: usize) -> At<'_> {
        At {
            parent: Some(self),
            step: Step::Index(i),
        }
    }

    /// The path as api.md writes it: `state.items[1].price` (a field of an unnamed root is
    /// its name alone).
    fn path(&self) -> String {
        let mut out = self.parent.map(At::path).unwrap_or_default();
        match self.step {
            Step::Root(name) => out.push_str(name),
            Step::Field(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Step::Index(i) => {
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
        out
    }

    /// An error here.
    #[cold]
    #[inline(never)]
    fn fail(&self, message: String) -> InputError {
        InputError::new(self.path(), message)
    }
}

/// serde_json's "invalid type: null, expected a string" for `value` where `expected` was due.
#[cold]
#[inline(never)]
fn invalid_type(value: &Value, at: &At, expected: &str) -> InputError {
    at.fail(format!(
        "invalid type: {}, expected {expected}",
        unexpected(value)
    ))
}

/// How serde_json names a value in "invalid type" (its `JsonUnexpected`).
fn unexpected(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) if n.is_f64() => format!("floating point `{n}`"),
        Value::Number(n) => format!("integer `{n}`"),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "sequence".to_string(),
        Value::Object(_) => "map".to_string(),
    }
}

/// serde's list of what was expected: "`a`", "`a` or `b`", "one of `a`, `b`, `c`".
fn one_of(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => format!("`{one}`"),
        [a, b] => format!("`{a}` or `{b}`"),
        _ => {
            let mut out = "one of ".to_string();
            for (i, name) in names.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push('`');
                out.push_str(name);
                out.push('`');
            }
            out
        }
    }
}

/// Reads an object's fields in key order, each by `field` (the index of its name in
/// `names`), refusing any other key but `skip` (an operation's `type` tag); `what` is serde's
/// name of the shape ("struct ItemDto").
fn fields<'v>(
    value: &'v Value,
    at: &At,
    what: &str,
    names: &[&str],
    skip: Option<&str>,
    mut field: impl FnMut(usize, &'v Value, &At) -> Result<(), InputError>,
) -> Result<(), InputError> {
    // One copy of the loop for every shape: the shape's part goes through `dyn`.
    fields_dyn(value, at, what, names, skip, &mut field)
}

fn fields_dyn<'v>(
    value: &'v Value,
    at: &At,
    what: &str,
    names: &[&str],
    skip: Option<&str>,
    field: &mut dyn FnMut(usize, &'v Value, &At) -> Result<(), InputError>,
) -> Result<(), InputError> {
    let Value::Object(map) = value else {
        return Err(invalid_type(value, at, what));
    };
    for (key, value) in map {
        if skip == Some(key.as_str()) {
            continue;
        }
        let here = at.field(key);
        match names.iter().position(|name| name == key) {
            Some(i) => field(i, value, &here)?,
            None => return Err(unknown_field(&here, key, names)),
        }
    }
    Ok(())
}

#[cold]
#[inline(never)]
fn unknown_field(at: &At, key: &str, names: &[&str]) -> InputError {
    at.fail(if names.is_empty() {
        format!("unknown field `{key}`, there are no fields")
    } else {
        format!("unknown field `{key}`, expected {}", one_of(names))
    })
}

/// A required field's value, or serde's "missing field `x`" at the field's own path (api.md
/// section 2: so that a form can mark it).
fn required<T>(slot: Option<T>, at: &At, name: &str) -> Result<T, InputError> {
    slot.ok_or_else(|| missing_field(at, name))
}

#[cold]
#[inline(never)]
fn missing_field(at: &At, name: &str) -> InputError {
    at.field(name).fail(format!("missing field `{name}`"))
}

/// An optional value: `null` is `None`, as for an absent field.
fn opt<'v, T>(
    value: &'v Value,
    at: &At,
    read: impl FnOnce(&'v Value, &At) -> Result<T, InputError>,
) -> Result<Option<T>, InputError> {
    match value {
        Value::Null => Ok(None),
        _ => read(value, at).map(Some),
    }
}

/// A list, each entry read by `read` at its index.
fn list<'v, T>(
    value: &'v Value,
    at: &At,
    read: impl Fn(&'v Value, &At) -> Result<T, InputError>,
) -> Result<Vec<T>, InputError> {
    let Value::Array(entries) = value else {
        return Err(invalid_type(value, at, "a sequence"));
    };
    // A loop, not `collect::<Result<Vec<_>, _>>()`: the adapters of that are a copy per shape.
    let mut out = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        out.push(read(entry, &at.index(i))?);
    }
    Ok(out)
}

fn boolean(value: &Value, at: &At) -> Result<bool, InputError> {
    value
        .as_bool()
        .ok_or_else(|| invalid_type(value, at, "a boolean"))
}

fn text<const NON_EMPTY: bool>(value: &Value, at: &At) -> Result<Text<NON_EMPTY>, InputError> {
    let Value::String(s) = value else {
        return Err(invalid_type(value, at, "a string"));
    };
    if NON_EMPTY && s.is_empty() {
        return Err(at.fail("expected a non-empty string".to_string()));
    }
    // Counting characters only when the bytes could be too many (a character is ≥ 1 byte).
    if s.len() > MAX_TEXT_LEN && s.chars().count() > MAX_TEXT_LEN {
        return Err(at.fail(format!("expected at most {MAX_TEXT_LEN} characters")));
    }
    Ok(Text(s.clone()))
}

fn amount(value: &Value, at: &At) -> Result<RawAmount, InputError> {
    let parsed = match value {
        Value::String(s) => parse_amount(s),
        Value::Number(n) => parse_amount(&plain_number(n)),
        _ => {
            return Err(invalid_type(
                value,
                at,
                "an amount: a decimal string like \"12.34\" or a finite number",
            ))
        }
    };
    parsed.map(RawAmount).map_err(|message| at.fail(message))
}

/// A JSON number as Rust's `Display` writes it, without an exponent: the shortest text that
/// reads back as the same number (serde_json's own formatter, zmij), its exponent written out.
/// 12.34 is "12.34", 0.1 + 0.2 is "0.30000000000000004" (refused as an amount: too many
/// decimals), 1e21 is 22 digits (refused: out of range), 12.0 is "12", −0.0 is "-0". Not
/// `f64::to_string`: that links core's own float formatting (Grisu and Dragon4), ~12 KB of
/// the `.wasm`, for the same digits but in an exact tie between two shortest texts (17
/// digits, such as 12345678901234.0625), where Rust rounds up and serde_json's formatter
/// takes the even digit, as JavaScript's `String(n)` does: the amount read is then the one
/// the caller's JavaScript shows.
fn plain_number(n: &serde_json::Number) -> String {
    let text = n.to_string();
    if !n.is_f64() {
        return text;
    }
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i64>().unwrap_or(0)),
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let whole = whole.trim_start_matches('0');
    let joined = format!("{whole}{fraction}");
    let digits = joined.trim_matches('0');
    let width = |s: &str| i64::try_from(s.len()).unwrap_or(i64::MAX);
    // Where the decimal point goes, counted from the first significant digit: after the
    // whole digits, or before the fraction's leading zeros when there are none.
    let point = if whole.is_empty() {
        width(fraction.trim_start_matches('0')).saturating_sub(width(fraction))
    } else {
        width(whole)
    }
    .saturating_add(exponent);
    let len = width(digits);
    let zeros = |n: i64| "0".repeat(usize::try_from(n).unwrap_or(0));
    if digits.is_empty() {
        format!("{sign}0")
    } else if point <= 0 {
        format!("{sign}0.{}{digits}", zeros(point.saturating_neg()))
    } else if point >= len {
        format!("{sign}{digits}{}", zeros(point.saturating_sub(len)))
    } else {
        let (int, frac) = digits.split_at(usize::try_from(point).unwrap_or(0));
        format!("{sign}{int}.{frac}")
    }
}

fn quantity(value: &Value, at: &At) -> Result<Quantity, InputError> {
    let Value::Number(n) = value else {
        return Err(invalid_type(
            value,
            at,
            &format!("a whole number of units from 1 to {MAX_QUANTITY}"),
        ));
    };
    let whole = match (n.as_u64(), n.as_f64()) {
        (Some(u), _) => Some(u),
        // `as` is exact here: f is whole and within 1..=2^53 − 1.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        (None, Some(f)) if !n.is_i64() && f.fract() == 0.0 && f >= 1.0 => Some(f as u64),
        _ => None,
    };
    match whole {
        Some(u) if (1..=MAX_QUANTITY).contains(&u) => Ok(Quantity(u)),
        _ => Err(at.fail(format!(
            "expected a whole number of units from 1 to {MAX_QUANTITY}, got {}",
            plain_number(n)
        ))),
    }
}

pub use crate::names::Named;

/// One of `T`'s names: a string, or (as serde read a unit variant) a map of one such name to
/// `null`.
fn variant<T: Named>(value: &Value, at: &At) -> Result<T, InputError> {
    let i = variant_index(value, at, T::NAMES)?;
    T::ALL
        .get(i)
        .copied()
        .ok_or_else(|| at.fail("unknown variant".to_string()))
}

fn variant_index(value: &Value, at: &At, names: &[&str]) -> Result<usize, InputError> {
    let (name, content) = match value {
        Value::String(name) => (name, None),
        Value::Object(map) => match (map.iter().next(), map.len()) {
            (Some((name, content)), 1) => (name, Some(content)),
            _ => {
                return Err(
                    at.fail("invalid value: map, expected map with a single key".to_string())
                )
            }
        },
        _ => return Err(invalid_type(value, at, "string or map")),
    };
    let Some(i) = names.iter().position(|n| n == name) else {
        return Err(unknown_variant(at, name, names));
    };
    match content {
        Some(content) if !content.is_null() => Err(invalid_type(content, at, "unit")),
        _ => Ok(i),
    }
}

#[cold]
#[inline(never)]
fn unknown_variant(at: &At, name: &str, names: &[&str]) -> InputError {
    at.fail(format!(
        "unknown variant `{name}`, expected {}",
        one_of(names)
    ))
}

fn item(value: &Value, at: &At) -> Result<ItemDto, InputError> {
    let (mut id, mut quantity_, mut price, mut name) = (None, None, None, None);
    fields(
        value,
        at,
        "struct ItemDto",
        &["id", "quantity", "price", "name"],
        None,
        |i, v, at| {
            match i {
                0 => id = Some(text(v, at)?),
                1 => quantity_ = Some(quantity(v, at)?),
                2 => price = opt(v, at, amount)?,
                _ => name = opt(v, at, text)?,
            }
            Ok(())
        },
    )?;
    Ok(ItemDto {
        id: required(id, at, "id")?,
        quantity: required(quantity_, at, "quantity")?,
        price,
        name,
    })
}

fn items(value: &Value, at: &At) -> Result<Vec<ItemDto>, InputError> {
    list(value, at, item)
}

fn state_invoice(value: &Value, at: &At) -> Result<StateInvoiceDto, InputError> {
    let (mut kind, mut number, mut amount_, mut items_) = (None, None, None, Vec::new());
    fields(
        value,
        at,
        "struct StateInvoiceDto",
        &["type", "number", "value", "items"],
        None,
        |i, v, at| {
            match i {
                0 => kind = Some(variant(v, at)?),
                1 => number = Some(text(v, at)?),
                2 => amount_ = Some(amount(v, at)?),
                _ => items_ = items(v, at)?,
            }
            Ok(())
        },
    )?;
    Ok(StateInvoiceDto {
        kind: required(kind, at, "type")?,
        number: required(number, at, "number")?,
        value: required(amount_, at, "value")?,
        items: items_,
    })
}

/// An invoice or a return operation (its fields but `type`).
fn invoice(value: &Value, at: &At) -> Result<InvoiceDto, InputError> {
    let (mut number, mut amount_, mut items_) = (None, None, Vec::new());
    fields(
        value,
        at,
        "struct InvoiceDto",
        &["number", "value", "items"],
        Some("type"),
        |i, v, at| {
            match i {
                0 => number = Some(text(v, at)?),
                1 => amount_ = Some(amount(v, at)?),
                _ => items_ = items(v, at)?,
            }
            Ok(())
        },
    )?;
    Ok(InvoiceDto {
        number: required(number, at, "number")?,
        value: required(amount_, at, "value")?,
        items: items_,
    })
}

/// A change, in the state or as an operation (`skip`: its `type` tag).
fn change(value: &Value, at: &At, skip: Option<&str>) -> Result<ChangeDto, InputError> {
    let mut request_id = None;
    let mut dto = ChangeDto {
        request_id: Text(String::new()),
        reason: None,
        discount: None,
        increment: None,
        items_removed: Vec::new(),
        items_added: Vec::new(),
        api: ChangeApi::V1,
    };
    fields(
        value,
        at,
        "struct ChangeDto",
        &[
            "requestId",
            "reason",
            "discount",
            "increment",
            "itemsRemoved",
            "itemsAdded",
            "api",
        ],
        skip,
        |i, v, at| {
            match i {
                0 => request_id = Some(text(v, at)?),
                1 => dto.reason = opt(v, at, text)?,
                2 => dto.discount = opt(v, at, amount)?,
                3 => dto.increment = opt(v, at, amount)?,
                4 => dto.items_removed = items(v, at)?,
                5 => dto.items_added = items(v, at)?,
                _ => dto.api = variant(v, at)?,
            }
            Ok(())
        },
    )?;
    dto.request_id = required(request_id, at, "requestId")?;
    Ok(dto)
}

/// A cancellation (its fields but `type`): the reason, when given.
fn cancel(value: &Value, at: &At) -> Result<Option<Note>, InputError> {
    let mut reason = None;
    fields(
        value,
        at,
        "struct CancelDto",
        &["reason"],
        Some("type"),
        |_, v, at| {
            reason = opt(v, at, text)?;
            Ok(())
        },
    )?;
    Ok(reason)
}

fn connector(value: &Value, at: &At) -> Result<ConnectorDto, InputError> {
    let mut dto = ConnectorDto::default();
    fields(
        value,
        at,
        "struct ConnectorDto",
        &[
            "protocol",
            "mode",
            "partialRefund",
            "valueIncrease",
            "maxValue",
        ],
        None,
        |i, v, at| {
            match i {
                0 => dto.protocol = opt(v, at, variant)?,
                1 => dto.mode = opt(v, at, variant)?,
                2 => dto.partial_refund = opt(v, at, boolean)?,
                3 => dto.value_increase = opt(v, at, boolean)?,
                _ => dto.max_value = opt(v, at, amount)?,
            }
            Ok(())
        },
    )?;
    Ok(dto)
}

fn payment(value: &Value, at: &At) -> Result<PaymentDto, InputError> {
    let (mut id, mut group, mut amount_, mut connector_) = (None, None, None, None);
    let mut ledger: [Option<RawAmount>; 6] = [None; 6];
    fields(
        value,
        at,
        "struct PaymentDto",
        &[
            "id",
            "group",
            "value",
            "connector",
            "settled",
            "cancelled",
            "refunded",
            "captured",
            "voided",
            "providerRefunded",
        ],
        None,
        |i, v, at| {
            match i {
                0 => id = Some(text(v, at)?),
                1 => group = Some(variant(v, at)?),
                2 => amount_ = Some(amount(v, at)?),
                3 => connector_ = Some(connector(v, at)?),
                _ => {
                    if let Some(slot) = i.checked_sub(4).and_then(|k| ledger.get_mut(k)) {
                        *slot = opt(v, at, amount)?;
                    }
                }
            }
            Ok(())
        },
    )?;
    let [settled, cancelled, refunded, captured, voided, provider_refunded] = ledger;
    Ok(PaymentDto {
        id: required(id, at, "id")?,
        group: required(group, at, "group")?,
        value: required(amount_, at, "value")?,
        connector: connector_.unwrap_or_default(),
        settled,
        cancelled,
        refunded,
        captured,
        voided,
        provider_refunded,
    })
}

fn transaction(value: &Value, at: &At) -> Result<TransactionDto, InputError> {
    let (mut status, mut new_charges, mut payments) = (None, None, None);
    fields(
        value,
        at,
        "struct TransactionDto",
        &["status", "newCharges", "payments"],
        None,
        |i, v, at| {
            match i {
                0 => status = opt(v, at, variant)?,
                1 => new_charges = opt(v, at, amount)?,
                _ => payments = Some(list(v, at, payment)?),
            }
            Ok(())
        },
    )?;
    Ok(TransactionDto {
        status,
        new_charges,
        payments: required(payments, at, "payments")?,
    })
}

fn state(value: &Value, at: &At) -> Result<StateDto, InputError> {
    let (mut order_id, mut currency, mut status, mut amount_) = (None, None, None, None);
    let (mut items_, mut invoices, mut changes) = (Vec::new(), Vec::new(), Vec::new());
    let mut figures: [Option<RawAmount>; 3] = [None; 3];
    let mut transaction_ = None;
    fields(
        value,
        at,
        "struct StateDto",
        &[
            "orderId",
            "currency",
            "status",
            "value",
            "items",
            "shipping",
            "tax",
            "discounts",
            "invoices",
            "changes",
            "transaction",
        ],
        None,
        |i, v, at| {
            match i {
                0 => order_id = opt(v, at, text)?,
                1 => currency = Some(text(v, at)?),
                2 => status = opt(v, at, variant)?,
                3 => amount_ = opt(v, at, amount)?,
                4 => items_ = items(v, at)?,
                8 => invoices = list(v, at, state_invoice)?,
                9 => changes = list(v, at, |v, at| change(v, at, None))?,
                10 => transaction_ = Some(transaction(v, at)?),
                _ => {
                    if let Some(slot) = i.checked_sub(5).and_then(|k| figures.get_mut(k)) {
                        *slot = opt(v, at, amount)?;
                    }
                }
            }
            Ok(())
        },
    )?;
    let [shipping, tax, discounts] = figures;
    Ok(StateDto {
        order_id,
        currency: required(currency, at, "currency")?,
        status,
        value: amount_,
        items: items_,
        shipping,
        tax,
        discounts,
        invoices,
        changes,
        transaction: required(transaction_, at, "transaction")?,
    })
}

fn options(value: &Value, at: &At) -> Result<Options, InputError> {
    let mut options = Options::default();
    fields(
        value,
        at,
        "struct Options",
        &["split", "refundOrder", "explain"],
        None,
        |i, v, at| {
            match i {
                0 => options.split = variant(v, at)?,
                1 => options.refund_order = variant(v, at)?,
                _ => options.explain = boolean(v, at)?,
            }
            Ok(())
        },
    )?;
    Ok(options)
}

fn join(root: &str, inner: &str) -> String {
    match inner {
        "" | "." => root.to_string(),
        _ if inner.starts_with('[') => format!("{root}{inner}"),
        _ if root.is_empty() => inner.to_string(),
        _ => format!("{root}.{inner}"),
    }
}

/// Checks that `value` is an object, for a clearer message than serde's.
fn object<'a>(
    value: &'a Value,
    path: &str,
) -> Result<&'a serde_json::Map<String, Value>, InputError> {
    value
        .as_object()
        .ok_or_else(|| InputError::new(path, format!("expected an object, got {}", kind_of(value))))
}

/// What a JSON value is, for "expected …, got …" messages (also VTEX's reader).
pub(crate) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Reads and validates an order state; `path` names it in errors (`"state"`).
pub fn parse_state(value: &Value, path: &str) -> Result<OrderState, InputError> {
    object(value, path)?;
    let dto = state(value, &At::root(path))?;
    build_state(dto, path)
}

/// Reads options (`null` or absent means the defaults).
pub fn parse_options(value: Option<&Value>, path: &str) -> Result<Options, InputError> {
    match value {
        None | Some(Value::Null) => Ok(Options::default()),
        Some(v) => {
            object(v, path)?;
            options(v, &At::root(path))
        }
    }
}

/// Reads and validates one operation against the state it will apply to (the state's
/// currency decides how many decimals its amounts may have).
pub fn parse_operation(
    value: &Value,
    path: &str,
    state: &OrderState,
) -> Result<Operation, InputError> {
    let map = object(value, path)?;
    let type_path = join(path, "type");
    let kind = match map.get("type") {
        None => return Err(InputError::new(type_path, "missing field `type`")),
        Some(Value::String(s)) => s.as_str(),
        Some(other) => {
            return Err(InputError::new(
                type_path,
                format!("expected a string, got {}", kind_of(other)),
            ))
        }
    };
    // The fields but the tag, so that the shapes can refuse every other unknown field.
    let at = At::root(path);
    let check = Check {
        currency: state.currency,
    };
    match kind {
        "invoice" | "return" => {
            let dto = invoice(value, &at)?;
            let request = InvoiceRequest {
                number: dto.number.0,
                value: check.amount(dto.value, &join(path, "value"))?,
                items: check.items(dto.items, &join(path, "items"))?,
            };
            Ok(if kind == "invoice" {
                Operation::Invoice(request)
            } else {
                Operation::Return(request)
            })
        }
        "change" => {
            let dto = change(value, &at, Some("type"))?;
            Ok(Operation::Change(check.change(dto, path)?))
        }
        "cancel" => {
            let reason = cancel(value, &at)?;
            Ok(Operation::Cancel {
                reason: reason.map(|r| r.0),
            })
        }
        other => Err(InputError::new(
            type_path,
            format!(
                "unknown operation type {other:?}, expected one of `invoice`, `return`, `change`, `cancel`"
            ),
        )),
    }
}

// ----- Validation ---------------------------------------------------------------------------

struct Check {
    currency: Currency,
}

impl Check {
    fn amount(&self, raw: RawAmount, path: &str) -> Result<Decimal, InputError> {
        self.currency
            .fit(raw.0)
            .map_err(|message| InputError::new(path, message))
    }

    fn opt(&self, raw: Option<RawAmount>, path: &str) -> Result<Option<Decimal>, InputError> {
        raw.map(|r| self.amount(r, path)).transpose()
    }

    /// An amount that may not be negative (state figures).
    fn non_negative(&self, raw: Option<RawAmount>, path: &str) -> Result<Decimal, InputError> {
        let mut amount = self.opt(raw, path)?.unwrap_or_default();
        if amount < Decimal::ZERO {
            return Err(InputError::new(path, "expected an amount ≥ 0"));
        }
        // An absent amount is zero, written at the currency's scale like the rest.
        amount.rescale(self.currency.minor_units());
        Ok(amount)
    }

    fn list_len(len: usize, max: usize, path: &str) -> Result<(), InputError> {
        if len > max {
            return Err(InputError::new(
                path,
                format!("too many entries: {len}, at most {max}"),
            ));
        }
        Ok(())
    }

    /// Item lines: prices at the currency's scale and ≥ 0, quantity × price an amount in
    /// range. Paths are written only for an error: no allocation per item on the way (an order
    /// may list 10 000 items).
    fn items(&self, items: Vec<ItemDto>, path: &str) -> Result<Vec<Item>, InputError> {
        Self::list_len(items.len(), MAX_LIST_LEN, path)?;
        let at = |i: usize| format!("{path}[{i}]");
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            let price = match item.price {
                None => None,
                Some(raw) => {
                    let price_path = || join(&at(i), "price");
                    let price = self
                        .currency
                        .fit(raw.0)
                        .map_err(|message| InputError::new(price_path(), message))?;
                    if price < Decimal::ZERO {
                        return Err(InputError::new(price_path(), "expected a price ≥ 0"));
                    }
                    Some(price)
                }
            };
            let item = Item {
                id: item.id.0,
                quantity: item.quantity.0,
                price,
                name: item.name.map(|n| n.0),
            };
            // quantity × price must itself be an amount in range.
            if !item.line_value().is_ok_and(money::in_range) {
                return Err(InputError::new(at(i), "quantity × price is out of range"));
            }
            out.push(item);
        }
        Ok(out)
    }

    fn change(&self, dto: ChangeDto, path: &str) -> Result<Change, InputError> {
        let change = Change {
            request_id: dto.request_id.0,
            reason: dto.reason.map(|r| r.0),
            discount: self.opt(dto.discount, &join(path, "discount"))?,
            increment: self.opt(dto.increment, &join(path, "increment"))?,
            items_removed: self.items(dto.items_removed, &join(path, "itemsRemoved"))?,
            items_added: self.items(dto.items_added, &join(path, "itemsAdded"))?,
            api: dto.api,
        };
        if change.discount.is_none() && change.increment.is_none() {
            // The delta then comes from the items' prices (api.md section 4).
            let lists = [
                ("itemsRemoved", &change.items_removed),
                ("itemsAdded", &change.items_added),
            ];
            for (name, list) in lists {
                if let Some(i) = list.iter().position(|item| item.price.is_none()) {
                    return Err(InputError::new(
                        format!("{}[{i}].price", join(path, name)),
                        "missing field `price`: item prices are required when the change gives neither `discount` nor `increment`",
                    ));
                }
            }
        }
        Ok(change)
    }
}

fn build_state(dto: StateDto, path: &str) -> Result<OrderState, InputError> {
    let currency_path = join(path, "currency");
    let currency = Currency::from_code(&dto.currency.0).ok_or_else(|| {
        InputError::new(
            &currency_path,
            format!(
                "unknown currency {:?}: expected an ISO 4217 code such as \"BRL\"",
                dto.currency.0
            ),
        )
    })?;
    let check = Check { currency };
    let items = check.items(dto.items, &join(path, "items"))?;

    let invoices_path = join(path, "invoices");
    Check::list_len(dto.invoices.len(), MAX_LIST_LEN, &invoices_path)?;
    let mut invoices = Vec::with_capacity(dto.invoices.len());
    let mut numbers = BTreeSet::new();
    for (i, inv) in dto.invoices.into_iter().enumerate() {
        // Paths are written only for an error (an order may carry 10 000 invoices): the checks
        // run at the empty path, and an error is moved under this invoice's field.
        let at = |field: &'static str| join(&format!("{invoices_path}[{i}]"), field);
        let under = |field: &'static str| {
            move |e: InputError| InputError::new(join(&at(field), &e.path), e.message)
        };
        let value = check
            .non_negative(Some(inv.value), "")
            .map_err(under("value"))?;
        if !numbers.insert(inv.number.0.clone()) {
            return Err(InputError::new(
                at("number"),
                format!("invoice number {:?} appears twice", inv.number.0),
            ));
        }
        invoices.push(Invoice {
            kind: inv.kind,
            number: inv.number.0,
            value,
            items: check.items(inv.items, "").map_err(under("items"))?,
        });
    }

    let changes_path = join(path, "changes");
    Check::list_len(dto.changes.len(), MAX_LIST_LEN, &changes_path)?;
    let mut changes = Vec::with_capacity(dto.changes.len());
    for (i, c) in dto.changes.into_iter().enumerate() {
        let at = format!("{changes_path}[{i}]");
        let change = check.change(c, &at)?;
        for (name, amount) in [
            ("discount", change.discount),
            ("increment", change.increment),
        ] {
            if amount.is_some_and(|a| a < Decimal::ZERO) {
                return Err(InputError::new(join(&at, name), "expected an amount ≥ 0"));
            }
        }
        changes.push(change);
    }

    let tx_path = join(path, "transaction");
    let payments_path = join(&tx_path, "payments");
    let tx = dto.transaction;
    if tx.payments.is_empty() {
        return Err(InputError::new(
            &payments_path,
            "expected at least one payment",
        ));
    }
    Check::list_len(tx.payments.len(), MAX_PAYMENTS, &payments_path)?;
    let mut payments = Vec::with_capacity(tx.payments.len());
    let mut given_provider = Vec::with_capacity(tx.payments.len());
    let mut ids = BTreeSet::new();
    for (i, p) in tx.payments.into_iter().enumerate() {
        let at = format!("{payments_path}[{i}]");
        if !ids.insert(p.id.0.clone()) {
            return Err(InputError::new(
                join(&at, "id"),
                format!("payment id {:?} appears twice", p.id.0),
            ));
        }
        let f = |name: &str| join(&at, name);
        given_provider
            .push(p.captured.is_some() || p.voided.is_some() || p.provider_refunded.is_some());
        payments.push(Payment {
            id: p.id.0,
            group: p.group,
            value: check.non_negative(Some(p.value), &f("value"))?,
            connector: Connector {
                protocol: p.connector.protocol.unwrap_or(Protocol::Ppp),
                mode: p.connector.mode.unwrap_or(Mode::Total),
                partial_refund: p.connector.partial_refund.unwrap_or(true),
                value_increase: p.connector.value_increase.unwrap_or(false),
                max_value: check.opt(p.connector.max_value, &join(&f("connector"), "maxValue"))?,
            },
            settled: check.non_negative(p.settled, &f("settled"))?,
            cancelled: check.non_negative(p.cancelled, &f("cancelled"))?,
            refunded: check.non_negative(p.refunded, &f("refunded"))?,
            captured: check.non_negative(p.captured, &f("captured"))?,
            voided: check.non_negative(p.voided, &f("voided"))?,
            provider_refunded: check.non_negative(p.provider_refunded, &f("providerRefunded"))?,
        });
    }
    // The provider ledger, when none of its fields is given, is what the (effective) mode
    // would have produced from the gateway ledger.
    let (modes, _) = effective_modes(&payments);
    for (i, ((p, mode), given)) in payments
        .iter_mut()
        .zip(modes)
        .zip(given_provider)
        .enumerate()
    {
        let at = format!("{payments_path}[{i}]");
        let out_of_range = || InputError::new(&at, "ledger amounts out of range");
        if !given {
            p.derive_provider_ledger(mode).map_err(|_| out_of_range())?;
        }
        if let Some(broken) = p.broken_bound().map_err(|_| out_of_range())? {
            return Err(InputError::new(&at, broken));
        }
    }

    let mut state = OrderState {
        order_id: dto.order_id.map(|o| o.0),
        currency,
        status: dto.status.unwrap_or(OrderStatus::Handling),
        value: Decimal::ZERO,
        items,
        shipping: check.non_negative(dto.shipping, &join(path, "shipping"))?,
        tax: check.non_negative(dto.tax, &join(path, "tax"))?,
        discounts: check.non_negative(dto.discounts, &join(path, "discounts"))?,
        invoices,
        changes,
        transaction: Transaction {
            // Judged below when the state does not give it; a cancelled order's transaction
            // is cancelled (semantics.md section 7), and the judgement keeps it so.
            status: if dto.status == Some(OrderStatus::Canceled) {
                TransactionStatus::Canceled
            } else {
                TransactionStatus::Approved
            },
            new_charges: check.non_negative(tx.new_charges, &join(&tx_path, "newCharges"))?,
            payments,
        },
    };
    let value_path = join(path, "value");
    state.value = match dto.value {
        Some(raw) => check.non_negative(Some(raw), &value_path)?,
        None => {
            let derived = state
                .derived_value()
                .map_err(|_| InputError::new(&value_path, "the order value is out of range"))?;
            if derived < Decimal::ZERO {
                return Err(InputError::new(
                    &value_path,
                    format!("the order value derived from items, shipping, tax, discounts and changes is negative ({derived})"),
                ));
            }
            derived
        }
    };
    // Every total the engine adds up must stay an amount in range.
    let totals_ok = state.invoiced().is_ok_and(money::in_range)
        && state.returned().is_ok_and(money::in_range)
        && money::in_range(state.value);
    if !totals_ok {
        return Err(InputError::new(path, "order totals out of range"));
    }
    state.transaction.status = match tx.status {
        Some(status) => status,
        None => state
            .judged_transaction_status()
            .map_err(|_| InputError::new(&tx_path, "ledger amounts out of range"))?,
    };
    state.rescale_amounts();
    Ok(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A JSON number is read through the text Rust's `Display` writes for its `f64`: the
    /// same digits, the exponent written out.
    #[test]
    fn plain_number_is_rusts_display() {
        let mut cases = vec![
            0.0,
            -0.0,
            1.0,
            12.0,
            12.34,
            0.1,
            0.1 + 0.2,
            1e15,
            1e16,
            1e21,
            1e22,
            1.5e-7,
            1e-7,
            123_456.789,
            5e-324,
            1.7976931348623157e308,
            9_007_199_254_740_993.0,
            0.000_123,
        ];
        // A deterministic spread over the whole range of f64 (xorshift).
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let f = f64::from_bits(x);
            if f.is_finite() {
                cases.push(f);
                cases.push((f.abs() % 1e6 * 100.0).round() / 100.0);
            }
        }
        for f in cases {
            let n = serde_json::Number::from_f64(f).unwrap();
            let (ours, rusts) = (plain_number(&n), f.to_string());
            // The same shortest digits, but where two are as close (an exact tie), where
            // Rust's Display rounds up and serde_json's formatter, like JavaScript's
            // String(n), takes the even digit: the same number, the same length.
            if ours != rusts {
                assert_eq!(ours.parse::<f64>().unwrap(), f, "{f:e}");
                assert_eq!(ours.len(), rusts.len(), "{f:e}");
                assert!(
                    ours.len() - usize::from(f < 0.0) > 16,
                    "{f:e}: {ours} {rusts}"
                );
            }
        }
        // An exact tie (…562.25): JavaScript writes "1658206780088562.2", and so do we.
        #[allow(clippy::excessive_precision)]
        let tie = serde_json::Number::from_f64(1_658_206_780_088_562.25).unwrap();
        assert_eq!(plain_number(&tie), "1658206780088562.2");
        assert_eq!(plain_number(&serde_json::Number::from(42_u64)), "42");
        assert_eq!(plain_number(&serde_json::Number::from(-42_i64)), "-42");
    }

    /// serde's messages, as the derive wrote them.
    #[test]
    fn messages_are_serdes() {
        let at = At::root("x");
        let e = |v: Value| text::<true>(&v, &at).unwrap_err().message;
        assert_eq!(e(Value::Null), "invalid type: null, expected a string");
        assert_eq!(
            e(1.5.into()),
            "invalid type: floating point `1.5`, expected a string"
        );
        assert_eq!(
            e(1e21.into()),
            "invalid type: floating point `1e+21`, expected a string"
        );
        assert_eq!(
            e((-3).into()),
            "invalid type: integer `-3`, expected a string"
        );
        assert_eq!(
            e(true.into()),
            "invalid type: boolean `true`, expected a string"
        );
        assert_eq!(
            e(serde_json::json!([])),
            "invalid type: sequence, expected a string"
        );
        assert_eq!(
            e(serde_json::json!({})),
            "invalid type: map, expected a string"
        );
        let e = |v: Value| variant::<Mode>(&v, &at).unwrap_err().message;
        assert_eq!(
            e("x\"".into()),
            "unknown variant `x\"`, expected one of `total`, `hold`, `partial`"
        );
        assert_eq!(e(Value::Null), "invalid type: null, expected string or map");
        assert_eq!(
            e(serde_json::json!({ "total": 1 })),
            "invalid type: integer `1`, expected unit"
        );
        assert_eq!(
            e(serde_json::json!({})),
            "invalid value: map, expected map with a single key"
        );
        assert_eq!(
            variant::<Mode>(&serde_json::json!({ "hold": null }), &at).unwrap(),
            Mode::Hold
        );
        assert_eq!(
            variant::<Protocol>(&"x".into(), &at).unwrap_err().message,
            "unknown variant `x`, expected `ppp` or `legacy`"
        );
        let e = cancel(&serde_json::json!({ "type": "cancel", "value": 1 }), &at).unwrap_err();
        assert_eq!(e.path, "x.value");
        assert_eq!(e.message, "unknown field `value`, expected `reason`");
        let root = At::root("");
        let e = item(&serde_json::json!({ "id": "A" }), &root.index(3))
            .err()
            .unwrap();
        assert_eq!(
            (e.path.as_str(), e.message.as_str()),
            ("[3].quantity", "missing field `quantity`")
        );
        let e = item(&serde_json::json!({ "id": "A", "quantity": "1" }), &root)
            .err()
            .unwrap();
        assert_eq!(
            (e.path.as_str(), e.message.as_str()),
            (
                "quantity",
                "invalid type: string \"1\", expected a whole number of units from 1 to 9007199254740991"
            )
        );
    }
}
