//! `toVtexRequest`: the Orders API request that submits an operation (api.md section 7), in
//! VTEX's field names and integer cents, with exactly the numbers the preview used.
//!
//! Cents are **hundredths of the major unit for every currency** (S1 "in cents", "`$24.99`
//! should be represented as `2499`"; VTEX keeps every price with two implied decimals, whatever
//! `CurrencyDecimalDigits` displays; see `dto.rs`): 15990 CLP is sent as `1599000`, 123.45 KWD
//! as `12345`. Nothing is rounded: an amount with a non-zero digit past the hundredths (12.345
//! KWD) cannot be sent and throws, and so does one finer than its currency (1.5 CLP).

use super::dto::VTEX_DECIMALS;
use super::{RequestOptions, VtexRequest};
use crate::money::{Checked, Currency};
use crate::operation::{InvoiceRequest, Operation};
use crate::order::{Change, Item, OrderState};
use crate::schema::InputError;
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// An amount as VTEX's integer of cents (hundredths of the major unit), exactly. `path` names
/// it, written only on error.
fn cents(
    amount: Decimal,
    currency: Currency,
    path: &dyn Fn() -> String,
) -> Result<Value, InputError> {
    let scale = amount.normalize().scale();
    if scale > currency.minor_units() || scale > VTEX_DECIMALS {
        return Err(unsendable(amount, currency, path()));
    }
    amount
        .times(Decimal::ONE_HUNDRED)
        .ok()
        .and_then(|c| i64::try_from(c.trunc()).ok())
        .map(Value::from)
        .ok_or_else(|| InputError::new(path(), "amount out of range"))
}

#[cold]
#[inline(never)]
fn unsendable(amount: Decimal, currency: Currency, path: String) -> InputError {
    let digits = currency.minor_units();
    let message = if amount.normalize().scale() > digits {
        format!(
            "{amount} is not a whole number of {currency} minor units ({digits} decimals): \
             VTEX takes integer cents"
        )
    } else {
        format!(
            "{amount} {currency} cannot be sent to VTEX: its amounts are integer cents \
             (hundredths of the major unit, whatever the currency), and {amount} has a digit \
             past the hundredths"
        )
    };
    InputError::new(path, message)
}

/// The order id, percent-encoded for the path (RFC 3986 unreserved characters stay).
fn order_id(state: &OrderState) -> Result<String, InputError> {
    let id = state
        .order_id
        .as_deref()
        .filter(|id| !id.is_empty())
        .ok_or_else(|| {
            InputError::new(
                "state.orderId",
                "missing field `orderId`: the request names the order",
            )
        })?;
    Ok(percent_encoded(id))
}

/// `text` percent-encoded for a path segment or a query value: RFC 3986's unreserved
/// characters stay, every other byte is `%XX`.
fn percent_encoded(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(b));
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            encoded.push('%');
            for nibble in [b >> 4, b & 0x0F] {
                encoded.push(char::from(
                    HEX.get(usize::from(nibble)).copied().unwrap_or(b'0'),
                ));
            }
        }
    }
    encoded
}

/// The Orders API route of the order.
fn order_path(state: &OrderState) -> Result<String, InputError> {
    Ok(["/api/oms/pvt/orders/", &order_id(state)?].concat())
}

/// Item lines: `{ id, price, quantity }`, `price` the unit price in cents (S1: "the VTEX
/// system will multiply the price over the quantity"); an item without a price takes the
/// order's unit price; with none known, it throws (VTEX requires the price).
fn items(list: &[Item], state: &OrderState, path: &str) -> Result<Value, InputError> {
    let mut lines = Vec::with_capacity(list.len());
    let mut prices = state.unit_prices();
    for (i, item) in list.iter().enumerate() {
        let at = || format!("{path}[{i}].price");
        let price = match item.price.or_else(|| prices.get(&item.id)) {
            Some(price) => price,
            None => return Err(no_price(at(), &item.id)),
        };
        let mut line = Map::new();
        line.insert("id".into(), Value::from(item.id.as_str()));
        line.insert("price".into(), cents(price, state.currency, &at)?);
        line.insert("quantity".into(), Value::from(item.quantity));
        lines.push(Value::Object(line));
    }
    Ok(Value::Array(lines))
}

#[cold]
#[inline(never)]
fn no_price(path: String, id: &str) -> InputError {
    InputError::new(path, format!("no price for item {id:?}: VTEX requires one"))
}

fn invoice(
    state: &OrderState,
    request: &InvoiceRequest,
    kind: &str,
    options: &RequestOptions,
) -> Result<Map<String, Value>, InputError> {
    let mut body = Map::new();
    body.insert("type".into(), Value::from(kind));
    body.insert("invoiceNumber".into(), Value::from(request.number.clone()));
    body.insert(
        "invoiceValue".into(),
        cents(request.value, state.currency, &|| "operation.value".into())?,
    );
    body.insert(
        "items".into(),
        items(&request.items, state, "operation.items")?,
    );
    body.insert(
        "issuanceDate".into(),
        Value::from(issuance_date(options.issuance_date.as_deref())?),
    );
    let texts = [
        ("invoiceKey", &options.invoice_key),
        ("invoiceUrl", &options.invoice_url),
        ("courier", &options.courier),
        ("trackingNumber", &options.tracking_number),
        ("trackingUrl", &options.tracking_url),
    ];
    for (name, text) in texts {
        if let Some(text) = text {
            body.insert(name.into(), Value::from(text.clone()));
        }
    }
    Ok(body)
}

/// A change's reason: VTEX requires one, in v1 ("Field reason not set", S12) and v2 (S1).
fn reason(change: &Change) -> Result<Value, InputError> {
    change
        .reason
        .as_deref()
        .filter(|r| !r.is_empty())
        .map(Value::from)
        .ok_or_else(|| {
            InputError::new(
                "operation.reason",
                "missing field `reason`: VTEX requires a reason (\"Field reason not set\")",
            )
        })
}

/// `/api/order-system/orders/{orderId}/changes`, or its `/preview` (vtex-notes 5.2, S1), with
/// the account in the query string when `options.account` gives it.
///
/// **The account.** VTEX's OpenAPI (vtex/openapi-schemas, `VTEX - Orders API.json` @0d207e53,
/// 2026-08-07; the Bruno collection's "Create order modifications" @3f5cc868) lists a
/// required query parameter on both routes, named differently: `accountName` on `PATCH
/// …/changes` (`?accountName=storeName`), `an` on `POST …/changes/preview`; the OMS routes of
/// v1, invoices and cancellations have none. The path is relative to the account's own host
/// (`https://{accountName}.vtexcommercestable.com.br`, the same OpenAPI's `servers`), which
/// names the account already, so without `options.account` the query is left out (the
/// request this function wrote before, which callers may send as it is); with it, the query
/// VTEX's contract asks for, percent-encoded as the order id is.
fn order_v2_path(state: &OrderState, options: &RequestOptions) -> Result<String, InputError> {
    let (tail, key) = if options.preview {
        ("/changes/preview", "?an=")
    } else {
        ("/changes", "?accountName=")
    };
    let mut path = ["/api/order-system/orders/", &order_id(state)?, tail].concat();
    if let Some(account) = &options.account {
        path.push_str(key);
        path.push_str(&percent_encoded(account));
    }
    Ok(path)
}

/// One item line of a v2 body: `{ id, quantity }`, and `price` (cents) for an added line whose
/// price the change gives (v2's `price` is the nominal unit price; a removed line names what
/// VTEX removes, at the order's own price).
fn v2_line(
    item: &Item,
    added: bool,
    state: &OrderState,
    at: &dyn Fn() -> String,
) -> Result<Value, InputError> {
    let mut line = Map::new();
    line.insert("id".into(), Value::from(item.id.as_str()));
    line.insert("quantity".into(), Value::from(item.quantity));
    if let (Some(price), true) = (item.price, added) {
        line.insert("price".into(), cents(price, state.currency, at)?);
    }
    Ok(Value::Object(line))
}

/// `{ items: lines }`.
fn v2_items(lines: Vec<Value>) -> Value {
    let mut items = Map::new();
    items.insert("items".into(), Value::Array(lines));
    Value::Object(items)
}

/// Order modifications ("Change v2", vtex-notes 5.2; S1 and S11): `reason`, `add.items`,
/// `remove.items` and `replace[{ from.items, to.items }]` (`{ id, quantity }`, an added line's
/// `price` in cents when the change gives it: v2's `price` is the nominal unit price),
/// `manualDiscountValue`, `manualIncrementValue`.
///
/// **Replace.** VTEX's operations are three: "Add: adding items, quantity, or product
/// weight. Remove: removing a part of items or the total quantity. Replace: changing items'
/// quantity, weight, or price" (the OpenAPI's description of `PATCH …/changes`, cited at
/// [`order_v2_path`]). A change that removes and adds lines of the same SKU changes that
/// SKU's line in place: its removed and added lines of that SKU go as one `replace` entry
/// (`from` what it removes, `to` what it adds; in the order the SKU is first removed), the
/// other lines as `add` and `remove`. `fromVtexChange` reads a `replace` back as the removal
/// of its `from` and the addition of its `to`, so a body written here reads back to the same
/// change. Lines of different SKUs are not paired: the operation does not say which line
/// replaces which, and a pairing would be invented.
///
/// **No `uniqueId`.** VTEX finds a line by `uniqueId` when given ("We recommend always using
/// this field to avoid modification errors for items with the same `id`", the OpenAPI) and
/// by SKU `id` otherwise; `id` and `quantity` are the only required fields of a line. The
/// state identifies a line by its SKU `id` only (api.md section 3: its items have no
/// `uniqueId`, and unknown fields are refused), so there is none to send: an order that lists
/// one SKU on two lines is the case VTEX's recommendation is about, and its request names
/// the SKU alone.
///
/// **The manual values.** In v2 "the system computes the new item, shipping and total values
/// itself" (S11): removing a unit already lowers the order by its price, so a v1-style change
/// (a `discount` that is the removed units' price, as `planCloseOut` writes) sent with its
/// discount as `manualDiscountValue` would lower the order twice. The manual values are what
/// the change's delta leaves once the items are priced as VTEX prices them (the change line's
/// price, else the order's unit price): delta − (added − removed); a negative rest is
/// `manualDiscountValue`, a positive one `manualIncrementValue`, the other 0. A change that
/// gives neither `discount` nor `increment` (its delta is its items) sends no manual value.
/// VTEX still recalculates shipping, promotions and taxes, which is why its preview's
/// `totalChangeValue` is the figure to preview with.
fn change_v2(state: &OrderState, change: &Change) -> Result<Map<String, Value>, InputError> {
    let mut body = Map::new();
    body.insert("reason".into(), reason(change)?);
    let range = |_| InputError::new("operation", "amounts out of range");
    // SKUs both removed and added: each one `replace` entry, in the order of their first
    // removed line. Each id's entry is found in a map, not by scanning the lines (that was
    // quadratic: 10,000 lines removed and 10,000 added took 0.3 s natively, issue 20 step
    // 22). `BTreeMap<&str, u64>` is the type `order::units_by_id` already brings into the
    // .wasm: an id added and not (yet) replaced maps to `UNPAIRED`, a replaced one to its
    // entry's index.
    const UNPAIRED: u64 = u64::MAX;
    let mut entry_of: BTreeMap<&str, u64> = BTreeMap::new();
    for item in &change.items_added {
        entry_of.entry(item.id.as_str()).or_insert(UNPAIRED);
    }
    let mut replaced: u64 = 0;
    for item in &change.items_removed {
        if let Some(n) = entry_of.get_mut(item.id.as_str()) {
            if *n == UNPAIRED {
                *n = replaced;
                replaced = replaced.saturating_add(1);
            }
        }
    }
    // (Filled by a loop, not `vec![…; n]`: that clones, and would bring `Value`'s `Clone`.)
    let mut pairs: Vec<(Vec<Value>, Vec<Value>)> = Vec::new();
    for _ in 0..replaced {
        pairs.push((Vec::new(), Vec::new()));
    }
    let mut items_value = Decimal::ZERO;
    let mut prices = state.unit_prices();
    for (key, list, name, added) in [
        ("add", &change.items_added, "itemsAdded", true),
        ("remove", &change.items_removed, "itemsRemoved", false),
    ] {
        let sign = if added {
            Decimal::ONE
        } else {
            Decimal::NEGATIVE_ONE
        };
        let mut lines = Vec::with_capacity(list.len());
        for (i, item) in list.iter().enumerate() {
            let at = || format!("operation.{name}[{i}].price");
            let price = item
                .price
                .or_else(|| prices.get(&item.id))
                .ok_or_else(|| no_price(at(), &item.id))?;
            let line_value = price
                .times(Decimal::from(item.quantity))
                .and_then(|v| v.times(sign))
                .map_err(range)?;
            items_value = items_value.plus(line_value).map_err(range)?;
            let line = v2_line(item, added, state, &at)?;
            let entry = entry_of
                .get_mut(item.id.as_str())
                .and_then(|n| usize::try_from(*n).ok())
                .and_then(|n| pairs.get_mut(n));
            match entry {
                Some((from, to)) => if added { to } else { from }.push(line),
                None => lines.push(line),
            }
        }
        if !lines.is_empty() {
            body.insert(key.into(), v2_items(lines));
        }
    }
    if !pairs.is_empty() {
        let mut entries = Vec::with_capacity(pairs.len());
        for (from, to) in pairs {
            let mut entry = Map::new();
            entry.insert("from".into(), v2_items(from));
            entry.insert("to".into(), v2_items(to));
            entries.push(Value::Object(entry));
        }
        body.insert("replace".into(), Value::Array(entries));
    }
    let rest = if change.discount.is_some() || change.increment.is_some() {
        change
            .delta()
            .and_then(|d| d.minus(items_value))
            .map_err(range)?
    } else {
        Decimal::ZERO
    };
    let discount = Decimal::ZERO.minus(rest).map_err(range)?.max(Decimal::ZERO);
    let increment = rest.max(Decimal::ZERO);
    body.insert(
        "manualDiscountValue".into(),
        cents(discount, state.currency, &|| "operation.discount".into())?,
    );
    body.insert(
        "manualIncrementValue".into(),
        cents(increment, state.currency, &|| "operation.increment".into())?,
    );
    Ok(body)
}

/// The invoice's `issuanceDate`: VTEX requires it (S1 `InvoiceNotification`: "issuanceDate
/// ... required"), as ISO 8601: a date (`2026-03-02`) or a date-time with its offset
/// (`2026-03-02T21:30:00-03:00`, `…Z`): a date-time without one names no day. A date in
/// another form ("02/12/2026") or that is no day ("2026-13-45") throws under
/// `options.issuanceDate`, where the operator fixes it.
fn issuance_date(date: Option<&str>) -> Result<&str, InputError> {
    const PATH: &str = "options.issuanceDate";
    let date = date.ok_or_else(|| {
        InputError::new(
            PATH,
            "missing field `issuanceDate`: VTEX requires the invoice's issuance date",
        )
    })?;
    if iso_8601(date) {
        Ok(date)
    } else {
        Err(InputError::new(
            PATH,
            format!(
                "\"{date}\" is not an ISO 8601 date: expected YYYY-MM-DD or a date-time with \
                 its offset, e.g. 2026-03-02 or 2026-03-02T21:30:00-03:00"
            ),
        ))
    }
}

/// `YYYY-MM-DD`, optionally `THH:MM[:SS[.fraction]]` and then an offset (`Z` or `±HH:MM`),
/// every field in range (the day within its month, leap years counted). Read byte by byte at
/// fixed positions: the .wasm carries it (a general parser cost 1.2 KB gzipped).
fn iso_8601(text: &str) -> bool {
    let b = text.as_bytes();
    // The `n`-digit number at `at`, when it is at most `max`.
    let num = |at: usize, n: usize, max: u32| -> Option<u32> {
        let digits = b.get(at..at.checked_add(n)?)?;
        let value = digits.iter().try_fold(0_u32, |acc, &c| {
            let digit = c
                .is_ascii_digit()
                .then(|| u32::from(c.wrapping_sub(b'0')))?;
            acc.checked_mul(10)?.checked_add(digit)
        })?;
        (value <= max).then_some(value)
    };
    let is = |at: usize, c: u8| b.get(at) == Some(&c);
    let (Some(year), Some(month), Some(day)) = (num(0, 4, 9999), num(5, 2, 12), num(8, 2, 31))
    else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if !is(4, b'-') || !is(7, b'-') || month == 0 || day == 0 || day > days {
        return false;
    }
    if b.len() == 10 {
        return true;
    }
    if !(is(10, b'T') || is(10, b't')) || num(11, 2, 23).is_none() || !is(13, b':') {
        return false;
    }
    if num(14, 2, 59).is_none() {
        return false;
    }
    let mut at = 16;
    if is(at, b':') {
        if num(17, 2, 59).is_none() {
            return false;
        }
        at = 19;
        if is(at, b'.') {
            let digits = b.get(20..).map_or(0, |rest| {
                rest.iter().take_while(|c| c.is_ascii_digit()).count()
            });
            if !(1..=9).contains(&digits) {
                return false;
            }
            at = digits.saturating_add(20);
        }
    }
    match b.get(at..) {
        Some(b"Z" | b"z") => true,
        Some([b'+' | b'-', _, _, b':', _, _]) => {
            num(at.saturating_add(1), 2, 23).is_some() && num(at.saturating_add(4), 2, 59).is_some()
        }
        _ => false,
    }
}

/// Builds the request (see [`super`] for the shapes).
pub(super) fn to_vtex_request(
    state: &OrderState,
    operation: &Operation,
    options: &RequestOptions,
) -> Result<VtexRequest, InputError> {
    let order = order_path(state)?;
    let (path, body) = match operation {
        // Invoice Notification (S1 `InvoiceNotification`): `type` Output (a sale) …
        Operation::Invoice(request) => (
            [&order, "/invoice"].concat(),
            invoice(state, request, "Output", options)?,
        ),
        // … or Input (a return: "will automatically create a refund").
        Operation::Return(request) => (
            [&order, "/invoice"].concat(),
            invoice(state, request, "Input", options)?,
        ),
        // Register Change v1 (S1 `RegisterChange`): `requestId`, `reason`, `discountValue`
        // and `incrementValue` (both required; the change's delta is increment − discount,
        // S11), `itemsRemoved`/`itemsAdded` `{ id, price, quantity }`. A change that gives
        // neither amount (its delta is the items' prices) sends that delta as one of them.
        // Order modifications (vtex-notes 5.2): with `changeApi: "v2"`, or for a change that
        // is itself v2 (`api: "v2"`, as `fromVtexChange` writes it: VTEX forbids sending a
        // v1 change to an order changed through v2, S12 `SalesOrderSystem015`).
        Operation::Change(change)
            if options.change_api == super::ChangeApi::V2 || change.api == super::ChangeApi::V2 =>
        {
            let path = order_v2_path(state, options)?;
            return Ok(VtexRequest {
                method: if options.preview { "POST" } else { "PATCH" },
                path,
                body: Value::Object(change_v2(state, change)?),
            });
        }
        Operation::Change(change) => {
            let mut body = Map::new();
            body.insert("requestId".into(), Value::from(change.request_id.clone()));
            let reason = reason(change)?;
            body.insert("reason".into(), reason);
            let (discount, increment) = if change.discount.is_some() || change.increment.is_some() {
                (
                    change.discount.unwrap_or(Decimal::ZERO),
                    change.increment.unwrap_or(Decimal::ZERO),
                )
            } else {
                let delta = change
                    .delta()
                    .map_err(|_| InputError::new("operation", "amounts out of range"))?;
                (
                    Decimal::ZERO
                        .minus(delta)
                        .unwrap_or_default()
                        .max(Decimal::ZERO),
                    delta.max(Decimal::ZERO),
                )
            };
            body.insert(
                "discountValue".into(),
                cents(discount, state.currency, &|| "operation.discount".into())?,
            );
            body.insert(
                "incrementValue".into(),
                cents(increment, state.currency, &|| "operation.increment".into())?,
            );
            body.insert(
                "itemsRemoved".into(),
                items(&change.items_removed, state, "operation.itemsRemoved")?,
            );
            body.insert(
                "itemsAdded".into(),
                items(&change.items_added, state, "operation.itemsAdded")?,
            );
            ([&order, "/changes"].concat(), body)
        }
        // Cancel Order (S1 `CancelOrder`): `reason`, optional.
        Operation::Cancel { reason } => {
            let mut body = Map::new();
            if let Some(reason) = reason {
                body.insert("reason".into(), Value::from(reason.clone()));
            }
            ([&order, "/cancel"].concat(), body)
        }
    };
    Ok(VtexRequest {
        method: "POST",
        path,
        body: Value::Object(body),
    })
}

#[cfg(test)]
mod tests {
    use super::iso_8601;
    use crate::json as sp;
    use serde_json::{json, Value};

    /// `change_v2`'s pairing on a change of 2 × 4,000 lines (its map, issue 20 step 22): the
    /// removed lines name `s1999` down to `s0`, each twice; the added ones the even `s0` to
    /// `s7998`, once. The even ids below 2,000 are replaced, one entry each, in the order of
    /// their first removed line (`s1998` first), `from` both removed lines, `to` the added
    /// one; the odd ids are removed, the even ids from 2,000 on added, in their lines' order.
    #[test]
    fn replace_pairs_a_large_change_by_id_in_order_of_first_removal() {
        const N: u64 = 4_000;
        let state = sp::parse_state(&json!({
            "orderId": "V2-L", "currency": "BRL", "status": "handling",
            "items": [ { "id": "s0", "quantity": 1, "price": "1.00" } ],
            "transaction": { "payments": [ { "id": "P", "group": "creditCard", "value": "1.00",
                                             "connector": { "mode": "partial" } } ] }
        }))
        .unwrap();
        // The i-th removed line: `s<(N − 1 − i) / 2>`, quantity i + 1; the j-th added line:
        // `s<2j>`, quantity 1, at j + 1 cents.
        let removed = |i: u64| json!({ "id": format!("s{}", (N - 1 - i) / 2), "quantity": i + 1 });
        let added = |j: u64| json!({ "id": format!("s{}", 2 * j), "quantity": 1, "price": j + 1 });
        let priced = |line: Value, cents: u64| {
            let mut line = line;
            line["price"] = json!(format!("{}.{:02}", cents / 100, cents % 100));
            line
        };
        let change = sp::parse_operation(
            &json!({ "type": "change", "requestId": "big", "reason": "r", "api": "v2",
                     "itemsRemoved": (0..N).map(|i| priced(removed(i), 100)).collect::<Vec<_>>(),
                     "itemsAdded": (0..N).map(|j| priced(added(j), j + 1)).collect::<Vec<_>>() }),
            &state,
        )
        .unwrap();
        let body = sp::to_vtex_request(&state, &change, Some(&json!({ "changeApi": "v2" })))
            .unwrap()
            .body;
        let items = |lines: Vec<Value>| json!({ "items": lines });
        // Removed lines 2k and 2k + 1 are those of `s<N/2 − 1 − k>`.
        let replace: Vec<Value> = (0..N / 2)
            .filter(|k| (N / 2 - 1 - k) % 2 == 0)
            .map(|k| {
                let id = N / 2 - 1 - k;
                json!({ "from": items(vec![removed(2 * k), removed(2 * k + 1)]),
                        "to": items(vec![added(id / 2)]) })
            })
            .collect();
        let remove: Vec<Value> = (0..N)
            .filter(|i| (N - 1 - i) / 2 % 2 == 1)
            .map(removed)
            .collect();
        let add: Vec<Value> = (N / 4..N).map(added).collect();
        assert_eq!(replace.len(), 1_000);
        assert_eq!(remove.len(), 2_000);
        assert_eq!(add.len(), 3_000);
        assert_eq!(
            body,
            json!({ "reason": "r", "add": items(add), "remove": items(remove),
                    "replace": replace, "manualDiscountValue": 0, "manualIncrementValue": 0 })
        );
    }

    #[test]
    fn issuance_dates_are_iso_8601_days() {
        for good in [
            "2026-03-02",
            "2024-02-29",
            "2026-03-02T21:30:00-03:00",
            "2026-03-02T21:30-03:00",
            "2026-03-02T00:00:00.1234Z",
            "2026-12-31t23:59:59+14:00",
        ] {
            assert!(iso_8601(good), "{good}");
        }
        for bad in [
            "02/12/2026",
            "2026-13-45",
            "2026-02-29",
            "2026-04-31",
            "2026-3-2",
            "2026-03-02T21:30:00",
            "2026-03-02T24:00:00Z",
            "2026-03-02T21:30:00-0300",
            "2026-03-02T21:30:00.Z",
            "2026-03-02 21:30:00Z",
            "",
            "+026-03-02",
        ] {
            assert!(!iso_8601(bad), "{bad}");
        }
    }
}
