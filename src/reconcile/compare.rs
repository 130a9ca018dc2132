//! Expected against recorded, per payment and figure, and the findings that explain each
//! drift (the attribution rules are listed in the module documentation, [`super`]).

use super::records::{total, Action, Kind, Records};
use super::{
    Figures, Finding, FindingCode, PaymentReconciliation, ReconcileOptions, Reconciliation, Status,
};
use crate::codes::{ExplainCode, ReconcileStep};
use crate::engine;
use crate::explain::{group_label, Explainer};
use crate::money::{Checked, Overflow};
use crate::names::Named;
use crate::order::{InvoiceType, OrderState, OrderStatus};
use crate::outcome::{Explanation, Figure, View};
use crate::payment::{Mode, Payment};
use crate::vtex::{Note, NoteCode};
use rust_decimal::Decimal;
use std::fmt;

/// The section of the contract every reconciliation line cites.
const RULE: &str = "api.md 9";

/// Findings as they are found, then ordered: payment by payment, then the order's own.
struct Found {
    list: Vec<Finding>,
    digits: u32,
}

impl Found {
    /// A finding; a second one of the same code on the same payment adds to the first (one
    /// finding per cause and payment).
    fn add(
        &mut self,
        code: FindingCode,
        payment_id: Option<&str>,
        amount: Option<Decimal>,
        message: String,
    ) -> Result<(), Overflow> {
        let amount = amount.map(|mut a| {
            a.rescale(self.digits);
            a
        });
        if let Some(f) = self
            .list
            .iter_mut()
            .find(|f| f.code == code && f.payment_id.as_deref() == payment_id)
        {
            f.amount = match (f.amount, amount) {
                (Some(a), Some(b)) => Some(a.plus(b)?),
                (a, b) => a.or(b),
            };
            f.message.push(' ');
            f.message.push_str(&message);
            return Ok(());
        }
        self.list.push(Finding {
            code,
            severity: code.severity(),
            payment_id: payment_id.map(str::to_string),
            amount,
            message,
        });
        Ok(())
    }
}

/// What one payment's records add up to.
struct Recorded {
    figures: Figures,
    /// Refunds recorded twice (the repeats' values).
    duplicated: Decimal,
    /// Refund entries the connector did not execute: their values, and whether one has no
    /// value (a value of 0: how much it was meant to refund is unknown).
    refund_not_executed: (Decimal, bool),
    /// The same for cancellations.
    cancel_not_executed: (Decimal, bool),
    /// The executed refunds' values and dates.
    refunds: Vec<(Decimal, Option<i128>)>,
}

fn of<'a>(actions: &'a [Action], id: &'a str) -> impl Iterator<Item = &'a Action> + 'a {
    actions.iter().filter(move |a| a.payment_id == id)
}

fn sum(actions: &[Action], id: &str, keep: impl Fn(&Action) -> bool) -> Result<Decimal, Overflow> {
    total(of(actions, id), keep).ok_or(Overflow)
}

/// Executed refunds recorded more than once: the same payment and value, and the same
/// connector operation id, or the same date (an instant: `Z` and `+00:00` are the same), or
/// neither an id nor a date on both (nothing tells them apart). Two refunds of the same value
/// with other ids or dates are two refunds (K6: a second refund of the same value is a real
/// case). Returns the repeats' values.
fn duplicates(actions: &[&Action]) -> Result<Decimal, Overflow> {
    let mut out = Decimal::ZERO;
    for (i, a) in actions.iter().enumerate() {
        let earlier = actions.iter().take(i).any(|b| {
            let same = match (&a.operation_id, &b.operation_id, a.date, b.date) {
                (Some(x), Some(y), _, _) => x == y,
                (_, _, Some(x), Some(y)) => x == y,
                (None, None, None, None) => true,
                _ => false,
            };
            a.value == b.value && same
        });
        if earlier {
            out = out.plus(a.value)?;
        }
    }
    Ok(out)
}

fn not_executed(actions: &[Action], id: &str) -> Result<(Decimal, bool), Overflow> {
    let mut value = Decimal::ZERO;
    let mut unknown = false;
    for a in of(actions, id).filter(|a| !a.executed) {
        value = value.plus(a.value)?;
        unknown |= a.value.is_zero();
    }
    Ok((value, unknown))
}

/// The part of a gateway figure that is this order's when the payment pays its order group:
/// the gateway's `whole` less at most `others` (what the group's other orders can account
/// for), as close to what the rules `expect` as that allows. With `others` 0, the whole.
fn this_orders(whole: Decimal, expect: Decimal, others: Decimal) -> Result<Decimal, Overflow> {
    let least = whole.minus(others)?.max(Decimal::ZERO);
    Ok(expect.max(least).min(whole))
}

/// One payment's recorded figures. `others` is what the order group's other orders authorized
/// on this payment (0 unless the payment pays the group, see [`GroupShare`]); `expected`, the
/// rules' figures, decide how much of the gateway's group-wide figures is this order's.
fn recorded(
    p: &Payment,
    records: &Records,
    cancelled_from_status: bool,
    others: Decimal,
    expected: &Figures,
) -> Result<Recorded, Overflow> {
    let gateway_settled = sum(&records.settlements, &p.id, |_| true)?;
    let settled = this_orders(gateway_settled, expected.settled, others)?;
    // What the group's other orders settled, and what of their authorization is left to them.
    let others_settled = gateway_settled.minus(settled)?;
    let others_left = others.minus(others_settled)?.max(Decimal::ZERO);
    let refunds = records.refund_actions();
    let refunded = this_orders(
        sum(refunds, &p.id, |a| a.executed)?,
        expected.refunded,
        others_settled,
    )?;
    let cancelled = match &records.cancellations {
        Some(list) => this_orders(
            sum(list, &p.id, |a| a.executed)?,
            expected.cancelled,
            others_left,
        )?,
        None if cancelled_from_status => p.value.minus(settled)?.max(Decimal::ZERO),
        None => Decimal::ZERO,
    };
    let open = p.value.minus(settled)?.minus(cancelled)?;
    let executed: Vec<&Action> = of(refunds, &p.id).filter(|a| a.executed).collect();
    Ok(Recorded {
        figures: Figures {
            settled,
            cancelled,
            refunded,
            open,
        },
        duplicated: duplicates(&executed)?,
        refunds: executed.iter().map(|a| (a.value, a.date)).collect(),
        refund_not_executed: not_executed(refunds, &p.id)?,
        cancel_not_executed: match &records.cancellations {
            Some(list) => not_executed(list, &p.id)?,
            None => (Decimal::ZERO, false),
        },
    })
}

/// The gateway's own figures of a payment that pays the order group: what its records add up
/// to for the whole group (settled, cancelled, refunded), of which `this` (the recorded
/// figures, [`recorded`]) is this order's part. Without a cancellations list the cancelled
/// figure comes from the transaction's status and is this order's already.
fn group_wholes(p: &Payment, records: &Records, this: &Figures) -> Result<Figures, Overflow> {
    Ok(Figures {
        settled: sum(&records.settlements, &p.id, |_| true)?,
        cancelled: match &records.cancellations {
            Some(list) => sum(list, &p.id, |a| a.executed)?,
            None => this.cancelled,
        },
        refunded: sum(records.refund_actions(), &p.id, |a| a.executed)?,
        open: this.open,
    })
}

/// How a gateway figure of a payment that pays the order group divides: "of which 805.00
/// this order's and 100.00 the other orders'" (of 905.00, `whole`). The note
/// (`PAYMENTS_PAY_ORDER_GROUP`: "settled 905.00, of which …") and the explanation's recorded
/// lines ("… add up to 905.00 for the order group, of which …") both say it this way, so that
/// neither reads as the other's amount: the line's `amount` is this order's part (section 8:
/// the lines of a figure add up to the result's `recorded`), its text names the group's whole
/// as well.
fn group_split(whole: Decimal, own: Decimal, digits: u32) -> Result<String, Overflow> {
    Ok(format!(
        "of which {} this order's and {} the other orders'",
        ex_amount(own, digits),
        ex_amount(whole.minus(own)?, digits)
    ))
}

/// The note of a payment that pays the order group: the gateway's figures (the group's
/// whole, `wholes`), and how each divides between this order and the group's other orders
/// ([`GroupShare`], [`group_split`]).
fn group_note(
    p: &Payment,
    wholes: &Figures,
    this: &Figures,
    others: Decimal,
    digits: u32,
) -> Result<Note, Overflow> {
    let mut parts = Vec::new();
    for (verb, whole, own) in [
        ("settled", wholes.settled, this.settled),
        ("cancelled", wholes.cancelled, this.cancelled),
        ("refunded", wholes.refunded, this.refunded),
    ] {
        if !whole.is_zero() {
            parts.push(format!(
                "{verb} {}, {}",
                ex_amount(whole, digits),
                group_split(whole, own, digits)?
            ));
        }
    }
    let figures = if parts.is_empty() {
        "nothing settled, cancelled or refunded".to_string()
    } else {
        parts.join("; ")
    };
    Ok(Note {
        code: NoteCode::PaymentsPayOrderGroup,
        path: "transaction.payments".into(),
        message: format!(
            "payment {} pays the order group: {} of it is the other orders' authorization; the gateway's records are the group's: {figures}",
            p.id,
            ex_amount(others, digits)
        ),
    })
}

fn diff(a: Figures, b: Figures) -> Result<Figures, Overflow> {
    Ok(Figures {
        settled: a.settled.minus(b.settled)?,
        cancelled: a.cancelled.minus(b.cancelled)?,
        refunded: a.refunded.minus(b.refunded)?,
        open: a.open.minus(b.open)?,
    })
}

fn rescaled(mut f: Figures, digits: u32) -> Figures {
    for a in [
        &mut f.settled,
        &mut f.cancelled,
        &mut f.refunded,
        &mut f.open,
    ] {
        a.rescale(digits);
    }
    f
}

/// `min(left, cap)` taken from `left`: what a cause explains, and what is left.
fn take(left: &mut Decimal, cap: Decimal) -> Result<Decimal, Overflow> {
    let t = (*left).min(cap).max(Decimal::ZERO);
    *left = left.minus(t)?;
    Ok(t)
}

/// The transaction-level settlement requests against what the rules call for (S3: requests
/// carry no payment id). `shortfall`: what the OMS should have requested and did not (the
/// expected gateway settlements Σ S, less what settled by itself: auto-settlements need no
/// request); `excess`: requested beyond Σ S and the invoiced increases charged in separate
/// transactions (whose settlement the OMS may ask of this transaction). Both are spent,
/// payment by payment in list order, on the settled drifts they explain.
struct Requests {
    shortfall: Decimal,
    excess: Decimal,
}

/// A payment that pays the order's whole order group (`fromVtex`'s `PAYMENTS_PAY_ORDER_GROUP`:
/// VTEX's checkout opens one transaction for the group, S1 "Get orders by order group"; the
/// marketplace-switch guide's order `566880726117-01` of 805.00 lists the promissory of 905.00
/// that also pays `-02`'s 100.00). The order's state authorizes only this order's share; the
/// gateway's records are the group's, whole.
///
/// Decided (the spec is silent): the gateway's payment `value` is compared with what the order
/// lists (`listed`, the group's whole: VTEX's gateway and the order agree on it, so no
/// `VALUE_DIFFERS`); of the gateway's settled, refunded and cancelled amounts, up to what the
/// group's other orders authorized (`listed` − share) is taken as theirs, as little as brings
/// this order's part to what the rules expect (and a request beyond Σ S up to that much is
/// theirs too). This order's figures are then compared as usual, so a gateway that moved less
/// than this order needs, or more than the whole group could, still shows. Comparing the
/// group's total instead would need the other orders' histories, which `reconcile` does not
/// have; apportioning the gateway's figures in proportion would invent a split that
/// settlements, which follow each order's invoices, do not make. Noted per payment
/// (`PAYMENTS_PAY_ORDER_GROUP`, at `transaction.payments`: the gateway's figures, and what of
/// them is this order's and what the other orders'). The explanation's recorded lines say
/// the same in the same words ([`group_split`]): their `amount` is this order's part, as
/// `recorded` is, and their text names the group's whole beside it (before, the line gave
/// this order's part alone as what "the gateway's settlement actions add up to", which the
/// note's group figure contradicted).
#[derive(Debug, Clone)]
pub(super) struct GroupShare {
    /// The payment id.
    pub id: String,
    /// What the order document lists for the payment (`referenceValue`, else `value`): the
    /// group's whole.
    pub listed: Decimal,
}

/// Compares the replayed state (expected) with the records; see [`super`] for the rules.
pub(super) fn compare(
    state: &OrderState,
    first_return: Option<i128>,
    mut records: Records,
    options: &ReconcileOptions,
    mut notes: Vec<Note>,
    group: &[GroupShare],
) -> Result<Reconciliation, Overflow> {
    let currency = state.currency;
    let digits = currency.minor_units();
    let mut ex = Explainer::new(currency, options.explain);
    let payments = &state.transaction.payments;
    let (modes, _) = engine::effective_modes(payments);
    let order_canceled = state.status == OrderStatus::Canceled;
    let tx_cancelled = records.cancelled_status();
    let has_returns = state
        .invoices
        .iter()
        .any(|i| i.kind == InvoiceType::Input && i.value > Decimal::ZERO);
    let cancelled_from_status = tx_cancelled && records.cancellations.is_none();
    notes.append(&mut records.notes);
    if cancelled_from_status {
        notes.push(Note {
            code: NoteCode::CancelledFromStatus,
            path: "transaction.status".into(),
            message: "a cancelled transaction without a cancellations list: each payment's open amount counts as cancelled".into(),
        });
    }

    let known = |id: &str| payments.iter().any(|p| p.id == id);
    let mut rq = Decimal::ZERO;
    for r in &records.settlement_requests {
        rq = rq.plus(r.value)?;
    }
    let auto = total(&records.settlements, |a| {
        a.kind == Kind::AutoSettlement && known(&a.payment_id)
    })
    .ok_or(Overflow)?;
    let mut sum_s = Decimal::ZERO;
    for p in payments {
        sum_s = sum_s.plus(p.settled)?;
    }
    // Increases charged in separate transactions (the state's `newCharges`, semantics.md 6.3:
    // VTEX charges the excess "in a new transaction ... not linked to the original order",
    // settled "only after the order is invoiced", S9/S10) are part of what is invoiced but
    // never settled here (6.1: the target is the invoiced amount less them). The OMS may
    // request the invoice whole on this transaction: up to the new charges invoiced, a request
    // beyond Σ S is the separate transaction's share, not one this gateway left unexecuted.
    let charged_apart = state
        .transaction
        .new_charges
        .min(state.invoiced()?.min(state.value))
        .max(Decimal::ZERO);
    // What the group's other orders authorized on each payment that pays the order group.
    let others_of = |p: &Payment| -> Result<Decimal, Overflow> {
        match group.iter().find(|g| g.id == p.id) {
            Some(g) => Ok(g.listed.minus(p.value)?.max(Decimal::ZERO)),
            None => Ok(Decimal::ZERO),
        }
    };
    let mut group_others = Decimal::ZERO;
    for p in payments {
        group_others = group_others.plus(others_of(p)?)?;
    }
    let mut requests = Requests {
        shortfall: sum_s.minus(auto)?.minus(rq)?.max(Decimal::ZERO),
        excess: rq
            .minus(sum_s)?
            .minus(charged_apart)?
            .minus(group_others)?
            .max(Decimal::ZERO),
    };

    let mut found = Found {
        list: Vec::new(),
        digits,
    };
    // First every payment's figures, then the drifts that other payments of the order make up
    // (the split), then each payment's own causes.
    let mut rows = Vec::with_capacity(payments.len());
    for p in payments {
        let expected = rescaled(
            Figures {
                settled: p.captured,
                cancelled: p.voided,
                refunded: p.provider_refunded,
                open: p.value.minus(p.captured)?.minus(p.voided)?,
            },
            digits,
        );
        let others = others_of(p)?;
        let rec = recorded(p, &records, cancelled_from_status, others, &expected)?;
        let wholes = if others > Decimal::ZERO {
            let wholes = group_wholes(p, &records, &rec.figures)?;
            notes.push(group_note(p, &wholes, &rec.figures, others, digits)?);
            Some(wholes)
        } else {
            None
        };
        let recorded = rescaled(rec.figures, digits);
        let drift = rescaled(diff(recorded, expected)?, digits);
        rows.push((expected, recorded, drift, rec, wholes));
    }
    let splits = split_differences(payments, &rows, order_canceled || tx_cancelled)?;
    let mut out = Vec::with_capacity(payments.len());
    for ((p, mode), ((expected, recorded, drift, rec, wholes), split)) in
        payments.iter().zip(modes).zip(rows.into_iter().zip(splits))
    {
        let listed = p.value.plus(others_of(p)?)?;
        let facts = Facts {
            p,
            listed,
            mode,
            expected,
            recorded,
            order_canceled,
            tx_cancelled,
            has_returns,
            first_return,
            digits,
        };
        split_findings(&facts, &split, &mut found)?;
        let own = diff(drift, split)?;
        settled_findings(&facts, own.settled, &mut requests, &mut found)?;
        cancelled_findings(&facts, own.cancelled, rec.cancel_not_executed, &mut found)?;
        refunded_findings(&facts, own.refunded, &rec, &mut found)?;
        gateway_payment_findings(&facts, &records, &mut found)?;
        if ex.is_on() {
            explain_payment(&mut ex, p, &expected, &recorded, wholes.as_ref(), digits)?;
        }
        out.push(PaymentReconciliation {
            id: p.id.clone(),
            group: p.group.name(),
            status: Status::Matched,
            expected,
            recorded,
            drift,
        });
    }

    // Requests beyond what the rules settle that no settlement drift answered: requested,
    // not executed (on the payment when the order has one, else the order's own).
    if requests.excess > Decimal::ZERO {
        let single = match out.as_slice() {
            [only] => Some(only.id.as_str()),
            _ => None,
        };
        found.add(
            FindingCode::SettlementNotExecuted,
            single,
            Some(requests.excess),
            if charged_apart > Decimal::ZERO {
                format!(
                    "Settlement requests add up to {}, {} more than the rules settle ({}, and {} of increases in separate transactions): not executed by the gateway.",
                    ex_amount(rq, digits),
                    ex_amount(requests.excess, digits),
                    ex_amount(sum_s, digits),
                    ex_amount(charged_apart, digits)
                )
            } else {
                format!(
                    "Settlement requests add up to {}, {} more than the rules settle ({}): not executed by the gateway.",
                    ex_amount(rq, digits),
                    ex_amount(requests.excess, digits),
                    ex_amount(sum_s, digits)
                )
            },
        )?;
    }
    unknown_payments(&records, &known, &mut found, digits)?;
    order_findings(state, &records, order_canceled, tx_cancelled, &mut found)?;

    // Statuses: a payment by its own findings and drift; the order, the worst of its payments
    // and of its own findings.
    for p in &mut out {
        let mut own = found
            .list
            .iter()
            .filter(|f| f.payment_id.as_deref() == Some(p.id.as_str()))
            .peekable();
        p.status = if own.peek().is_none() {
            if p.drift == Figures::default() {
                Status::Matched
            } else {
                Status::Difference
            }
        } else if own.all(|f| f.code == FindingCode::SettlementNotExecuted) {
            Status::Pending
        } else {
            Status::Difference
        };
    }
    let mut status = Status::Matched;
    for p in &out {
        status = status.max(p.status);
    }
    let own_ids: Vec<&str> = out.iter().map(|p| p.id.as_str()).collect();
    for f in &found.list {
        let order_level = f
            .payment_id
            .as_deref()
            .map_or(true, |id| !own_ids.contains(&id));
        if order_level {
            let s = if f.code == FindingCode::SettlementNotExecuted {
                Status::Pending
            } else {
                Status::Difference
            };
            status = status.max(s);
        }
    }
    let mut explain = ex.take();
    if options.explain {
        for f in &found.list {
            let mut line = Explanation::new(
                ExplainCode::Finding(f.code.name()),
                RULE,
                format!("{}: {}", f.code.name(), f.message),
            );
            line.payment_id = f.payment_id.clone();
            explain.push(line);
        }
    }
    Ok(Reconciliation {
        order_id: state.order_id.clone(),
        currency: Some(currency),
        status,
        payments: out,
        findings: found.list,
        notes,
        explain,
        error: None,
    })
}

fn ex_amount(a: Decimal, digits: u32) -> String {
    let mut a = a;
    a.rescale(digits);
    if a.is_zero() {
        a.set_sign_positive(true);
    }
    a.to_string()
}

/// The earliest `issuanceDate` of the order's `Input` packages (its returns), as an instant;
/// `None` when there is none or it does not read (the order itself was read by `fromVtex`).
/// What the attribution of one payment's drifts looks at.
struct Facts<'a> {
    p: &'a Payment,
    /// What the order lists for the payment: its authorization, or, when it pays the order
    /// group, the group's whole ([`GroupShare`]).
    listed: Decimal,
    mode: Mode,
    expected: Figures,
    recorded: Figures,
    order_canceled: bool,
    tx_cancelled: bool,
    has_returns: bool,
    /// The earliest return's `issuanceDate` (an instant), when the order gives one.
    first_return: Option<i128>,
    digits: u32,
}

impl Facts<'_> {
    fn m(&self, a: Decimal) -> String {
        ex_amount(a, self.digits)
    }
    fn cancelled_what(&self) -> &'static str {
        if self.order_canceled {
            "order"
        } else {
            "transaction"
        }
    }
    fn who(&self) -> String {
        format!("{} {}", group_label(self.p.group), self.p.id)
    }
}

/// What of one payment's drift, per figure, no record of its own explains (no cancelled
/// order or transaction, no settlement beyond the authorization, no duplicate, no refund or
/// cancellation the connector did not execute): what a difference of split could explain.
fn splittable(
    p: &Payment,
    recorded: &Figures,
    drift: &Figures,
    rec: &Recorded,
    cancelled: bool,
) -> Result<[Decimal; 3], Overflow> {
    let unexplained_by =
        |d: Decimal, (value, unknown): (Decimal, bool)| -> Result<Decimal, Overflow> {
            if d >= Decimal::ZERO {
                return Ok(d);
            }
            if unknown {
                return Ok(Decimal::ZERO);
            }
            Ok(d.plus(value)?.min(Decimal::ZERO))
        };
    // What a payment cannot have taken from another: beyond its authorization (settled and
    // cancelled above A: the open amount below 0), refunds beyond what it settled.
    let beyond = |d: Decimal, over: Decimal| -> Result<Decimal, Overflow> {
        if d > Decimal::ZERO {
            Ok(d.minus(over.max(Decimal::ZERO))?.max(Decimal::ZERO))
        } else {
            Ok(d)
        }
    };
    let overdrawn = Decimal::ZERO.minus(recorded.open)?;
    let settled = if cancelled || recorded.settled > p.value {
        Decimal::ZERO
    } else {
        beyond(drift.settled, overdrawn)?
    };
    let cancelled_part = beyond(
        unexplained_by(drift.cancelled, rec.cancel_not_executed)?,
        overdrawn,
    )?;
    let refunded = if drift.refunded > Decimal::ZERO {
        let own = drift.refunded.minus(drift.refunded.min(rec.duplicated))?;
        beyond(own, recorded.refunded.minus(recorded.settled)?)?
    } else if cancelled {
        Decimal::ZERO
    } else {
        unexplained_by(drift.refunded, rec.refund_not_executed)?
    };
    Ok([settled, cancelled_part, refunded])
}

/// The parts of the payments' drifts that other payments of the order make up, figure by
/// figure: one payment above expected, another below by as much, the order's total as the
/// rules expect. That is the split (which payment a transaction-level amount goes to:
/// semantics.md 5, VTEX's order undocumented beyond "lowest amount first", vtex-notes 8 and
/// 11.2; K7), not money lost: `SPLIT_DIFFERS`. Each figure's matched amount is taken from the
/// payments above expected and from those below, in list order. Returned as drifts (signed).
fn split_differences(
    payments: &[Payment],
    rows: &[(Figures, Figures, Figures, Recorded, Option<Figures>)],
    cancelled: bool,
) -> Result<Vec<Figures>, Overflow> {
    let mut parts = Vec::with_capacity(rows.len());
    for (p, (_, recorded, drift, rec, _)) in payments.iter().zip(rows) {
        parts.push(splittable(p, recorded, drift, rec, cancelled)?);
    }
    let mut out = vec![Figures::default(); rows.len()];
    for figure in 0..3 {
        let mut above = Decimal::ZERO;
        let mut below = Decimal::ZERO;
        for part in &parts {
            let d = part.get(figure).copied().unwrap_or_default();
            if d > Decimal::ZERO {
                above = above.plus(d)?;
            } else {
                below = below.minus(d)?;
            }
        }
        let matched = above.min(below);
        if matched.is_zero() {
            continue;
        }
        let (mut up, mut down) = (matched, matched);
        for (part, split) in parts.iter().zip(out.iter_mut()) {
            let d = part.get(figure).copied().unwrap_or_default();
            let share = if d > Decimal::ZERO {
                take(&mut up, d)?
            } else {
                Decimal::ZERO.minus(take(&mut down, d.abs())?)?
            };
            match figure {
                0 => split.settled = share,
                1 => split.cancelled = share,
                _ => split.refunded = share,
            }
        }
    }
    Ok(out)
}

/// The `SPLIT_DIFFERS` findings of one payment (one per figure with a share).
fn split_findings(f: &Facts, split: &Figures, found: &mut Found) -> Result<(), Overflow> {
    let id = Some(f.p.id.as_str());
    for (share, verb, rec, exp) in [
        (
            split.settled,
            "settled",
            f.recorded.settled,
            f.expected.settled,
        ),
        (
            split.cancelled,
            "cancelled",
            f.recorded.cancelled,
            f.expected.cancelled,
        ),
        (
            split.refunded,
            "refunded",
            f.recorded.refunded,
            f.expected.refunded,
        ),
    ] {
        if share.is_zero() {
            continue;
        }
        let (how, other) = if share > Decimal::ZERO {
            ("more", "less")
        } else {
            ("less", "more")
        };
        found.add(
            FindingCode::SplitDiffers,
            id,
            Some(share.abs()),
            format!(
                "{} {verb} {}, the rules expect {}: {} {how} than the split the rules assume, and another payment of the order {verb} as much {other} (the order's total is as expected).",
                f.who(),
                f.m(rec),
                f.m(exp),
                f.m(share.abs())
            ),
        )?;
    }
    Ok(())
}

/// The settled drift: a cancelled order or transaction that settled; settled beyond the
/// authorization; settled beyond the requests (not requested) or as requested beyond the
/// rules (over-settled); below what the rules expect: requests not executed, or not even
/// requested (under-settled).
fn settled_findings(
    f: &Facts,
    drift: Decimal,
    requests: &mut Requests,
    found: &mut Found,
) -> Result<(), Overflow> {
    let id = Some(f.p.id.as_str());
    let (rec, exp) = (f.recorded.settled, f.expected.settled);
    if drift > Decimal::ZERO {
        let mut left = drift;
        // A cause below explains the whole drift, and the requests that asked for it (beyond
        // Σ S) are answered by it: they are not left as requests not executed.
        let specific = f.order_canceled || f.tx_cancelled || rec > f.p.value;
        if specific {
            let answered = left.min(requests.excess);
            requests.excess = requests.excess.minus(answered)?;
        }
        if f.order_canceled || f.tx_cancelled {
            let what = f.cancelled_what();
            found.add(
                FindingCode::CanceledButSettled,
                id,
                Some(left),
                format!(
                    "{} settled {} on a cancelled {what}; the rules expect {}: {} still settled.",
                    f.who(),
                    f.m(rec),
                    f.m(exp),
                    f.m(left)
                ),
            )?;
            return Ok(());
        }
        if rec > f.p.value {
            found.add(
                FindingCode::SettledBeyondAuthorization,
                id,
                Some(left),
                format!(
                    "{} settled {}, beyond its authorization of {}; the rules expect {}: {} more.",
                    f.who(),
                    f.m(rec),
                    f.m(f.p.value),
                    f.m(exp),
                    f.m(left)
                ),
            )?;
            return Ok(());
        }
        let over = take(&mut left, requests.excess)?;
        requests.excess = requests.excess.minus(over)?;
        if over > Decimal::ZERO {
            found.add(
                FindingCode::OverSettled,
                id,
                Some(over),
                format!(
                    "{} settled {}, the rules expect {}: {} requested and settled beyond what the invoices call for.",
                    f.who(), f.m(rec), f.m(exp), f.m(over)
                ),
            )?;
        }
        if left > Decimal::ZERO {
            found.add(
                FindingCode::SettlementNotRequested,
                id,
                Some(left),
                format!(
                    "{} settled {}, the rules expect {}: {} settled without a settlement request.",
                    f.who(),
                    f.m(rec),
                    f.m(exp),
                    f.m(left)
                ),
            )?;
        }
    } else if drift < Decimal::ZERO {
        let mut left = drift.abs();
        let under = take(&mut left, requests.shortfall)?;
        requests.shortfall = requests.shortfall.minus(under)?;
        if under > Decimal::ZERO {
            found.add(
                FindingCode::UnderSettled,
                id,
                Some(under),
                format!(
                    "{} settled {}, the rules expect {}: {} neither requested nor settled.",
                    f.who(),
                    f.m(rec),
                    f.m(exp),
                    f.m(under)
                ),
            )?;
        }
        if left > Decimal::ZERO {
            found.add(
                FindingCode::SettlementNotExecuted,
                id,
                Some(left),
                format!(
                    "{} settled {}, the rules expect {}: {} requested but not executed by the gateway yet.",
                    f.who(), f.m(rec), f.m(exp), f.m(left)
                ),
            )?;
        }
    }
    Ok(())
}

/// The cancelled drift: above expected, over-cancelled (revenue released); below, a
/// cancellation the connector did not execute (`cancel-manually`), else an authorization
/// left open.
fn cancelled_findings(
    f: &Facts,
    drift: Decimal,
    not_executed: (Decimal, bool),
    found: &mut Found,
) -> Result<(), Overflow> {
    let id = Some(f.p.id.as_str());
    let (rec, exp) = (f.recorded.cancelled, f.expected.cancelled);
    if drift > Decimal::ZERO {
        found.add(
            FindingCode::OverCancelled,
            id,
            Some(drift),
            format!(
                "{} cancelled {}, the rules expect {}: {} of authorization released beyond them.",
                f.who(),
                f.m(rec),
                f.m(exp),
                f.m(drift)
            ),
        )?;
    } else if drift < Decimal::ZERO {
        let mut left = drift.abs();
        let cap = if not_executed.1 { left } else { not_executed.0 };
        let manual = take(&mut left, cap)?;
        if manual > Decimal::ZERO {
            found.add(
                FindingCode::CancellationNotExecuted,
                id,
                Some(manual),
                format!(
                    "{} cancelled {}, the rules expect {}: the connector did not execute a cancellation ({} to cancel manually).",
                    f.who(), f.m(rec), f.m(exp), f.m(manual)
                ),
            )?;
        }
        if left > Decimal::ZERO {
            found.add(
                FindingCode::AuthorizationLeftOpen,
                id,
                Some(left),
                format!(
                    "{} cancelled {}, the rules expect {}: {} of authorization left open.",
                    f.who(),
                    f.m(rec),
                    f.m(exp),
                    f.m(left)
                ),
            )?;
        }
    }
    Ok(())
}

/// The refunded drift: above expected, a duplicate, then beyond what was settled, then
/// over-refunded; below, a refund not executed, a cancelled order that kept the money, the
/// over-capture refund (when the missing amount is exactly it), a return's refund, the
/// over-capture refund (the rest of it), then any other refund missing.
fn refunded_findings(
    f: &Facts,
    drift: Decimal,
    rec: &Recorded,
    found: &mut Found,
) -> Result<(), Overflow> {
    let id = Some(f.p.id.as_str());
    let (recd, exp) = (f.recorded.refunded, f.expected.refunded);
    if drift > Decimal::ZERO {
        let mut left = drift;
        let dup = take(&mut left, rec.duplicated)?;
        if dup > Decimal::ZERO {
            found.add(
                FindingCode::RefundDuplicated,
                id,
                Some(dup),
                format!(
                    "{} refunded {}, the rules expect {}: {} refunded twice (the same refund recorded again).",
                    f.who(), f.m(recd), f.m(exp), f.m(dup)
                ),
            )?;
        }
        let beyond = f.recorded.refunded.minus(f.recorded.settled)?;
        let exceeds = take(&mut left, beyond)?;
        if exceeds > Decimal::ZERO {
            found.add(
                FindingCode::RefundExceedsSettled,
                id,
                Some(exceeds),
                format!(
                    "{} refunded {}, more than the {} it settled: {} refunded beyond the settled amount.",
                    f.who(), f.m(recd), f.m(f.recorded.settled), f.m(exceeds)
                ),
            )?;
        }
        if left > Decimal::ZERO {
            found.add(
                FindingCode::OverRefunded,
                id,
                Some(left),
                format!(
                    "{} refunded {}, the rules expect {}: {} refunded beyond them.",
                    f.who(),
                    f.m(recd),
                    f.m(exp),
                    f.m(left)
                ),
            )?;
        }
    } else if drift < Decimal::ZERO {
        let mut left = drift.abs();
        let (value, unknown) = rec.refund_not_executed;
        let cap = if unknown { left } else { value };
        let manual = take(&mut left, cap)?;
        if manual > Decimal::ZERO {
            found.add(
                FindingCode::RefundNotExecuted,
                id,
                Some(manual),
                format!(
                    "{} refunded {}, the rules expect {}: the connector did not execute a refund ({} to refund manually).",
                    f.who(), f.m(recd), f.m(exp), f.m(manual)
                ),
            )?;
        }
        if left > Decimal::ZERO && (f.order_canceled || f.tx_cancelled) {
            found.add(
                FindingCode::CanceledButSettled,
                id,
                Some(left),
                format!(
                    "{} refunded {} on a cancelled {}; the rules expect {}: {} still settled.",
                    f.who(),
                    f.m(recd),
                    f.cancelled_what(),
                    f.m(exp),
                    f.m(left)
                ),
            )?;
            return Ok(());
        }
        // The over-capture refund (total mode, semantics.md 4): F − R, what the provider
        // refunded beyond the gateway's own refunds.
        let overcapture = if f.mode == Mode::Total {
            f.p.provider_refunded
                .minus(f.p.refunded)?
                .max(Decimal::ZERO)
        } else {
            Decimal::ZERO
        };
        let returns = if f.has_returns {
            f.p.refunded
        } else {
            Decimal::ZERO
        };
        let mut over = Decimal::ZERO;
        // Exactly the over-capture refund, unless a refund of that value, dated before the
        // first return, is there: the over-capture refund comes with the close-out, before
        // any return (a return needs a fully invoiced order, semantics.md 6.2), so that one is
        // the over-capture's and what is missing is a return's.
        let overcapture_there = f.has_returns
            && rec.refunds.iter().any(|(v, d)| {
                *v == left && matches!((d, f.first_return), (Some(d), Some(r)) if *d < r)
            });
        if left > Decimal::ZERO && left == overcapture && !overcapture_there {
            over = take(&mut left, overcapture)?;
        }
        let ret = take(&mut left, returns)?;
        if left > Decimal::ZERO {
            let more = take(&mut left, overcapture.minus(over)?)?;
            over = over.plus(more)?;
        }
        if ret > Decimal::ZERO {
            found.add(
                FindingCode::ReturnNotRefunded,
                id,
                Some(ret),
                format!(
                    "{} refunded {}, the rules expect {}: {} of returns never refunded.",
                    f.who(),
                    f.m(recd),
                    f.m(exp),
                    f.m(ret)
                ),
            )?;
        }
        if over > Decimal::ZERO {
            found.add(
                FindingCode::OvercaptureNotRefunded,
                id,
                Some(over),
                format!(
                    "{} refunded {}, the rules expect {}: the over-capture of {} was not given back (total mode captured more than was invoiced).",
                    f.who(), f.m(recd), f.m(exp), f.m(over)
                ),
            )?;
        }
        if left > Decimal::ZERO {
            found.add(
                FindingCode::RefundMissing,
                id,
                Some(left),
                format!(
                    "{} refunded {}, the rules expect {}: {} of refunds missing.",
                    f.who(),
                    f.m(recd),
                    f.m(exp),
                    f.m(left)
                ),
            )?;
        }
    }
    Ok(())
}

/// The payment against the gateway's Payment Details: missing there, or another value.
fn gateway_payment_findings(
    f: &Facts,
    records: &Records,
    found: &mut Found,
) -> Result<(), Overflow> {
    let Some(listed) = &records.payments else {
        return Ok(());
    };
    let id = Some(f.p.id.as_str());
    match listed.iter().find(|g| g.id == f.p.id) {
        None => found.add(
            FindingCode::PaymentNotInGateway,
            id,
            None,
            format!(
                "{} of the order is not among the gateway's payments.",
                f.who()
            ),
        )?,
        Some(g) => {
            // With a payment that pays the order group, the group's whole (the gateway's one
            // transaction) or this order's share (records cut down to this order, as
            // `ideal_records` writes them) are both consistent.
            if let Some(v) = g.value.filter(|v| *v != f.listed && *v != f.p.value) {
                let group = if f.listed == f.p.value {
                    String::new()
                } else {
                    format!(
                        " for its order group (this order's share {})",
                        f.m(f.p.value)
                    )
                };
                found.add(
                    FindingCode::ValueDiffers,
                    id,
                    Some(v.minus(f.listed)?),
                    format!(
                        "{}: the gateway shows {}, the order authorizes {}{group}.",
                        f.who(),
                        f.m(v),
                        f.m(f.listed)
                    ),
                )?;
            }
        }
    }
    Ok(())
}

/// Records of payments the order does not have (in the payments list or in actions).
fn unknown_payments(
    records: &Records,
    known: &dyn Fn(&str) -> bool,
    found: &mut Found,
    digits: u32,
) -> Result<(), Overflow> {
    let mut ids: Vec<&str> = Vec::new();
    let listed = records.payments.iter().flatten().map(|g| g.id.as_str());
    let acted = records
        .settlements
        .iter()
        .chain(records.refund_actions())
        .chain(records.cancellations.iter().flatten())
        .map(|a| a.payment_id.as_str());
    for id in listed.chain(acted) {
        if !known(id) && !ids.contains(&id) {
            ids.push(id);
        }
    }
    for id in ids {
        let settled = total(&records.settlements, |a| a.payment_id == id).ok_or(Overflow)?;
        let amount = Some(settled).filter(|s| !s.is_zero());
        let text = match amount {
            Some(s) => format!(
                "The gateway has records of payment {id}, which the order does not have ({} settled on it).",
                ex_amount(s, digits)
            ),
            None => format!("The gateway has records of payment {id}, which the order does not have."),
        };
        found.add(FindingCode::PaymentNotInOrder, Some(id), amount, text)?;
    }
    Ok(())
}

/// The order's own findings: settlement requests of value 0 (K5), and an order status that
/// contradicts the transaction's.
fn order_findings(
    state: &OrderState,
    records: &Records,
    order_canceled: bool,
    tx_cancelled: bool,
    found: &mut Found,
) -> Result<(), Overflow> {
    let single = match state.transaction.payments.as_slice() {
        [only] => Some(only.id.as_str()),
        _ => None,
    };
    for r in &records.settlement_requests {
        if r.value.is_zero() {
            found.add(
                FindingCode::ZeroSettlementRequest,
                single,
                None,
                format!(
                    "A settlement request of value 0 ({}): it finishes the transaction and blocks later settlements.",
                    r.path
                ),
            )?;
        }
    }
    if let Some(status) = &records.status {
        if order_canceled != tx_cancelled {
            found.add(
                FindingCode::StatusMismatch,
                None,
                None,
                format!(
                    "The order is {}, the transaction is {status}.",
                    state.status.name()
                ),
            )?;
        }
    }
    Ok(())
}

/// The expected and recorded lines of one payment. For a payment that pays the order group
/// (`wholes`: the gateway's figures for the whole group, [`group_wholes`]) a recorded line's
/// `amount` is this order's part, as the result's `recorded` is, and its text names the
/// group's whole and how it divides ([`group_split`]), as the `PAYMENTS_PAY_ORDER_GROUP` note
/// does: "the gateway's settlement actions add up to 905.00 for the order group, of which
/// 805.00 this order's and 100.00 the other orders'".
fn explain_payment(
    ex: &mut Explainer,
    p: &Payment,
    expected: &Figures,
    recorded: &Figures,
    wholes: Option<&Figures>,
    digits: u32,
) -> Result<(), Overflow> {
    let m = |a: Decimal| ex_amount(a, digits);
    let who = format!("{} {}", group_label(p.group), p.id);
    let lines = [
        (
            ReconcileStep::ExpectedSettled,
            View::Provider,
            Figure::Settle,
            expected.settled,
            None,
            "the rules expect the provider captured",
        ),
        (
            ReconcileStep::ExpectedCancelled,
            View::Provider,
            Figure::Cancel,
            expected.cancelled,
            None,
            "the rules expect the provider voided",
        ),
        (
            ReconcileStep::ExpectedRefunded,
            View::Provider,
            Figure::Refund,
            expected.refunded,
            None,
            "the rules expect the provider refunded",
        ),
        (
            ReconcileStep::RecordedSettled,
            View::Gateway,
            Figure::Settle,
            recorded.settled,
            wholes.map(|w| w.settled),
            "the gateway's settlement actions add up to",
        ),
        (
            ReconcileStep::RecordedCancelled,
            View::Gateway,
            Figure::Cancel,
            recorded.cancelled,
            wholes.map(|w| w.cancelled),
            "the gateway's executed cancellations add up to",
        ),
        (
            ReconcileStep::RecordedRefunded,
            View::Gateway,
            Figure::Refund,
            recorded.refunded,
            wholes.map(|w| w.refunded),
            "the gateway's executed refunds add up to",
        ),
    ];
    for (i, (code, view, figure, amount, whole, words)) in lines.into_iter().enumerate() {
        // A line that moves money when its amount does, context otherwise.
        let mut line = |text: fmt::Arguments<'_>| {
            if amount > Decimal::ZERO {
                ex.moved(code, RULE, &p.id, view, figure, amount, text);
            } else {
                ex.say(code, RULE, Some(&p.id), text);
            }
        };
        match whole {
            Some(whole) => {
                let split = group_split(whole, amount, digits)?;
                line(format_args!(
                    "{who}: {words} {} for the order group, {split}.",
                    m(whole)
                ));
            }
            None => line(format_args!("{who}: {words} {}.", m(amount))),
        }
        if i == 2 {
            ex.say(
                ReconcileStep::ExpectedOpen,
                RULE,
                Some(&p.id),
                format_args!(
                    "{who}: the rules expect {} still authorized ({} − {} − {}).",
                    m(expected.open),
                    m(p.value),
                    m(expected.settled),
                    m(expected.cancelled)
                ),
            );
        }
    }
    ex.say(
        ReconcileStep::RecordedOpen,
        RULE,
        Some(&p.id),
        format_args!(
            "{who}: the records leave {} authorized ({} − {} − {}).",
            m(recorded.open),
            m(p.value),
            m(recorded.settled),
            m(recorded.cancelled)
        ),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    //! The order-group attribution ([`GroupShare`]) on a state whose payment authorizes this
    //! order's share, as `fromVtex` gives it for an order of a group (branch real-docs): the
    //! marketplace-switch guide's numbers (tests/reconcile/SOURCES.md), this order 805.00 of a
    //! promissory of 905.00 that also pays another order's 100.00.
    use super::*;
    use crate::vtex::from_vtex_with_first_return;
    use serde_json::{json, Value};

    fn order() -> Value {
        json!({
            "orderId": "566880726117-01", "orderGroup": "566880726117", "status": "invoiced",
            "value": 80500,
            "totals": [{ "id": "Items", "value": 80000 }, { "id": "Shipping", "value": 500 }],
            "items": [{ "uniqueId": "u", "id": "15", "quantity": 1, "price": 80000,
                        "sellingPrice": 80000 }],
            "paymentData": { "transactions": [{ "isActive": true, "payments": [
                { "id": "P", "paymentSystem": "201", "group": "promissory", "value": 80500 }
            ] }] },
            "storePreferencesData": { "currencyCode": "BRL" },
            "packageAttachment": { "packages": [{ "type": "Output", "invoiceNumber": "500617",
                "invoiceValue": 80500, "issuanceDate": "2015-10-07T03:00:00Z",
                "items": [{ "itemIndex": 0, "quantity": 1, "price": 80000 }] }] }
        })
    }

    /// Reconciles `tx` against the order, its payment listed at `listed` (cents) by the group.
    fn run(tx: Value, listed: i64) -> Reconciliation {
        run_explained(tx, listed, false)
    }

    fn run_explained(tx: Value, listed: i64, explain: bool) -> Reconciliation {
        let options = ReconcileOptions {
            explain,
            ..ReconcileOptions::default()
        };
        let (from, first_return) =
            from_vtex_with_first_return(&crate::doc::Json::from(&order()), &options.from).unwrap();
        let records =
            super::super::records::read(Some(&crate::doc::Json::from(&tx)), from.state.currency)
                .unwrap();
        let group = [GroupShare {
            id: "P".into(),
            listed: Decimal::new(listed, 2),
        }];
        compare(
            &from.state,
            first_return,
            records,
            &options,
            Vec::new(),
            &group,
        )
        .unwrap()
    }

    fn settled_field(cents: i64) -> Value {
        json!({ "payments": [{ "id": "P", "value": 90500, "fields": [{ "name": "settlement",
            "value": format!("[{{\"ValueAsInt\":{cents},\"SettlementType\":1}}]") }] }] })
    }

    #[test]
    fn the_group_settlement_is_this_orders_share_and_the_group_value_matches() {
        let r = run(settled_field(90500), 90500);
        assert_eq!(r.status, Status::Matched, "{:?}", r.findings);
        let p = &r.payments[0];
        assert_eq!(p.recorded.settled.to_string(), "805.00");
        assert_eq!(p.recorded.open.to_string(), "0.00");
        let note = r.notes.iter().find(|n| {
            n.code == NoteCode::PaymentsPayOrderGroup && n.path == "transaction.payments"
        });
        assert!(
            note.unwrap().message.ends_with(
                "the gateway's records are the group's: settled 905.00, of which 805.00 this order's and 100.00 the other orders'"
            ),
            "{:?}",
            r.notes
        );
    }

    /// The explanation's recorded line and the note say the same thing: the line's `amount`
    /// is this order's part (what `recorded` shows, section 8), its text names the group's
    /// whole and the other orders' part as the note does.
    #[test]
    fn the_group_explain_line_names_the_group_whole_and_this_orders_part_like_the_note() {
        let mut tx = settled_field(90500);
        tx["refunds"] = json!([{ "paymentId": "P", "value": 15000, "refundId": "r1" }]);
        let r = run_explained(tx, 90500, true);
        let line = |code: ReconcileStep| {
            r.explain
                .iter()
                .find(|l| l.code == ExplainCode::from(code))
                .unwrap()
        };
        let settled = line(ReconcileStep::RecordedSettled);
        assert_eq!(
            settled.text,
            "Promissory note P: the gateway's settlement actions add up to 905.00 for the order group, of which 805.00 this order's and 100.00 the other orders'."
        );
        assert_eq!(
            settled.amount.map(|a| a.to_string()).as_deref(),
            Some("805.00")
        );
        assert_eq!(r.payments[0].recorded.settled.to_string(), "805.00");
        // Refunded 150.00: up to the 100.00 the other order settled is theirs, 50.00 this
        // order's (an over-refund, since this order expects none).
        let refunded = line(ReconcileStep::RecordedRefunded);
        assert_eq!(
            refunded.text,
            "Promissory note P: the gateway's executed refunds add up to 150.00 for the order group, of which 50.00 this order's and 100.00 the other orders'."
        );
        assert_eq!(
            refunded.amount.map(|a| a.to_string()).as_deref(),
            Some("50.00")
        );
        // Nothing cancelled: a context line, with the same words.
        let cancelled = line(ReconcileStep::RecordedCancelled);
        assert_eq!(cancelled.amount, None);
        assert!(cancelled.text.ends_with("add up to 0.00 for the order group, of which 0.00 this order's and 0.00 the other orders'."), "{}", cancelled.text);
        let note = r
            .notes
            .iter()
            .find(|n| n.code == NoteCode::PaymentsPayOrderGroup && n.path == "transaction.payments")
            .unwrap();
        assert_eq!(
            note.message,
            "payment P pays the order group: 100.00 of it is the other orders' authorization; the gateway's records are the group's: settled 905.00, of which 805.00 this order's and 100.00 the other orders'; refunded 150.00, of which 50.00 this order's and 100.00 the other orders'"
        );
    }

    #[test]
    fn only_this_orders_settlement_is_matched_too_and_less_is_under_settled() {
        // The other order not invoiced yet: the gateway settled this order's 805.00 alone.
        assert_eq!(run(settled_field(80500), 90500).status, Status::Matched);
        // 700.00: at most 100.00 could be the other order's, none is taken: 105.00 missing.
        let r = run(settled_field(70000), 90500);
        assert_eq!(r.payments[0].recorded.settled.to_string(), "700.00");
        let codes: Vec<&str> = r.findings.iter().map(|f| f.code.name()).collect();
        assert_eq!(codes, ["UNDER_SETTLED"]);
        assert_eq!(r.findings[0].amount.unwrap().to_string(), "105.00");
    }

    #[test]
    fn beyond_what_the_group_can_explain_is_still_found() {
        let r = run(settled_field(100000), 90500);
        assert_eq!(r.payments[0].recorded.settled.to_string(), "900.00");
        assert_eq!(r.findings[0].code, FindingCode::SettledBeyondAuthorization);
        assert_eq!(r.findings[0].amount.unwrap().to_string(), "95.00");
    }

    #[test]
    fn another_gateway_value_than_the_group_or_the_share_differs() {
        let mut tx = settled_field(90500);
        tx["payments"][0]["value"] = json!(95000);
        let r = run(tx, 90500);
        let f = r
            .findings
            .iter()
            .find(|f| f.code == FindingCode::ValueDiffers)
            .unwrap();
        assert_eq!(f.amount.unwrap().to_string(), "45.00");
        assert!(
            f.message.contains("this order's share 805.00"),
            "{}",
            f.message
        );
    }

    #[test]
    fn refunds_beyond_this_order_are_the_other_orders_only_up_to_what_they_settled() {
        // Settled 905.00 (100.00 the other order's), refunded 150.00: this order expects no
        // refund, so up to 100.00 is the other order's, 50.00 is this order's: over-refunded.
        let mut tx = settled_field(90500);
        tx["refunds"] = json!([{ "paymentId": "P", "value": 15000, "refundId": "r1" }]);
        let r = run(tx, 90500);
        assert_eq!(r.payments[0].recorded.refunded.to_string(), "50.00");
        assert_eq!(r.findings[0].code, FindingCode::OverRefunded);
    }

    #[test]
    fn requests_beyond_this_order_up_to_the_other_orders_are_theirs() {
        let tx = json!({ "payments": [{ "id": "P", "value": 90500 }], "settlements": {
            "requests": [{ "value": 90500 }],
            "actions": [{ "paymentId": "P", "value": 90500 }] } });
        assert_eq!(run(tx, 90500).status, Status::Matched);
        let tx = json!({ "payments": [{ "id": "P", "value": 90500 }], "settlements": {
            "requests": [{ "value": 95000 }],
            "actions": [{ "paymentId": "P", "value": 90500 }] } });
        let r = run(tx, 90500);
        assert_eq!(r.findings[0].code, FindingCode::SettlementNotExecuted);
        assert_eq!(r.findings[0].amount.unwrap().to_string(), "45.00");
    }
}
