//! Checks an operation and moves the money (semantics.md sections 6 and 7).
//!
//! [`apply`] is the one place where operations meet the state: it checks every rule first (a
//! rejected operation changes nothing and reports every rule it breaks), then records the
//! gateway requests payment by payment ([`crate::gateway`]), then reads the outcome off the
//! difference between the ledgers before and after. `preview` is `apply` without keeping the
//! new state, so the two can never disagree.

use crate::codes::{RuleCode, WarningCode};
use crate::gateway::{self, Request};
use crate::money::{excess, sum, Checked, Currency, Overflow};
use crate::operation::{InvoiceRequest, Operation, Options};
use crate::order::{
    units_by_id, Change, InvoiceType, Item, OrderState, OrderStatus, TransactionStatus,
};
use crate::outcome::{
    Event, EventKind, Figures, OrderFigures, Outcome, PaymentFigures, RuleError, Warning,
};
use crate::payment::{Mode, Payment};
use crate::split::{self, Split};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// VTEX Change v1 allows 50 changes per order; the 51st is refused.
pub const MAX_CHANGES: usize = 50;

/// The result of [`apply`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// What the operation does.
    pub outcome: Outcome,
    /// The state after it; `None` when nothing changed (a rejection or a replay).
    pub state: Option<OrderState>,
}

/// The effective processing mode of each payment: its own mode (a legacy connector is
/// `total`), unless the payments' modes differ, when the whole transaction is `total`
/// (`MIXED_MODES_USE_TOTAL`, semantics.md section 3). Returns the modes and whether they mix.
pub fn effective_modes(payments: &[Payment]) -> (Vec<Mode>, bool) {
    let own: Vec<Mode> = payments.iter().map(|p| p.connector.own_mode()).collect();
    let mixed = own.windows(2).any(|w| w.first() != w.get(1));
    if mixed {
        (vec![Mode::Total; own.len()], true)
    } else {
        (own, false)
    }
}

/// Applies one operation to a state: checks it, moves the money, and tells what it did.
pub fn apply(
    state: &OrderState,
    operation: &Operation,
    options: &Options,
) -> Result<Applied, Overflow> {
    let mut run = Run::new(state, *options);
    let verdict = match operation {
        Operation::Invoice(invoice) => run.invoice(invoice)?,
        Operation::Return(invoice) => run.return_items(invoice)?,
        Operation::Change(change) => run.change(change)?,
        Operation::Cancel { .. } => run.cancel_order()?,
    };
    run.finish(verdict)
}

/// How a run ends.
enum Verdict {
    /// Checked and moved.
    Accepted,
    /// A replay of an invoice number or a change request id: accepted, nothing moves, and
    /// this warning is the only one.
    Replay(WarningCode),
    /// Broken rules.
    Rejected(Vec<RuleCode>),
}

struct Run<'a> {
    before: &'a OrderState,
    after: OrderState,
    options: Options,
    modes: Vec<Mode>,
    mixed: bool,
    events: Vec<Event>,
    warnings: Vec<Warning>,
    new_charge: Decimal,
}

impl<'a> Run<'a> {
    fn new(before: &'a OrderState, options: Options) -> Self {
        let (modes, mixed) = effective_modes(&before.transaction.payments);
        Run {
            before,
            after: before.clone(),
            options,
            modes,
            mixed,
            events: Vec::new(),
            warnings: Vec::new(),
            new_charge: Decimal::ZERO,
        }
    }

    fn currency(&self) -> Currency {
        self.before.currency
    }

    fn warn(&mut self, code: WarningCode, payment_id: Option<&str>) {
        let duplicate = self
            .warnings
            .iter()
            .any(|w| w.code == code && w.payment_id.as_deref() == payment_id);
        if !duplicate {
            self.warnings.push(Warning {
                code,
                message: code.message().to_string(),
                payment_id: payment_id.map(str::to_string),
            });
        }
    }

    // ----- 6.1 Output invoice -------------------------------------------------------------

    fn invoice(&mut self, invoice: &InvoiceRequest) -> Result<Verdict, Overflow> {
        let state = self.before;
        if state.has_invoice_number(&invoice.number) {
            return Ok(Verdict::Replay(WarningCode::InvoiceNumberReused));
        }
        let x = invoice.value;
        let invoiced = state.invoiced()?;
        let mut errors = Vec::new();
        if x <= Decimal::ZERO {
            errors.push(RuleCode::AmountNotPositive);
        }
        if matches!(state.status, OrderStatus::Invoiced | OrderStatus::Canceled) {
            errors.push(RuleCode::OrderNotInvoiceable);
        }
        if invoiced.plus(x)? > state.value {
            errors.push(RuleCode::InvoiceExceedsRemaining);
        }
        let available = state.units_available()?;
        let listed = state.units_listed(InvoiceType::Output)?;
        for (id, quantity) in units_by_id(&invoice.items)? {
            match available.get(id) {
                None => errors.push(RuleCode::UnknownItem),
                Some(&units) => {
                    let already = listed.get(id).copied().unwrap_or(0);
                    if already.saturating_add(quantity) > units {
                        errors.push(RuleCode::ItemQuantityExceeded);
                    }
                }
            }
        }
        if !errors.is_empty() {
            return Ok(Verdict::Rejected(errors));
        }
        if let Some(items_value) = self.items_value(&invoice.items)? {
            if items_value != x {
                self.warn(WarningCode::ValueDiffersFromItems, None);
            }
        }

        // Settlement target: I + x, never above V, less what went to separate transactions;
        // payments already settled (auto-settled gift cards) count towards it.
        let target = invoiced
            .plus(x)?
            .min(state.value)
            .minus(state.transaction.new_charges)?;
        let settled_net = sum(state
            .transaction
            .payments
            .iter()
            .map(Payment::net_settled)
            .collect::<Result<Vec<_>, _>>()?)?;
        let to_settle = excess(target, settled_net)?;
        self.place(Request::Settle, to_settle)?;
        self.after
            .invoices
            .push(invoice.recorded_as(InvoiceType::Output));
        if invoiced.plus(x)? == state.value {
            self.close_out()?;
        }
        Ok(Verdict::Accepted)
    }

    /// The listed items' value at their prices (the order's unit price where the invoice gives
    /// none); `None` when there are no items or a price is unknown.
    fn items_value(&self, items: &[Item]) -> Result<Option<Decimal>, Overflow> {
        if items.is_empty() {
            return Ok(None);
        }
        let mut total = Decimal::ZERO;
        for item in items {
            let Some(price) = item.price.or_else(|| self.before.unit_price(&item.id)) else {
                return Ok(None);
            };
            total = total.plus(price.times(Decimal::from(item.quantity))?)?;
        }
        Ok(Some(total))
    }

    // ----- 6.2 Return ---------------------------------------------------------------------

    fn return_items(&mut self, invoice: &InvoiceRequest) -> Result<Verdict, Overflow> {
        let state = self.before;
        if state.has_invoice_number(&invoice.number) {
            return Ok(Verdict::Replay(WarningCode::InvoiceNumberReused));
        }
        let y = invoice.value;
        let mut errors = Vec::new();
        if y <= Decimal::ZERO {
            errors.push(RuleCode::AmountNotPositive);
        }
        if y > state.invoiced()?.minus(state.returned()?)? {
            errors.push(RuleCode::ReturnExceedsInvoiced);
        }
        let available = state.units_available()?;
        let invoiced_units = state.units_invoiced()?;
        let returned_units = state.units_listed(InvoiceType::Input)?;
        for (id, quantity) in units_by_id(&invoice.items)? {
            if !available.contains_key(id) {
                errors.push(RuleCode::UnknownItem);
                continue;
            }
            let invoiced = invoiced_units.get(id).copied().unwrap_or(0);
            let returned = returned_units.get(id).copied().unwrap_or(0);
            if quantity > invoiced.saturating_sub(returned) {
                errors.push(RuleCode::ItemQuantityExceeded);
            }
        }
        if !errors.is_empty() {
            return Ok(Verdict::Rejected(errors));
        }
        let mut refunds = true;
        if !state.is_fully_invoiced()? {
            // VTEX: "generate return invoices only after the full order amount was invoiced,
            // otherwise, no refund will occur".
            self.warn(WarningCode::NoRefundBeforeFullyInvoiced, None);
            refunds = false;
        }
        let mut seen = BTreeSet::new();
        if invoice.items.iter().any(|i| !seen.insert(i.id.as_str())) {
            // VTEX (known issue K8) flags a duplicated SKU and requests no refund.
            self.warn(WarningCode::DuplicateReturnItem, None);
            refunds = false;
        }
        if refunds {
            self.refund(y)?;
        }
        self.after
            .invoices
            .push(invoice.recorded_as(InvoiceType::Input));
        Ok(Verdict::Accepted)
    }

    // ----- 6.3 Change ---------------------------------------------------------------------

    fn change(&mut self, change: &Change) -> Result<Verdict, Overflow> {
        let state = self.before;
        if state
            .changes
            .iter()
            .any(|c| c.request_id == change.request_id)
        {
            return Ok(Verdict::Replay(WarningCode::ChangeRequestRepeated));
        }
        let zero = Decimal::ZERO;
        let value = state.value;
        let invoiced = state.invoiced()?;
        let mut errors = Vec::new();
        let negative = [change.discount, change.increment]
            .iter()
            .any(|a| a.is_some_and(|a| a < zero));
        if negative {
            errors.push(RuleCode::AmountNegative);
        }
        if !state.status.allows_change() {
            errors.push(RuleCode::ChangeNotAllowedInStatus);
        }
        if state.transaction.status == TransactionStatus::Finished {
            errors.push(RuleCode::ChangeOnFinishedTransaction);
        }
        if state.is_fully_invoiced()? {
            errors.push(RuleCode::ChangeOnInvoicedOrder);
        }
        if state.changes.len() >= MAX_CHANGES {
            errors.push(RuleCode::ChangeLimitReached);
        }
        let available = state.units_available()?;
        let invoiced_units = state.units_invoiced()?;
        for (id, quantity) in units_by_id(&change.items_removed)? {
            let Some(&units) = available.get(id) else {
                errors.push(RuleCode::UnknownItem);
                continue;
            };
            if quantity > units {
                errors.push(RuleCode::ItemQuantityExceeded);
            }
            let invoiced = invoiced_units.get(id).copied().unwrap_or(0);
            if invoiced > 0 && quantity > units.saturating_sub(invoiced) {
                errors.push(RuleCode::ItemAlreadyInvoiced);
            }
        }
        // Checks that need the delta are skipped once its amounts are negative.
        let mut shortfall = zero;
        let delta = change.delta()?;
        let new_value = value.plus(delta)?;
        if !negative {
            if change.discount.unwrap_or(zero) >= value || new_value <= zero {
                errors.push(RuleCode::ChangeExceedsOrderValue);
            }
            if new_value < invoiced {
                errors.push(RuleCode::ChangeBelowInvoiced);
            }
            if delta.is_zero() && change.items_added.is_empty() && change.items_removed.is_empty() {
                errors.push(RuleCode::ChangeEmpty);
            }
            if delta > zero {
                shortfall = self.shortfall(new_value)?;
                let can_grow = state
                    .transaction
                    .payments
                    .iter()
                    .any(|p| p.group.can_grow());
                if shortfall > zero && !can_grow {
                    errors.push(RuleCode::IncreaseNotAllowed);
                }
            }
        }
        if !errors.is_empty() {
            return Ok(Verdict::Rejected(errors));
        }

        self.after.changes.push(change.clone());
        self.after.value = new_value;
        if delta < zero {
            // A decrease cancels what is still open first, then refunds the rest out of what
            // was settled.
            let decrease = zero.minus(delta)?;
            let open = self.total(Payment::room)?;
            let cancel = decrease.min(open);
            self.cancel(cancel)?;
            self.refund(decrease.minus(cancel)?)?;
        } else if shortfall > zero {
            self.increase(shortfall)?;
        }
        if invoiced == new_value && new_value > zero {
            // VTEX's documented close-out of a partially invoiced order: a discount of V − I.
            self.close_out()?;
        }
        Ok(Verdict::Accepted)
    }

    /// What the authorization lacks to cover the new value: V' − Σ(A − C) − newCharges, never
    /// negative. The increases already charged in separate transactions count as covered
    /// (**policy**: the spec's Σ(A − C) ≥ V' would charge them twice).
    fn shortfall(&self, new_value: Decimal) -> Result<Decimal, Overflow> {
        let authorized = self.total(|p| p.value.minus(p.cancelled))?;
        let covered = authorized.plus(self.before.transaction.new_charges)?;
        excess(new_value, covered)
    }

    /// An increase: the whole shortfall grows the first payment (list order) that can take
    /// it; else it is a new charge in a separate transaction (semantics.md 6.3). Never split.
    fn increase(&mut self, shortfall: Decimal) -> Result<(), Overflow> {
        let mut chosen = None;
        for (i, p) in self.after.transaction.payments.iter().enumerate() {
            let fits = match p.connector.max_value {
                Some(max) => p.value.plus(shortfall)? <= max,
                None => true,
            };
            if p.group.can_grow() && p.connector.value_increase && !p.is_resolved()? && fits {
                chosen = Some(i);
                break;
            }
        }
        if let Some(p) = chosen.and_then(|i| self.after.transaction.payments.get_mut(i)) {
            p.value = p.value.plus(shortfall)?;
            self.events.push(Event {
                kind: EventKind::AuthorizationIncreased,
                payment_id: Some(p.id.clone()),
                amount: shortfall,
            });
        } else {
            let tx = &mut self.after.transaction;
            tx.new_charges = tx.new_charges.plus(shortfall)?;
            self.new_charge = shortfall;
            self.events.push(Event {
                kind: EventKind::NewTransaction,
                payment_id: None,
                amount: shortfall,
            });
            self.warn(WarningCode::NewTransactionForIncrease, None);
        }
        Ok(())
    }

    // ----- 6.4 Cancellation ---------------------------------------------------------------

    fn cancel_order(&mut self) -> Result<Verdict, Overflow> {
        let state = self.before;
        let mut errors = Vec::new();
        let has_output = state.invoices.iter().any(|i| i.kind == InvoiceType::Output);
        if has_output || state.status == OrderStatus::Invoiced {
            errors.push(RuleCode::CancelAfterInvoice);
        }
        if state.status == OrderStatus::Canceled {
            errors.push(RuleCode::OrderAlreadyCanceled);
        }
        if !errors.is_empty() {
            return Ok(Verdict::Rejected(errors));
        }
        // Refund everything settled net first, then cancel everything open: a hold-mode
        // payment then releases instead of capturing and refunding.
        let settled_net = self.total(Payment::net_settled)?;
        self.refund(settled_net)?;
        self.cancel_all_open()?;
        self.after.status = OrderStatus::Canceled;
        self.after.transaction.status = TransactionStatus::Canceled;
        Ok(Verdict::Accepted)
    }

    // ----- Shared moves -------------------------------------------------------------------

    /// A settlement or a cancellation of `amount` (nothing when zero), split over the
    /// payments' gateway-open amounts by the split policy (semantics.md section 5).
    fn place(&mut self, request: Request, amount: Decimal) -> Result<(), Overflow> {
        if amount > Decimal::ZERO {
            let split = split::settle_or_cancel(
                amount,
                &self.after.transaction.payments,
                self.options.split,
                self.currency(),
            )?;
            self.record(split, request)?;
        }
        Ok(())
    }

    /// A cancellation of what is gateway-open, in split-policy order.
    fn cancel(&mut self, amount: Decimal) -> Result<(), Overflow> {
        self.place(Request::Cancel, amount)
    }

    /// A refund out of what is settled net (S − R), in refund order (semantics.md section 5).
    fn refund(&mut self, amount: Decimal) -> Result<(), Overflow> {
        if amount > Decimal::ZERO {
            let split = split::refund(
                amount,
                &self.after.transaction.payments,
                self.options.refund_order,
            )?;
            self.record(split, Request::Refund)?;
        }
        Ok(())
    }

    /// The close-out: the order is now fully invoiced, and whatever is still gateway-open is
    /// cancelled in the same operation (semantics.md 6.1, 6.3).
    fn close_out(&mut self) -> Result<(), Overflow> {
        self.after.status = OrderStatus::Invoiced;
        self.cancel_all_open()
    }

    /// Cancels whatever is still gateway-open on every payment.
    fn cancel_all_open(&mut self) -> Result<(), Overflow> {
        let open = self.total(Payment::room)?;
        self.cancel(open)
    }

    fn total(
        &self,
        figure: impl Fn(&Payment) -> Result<Decimal, Overflow>,
    ) -> Result<Decimal, Overflow> {
        let mut total = Decimal::ZERO;
        for p in &self.after.transaction.payments {
            total = total.plus(figure(p)?)?;
        }
        Ok(total)
    }

    /// Records the parts of a split as gateway requests, payment by payment in split order.
    fn record(&mut self, split: Split, request: Request) -> Result<(), Overflow> {
        for (i, amount) in split.parts {
            let mode = self.modes.get(i).copied().unwrap_or(Mode::Total);
            let Some(payment) = self.after.transaction.payments.get_mut(i) else {
                continue;
            };
            let reaction = gateway::record(payment, request, amount, mode, &mut self.events)?;
            let id = payment.id.clone();
            if reaction.held {
                self.warn(WarningCode::HeldByGateway, Some(&id));
            }
            if reaction.overcapture_refunded {
                self.warn(WarningCode::OvercaptureRefunded, Some(&id));
            }
        }
        if split.unplaced > Decimal::ZERO {
            self.warn(WarningCode::AmountNotPlaced, None);
        }
        Ok(())
    }

    // ----- The outcome --------------------------------------------------------------------

    fn finish(mut self, verdict: Verdict) -> Result<Applied, Overflow> {
        match verdict {
            Verdict::Rejected(codes) => {
                let errors = codes
                    .into_iter()
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .map(|code| RuleError {
                        code,
                        message: code.message().to_string(),
                    })
                    .collect();
                let outcome = self.outcome(self.before, false, errors, Vec::new())?;
                Ok(Applied {
                    outcome,
                    state: None,
                })
            }
            Verdict::Replay(code) => {
                let warning = Warning {
                    code,
                    message: code.message().to_string(),
                    payment_id: None,
                };
                let outcome = self.outcome(self.before, true, Vec::new(), vec![warning])?;
                Ok(Applied {
                    outcome,
                    state: None,
                })
            }
            Verdict::Accepted => {
                // An increase may not take the order beyond the amount range: the new state
                // must read back (|amount| < 10^15, lib.rs "Limits").
                if !amounts_in_range(&self.after) {
                    return Err(Overflow);
                }
                let refused = self.refund_not_supported()?;
                if refused {
                    let error = RuleError {
                        code: RuleCode::RefundNotSupported,
                        message: RuleCode::RefundNotSupported.message().to_string(),
                    };
                    let outcome = self.outcome(self.before, false, vec![error], Vec::new())?;
                    return Ok(Applied {
                        outcome,
                        state: None,
                    });
                }
                self.mode_warnings()?;
                self.after.transaction.status = self.after.judged_transaction_status()?;
                self.after.rescale_amounts();
                let warnings = std::mem::take(&mut self.warnings);
                let outcome = self.outcome(&self.after, true, Vec::new(), warnings)?;
                Ok(Applied {
                    outcome,
                    state: Some(self.after),
                })
            }
        }
    }

    /// `REFUND_NOT_SUPPORTED`: on a connector without partial refunds, any provider refund in
    /// this operation must be the whole net charged amount at once (captures of this same
    /// operation included).
    fn refund_not_supported(&self) -> Result<bool, Overflow> {
        let pairs = self
            .before
            .transaction
            .payments
            .iter()
            .zip(&self.after.transaction.payments);
        for (before, after) in pairs {
            if after.connector.partial_refund {
                continue;
            }
            let refunded = after.provider_refunded.minus(before.provider_refunded)?;
            let chargeable = after.captured.minus(before.provider_refunded)?;
            if refunded > Decimal::ZERO && refunded < chargeable {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// `TOTAL_CAPTURE`, `LEGACY_CONNECTOR` and `MIXED_MODES_USE_TOTAL`, read off the ledgers.
    fn mode_warnings(&mut self) -> Result<(), Overflow> {
        let mut found = Vec::new();
        let pairs = self
            .before
            .transaction
            .payments
            .iter()
            .zip(&self.after.transaction.payments);
        for ((before, after), mode) in pairs.zip(&self.modes) {
            let settled = after.settled.minus(before.settled)?;
            let captured = after.captured.minus(before.captured)?;
            if *mode == Mode::Total && captured > settled {
                found.push((WarningCode::TotalCapture, after.id.clone()));
            }
            if after.connector.protocol == crate::payment::Protocol::Legacy
                && settled > Decimal::ZERO
            {
                found.push((WarningCode::LegacyConnector, after.id.clone()));
            }
        }
        for (code, id) in found {
            self.warn(code, Some(&id));
        }
        if self.mixed {
            self.warn(WarningCode::MixedModesUseTotal, None);
        }
        Ok(())
    }

    fn outcome(
        &self,
        after: &OrderState,
        accepted: bool,
        errors: Vec<RuleError>,
        warnings: Vec<Warning>,
    ) -> Result<Outcome, Overflow> {
        let currency = self.currency();
        let at = |mut d: Decimal| {
            d.rescale(currency.minor_units());
            d
        };
        let mut payments = Vec::with_capacity(after.transaction.payments.len());
        let mut provider = Figures::default();
        let mut gateway = Figures::default();
        let pairs = self
            .before
            .transaction
            .payments
            .iter()
            .zip(&after.transaction.payments);
        for (b, a) in pairs {
            let p = Figures {
                settle: a.captured.minus(b.captured)?,
                cancel: a.voided.minus(b.voided)?,
                refund: a.provider_refunded.minus(b.provider_refunded)?,
                open: a.provider_open()?,
            };
            let g = Figures {
                settle: a.settled.minus(b.settled)?,
                cancel: a.cancelled.minus(b.cancelled)?,
                refund: a.refunded.minus(b.refunded)?,
                open: a.gateway_open()?,
            };
            for (total, part) in [(&mut provider, &p), (&mut gateway, &g)] {
                total.settle = total.settle.plus(part.settle)?;
                total.cancel = total.cancel.plus(part.cancel)?;
                total.refund = total.refund.plus(part.refund)?;
                total.open = total.open.plus(part.open)?;
            }
            payments.push(PaymentFigures {
                id: a.id.clone(),
                provider: scaled(p, at),
                gateway: scaled(g, at),
            });
        }
        let events = if accepted {
            self.events
                .iter()
                .cloned()
                .map(|mut e| {
                    e.amount = at(e.amount);
                    e
                })
                .collect()
        } else {
            Vec::new()
        };
        Ok(Outcome {
            accepted,
            errors,
            warnings,
            provider: scaled(provider, at),
            new_charge: at(self.new_charge),
            gateway: scaled(gateway, at),
            payments,
            order: OrderFigures {
                value_before: at(self.before.value),
                value_after: at(after.value),
                invoiced_before: at(self.before.invoiced()?),
                invoiced_after: at(after.invoiced()?),
                returned_after: at(after.returned()?),
                remaining_to_invoice: at(after.remaining_to_invoice()?),
                status_before: self.before.status,
                status_after: after.status,
            },
            transaction_status: after.transaction.status,
            events,
        })
    }
}

/// Whether the amounts an operation can grow (the order value, the new charges, each payment's
/// authorization) stay below 10^15, the largest amount the state may hold.
fn amounts_in_range(state: &OrderState) -> bool {
    let limit = Decimal::new(1_000_000_000_000_000, 0);
    let payments = state.transaction.payments.iter().map(|p| p.value);
    [state.value, state.transaction.new_charges]
        .into_iter()
        .chain(payments)
        .all(|a| a < limit)
}

fn scaled(f: Figures, at: impl Fn(Decimal) -> Decimal) -> Figures {
    Figures {
        settle: at(f.settle),
        cancel: at(f.cancel),
        refund: at(f.refund),
        open: at(f.open),
    }
}
