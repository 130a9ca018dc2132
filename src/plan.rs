//! Planners (api.md section 7): the numbers operators compute by hand today, exactly.
//!
//! - [`plan_invoice`]: a partial invoice for a selection of units: the selected items' price,
//!   less their share of the order's discounts, plus the share of shipping and tax that
//!   [`Share`] chooses. The result is a ready `invoice` operation and a [`Breakdown`].
//! - [`plan_return`]: the return of a selection of invoiced units: what the customer paid for
//!   them (their price less their share of the order's discounts), plus their share of the
//!   shipping and tax the invoices carried when [`Refund::Proportional`] says so.
//! - [`plan_close_out`]: the `change` that closes a partially invoiced order the way VTEX
//!   documents it (S6 path 3, vtex-notes 3.2): discount V − I, the uninvoiced units removed.
//!
//! ## How an invoice is planned (exact by construction)
//! Everything is counted in whole grains: the currency's minor units, or hundredths for a
//! three-decimal currency whose order amounts are all whole hundredths (VTEX's cents; see
//! `Grain`), so that every planned invoice is one `toVtexRequest` can send. What is left to invoice is R = V − I. It is made of
//! the uninvoiced units (at their unit prices, G), the shipping and tax still pending (by the
//! [`Share`] rule), and the pending discount D = G + shipping pending + tax pending − R: the
//! order's discounts, any change that lowered the value without removing units (or raised it:
//! D is then negative, a surcharge) and rounding, whatever makes the parts add up to R.
//! D, and for [`Share::Proportional`] the shipping and tax, are allocated by largest remainder:
//! first over the item lines in proportion to their value (ties to the earlier line), then
//! equally over the units of a line (the extra minor units to the earlier units). Units are
//! consumed in a fixed order (lines in order; within a line, invoiced units first), so the
//! result does not depend on the order of the selection, duplicates in it add up, and
//! **invoicing every remaining unit gives exactly R**. A sequence of planned invoices that
//! covers every item therefore adds up to V, to the minor unit: no lost or invented unit.
//!
//! ## How a return is planned (exact by construction)
//! In the same grains and lines. A unit's item price paid is its price less its share of the
//! order's discount D = G + shipping + tax − V (G every current unit at its price), allocated
//! as for the first invoice of the order (by line value, then equally over the units): the
//! price `plan_invoice` billed for it when the first invoice covered it (30.00 less 3.46 =
//! 26.54 in the README's order). The invoiced total I is the invoiced units' item prices paid
//! plus what else the invoices carried, X: first the invoiced units' share of the tax (all of
//! it once every unit is invoiced), then shipping up to the order's; what X has beyond those
//! (or lacks, X < 0) is an adjustment of the items' price (a surcharge, or more discount).
//! The invoiced shipping, tax and adjustment are spread over the invoiced units by value
//! (largest remainder, then equally over a line's units). Every invoiced unit thus has fixed
//! parts that add up to I over all of them; returned units (those listed in returns, the
//! first invoiced units of their line) are consumed first, and a unit is returned once
//! (selecting more than the units invoiced and not yet returned is an error). So **returning
//! every invoiced unit with both shares proportional refunds exactly I**, in one return or in
//! any sequence, and no sequence refunds more than I. The shares do not depend on the
//! invoices' composition except through X (shipping on the first invoice or spread: the same
//! item price paid). Not knowable from the state, so not modelled: a return with a value but
//! no items (its units stay returnable; the engine's `RETURN_EXCEEDS_INVOICED` guards I), and
//! the tax of units a change removed (the state's `tax` keeps it: it counts as discount).
//!
//! Lines: the order's items, then the items added by registered changes (one line each). Units
//! removed by a change come off the last lines of that SKU first; units listed in output
//! invoices count as invoiced, taken from the first lines of that SKU first.

use crate::doc::Json;
use crate::json_text::JsonText;
use crate::money::{Checked, Overflow};
use crate::operation::{InvoiceRequest, Operation};
use crate::order::{Change, InvoiceType, Item, OrderState, OrderStatus};
use crate::read::At;
use crate::schema::InputError;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// Which invoice carries the order's shipping (or tax) (`options.shipping`, `options.tax`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Share {
    /// All of it on the order's first output invoice (the default for shipping: the usual
    /// practice; no VTEX rule requires it, vtex-notes 2.4). Once an output invoice exists,
    /// it counts as invoiced.
    First,
    /// Spread over the units in proportion to their value (the default for tax, which follows
    /// the items it is levied on).
    Proportional,
    /// All of it on the invoice that covers the last uninvoiced units.
    Last,
    /// Never on a planned invoice (the operator adds it by hand, or it is not invoiced).
    None,
}

/// Options of [`plan_invoice`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanOptions {
    /// The invoice number; when `None`, a fresh one (`NF-<n>`, the first number of that form
    /// the order does not use).
    pub number: Option<String>,
    /// Where shipping goes (default [`Share::First`]).
    pub shipping: Share,
    /// Where tax goes (default [`Share::Proportional`]).
    pub tax: Share,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            number: None,
            shipping: Share::First,
            tax: Share::Proportional,
        }
    }
}

/// Whether a planned return refunds the shipping (or tax) the returned units carried
/// (`planReturn`'s `options.shipping`, `options.tax`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Refund {
    /// Not refunded: the store keeps it (the default; a return refunds the goods).
    None,
    /// The returned units' share, in proportion to their value.
    Proportional,
}

/// Options of [`plan_return`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnOptions {
    /// The return's number; when `None`, a fresh one (`RET-<n>`, the first number of that
    /// form the order does not use: returns and output invoices share one number space).
    pub number: Option<String>,
    /// Whether the shipping share is refunded (default [`Refund::None`]).
    pub shipping: Refund,
    /// Whether the tax share is refunded (default [`Refund::None`]).
    pub tax: Refund,
}

impl Default for ReturnOptions {
    fn default() -> Self {
        ReturnOptions {
            number: None,
            shipping: Refund::None,
            tax: Refund::None,
        }
    }
}

/// One entry of a selection: units of a SKU to invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selected {
    /// The item (SKU) id.
    pub id: String,
    /// How many units.
    pub quantity: u64,
}

/// A planned invoice (or return): the operation, ready for `preview` and `toVtexRequest`, and
/// its parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedInvoice {
    /// The `invoice` operation (api.md section 4 shape).
    pub operation: Operation,
    /// How its value was made.
    pub breakdown: Breakdown,
}

/// The parts of a planned invoice's value: `items − discounts + shipping + tax = value`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Breakdown {
    /// The selected units at their unit prices.
    #[serde(serialize_with = "crate::order::serialize_amount")]
    pub items: Decimal,
    /// Their share of the pending discount (negative for a surcharge).
    #[serde(serialize_with = "crate::order::serialize_amount")]
    pub discounts: Decimal,
    /// The shipping this invoice carries.
    #[serde(serialize_with = "crate::order::serialize_amount")]
    pub shipping: Decimal,
    /// The tax this invoice carries.
    #[serde(serialize_with = "crate::order::serialize_amount")]
    pub tax: Decimal,
    /// The invoice value.
    #[serde(serialize_with = "crate::order::serialize_amount")]
    pub value: Decimal,
    /// What was left to invoice before it (V − I); for a return, what was left to refund
    /// (I − returned).
    #[serde(serialize_with = "crate::order::serialize_amount")]
    pub remaining_before: Decimal,
    /// Per item line: units, unit price and discount share.
    pub lines: Vec<BreakdownLine>,
}

/// One selected item line of a [`Breakdown`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BreakdownLine {
    /// The SKU id.
    pub id: String,
    /// Units invoiced from this line.
    pub quantity: u64,
    /// The unit price.
    #[serde(serialize_with = "crate::order::serialize_amount")]
    pub price: Decimal,
    /// The line's share of the discount.
    #[serde(serialize_with = "crate::order::serialize_amount")]
    pub discount: Decimal,
}

impl PlannedInvoice {
    /// `{ operation, breakdown }` as `serde_json::to_string(self)` writes it, by [`JsonText`]
    /// (the operation by [`Operation::write_json`]): `planInvoice`'s and `planReturn`'s
    /// result, without `serde_json`'s serializer in the `.wasm` (issue 20).
    pub fn to_json(&self) -> String {
        let lines = self.breakdown.lines.len().saturating_mul(100);
        let mut w = JsonText::with_capacity(self.operation.json_capacity().saturating_add(lines));
        w.raw("{\"operation\":");
        self.operation.write_json(&mut w);
        let b = &self.breakdown;
        w.raw(",\"breakdown\":{\"items\":");
        w.amount(b.items);
        w.raw(",\"discounts\":");
        w.amount(b.discounts);
        w.raw(",\"shipping\":");
        w.amount(b.shipping);
        w.raw(",\"tax\":");
        w.amount(b.tax);
        w.raw(",\"value\":");
        w.amount(b.value);
        w.raw(",\"remainingBefore\":");
        w.amount(b.remaining_before);
        w.raw(",\"lines\":");
        w.list(&b.lines, |w, line| {
            w.raw("{\"id\":");
            w.string(&line.id);
            w.raw(",\"quantity\":");
            w.whole(line.quantity, false);
            w.raw(",\"price\":");
            w.amount(line.price);
            w.raw(",\"discount\":");
            w.amount(line.discount);
            w.raw("}");
        });
        w.raw("}}");
        w.finish()
    }
}

/// Why a close-out cannot be planned (thrown to JavaScript as an `Error` with this `code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PlanErrorCode {
    /// The order has nothing to close: it is cancelled, fully invoiced, or nothing is
    /// invoiced yet (then it is cancelled, not closed out: a discount of the whole value is
    /// `CHANGE_EXCEEDS_ORDER_VALUE`).
    NothingToClose,
}

impl PlanErrorCode {
    /// The code as JavaScript sees it.
    pub fn as_str(self) -> &'static str {
        match self {
            PlanErrorCode::NothingToClose => "NOTHING_TO_CLOSE",
        }
    }
}

/// A planner refusing a state that has nothing to plan.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("{message}")]
pub struct PlanError {
    /// What it is.
    pub code: PlanErrorCode,
    /// Why, for the operator.
    pub message: String,
}

// ----- Lines and units ------------------------------------------------------------------------

/// An item line with its units: current (ordered + added − removed), invoiced, selected.
#[derive(Debug, Clone)]
struct Line<'a> {
    id: &'a str,
    price: Decimal,
    /// The unit price in grains ([`Grain`]).
    minor: i128,
    units: u64,
    invoiced: u64,
    /// Units listed in returns, within the invoiced ones (the first invoiced units).
    returned: u64,
    selected: u64,
}

impl Line<'_> {
    fn remaining(&self) -> u64 {
        self.units.saturating_sub(self.invoiced)
    }

    /// Invoiced units not yet returned.
    fn returnable(&self) -> u64 {
        self.invoiced.saturating_sub(self.returned)
    }
}

fn range_error(_: Overflow) -> InputError {
    InputError::new("state", "amounts out of range")
}

/// The grain amounts are planned in: a scale (2 is hundredths). The currency's minor unit,
/// except that a three-decimal currency (KWD, BHD, …) is planned in hundredths when every
/// amount of the order is whole hundredths, as VTEX's are: VTEX carries cents (hundredths of
/// the major unit) for every currency (S1; `vtex::dto`), so a share of 0.001 KWD would make an
/// invoice `toVtexRequest` cannot send. A state with finer amounts is planned in its minor unit.
#[derive(Clone, Copy)]
struct Grain {
    scale: u32,
    digits: u32,
}

impl Grain {
    fn of(state: &OrderState) -> Grain {
        let digits = state.currency.minor_units();
        let cents = crate::vtex::VTEX_DECIMALS;
        let fits = |d: &Decimal| d.normalize().scale() <= cents;
        let added = state.changes.iter().flat_map(|c| c.items_added.iter());
        let vtex = digits > cents
            && fits(&state.value)
            && fits(&state.shipping)
            && fits(&state.tax)
            && state.invoices.iter().all(|i| fits(&i.value))
            && state
                .items
                .iter()
                .chain(added)
                .all(|i| i.price.as_ref().map_or(true, fits));
        Grain {
            scale: if vtex { cents } else { digits },
            digits,
        }
    }

    /// `amount` in grains (an error when it is not a whole number of them).
    fn to_units(self, amount: Decimal) -> Result<i128, Overflow> {
        let scaled = amount.times(Decimal::from(
            10_i64.checked_pow(self.scale).ok_or(Overflow)?,
        ))?;
        if scaled.fract().is_zero() {
            scaled.trunc().try_into().map_err(|_| Overflow)
        } else {
            Err(Overflow)
        }
    }

    /// `units` grains, written at the currency's scale.
    fn amount(self, units: i128) -> Result<Decimal, Overflow> {
        let mut d = Decimal::try_from_i128_with_scale(units, self.scale).map_err(|_| Overflow)?;
        d.rescale(self.digits);
        Ok(d)
    }
}

/// Where each SKU's lines are (one SKU may sit on several lines): its first line, and after each
/// line the next line of the same SKU. Scanning every line for each SKU made an invoice of every
/// item of an order quadratic in its items (about 40 ms for 1 000 items in the admin page).
struct Skus<'a> {
    first: BTreeMap<&'a str, u64>,
    next: Vec<Option<usize>>,
}

impl<'a> Skus<'a> {
    fn of(lines: &[Line<'a>]) -> Self {
        let mut first = BTreeMap::new();
        let mut next = vec![None; lines.len()];
        for (i, line) in lines.iter().enumerate().rev() {
            let Ok(at) = u64::try_from(i) else { continue };
            let after = first.insert(line.id, at);
            if let Some(slot) = next.get_mut(i) {
                *slot = after.and_then(|a| usize::try_from(a).ok());
            }
        }
        Skus { first, next }
    }

    /// The positions of `id`'s lines, first to last (none for an unknown id).
    fn lines_of(&self, id: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut at = self.first.get(id).and_then(|&i| usize::try_from(i).ok());
        while let Some(i) = at {
            out.push(i);
            at = self.next.get(i).copied().flatten();
        }
        out
    }
}

/// Puts `units` of each SKU on its lines, the first lines first, each line taking at most
/// `room(line)` (what does not fit is dropped).
fn spread(
    lines: &mut [Line],
    skus: &Skus,
    units: &BTreeMap<&str, u64>,
    room: fn(&Line) -> u64,
    put: fn(&mut Line, u64),
) {
    for (id, quantity) in units {
        let mut left = *quantity;
        for i in skus.lines_of(id) {
            let Some(line) = lines.get_mut(i) else {
                continue;
            };
            let take = left.min(room(line));
            put(line, take);
            left = left.saturating_sub(take);
        }
    }
}

fn lines(state: &OrderState, grain: Grain) -> Result<Vec<Line<'_>>, Overflow> {
    let mut lines = Vec::new();
    let added = state.changes.iter().flat_map(|c| c.items_added.iter());
    for item in state.items.iter().chain(added) {
        let price = item.price.unwrap_or(Decimal::ZERO);
        lines.push(Line {
            id: &item.id,
            price,
            minor: grain.to_units(price)?,
            units: item.quantity,
            invoiced: 0,
            returned: 0,
            selected: 0,
        });
    }
    let skus = Skus::of(&lines);
    // Removed units come off the last lines of the SKU first.
    for change in &state.changes {
        for removed in &change.items_removed {
            let mut left = removed.quantity;
            for i in skus.lines_of(&removed.id).into_iter().rev() {
                let Some(line) = lines.get_mut(i) else {
                    continue;
                };
                let take = left.min(line.units);
                line.units = line.units.saturating_sub(take);
                left = left.saturating_sub(take);
            }
        }
    }
    // Invoiced units (those listed in output invoices; every unit once the order is fully
    // invoiced, semantics.md 6.2) are taken from the first lines of the SKU first.
    let invoiced = state.units_invoiced()?;
    spread(
        &mut lines,
        &skus,
        &invoiced,
        |l| l.units,
        |l, n| l.invoiced = n,
    );
    Ok(lines)
}

/// Splits `total` (minor units, any sign) over `weights` by largest remainder: parts round
/// towards zero, then the units left go one each to the largest remainders, ties to the
/// earlier part. All-zero weights count as equal. The parts always sum to `total` (when there
/// is at least one weight).
fn allocate(total: i128, weights: &[i128]) -> Result<Vec<i128>, Overflow> {
    let sum = weights
        .iter()
        .try_fold(0_i128, |acc, w| acc.checked_add((*w).max(0)))
        .ok_or(Overflow)?;
    let equal = vec![1_i128; weights.len()];
    let (weights, sum) = if sum == 0 {
        let n = i128::try_from(weights.len()).map_err(|_| Overflow)?;
        (equal.as_slice(), n)
    } else {
        (weights, sum)
    };
    if sum == 0 {
        return Ok(Vec::new());
    }
    let magnitude = total.checked_abs().ok_or(Overflow)?;
    let mut parts = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    let mut given = 0_i128;
    for (i, w) in weights.iter().enumerate() {
        let product = magnitude.checked_mul((*w).max(0)).ok_or(Overflow)?;
        let floor = product.checked_div(sum).ok_or(Overflow)?;
        let remainder = product.checked_rem(sum).ok_or(Overflow)?;
        let key = Decimal::try_from_i128_with_scale(remainder.checked_neg().ok_or(Overflow)?, 0)
            .map_err(|_| Overflow)?;
        remainders.push((0_u8, key, i));
        parts.push(floor);
        given = given.checked_add(floor).ok_or(Overflow)?;
    }
    // Largest remainder first, ties to the earlier part: `(−remainder, index)` ascending
    // (remainders are ≥ 0). The key's type is the one `split::refund_order` sorts, so that the
    // .wasm holds one sort for both.
    remainders.sort();
    let mut left = magnitude.checked_sub(given).ok_or(Overflow)?;
    for (_, _, i) in remainders {
        if left <= 0 {
            break;
        }
        if let Some(part) = parts.get_mut(i) {
            *part = part.checked_add(1).ok_or(Overflow)?;
            left = left.checked_sub(1).ok_or(Overflow)?;
        }
    }
    if total < 0 {
        for part in &mut parts {
            *part = part.checked_neg().ok_or(Overflow)?;
        }
    }
    Ok(parts)
}

/// The share of units `from .. from + count` of a line whose `units` share `line_share`
/// equally (the extra minor units go to the first units).
fn units_share(line_share: i128, units: u64, from: u64, count: u64) -> Result<i128, Overflow> {
    if units == 0 || count == 0 {
        return Ok(0);
    }
    let n = i128::from(units);
    let base = line_share.checked_div_euclid(n).ok_or(Overflow)?;
    let extra = line_share.checked_rem_euclid(n).ok_or(Overflow)?;
    let (from, to) = (i128::from(from), i128::from(from.saturating_add(count)));
    let overlap = to.min(extra).saturating_sub(from.min(extra)).max(0);
    base.checked_mul(i128::from(count))
        .and_then(|s| s.checked_add(overlap))
        .ok_or(Overflow)
}

/// Line weights: value of `units(line)` units at the line's price.
fn weights(lines: &[Line], units: impl Fn(&Line) -> u64) -> Result<Vec<i128>, Overflow> {
    lines
        .iter()
        .map(|l| l.minor.checked_mul(i128::from(units(l))).ok_or(Overflow))
        .collect()
}

/// Line weights for spreading over `count(line)` units: their value; when every such unit is
/// free, their number (so that no line without units takes a share).
fn value_weights(lines: &[Line], count: impl Fn(&Line) -> u64) -> Result<Vec<i128>, Overflow> {
    let by_value = weights(lines, &count)?;
    if by_value.iter().any(|w| *w > 0) {
        Ok(by_value)
    } else {
        Ok(lines.iter().map(|l| i128::from(count(l))).collect())
    }
}

/// `(pending, selected)` minor units of shipping or tax under a rule.
fn part(
    rule: Share,
    amount: i128,
    lines: &[Line],
    first: bool,
    covers_all: bool,
) -> Result<(i128, i128), Overflow> {
    Ok(match rule {
        Share::First if first => (amount, amount),
        Share::First => (0, 0),
        Share::Last => (amount, if covers_all { amount } else { 0 }),
        Share::None => (amount, 0),
        Share::Proportional => {
            let shares = allocate(amount, &weights(lines, |l| l.units)?)?;
            let (mut pending, mut selected) = (0_i128, 0_i128);
            for (line, share) in lines.iter().zip(shares) {
                let p = units_share(share, line.units, line.invoiced, line.remaining())?;
                let s = units_share(share, line.units, line.invoiced, line.selected)?;
                pending = pending.checked_add(p).ok_or(Overflow)?;
                selected = selected.checked_add(s).ok_or(Overflow)?;
            }
            (pending, selected)
        }
    })
}

/// Marks `selection` on the lines (`Line::selected`), SKU by SKU: duplicates add up, units
/// are taken from the first lines of the SKU first, each line giving at most `room(line)`.
/// The first entry of a SKU names an error: `selection[i].id` for an unknown SKU,
/// `selection[i].quantity` for more units than there is room for (`what`: "left to invoice").
fn select(
    lines: &mut [Line],
    skus: &Skus,
    selection: &[Selected],
    room: fn(&Line) -> u64,
    what: &str,
) -> Result<(), InputError> {
    let mut wanted: BTreeMap<&str, u64> = BTreeMap::new();
    for (i, s) in selection.iter().enumerate() {
        let entry = wanted.entry(s.id.as_str()).or_insert(0);
        *entry = entry.checked_add(s.quantity).ok_or_else(|| {
            InputError::new(format!("selection[{i}].quantity"), "quantity out of range")
        })?;
    }
    for (id, quantity) in &wanted {
        let first = || selection.iter().position(|s| s.id == *id).unwrap_or(0);
        let at = skus.lines_of(id);
        if at.is_empty() {
            let i = first();
            return Err(InputError::new(
                format!("selection[{i}].id"),
                format!("unknown item {id:?}: the order has no such SKU"),
            ));
        }
        let left: u64 = at
            .iter()
            .filter_map(|&i| lines.get(i))
            .fold(0, |acc, l| acc.saturating_add(room(l)));
        if *quantity > left {
            let i = first();
            return Err(InputError::new(
                format!("selection[{i}].quantity"),
                format!("{quantity} units of {id:?} selected, {left} {what}"),
            ));
        }
    }
    spread(lines, skus, &wanted, room, |l, n| l.selected = n);
    Ok(())
}

// ----- The planners ---------------------------------------------------------------------------

/// Plans the output invoice of `selection` (see the module documentation for the rule).
///
/// Errors (`INVALID_INPUT`): under `state` when the order is cancelled, fully invoiced or has
/// nothing left to invoice; under `selection` when it is empty, names an unknown SKU
/// (`selection[i].id`) or more units than are left to invoice (`selection[i].quantity`).
pub fn plan_invoice(
    state: &OrderState,
    selection: &[Selected],
    options: &PlanOptions,
) -> Result<PlannedInvoice, InputError> {
    let grain = Grain::of(state);
    if state.status == OrderStatus::Canceled {
        return Err(InputError::new(
            "state.status",
            "the order is canceled: nothing to invoice",
        ));
    }
    let invoiced = state.invoiced().map_err(range_error)?;
    let remaining = state.remaining_to_invoice().map_err(range_error)?;
    if state.is_fully_invoiced().map_err(range_error)? || remaining <= Decimal::ZERO {
        return Err(InputError::new(
            "state",
            format!(
                "the order is fully invoiced ({invoiced} of {}): nothing to invoice",
                state.value
            ),
        ));
    }
    if selection.is_empty() {
        return Err(InputError::new(
            "selection",
            "expected at least one item to invoice",
        ));
    }
    let mut lines = lines(state, grain).map_err(range_error)?;
    let skus = Skus::of(&lines);

    select(
        &mut lines,
        &skus,
        selection,
        |l| l.remaining(),
        "left to invoice",
    )?;

    let minor = |d: Decimal| grain.to_units(d).map_err(range_error);
    let back = |m: i128| grain.amount(m).map_err(range_error);
    let r = minor(remaining)?;
    let first = !state.invoices.iter().any(|i| i.kind == InvoiceType::Output);
    let covers_all = lines.iter().all(|l| l.selected == l.remaining());
    let (ship_pending, ship) = part(
        options.shipping,
        minor(state.shipping)?,
        &lines,
        first,
        covers_all,
    )
    .map_err(range_error)?;
    let (tax_pending, tax) =
        part(options.tax, minor(state.tax)?, &lines, first, covers_all).map_err(range_error)?;

    let sum = |f: &dyn Fn(&Line) -> u64| -> Result<i128, InputError> {
        weights(&lines, f)
            .and_then(|w| {
                w.iter()
                    .try_fold(0_i128, |a, x| a.checked_add(*x))
                    .ok_or(Overflow)
            })
            .map_err(range_error)
    };
    let gross_remaining = sum(&|l| l.remaining())?;
    let gross_selected = sum(&|l| l.selected)?;
    let checked = |x: Option<i128>| x.ok_or(Overflow).map_err(range_error);
    // D = G + shipping pending + tax pending − R.
    let discount_pending = checked(
        gross_remaining
            .checked_add(ship_pending)
            .and_then(|x| x.checked_add(tax_pending))
            .and_then(|x| x.checked_sub(r)),
    )?;
    let line_discounts = allocate(
        discount_pending,
        &weights(&lines, |l| l.remaining()).map_err(range_error)?,
    )
    .map_err(range_error)?;
    let mut discount = 0_i128;
    let mut items = Vec::new();
    let mut breakdown_lines = Vec::new();
    for (line, share) in lines.iter().zip(line_discounts) {
        if line.selected == 0 {
            continue;
        }
        let d = units_share(share, line.remaining(), 0, line.selected).map_err(range_error)?;
        discount = checked(discount.checked_add(d))?;
        items.push(Item {
            id: line.id.to_string(),
            quantity: line.selected,
            price: Some(line.price),
            name: None,
        });
        breakdown_lines.push(BreakdownLine {
            id: line.id.to_string(),
            quantity: line.selected,
            price: line.price,
            discount: back(d)?,
        });
    }
    planned(
        state,
        grain,
        (Operation::Invoice, "NF-"),
        options.number.as_ref(),
        Totals {
            items: gross_selected,
            discounts: discount,
            shipping: ship,
            tax,
        },
        remaining,
        (items, breakdown_lines),
    )
}

/// Plans the return (input invoice) of `selection`, invoiced units not yet returned (see the
/// module documentation for the rule).
///
/// Errors (`INVALID_INPUT`): under `state` when nothing is invoiced; under `selection` when it
/// is empty, names an unknown SKU (`selection[i].id`) or more units than are invoiced and not
/// yet returned (`selection[i].quantity`: a unit is returned once).
pub fn plan_return(
    state: &OrderState,
    selection: &[Selected],
    options: &ReturnOptions,
) -> Result<PlannedInvoice, InputError> {
    let grain = Grain::of(state);
    let invoiced = state.invoiced().map_err(range_error)?;
    if invoiced <= Decimal::ZERO {
        return Err(InputError::new(
            "state.invoices",
            "nothing is invoiced: there is nothing to return",
        ));
    }
    let returned = state.returned().map_err(range_error)?;
    let refundable = money_excess(invoiced, returned)?;
    if selection.is_empty() {
        return Err(InputError::new(
            "selection",
            "expected at least one item to return",
        ));
    }
    let mut lines = lines(state, grain).map_err(range_error)?;
    let skus = Skus::of(&lines);
    // Returned units (listed in returns) are the first invoiced units of their SKU's lines.
    let returned = state
        .units_listed(InvoiceType::Input)
        .map_err(range_error)?;
    spread(
        &mut lines,
        &skus,
        &returned,
        |l| l.invoiced,
        |l, n| l.returned = n,
    );
    select(
        &mut lines,
        &skus,
        selection,
        |l| l.returnable(),
        "invoiced and not yet returned",
    )?;

    let minor = |d: Decimal| grain.to_units(d).map_err(range_error);
    let back = |m: i128| grain.amount(m).map_err(range_error);
    let checked = |x: Option<i128>| x.ok_or(Overflow).map_err(range_error);
    let shares = Shares::of(state, &lines, grain, minor(invoiced)?).map_err(range_error)?;

    let (mut gross, mut discount, mut ship, mut tax) = (0_i128, 0_i128, 0_i128, 0_i128);
    let mut items = Vec::new();
    let mut breakdown_lines = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.selected == 0 {
            continue;
        }
        let unit = shares.of_selected(i, line).map_err(range_error)?;
        gross = checked(
            line.minor
                .checked_mul(i128::from(line.selected))
                .and_then(|g| gross.checked_add(g)),
        )?;
        discount = checked(discount.checked_add(unit.discount))?;
        ship = checked(ship.checked_add(unit.shipping))?;
        tax = checked(tax.checked_add(unit.tax))?;
        items.push(Item {
            id: line.id.to_string(),
            quantity: line.selected,
            price: Some(line.price),
            name: None,
        });
        breakdown_lines.push(BreakdownLine {
            id: line.id.to_string(),
            quantity: line.selected,
            price: line.price,
            discount: back(unit.discount)?,
        });
    }
    if options.shipping == Refund::None {
        ship = 0;
    }
    if options.tax == Refund::None {
        tax = 0;
    }
    planned(
        state,
        grain,
        (Operation::Return, "RET-"),
        options.number.as_ref(),
        Totals {
            items: gross,
            discounts: discount,
            shipping: ship,
            tax,
        },
        refundable,
        (items, breakdown_lines),
    )
}

/// The totals of a planned invoice or return, in grains.
struct Totals {
    items: i128,
    discounts: i128,
    shipping: i128,
    tax: i128,
}

/// The planned invoice or return (`operation`) of `items`: its value is items − discounts +
/// shipping + tax (checked), its number `number` or else a fresh one after `prefix` that is
/// not already an invoice number of the order; with its breakdown.
fn planned(
    state: &OrderState,
    grain: Grain,
    (operation, prefix): (fn(InvoiceRequest) -> Operation, &str),
    number: Option<&String>,
    totals: Totals,
    remaining_before: Decimal,
    (items, lines): (Vec<Item>, Vec<BreakdownLine>),
) -> Result<PlannedInvoice, InputError> {
    let back = |m: i128| grain.amount(m).map_err(range_error);
    let value = totals
        .items
        .checked_sub(totals.discounts)
        .and_then(|x| x.checked_add(totals.shipping))
        .and_then(|x| x.checked_add(totals.tax))
        .ok_or(Overflow)
        .map_err(range_error)?;
    let number = number
        .cloned()
        .unwrap_or_else(|| state.fresh_id(prefix, 1, true));
    let value = back(value)?;
    Ok(PlannedInvoice {
        operation: operation(InvoiceRequest {
            number,
            value,
            items,
        }),
        breakdown: Breakdown {
            items: back(totals.items)?,
            discounts: back(totals.discounts)?,
            shipping: back(totals.shipping)?,
            tax: back(totals.tax)?,
            value,
            remaining_before,
            lines,
        },
    })
}

fn money_excess(a: Decimal, b: Decimal) -> Result<Decimal, InputError> {
    crate::money::excess(a, b).map_err(range_error)
}

/// What the invoiced units were paid, per line, in grains, for [`plan_return`]: each line's
/// share of the order's discount (over all its units), and over its invoiced units the shares
/// of the invoiced shipping, the invoiced tax, and the adjustment that makes the invoiced units
/// add up to the invoiced total (see the module documentation).
struct Shares {
    /// Per line: the order's discount D = G + shipping + tax − V, by line value.
    discount: Vec<i128>,
    /// Per line: the invoiced shipping, the invoiced tax, the adjustment, by invoiced value.
    shipping: Vec<i128>,
    tax: Vec<i128>,
    adjust: Vec<i128>,
}

/// One selection's part of a line's [`Shares`].
struct UnitShares {
    discount: i128,
    shipping: i128,
    tax: i128,
}

impl Shares {
    fn of(
        state: &OrderState,
        lines: &[Line],
        grain: Grain,
        invoiced: i128,
    ) -> Result<Self, Overflow> {
        let sum = |xs: &[i128]| {
            xs.iter()
                .try_fold(0_i128, |a, x| a.checked_add(*x))
                .ok_or(Overflow)
        };
        let all = value_weights(lines, |l| l.units)?;
        let shipping = grain.to_units(state.shipping)?;
        let tax = grain.to_units(state.tax)?;
        let d = sum(&all)?
            .checked_add(shipping)
            .and_then(|x| x.checked_add(tax))
            .and_then(|x| x.checked_sub(grain.to_units(state.value).ok()?))
            .ok_or(Overflow)?;
        let discount = allocate(d, &all)?;
        let tax_lines = allocate(tax, &all)?;
        // What the invoiced units were paid for their items, and their share of the tax.
        let (mut paid, mut tax_share) = (0_i128, 0_i128);
        for ((line, d), t) in lines.iter().zip(&discount).zip(&tax_lines) {
            let gross = line
                .minor
                .checked_mul(i128::from(line.invoiced))
                .ok_or(Overflow)?;
            let off = units_share(*d, line.units, 0, line.invoiced)?;
            paid = paid
                .checked_add(gross.checked_sub(off).ok_or(Overflow)?)
                .ok_or(Overflow)?;
            tax_share = tax_share
                .checked_add(units_share(*t, line.units, 0, line.invoiced)?)
                .ok_or(Overflow)?;
        }
        // The rest of the invoiced total is the shipping and tax the invoices carried: tax
        // first (up to the invoiced units' share), then shipping (up to the order's); what is
        // left (or missing) adjusts the items' price (a surcharge, or more discount).
        let rest = invoiced.checked_sub(paid).ok_or(Overflow)?;
        let tax_invoiced = tax_share.min(rest).max(0);
        let ship_invoiced = rest
            .checked_sub(tax_invoiced)
            .ok_or(Overflow)?
            .min(shipping)
            .max(0);
        let adjust = tax_invoiced
            .checked_add(ship_invoiced)
            .and_then(|x| x.checked_sub(rest))
            .ok_or(Overflow)?;
        let on_invoiced = value_weights(lines, |l| l.invoiced)?;
        Ok(Shares {
            discount,
            shipping: allocate(ship_invoiced, &on_invoiced)?,
            tax: allocate(tax_invoiced, &on_invoiced)?,
            adjust: allocate(adjust, &on_invoiced)?,
        })
    }

    /// The shares of line `i`'s selected units (its units after the returned ones).
    fn of_selected(&self, i: usize, line: &Line) -> Result<UnitShares, Overflow> {
        let on = |v: &[i128], units: u64| -> Result<i128, Overflow> {
            units_share(
                v.get(i).copied().unwrap_or(0),
                units,
                line.returned,
                line.selected,
            )
        };
        Ok(UnitShares {
            discount: on(&self.discount, line.units)?
                .checked_add(on(&self.adjust, line.invoiced)?)
                .ok_or(Overflow)?,
            shipping: on(&self.shipping, line.invoiced)?,
            tax: on(&self.tax, line.invoiced)?,
        })
    }
}

/// The change that closes a partially invoiced order, as VTEX documents it (S6 path 3: "make a
/// change, discounting the remaining amount ... the total amount, minus the partial invoice
/// amount"): `discount` V − I, every uninvoiced unit in `itemsRemoved` (at its unit price), a
/// fresh request id (`close-out-<n>`) and a reason that says what it does. Applied, it brings
/// the value down to I, so the order becomes `invoiced` and the open rest is cancelled.
///
/// [`PlanErrorCode::NothingToClose`] when the order is cancelled, fully invoiced, or nothing is
/// invoiced yet (cancel it instead).
pub fn plan_close_out(state: &OrderState) -> Result<Operation, PlanError> {
    let nothing = |message: String| PlanError {
        code: PlanErrorCode::NothingToClose,
        message,
    };
    let overflow = |_: Overflow| nothing("amounts out of range".to_string());
    if state.status == OrderStatus::Canceled {
        return Err(nothing("the order is canceled: nothing to close".into()));
    }
    let invoiced = state.invoiced().map_err(overflow)?;
    let remaining = state.remaining_to_invoice().map_err(overflow)?;
    if state.is_fully_invoiced().map_err(overflow)? || remaining <= Decimal::ZERO {
        return Err(nothing(format!(
            "the order is fully invoiced ({invoiced} of {}): nothing to close",
            state.value
        )));
    }
    if invoiced <= Decimal::ZERO {
        return Err(nothing(
            "nothing is invoiced yet: cancel the order instead of closing it out".into(),
        ));
    }
    let items_removed = lines(state, Grain::of(state))
        .map_err(overflow)?
        .iter()
        .filter(|l| l.remaining() > 0)
        .map(|l| Item {
            id: l.id.to_string(),
            quantity: l.remaining(),
            price: Some(l.price),
            name: None,
        })
        .collect();
    let request_id = state.fresh_id("close-out-", 1, false);
    Ok(Operation::Change(Change {
        request_id,
        reason: Some(format!(
            "Close-out: invoiced {} of {} {}; the rest is discounted",
            crate::money::format(invoiced, state.currency),
            crate::money::format(state.value, state.currency),
            state.currency
        )),
        discount: Some(remaining),
        // VTEX v1 requires both amounts (S1 `RegisterChange`); it records `incrementValue: 0`.
        increment: Some(Decimal::new(0, state.currency.minor_units())),
        items_removed,
        items_added: Vec::new(),
        api: crate::order::ChangeApi::V1,
    }))
}

// ----- Reading the arguments (api.md shapes, strict) ---------------------------------------

/// Reads a selection: `[{ id, quantity }]` (errors under `selection`; unknown fields refused).
/// `id` is a non-empty string, `quantity` a JSON number that is a whole number of units from 1
/// to [`MAX_QUANTITY`](crate::schema::MAX_QUANTITY).
pub fn parse_selection(value: &serde_json::Value) -> Result<Vec<Selected>, InputError> {
    parse_selection_doc(&Json::from(value))
}

/// The same, of a document borrowed from its text ([`Json`]: issue 20).
pub fn parse_selection_doc(value: &Json) -> Result<Vec<Selected>, InputError> {
    use crate::schema::{MAX_QUANTITY, MAX_TEXT_LEN};
    let at = At::root(value, "selection");
    if !value.is_array() {
        return Err(at.error("expected an array of { id, quantity }"));
    }
    let list = at.list()?;
    let mut out = Vec::with_capacity(list.len());
    for entry in list {
        if !entry.value.is_object() {
            return Err(entry.error("expected an object { id, quantity }"));
        }
        entry.strict(&["id", "quantity"])?;
        let id_at = entry.req("id")?;
        let id = match id_at.value.as_str() {
            Some(s) if !s.is_empty() && s.chars().count() <= MAX_TEXT_LEN => s.to_string(),
            _ => return Err(id_at.error("expected a non-empty string")),
        };
        let quantity_at = entry.req("quantity")?;
        let quantity = match &quantity_at.value {
            Json::PosInt(_) | Json::NegInt(_) | Json::Float(_) => quantity_at.units().ok(),
            _ => None,
        }
        .filter(|n| (1..=MAX_QUANTITY).contains(n))
        .ok_or_else(|| {
            quantity_at.error(format!(
                "expected a whole number of units from 1 to {MAX_QUANTITY}"
            ))
        })?;
        out.push(Selected { id, quantity });
    }
    Ok(out)
}

/// The names `shipping` and `tax` take, in [`Share`] order.
const SHARES: [&str; 4] = ["first", "proportional", "last", "none"];

/// Reads `planInvoice`'s options (`null` or absent: the defaults): `{ number?, shipping?, tax? }`.
pub fn parse_plan_options(value: Option<&serde_json::Value>) -> Result<PlanOptions, InputError> {
    parse_plan_options_doc(value.map(Json::from).as_ref())
}

/// The same, of a document borrowed from its text ([`Json`]: issue 20).
pub fn parse_plan_options_doc(value: Option<&Json>) -> Result<PlanOptions, InputError> {
    let defaults = PlanOptions::default();
    let Some((at, number)) = options_and_number(value)? else {
        return Ok(defaults);
    };
    let share = |key: &str, default: Share| -> Result<Share, InputError> {
        Ok(match at.get(key).map(|s| s.choice(&SHARES)).transpose()? {
            None => default,
            Some(0) => Share::First,
            Some(1) => Share::Proportional,
            Some(2) => Share::Last,
            Some(_) => Share::None,
        })
    };
    Ok(PlanOptions {
        number,
        shipping: share("shipping", defaults.shipping)?,
        tax: share("tax", defaults.tax)?,
    })
}

/// The names `planReturn`'s `shipping` and `tax` take, in [`Refund`] order.
const REFUNDS: [&str; 2] = ["none", "proportional"];

/// Reads `planReturn`'s options (`null` or absent: the defaults): `{ number?, shipping?, tax? }`,
/// `shipping` and `tax` each `"none"` or `"proportional"`.
pub fn parse_return_options(
    value: Option<&serde_json::Value>,
) -> Result<ReturnOptions, InputError> {
    parse_return_options_doc(value.map(Json::from).as_ref())
}

/// The same, of a document borrowed from its text ([`Json`]: issue 20).
pub fn parse_return_options_doc(value: Option<&Json>) -> Result<ReturnOptions, InputError> {
    let Some((at, number)) = options_and_number(value)? else {
        return Ok(ReturnOptions::default());
    };
    let refund = |key: &str| -> Result<Refund, InputError> {
        Ok(match at.get(key).map(|s| s.choice(&REFUNDS)).transpose()? {
            Some(1) => Refund::Proportional,
            _ => Refund::None,
        })
    };
    Ok(ReturnOptions {
        number,
        shipping: refund("shipping")?,
        tax: refund("tax")?,
    })
}

/// A planner's options object (`None` when absent or `null`; only `number`, `shipping`, `tax`)
/// and its `number`: a non-empty string of at most 1024 characters.
fn options_and_number<'v>(
    value: Option<&'v Json<'v>>,
) -> Result<Option<(At<'v, 'v>, Option<String>)>, InputError> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    let at = At::root(value, "options");
    at.strict(&["number", "shipping", "tax"])?;
    let number = match at.get("number") {
        Some(n) => {
            let text = n.str()?;
            if text.is_empty() || text.chars().count() > crate::schema::MAX_TEXT_LEN {
                return Err(n.error("expected a non-empty string of at most 1024 characters"));
            }
            Some(text.to_string())
        }
        None => None,
    };
    Ok(Some((at, number)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allocation_is_exact_and_signed() {
        assert_eq!(allocate(10000, &[1, 1, 1]).unwrap(), vec![3334, 3333, 3333]);
        assert_eq!(allocate(-5, &[1, 1]).unwrap(), vec![-3, -2]);
        assert_eq!(allocate(7, &[0, 0]).unwrap(), vec![4, 3]);
        assert_eq!(allocate(0, &[3, 5]).unwrap(), vec![0, 0]);
    }

    #[test]
    fn unit_shares_add_up() {
        // 10 over 3 units: 4, 3, 3.
        assert_eq!(units_share(10, 3, 0, 1).unwrap(), 4);
        assert_eq!(units_share(10, 3, 1, 2).unwrap(), 6);
        assert_eq!(units_share(-10, 3, 0, 3).unwrap(), -10);
        // -10 over 3 units: -3, -3, -4 (floor, then the extra unit to the first units).
        assert_eq!(units_share(-10, 3, 0, 1).unwrap(), -3);
        assert_eq!(units_share(-10, 3, 1, 2).unwrap(), -7);
    }

    /// The fresh ids of the planners over ids made to collide (issue 20, step 30: the search
    /// was O(ids) per candidate): 3,000 changes `close-out-<n>` and 3,000 invoices `NF-<n>`,
    /// shuffled, every n from 1 to 3,000 but one (then none).
    #[test]
    fn fresh_ids_skip_every_colliding_id() {
        let mut state = crate::json::parse_state(&serde_json::json!({
            "currency": "BRL", "status": "handling",
            "items": [ { "id": "A", "quantity": 2, "price": "50.00" } ],
            "invoices": [ { "type": "output", "number": "X", "value": "50.00",
                            "items": [ { "id": "A", "quantity": 1 } ] } ],
            "transaction": { "payments": [ { "id": "P", "group": "creditCard", "value": "100.00" } ] }
        }))
        .unwrap();
        let shuffled = |gap: usize| {
            (0..3_000)
                .map(|i| (i * 7) % 3_000 + 1)
                .filter(move |n| *n != gap)
        };
        for (gap, want) in [(2_718, 2_718), (0, 3_001)] {
            state.changes = shuffled(gap)
                .map(|n| Change {
                    request_id: format!("close-out-{n}"),
                    reason: None,
                    discount: None,
                    increment: None,
                    items_removed: Vec::new(),
                    items_added: Vec::new(),
                    api: crate::order::ChangeApi::V1,
                })
                .collect();
            state.invoices.truncate(1);
            state
                .invoices
                .extend(shuffled(gap).map(|n| crate::order::Invoice {
                    kind: InvoiceType::Input,
                    number: format!("NF-{n}"),
                    value: Decimal::ZERO,
                    items: Vec::new(),
                }));
            let Ok(Operation::Change(change)) = plan_close_out(&state) else {
                panic!("a close-out")
            };
            assert_eq!(change.request_id, format!("close-out-{want}"));
            let selection = [Selected {
                id: "A".into(),
                quantity: 1,
            }];
            let planned = plan_invoice(&state, &selection, &PlanOptions::default()).unwrap();
            let Operation::Invoice(invoice) = planned.operation else {
                panic!("an invoice")
            };
            assert_eq!(invoice.number, format!("NF-{want}"));
        }
    }
}
