//! Checks an operation and moves the money (semantics.md sections 6 and 7).
//!
//! [`apply`] is the one place where operations meet the state: it checks every rule first (a
//! rejected operation changes nothing and reports every rule it breaks), then records the
//! gateway requests payment by payment ([`crate::gateway`]), then reads the outcome off the
//! difference between the ledgers before and after. `preview` is `apply` without keeping the
//! new state, so the two can never disagree.
//!
//! One file per operation: `invoice` (6.1), `returns` (6.2), `change` (6.3), `cancel` (6.4);
//! the moves they share (placing a settlement or a cancellation, refunding,
//! the close-out, recording the gateway requests, the mode warnings) live in `moves`.
//!
//! Every step writes its line of the outcome's explanation ([`crate::explain`]) as it takes
//! it: a rule broken (with the numbers), a gateway request, what the provider did and why, the
//! context that decided it. A rejection keeps only the lines of the rules it breaks; a replay
//! has one line.

mod cancel;
mod change;
mod invoice;
mod moves;
mod returns;

use crate::codes::{RuleCode, WarningCode};
use crate::explain::{Explainer, LinesText};
use crate::json_text::JsonText;
use crate::money::{positive, short, Checked, Currency, Overflow};
use crate::operation::{InvoiceRequest, Operation, Options};
use crate::order::{
    self, Change, ChangeApi, Invoice, InvoiceType, OrderState, OrderStatus, Transaction,
    TransactionStatus,
};
use crate::outcome::{
    Event, Explanation, Figures, Form, Lines, OrderFigures, Outcome, PaymentFigures, PaymentRows,
    RuleError, Warning, Writer,
};
use crate::payment::{Mode, Payment};
use rust_decimal::Decimal;

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
    let mixed = mixed_modes(payments);
    let modes = payments.iter().map(|p| effective_mode(p, mixed)).collect();
    (modes, mixed)
}

/// Whether the payments' own modes differ ([`effective_modes`]' second half, without the list).
fn mixed_modes(payments: &[Payment]) -> bool {
    let mut own = payments.iter().map(|p| p.connector.own_mode());
    let first = own.next();
    own.any(|mode| Some(mode) != first)
}

/// A payment's effective mode when the payments' modes are `mixed` or not ([`effective_modes`]).
fn effective_mode(payment: &Payment, mixed: bool) -> Mode {
    if mixed {
        Mode::Total
    } else {
        payment.connector.own_mode()
    }
}

/// Applies one operation to a state: checks it, moves the money, and tells what it did.
pub fn apply(
    state: &OrderState,
    operation: &Operation,
    options: &Options,
) -> Result<Applied, Overflow> {
    let effect = run(state, operation, options)?;
    Ok(Applied {
        outcome: effect.outcome,
        state: effect.delta.map(|delta| {
            let mut after = state.clone();
            delta.apply_to(&mut after);
            after
        }),
    })
}

/// What an operation does to a state, without building the state after it: the outcome and,
/// for an accepted operation that changes something, the [`Delta`]. A preview is this alone (no
/// copy of the order); a `Ledger` applies the delta to its own state in place.
pub fn run(
    state: &OrderState,
    operation: &Operation,
    options: &Options,
) -> Result<Effect, Overflow> {
    run_with(state, operation, options, true, None, None)
}

/// [`run`] with what a change reads off every change before it given: the order's original
/// value ([`OrderState::original_value`]) and whether a change has its request id, for a
/// replay that carries both across its steps (`OrderState::original_value_carried`: issue
/// 20, step 28); a change reads them where [`run`] computes them.
pub(crate) fn run_given_original(
    state: &OrderState,
    operation: &Operation,
    options: &Options,
    original: Result<Decimal, Overflow>,
    repeated: bool,
) -> Result<Effect, Overflow> {
    run_with(
        state,
        operation,
        options,
        true,
        None,
        Some((original, repeated)),
    )
}

/// What an operation would do to a state: [`run`]'s outcome alone. A preview keeps no delta,
/// so the invoice or change the operation adds is never copied out of it (an invoice listing
/// 10 items is 10 item ids and a list: issue 20).
pub fn outcome_of(
    state: &OrderState,
    operation: &Operation,
    options: &Options,
) -> Result<Outcome, Overflow> {
    run_with(state, operation, options, false, None, None).map(|effect| effect.outcome)
}

/// An outcome's JSON text written straight from the engine's run ([`text_of`], [`run_text`]),
/// with the buffers it is written with, kept from one run to the next (the WebAssembly
/// bindings keep one): the text of [`Outcome::write_json`], byte for byte, without the
/// `Outcome`'s copies of each payment's id nor its explanation's `String`s (issue 20). Or,
/// once told ([`OutcomeText::set_form`]), the outcome's tokens, the bytes of
/// [`Outcome::write`] in [`Form::Tokens`], which the WebAssembly bindings' JavaScript builds
/// the outcome's object from (issue 20, step 29: no `JSON.parse`).
#[derive(Debug, Default)]
pub struct OutcomeText {
    /// The outcome's text.
    text: JsonText,
    /// The form it is written in.
    form: Form,
    /// The explanation's lines, written as the run goes.
    lines: LinesText,
    /// Each payment's provider and gateway figures.
    rows: Vec<(Figures, Figures)>,
}

impl OutcomeText {
    /// The next outcomes are written in `form` (JSON unless told).
    pub fn set_form(&mut self, form: Form) {
        self.form = form;
    }

    /// The form the outcomes are written in.
    pub fn form(&self) -> Form {
        self.form
    }

    /// The last outcome's text.
    pub fn json(&self) -> &JsonText {
        &self.text
    }

    /// The length of the last outcome's text, in bytes (a caller keeps the buffers while it is
    /// small).
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// Whether no text is written.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// [`outcome_of`]'s outcome as its JSON text, written into `out` ([`OutcomeText`]).
pub fn text_of(
    state: &OrderState,
    operation: &Operation,
    options: &Options,
    out: &mut OutcomeText,
) -> Result<(), Overflow> {
    run_with(state, operation, options, false, Some(out), None).map(|_| ())
}

/// [`run`] with its outcome written as JSON text into `out` ([`OutcomeText`]): the delta alone
/// is returned.
pub fn run_text(
    state: &OrderState,
    operation: &Operation,
    options: &Options,
    out: &mut OutcomeText,
) -> Result<Option<Delta>, Overflow> {
    run_with(state, operation, options, true, Some(out), None).map(|effect| effect.delta)
}

/// A run, its outcome built as a value, or written as text into `text` (the value then has
/// neither payments nor explanation). `given`: a change's original value and whether its
/// request id is taken, carried by the caller ([`run_given_original`]; a `Ledger` carries them
/// beside its state for each of its four calls: issue 20, step 30).
pub(crate) fn run_with(
    state: &OrderState,
    operation: &Operation,
    options: &Options,
    keep_delta: bool,
    mut text: Option<&mut OutcomeText>,
    given: Option<(Result<Decimal, Overflow>, bool)>,
) -> Result<Effect, Overflow> {
    // The lines as text into the kept buffers, or as values.
    let ex = match text.as_deref_mut() {
        Some(out) => {
            let mut lines = std::mem::take(&mut out.lines);
            lines.set_form(out.form);
            Explainer::writing_text(state.currency, options.explain, lines)
        }
        None => Explainer::new(state.currency, options.explain),
    };
    let mut run = Run::new(state, *options, ex);
    run.after.keep = keep_delta;
    run.section = match operation {
        Operation::Invoice(_) => "6.1",
        Operation::Return(_) => "6.2",
        Operation::Change(_) => "6.3",
        Operation::Cancel { .. } => "6.4",
    };
    run.change_v2 = matches!(operation, Operation::Change(c) if c.api == ChangeApi::V2);
    run.given = given;
    let verdict = match operation {
        Operation::Invoice(invoice) => run.invoice(invoice)?,
        Operation::Return(invoice) => run.return_items(invoice)?,
        Operation::Change(change) => run.change(change)?,
        Operation::Cancel { .. } => run.cancel_order()?,
    };
    run.finish(verdict, text)
}

/// The result of [`run`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effect {
    /// What the operation does.
    pub outcome: Outcome,
    /// What it changes in the state; `None` when nothing changed (a rejection or a replay).
    pub delta: Option<Delta>,
}

/// What an accepted operation changes in a state: the figures it can move (the status, the
/// value, the transaction) and what it adds (an invoice, a change). An operation never touches
/// the items or the earlier invoices and changes, so the state after it is the state before
/// with these written in: a copy-on-write of the parts an operation changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delta {
    status: OrderStatus,
    value: Decimal,
    transaction: Transaction,
    invoices: Vec<Invoice>,
    changes: Vec<Change>,
}

impl Delta {
    /// Writes the change into `state` (the state the operation ran on).
    pub fn apply_to(self, state: &mut OrderState) {
        state.status = self.status;
        state.value = self.value;
        state.transaction = self.transaction;
        state.invoices.extend(self.invoices);
        state.changes.extend(self.changes);
    }
}

/// The state an operation is building, over the state before it (see [`Delta`]): the moves
/// write here, and the outcome reads the figures after off it.
struct Draft<'a> {
    before: &'a OrderState,
    status: OrderStatus,
    value: Decimal,
    transaction: Transaction,
    /// The invoices the operation adds (only when [`Draft::keep`]).
    invoices: Vec<Invoice>,
    /// The changes the operation adds (only when [`Draft::keep`]).
    changes: Vec<Change>,
    /// The value of the output invoices the operation adds (I after = I before + this).
    added_output: Decimal,
    /// The value of the returns the operation adds.
    added_input: Decimal,
    /// Whether the invoices and changes added are recorded for the [`Delta`] (`apply`); a
    /// preview only needs their sums.
    keep: bool,
    /// I and the returns before the operation, summed once over the order's invoices (an
    /// outcome reads I before, I after and what is left to invoice, a close-out I again).
    invoiced_before: Result<Decimal, Overflow>,
    returned_before: Result<Decimal, Overflow>,
}

impl<'a> Draft<'a> {
    /// Nothing changed yet.
    fn of(before: &'a OrderState) -> Self {
        Draft {
            before,
            status: before.status,
            value: before.value,
            transaction: before.transaction.clone(),
            invoices: Vec::new(),
            changes: Vec::new(),
            added_output: Decimal::ZERO,
            added_input: Decimal::ZERO,
            keep: true,
            invoiced_before: before.invoiced(),
            returned_before: before.returned(),
        }
    }

    /// Adds the invoice `request` records as `kind`.
    fn add_invoice(&mut self, request: &InvoiceRequest, kind: InvoiceType) -> Result<(), Overflow> {
        let added = match kind {
            InvoiceType::Output => &mut self.added_output,
            InvoiceType::Input => &mut self.added_input,
        };
        *added = added.plus(request.value)?;
        if self.keep {
            self.invoices.push(request.recorded_as(kind));
        }
        Ok(())
    }

    /// Adds a change.
    fn add_change(&mut self, change: &Change) {
        if self.keep {
            self.changes.push(change.clone());
        }
    }

    /// I after the operation.
    fn invoiced(&self) -> Result<Decimal, Overflow> {
        self.invoiced_before?.plus(self.added_output)
    }

    /// The returns after the operation.
    fn returned(&self) -> Result<Decimal, Overflow> {
        self.returned_before?.plus(self.added_input)
    }

    fn is_fully_invoiced(&self) -> Result<bool, Overflow> {
        order::fully_invoiced(self.status, self.value, || self.invoiced())
    }

    fn remaining_to_invoice(&self) -> Result<Decimal, Overflow> {
        order::remaining_to_invoice(self.status, self.value, || self.invoiced())
    }

    fn judged_transaction_status(&self) -> Result<TransactionStatus, Overflow> {
        self.transaction.judged_status(|| self.is_fully_invoiced())
    }

    /// See [`OrderState::rescale_amounts`].
    fn rescale_amounts(&mut self) {
        let scale = self.before.currency.minor_units();
        self.value.rescale(scale);
        self.transaction.rescale_amounts(scale);
    }

    fn into_delta(self) -> Delta {
        Delta {
            status: self.status,
            value: self.value,
            transaction: self.transaction,
            invoices: self.invoices,
            changes: self.changes,
        }
    }
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
    after: Draft<'a>,
    options: Options,
    /// The payments' modes differ: each behaves as total ([`effective_modes`], read payment by
    /// payment by [`Run::mode`]: no list per preview, issue 20).
    mixed: bool,
    events: Vec<Event>,
    warnings: Vec<Warning>,
    new_charge: Decimal,
    /// The explanation, line by line.
    ex: Explainer,
    /// The section of semantics.md of the operation (the `rule` of its gateway requests).
    section: &'static str,
    /// Payments whose mode line is written (bit i for payment i; payments ≤ 100).
    mode_told: u128,
    /// Payments whose `LEGACY_CONNECTOR` line is written.
    legacy_told: u128,
    /// Payments a gateway request was recorded on (bit i for payment i, [`Run::record`]): the
    /// only moves of a payment's six ledger figures (`gateway::record`). The outcome computes
    /// the settled, cancelled and refunded figures of these alone; the others' are zero.
    touched: u128,
    /// The operation is a Change v2 (Order modifications): a refund on a settled payment then
    /// needs a connector with partial refunds (see [`Run::refund_not_supported`]).
    change_v2: bool,
    /// The order's original value and whether the change's request id is taken, when the
    /// caller carries them ([`run_given_original`]).
    given: Option<(Result<Decimal, Overflow>, bool)>,
}

impl<'a> Run<'a> {
    fn new(before: &'a OrderState, options: Options, ex: Explainer) -> Self {
        Run {
            before,
            after: Draft::of(before),
            options,
            mixed: mixed_modes(&before.transaction.payments),
            events: Vec::new(),
            warnings: Vec::new(),
            new_charge: Decimal::ZERO,
            ex,
            section: "6",
            mode_told: 0,
            legacy_told: 0,
            touched: 0,
            change_v2: false,
            given: None,
        }
    }

    /// A broken rule, and the line that says why.
    fn broken(&mut self, errors: &mut Vec<RuleCode>, code: RuleCode, why: std::fmt::Arguments<'_>) {
        errors.push(code);
        self.ex.say(code, self.section, None, why);
    }

    /// A replay: nothing moves, and this warning (with its line) is the only one.
    fn replay(&mut self, code: WarningCode, why: std::fmt::Arguments<'_>) -> Verdict {
        self.ex.say(code, self.section, None, why);
        Verdict::Replay(code)
    }

    /// The effective mode of payment `i` ([`effective_modes`]; total past the list).
    fn mode(&self, i: usize) -> Mode {
        self.before
            .transaction
            .payments
            .get(i)
            .map_or(Mode::Total, |p| effective_mode(p, self.mixed))
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

    // ----- The outcome --------------------------------------------------------------------

    /// The outcome, as a value or written as text into `text` ([`OutcomeText`]: the value then
    /// has neither payments nor explanation), and the delta of an accepted operation.
    fn finish(
        mut self,
        verdict: Verdict,
        mut text: Option<&mut OutcomeText>,
    ) -> Result<Effect, Overflow> {
        // Whether the operation moved anything: the outcome is then read off the draft, and
        // its delta kept.
        let (accepted, errors, warnings, moved) = match verdict {
            Verdict::Rejected(codes) => {
                // Each code once, in code order (a sorted insert: a handful of codes, and no
                // set type of its own in the .wasm).
                let mut sorted = Vec::with_capacity(codes.len());
                for code in codes {
                    if let Err(at) = sorted.binary_search(&code) {
                        sorted.insert(at, code);
                    }
                }
                let errors = sorted
                    .into_iter()
                    .map(|code| RuleError {
                        code,
                        message: code.message().to_string(),
                    })
                    .collect();
                (false, errors, Vec::new(), false)
            }
            Verdict::Replay(code) => {
                let warning = Warning {
                    code,
                    message: code.message().to_string(),
                    payment_id: None,
                };
                (true, Vec::new(), vec![warning], false)
            }
            Verdict::Accepted => {
                // An increase may not take the order beyond the amount range: the new state
                // must read back (|amount| < 10^15, lib.rs "Limits").
                if !amounts_in_range(&self.after) {
                    return Err(Overflow);
                }
                if self.refund_not_supported()? {
                    let error = RuleError {
                        code: RuleCode::RefundNotSupported,
                        message: RuleCode::RefundNotSupported.message().to_string(),
                    };
                    (false, vec![error], Vec::new(), false)
                } else {
                    self.mode_warnings()?;
                    self.after.transaction.status = self.after.judged_transaction_status()?;
                    self.after.rescale_amounts();
                    // The events, written at the currency's digits.
                    let digits = self.currency().minor_units();
                    for event in &mut self.events {
                        if event.amount.scale() != digits {
                            event.amount.rescale(digits);
                        }
                    }
                    (true, Vec::new(), std::mem::take(&mut self.warnings), true)
                }
            }
        };
        let explain = self.ex.take();
        let unmoved;
        let after = if moved {
            &self.after
        } else {
            unmoved = Draft::of(self.before);
            &unmoved
        };
        // The payments' figures, into the kept rows of a text.
        let mut rows = match &mut text {
            Some(out) => std::mem::take(&mut out.rows),
            None => Vec::new(),
        };
        rows.clear();
        let mut outcome = self.outcome(after, accepted, errors, warnings, explain, &mut rows)?;
        if moved {
            // Moved (not copied) in.
            outcome.events = std::mem::take(&mut self.events);
        }
        let payments = &after.transaction.payments;
        match text {
            Some(out) => {
                let (lines, count) = self.ex.text_lines();
                out.text.clear();
                let figures = RunRows {
                    payments,
                    figures: &rows,
                };
                let mut w = Writer {
                    w: &mut out.text,
                    form: out.form,
                };
                outcome.write_with(&mut w, &figures, Lines::Text(lines, count));
                out.lines = self.ex.take_text();
                out.rows = rows;
            }
            None => {
                outcome.payments = Vec::with_capacity(rows.len());
                for ((provider, gateway), payment) in rows.into_iter().zip(payments) {
                    outcome.payments.push(PaymentFigures {
                        id: payment.id.clone(),
                        provider,
                        gateway,
                    });
                }
            }
        }
        let delta = if moved {
            Some(self.after.into_delta())
        } else {
            None
        };
        Ok(Effect { outcome, delta })
    }

    /// `REFUND_NOT_SUPPORTED`: on a connector without partial refunds, any provider refund in
    /// this operation must be the whole net charged amount at once (captures of this same
    /// operation included). When refused, the explanation is only why, payment by payment.
    ///
    /// A Change v2 (Order modifications) that refunds a settled payment at all needs a
    /// connector with partial refunds, whole or not: "to modify an order whose payment has
    /// already been settled … the connector must allow partial refunds" (vtex-notes 5.2, S10,
    /// S1 "Adyen is currently the only payment connector that supports this operation").
    fn refund_not_supported(&mut self) -> Result<bool, Overflow> {
        let mut refused = false;
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
            if self.change_v2 {
                let reversed = after.refunded.minus(before.refunded)?;
                if positive(reversed) || positive(refunded) {
                    if !refused {
                        self.ex.clear();
                        refused = true;
                    }
                    let amount = self.ex.m(reversed.max(refunded));
                    self.ex.say(
                        RuleCode::RefundNotSupported,
                        "6.3",
                        Some(&after.id),
                        format_args!(
                            "Order modifications (v2) reverse a settled payment only through a \
                             connector with partial refunds; the connector of {} has none, and \
                             this change needs a refund of {amount} there.",
                            after.id
                        ),
                    );
                }
                continue;
            }
            if positive(refunded) && refunded < chargeable {
                if !refused {
                    self.ex.clear();
                    refused = true;
                }
                let (whole, needed) = (self.ex.m(chargeable), self.ex.m(refunded));
                self.ex.say(
                    RuleCode::RefundNotSupported,
                    "4",
                    Some(&after.id),
                    format_args!(
                        "The connector of {} refunds only the whole net charged amount, {whole}, \
                         at once; this operation needs a provider refund of {needed} there.",
                        after.id
                    ),
                );
            }
        }
        Ok(refused)
    }

    fn outcome(
        &self,
        after: &Draft,
        accepted: bool,
        errors: Vec<RuleError>,
        warnings: Vec<Warning>,
        explain: Vec<Explanation>,
        rows: &mut Vec<(Figures, Figures)>,
    ) -> Result<Outcome, Overflow> {
        let currency = self.currency();
        let digits = currency.minor_units();
        let at = |d: Decimal| at_digits(d, digits);
        let mut provider = Figures::default();
        let mut gateway = Figures::default();
        let pairs = self
            .before
            .transaction
            .payments
            .iter()
            .zip(&after.transaction.payments);
        // The figures moved are read off the payments a request was recorded on; a payment
        // no request reached moved nothing (issue 20: 36 sums and differences for two
        // payments became 16).
        for (i, (b, a)) in pairs.enumerate() {
            let mut p = Figures {
                open: a.provider_open()?,
                ..Figures::default()
            };
            let mut g = Figures {
                open: a.gateway_open()?,
                ..Figures::default()
            };
            if moved(self.touched, i) {
                p.settle = a.captured.minus(b.captured)?;
                p.cancel = a.voided.minus(b.voided)?;
                p.refund = a.provider_refunded.minus(b.provider_refunded)?;
                g.settle = a.settled.minus(b.settled)?;
                g.cancel = a.cancelled.minus(b.cancelled)?;
                g.refund = a.refunded.minus(b.refunded)?;
                for (total, part) in [(&mut provider, &p), (&mut gateway, &g)] {
                    total.settle = total.settle.plus(part.settle)?;
                    total.cancel = total.cancel.plus(part.cancel)?;
                    total.refund = total.refund.plus(part.refund)?;
                }
            }
            provider.open = provider.open.plus(p.open)?;
            gateway.open = gateway.open.plus(g.open)?;
            rows.push((scaled(p, digits), scaled(g, digits)));
        }
        Ok(Outcome {
            accepted,
            errors,
            warnings,
            provider: scaled(provider, digits),
            new_charge: at(self.new_charge),
            gateway: scaled(gateway, digits),
            // The payments' figures are in `rows`, beside the ids of `after`'s payments.
            payments: Vec::new(),
            order: OrderFigures {
                value_before: at(self.before.value),
                value_after: at(after.value),
                invoiced_before: at(after.invoiced_before?),
                invoiced_after: at(after.invoiced()?),
                returned_after: at(after.returned()?),
                remaining_to_invoice: at(after.remaining_to_invoice()?),
                status_before: self.before.status,
                status_after: after.status,
            },
            transaction_status: after.transaction.status,
            // An accepted outcome's events are moved in by `finish`.
            events: Vec::new(),
            explain,
        })
    }
}

/// The payments of a run's outcome as its text reads them: each figure beside the id of the
/// payment it is of ([`OutcomeText`]).
struct RunRows<'a> {
    payments: &'a [Payment],
    figures: &'a [(Figures, Figures)],
}

impl PaymentRows for RunRows<'_> {
    fn row(&self, i: usize) -> Option<(&str, &Figures, &Figures)> {
        let (provider, gateway) = self.figures.get(i)?;
        Some((self.payments.get(i)?.id.as_str(), provider, gateway))
    }

    fn len(&self) -> usize {
        self.payments.len().min(self.figures.len())
    }
}

/// Whether the amounts an operation can grow (the order value, the new charges, each payment's
/// authorization) stay below 10^15, the largest amount the state may hold.
fn amounts_in_range(state: &Draft) -> bool {
    let limit = Decimal::new(1_000_000_000_000_000, 0);
    let payments = state.transaction.payments.iter().map(|p| p.value);
    [state.value, state.transaction.new_charges]
        .into_iter()
        .chain(payments)
        .all(|a| short(&a) || a < limit)
}

/// Whether payment `i` may have moved: its bit in `touched`, or beyond the bits (never: at
/// most 100 payments).
fn moved(touched: u128, i: usize) -> bool {
    u32::try_from(i)
        .ok()
        .and_then(|i| 1_u128.checked_shl(i))
        .map_or(true, |bit| touched & bit != 0)
}

/// `f` at `digits` digits.
fn scaled(f: Figures, digits: u32) -> Figures {
    Figures {
        settle: at_digits(f.settle, digits),
        cancel: at_digits(f.cancel, digits),
        refund: at_digits(f.refund, digits),
        open: at_digits(f.open, digits),
    }
}

/// `d` at `digits` digits: most amounts are there already (the state's were rescaled), and
/// the check is inlined where it is made (issue 20: at `"z"` a call per figure).
#[inline(always)]
fn at_digits(mut d: Decimal, digits: u32) -> Decimal {
    if d.scale() != digits {
        rescale(&mut d, digits);
    }
    d
}

/// A zero (a third of an outcome's figures: `Decimal::ZERO` where nothing moved) only takes
/// the scale, as `rescale` would give it (the same sign and bits), without its work on a
/// mantissa.
#[inline(never)]
fn rescale(d: &mut Decimal, digits: u32) {
    if d.is_zero() && d.set_scale(digits).is_ok() {
        return;
    }
    d.rescale(digits);
}
