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

use crate::doc::Json;
use crate::engine::effective_modes;
use crate::money::{self, Currency};
use crate::operation::{InvoiceRequest, Operation, Options};
use crate::order::{
    Change, ChangeApi, Invoice, InvoiceType, Item, OrderState, OrderStatus, Transaction,
    TransactionStatus,
};
use crate::payment::{Connector, Group, Mode, Payment, Protocol};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

pub(crate) use crate::read::kind_of;
use crate::read::At;
pub use crate::read::{InputError, MAX_LIST_LEN, MAX_QUANTITY, MAX_TEXT_LEN};

/// The most payments a transaction may have.
pub const MAX_PAYMENTS: usize = 100;

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
// The shapes are read by hand from the `serde_json` value with the crate's one path-tracking
// reader ([`crate::read::At`], in serde's wording), not by `serde`'s derive through
// `serde_path_to_error`: the derive monomorphised a visitor per shape and per wrapper, a third
// of the `.wasm` (the 150 KB budget of issues 9, 11 and 13, js-tests/size.test.mjs), and the
// hand reader is also faster (benches/js). It keeps what the derive gave, message for
// message (api.md section 2; tests/input.rs, js-tests/hostile.test.mjs): fields read in key
// order, the first problem reported (so the same one as before), unknown fields refused with
// serde's "unknown field `x`, expected one of …", a missing field named by its own path with
// serde's "missing field `x`", a value of the wrong kind with serde_json's "invalid type: …,
// expected …", `null` for an optional field the same as its absence. Reading allocates no
// path: it is written out only for an error.
// Deliberately not kept: serde read a struct from an array of its fields in order (`["A", 1]`
// as an item); such an array is now "invalid type: sequence, expected struct ItemDto".

pub use crate::names::Named;

fn text<const NON_EMPTY: bool>(at: &At) -> Result<Text<NON_EMPTY>, InputError> {
    Ok(Text(if NON_EMPTY {
        at.non_empty_text()?
    } else {
        at.text()?
    }))
}

fn amount(at: &At) -> Result<RawAmount, InputError> {
    at.amount().map(RawAmount)
}

fn boolean(at: &At) -> Result<bool, InputError> {
    at.boolean()
}

/// One of `T`'s names: a string, or (as serde read a unit variant) a map of one such name to
/// `null`.
fn variant<T: Named>(at: &At) -> Result<T, InputError> {
    let i = at.variant(T::NAMES)?;
    T::ALL
        .get(i)
        .copied()
        .ok_or_else(|| at.error("unknown variant"))
}

fn item(at: &At) -> Result<ItemDto, InputError> {
    let (mut id, mut quantity, mut price, mut name) = (None, None, None, None);
    at.fields(
        "struct ItemDto",
        &["id", "quantity", "price", "name"],
        None,
        |i, at| {
            match i {
                0 => id = Some(text(at)?),
                1 => quantity = Some(Quantity(at.quantity()?)),
                2 => price = at.nullable(amount)?,
                _ => name = at.nullable(text)?,
            }
            Ok(())
        },
    )?;
    Ok(ItemDto {
        id: at.required(id, "id")?,
        quantity: at.required(quantity, "quantity")?,
        price,
        name,
    })
}

fn items(at: &At) -> Result<Vec<ItemDto>, InputError> {
    at.each(item)
}

fn state_invoice(at: &At) -> Result<StateInvoiceDto, InputError> {
    let (mut kind, mut number, mut amount_, mut items_) = (None, None, None, Vec::new());
    at.fields(
        "struct StateInvoiceDto",
        &["type", "number", "value", "items"],
        None,
        |i, at| {
            match i {
                0 => kind = Some(variant(at)?),
                1 => number = Some(text(at)?),
                2 => amount_ = Some(amount(at)?),
                _ => items_ = items(at)?,
            }
            Ok(())
        },
    )?;
    Ok(StateInvoiceDto {
        kind: at.required(kind, "type")?,
        number: at.required(number, "number")?,
        value: at.required(amount_, "value")?,
        items: items_,
    })
}

/// An invoice or a return operation (its fields but `type`).
fn invoice(at: &At) -> Result<InvoiceDto, InputError> {
    let (mut number, mut amount_, mut items_) = (None, None, Vec::new());
    at.fields(
        "struct InvoiceDto",
        &["number", "value", "items"],
        Some("type"),
        |i, at| {
            match i {
                0 => number = Some(text(at)?),
                1 => amount_ = Some(amount(at)?),
                _ => items_ = items(at)?,
            }
            Ok(())
        },
    )?;
    Ok(InvoiceDto {
        number: at.required(number, "number")?,
        value: at.required(amount_, "value")?,
        items: items_,
    })
}

/// A change, in the state or as an operation (`skip`: its `type` tag).
fn change(at: &At, skip: Option<&str>) -> Result<ChangeDto, InputError> {
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
    at.fields(
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
        |i, at| {
            match i {
                0 => request_id = Some(text(at)?),
                1 => dto.reason = at.nullable(text)?,
                2 => dto.discount = at.nullable(amount)?,
                3 => dto.increment = at.nullable(amount)?,
                4 => dto.items_removed = items(at)?,
                5 => dto.items_added = items(at)?,
                _ => dto.api = variant(at)?,
            }
            Ok(())
        },
    )?;
    dto.request_id = at.required(request_id, "requestId")?;
    Ok(dto)
}

/// A cancellation (its fields but `type`): the reason, when given.
fn cancel(at: &At) -> Result<Option<Note>, InputError> {
    let mut reason = None;
    at.fields("struct CancelDto", &["reason"], Some("type"), |_, at| {
        reason = at.nullable(text)?;
        Ok(())
    })?;
    Ok(reason)
}

fn connector(at: &At) -> Result<ConnectorDto, InputError> {
    let mut dto = ConnectorDto::default();
    at.fields(
        "struct ConnectorDto",
        &[
            "protocol",
            "mode",
            "partialRefund",
            "valueIncrease",
            "maxValue",
        ],
        None,
        |i, at| {
            match i {
                0 => dto.protocol = at.nullable(variant)?,
                1 => dto.mode = at.nullable(variant)?,
                2 => dto.partial_refund = at.nullable(boolean)?,
                3 => dto.value_increase = at.nullable(boolean)?,
                _ => dto.max_value = at.nullable(amount)?,
            }
            Ok(())
        },
    )?;
    Ok(dto)
}

fn payment(at: &At) -> Result<PaymentDto, InputError> {
    let (mut id, mut group, mut amount_, mut connector_) = (None, None, None, None);
    let mut ledger: [Option<RawAmount>; 6] = [None; 6];
    at.fields(
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
        |i, at| {
            match i {
                0 => id = Some(text(at)?),
                1 => group = Some(variant(at)?),
                2 => amount_ = Some(amount(at)?),
                3 => connector_ = Some(connector(at)?),
                _ => {
                    if let Some(slot) = i.checked_sub(4).and_then(|k| ledger.get_mut(k)) {
                        *slot = at.nullable(amount)?;
                    }
                }
            }
            Ok(())
        },
    )?;
    let [settled, cancelled, refunded, captured, voided, provider_refunded] = ledger;
    Ok(PaymentDto {
        id: at.required(id, "id")?,
        group: at.required(group, "group")?,
        value: at.required(amount_, "value")?,
        connector: connector_.unwrap_or_default(),
        settled,
        cancelled,
        refunded,
        captured,
        voided,
        provider_refunded,
    })
}

fn transaction(at: &At) -> Result<TransactionDto, InputError> {
    let (mut status, mut new_charges, mut payments) = (None, None, None);
    at.fields(
        "struct TransactionDto",
        &["status", "newCharges", "payments"],
        None,
        |i, at| {
            match i {
                0 => status = at.nullable(variant)?,
                1 => new_charges = at.nullable(amount)?,
                _ => payments = Some(at.each(payment)?),
            }
            Ok(())
        },
    )?;
    Ok(TransactionDto {
        status,
        new_charges,
        payments: at.required(payments, "payments")?,
    })
}

fn state(at: &At) -> Result<StateDto, InputError> {
    let (mut order_id, mut currency, mut status, mut amount_) = (None, None, None, None);
    let (mut items_, mut invoices, mut changes) = (Vec::new(), Vec::new(), Vec::new());
    let mut figures: [Option<RawAmount>; 3] = [None; 3];
    let mut transaction_ = None;
    at.fields(
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
        |i, at| {
            match i {
                0 => order_id = at.nullable(text)?,
                1 => currency = Some(text(at)?),
                2 => status = at.nullable(variant)?,
                3 => amount_ = at.nullable(amount)?,
                4 => items_ = items(at)?,
                8 => invoices = at.each(state_invoice)?,
                9 => changes = at.each(|at| change(at, None))?,
                10 => transaction_ = Some(transaction(at)?),
                _ => {
                    if let Some(slot) = i.checked_sub(5).and_then(|k| figures.get_mut(k)) {
                        *slot = at.nullable(amount)?;
                    }
                }
            }
            Ok(())
        },
    )?;
    let [shipping, tax, discounts] = figures;
    Ok(StateDto {
        order_id,
        currency: at.required(currency, "currency")?,
        status,
        value: amount_,
        items: items_,
        shipping,
        tax,
        discounts,
        invoices,
        changes,
        transaction: at.required(transaction_, "transaction")?,
    })
}

fn options(at: &At) -> Result<Options, InputError> {
    let mut options = Options::default();
    at.fields(
        "struct Options",
        &["split", "refundOrder", "explain"],
        None,
        |i, at| {
            match i {
                0 => options.split = variant(at)?,
                1 => options.refund_order = variant(at)?,
                _ => options.explain = at.boolean()?,
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

/// Reads and validates an order state; `path` names it in errors (`"state"`).
pub fn parse_state(value: &Json, path: &str) -> Result<OrderState, InputError> {
    let at = At::serde_root(value, path);
    at.object()?;
    let dto = state(&at)?;
    build_state(dto, path)
}

/// Reads options (`null` or absent means the defaults).
pub fn parse_options(value: Option<&Json>, path: &str) -> Result<Options, InputError> {
    match value {
        None | Some(Json::Null) => Ok(Options::default()),
        Some(v) => {
            let at = At::serde_root(v, path);
            at.object()?;
            options(&at)
        }
    }
}

/// Reads and validates one operation against the state it will apply to (the state's
/// currency decides how many decimals its amounts may have).
pub fn parse_operation(
    value: &Json,
    path: &str,
    state: &OrderState,
) -> Result<Operation, InputError> {
    let at = At::serde_root(value, path);
    at.object()?;
    let kind = match value.get("type") {
        None => return Err(at.missing("type")),
        Some(Json::Str(s)) => s.as_ref(),
        Some(other) => {
            return Err(InputError::new(
                at.child_path("type"),
                format!("expected a string, got {}", kind_of(other)),
            ))
        }
    };
    // The fields but the tag, so that the shapes can refuse every other unknown field.
    let check = Check {
        currency: state.currency,
    };
    match kind {
        "invoice" | "return" => {
            let dto = invoice(&at)?;
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
            let dto = change(&at, Some("type"))?;
            Ok(Operation::Change(check.change(dto, path)?))
        }
        "cancel" => {
            let reason = cancel(&at)?;
            Ok(Operation::Cancel {
                reason: reason.map(|r| r.0),
            })
        }
        other => Err(InputError::new(
            at.child_path("type"),
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
                    // `price < 0`, without `Decimal`'s comparison (issue 20: once per item).
                    if price.is_sign_negative() && !price.is_zero() {
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
            if !money::line_in_range(item.price.unwrap_or(Decimal::ZERO), item.quantity) {
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
    use serde_json::Value;

    /// Read from text into the borrowed document, a state's fields are read in key order (the
    /// first unknown field in byte order is the one refused) and a repeated key counts with its
    /// last value, as with serde_json's `Value` (issue 20).
    #[test]
    fn key_order_and_repeated_keys_are_values() {
        let payments =
            r#""transaction":{"payments":[{"id":"p","group":"creditCard","value":"1.00"}]}"#;
        let read = |text: &str| {
            let from_text = parse_state(&Json::from_str(text).unwrap(), "state");
            let value: Value = serde_json::from_str(text).unwrap();
            assert_eq!(
                from_text,
                parse_state(&Json::from(&value), "state"),
                "{text}"
            );
            from_text
        };
        let text = format!(
            r#"{{"currency":"BRL","items":[{{"zz":1,"id":"A","quantity":1,"Ab":2,"aa":3}}],{payments}}}"#
        );
        let e = read(&text).unwrap_err();
        assert_eq!(e.path, "state.items[0].Ab");
        assert!(e.message.starts_with("unknown field `Ab`"), "{}", e.message);
        let text = format!(
            r#"{{"currency":"XXX","currency":"BRL","value":"x","value":"1.00",{payments}}}"#
        );
        let state = read(&text).unwrap();
        assert_eq!(
            (state.currency.code(), state.value.to_string()),
            ("BRL", "1.00".into())
        );
        let text = format!(r#"{{"currency":"BRL","currency":"XXX",{payments}}}"#);
        assert_eq!(read(&text).unwrap_err().path, "state.currency");
    }

    /// serde's messages, as the derive wrote them.
    #[test]
    fn messages_are_serdes() {
        let e = |v: Value| {
            text::<true>(&At::serde_root(&Json::from(&v), "x"))
                .unwrap_err()
                .message
        };
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
        let e = |v: Value| {
            variant::<Mode>(&At::serde_root(&Json::from(&v), "x"))
                .unwrap_err()
                .message
        };
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
            variant::<Mode>(&At::serde_root(
                &Json::from(&serde_json::json!({ "hold": null })),
                "x"
            ))
            .unwrap(),
            Mode::Hold
        );
        assert_eq!(
            variant::<Protocol>(&At::serde_root(&Json::Str("x".into()), "x"))
                .unwrap_err()
                .message,
            "unknown variant `x`, expected `ppp` or `legacy`"
        );
        let v = serde_json::json!({ "type": "cancel", "value": 1 });
        let e = cancel(&At::serde_root(&Json::from(&v), "x")).unwrap_err();
        assert_eq!(e.path, "x.value");
        assert_eq!(e.message, "unknown field `value`, expected `reason`");
        let ok = serde_json::json!({ "id": "A", "quantity": 1 });
        let list = serde_json::json!([ok, ok, ok, { "id": "A" }]);
        let e = At::serde_root(&Json::from(&list), "")
            .each(item)
            .err()
            .unwrap();
        assert_eq!(
            (e.path.as_str(), e.message.as_str()),
            ("[3].quantity", "missing field `quantity`")
        );
        let e = item(&At::serde_root(
            &Json::from(&serde_json::json!({ "id": "A", "quantity": "1" })),
            "",
        ))
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
