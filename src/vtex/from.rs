//! `fromVtex`: VTEX's "Get order" document (+ the gateway's data) → an [`OrderState`] and the
//! notes of every decision (api.md section 7). Each mapping rule is written where it is
//! applied, with its VTEX source (the ids of `shared/reference/vtex-notes.md`: S1 is the Orders
//! API OpenAPI, S3 the Payments Gateway API, …).

use super::dto::{instant, max_amount, At, VTEX_DECIMALS};
use super::notes::{Note, NoteCode};
use super::{ConnectorRule, FromVtex, FromVtexOptions};
use crate::engine;
use crate::money::{sum, Checked, Currency, Overflow};
use crate::names::Named;
use crate::operation::{InvoiceRequest, Operation};
use crate::order::{
    sum_lines, Change, Invoice, InvoiceType, Item, OrderState, OrderStatus, Transaction,
    TransactionStatus,
};
use crate::payment::{Connector, Group, Mode, Payment, Protocol};
use crate::schema::{InputError, MAX_LIST_LEN, MAX_PAYMENTS, MAX_TEXT_LEN};
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::Value;
use std::collections::BTreeSet;

#[derive(Default)]
struct Notes(Vec<Note>);

impl Notes {
    /// A note (one non-generic function for every call: the .wasm budget).
    fn add(&mut self, code: NoteCode, path: String, message: String) {
        self.0.push(Note {
            code,
            path,
            message,
        });
    }
}

fn overflow(path: &str) -> impl Fn(Overflow) -> InputError + '_ {
    move |_| InputError::new(path, "amounts out of range")
}

/// An entry of the order's history, with its date (nanoseconds, UTC) when readable.
struct Dated<T> {
    at: Option<i128>,
    entry: T,
}

/// Reads the order and maps it; see [`super`] for the rules in one list.
pub(super) fn from_vtex(
    order: &Value,
    transaction: Option<&Value>,
    options: &FromVtexOptions,
) -> Result<FromVtex, InputError> {
    let root = At::root(order, "order");
    root.object()?;
    let mut notes = Notes::default();
    let currency = currency(&root, options, &mut notes)?;
    let order_id = root.opt_text("orderId")?;

    // The order value: VTEX's `value`, exactly (S1: "Total value of the order").
    let value_at = root.req("value")?;
    let value = value_at.cents(currency)?;
    if value < Decimal::ZERO {
        return Err(value_at.error("expected an order value ≥ 0"));
    }
    let (items, index_ids) = items(&root, currency, &mut notes)?;
    let totals = totals(&root, currency, value, &items, &mut notes)?;
    let invoices = packages(&root, currency, &index_ids, &mut notes)?;
    let changes = changes(&root, currency, &items, &mut notes)?;

    // The value at authorization: VTEX's value less what the recorded changes moved (the
    // changes sit beside the items as ordered, S1 `changesAttachment`).
    let mut deltas = Decimal::ZERO;
    for c in &changes {
        deltas = c
            .entry
            .delta()
            .and_then(|d| deltas.plus(d))
            .map_err(overflow("order.changesAttachment"))?;
    }
    if let Some(total) = totals.change {
        if total != deltas {
            notes.add(
                NoteCode::ChangeTotalDiffers,
                "order.totals".into(),
                format!("the Change total is {total}, the changes add up to {deltas}: the changes are used"),
            );
        }
    }
    let authorized_value = value.minus(deltas).map_err(overflow("order.value"))?;
    if authorized_value < Decimal::ZERO {
        return Err(InputError::new(
            "order.changesAttachment",
            format!("the changes add up to {deltas}, more than the order value {value} can have lowered"),
        ));
    }
    if authorized_value >= max_amount() {
        // The history is replayed from it, and an assumed payment authorizes it.
        return Err(InputError::new(
            CHANGES,
            format!("the changes add up to {deltas}: the value at authorization, {authorized_value}, is out of range (below 10^15)"),
        ));
    }

    let (mut payments, auto) = payments(&root, currency, options, authorized_value, &mut notes)?;
    let (status, status_known) = status(&root, &mut notes)?;

    let base = |payments: Vec<Payment>, value: Decimal| OrderState {
        order_id: order_id.clone(),
        currency,
        status: OrderStatus::Handling,
        value,
        items: items.clone(),
        shipping: totals.shipping,
        tax: totals.tax,
        discounts: totals.discounts,
        invoices: Vec::new(),
        changes: Vec::new(),
        transaction: Transaction {
            status: TransactionStatus::Approved,
            new_charges: Decimal::ZERO,
            payments,
        },
    };
    let history = history(invoices, changes, &mut notes)?;
    let mut state = match transaction {
        Some(tx) => {
            // With the gateway's data, the ledgers are its records (S3 settlements, refunds,
            // cancellations); the history is recorded as VTEX has it, moving nothing.
            let canceled = gateway(
                &At::root(tx, "transaction"),
                currency,
                &mut payments,
                &mut notes,
            )?;
            notes.add(
                NoteCode::LedgerFromGateway,
                "transaction".into(),
                "the ledgers are the gateway's settlements, refunds and cancellations".into(),
            );
            let mut state = base(payments, value);
            for event in history {
                record(&mut state, &event);
            }
            if canceled {
                state.transaction.status = TransactionStatus::Canceled;
            }
            derive_provider(&mut state)?;
            state
        }
        None => {
            // Without it, the ledgers are what the rules imply: the history replayed through
            // the engine from the authorization (api.md section 7).
            auto_settle(&mut payments, &auto, &mut notes);
            let mut state = base(payments, authorized_value);
            derive_provider(&mut state)?;
            state.transaction.status = state
                .judged_transaction_status()
                .map_err(overflow("order"))?;
            let mut history = history;
            if matches!(status, Some(OrderStatus::Canceled | OrderStatus::Cancel)) {
                // A cancelled order: its cancellation is the last step of its history.
                history.push(Event {
                    list: "order.status",
                    index: None,
                    op: Operation::Cancel { reason: None },
                });
            }
            replay(&mut state, history, options, &mut notes)?;
            state
        }
    };

    // The status: VTEX's, mapped to the engine's list; the history's only when VTEX's is not
    // readable (`invoiced` or `canceled` there), else `payment-approved` (no change allowed).
    let replayed = state.status;
    state.status = match status {
        Some(s) => {
            let terminal =
                |s: OrderStatus| matches!(s, OrderStatus::Invoiced | OrderStatus::Canceled);
            if s != replayed && (terminal(s) || terminal(replayed)) && transaction.is_none() {
                notes.add(
                    NoteCode::StatusDiffersFromHistory,
                    "order.status".into(),
                    format!(
                        "the history ends {}, VTEX says {}: VTEX's status is kept",
                        replayed.name(),
                        s.name()
                    ),
                );
            }
            s
        }
        None => {
            let s = if matches!(replayed, OrderStatus::Invoiced | OrderStatus::Canceled) {
                replayed
            } else {
                OrderStatus::PaymentApproved
            };
            if !status_known {
                notes.add(
                    NoteCode::StatusUnknown,
                    "order.status".into(),
                    format!("taken as {}", s.name()),
                );
            }
            s
        }
    };
    if state.value != value {
        // Cannot happen (the authorization value plus the changes' deltas is VTEX's value);
        // kept so that the state's value is VTEX's whatever the replay did.
        state.value = value;
    }
    let invoiced = state.invoiced().map_err(overflow("order"))?;
    if invoiced > value {
        notes.add(
            NoteCode::InvoicedAboveValue,
            "order.packageAttachment".into(),
            format!("output invoices add up to {invoiced}, above the order value {value}"),
        );
    }
    state.transaction.status = if state.status == OrderStatus::Canceled {
        TransactionStatus::Canceled
    } else {
        state
            .judged_transaction_status()
            .map_err(overflow("order"))?
    };
    state.rescale_amounts();
    #[cfg(debug_assertions)]
    reads_back(&state)?;
    Ok(FromVtex {
        state,
        notes: notes.0,
    })
}

/// The guarantee of issue 21, checked in debug builds (every test; the `from_vtex` fuzz
/// target checks the same itself, in its release build): the state is one `preview`, `apply` and
/// `Ledger` take, since it is written as JSON and read back by the very reader they use
/// ([`crate::schema::parse_state`]), unchanged. The mapping keeps each of that reader's
/// constraints by construction (every check it makes has its counterpart above, at the VTEX
/// path that breaks it); this is the net under them: a case they miss is refused
/// (`INVALID_INPUT` at `order`, naming the state's field and "a defect of fromVtex", which the
/// `from_vtex` fuzz target reports as a crash) instead of a state the package then refuses at
/// a path the caller never wrote. Not in release builds: it costs about as much as the mapping
/// itself (`cargo bench --bench engine`: 23 of 48 µs for a 3-item order, 11 of 24 ms for
/// 10 000 items; most of it building and dropping the JSON tree), which a batch
/// reconciliation of many orders would pay on every one.
#[cfg(debug_assertions)]
fn reads_back(state: &OrderState) -> Result<(), InputError> {
    let broken = |message: String| {
        InputError::new(
            "order",
            format!("the order maps to a state the state reader refuses ({message}): a defect of fromVtex, please report it with the document"),
        )
    };
    let text = serde_json::to_vec(state).map_err(|e| broken(e.to_string()))?;
    let value: Value = serde_json::from_slice(&text).map_err(|e| broken(e.to_string()))?;
    let again = crate::schema::parse_state(&value, "state")
        .map_err(|e| broken(format!("{}: {}", e.path, e.message)))?;
    if again != *state {
        return Err(broken("it does not read back unchanged".into()));
    }
    Ok(())
}

/// A rule code as the JSON writes it (`ITEMS_ALREADY_INVOICED`), from its `Debug` form, for
/// the `REPLAY_REJECTED` note.
#[cold]
#[inline(never)]
fn rule_code_name(code: crate::codes::RuleCode) -> String {
    let camel = format!("{code:?}");
    let mut out = String::with_capacity(camel.len().saturating_add(4));
    for (i, c) in camel.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

// ----- Currency ---------------------------------------------------------------------------------

/// `storePreferencesData.currencyCode` (S1); old orders without it take `options.currency`.
/// VTEX's integers are hundredths of that currency's major unit whatever its minor units (S1
/// "in cents"; `dto.rs`); `currencyFormatInfo.CurrencyDecimalDigits` is how the store displays
/// amounts, so it changes nothing (noted when it differs from ISO 4217).
fn currency(
    root: &At,
    options: &FromVtexOptions,
    notes: &mut Notes,
) -> Result<Currency, InputError> {
    let prefs = root.get("storePreferencesData");
    let code_at = prefs.as_ref().and_then(|p| p.get("currencyCode"));
    let currency = match code_at {
        Some(at) => {
            let code = at.text()?;
            Currency::from_code(&code).ok_or_else(|| {
                at.error(format!(
                    "unknown currency {code:?}: expected an ISO 4217 code such as \"BRL\""
                ))
            })?
        }
        None => {
            let currency = options.currency.ok_or_else(|| {
                InputError::new(
                    "order.storePreferencesData.currencyCode",
                    "missing field `currencyCode`: an order without it needs options.currency",
                )
            })?;
            notes.add(
                NoteCode::CurrencyFromOptions,
                "order.storePreferencesData".into(),
                format!("no currency in the order: {currency} from options.currency"),
            );
            currency
        }
    };
    let digits = prefs
        .as_ref()
        .and_then(|p| p.get("currencyFormatInfo"))
        .and_then(|f| f.get("CurrencyDecimalDigits"));
    if let Some(at) = digits {
        if let Ok(d) = at.units() {
            if u64::from(currency.minor_units()) != d {
                notes.add(
                    NoteCode::CurrencyDigitsDiffer,
                    at.path(),
                    format!(
                        "{d} decimal digits shown, {currency} has {}: display only, amounts are \
                         read as hundredths (cents) and kept at {currency}'s {} decimals",
                        currency.minor_units(),
                        currency.minor_units()
                    ),
                );
            }
        }
    }
    Ok(currency)
}

// ----- Totals -----------------------------------------------------------------------------------

struct Totals {
    shipping: Decimal,
    tax: Decimal,
    discounts: Decimal,
    change: Option<Decimal>,
}

/// `totals` (S1): `Shipping` → shipping, `Tax` (+ `CustomTax`) → tax, `−Discounts` → discounts
/// (VTEX writes discounts negative); `Change` is checked against the changes; `ManualValues`
/// stays in the value; other ids are ignored. All noted when they make a difference.
fn totals(
    root: &At,
    currency: Currency,
    value: Decimal,
    items: &[Item],
    notes: &mut Notes,
) -> Result<Totals, InputError> {
    let mut t = Totals {
        shipping: Decimal::ZERO,
        tax: Decimal::ZERO,
        discounts: Decimal::ZERO,
        change: None,
    };
    let mut all = Decimal::ZERO;
    let mut any = false;
    for entry in root.list_of("totals")? {
        let id = entry.req("id")?.text()?;
        let amount_at = entry.req("value")?;
        let amount = amount_at.cents(currency)?;
        any = true;
        all = all.plus(amount).map_err(entry.overflow())?;
        // Each entry is an amount, but several of one id (two `Shipping` entries) add up:
        // the sum must stay one too (below 10^15, as the state reader reads it).
        let total = |to: Decimal, by: Decimal| {
            let sum = to.plus(by).map_err(amount_at.overflow())?;
            if sum.abs() >= max_amount() {
                return Err(amount_at.error(format!(
                    "the {id} totals add up to {sum}: out of range (below 10^15)"
                )));
            }
            Ok(sum)
        };
        match id.as_str() {
            "Items" => {
                let lines = sum_lines(items).map_err(entry.overflow())?;
                if lines != amount {
                    notes.add(
                        NoteCode::ItemsTotalDiffers,
                        amount_at.path(),
                        format!("the Items total is {amount}, the item lines add up to {lines}"),
                    );
                }
            }
            "Discounts" => {
                let by = Decimal::ZERO.minus(amount).map_err(amount_at.overflow())?;
                t.discounts = total(t.discounts, by)?;
            }
            "Shipping" => t.shipping = total(t.shipping, amount)?,
            "Tax" => t.tax = total(t.tax, amount)?,
            "CustomTax" => {
                t.tax = total(t.tax, amount)?;
                notes.add(
                    NoteCode::CustomTax,
                    entry.path(),
                    format!("CustomTax {amount} counted as tax"),
                );
            }
            "Change" => t.change = Some(total(t.change.unwrap_or(Decimal::ZERO), amount)?),
            "ManualValues" => {
                if !amount.is_zero() {
                    notes.add(
                        NoteCode::ManualValues,
                        entry.path(),
                        format!("manual values of {amount} are part of the order value"),
                    );
                }
            }
            other => notes.add(
                NoteCode::TotalUnknown,
                entry.path(),
                format!("total {other:?} ({amount}) ignored: the order value counts it"),
            ),
        }
    }
    for (name, amount) in [
        ("Shipping", &mut t.shipping),
        ("Tax", &mut t.tax),
        ("Discounts", &mut t.discounts),
    ] {
        if *amount < Decimal::ZERO {
            notes.add(
                NoteCode::TotalUnknown,
                "order.totals".into(),
                format!("the {name} total has the wrong sign ({amount}): taken as zero"),
            );
            *amount = Decimal::ZERO;
        }
    }
    if any && all != value {
        notes.add(
            NoteCode::ValueDiffersFromTotals,
            "order.value".into(),
            format!("value is {value}, the totals add up to {all}: the state takes value"),
        );
    }
    Ok(t)
}

// ----- Items ------------------------------------------------------------------------------------

/// A unit price: VTEX's `price` × `unitMultiplier` (S1), rounded half to even to what VTEX
/// can carry: cents (its prices have two implied decimals, so 19.99 × 0.25 KWD is 5.00, not
/// 4.998, which no request could send), or the currency's unit when coarser (CLP, JPY).
fn unit_price(
    price: Decimal,
    multiplier: Option<&At>,
    currency: Currency,
    line: &At,
    notes: &mut Notes,
) -> Result<Decimal, InputError> {
    let Some(at) = multiplier else {
        return Ok(price);
    };
    let m = at.decimal()?;
    if m <= Decimal::ZERO || m == Decimal::ONE {
        // VTEX writes 0.0 where no multiplier applies (package items of its own example).
        return Ok(price);
    }
    let exact = price.times(m).map_err(line.overflow())?;
    let unit = exact.round_dp_with_strategy(
        currency.minor_units().min(VTEX_DECIMALS),
        RoundingStrategy::MidpointNearestEven,
    );
    notes.add(
        NoteCode::UnitMultiplier,
        at.path(),
        format!("unit price {price} × unitMultiplier {m} = {exact}"),
    );
    if unit != exact {
        notes.add(
            NoteCode::UnitPriceRounded,
            at.path(),
            format!(
                "{exact} is not a whole number of cents or {currency} units: rounded to {unit}"
            ),
        );
    }
    let mut unit = unit;
    unit.rescale(currency.minor_units());
    Ok(unit)
}

/// `items[]` (S1): `id` (the SKU), `quantity`, `price` per unit (× `unitMultiplier`), `name`.
/// Returns the lines and the SKU of every original index (`itemIndex` refers to it).
fn items(
    root: &At,
    currency: Currency,
    notes: &mut Notes,
) -> Result<(Vec<Item>, Vec<String>), InputError> {
    let mut lines = Vec::new();
    let mut index_ids = Vec::new();
    let mut seen = BTreeSet::new();
    for at in root.list_of("items")? {
        let id = at.req("id")?.id()?;
        index_ids.push(id.clone());
        let quantity = at.req("quantity")?.units()?;
        if quantity == 0 {
            notes.add(
                NoteCode::ItemWithoutUnits,
                at.path(),
                format!("item {id:?} has no units: left out"),
            );
            continue;
        }
        let selling = at
            .get("sellingPrice")
            .map(|s| s.cents(currency))
            .transpose()?;
        let price = match at.get("price") {
            Some(p) => p.cents(currency)?,
            None => match selling {
                Some(s) => {
                    notes.add(
                        NoteCode::ItemPriceMissing,
                        at.child_path("price"),
                        format!("no price: sellingPrice {s} is the unit price"),
                    );
                    s
                }
                None => {
                    return Err(InputError::new(
                        at.child_path("price"),
                        "missing field `price`",
                    ))
                }
            },
        };
        if price < Decimal::ZERO {
            return Err(InputError::new(
                at.child_path("price"),
                "expected a price ≥ 0",
            ));
        }
        if let Some(s) = selling {
            if s != price {
                notes.add(
                    NoteCode::SellingPriceDiffers,
                    at.child_path("sellingPrice"),
                    format!("sellingPrice {s}, price {price}: the unit price is {price}, the difference is in Discounts"),
                );
            }
        }
        for tag in at.list_of("priceTags")? {
            let name = tag.opt_text("name")?.unwrap_or_default();
            let lower = name.to_ascii_lowercase();
            if lower.as_bytes().windows(8).any(|w| w == b"shipping") {
                notes.add(
                    NoteCode::ShippingDiscountOnItem,
                    tag.path(),
                    format!("{name:?} is a shipping discount on item {id:?}: counted with the order's discounts"),
                );
            }
        }
        let price = unit_price(
            price,
            at.get("unitMultiplier").as_ref(),
            currency,
            &at,
            notes,
        )?;
        let item = Item {
            id: id.clone(),
            quantity,
            price: Some(price),
            name: at.opt_text("name")?,
        };
        in_range(&item, &at)?;
        if !seen.insert(id.clone()) {
            notes.add(
                NoteCode::SkuOnSeveralLines,
                at.path(),
                format!("SKU {id:?} is on several lines: kept as separate lines"),
            );
        }
        lines.push(item);
    }
    Ok((lines, index_ids))
}

/// quantity × price must be an amount in range (as the state reader checks).
fn in_range(item: &Item, at: &At) -> Result<(), InputError> {
    let line = item.line_value().map_err(at.overflow())?;
    if line.abs() >= max_amount() {
        return Err(at.error("quantity × price is out of range"));
    }
    Ok(())
}

/// Item lines of an invoice or a change: `id` (or `itemIndex` into the order's items), a
/// `quantity` (0 is left out), a `price` in cents when given (× `unitMultiplier`). With
/// `price_from` (a change that gives neither `discountValue` nor `incrementValue`), a line
/// without `price` is priced from the order's lines of its SKU: see [`changes`].
fn listed_items(
    list: Vec<At>,
    currency: Currency,
    index_ids: &[String],
    price_from: Option<&[Item]>,
    notes: &mut Notes,
) -> Result<Vec<Item>, InputError> {
    let mut out = Vec::new();
    for at in list {
        let id = match (at.get("id"), at.get("itemIndex")) {
            (Some(id), _) => id.id()?,
            (None, Some(index)) => {
                let i = index.units()?;
                usize::try_from(i)
                    .ok()
                    .and_then(|i| index_ids.get(i))
                    .cloned()
                    .ok_or_else(|| {
                        index.error(format!(
                            "itemIndex {i}: the order has {} items",
                            index_ids.len()
                        ))
                    })?
            }
            (None, None) => return Err(InputError::new(at.child_path("id"), "missing field `id`")),
        };
        let quantity = at.req("quantity")?.units()?;
        if quantity == 0 {
            continue;
        }
        let price = match at.get("price") {
            Some(p) => {
                let price = p.cents(currency)?;
                if price < Decimal::ZERO {
                    return Err(p.error("expected a price ≥ 0"));
                }
                Some(unit_price(
                    price,
                    at.get("unitMultiplier").as_ref(),
                    currency,
                    &at,
                    notes,
                )?)
            }
            None => match price_from {
                Some(lines) => Some(price_as_ordered(&id, lines, &at, notes)?),
                None => None,
            },
        };
        let item = Item {
            id,
            quantity,
            price,
            name: None,
        };
        in_range(&item, &at)?;
        out.push(item);
    }
    Ok(out)
}

/// The unit price of `id` as ordered, for a change's line at `at` that gives none: the
/// price of the order's lines of that SKU (noted), or `INVALID_INPUT` at the line's `price`
/// when the order has no such line or its lines have different prices (which one VTEX meant
/// cannot be known).
fn price_as_ordered(
    id: &str,
    lines: &[Item],
    at: &At,
    notes: &mut Notes,
) -> Result<Decimal, InputError> {
    let mut prices = lines.iter().filter(|l| l.id == id).filter_map(|l| l.price);
    let first = prices.next();
    let price = match first {
        Some(p) if prices.all(|q| q == p) => p,
        Some(_) => {
            return Err(InputError::new(
                at.child_path("price"),
                format!("missing field `price`: the change gives neither discountValue nor incrementValue, and the order's lines of SKU {id:?} have different prices"),
            ))
        }
        None => {
            return Err(InputError::new(
                at.child_path("price"),
                format!("missing field `price`: the change gives neither discountValue nor incrementValue, and the order has no line of SKU {id:?} to price it from"),
            ))
        }
    };
    notes.add(
        NoteCode::ItemPriceMissing,
        at.child_path("price"),
        format!("no price, and the change gives neither discountValue nor incrementValue: {id:?} at its unit price as ordered, {price}"),
    );
    Ok(price)
}

// ----- Invoices and changes ---------------------------------------------------------------------

/// `packageAttachment.packages[]` (S1): `type` `Output` (sale) or `Input` (return), the
/// `invoiceNumber`, `invoiceValue` in cents, `issuanceDate` and `items`. An `Input` package
/// lists its units in `restitutions.Refund.items` (with SKU ids); its value is `invoiceValue`
/// (what the Invoice Notification carried, S1), checked against `restitutions.Refund.value`.
fn packages(
    root: &At,
    currency: Currency,
    index_ids: &[String],
    notes: &mut Notes,
) -> Result<Vec<Dated<Invoice>>, InputError> {
    let list = match root.get("packageAttachment") {
        Some(a) => a.list_of("packages")?,
        None => Vec::new(),
    };
    let mut out = Vec::new();
    for (i, at) in list.into_iter().enumerate() {
        let kind = match at.get("type") {
            None => {
                notes.add(
                    NoteCode::InvoiceTypeMissing,
                    at.path(),
                    "no type: an Output invoice".into(),
                );
                InvoiceType::Output
            }
            Some(t) => match t.text()?.to_ascii_lowercase().as_str() {
                "output" => InvoiceType::Output,
                "input" => InvoiceType::Input,
                other => {
                    return Err(t.error(format!("expected `Output` or `Input`, got {other:?}")))
                }
            },
        };
        let number = match at.opt_text("invoiceNumber")? {
            Some(n) => n,
            None => {
                let n = format!("package-{}", i.saturating_add(1));
                notes.add(
                    NoteCode::InvoiceNumberMissing,
                    at.child_path("invoiceNumber"),
                    format!("no invoice number: {n}"),
                );
                n
            }
        };
        let value_at = at.req("invoiceValue")?;
        let value = value_at.cents(currency)?;
        if value < Decimal::ZERO {
            return Err(value_at.error("expected an invoice value ≥ 0"));
        }
        let refund = at.get("restitutions").and_then(|r| r.get("Refund"));
        let mut items = listed_items(at.list_of("items")?, currency, index_ids, None, notes)?;
        if kind == InvoiceType::Input {
            if let Some(refund) = &refund {
                let listed =
                    listed_items(refund.list_of("items")?, currency, index_ids, None, notes)?;
                if !listed.is_empty() {
                    items = listed;
                }
                if let Some(v) = refund.get("value") {
                    let refunded = v.cents(currency)?;
                    if refunded != value {
                        notes.add(
                            NoteCode::RestitutionDiffers,
                            v.path(),
                            format!("restitution {refunded}, invoice value {value}: the return is {value}"),
                        );
                    }
                }
            }
        }
        let date = at.get("issuanceDate");
        let when = date
            .as_ref()
            .and_then(|d| d.value.as_str())
            .and_then(instant);
        if when.is_none() {
            notes.add(
                NoteCode::DateMissing,
                at.child_path("issuanceDate"),
                "no readable issuanceDate: replayed after the entry before it".into(),
            );
        }
        out.push(Dated {
            at: when,
            entry: Invoice {
                kind,
                number,
                value,
                items,
            },
        });
    }
    Ok(out)
}

/// `changesAttachment.changesData[]` (S1, Change v1): `requestId` (absent in VTEX's own
/// example: the receipt stands for it), `reason`, `discountValue`/`incrementValue` in cents
/// (the change's delta, S11), `itemsAdded`/`itemsRemoved`, `receipt.date`.
///
/// **A change with neither `discountValue` nor `incrementValue`** takes its value from its
/// items' prices (api.md section 4), and the state reader then requires every item's price.
/// VTEX's v1 requires all of them (S1 Register Change: `discountValue`, `incrementValue` and
/// each item's `price`; vtex-notes 5.1), so such an entry is not one VTEX writes, but one
/// from an export or a hand-made fixture can lack them. Decision: an item line without
/// `price` is **priced from the order's lines of its SKU** (unit price × `unitMultiplier`, as
/// ordered), with an `ITEM_PRICE_MISSING` note at the line's `price`: that is the price VTEX
/// records for removed units (S1's own example removes an item at its price, 3290, with a
/// `discountValue` of 3290), and the order itself carries it, so refusing would only make the
/// order unloadable. When the order cannot price it (no line of that SKU, or lines of
/// different prices: which one was meant is unknowable) the document is refused with
/// `INVALID_INPUT` at that line's `price`. A change that gives a value keeps its items as
/// they are: their prices do not move money (S11: "the user calculated the change value").
fn changes(
    root: &At,
    currency: Currency,
    items: &[Item],
    notes: &mut Notes,
) -> Result<Vec<Dated<Change>>, InputError> {
    let list = match root.get("changesAttachment") {
        Some(a) => a.list_of("changesData")?,
        None => Vec::new(),
    };
    let mut out = Vec::new();
    let mut ids = BTreeSet::new();
    for (i, at) in list.into_iter().enumerate() {
        let receipt = at.get("receipt");
        let mut request_id = match at.opt_text("requestId")? {
            Some(id) => id,
            None => {
                let id = match receipt
                    .as_ref()
                    .map(|r| r.opt_text("receipt"))
                    .transpose()?
                    .flatten()
                {
                    Some(r) => r,
                    None => format!("change-{}", i.saturating_add(1)),
                };
                notes.add(
                    NoteCode::ChangeWithoutRequestId,
                    at.child_path("requestId"),
                    format!("no requestId: {id:?} stands for it"),
                );
                id
            }
        };
        if ids.contains(&request_id) {
            let mut n: usize = 2;
            while ids.contains(&numbered(&request_id, n)) {
                n = n.saturating_add(1);
            }
            let renamed = numbered(&request_id, n);
            notes.add(
                NoteCode::ChangeRequestIdRepeated,
                at.child_path("requestId"),
                format!("{request_id:?} again: recorded as {renamed:?}"),
            );
            request_id = renamed;
        }
        ids.insert(request_id.clone());
        let amount = |key: &str| -> Result<Option<Decimal>, InputError> {
            match at.get(key) {
                None => Ok(None),
                Some(a) => {
                    let v = a.cents(currency)?;
                    if v < Decimal::ZERO {
                        return Err(a.error("expected an amount ≥ 0"));
                    }
                    Ok(Some(v))
                }
            }
        };
        let discount = amount("discountValue")?;
        let increment = amount("incrementValue")?;
        // Without either, the change's value is its items' prices (api.md section 4), so each
        // needs one: a line without is priced as ordered (see the function's documentation).
        let price_from = (discount.is_none() && increment.is_none()).then_some(items);
        let change = Change {
            request_id,
            reason: at.opt_text("reason")?,
            discount,
            increment,
            items_removed: listed_items(
                at.list_of("itemsRemoved")?,
                currency,
                &[],
                price_from,
                notes,
            )?,
            items_added: listed_items(at.list_of("itemsAdded")?, currency, &[], price_from, notes)?,
        };
        let when = receipt
            .as_ref()
            .and_then(|r| r.get("date"))
            .and_then(|d| d.value.as_str().and_then(instant));
        if when.is_none() {
            notes.add(
                NoteCode::DateMissing,
                at.child_path("receipt"),
                "no readable receipt.date: replayed after the entry before it".into(),
            );
        }
        out.push(Dated {
            at: when,
            entry: change,
        });
    }
    Ok(out)
}

/// `<id>#<n>`, the new id of a repeated request id, no longer than the state reader takes
/// ([`MAX_TEXT_LEN`] characters: the suffix replaces the id's last characters when it must).
fn numbered(id: &str, n: usize) -> String {
    let suffix = format!("#{n}");
    let keep = MAX_TEXT_LEN.saturating_sub(suffix.len());
    let mut out: String = id.chars().take(keep).collect();
    out.push_str(&suffix);
    out
}

/// One step of the history, and where VTEX's document has it.
struct Event {
    /// The list (`order.packageAttachment.packages`) and the index in it, or a field.
    list: &'static str,
    index: Option<usize>,
    op: Operation,
}

impl Event {
    /// Where it is (written only for a note or an error).
    fn path(&self) -> String {
        match self.index {
            Some(i) => format!("{}[{i}]", self.list),
            None => self.list.to_string(),
        }
    }

    fn overflow(&self) -> impl Fn(Overflow) -> InputError + '_ {
        move |_| InputError::new(self.path(), "amounts out of range")
    }
}

const CHANGES: &str = "order.changesAttachment.changesData";
const PACKAGES: &str = "order.packageAttachment.packages";
/// More than the entries of both lists ([`MAX_LIST_LEN`] each).
const SPAN: usize = 2 * MAX_LIST_LEN + 1;

/// Invoices and changes in date order (VTEX's dates with their offsets; an entry without a
/// date takes the date of the entry before it in its own list; ties: changes, then output
/// invoices, then returns, each in document order).
fn history(
    invoices: Vec<Dated<Invoice>>,
    changes: Vec<Dated<Change>>,
    notes: &mut Notes,
) -> Result<Vec<Event>, InputError> {
    // Sort keys `(dated, date, tie)`: `dated` 0 before the list's first date (such entries
    // come first), the date in nanoseconds, tie = rank × SPAN + position (the two lists hold
    // fewer than SPAN entries together); the events by position, taken out in key order. The
    // key's type is the one `split::refund_order` sorts, so the .wasm holds one sort for both.
    let mut keys: Vec<(u8, Decimal, usize)> = Vec::new();
    let key = |at: i128| -> Result<(u8, Decimal), InputError> {
        if at == i128::MIN {
            return Ok((0, Decimal::ZERO));
        }
        Decimal::try_from_i128_with_scale(at, 0)
            .map(|d| (1, d))
            .map_err(|_| InputError::new("order", "a date out of range"))
    };
    let mut events: Vec<Option<Event>> = Vec::new();
    let tie = |rank: usize, position: usize| {
        rank.checked_mul(SPAN)
            .and_then(|r| r.checked_add(position))
            .ok_or_else(|| InputError::new("order", "too many entries"))
    };
    let mut last = i128::MIN;
    for (i, c) in changes.into_iter().enumerate() {
        last = c.at.unwrap_or(last);
        let (dated, date) = key(last)?;
        keys.push((dated, date, tie(0, events.len())?));
        events.push(Some(Event {
            list: CHANGES,
            index: Some(i),
            op: Operation::Change(c.entry),
        }));
    }
    let mut last = i128::MIN;
    let mut numbers = BTreeSet::new();
    let (mut invoiced, mut returned) = (Decimal::ZERO, Decimal::ZERO);
    for (i, inv) in invoices.into_iter().enumerate() {
        last = inv.at.unwrap_or(last);
        if !numbers.insert(inv.entry.number.clone()) {
            notes.add(
                NoteCode::InvoiceNumberRepeated,
                format!("{PACKAGES}[{i}]"),
                format!("invoice number {:?} again: counted once", inv.entry.number),
            );
            continue;
        }
        let output = inv.entry.kind == InvoiceType::Output;
        // Each value is an amount, and so must be what the outputs (and the returns) add up
        // to: the state reader checks both sums, whether the engine accepts the step or not.
        let sum = if output { &mut invoiced } else { &mut returned };
        *sum = sum
            .plus(inv.entry.value)
            .ok()
            .filter(|s| *s < max_amount())
            .ok_or_else(|| {
                InputError::new(
                    format!("{PACKAGES}[{i}].invoiceValue"),
                    format!(
                        "the {} up to this one add up to more than an amount can be: out of range (below 10^15)",
                        if output { "output invoices" } else { "returns" }
                    ),
                )
            })?;
        let request = InvoiceRequest {
            number: inv.entry.number,
            value: inv.entry.value,
            items: inv.entry.items,
        };
        let (dated, date) = key(last)?;
        keys.push((dated, date, tie(if output { 1 } else { 2 }, events.len())?));
        events.push(Some(Event {
            list: PACKAGES,
            index: Some(i),
            op: if output {
                Operation::Invoice(request)
            } else {
                Operation::Return(request)
            },
        }));
    }
    keys.sort();
    let mut out = Vec::with_capacity(keys.len());
    for (_, _, tie) in keys {
        let position = tie.checked_rem(SPAN).unwrap_or(usize::MAX);
        if let Some(event) = events.get_mut(position).and_then(Option::take) {
            out.push(event);
        }
    }
    Ok(out)
}

/// Records a step as VTEX has it, without moving money.
fn record(state: &mut OrderState, event: &Event) {
    match &event.op {
        Operation::Invoice(r) | Operation::Return(r) => {
            if !state.has_invoice_number(&r.number) {
                let kind = if matches!(event.op, Operation::Invoice(_)) {
                    InvoiceType::Output
                } else {
                    InvoiceType::Input
                };
                state.invoices.push(r.recorded_as(kind));
            }
        }
        Operation::Change(c) => {
            if let Ok(v) = c.delta().and_then(|d| state.value.plus(d)) {
                state.value = v;
            }
            state.changes.push(c.clone());
        }
        Operation::Cancel { .. } => {
            state.status = OrderStatus::Canceled;
            state.transaction.status = TransactionStatus::Canceled;
        }
    }
}

/// Replays the history through the engine (semantics.md section 6): each step moves the
/// ledgers as VTEX's OMS would have; a step the engine refuses is recorded as VTEX has it,
/// moving nothing, with a `REPLAY_REJECTED` note.
fn replay(
    state: &mut OrderState,
    history: Vec<Event>,
    options: &FromVtexOptions,
    notes: &mut Notes,
) -> Result<(), InputError> {
    for event in history {
        let applied = engine::apply(state, &event.op, &options.engine).map_err(event.overflow())?;
        if applied.outcome.accepted {
            if let Some(next) = applied.state {
                *state = next;
            }
        } else {
            let mut codes = String::new();
            for e in &applied.outcome.errors {
                if !codes.is_empty() {
                    codes.push_str(", ");
                }
                codes.push_str(&rule_code_name(e.code));
            }
            notes.add(
                NoteCode::ReplayRejected,
                event.path(),
                format!("the engine refuses this step ({codes}): recorded without moving money"),
            );
            record(state, &event);
        }
    }
    Ok(())
}

// ----- Status -----------------------------------------------------------------------------------

/// `status` (S1, S20): the engine's list as it is; VTEX's other statuses mapped to the nearest
/// (`waiting-ffmt-authorization` → `authorize-fulfillment`, the waiting-for-authorization ones
/// → `waiting-for-order-authorization`, `waiting-seller-handling`/`order-accepted` →
/// `ready-for-handling`, `window-to-change-payment`/`-seller` → `window-to-cancel`). Returns
/// `None` for an unknown or absent status (decided after the replay), and whether a note
/// was already given.
fn status(root: &At, notes: &mut Notes) -> Result<(Option<OrderStatus>, bool), InputError> {
    let Some(at) = root.get("status") else {
        notes.add(
            NoteCode::StatusUnknown,
            "order.status".into(),
            "no status".into(),
        );
        return Ok((None, true));
    };
    let text = at.text()?;
    if let Some(s) = OrderStatus::from_name(&text) {
        return Ok((Some(s), true));
    }
    let mapped = match text.as_str() {
        "waiting-ffmt-authorization" => Some(OrderStatus::AuthorizeFulfillment),
        "waiting-for-authorization"
        | "waiting-for-manual-authorization"
        | "waiting-for-mkt-authorization" => Some(OrderStatus::WaitingForOrderAuthorization),
        "waiting-seller-handling" | "order-accepted" => Some(OrderStatus::ReadyForHandling),
        "window-to-change-payment" | "window-to-change-seller" => Some(OrderStatus::WindowToCancel),
        _ => None,
    };
    match mapped {
        Some(s) => {
            notes.add(
                NoteCode::StatusMapped,
                at.path(),
                format!("{text:?} taken as {}", s.name()),
            );
            Ok((Some(s), true))
        }
        None => Ok((None, false)),
    }
}

// ----- Payments ---------------------------------------------------------------------------------

/// VTEX's payment groups (S1 `group`) to the engine's: the same names (any case), `pix` →
/// `instantPayment`, `debit` → `debitCard` (the group name VTEX gives a marketplace's debit
/// method on a seller's order, "Marketplace payment data on seller orders"); `null` (marketplace) and the rest (such as `PSE`) → `other`, noted.
fn group(payment: &At, notes: &mut Notes) -> Result<(Group, Option<String>), InputError> {
    let Some(at) = payment.get("group") else {
        notes.add(
            NoteCode::PaymentGroupMissing,
            payment.child_path("group"),
            "no group (a marketplace payment): group other".into(),
        );
        return Ok((Group::Other, None));
    };
    let text = at.text()?;
    let known = [
        ("creditcard", Group::CreditCard),
        ("debitcard", Group::DebitCard),
        ("debit", Group::DebitCard),
        ("giftcard", Group::GiftCard),
        ("promissory", Group::Promissory),
        ("bankinvoice", Group::BankInvoice),
        ("instantpayment", Group::InstantPayment),
        ("pix", Group::InstantPayment),
        ("cash", Group::Cash),
        ("creditcontrol", Group::CreditControl),
        ("other", Group::Other),
    ];
    let lower = text.to_ascii_lowercase();
    let found = known
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|(_, g)| *g);
    let g = match found {
        Some(g) => {
            if lower == "pix" || lower == "debit" {
                notes.add(
                    NoteCode::PaymentGroupUnknown,
                    at.path(),
                    format!("group {text:?}: {}", group_name(g)),
                );
            }
            g
        }
        None => {
            notes.add(
                NoteCode::PaymentGroupUnknown,
                at.path(),
                format!("group {text:?} is not one of the engine's: group other"),
            );
            Group::Other
        }
    };
    Ok((g, Some(text)))
}

/// A group as the JSON writes it (`creditCard`).
fn group_name(g: Group) -> &'static str {
    match g {
        Group::CreditCard => "creditCard",
        Group::DebitCard => "debitCard",
        Group::GiftCard => "giftCard",
        Group::Promissory => "promissory",
        Group::BankInvoice => "bankInvoice",
        Group::InstantPayment => "instantPayment",
        Group::Cash => "cash",
        Group::CreditControl => "creditControl",
        Group::Other => "other",
    }
}

/// `paymentData.transactions[].payments[]` (S1): `id`, `group`, `paymentSystem`, `value` and
/// `referenceValue` in cents. The authorization A is `referenceValue` when `value` carries
/// installment interest (the OMS settles the order value, which excludes interest, K3/K4).
/// The connector comes from `options.connectors` (by payment id, then payment system, then
/// group, then `default`; else `ppp` + `total`, VTEX's default mode, S13/S14).
fn payments(
    root: &At,
    currency: Currency,
    options: &FromVtexOptions,
    authorized_value: Decimal,
    notes: &mut Notes,
) -> Result<(Vec<Payment>, Vec<Option<bool>>), InputError> {
    let mut out: Vec<Payment> = Vec::new();
    let mut auto = Vec::new();
    let transactions = match root.get("paymentData") {
        Some(pd) => pd.list_of("transactions")?,
        None => Vec::new(),
    };
    for tx in transactions {
        if let Some(active) = tx.get("isActive") {
            if !active.boolean()? {
                notes.add(
                    NoteCode::TransactionInactive,
                    tx.path(),
                    "an inactive transaction: left out".into(),
                );
                continue;
            }
        }
        let transaction_id = tx.opt_text("transactionId")?;
        for (k, at) in tx.list_of("payments")?.into_iter().enumerate() {
            if out.len() >= MAX_PAYMENTS {
                return Err(at.error(format!("too many payments: at most {MAX_PAYMENTS}")));
            }
            let id = match at.get("id") {
                Some(id) => id.id()?,
                None => assumed_id(transaction_id.as_deref(), k, &out, &at, notes),
            };
            affiliate(&at, transaction_id.as_deref(), notes)?;
            if out.iter().any(|p| p.id == id) {
                return Err(InputError::new(
                    at.child_path("id"),
                    format!("payment id {id:?} appears twice"),
                ));
            }
            let (group, raw_group) = group(&at, notes)?;
            let value_at = at.req("value")?;
            let value = value_at.cents(currency)?;
            if value < Decimal::ZERO {
                return Err(value_at.error("expected an amount ≥ 0"));
            }
            let mut authorized = value;
            if let Some(r) = at.get("referenceValue") {
                let reference = r.cents(currency)?;
                if reference < value && reference >= Decimal::ZERO {
                    notes.add(
                        NoteCode::InstallmentInterest,
                        r.path(),
                        format!("value {value} includes {} of interest: the authorization is the referenceValue {reference}", value.minus(reference).unwrap_or_default()),
                    );
                    authorized = reference;
                } else if reference > value {
                    notes.add(NoteCode::ReferenceValueIgnored, r.path(), format!("referenceValue {reference} above value {value}: the authorization is {value}"));
                }
            }
            let system = at.get("paymentSystem").map(|s| s.id()).transpose()?;
            let c = &options.connectors;
            let rule = super::rule_for(&c.by_payment_id, &id)
                .or_else(|| {
                    system
                        .as_deref()
                        .and_then(|s| super::rule_for(&c.by_payment_system, s))
                })
                .or_else(|| {
                    raw_group
                        .as_deref()
                        .and_then(|g| super::rule_for(&c.by_group, g))
                })
                .or_else(|| super::rule_for(&c.by_group, group_name(group)))
                .or(c.default.as_ref());
            let connector = connector(rule, currency, Some(&at), notes)?;
            auto.push(rule.and_then(|r| r.auto_settle));
            out.push(Payment {
                id,
                group,
                value: authorized,
                connector,
                settled: Decimal::ZERO,
                cancelled: Decimal::ZERO,
                refunded: Decimal::ZERO,
                captured: Decimal::ZERO,
                voided: Decimal::ZERO,
                provider_refunded: Decimal::ZERO,
            });
        }
    }
    if out.is_empty() {
        notes.add(
            NoteCode::PaymentAssumed,
            "order.paymentData".into(),
            format!("no payment in the order: one payment \"marketplace\" of {authorized_value}, group other"),
        );
        let rule = super::rule_for(&options.connectors.by_payment_id, "marketplace")
            .or(options.connectors.default.as_ref());
        auto.push(rule.and_then(|r| r.auto_settle));
        out.push(Payment {
            id: "marketplace".to_string(),
            group: Group::Other,
            value: authorized_value,
            connector: connector(rule, currency, None, notes)?,
            settled: Decimal::ZERO,
            cancelled: Decimal::ZERO,
            refunded: Decimal::ZERO,
            captured: Decimal::ZERO,
            voided: Decimal::ZERO,
            provider_refunded: Decimal::ZERO,
        });
    }
    let total = sum(out.iter().map(|p| p.value)).map_err(overflow("order.paymentData"))?;
    if total != authorized_value {
        notes.add(
            NoteCode::AuthorizationDiffersFromValue,
            "order.paymentData".into(),
            format!("the payments authorize {total}, the order's value at authorization is {authorized_value}"),
        );
    }
    Ok((out, auto))
}

/// The marker of a payment the marketplace took (`transactionId`), and the older one
/// (`paymentSystemName` prefix): "Marketplace payment data on seller orders" (VTEX dev portal
/// guide, `vtexdocs/dev-portal-content`, 2026-09) and the help FAQ "Why don't my payment
/// methods appear on the marketplace?" (`vtexdocs/help-center-content`
/// `docs/en/faq/channels/`).
const FROM_AFFILIATE: &str = "PAYMENT-FROM-AFFILIATE";
const ASSUMED_BY_AFFILIATE: &str = "Assumed value by affiliate";

/// A payment without `id`: VTEX's own payload of a payment the marketplace took has none (the
/// guide above: `{ "transactionId": "PAYMENT-FROM-AFFILIATE", "payments": [{ "paymentSystem":
/// "21", …, "value": 100000, "group": "creditCard" }] }`), so a seller's order from a
/// marketplace was refused at `…payments[0].id`. Its id is `<transactionId>-<n>` (the n-th
/// payment of its transaction; `payment-<n>` without a transaction id), made unique, noted.
fn assumed_id(
    transaction_id: Option<&str>,
    k: usize,
    taken: &[Payment],
    at: &At,
    notes: &mut Notes,
) -> String {
    let base = format!(
        "{}-{}",
        transaction_id.unwrap_or("payment"),
        k.saturating_add(1)
    );
    let mut id: String = base.chars().take(MAX_TEXT_LEN).collect();
    let mut n: usize = 2;
    while taken.iter().any(|p| p.id == id) {
        id = numbered(&base, n);
        n = n.saturating_add(1);
    }
    notes.add(
        NoteCode::PaymentIdMissing,
        at.child_path("id"),
        format!("no payment id: {id:?} stands for it"),
    );
    id
}

/// Notes a payment the marketplace (the affiliate) took: its transaction is
/// `PAYMENT-FROM-AFFILIATE`, or its `paymentSystemName` starts "Assumed value by affiliate"
/// (older orders). VTEX: this `paymentData` "is **not** a payment transaction on the seller's
/// VTEX Payment Gateway … Do not use it to authorize, settle, refund, or capture a payment on
/// the seller account" (the guide above). It stays a payment of the state (the order's value
/// is paid by it, and the state needs one), mapped as any other, but what the preview settles,
/// cancels or refunds on it is what the marketplace owes the seller or takes back, not a
/// request to this account's gateway; `reconcile` finds no gateway records for it.
fn affiliate(
    payment: &At,
    transaction_id: Option<&str>,
    notes: &mut Notes,
) -> Result<(), InputError> {
    let by_transaction = transaction_id.is_some_and(|t| t.eq_ignore_ascii_case(FROM_AFFILIATE));
    let name = payment.opt_text("paymentSystemName")?;
    let by_name = name
        .as_deref()
        .is_some_and(|n| n.starts_with(ASSUMED_BY_AFFILIATE));
    if by_transaction || by_name {
        let why = if by_transaction {
            format!("transactionId {FROM_AFFILIATE}")
        } else {
            format!("paymentSystemName {:?}", name.unwrap_or_default())
        };
        notes.add(
            NoteCode::PaymentFromAffiliate,
            payment.path(),
            format!("the marketplace took this payment ({why}): this account's gateway moves nothing for it; what the preview settles, cancels or refunds on it is what the marketplace owes the seller or takes back"),
        );
    }
    Ok(())
}

/// The connector a payment (at `payment`, or the assumed one) gets from its rule.
fn connector(
    rule: Option<&ConnectorRule>,
    currency: Currency,
    payment: Option<&At>,
    notes: &mut Notes,
) -> Result<Connector, InputError> {
    let rule = match rule {
        Some(r) => r.clone(),
        None => {
            notes.add(
                NoteCode::ConnectorAssumed,
                payment.map_or_else(|| "order.paymentData".to_string(), At::path),
                "no options.connectors entry: protocol ppp, mode total".into(),
            );
            ConnectorRule::default()
        }
    };
    let max_value = match &rule.max_value {
        Some((amount, at)) => Some(
            currency
                .fit(*amount)
                .map_err(|m| InputError::new(at.clone(), m))?,
        ),
        None => None,
    };
    Ok(Connector {
        protocol: rule.protocol.unwrap_or(Protocol::Ppp),
        mode: rule.mode.unwrap_or(Mode::Total),
        partial_refund: rule.partial_refund.unwrap_or(true),
        value_increase: rule.value_increase.unwrap_or(false),
        max_value,
    })
}

/// Gift cards settle by themselves at authorization (S25: "the voucher auto-settles at
/// approval"; vtex-notes 8), so without gateway data a gift card starts settled (S = A).
/// `autoSettle` in the payment's `options.connectors` entry says otherwise for a gift card, or
/// auto-settles another payment.
fn auto_settle(payments: &mut [Payment], auto: &[Option<bool>], notes: &mut Notes) {
    for (i, p) in payments.iter_mut().enumerate() {
        let flag = auto.get(i).copied().flatten();
        if flag.unwrap_or(p.group == Group::GiftCard) && p.value > Decimal::ZERO {
            p.settled = p.value;
            notes.add(
                NoteCode::AutoSettled,
                "order.paymentData".into(),
                format!(
                    "payment {} ({}) settled {} by itself at authorization",
                    p.id,
                    group_name(p.group),
                    p.value
                ),
            );
        }
    }
}

/// Fills each payment's provider ledger from its gateway ledger and effective mode
/// (semantics.md section 3), and checks the ledger bounds.
fn derive_provider(state: &mut OrderState) -> Result<(), InputError> {
    let (modes, _) = engine::effective_modes(&state.transaction.payments);
    for (p, mode) in state.transaction.payments.iter_mut().zip(modes) {
        let derived = p
            .derive_provider_ledger(mode)
            .and_then(|()| p.broken_bound());
        let broken = derived.map_err(|_| {
            InputError::new(
                format!("transaction (payment {})", p.id),
                "amounts out of range",
            )
        })?;
        if let Some(broken) = broken {
            return Err(InputError::new(
                "transaction",
                format!("payment {}: {broken}", p.id),
            ));
        }
    }
    Ok(())
}

// ----- Gateway data -----------------------------------------------------------------------------

/// The gateway's records (S3, vtex-notes 6.2): `settlements`, `refunds` and `cancellations`,
/// each the body of its `GET /api/pvt/transactions/{id}/…` route: `{ requests, actions }`,
/// where each action is `{ paymentId, value (cents), type, date }` (an `auto-settlement`
/// counts like any settlement). A list given directly is its actions. Per payment, settled S
/// is the sum of its settlement actions, refunded R of its refund actions, cancelled C of its
/// cancellation actions. `payments` (Payment Details) are compared with the order's; `status`
/// `Cancelled`/`Canceled` cancels the transaction. Returns whether it is cancelled.
fn gateway(
    tx: &At,
    currency: Currency,
    payments: &mut [Payment],
    notes: &mut Notes,
) -> Result<bool, InputError> {
    tx.object()?;
    for (key, figure) in [("settlements", 0_u8), ("refunds", 1), ("cancellations", 2)] {
        let Some(at) = tx.get(key) else { continue };
        let actions = if at.value.is_array() {
            at.list()?
        } else {
            at.object()?;
            if at.get("actions").is_none()
                && at.get("requests").is_none()
                && at.get("href").is_some()
            {
                notes.add(
                    NoteCode::GatewayLinkOnly,
                    at.path(),
                    format!("{key} is a link: counted as none"),
                );
                continue;
            }
            at.list_of("actions")?
        };
        let mut acted = Decimal::ZERO;
        for action in actions {
            let pid_at = action.req("paymentId")?;
            let pid = pid_at.id()?;
            let value_at = action.req("value")?;
            let value = value_at.cents(currency)?;
            if value < Decimal::ZERO {
                return Err(value_at.error("expected an amount ≥ 0"));
            }
            let p = payments.iter_mut().find(|p| p.id == pid).ok_or_else(|| {
                pid_at.error(format!(
                    "unknown payment {pid:?}: the order has no such payment"
                ))
            })?;
            let target = match figure {
                0 => &mut p.settled,
                1 => &mut p.refunded,
                _ => &mut p.cancelled,
            };
            *target = target.plus(value).map_err(value_at.overflow())?;
            acted = acted.plus(value).map_err(value_at.overflow())?;
        }
        if figure == 0 && !at.value.is_array() {
            let mut requested = Decimal::ZERO;
            for request in at.list_of("requests")? {
                let v = request.req("value")?.cents(currency)?;
                requested = requested.plus(v).map_err(request.overflow())?;
            }
            if requested > acted {
                notes.add(
                    NoteCode::SettlementPending,
                    at.path(),
                    format!("settlement requests of {requested}, actions of {acted}: {} pending, not counted", requested.minus(acted).unwrap_or_default()),
                );
            }
        }
    }
    for at in tx.list_of("payments")? {
        let id = at.req("id")?.id()?;
        let Some(p) = payments.iter().find(|p| p.id == id) else {
            return Err(at.child_path("id")).map_err(|path| {
                InputError::new(
                    path,
                    format!("unknown payment {id:?}: the order has no such payment"),
                )
            });
        };
        let value = match at.get("referenceValue") {
            Some(r) => r.cents(currency)?,
            None => at.req("value")?.cents(currency)?,
        };
        if value != p.value {
            notes.add(
                NoteCode::GatewayValueDiffers,
                at.path(),
                format!(
                    "the gateway shows {value} for payment {id}, the order {}: the order's is used",
                    p.value
                ),
            );
        }
    }
    let canceled = match tx.get("status") {
        Some(s) => matches!(
            s.text()?.to_ascii_lowercase().as_str(),
            "cancelled" | "canceled"
        ),
        None => false,
    };
    Ok(canceled)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The net under the mapping: a state the reader refuses (here the issue's: a change's
    /// item without price, and neither discount nor increment) is an error at `order` that
    /// names the state's field, never a state handed back.
    #[test]
    fn a_state_the_reader_refuses_is_an_error() {
        let mut state = crate::json::parse_state(&serde_json::json!({
            "currency": "BRL", "items": [ { "id": "K2", "quantity": 1, "price": "40.00" } ],
            "transaction": { "payments": [ { "id": "P", "group": "creditCard", "value": "40.00" } ] }
        }))
        .unwrap();
        assert_eq!(reads_back(&state), Ok(()));
        state.changes.push(Change {
            request_id: "c1".into(),
            reason: None,
            discount: None,
            increment: None,
            items_removed: vec![Item {
                id: "K2".into(),
                quantity: 1,
                price: None,
                name: None,
            }],
            items_added: Vec::new(),
        });
        let e = reads_back(&state).unwrap_err();
        assert_eq!(e.path, "order");
        assert!(
            e.message
                .contains("state.changes[0].itemsRemoved[0].price: missing field `price`"),
            "{}",
            e.message
        );
        assert!(e.message.contains("a defect of fromVtex"), "{}", e.message);
    }

    #[test]
    fn rule_code_names_are_the_json_names() {
        for code in crate::codes::RuleCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), rule_code_name(code));
        }
    }
}
