//! VTEX in, VTEX out (api.md section 7): the two adapters between VTEX's own JSON and the
//! engine's state and operations. On top of the engine; nothing here knows about JavaScript.
//!
//! - [`from_vtex`]: the Orders API "Get order" document (`GET /api/oms/pvt/orders/{orderId}`,
//!   S1), and optionally the Payments Gateway's records (S3), → an [`OrderState`] and the
//!   [`Note`]s of every decision taken on ambiguous or inconsistent data.
//! - [`to_vtex_request`]: an operation → the request that submits it (Invoice Notification,
//!   Register Change v1, Cancel Order), in integer cents (hundredths of the major unit),
//!   exactly: an amount finer than a cent (12.345 KWD) throws.
//!
//! ## Mapping rules (each also written where it is applied, in `from.rs`)
//! Source ids are those of `shared/reference/vtex-notes.md` (S1 Orders API, S3 Payments
//! Gateway API, S11/S13/S14/S25 help pages, K* known issues).
//!
//! | VTEX | state | source / reason |
//! |---|---|---|
//! | every amount | integer cents, **hundredths of the major unit for every currency** (`1599000` CLP is 15990, `12345` KWD is 123.45) → major units, exactly; an integer, a numeric string or a decimal with zero fraction (`"1.0000"`); a fraction of the currency's unit (`1599050` CLP) or of a cent: `INVALID_INPUT` | S1 "in cents … `$24.99` should be represented as `2499`", for every amount; VTEX keeps prices with two implied decimals, `CurrencyDecimalDigits` is display only; the Invoice Notification types `invoiceValue` as a string |
//! | `storePreferencesData.currencyFormatInfo.CurrencyDecimalDigits` | nothing (display formatting; noted when ≠ ISO 4217) | S1 |
//! | `storePreferencesData.currencyCode` | `currency` (ISO 4217 minor units; `options.currency` when absent) | S1 |
//! | `orderId` | `orderId` | S1 |
//! | `value` | `value`, exactly (noted when ≠ Σ `totals`) | S1; VTEX's own example differs from its totals |
//! | `totals` `Shipping`, `Tax` + `CustomTax`, `−Discounts` | `shipping`, `tax`, `discounts` | S1 (discounts are negative there) |
//! | `totals` `Change` | checked against the changes | vtex-notes 3.2 |
//! | `totals` `ManualValues`, other ids | stay in `value` (noted) | S11 |
//! | `items[]` `id`, `quantity`, `price` × `unitMultiplier`, `name` | `items` (one line each, as ordered) | S1; `sellingPrice`'s difference is in `Discounts` |
//! | `items[]` with `isGift: true` and `sellingPrice` 0 whose price the `Items` total leaves out | the line at unit price 0 (noted) | S1 `isGift`; VTEX's app KI-379869's Éxito order (`from/items.rs` `free_gifts`) |
//! | `packageAttachment.packages[]` `type`, `invoiceNumber`, `invoiceValue`, `items` (`id` or `itemIndex`), `issuanceDate` | `invoices` (`output`/`input`) | S1; an `Input` package's units from `restitutions.Refund.items` |
//! | `changesAttachment.changesData[]` `requestId` (or the receipt), `reason`, `discountValue`, `incrementValue`, `itemsAdded`, `itemsRemoved`, `receipt.date` | `changes` | S1, S11 (v1: delta = increment − discount) |
//! | `paymentData.transactions[].payments[]` (active transactions) `id`, `group`, `referenceValue`/`value` | `transaction.payments` (A = `referenceValue` when `value` has interest) | S1, K3/K4 |
//! | a payment without `id` (a marketplace's payment on a seller's order has none) | id `<transactionId>#<n>`, noted | VTEX guide "Marketplace payment data on seller orders" |
//! | `transactionId` `PAYMENT-FROM-AFFILIATE`, or `paymentSystemName` "Assumed value by affiliate …" | a payment like any other, noted: the marketplace's, not this account's gateway | the same guide; help FAQ "Why don't my payment methods appear on the marketplace?" |
//! | `options.changesV2` (Change v2 history, `{ requests }` or a list of details) | `changes` with `api: "v2"`: `done` ones (or, without `status`, neither `inProgress` nor `cancellationData`: noted) join the replay by `date`; the others noted, not replayed; v1 + v2 on one order noted | S1 (history and detail schemas), S11, S12 `SalesOrderSystem015`; `from/change_v2.rs` |
//! | a change's item without `price` when the change has neither `discountValue` nor `incrementValue` | refused at the item's `price` (the change's value would be a guess) | S1 (all required in v1), issue 21 |
//! | `status` | `status` (others mapped to the nearest, unknown → `payment-approved`, or `canceled` when the order has `cancellationData`) | S1, S20; known issue 379869 (VTEX's app `vtex-apps/KI-379869`) |
//! | connector protocol and mode | `options.connectors` (default `ppp` + `total`) | not in VTEX's data (vtex-notes 11.9); S13 "Total (the default)" |
//! | ledgers, without gateway data | the history (invoices and changes in date order, then a cancellation for a cancelled order) replayed through the engine from the authorization; gift cards auto-settled | api.md 7; S25 |
//! | ledgers, with gateway data | settled/refunded/cancelled = Σ of the payment's settlement/refund/cancellation actions; the provider ledger from the mode | S3 `/settlements` `actions[]` |

mod dto;
mod from;
pub mod notes;
mod request;

pub(crate) use dto::{instant, At, VTEX_DECIMALS};
pub use notes::{Note, NoteCode};

use crate::doc::Json;
use crate::json_text::JsonText;
use crate::money::Currency;
use crate::operation::{Operation, Options, RefundOrder, SplitPolicy};
use crate::order::OrderState;
use crate::payment::{Mode, Protocol};
use crate::schema::InputError;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

/// What [`from_vtex`] returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FromVtex {
    /// The state, ready for `preview`, `apply`, the planners.
    pub state: OrderState,
    /// Every decision taken on ambiguous or inconsistent data, in the order it was taken.
    pub notes: Vec<Note>,
}

/// A connector's configuration for the payments it matches (`options.connectors` entries):
/// each field as in the state's `connector` (api.md section 3), plus `autoSettle`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConnectorRule {
    /// `ppp` (default) or `legacy`.
    pub protocol: Option<Protocol>,
    /// `total` (default, VTEX's), `hold` or `partial`.
    pub mode: Option<Mode>,
    /// Default `true`.
    pub partial_refund: Option<bool>,
    /// Default `false`.
    pub value_increase: Option<bool>,
    /// The provider's `maxValue`, in major units, and where it was given.
    pub max_value: Option<(Decimal, String)>,
    /// Whether the payment settled by itself at authorization (default: gift cards do).
    pub auto_settle: Option<bool>,
}

/// What [`from_vtex_change`] returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FromVtexChange {
    /// The `change` operation, ready for `preview` and `apply`.
    pub operation: Operation,
    /// Every decision taken on the document, in the order it was taken.
    pub notes: Vec<Note>,
}

/// Which connector each payment uses: the first match of its payment id, its payment system
/// (VTEX's `paymentSystem`, such as `"2"`), its group (VTEX's as written, such as `"PSE"`, or
/// the engine's, such as `"creditCard"`), then `default`. Each list is `(key, rule)` pairs
/// (a handful: a list is all the lookup needs); the first entry with the key is used.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Connectors {
    /// By payment id.
    pub by_payment_id: Vec<(String, ConnectorRule)>,
    /// By `paymentSystem`.
    pub by_payment_system: Vec<(String, ConnectorRule)>,
    /// By group.
    pub by_group: Vec<(String, ConnectorRule)>,
    /// For every other payment (else `ppp` + `total`, noted).
    pub default: Option<ConnectorRule>,
}

/// The rule of `key` in a list of [`Connectors`] (the first with that key).
pub(crate) fn rule_for<'r>(
    list: &'r [(String, ConnectorRule)],
    key: &str,
) -> Option<&'r ConnectorRule> {
    list.iter().find(|(k, _)| k == key).map(|(_, rule)| rule)
}

/// Options of [`from_vtex`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FromVtexOptions {
    /// The currency of an order without `storePreferencesData`.
    pub currency: Option<Currency>,
    /// The connectors.
    pub connectors: Connectors,
    /// The split policies the history is replayed with.
    pub engine: Options,
    /// `changesV2`: VTEX's Change v2 history document (`GET /api/order-system/orders/
    /// {orderId}/changes`), whose done changes join the replay (api.md section 7).
    pub changes_v2: Option<Value>,
}

/// A request to VTEX's Orders API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VtexRequest {
    /// Always `POST`.
    pub method: &'static str,
    /// The route, with the order id (`/api/oms/pvt/orders/1234567-01/invoice`).
    pub path: String,
    /// The JSON body, in VTEX's field names and integer cents.
    pub body: Value,
}

// ----- The results' JSON text, written by hand (issue 20) ------------------------------------

impl FromVtex {
    /// `{ state, notes }` as `serde_json::to_string(self)` writes it, by [`JsonText`]: the
    /// `.wasm` carries no `Serialize` for the state (see `OrderState::to_json`).
    pub fn to_json(&self) -> String {
        let capacity = self.notes.len().saturating_mul(160);
        let mut w = JsonText::with_capacity(self.state.json_capacity().saturating_add(capacity));
        w.raw("{\"state\":");
        self.state.write_json(&mut w);
        w.raw(",\"notes\":");
        w.list(&self.notes, |w, note| note.write_json(w));
        w.raw("}");
        w.finish()
    }
}

impl FromVtexChange {
    /// `{ operation, notes }` as `serde_json::to_string(self)` writes it, by [`JsonText`]
    /// ([`Operation::write_json`], [`Note::write_json`]): `fromVtexChange`'s result, without
    /// `serde_json`'s serializer in the `.wasm` (issue 20).
    pub fn to_json(&self) -> String {
        let capacity = self.notes.len().saturating_mul(160);
        let mut w =
            JsonText::with_capacity(self.operation.json_capacity().saturating_add(capacity));
        w.raw("{\"operation\":");
        self.operation.write_json(&mut w);
        w.raw(",\"notes\":");
        w.list(&self.notes, |w, note| note.write_json(w));
        w.raw("}");
        w.finish()
    }
}

impl VtexRequest {
    /// `{ method, path, body }` as `serde_json::to_string(self)` writes it, by [`JsonText`]:
    /// the `.wasm` carries no `Serialize` for `serde_json`'s `Value` (see [`JsonText::value`]).
    pub fn to_json(&self) -> String {
        let mut w = JsonText::with_capacity(512);
        w.raw("{\"method\":");
        w.string(self.method);
        w.raw(",\"path\":");
        w.string(&self.path);
        w.raw(",\"body\":");
        w.value(&self.body);
        w.raw("}");
        w.finish()
    }
}

/// Which of VTEX's change APIs a change is sent to (api.md section 7): the operation's own.
pub use crate::order::ChangeApi;

/// Options of [`to_vtex_request`]: the Invoice Notification's fields that are not money (S1),
/// copied into the body when given (VTEX requires `issuanceDate`, date and time), and which
/// change API a change goes to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestOptions {
    /// `changeApi`: `"v1"` (default) or `"v2"`.
    pub change_api: ChangeApi,
    /// `preview`: with `changeApi: "v2"`, the side-effect-free
    /// `POST /api/order-system/orders/{orderId}/changes/preview` instead of the change itself.
    pub preview: bool,
    /// `account`: the VTEX account name, sent in a Change v2 request's query string as VTEX's
    /// contract names it (`?accountName=` on `PATCH …/changes`, `?an=` on the preview; see
    /// `request.rs`, `order_v2_path`). Unused by the other requests (their routes take none).
    pub account: Option<String>,
    /// `issuanceDate`.
    pub issuance_date: Option<String>,
    /// `invoiceKey`.
    pub invoice_key: Option<String>,
    /// `invoiceUrl`.
    pub invoice_url: Option<String>,
    /// `courier`.
    pub courier: Option<String>,
    /// `trackingNumber`.
    pub tracking_number: Option<String>,
    /// `trackingUrl`.
    pub tracking_url: Option<String>,
}

/// Reads VTEX's "Get order" document (and the gateway's records) into a state; see the
/// module documentation for the rules. Malformed or unmappable data is an [`InputError`] with
/// a path under `order` or `transaction`.
pub fn from_vtex(
    order: &Value,
    transaction: Option<&Value>,
    options: &FromVtexOptions,
) -> Result<FromVtex, InputError> {
    let transaction = transaction.map(Json::from);
    from_vtex_doc(&Json::from(order), transaction.as_ref(), options)
}

/// The same, of a document borrowed from its text ([`Json`]: issue 20).
pub fn from_vtex_doc(
    order: &Json,
    transaction: Option<&Json>,
    options: &FromVtexOptions,
) -> Result<FromVtex, InputError> {
    from::from_vtex(order, transaction, options).map(|(read, _)| read)
}

/// [`from_vtex`], with the earliest `issuanceDate` of the order's returns (`Input` packages) as
/// it read them (nanoseconds since 1970-01-01 UTC, see [`instant`]; `None` without a readable
/// one): reconciliation dates the over-capture refund against it (`src/reconcile/`), without
/// reading the order's packages a second time.
pub(crate) fn from_vtex_with_first_return(
    order: &Json,
    options: &FromVtexOptions,
) -> Result<(FromVtex, Option<i128>), InputError> {
    from::from_vtex(order, None, options)
}

/// Reads a Change v2 ("Order modifications") document for `state`'s order: VTEX's preview
/// response, a change's detail or history entry, or a create/preview request body → the
/// `change` operation whose value is VTEX's `totalChangeValue` exactly when the document
/// carries it, else an estimate from the state (noted); see `from/change_v2.rs`. Malformed
/// data is an [`InputError`] with a path under `change`.
pub fn from_vtex_change(change: &Value, state: &OrderState) -> Result<FromVtexChange, InputError> {
    from_vtex_change_with(change, state, &FromVtexChangeOptions::default())
}

/// [`from_vtex_change`] with its options (api.md section 7, `fromVtexChange(change, state,
/// options?)`).
pub fn from_vtex_change_with(
    change: &Value,
    state: &OrderState,
    options: &FromVtexChangeOptions,
) -> Result<FromVtexChange, InputError> {
    from_vtex_change_doc(&Json::from(change), state, options)
}

/// The same, of a document borrowed from its text ([`Json`]: issue 20).
pub fn from_vtex_change_doc(
    change: &Json,
    state: &OrderState,
    options: &FromVtexChangeOptions,
) -> Result<FromVtexChange, InputError> {
    let (change, notes) = from::from_vtex_change(change, state, options.request_id.as_deref())?;
    Ok(FromVtexChange {
        operation: Operation::Change(change),
        notes,
    })
}

/// `fromVtexChange`'s options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FromVtexChangeOptions {
    /// `requestId`: the change's id when the document carries none (a create or preview
    /// request body has none, S1): the id VTEX answered on creating the change, or the
    /// caller's own, so that the operation previewed is the one `apply` records under that id.
    /// Without it such a change is `v2-<n>` (noted `CHANGE_WITHOUT_REQUEST_ID`). A document's
    /// own `requestId` wins.
    pub request_id: Option<String>,
}

/// Reads `fromVtexChange`'s options (`null` or absent: none): `{ requestId? }`, a non-empty
/// string of at most `MAX_TEXT_LEN` characters, as every id.
pub fn parse_change_options(value: Option<&Value>) -> Result<FromVtexChangeOptions, InputError> {
    parse_change_options_doc(value.map(Json::from).as_ref())
}

/// The same, of a document borrowed from its text ([`Json`]: issue 20).
pub fn parse_change_options_doc(value: Option<&Json>) -> Result<FromVtexChangeOptions, InputError> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Ok(FromVtexChangeOptions::default());
    };
    let at = At::root(value, "options");
    at.strict(&["requestId"])?;
    let request_id = match at.get("requestId") {
        None => None,
        Some(id) => {
            let text = id.text()?;
            if text.is_empty() {
                return Err(id.error("expected a non-empty id"));
            }
            Some(text)
        }
    };
    Ok(FromVtexChangeOptions { request_id })
}

/// The request that submits `operation` on `state`'s order:
///
/// - an invoice or a return → `POST /api/oms/pvt/orders/{orderId}/invoice` with `type`
///   `Output`/`Input`, `invoiceNumber`, `invoiceValue` (integer cents), `items`
///   `[{ id, price (cents), quantity }]` and the [`RequestOptions`] given;
/// - a change → `POST /api/oms/pvt/orders/{orderId}/changes` with `requestId`, `reason`,
///   `discountValue`, `incrementValue`, `itemsRemoved`, `itemsAdded` (cents); with
///   `changeApi: "v2"`, `PATCH /api/order-system/orders/{orderId}/changes` (or, with `preview`,
///   `POST …/changes/preview`; `?accountName=`/`?an=` with `options.account`) with `reason`,
///   `add`/`remove` `{ items }`, `replace` `[{ from, to }]` for a SKU both removed and added,
///   `manualDiscountValue`, `manualIncrementValue` (cents; see `request.rs` for how the
///   manual values keep the change's delta, and why no line carries a `uniqueId`);
/// - a cancellation → `POST /api/oms/pvt/orders/{orderId}/cancel` with `reason` when given.
///
/// Throws (`INVALID_INPUT`) for a state without `orderId`, an amount that is not a whole
/// number of cents (hundredths of the major unit: 12.345 KWD cannot be sent) or of the
/// currency's minor units, a change without a reason (VTEX refuses it) or an item whose price
/// is unknown.
pub fn to_vtex_request(
    state: &OrderState,
    operation: &Operation,
    options: &RequestOptions,
) -> Result<VtexRequest, InputError> {
    request::to_vtex_request(state, operation, options)
}

// ----- Reading the options (api.md shapes, strict: unknown fields refused) ------------------
//
// Read with the crate's one path-tracking reader (`crate::read::At`), like the documents: no
// serde derive, so no deserializer is generated per shape (the .wasm budget, issue 10b).

/// The names `protocol` takes, in [`Protocol`] order.
const PROTOCOLS: [&str; 2] = ["ppp", "legacy"];
/// The names `mode` takes, in [`Mode`] order.
const MODES: [&str; 3] = ["total", "hold", "partial"];
/// The names `split` takes, in [`SplitPolicy`] order.
const SPLITS: [&str; 3] = ["lowestValueFirst", "listed", "proportional"];
/// The names `refundOrder` takes, in [`RefundOrder`] order.
const REFUND_ORDERS: [&str; 2] = ["lowestSettledFirst", "cardFirst"];

/// A connector rule: `{ protocol?, mode?, partialRefund?, valueIncrease?, maxValue?,
/// autoSettle? }`.
fn rule(at: &At) -> Result<ConnectorRule, InputError> {
    at.strict(&[
        "protocol",
        "mode",
        "partialRefund",
        "valueIncrease",
        "maxValue",
        "autoSettle",
    ])?;
    let protocol = match at.get("protocol") {
        Some(p) => Some(match p.choice(&PROTOCOLS)? {
            0 => Protocol::Ppp,
            _ => Protocol::Legacy,
        }),
        None => None,
    };
    let mode = match at.get("mode") {
        Some(m) => Some(match m.choice(&MODES)? {
            0 => Mode::Total,
            1 => Mode::Hold,
            _ => Mode::Partial,
        }),
        None => None,
    };
    let max_value = match at.get("maxValue") {
        None => None,
        Some(v) => {
            let amount = v.amount()?;
            if amount < Decimal::ZERO {
                return Err(v.error("expected an amount ≥ 0"));
            }
            Some((amount, v.path()))
        }
    };
    Ok(ConnectorRule {
        protocol,
        mode,
        partial_refund: at.opt_bool("partialRefund")?,
        value_increase: at.opt_bool("valueIncrease")?,
        max_value,
        auto_settle: at.opt_bool("autoSettle")?,
    })
}

/// `{ <key>: rule }`, in key order.
fn rules(at: Option<At>) -> Result<Vec<(String, ConnectorRule)>, InputError> {
    let mut out = Vec::new();
    if let Some(at) = at {
        for (key, entry) in at.entries()? {
            out.push((key.to_string(), rule(&entry)?));
        }
    }
    Ok(out)
}

/// The fields of `fromVtex`'s options, which `reconcile`'s options take too.
pub(crate) const FROM_OPTIONS_FIELDS: [&str; 5] = [
    "currency",
    "connectors",
    "split",
    "refundOrder",
    "changesV2",
];

/// Reads `fromVtex`'s options (`null` or absent: the defaults): `{ currency?, connectors?:
/// { byPaymentId?, byPaymentSystem?, byGroup?, default? }, split?, refundOrder? }`.
pub fn parse_from_options(value: Option<&Value>) -> Result<FromVtexOptions, InputError> {
    parse_from_options_doc(value.map(Json::from).as_ref())
}

/// The same, of a document borrowed from its text ([`Json`]: issue 20).
pub fn parse_from_options_doc(value: Option<&Json>) -> Result<FromVtexOptions, InputError> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Ok(FromVtexOptions::default());
    };
    let at = At::root(value, "options");
    at.strict(&FROM_OPTIONS_FIELDS)?;
    let currency = match at.get("currency") {
        Some(c) => {
            let code = c.str()?;
            Some(Currency::from_code(code).ok_or_else(|| unknown_currency(&c, code))?)
        }
        None => None,
    };
    let connectors = match at.get("connectors") {
        None => Connectors::default(),
        Some(c) => {
            c.strict(&["byPaymentId", "byPaymentSystem", "byGroup", "default"])?;
            Connectors {
                by_payment_id: rules(c.get("byPaymentId"))?,
                by_payment_system: rules(c.get("byPaymentSystem"))?,
                by_group: rules(c.get("byGroup"))?,
                default: c.get("default").map(|d| rule(&d)).transpose()?,
            }
        }
    };
    let split = match at.get("split") {
        None => SplitPolicy::default(),
        Some(s) => match s.choice(&SPLITS)? {
            0 => SplitPolicy::LowestValueFirst,
            1 => SplitPolicy::Listed,
            _ => SplitPolicy::Proportional,
        },
    };
    let refund_order = match at.get("refundOrder") {
        None => RefundOrder::default(),
        Some(r) => match r.choice(&REFUND_ORDERS)? {
            0 => RefundOrder::LowestSettledFirst,
            _ => RefundOrder::CardFirst,
        },
    };
    Ok(FromVtexOptions {
        currency,
        changes_v2: at.get("changesV2").map(|c| c.value.to_value()),
        connectors,
        engine: Options {
            split,
            refund_order,
            // The replay of the order's history keeps only the states: nothing to explain.
            explain: false,
        },
    })
}

#[cold]
#[inline(never)]
fn unknown_currency(at: &At, code: &str) -> InputError {
    at.error(format!(
        "unknown currency {code:?}: expected an ISO 4217 code such as \"BRL\""
    ))
}

/// Reads `toVtexRequest`'s options (`null` or absent: none): `{ issuanceDate?, invoiceKey?,
/// invoiceUrl?, courier?, trackingNumber?, trackingUrl? }` (strings, copied as given).
pub fn parse_request_options(value: Option<&Value>) -> Result<RequestOptions, InputError> {
    parse_request_options_doc(value.map(Json::from).as_ref())
}

/// The same, of a document borrowed from its text ([`Json`]: issue 20).
pub fn parse_request_options_doc(value: Option<&Json>) -> Result<RequestOptions, InputError> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Ok(RequestOptions::default());
    };
    let at = At::root(value, "options");
    at.strict(&REQUEST_FIELDS)?;
    let text = |key: &str| -> Result<Option<String>, InputError> {
        at.get(key).map(|t| t.str().map(str::to_string)).transpose()
    };
    let (change_api, preview) = change_api(&at)?;
    let account = match at.get("account") {
        None => None,
        Some(a) => {
            let text = a.str()?;
            if text.is_empty() {
                return Err(a.error("expected a non-empty account name"));
            }
            Some(text.to_string())
        }
    };
    Ok(RequestOptions {
        change_api,
        preview,
        account,
        issuance_date: text("issuanceDate")?,
        invoice_key: text("invoiceKey")?,
        invoice_url: text("invoiceUrl")?,
        courier: text("courier")?,
        tracking_number: text("trackingNumber")?,
        tracking_url: text("trackingUrl")?,
    })
}

/// `changeApi` (`"v1"` or `"v2"`) and `preview` (v2 only).
fn change_api(at: &At) -> Result<(ChangeApi, bool), InputError> {
    let change_api = match at.get("changeApi") {
        Some(c) if c.choice(&["v1", "v2"])? == 1 => ChangeApi::V2,
        _ => ChangeApi::V1,
    };
    let preview = at.opt_bool("preview")?.unwrap_or(false);
    if preview && change_api != ChangeApi::V2 {
        return Err(InputError::new(
            "options.preview",
            "a preview exists for Order modifications only: give changeApi \"v2\" with it",
        ));
    }
    Ok((change_api, preview))
}

/// The fields of [`RequestOptions`]: the change API, and the Invoice Notification's (S1).
/// (The package took Change v2 once its .wasm budget grew to 200 KB: issue 18.)
const REQUEST_FIELDS: [&str; 9] = [
    "changeApi",
    "preview",
    "account",
    "issuanceDate",
    "invoiceKey",
    "invoiceUrl",
    "courier",
    "trackingNumber",
    "trackingUrl",
];
