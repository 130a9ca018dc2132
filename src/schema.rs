//! The JSON shapes of api.md sections 3 and 4, read strictly, and turned into validated domain
//! values in one pass that records where each problem is.
//!
//! Malformed input is an [`InputError`] (`INVALID_INPUT`) with a path such as
//! `operation.items[1].quantity` and a message that says what was expected. Two steps:
//! `serde` reads the shapes (unknown fields refused, amounts through the strict grammar of
//! [`crate::money::parse_amount`], quantities whole numbers from 1 to 2^53 − 1), then
//! validation checks what needs the whole order: the currency's minor units, the ledger bounds,
//! unique ids, the size limits, and derives what the state leaves out.

use crate::engine::effective_modes;
use crate::money::{self, parse_amount, Currency};
use crate::operation::{InvoiceRequest, Operation, Options};
use crate::order::{
    Change, Invoice, InvoiceType, Item, OrderState, OrderStatus, Transaction, TransactionStatus,
};
use crate::payment::{Connector, Group, Mode, Payment, Protocol};
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeSet;
use std::fmt;

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

impl<'de> Deserialize<'de> for RawAmount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RawAmount;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an amount: a decimal string like \"12.34\" or a finite number")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<RawAmount, E> {
                parse_amount(s).map(RawAmount).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<RawAmount, E> {
                self.visit_str(&n.to_string())
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<RawAmount, E> {
                self.visit_str(&n.to_string())
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<RawAmount, E> {
                if !n.is_finite() {
                    return Err(E::custom(format!("expected a finite amount, got {n}")));
                }
                // Rust prints the shortest text that reads back as the same f64, without an
                // exponent: 12.34 is "12.34", 0.1 + 0.2 is "0.30000000000000004" (refused:
                // too many decimals), 1e21 is 22 digits (refused: out of range).
                self.visit_str(&n.to_string())
            }
        }
        d.deserialize_any(V)
    }
}

/// A quantity: a whole JSON number from 1 to 2^53 − 1.
#[derive(Debug, Clone, Copy)]
struct Quantity(u64);

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Quantity;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "a whole number of units from 1 to {MAX_QUANTITY}")
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Quantity, E> {
                if (1..=MAX_QUANTITY).contains(&n) {
                    Ok(Quantity(n))
                } else {
                    Err(E::custom(format!(
                        "expected a whole number of units from 1 to {MAX_QUANTITY}, got {n}"
                    )))
                }
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Quantity, E> {
                match u64::try_from(n) {
                    Ok(n) => self.visit_u64(n),
                    Err(_) => Err(E::custom(format!(
                        "expected a whole number of units from 1 to {MAX_QUANTITY}, got {n}"
                    ))),
                }
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<Quantity, E> {
                // `as` is exact here: n is whole and within 1..=2^53 − 1.
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                if n.fract() == 0.0 && n >= 1.0 && n <= MAX_QUANTITY as f64 {
                    Ok(Quantity(n as u64))
                } else {
                    Err(E::custom(format!(
                        "expected a whole number of units from 1 to {MAX_QUANTITY}, got {n}"
                    )))
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// A string of at most [`MAX_TEXT_LEN`] characters; `NonEmpty` ones (ids, numbers, request
/// ids) must have at least one.
#[derive(Debug, Clone)]
struct Text<const NON_EMPTY: bool>(String);

impl<'de, const NON_EMPTY: bool> Deserialize<'de> for Text<NON_EMPTY> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if NON_EMPTY && s.is_empty() {
            return Err(de::Error::custom("expected a non-empty string"));
        }
        // Counting characters only when the bytes could be too many (a character is ≥ 1 byte).
        if s.len() > MAX_TEXT_LEN && s.chars().count() > MAX_TEXT_LEN {
            return Err(de::Error::custom(format!(
                "expected at most {MAX_TEXT_LEN} characters"
            )));
        }
        Ok(Text(s))
    }
}

type Id = Text<true>;
type Note = Text<false>;

// ----- Shapes -------------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct StateDto {
    order_id: Option<Note>,
    currency: Id,
    status: Option<OrderStatus>,
    value: Option<RawAmount>,
    #[serde(default)]
    items: Vec<ItemDto>,
    shipping: Option<RawAmount>,
    tax: Option<RawAmount>,
    discounts: Option<RawAmount>,
    #[serde(default)]
    invoices: Vec<StateInvoiceDto>,
    #[serde(default)]
    changes: Vec<ChangeDto>,
    transaction: TransactionDto,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ItemDto {
    id: Id,
    quantity: Quantity,
    price: Option<RawAmount>,
    name: Option<Note>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct StateInvoiceDto {
    #[serde(rename = "type")]
    kind: InvoiceType,
    number: Id,
    value: RawAmount,
    #[serde(default)]
    items: Vec<ItemDto>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct InvoiceDto {
    number: Id,
    value: RawAmount,
    #[serde(default)]
    items: Vec<ItemDto>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ChangeDto {
    request_id: Id,
    reason: Option<Note>,
    discount: Option<RawAmount>,
    increment: Option<RawAmount>,
    #[serde(default)]
    items_removed: Vec<ItemDto>,
    #[serde(default)]
    items_added: Vec<ItemDto>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CancelDto {
    reason: Option<Note>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct TransactionDto {
    status: Option<TransactionStatus>,
    new_charges: Option<RawAmount>,
    payments: Vec<PaymentDto>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct PaymentDto {
    id: Id,
    group: Group,
    value: RawAmount,
    #[serde(default)]
    connector: ConnectorDto,
    settled: Option<RawAmount>,
    cancelled: Option<RawAmount>,
    refunded: Option<RawAmount>,
    captured: Option<RawAmount>,
    voided: Option<RawAmount>,
    provider_refunded: Option<RawAmount>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ConnectorDto {
    protocol: Option<Protocol>,
    mode: Option<Mode>,
    partial_refund: Option<bool>,
    value_increase: Option<bool>,
    max_value: Option<RawAmount>,
}

// ----- Reading ------------------------------------------------------------------------------

/// Reads a JSON value into a shape, with the path of the first problem under `root`.
fn read<'a, T: Deserialize<'a>>(value: &'a Value, root: &str) -> Result<T, InputError> {
    read_from(value, root)
}

/// [`read`] from any deserializer (an operation's [`Body`], a view of its map).
fn read_from<'a, D, T>(source: D, root: &str) -> Result<T, InputError>
where
    D: Deserializer<'a>,
    D::Error: fmt::Display,
    T: Deserialize<'a>,
{
    serde_path_to_error::deserialize(source).map_err(|e| {
        let inner = e.path().to_string();
        let message = e.inner().to_string();
        let message = message
            .strip_prefix("Error: ")
            .unwrap_or(&message)
            .to_string();
        let path = join(root, &inner);
        let path = match missing_field(&message) {
            Some(field) => join(&path, field),
            None => path,
        };
        InputError::new(path, message)
    })
}

/// The field a "missing field `value`" error is about. serde raises a missing field from the
/// object that lacks it, once the object has been read, so `serde_path_to_error` reports the
/// object's path (`operation`); api.md section 2 wants the field's own (`operation.value`), so
/// that a form can mark it. The text is serde's own (`de::Error::missing_field`'s default,
/// which `serde_json` keeps), for every shape read here.
fn missing_field(message: &str) -> Option<&str> {
    message
        .strip_prefix("missing field `")?
        .strip_suffix('`')
        .filter(|field| !field.is_empty() && !field.contains('`'))
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

fn kind_of(value: &Value) -> &'static str {
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
    let dto: StateDto = read(value, path)?;
    build_state(dto, path)
}

/// Reads options (`null` or absent means the defaults).
pub fn parse_options(value: Option<&Value>, path: &str) -> Result<Options, InputError> {
    match value {
        None | Some(Value::Null) => Ok(Options::default()),
        Some(v) => {
            object(v, path)?;
            read(v, path)
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
    // The body without its tag, so that the shapes can refuse every other unknown field (a
    // view of the map: no copy of an operation's 1 000 items).
    let body = Body(map);
    let check = Check {
        currency: state.currency,
    };
    match kind {
        "invoice" | "return" => {
            let dto: InvoiceDto = read_from(body, path)?;
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
            let dto: ChangeDto = read_from(body, path)?;
            Ok(Operation::Change(check.change(dto, path)?))
        }
        "cancel" => {
            let dto: CancelDto = read_from(body, path)?;
            Ok(Operation::Cancel {
                reason: dto.reason.map(|r| r.0),
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

/// An operation's fields but its `type` tag, read as a map by the shapes.
#[derive(Clone, Copy)]
struct Body<'a>(&'a serde_json::Map<String, Value>);

impl<'de> Deserializer<'de> for Body<'de> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        let fields = self
            .0
            .iter()
            .filter(|(key, _)| key.as_str() != "type")
            .map(|(key, value)| (key.as_str(), value));
        let mut map = de::value::MapDeserializer::new(fields);
        let read = visitor.visit_map(&mut map)?;
        map.end()?;
        Ok(read)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
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
        items
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
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
                Ok(item)
            })
            .collect()
    }

    fn change(&self, dto: ChangeDto, path: &str) -> Result<Change, InputError> {
        let change = Change {
            request_id: dto.request_id.0,
            reason: dto.reason.map(|r| r.0),
            discount: self.opt(dto.discount, &join(path, "discount"))?,
            increment: self.opt(dto.increment, &join(path, "increment"))?,
            items_removed: self.items(dto.items_removed, &join(path, "itemsRemoved"))?,
            items_added: self.items(dto.items_added, &join(path, "itemsAdded"))?,
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
