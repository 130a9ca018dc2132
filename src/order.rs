//! The order snapshot the engine works on (semantics.md section 3), already validated.
//!
//! Amounts are `Decimal`s at the currency's scale. The state serialises to the same JSON shape
//! it is read from (api.md section 3), with every amount written canonically and the derived
//! fields (`value`, the provider ledger, the transaction status) written explicitly.

use crate::money::{self, sum, Checked, Currency, Overflow};
use crate::payment::Payment;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use std::collections::{BTreeMap, BTreeSet};

/// VTEX's order statuses (api.md section 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)]
pub enum OrderStatus {
    OrderCreated,
    OrderCompleted,
    OnOrderCompleted,
    PaymentPending,
    WaitingForOrderAuthorization,
    ApprovePayment,
    PaymentApproved,
    PaymentDenied,
    RequestCancel,
    WaitingForSellerDecision,
    AuthorizeFulfillment,
    WindowToCancel,
    ReadyForHandling,
    StartHandling,
    Handling,
    WaitingForFulfillment,
    ReadyForInvoicing,
    Invoice,
    Invoiced,
    Replaced,
    CancellationRequested,
    Cancel,
    Canceled,
}

impl OrderStatus {
    /// Changes are allowed only while the order is being handled: `handling`,
    /// `waiting-for-fulfillment` or `ready-for-invoicing` (Change v1, S9/S12).
    pub fn allows_change(self) -> bool {
        matches!(
            self,
            OrderStatus::Handling
                | OrderStatus::WaitingForFulfillment
                | OrderStatus::ReadyForInvoicing
        )
    }
}

/// The payment transaction's status, judged on the gateway ledger (semantics.md section 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TransactionStatus {
    /// Nothing settled yet.
    Approved,
    /// Something settled, not finished.
    Settling,
    /// Fully invoiced and every payment resolved (S + C = A).
    Finished,
    /// Cancelled; stays so.
    Canceled,
}

/// An item line: as ordered, or as listed in an invoice or a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    /// The SKU id.
    pub id: String,
    /// Units, 1 to 2^53 − 1.
    pub quantity: u64,
    /// The unit price, when given.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_amount"
    )]
    pub price: Option<Decimal>,
    /// A display name, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl Item {
    /// `quantity × price`, the line's value (zero when no price is known).
    pub fn line_value(&self) -> Result<Decimal, Overflow> {
        self.price
            .unwrap_or(Decimal::ZERO)
            .times(Decimal::from(self.quantity))
    }
}

/// Output (sale) or input (return) invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum InvoiceType {
    /// A sale invoice: settles.
    Output,
    /// A return invoice: refunds.
    Input,
}

/// An invoice registered on the order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Invoice {
    /// Output or input.
    #[serde(rename = "type")]
    pub kind: InvoiceType,
    /// The invoice number; outputs and returns share one number space.
    pub number: String,
    /// The invoice value.
    #[serde(serialize_with = "serialize_amount")]
    pub value: Decimal,
    /// The units it covers (may be empty: it then moves money but no units).
    pub items: Vec<Item>,
}

/// An order change already registered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// Idempotency key: only the first change with a request id takes effect.
    pub request_id: String,
    /// The reason shown to the shopper.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The discount, when given (VTEX v1 `discountValue`).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_amount"
    )]
    pub discount: Option<Decimal>,
    /// The increment, when given (VTEX v1 `incrementValue`).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_amount"
    )]
    pub increment: Option<Decimal>,
    /// Units removed.
    pub items_removed: Vec<Item>,
    /// Units added.
    pub items_added: Vec<Item>,
    /// Which of VTEX's change APIs the change goes through (`api`, default `"v1"`): a
    /// `"v2"` change follows Order modifications' rules (api.md section 7, vtex-notes 5.2).
    #[serde(skip_serializing_if = "ChangeApi::is_v1")]
    pub api: ChangeApi,
}

/// Which of VTEX's change APIs a change goes through (api.md section 7).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeApi {
    /// Register Change v1, `POST /api/oms/pvt/orders/{orderId}/changes` (vtex-notes 5.1):
    /// the operator computes the value; at most 50 changes per order.
    #[default]
    V1,
    /// Order modifications ("Change v2"), `PATCH /api/order-system/orders/{orderId}/changes`
    /// (vtex-notes 5.2): VTEX computes the value (`totalChangeValue`); no limit of 50 changes;
    /// an item with an invoiced unit cannot be removed or replaced; a discount may not reach
    /// the original order value; a refund on a settled payment needs partial refunds.
    V2,
}

impl ChangeApi {
    /// Whether this is v1 (the default, left out when written).
    pub fn is_v1(&self) -> bool {
        *self == ChangeApi::V1
    }
}

impl Change {
    /// The change's effect on the order value: `increment − discount` when either is given
    /// (VTEX v1: the operator computes it), else the added items' value minus the removed
    /// items' value (semantics.md 6.3).
    pub fn delta(&self) -> Result<Decimal, Overflow> {
        if self.discount.is_some() || self.increment.is_some() {
            let zero = Decimal::ZERO;
            self.increment
                .unwrap_or(zero)
                .minus(self.discount.unwrap_or(zero))
        } else {
            let added = sum_lines(&self.items_added)?;
            added.minus(sum_lines(&self.items_removed)?)
        }
    }
}

/// Σ quantity × price over item lines.
pub fn sum_lines(items: &[Item]) -> Result<Decimal, Overflow> {
    items
        .iter()
        .try_fold(Decimal::ZERO, |acc, i| acc.plus(i.line_value()?))
}

/// Units per item id over item lines (the same id twice counts both lines), sorted by id,
/// each id once.
///
/// A list, not a map (issue 20: an invoice listing 10 items spent ~6.6 k instructions at
/// `"z"` building and walking a `BTreeMap` per preview): up to [`SHORT_LIST`] lines each
/// placed by a binary search into the list; a longer list (whose inserts would move
/// quadratically many entries) through the map as before.
pub fn units_by_id(items: &[Item]) -> Result<Vec<(&str, u64)>, Overflow> {
    if items.len() > SHORT_LIST {
        let mut units = BTreeMap::new();
        for item in items {
            let entry = units.entry(item.id.as_str()).or_insert(0_u64);
            *entry = entry.checked_add(item.quantity).ok_or(Overflow)?;
        }
        return Ok(units.into_iter().collect());
    }
    let mut units: Vec<(&str, u64)> = Vec::with_capacity(items.len());
    for item in items {
        let id = item.id.as_str();
        // Ids listed in order (the common case) go at the end without a search.
        if units.last().map_or(true, |(last, _)| *last < id) {
            units.push((id, item.quantity));
            continue;
        }
        match find(&units, id) {
            Ok(at) => {
                if let Some((_, entry)) = units.get_mut(at) {
                    *entry = entry.checked_add(item.quantity).ok_or(Overflow)?;
                }
            }
            Err(at) => units.insert(at, (id, item.quantity)),
        }
    }
    Ok(units)
}

/// Where `id` is in `units` (sorted by id), or would be: one binary search for every list of
/// [`units_by_id`] (one copy of it in the `.wasm`).
fn find(units: &[(&str, u64)], id: &str) -> Result<usize, usize> {
    units.binary_search_by(|(other, _)| (*other).cmp(id))
}

/// How many item lines [`units_by_id`] sorts by inserts.
const SHORT_LIST: usize = 64;

/// The unit prices of an order's item ids ([`OrderState::unit_prices`]): the first
/// [`UnitPrices::SCANS`] lookups scan the lines as [`OrderState::unit_price`] does (a single
/// lookup, or a few, on a large order builds nothing), later ones read an index built once of
/// each id's first line, which is the line a scan finds.
#[derive(Debug)]
pub struct UnitPrices<'a> {
    state: &'a OrderState,
    /// Lookups done by a scan so far; past [`UnitPrices::SCANS`], the index is built.
    scans: usize,
    /// Each id's first line, as its position in `prices` (a `u64`, so that the map is the
    /// type [`units_by_id`] already brings into the `.wasm`).
    positions: BTreeMap<&'a str, u64>,
    /// The price of each id's first line.
    prices: Vec<Option<Decimal>>,
}

impl UnitPrices<'_> {
    /// Lookups made by a scan before the index is built: a scan costs about one line's
    /// insert into the index, so past these the index costs less than the scans it saves.
    const SCANS: usize = 16;

    /// [`OrderState::unit_price`] of `id`.
    pub fn get(&mut self, id: &str) -> Option<Decimal> {
        if self.scans < Self::SCANS {
            self.scans = self.scans.saturating_add(1);
            return self.state.unit_price(id);
        }
        if self.scans == Self::SCANS {
            self.scans = self.scans.saturating_add(1);
            for line in self.state.priced_lines() {
                let next = u64::try_from(self.prices.len()).unwrap_or(u64::MAX);
                if *self.positions.entry(line.id.as_str()).or_insert(next) == next {
                    self.prices.push(line.price);
                }
            }
        }
        let at = usize::try_from(*self.positions.get(id)?).ok()?;
        self.prices.get(at).copied().flatten()
    }
}

/// The entry of `units` beside `id` in `ids` (the sorted, distinct ids of [`units_by_id`]),
/// if `id` is one of them. `next` is where the last one was found, plus one: an order's items
/// listed in the order an operation lists them match there at once, without a search.
fn slot<'u, T>(
    ids: &[(&str, u64)],
    units: &'u mut [T],
    id: &str,
    next: &mut usize,
) -> Option<&'u mut T> {
    let at = match ids.get(*next) {
        Some((there, _)) if *there == id => *next,
        _ => find(ids, id).ok()?,
    };
    *next = at.saturating_add(1);
    units.get_mut(at)
}

/// Which item ids a count of units is for: every id, or those an operation lists.
#[derive(Debug, Clone, Copy)]
pub enum Ids<'a> {
    /// Every item id.
    All,
    /// The ids of these ([`units_by_id`] of an operation's items).
    Of(&'a [(&'a str, u64)]),
}

impl Ids<'_> {
    fn has(self, id: &str) -> bool {
        match self {
            Ids::All => true,
            Ids::Of(ids) => find(ids, id).is_ok(),
        }
    }

    fn is_none(self) -> bool {
        matches!(self, Ids::Of(ids) if ids.is_empty())
    }
}

/// Fully invoiced: the status is `invoiced`, or I = V > 0 (semantics.md section 6). From the
/// parts, for a state and for an operation's draft of the next one alike.
pub fn fully_invoiced(
    status: OrderStatus,
    value: Decimal,
    invoiced: impl FnOnce() -> Result<Decimal, Overflow>,
) -> Result<bool, Overflow> {
    if status == OrderStatus::Invoiced {
        return Ok(true);
    }
    let invoiced = invoiced()?;
    Ok(invoiced == value && invoiced > Decimal::ZERO)
}

/// What is left to invoice: V − I, never negative; zero once cancelled. From the parts.
pub fn remaining_to_invoice(
    status: OrderStatus,
    value: Decimal,
    invoiced: impl FnOnce() -> Result<Decimal, Overflow>,
) -> Result<Decimal, Overflow> {
    if status == OrderStatus::Canceled {
        return Ok(Decimal::ZERO);
    }
    money::excess(value, invoiced()?)
}

/// The payment transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Transaction {
    /// Its status.
    pub status: TransactionStatus,
    /// Increases charged in separate transactions (part of V, never moved by this transaction).
    #[serde(serialize_with = "serialize_amount")]
    pub new_charges: Decimal,
    /// The payments, in list order.
    pub payments: Vec<Payment>,
}

/// The sum of a state's changes' deltas, kept across a replay that only appends changes
/// ([`OrderState::original_value_carried`]), or beside a `Ledger`'s state, whose changes only
/// grow by the operations it applies (issue 20, step 30).
#[derive(Debug, Clone)]
pub(crate) struct ChangeDeltas {
    /// How many of the changes are summed.
    count: usize,
    /// Σ delta over them.
    sum: Decimal,
    /// Whether every delta so far is an [`exact_term`] and they are few enough that any sum
    /// of them (and a value) is exact.
    exact: bool,
    /// Their request ids ([`ChangeDeltas::has_request`]).
    ids: BTreeSet<String>,
}

impl ChangeDeltas {
    /// Nothing summed yet.
    pub(crate) fn new() -> Self {
        ChangeDeltas {
            count: 0,
            sum: Decimal::ZERO,
            exact: true,
            ids: BTreeSet::new(),
        }
    }

    /// Whether a change of the list last followed ([`OrderState::original_value_carried`]) has
    /// this request id: the engine's check of a repeated request, which scanned every change
    /// per change (issue 20, step 28: 63 % of a replay of 10,000 Change v2 changes).
    pub(crate) fn has_request(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// Sums the changes not summed yet (all of them again when `changes` is shorter than
    /// what was summed: not the same list). Each change is summed once: O(changes added).
    pub(crate) fn follow(&mut self, changes: &[Change]) {
        if self.count > changes.len() {
            *self = ChangeDeltas::new();
        }
        for change in changes.get(self.count..).unwrap_or_default() {
            self.ids.insert(change.request_id.clone());
            match change.delta() {
                Ok(d) if self.exact && exact_term(d) => match self.sum.plus(d) {
                    Ok(sum) => self.sum = sum,
                    Err(Overflow) => self.exact = false,
                },
                _ => self.exact = false,
            }
        }
        self.count = changes.len();
        if self.count > MAX_EXACT_TERMS {
            self.exact = false;
        }
    }
}

/// At most this many deltas (and a value) are summed as [`ChangeDeltas`]: 10^5 + 1 terms of
/// mantissas below 10^23 at one scale stay below 2^96 (7.9 × 10^28).
const MAX_EXACT_TERMS: usize = 100_000;

/// An amount whose sums with up to [`MAX_EXACT_TERMS`] others like it are exact whatever their
/// order: at most 3 decimals and |x| < 10^20, so a mantissa below 10^23 at 3 decimals (every
/// amount read from input: at most 3 decimals and |x| < 10^15, a change's delta of lines at
/// most 2 × 10^4 × that).
fn exact_term(x: Decimal) -> bool {
    /// 10^20.
    const BOUND: Decimal = Decimal::from_parts(1_661_992_960, 1_808_227_885, 5, false, 0);
    x.scale() <= 3 && x.abs() < BOUND
}

/// An order snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderState {
    /// The order id, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    /// The currency.
    #[serde(serialize_with = "serialize_currency")]
    pub currency: Currency,
    /// The order status.
    pub status: OrderStatus,
    /// V: the order's current total.
    #[serde(serialize_with = "serialize_amount")]
    pub value: Decimal,
    /// The items as ordered.
    pub items: Vec<Item>,
    /// Shipping total.
    #[serde(serialize_with = "serialize_amount")]
    pub shipping: Decimal,
    /// Tax total.
    #[serde(serialize_with = "serialize_amount")]
    pub tax: Decimal,
    /// Discounts total (a positive amount that lowers the value).
    #[serde(serialize_with = "serialize_amount")]
    pub discounts: Decimal,
    /// Output invoices and returns, in order.
    pub invoices: Vec<Invoice>,
    /// Registered changes, in order.
    pub changes: Vec<Change>,
    /// The payment transaction.
    pub transaction: Transaction,
}

impl OrderState {
    /// The order's value before its changes: V − Σ of each change's delta (the "original
    /// order" of Order modifications' discount rule, vtex-notes 5.2, S10).
    pub fn original_value(&self) -> Result<Decimal, Overflow> {
        let mut value = self.value;
        for change in &self.changes {
            value = value.minus(change.delta()?)?;
        }
        Ok(value)
    }

    /// [`OrderState::original_value`], with the changes' deltas summed once across the steps
    /// of a replay (`carried` follows `self.changes` as changes are appended): a replay of N
    /// Change v2 changes asked for it per change, O(N²) (issue 20, step 28).
    ///
    /// The value does not move under the engine's steps (an accepted change moves V by its
    /// delta and appends it, a rejected one recorded as VTEX has it the same; invoices,
    /// returns and cancellations touch neither), but `original_value` subtracts one delta at
    /// a time, which for extreme amounts may round or overflow where V − Σ does not. So V − Σ
    /// is used only while every term is [`exact_term`] (then each partial sum, in any order,
    /// is exact and in range, and the two are the same number); otherwise the sum over the
    /// changes, as before.
    pub(crate) fn original_value_carried(
        &self,
        carried: &mut ChangeDeltas,
    ) -> Result<Decimal, Overflow> {
        carried.follow(&self.changes);
        self.original_value_followed(carried)
    }

    /// [`OrderState::original_value_carried`] without moving `carried` on, for a caller that
    /// keeps it following `self.changes` ([`ChangeDeltas::follow`] after each step: a `Ledger`,
    /// whose `preview` borrows it). V − Σ only when `carried` has summed as many changes as
    /// there are (else, as for an inexact term, the sum over the changes).
    pub(crate) fn original_value_followed(
        &self,
        carried: &ChangeDeltas,
    ) -> Result<Decimal, Overflow> {
        if carried.count == self.changes.len() && carried.exact && exact_term(self.value) {
            self.value.minus(carried.sum)
        } else {
            self.original_value()
        }
    }

    /// `<prefix><n>` of the first n ≥ `from` that is not taken: by a change's request id, or
    /// with `numbers`, by an invoice's number. A fresh id (`planCloseOut`'s `close-out-<n>`,
    /// `fromVtexChange`'s `v2-<n>`) or number (`planInvoice`'s `NF-<n>` and `RET-<n>`).
    ///
    /// The ids that start with `prefix` (the only ones a candidate can be) are put in a set
    /// first: a search of the whole list per candidate was O(ids) each, and ids made to
    /// collide (`close-out-1` … `close-out-10000`) took 156 ms natively for one call (issue
    /// 20, step 30).
    pub(crate) fn fresh_id(&self, prefix: &str, from: u64, numbers: bool) -> String {
        let mut taken = BTreeSet::new();
        let mut take = |id: &String| {
            if id.starts_with(prefix) {
                taken.insert(id.clone());
            }
        };
        if numbers {
            self.invoices.iter().for_each(|i| take(&i.number));
        } else {
            self.changes.iter().for_each(|c| take(&c.request_id));
        }
        let mut n = from;
        loop {
            let candidate = format!("{prefix}{n}");
            if !taken.contains(&candidate) || n == u64::MAX {
                return candidate;
            }
            n = n.saturating_add(1);
        }
    }

    /// I: the sum of output invoices.
    pub fn invoiced(&self) -> Result<Decimal, Overflow> {
        self.invoice_sum(InvoiceType::Output)
    }

    /// The sum of returns (every recorded return, also those that refunded nothing).
    pub fn returned(&self) -> Result<Decimal, Overflow> {
        self.invoice_sum(InvoiceType::Input)
    }

    fn invoice_sum(&self, kind: InvoiceType) -> Result<Decimal, Overflow> {
        sum(self
            .invoices
            .iter()
            .filter(|i| i.kind == kind)
            .map(|i| i.value))
    }

    /// Fully invoiced: the status is `invoiced`, or I = V > 0 (semantics.md section 6).
    pub fn is_fully_invoiced(&self) -> Result<bool, Overflow> {
        fully_invoiced(self.status, self.value, || self.invoiced())
    }

    /// What is left to invoice: V − I, never negative; zero once cancelled.
    pub fn remaining_to_invoice(&self) -> Result<Decimal, Overflow> {
        remaining_to_invoice(self.status, self.value, || self.invoiced())
    }

    /// Whether a number is already used by an output invoice or a return (one number space).
    pub fn has_invoice_number(&self, number: &str) -> bool {
        self.invoices.iter().any(|i| i.number == number)
    }

    /// Units of each item id available now: ordered + added by changes − removed by changes.
    pub fn units_available(&self) -> Result<BTreeMap<&str, u64>, Overflow> {
        self.units_available_of(Ids::All)
    }

    /// [`OrderState::units_available`] for some ids only. An operation asks for the ids it
    /// lists: one pass over the order without a map of all its items, and none at all for an
    /// operation that lists no items (a preview on every keystroke of a 10 000-item order).
    pub fn units_available_of(&self, ids: Ids) -> Result<BTreeMap<&str, u64>, Overflow> {
        let mut units = BTreeMap::new();
        if ids.is_none() {
            return Ok(units);
        }
        for item in self.items.iter().filter(|i| ids.has(&i.id)) {
            let entry = units.entry(item.id.as_str()).or_insert(0_u64);
            *entry = entry.checked_add(item.quantity).ok_or(Overflow)?;
        }
        for change in &self.changes {
            for item in change.items_added.iter().filter(|i| ids.has(&i.id)) {
                let entry = units.entry(item.id.as_str()).or_insert(0);
                *entry = entry.checked_add(item.quantity).ok_or(Overflow)?;
            }
            for item in &change.items_removed {
                if let Some(entry) = units.get_mut(item.id.as_str()) {
                    *entry = entry.saturating_sub(item.quantity);
                }
            }
        }
        Ok(units)
    }

    /// Units listed in invoices of one type, per item id.
    pub fn units_listed(&self, kind: InvoiceType) -> Result<BTreeMap<&str, u64>, Overflow> {
        self.units_listed_of(kind, Ids::All)
    }

    /// [`OrderState::units_listed`] for some ids only.
    pub fn units_listed_of(
        &self,
        kind: InvoiceType,
        ids: Ids,
    ) -> Result<BTreeMap<&str, u64>, Overflow> {
        let mut units = BTreeMap::new();
        if ids.is_none() {
            return Ok(units);
        }
        for invoice in self.invoices.iter().filter(|i| i.kind == kind) {
            for item in invoice.items.iter().filter(|i| ids.has(&i.id)) {
                let entry = units.entry(item.id.as_str()).or_insert(0_u64);
                *entry = entry.checked_add(item.quantity).ok_or(Overflow)?;
            }
        }
        Ok(units)
    }

    /// [`OrderState::units_available_of`] for `ids` ([`units_by_id`]), as a list beside
    /// them: `None` for an id the order does not have. The same counts without a map built
    /// and dropped per operation: an invoice listing 10 items spent ~9 k instructions at `"z"`
    /// building one (issue 20).
    pub fn units_available_in(&self, ids: &[(&str, u64)]) -> Result<Vec<Option<u64>>, Overflow> {
        let mut units = vec![None; ids.len()];
        if ids.is_empty() {
            return Ok(units);
        }
        let mut next = 0;
        let mut add = |units: &mut Vec<Option<u64>>, id: &str, quantity: u64| {
            if let Some(entry) = slot(ids, units, id, &mut next) {
                *entry = Some(entry.unwrap_or(0).checked_add(quantity).ok_or(Overflow)?);
            }
            Ok(())
        };
        for item in &self.items {
            add(&mut units, &item.id, item.quantity)?;
        }
        for change in &self.changes {
            for item in &change.items_added {
                add(&mut units, &item.id, item.quantity)?;
            }
            for item in &change.items_removed {
                if let Some(Some(entry)) = slot(ids, &mut units, &item.id, &mut 0) {
                    *entry = entry.saturating_sub(item.quantity);
                }
            }
        }
        Ok(units)
    }

    /// [`OrderState::units_listed_of`] for `ids` (as [`OrderState::units_available_in`]): the
    /// units listed in invoices of one type, beside each id.
    pub fn units_listed_in(
        &self,
        kind: InvoiceType,
        ids: &[(&str, u64)],
    ) -> Result<Vec<u64>, Overflow> {
        let mut units = vec![0_u64; ids.len()];
        if ids.is_empty() {
            return Ok(units);
        }
        let mut next = 0;
        for invoice in self.invoices.iter().filter(|i| i.kind == kind) {
            for item in &invoice.items {
                if let Some(entry) = slot(ids, &mut units, &item.id, &mut next) {
                    *entry = entry.checked_add(item.quantity).ok_or(Overflow)?;
                }
            }
        }
        Ok(units)
    }

    /// Units that count as invoiced (**policy**, semantics.md 6.2): those listed in output
    /// invoices; once the order is fully invoiced, every unit of the order.
    pub fn units_invoiced(&self) -> Result<BTreeMap<&str, u64>, Overflow> {
        self.units_invoiced_of(Ids::All)
    }

    /// [`OrderState::units_invoiced`] for some ids only.
    pub fn units_invoiced_of(&self, ids: Ids) -> Result<BTreeMap<&str, u64>, Overflow> {
        if self.is_fully_invoiced()? {
            self.units_available_of(ids)
        } else {
            self.units_listed_of(InvoiceType::Output, ids)
        }
    }

    /// The unit price of an item id: from the order's items, else from the change that added
    /// it. `None` when no price is known.
    ///
    /// One scan of the lines: for many lookups (a list of lines, each without its price),
    /// [`OrderState::unit_prices`].
    pub fn unit_price(&self, id: &str) -> Option<Decimal> {
        self.priced_lines()
            .find(|i| i.id == id)
            .and_then(|i| i.price)
    }

    /// The order's lines that give unit prices, in the order [`OrderState::unit_price`] looks
    /// at them: the order's items, then each change's added lines.
    fn priced_lines(&self) -> impl Iterator<Item = &Item> {
        self.items
            .iter()
            .chain(self.changes.iter().flat_map(|c| c.items_added.iter()))
    }

    /// [`OrderState::unit_price`] for many ids: the same price for every id, in time linear in
    /// the lines and the lookups (a scan per lookup was quadratic: 10,000 lines without a
    /// price on an order of 10,000 lines took 0.17–0.19 s in the engine's invoice, in
    /// `toVtexRequest` and in `fromVtexChange`; issue 20).
    pub fn unit_prices(&self) -> UnitPrices<'_> {
        UnitPrices {
            state: self,
            scans: 0,
            positions: BTreeMap::new(),
            prices: Vec::new(),
        }
    }

    /// The value derived when the state does not give one: items + shipping + tax − discounts
    /// + the delta of every registered change (semantics.md section 3).
    pub fn derived_value(&self) -> Result<Decimal, Overflow> {
        let mut value = sum_lines(&self.items)?
            .plus(self.shipping)?
            .plus(self.tax)?
            .minus(self.discounts)?;
        for change in &self.changes {
            value = value.plus(change.delta()?)?;
        }
        Ok(value)
    }
}

/// Serialises an amount as a string at its own scale (amounts in the state are kept at the
/// currency's scale, so this is the canonical form).
pub fn serialize_amount<S: Serializer>(amount: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(money::write_amount(*amount).as_str())
}

/// [`serialize_amount`] for an optional amount.
pub fn serialize_opt_amount<S: Serializer>(
    amount: &Option<Decimal>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match amount {
        Some(a) => serialize_amount(a, s),
        None => s.serialize_none(),
    }
}

fn serialize_currency<S: Serializer>(currency: &Currency, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(currency.code())
}

impl OrderState {
    /// The transaction status as the gateway ledger shows it (semantics.md section 7):
    /// `canceled` stays canceled; `finished` once the order is fully invoiced and every payment
    /// resolved (S + C = A); `settling` once something is settled; else `approved`.
    pub fn judged_transaction_status(&self) -> Result<TransactionStatus, Overflow> {
        self.transaction.judged_status(|| self.is_fully_invoiced())
    }

    /// Writes every amount the engine computes at exactly the currency's scale, so that the
    /// state serialises canonically (`"0.00"`, not `"0"`).
    pub fn rescale_amounts(&mut self) {
        let scale = self.currency.minor_units();
        self.value.rescale(scale);
        self.transaction.rescale_amounts(scale);
    }
}

impl Transaction {
    /// The status as the gateway ledger shows it (semantics.md section 7), given whether the
    /// order is fully invoiced: see [`OrderState::judged_transaction_status`].
    pub fn judged_status(
        &self,
        fully_invoiced: impl FnOnce() -> Result<bool, Overflow>,
    ) -> Result<TransactionStatus, Overflow> {
        if self.status == TransactionStatus::Canceled {
            return Ok(TransactionStatus::Canceled);
        }
        let mut all_resolved = true;
        let mut any_settled = false;
        for p in &self.payments {
            all_resolved &= p.is_resolved()?;
            any_settled |= p.settled > Decimal::ZERO;
        }
        Ok(if fully_invoiced()? && all_resolved {
            TransactionStatus::Finished
        } else if any_settled {
            TransactionStatus::Settling
        } else {
            TransactionStatus::Approved
        })
    }

    /// The transaction's amounts at exactly `scale` digits (see
    /// [`OrderState::rescale_amounts`]).
    pub fn rescale_amounts(&mut self, scale: u32) {
        self.new_charges.rescale(scale);
        for p in &mut self.payments {
            for amount in [
                &mut p.value,
                &mut p.settled,
                &mut p.cancelled,
                &mut p.refunded,
                &mut p.captured,
                &mut p.voided,
                &mut p.provider_refunded,
            ] {
                // Mostly at the scale already: `rescale` is not free (issue 20).
                if amount.scale() != scale {
                    amount.rescale(scale);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`OrderState::original_value_carried`] is [`OrderState::original_value`]: on a list it
    /// follows, on a shorter one (summed again), and with a delta too large to sum out of order
    /// (the sum over the changes, here an overflow both ways).
    #[test]
    fn the_carried_original_value_falls_back_to_the_sum_over_the_changes() {
        let change = |id: &str, discount: Decimal| Change {
            request_id: id.into(),
            reason: None,
            discount: Some(discount),
            increment: None,
            items_removed: Vec::new(),
            items_added: Vec::new(),
            api: ChangeApi::V2,
        };
        let mut state = crate::json::parse_state(&serde_json::json!({
            "currency": "BRL", "items": [ { "id": "A", "quantity": 1, "price": "40.00" } ],
            "transaction": { "payments": [ { "id": "P", "group": "creditCard", "value": "40.00" } ] }
        }))
        .unwrap();
        let mut carried = ChangeDeltas::new();
        let d = Decimal::new(250, 2);
        for i in 0..5 {
            assert_eq!(
                state.original_value_carried(&mut carried),
                state.original_value()
            );
            state.changes.push(change(&format!("c{i}"), d));
            state.value -= d;
        }
        assert_eq!(
            state.original_value_carried(&mut carried),
            Ok(Decimal::new(4_000, 2))
        );
        state.changes.truncate(2);
        assert_eq!(
            state.original_value_carried(&mut carried),
            state.original_value()
        );
        assert_eq!(
            state.original_value_carried(&mut carried),
            Ok(Decimal::new(3_250, 2))
        );
        assert!(carried.has_request("c1") && !carried.has_request("c2"));
        state.changes.push(change("big", Decimal::MAX));
        state.changes.push(change("back", -Decimal::MAX));
        assert_eq!(state.original_value_carried(&mut carried), Err(Overflow));
        assert!(!carried.exact);
        assert_eq!(state.original_value(), Err(Overflow));
    }

    /// [`OrderState::fresh_id`] is the first candidate the old search finds (each candidate
    /// from `from` on compared with every id of the list): over ids made to collide (candidates
    /// shuffled, repeated, with a gap), ids that only look like one (leading zeros, a sign, a
    /// number past `u64`, another prefix or case), candidates from past 1, and the other list
    /// (changes for numbers, invoices for ids) not counting.
    #[test]
    fn a_fresh_id_is_the_first_candidate_no_id_has() {
        let old = |prefix: &str, from: u64, used: &[String]| {
            let mut n = from;
            loop {
                let candidate = format!("{prefix}{n}");
                if !used.contains(&candidate) {
                    return candidate;
                }
                n += 1;
            }
        };
        let decoys = [
            "x-",
            "x-0",
            "x-007",
            "x-+5",
            "x--3",
            "x-1a",
            "x- 2",
            "X-4",
            "y-6",
            "x-3 ",
            "x-99999999999999999999999",
        ];
        let mut state = crate::json::parse_state(&serde_json::json!({
            "currency": "BRL", "items": [ { "id": "A", "quantity": 1, "price": "40.00" } ],
            "transaction": { "payments": [ { "id": "P", "group": "creditCard", "value": "40.00" } ] }
        }))
        .unwrap();
        for (n, step, gap, from) in [
            (0, 1, 0, 1),
            (2_000, 7, 0, 1),
            (2_000, 7, 1_234, 1),
            (2_000, 1, 0, 1_500),
            (2_000, 11, 1_999, 1_500),
            (2_000, 13, 0, 2_001),
        ] {
            let used: Vec<String> = (0..n)
                .map(|i| (i * step) % n.max(1) + 1)
                .flat_map(|k| [k, k / 2 + 1])
                .filter(|k| *k != gap)
                .map(|k| format!("x-{k}"))
                .chain(decoys.iter().map(|d| d.to_string()))
                .collect();
            state.changes = used
                .iter()
                .map(|id| Change {
                    request_id: id.clone(),
                    reason: None,
                    discount: None,
                    increment: None,
                    items_removed: Vec::new(),
                    items_added: Vec::new(),
                    api: ChangeApi::V2,
                })
                .collect();
            state.invoices = Vec::new();
            let want = old("x-", from, &used);
            assert_eq!(state.fresh_id("x-", from, false), want, "{n} {gap} {from}");
            assert_eq!(state.fresh_id("x-", from, true), format!("x-{from}"));
            state.invoices = used
                .iter()
                .map(|number| Invoice {
                    kind: InvoiceType::Output,
                    number: number.clone(),
                    value: Decimal::ZERO,
                    items: Vec::new(),
                })
                .collect();
            state.changes = Vec::new();
            assert_eq!(state.fresh_id("x-", from, true), want, "{n} {gap} {from}");
            assert_eq!(state.fresh_id("x-", from, false), format!("x-{from}"));
        }
    }

    /// [`units_by_id`] is the map of the units per id as a sorted list, whatever the order of
    /// the lines (in order, the fast path that appends; backwards; repeated; interleaved), on
    /// both sides of [`SHORT_LIST`].
    #[test]
    fn units_by_id_is_the_map() {
        let item = |id: String, quantity| Item {
            id,
            quantity,
            price: None,
            name: None,
        };
        for len in [0, 1, 2, 3, 10, SHORT_LIST, SHORT_LIST + 1, 70] {
            let orders: [Box<dyn Fn(usize) -> usize>; 4] = [
                Box::new(|i| i),
                Box::new(move |i| len - i),
                Box::new(|i| i / 3),
                Box::new(|i| (i * 7) % 5),
            ];
            for order in &orders {
                let items: Vec<Item> = (0..len)
                    .map(|i| item(format!("SKU-{}", order(i)), i as u64 + 1))
                    .collect();
                let mut map = BTreeMap::new();
                for i in &items {
                    *map.entry(i.id.as_str()).or_insert(0) += i.quantity;
                }
                let want: Vec<(&str, u64)> = map.into_iter().collect();
                assert_eq!(units_by_id(&items).unwrap(), want, "{len}");
            }
        }
    }
}
