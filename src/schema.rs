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

// ----- The walk's text of an invoice or a return, read straight --------------------------------

/// An invoice or a return read straight from the JSON text the package's walk writes (no
/// whitespace, no escapes, amounts as strings, quantities as plain digits), without a
/// [`Json`] document or its shapes in between: `None` for anything else and for anything
/// that is not accepted as it stands (a missing, repeated, unknown or `null` field, a number
/// for an amount, a long text, any problem the validation below would report), and the caller
/// then reads the text as before, so every error and its message is the one it was.
///
/// Why (issue 20): `ledger.preview` of an invoice listing 10 items spent half of its .wasm's
/// instructions reading the operation (~47 k natively: the document of ~60 values, its
/// sorted entries, the shapes' `At`s, the DTOs, the drops) where this reads ~11 k.
/// What it accepts gives the same `Operation` as [`parse_operation`]: the same
/// [`money::parse_amount`] and [`Currency::fit`], prices ≥ 0, [`money::line_in_range`], ids
/// and numbers non-empty, texts of at most [`MAX_TEXT_LEN`] bytes (so characters), at most
/// [`MAX_LIST_LEN`] items, quantities from 1 to [`MAX_QUANTITY`].
pub fn plain_invoice(text: &str, state: &OrderState) -> Option<Operation> {
    let mut scan = Scan { text, at: 0 };
    let currency = state.currency;
    let (mut output, mut number, mut value, mut items) = (None, None, None, Vec::new());
    const FIELDS: [Key; 4] = [
        Key::of("type\":"),
        Key::of("number\":"),
        Key::of("value\":"),
        Key::of("items\":"),
    ];
    scan.object(&FIELDS, |scan, i| {
        match i {
            0 => {
                output = Some(match scan.string()? {
                    "invoice" => true,
                    "return" => false,
                    _ => return None,
                })
            }
            1 => number = Some(scan.text(true)?),
            2 => value = Some(scan.amount(currency)?),
            _ => items = scan.items(currency)?,
        }
        Some(())
    })?;
    // The whole text read; `type`, `number` and `value` given.
    if scan.at != text.len() {
        return None;
    }
    let request = InvoiceRequest {
        number: number?,
        value: value?,
        items,
    };
    match output? {
        true => Some(Operation::Invoice(request)),
        false => Some(Operation::Return(request)),
    }
}

/// A field name of [`plain_invoice`] as it follows its opening quote, `name":`, for
/// [`Scan::key`]: its first 8 bytes as a little-endian word, the mask of the bytes it has of
/// them, the bytes after them, its length.
struct Key {
    word: u64,
    mask: u64,
    tail: &'static [u8],
    len: usize,
}

impl Key {
    const fn of(quoted: &'static str) -> Key {
        let (mut word, mut mask, mut shift) = (0_u64, 0_u64, 0_u32);
        let mut rest = quoted.as_bytes();
        while let Some((&b, tail)) = rest.split_first() {
            if shift == 64 {
                break;
            }
            word |= (b as u64).wrapping_shl(shift);
            mask |= 0xff_u64.wrapping_shl(shift);
            shift = shift.wrapping_add(8);
            rest = tail;
        }
        Key {
            word,
            mask,
            tail: rest,
            len: quoted.len(),
        }
    }
}

/// A cursor over the walk's text ([`plain_invoice`]).
struct Scan<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Scan<'t> {
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// Steps over `b`, the next byte; `None` if it is another.
    #[inline(always)]
    fn byte(&mut self, b: u8) -> Option<()> {
        (self.peek()? == b).then(|| self.at = self.at.saturating_add(1))
    }

    /// A string without escapes or control characters.
    ///
    /// Its end found by one `position` over the rest of the text, not a `get` and a `match`
    /// per byte (issue 20: ~57 strings per invoice listing 10 items).
    fn string(&mut self) -> Option<&'t str> {
        self.byte(b'"')?;
        let start = self.at;
        let rest = self.text.as_bytes().get(start..)?;
        let len = rest
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
        if rest.get(len) != Some(&b'"') {
            return None;
        }
        let end = start.checked_add(len)?;
        self.at = end.saturating_add(1);
        self.text.get(start..end)
    }

    /// A field's name, one of `keys`, and its colon: the index of the name. Matched in place,
    /// the first 8 bytes after the quote as one word against each name's (issue 20: an invoice
    /// listing 10 items has 34 names; read as a string and compared, or byte by byte, they
    /// cost ~120 instructions each at opt-level "z"). The same as reading the string: no name
    /// has a quote, a backslash or a control character, so a name matches only a string
    /// without escapes that is exactly it. `None` with fewer than 8 bytes left, where no name
    /// of an object the walk writes can be (its value and the closing brace follow).
    fn key(&mut self, keys: &[Key]) -> Option<usize> {
        self.byte(b'"')?;
        let (bytes, at) = (self.text.as_bytes(), self.at);
        let head: [u8; 8] = bytes.get(at..at.checked_add(8)?)?.try_into().ok()?;
        let word = u64::from_le_bytes(head);
        'keys: for (i, key) in keys.iter().enumerate() {
            if word & key.mask != key.word {
                continue;
            }
            let mut end = at.saturating_add(8);
            for &c in key.tail {
                match bytes.get(end) {
                    Some(&b) if b == c => end = end.saturating_add(1),
                    _ => continue 'keys,
                }
            }
            self.at = at.saturating_add(key.len);
            return Some(i);
        }
        None
    }

    /// A text of at most [`MAX_TEXT_LEN`] bytes (non-empty: at least one).
    fn text(&mut self, non_empty: bool) -> Option<String> {
        let s = self.string()?;
        (s.len() <= MAX_TEXT_LEN && !(non_empty && s.is_empty())).then(|| s.to_string())
    }

    /// An amount string of the grammar, not negative, at the currency's scale: what
    /// [`money::parse_amount`] then [`Currency::fit`] give, from its digits in one pass
    /// (`None` for a sign, or for anything they would refuse).
    ///
    /// The digits read straight from the text up to the closing quote (no string first), and
    /// at most 18 significant ones (`None` past them: the document reads them), so that the
    /// mantissa stays below 10^18 and needs no checked `u64` multiply, a call of `__multi3`
    /// per digit in the `.wasm` (issue 20). What the grammar accepts has at most 15 + 3.
    fn amount(&mut self, currency: Currency) -> Option<Decimal> {
        let minor = currency.minor_units();
        self.byte(b'"')?;
        // The whole part, then the fraction after a point, as one number; the whole part's
        // digits counted from its first that is not 0.
        let (mut mantissa, mut whole, mut decimals) = (0_u64, 0_usize, 0_u32);
        let mut digits = self.digits(&mut mantissa, |m| {
            if m > 0 {
                whole = whole.saturating_add(1);
            }
        })?;
        if self.byte(b'.').is_some() {
            let read = self.digits(&mut mantissa, |_| decimals = decimals.saturating_add(1))?;
            // A point needs digits on both sides.
            digits = digits.min(read);
        }
        self.byte(b'"')?;
        if digits == 0 || whole > money::MAX_INTEGER_DIGITS {
            return None;
        }
        // The fraction's trailing zeros dropped down to the currency's decimals.
        while decimals > minor && mantissa % 10 == 0 {
            mantissa /= 10;
            decimals = decimals.saturating_sub(1);
        }
        // Written at the currency's scale: as it stands when it has its decimals (the common
        // case, no multiply and no 64-bit division), else times 10^(missing decimals); at most
        // 15 whole digits and `minor` decimals, below 10^18, the multiply checked by its
        // division (no `__multi3`).
        let scaled = match minor.checked_sub(decimals)? {
            0 => mantissa,
            missing => {
                let scale = 10_u64.checked_pow(missing)?;
                let scaled = mantissa.wrapping_mul(scale);
                if scaled.checked_div(scale)? != mantissa {
                    return None;
                }
                scaled
            }
        };
        Some(Decimal::new(i64::try_from(scaled).ok()?, minor))
    }

    /// Decimal digits appended to `mantissa` (`each` sees it after every one); how many.
    /// `None` once it has 18 significant digits and another comes (the caller's text is then
    /// read by the document): below 10^17 × 10 + 9 it cannot wrap.
    #[inline(always)]
    fn digits(&mut self, mantissa: &mut u64, mut each: impl FnMut(u64)) -> Option<usize> {
        /// A mantissa from which one more digit could reach 10^18.
        const FULL: u64 = 100_000_000_000_000_000;
        let start = self.at;
        while let Some(d @ b'0'..=b'9') = self.peek() {
            if *mantissa >= FULL {
                return None;
            }
            *mantissa = mantissa
                .wrapping_mul(10)
                .wrapping_add(u64::from(d.wrapping_sub(b'0')));
            each(*mantissa);
            self.at = self.at.saturating_add(1);
        }
        Some(self.at.saturating_sub(start))
    }

    /// A quantity: plain digits, from 1 to [`MAX_QUANTITY`] (at most 16 digits, so the
    /// number never reaches 10^17 and needs no checked multiply: see [`Scan::amount`]).
    fn quantity(&mut self) -> Option<u64> {
        let mut n: u64 = 0;
        let start = self.at;
        while let Some(d @ b'0'..=b'9') = self.peek() {
            // No leading zero (JSON has none; nor 0 itself).
            if (d == b'0' && self.at == start) || n > MAX_QUANTITY {
                return None;
            }
            n = n
                .wrapping_mul(10)
                .wrapping_add(u64::from(d.wrapping_sub(b'0')));
            self.at = self.at.saturating_add(1);
        }
        (1..=MAX_QUANTITY).contains(&n).then_some(n)
    }

    /// An object of some of `keys`, each at most once (`field` reads the value of the i-th).
    fn object(
        &mut self,
        keys: &[Key],
        mut field: impl FnMut(&mut Self, usize) -> Option<()>,
    ) -> Option<()> {
        self.byte(b'{')?;
        let mut seen = 0_u32;
        if self.byte(b'}').is_some() {
            return Some(());
        }
        loop {
            let i = self.key(keys)?;
            let bit = 1_u32.checked_shl(u32::try_from(i).ok()?)?;
            if seen & bit != 0 {
                return None;
            }
            seen |= bit;
            field(self, i)?;
            if self.byte(b',').is_none() {
                return self.byte(b'}');
            }
        }
    }

    /// An operation's item lines, validated as [`Check::items`] validates them.
    fn items(&mut self, currency: Currency) -> Option<Vec<Item>> {
        self.byte(b'[')?;
        // Room for the items the rest of the text holds if each takes 40 bytes, as
        // `{"id":"SKU-1","quantity":1,"price":"10.00"},` does: the list grown once at most
        // for such items, not 4 times from empty for 10 of them (issue 20).
        let room = self.text.len().saturating_sub(self.at) / 40;
        let mut items = Vec::with_capacity(room.min(MAX_LIST_LEN));
        if self.byte(b']').is_some() {
            return Some(items);
        }
        loop {
            let (mut id, mut quantity, mut price, mut name) = (None, None, None, None);
            const FIELDS: [Key; 4] = [
                Key::of("id\":"),
                Key::of("quantity\":"),
                Key::of("price\":"),
                Key::of("name\":"),
            ];
            self.object(&FIELDS, |scan, i| {
                match i {
                    0 => id = Some(scan.text(true)?),
                    1 => quantity = Some(scan.quantity()?),
                    2 => price = Some(scan.amount(currency)?),
                    _ => name = Some(scan.text(false)?),
                }
                Some(())
            })?;
            let quantity = quantity?;
            let line = price.unwrap_or(Decimal::ZERO);
            // One unit of an amount read here is in range (at most 15 whole digits).
            if (line.is_sign_negative() && !line.is_zero())
                || (quantity != 1 && !money::line_in_range(line, quantity))
                || items.len() >= MAX_LIST_LEN
            {
                return None;
            }
            items.push(Item {
                id: id?,
                quantity,
                price,
                name,
            });
            if self.byte(b',').is_none() {
                self.byte(b']')?;
                return Some(items);
            }
        }
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

    /// The walk's text of an invoice or a return read straight ([`plain_invoice`]) is the
    /// operation the document gives, and whatever it accepts, after any one byte of such a
    /// text is changed or left out, the document reads as the same operation (so its
    /// errors stay the document's: issue 20).
    #[test]
    fn plain_invoices_are_the_documents_operations() {
        let state = |currency: &str| {
            let text = format!(
                r#"{{"currency":"{currency}","items":[{{"id":"A","quantity":2,"price":"10"}}],"transaction":{{"payments":[{{"id":"p","group":"creditCard","value":"20"}}]}}}}"#
            );
            parse_state(&Json::from_str(&text).unwrap(), "state").unwrap()
        };
        let (brl, jpy) = (state("BRL"), state("JPY"));
        let by_document = |text: &str, state: &OrderState| {
            Json::from_str(text)
                .ok()
                .map(|doc| parse_operation(&doc, "operation", state))
        };
        // `Debug` shows an amount's scale, which `==` does not compare.
        let same = |read: Option<Result<Operation, InputError>>| format!("{read:?}");
        let read = [
            r#"{"type":"invoice","number":"NF-1","value":"0010.100","items":[{"id":"A","quantity":1,"price":"000"},{"id":"B","quantity":1,"price":"999999999999999.0"}]}"#,
            r#"{"type":"invoice","number":"NF-1","value":"100.00","items":[{"id":"A","quantity":1,"price":"10.00"},{"id":"B","quantity":12,"price":"0","name":"Bê"}]}"#,
            r#"{"type":"return","number":"R","value":"1.5"}"#,
            r#"{"number":"N","items":[],"value":"3","type":"invoice"}"#,
            r#"{"type":"invoice","number":"ä€😀","value":"0","items":[{"quantity":9007199254740991,"id":"A","name":""},{"id":"A","quantity":1,"price":"0.00"}]}"#,
        ];
        for text in read {
            let op = plain_invoice(text, &brl).expect(text);
            assert_eq!(same(by_document(text, &brl)), same(Some(Ok(op))), "{text}");
        }
        // Read by the document only (its errors, or what the walk never writes).
        let refused = [
            r#"{"type":"invoice","number":"N","value":"1","value":"1"}"#,
            r#"{"type":"invoice","number":"N","value":1}"#,
            r#"{"type":"invoice","number":"","value":"1"}"#,
            r#"{"type":"invoice","number":"N","value":"1.001"}"#,
            r#"{"type":"invoice","number":"N","value":"1","items":[{"id":"A","quantity":0}]}"#,
            r#"{"type":"invoice","number":"N","value":"1","items":[{"id":"A","quantity":1,"price":"-1"}]}"#,
            r#"{"type":"invoice","number":"N","value":"1","items":[{"id":"A","quantity":1,"name":null}]}"#,
            r#"{"type":"invoice","number":"N\u0041","value":"1"}"#,
            r#"{"type":"invoice","number":"N","value":"1","extra":1}"#,
            r#"{"type":"cancel"}"#,
            r#"{"type":"invoice","number":"N","value":"1"} "#,
        ];
        for text in refused {
            assert_eq!(plain_invoice(text, &brl), None, "{text}");
        }
        assert_eq!(plain_invoice(read[2], &jpy), None);
        let bytes = b"\"\\0123456789-.,:{}[]x \x01";
        for text in read {
            for state in [&brl, &jpy] {
                for at in 0..text.len() {
                    let mut changed: Vec<Vec<u8>> = bytes
                        .iter()
                        .map(|&b| {
                            let mut t = text.as_bytes().to_vec();
                            t[at] = b;
                            t
                        })
                        .collect();
                    let mut shorter = text.as_bytes().to_vec();
                    shorter.remove(at);
                    changed.push(shorter);
                    for t in changed {
                        let Ok(t) = std::str::from_utf8(&t) else {
                            continue;
                        };
                        if let Some(op) = plain_invoice(t, state) {
                            assert_eq!(same(by_document(t, state)), same(Some(Ok(op))), "{t}");
                        }
                    }
                }
            }
        }
    }

    /// [`Scan::amount`] accepts only what `parse_amount` then `fit` accept, as the same
    /// `Decimal` (scale and all), over every text of up to 6 of these characters.
    #[test]
    fn plain_amounts_are_parse_then_fit() {
        let alphabet = b"0159.-";
        for code in ["BRL", "JPY", "KWD"] {
            let currency = Currency::from_code(code).unwrap();
            let mut texts: Vec<Vec<u8>> = vec![Vec::new()];
            for _ in 0..6 {
                let longer: Vec<Vec<u8>> = texts
                    .iter()
                    .filter(|t| t.len() == texts.last().map_or(0, Vec::len))
                    .flat_map(|t| {
                        alphabet.iter().map(move |&b| {
                            let mut t = t.clone();
                            t.push(b);
                            t
                        })
                    })
                    .collect();
                texts.extend(longer);
            }
            let mut accepted = 0;
            for t in &texts {
                let t = std::str::from_utf8(t).unwrap();
                let quoted = format!("\"{t}\"");
                let fast = Scan {
                    text: &quoted,
                    at: 0,
                }
                .amount(currency);
                let slow = money::parse_amount(t)
                    .ok()
                    .and_then(|a| currency.fit(a).ok());
                if let Some(fast) = fast {
                    accepted += 1;
                    assert_eq!(
                        Some(format!("{fast:?}")),
                        slow.map(|a| format!("{a:?}")),
                        "{t}"
                    );
                } else {
                    assert!(t.starts_with('-') || slow.is_none(), "{code} {t}");
                }
            }
            assert!(accepted > 1000, "{accepted}");
        }
    }

    /// Long amounts and quantities near the limits of [`Scan::amount`]'s 18 digits and of
    /// [`MAX_QUANTITY`]: read straight only as the document reads them.
    #[test]
    fn long_plain_numbers_are_the_documents() {
        let state = |currency: &str| {
            let text = format!(
                r#"{{"currency":"{currency}","items":[],"transaction":{{"payments":[{{"id":"p","group":"creditCard","value":"1"}}]}}}}"#
            );
            parse_state(&Json::from_str(&text).unwrap(), "state").unwrap()
        };
        let amounts = [
            "999999999999999.999",
            "999999999999999.99",
            "999999999999999",
            "1000000000000000",
            "000000000000000000000001.5",
            "1.000000000000000000000",
            "1.0000000000000000",
            "99999999999999999.9",
            "100000000000000000",
            "0.000",
            "0000000000000000000000",
        ];
        let quantities = [
            "9007199254740991",
            "9007199254740992",
            "90071992547409910",
            "18446744073709551616",
            "1",
        ];
        let mut accepted = 0;
        for code in ["BRL", "JPY", "KWD"] {
            let state = state(code);
            for (a, q) in amounts
                .iter()
                .flat_map(|a| quantities.iter().map(move |q| (a, q)))
            {
                let text = format!(
                    r#"{{"type":"invoice","number":"N","value":"{a}","items":[{{"id":"A","quantity":{q},"price":"{a}"}}]}}"#
                );
                let document = Json::from_str(&text)
                    .ok()
                    .map(|doc| parse_operation(&doc, "operation", &state));
                if let Some(op) = plain_invoice(&text, &state) {
                    accepted += 1;
                    assert_eq!(
                        format!("{document:?}"),
                        format!("{:?}", Some(Ok::<_, InputError>(op))),
                        "{text}"
                    );
                } else {
                    assert!(
                        matches!(document, Some(Err(_))) || a.len() > 19,
                        "{code} {text}: {document:?}"
                    );
                }
            }
        }
        assert!(accepted >= 20, "{accepted}");
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
