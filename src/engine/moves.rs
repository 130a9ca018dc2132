//! The moves the operations share: placing a settlement or a cancellation over the payments,
//! refunding, the close-out, recording the gateway requests payment by payment, and the
//! warnings that tell what a mode did (semantics.md sections 4 and 5). Each move writes its
//! lines of the explanation: the split order, the mode of each payment it reaches, the
//! gateway request (what the provider did is written by [`crate::gateway`]).

use super::Run;
use crate::codes::{StepCode, WarningCode};
use crate::explain::{
    Piece::{M, S, W},
    Show,
};
use crate::gateway::{self, Request};
use crate::money::{compare, positive, Checked, Overflow};
use crate::names::Named;
use crate::operation::{RefundOrder, SplitPolicy};
use crate::order::OrderStatus;
use crate::outcome::{Figure, View};
use crate::payment::{Mode, Payment, Protocol};
use crate::split::{self, Split};
use rust_decimal::Decimal;
use std::cmp::Ordering;

impl Run<'_> {
    /// A settlement or a cancellation of `amount` (nothing when zero), split over the
    /// payments' gateway-open amounts by the split policy (semantics.md section 5).
    pub(super) fn place(&mut self, request: Request, amount: Decimal) -> Result<(), Overflow> {
        if positive(amount) {
            let split = split::settle_or_cancel(
                amount,
                &self.after.transaction.payments,
                self.options.split,
                self.currency(),
            )?;
            self.explain_split(request, amount)?;
            self.record(split, request)?;
        }
        Ok(())
    }

    /// A cancellation of what is gateway-open, in split-policy order.
    pub(super) fn cancel(&mut self, amount: Decimal) -> Result<(), Overflow> {
        self.place(Request::Cancel, amount)
    }

    /// A refund out of what is settled net (S − R), in refund order (semantics.md section 5).
    pub(super) fn refund(&mut self, amount: Decimal) -> Result<(), Overflow> {
        if positive(amount) {
            let split = split::refund(
                amount,
                &self.after.transaction.payments,
                self.options.refund_order,
            )?;
            self.explain_split(Request::Refund, amount)?;
            self.record(split, Request::Refund)?;
        }
        Ok(())
    }

    /// The close-out: the order is now fully invoiced, and whatever is still gateway-open is
    /// cancelled in the same operation (semantics.md 6.1, 6.3).
    pub(super) fn close_out(&mut self) -> Result<(), Overflow> {
        self.after.status = OrderStatus::Invoiced;
        let open = self.total(Payment::room)?;
        if self.ex.is_on() {
            let (i, v, o) = (
                self.ex.m(self.after.invoiced()?),
                self.ex.m(self.after.value),
                self.ex.m(open),
            );
            let rest = Show(|f: &mut std::fmt::Formatter<'_>| {
                if positive(open) {
                    write!(f, "what is still open at the gateway, {o}, is cancelled")
                } else {
                    f.write_str("nothing is left open at the gateway")
                }
            });
            self.ex.say(
                StepCode::CloseOut,
                self.section,
                None,
                format_args!(
                    "Invoiced {i} now equals the order value {v}: the order is fully invoiced \
                     (status invoiced), and {rest}."
                ),
            );
        }
        self.cancel(open)
    }

    /// Cancels whatever is still gateway-open on every payment.
    pub(super) fn cancel_all_open(&mut self) -> Result<(), Overflow> {
        let open = self.total(Payment::room)?;
        self.cancel(open)
    }

    pub(super) fn total(
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
    pub(super) fn record(&mut self, split: Split, request: Request) -> Result<(), Overflow> {
        let mut placed = Decimal::ZERO;
        for (i, amount) in split.parts {
            placed = placed.plus(amount)?;
            let mode = self.mode(i);
            if self.ex.is_on() {
                self.explain_request(i, request, amount)?;
            }
            let Some(payment) = self.after.transaction.payments.get_mut(i) else {
                continue;
            };
            self.touched |= u32::try_from(i)
                .ok()
                .and_then(|i| 1_u128.checked_shl(i))
                .unwrap_or(0);
            let reaction = gateway::record(
                payment,
                request,
                amount,
                mode,
                &mut self.events,
                &mut self.ex,
            )?;
            if reaction.held || reaction.overcapture_refunded {
                let id = payment.id.clone();
                if reaction.held {
                    self.warn(WarningCode::HeldByGateway, Some(&id));
                }
                if reaction.overcapture_refunded {
                    self.warn(WarningCode::OvercaptureRefunded, Some(&id));
                }
            }
        }
        if positive(split.unplaced) {
            self.warn(WarningCode::AmountNotPlaced, None);
            let (u, t) = (
                self.ex.m(split.unplaced),
                self.ex.m(placed.plus(split.unplaced)?),
            );
            self.ex.say(
                WarningCode::AmountNotPlaced,
                "5",
                None,
                format_args!(
                    "Every payment is at its limit: {u} of the {t} to {} is not moved.",
                    verb(request)
                ),
            );
        }
        Ok(())
    }

    /// The lines of one gateway request on payment `i`: the mode that applies to it (once
    /// per operation; `LEGACY_CONNECTOR` when a legacy connector settles), then the request.
    fn explain_request(
        &mut self,
        i: usize,
        request: Request,
        amount: Decimal,
    ) -> Result<(), Overflow> {
        let Some(p) = self.after.transaction.payments.get(i) else {
            return Ok(());
        };
        let bit = u32::try_from(i)
            .ok()
            .and_then(|i| 1_u128.checked_shl(i))
            .unwrap_or(0);
        let id = p.id.as_str();
        let own = p.connector.own_mode();
        let legacy = p.connector.protocol == Protocol::Legacy;
        if legacy && request == Request::Settle && self.legacy_told & bit == 0 {
            self.ex.say(
                WarningCode::LegacyConnector,
                "3",
                Some(id),
                format_args!(
                    "{id} is on a legacy connector, which cannot settle partially: it behaves \
                     as total mode."
                ),
            );
            self.legacy_told |= bit;
            self.mode_told |= bit;
        } else if self.mode_told & bit == 0 || bit == 0 {
            if legacy {
                self.ex.say(
                    StepCode::ModeLegacy,
                    "3",
                    Some(id),
                    format_args!("{id} is on a legacy connector: it behaves as total mode."),
                );
            } else if self.mixed {
                self.ex.say(
                    StepCode::ModeMixed,
                    "3",
                    Some(id),
                    format_args!(
                        "{id} has its own mode {}, but the payments' modes are mixed: it \
                         behaves as total mode.",
                        own.name()
                    ),
                );
            } else {
                // The mode's name in the words: one piece (`own.name()` is the same text).
                let words = match own {
                    Mode::Partial => " follows its own mode, partial.",
                    Mode::Total => " follows its own mode, total.",
                    Mode::Hold => " follows its own mode, hold.",
                };
                self.ex
                    .say(StepCode::ModeOwn, "4", Some(id), &[W(id), S(words)]);
            }
            self.mode_told |= bit;
        }
        // The request's verb and what it draws on, each one piece with the words around it.
        let (code, figure, of, verb, what) = match request {
            Request::Settle => (
                StepCode::GatewaySettle,
                Figure::Settle,
                p.room()?,
                "The gateway settles ",
                " open.",
            ),
            Request::Cancel => (
                StepCode::GatewayCancel,
                Figure::Cancel,
                p.room()?,
                "The gateway cancels ",
                " open.",
            ),
            Request::Refund => (
                StepCode::GatewayRefund,
                Figure::Refund,
                p.net_settled()?,
                "The gateway refunds ",
                " settled net.",
            ),
        };
        self.ex.moved(
            code,
            self.section,
            id,
            View::Gateway,
            figure,
            amount,
            &[
                S(verb),
                M(amount),
                S(" on "),
                W(id),
                S(", of "),
                M(of),
                S(what),
            ],
        );
        Ok(())
    }

    /// Why the payments are filled in this order (semantics.md section 5), when there was a
    /// choice (two payments or more could take part).
    fn explain_split(&mut self, request: Request, amount: Decimal) -> Result<(), Overflow> {
        if !self.ex.is_on() {
            return Ok(());
        }
        let payments = &self.after.transaction.payments;
        let mut candidates = Vec::with_capacity(payments.len());
        if request == Request::Refund {
            for i in split::refund_order(payments, self.options.refund_order)? {
                if let Some(p) = payments.get(i) {
                    let net = p.net_settled()?;
                    if positive(net) {
                        candidates.push((p, net));
                    }
                }
            }
        } else {
            for i in split::settlement_order(payments, self.options.split) {
                if let Some(p) = payments.get(i) {
                    let room = p.room()?;
                    if positive(room) {
                        candidates.push((p, room));
                    }
                }
            }
        }
        if candidates.len() < 2 {
            return Ok(());
        }
        let (code, how, label, by_value) = match (request, self.options.split) {
            (Request::Refund, _) => match self.options.refund_order {
                RefundOrder::LowestSettledFirst => (
                    StepCode::RefundOrder,
                    " draws on the lowest net settled first (lowestSettledFirst): ",
                    " (settled net ",
                    false,
                ),
                RefundOrder::CardFirst => (
                    StepCode::RefundOrder,
                    " draws on credit and debit cards first, each group by lowest net settled \
                     (cardFirst): ",
                    " (settled net ",
                    false,
                ),
            },
            (_, SplitPolicy::LowestValueFirst) => (
                StepCode::SplitOrder,
                " goes to the lowest authorized value first (lowestValueFirst): ",
                " (authorized ",
                true,
            ),
            (_, SplitPolicy::Listed) => (
                StepCode::SplitOrder,
                " goes to the payments in list order (listed): ",
                " (open ",
                false,
            ),
            (_, SplitPolicy::Proportional) => (
                StepCode::SplitProportional,
                " is split in proportion to the open amounts, by largest remainder (proportional): ",
                " (open ",
                false,
            ),
        };
        // The words between the pieces that vary are one piece each (the closing parenthesis
        // with the separator after it): 12 pieces for two payments where there were 22.
        let then = if code == StepCode::SplitProportional {
            "), "
        } else {
            "), then "
        };
        let the = match request {
            Request::Settle => "The settlement of ",
            Request::Cancel => "The cancellation of ",
            Request::Refund => "The refund of ",
        };
        let mut text = self.ex.text(160);
        text.push(&[S(the), M(amount), S(how)]);
        for (n, (p, capacity)) in candidates.iter().enumerate() {
            let shown = if by_value { p.value } else { *capacity };
            if n > 0 {
                text.push(&[S(then)]);
            }
            text.push(&[W(&p.id), S(label), M(shown)]);
        }
        text.push(&[S(").")]);
        self.ex.say(code, "5", None, text);
        Ok(())
    }

    /// `TOTAL_CAPTURE`, `LEGACY_CONNECTOR` and `MIXED_MODES_USE_TOTAL`, read off the ledgers.
    /// Their lines were written where the money moved; the mixed modes' line, a fact of the
    /// whole transaction decided before anything moved, goes first.
    pub(super) fn mode_warnings(&mut self) -> Result<(), Overflow> {
        let mut found = Vec::new();
        let pairs = self
            .before
            .transaction
            .payments
            .iter()
            .zip(&self.after.transaction.payments);
        // The index by hand: an `enumerate` over the pairs was a function of its own (151 B).
        let mut i = 0_usize;
        for (before, after) in pairs {
            let mode = self.mode(i);
            i = i.saturating_add(1);
            let settled = after.settled.minus(before.settled)?;
            let captured = after.captured.minus(before.captured)?;
            if mode == Mode::Total && compare(&captured, &settled) == Ordering::Greater {
                found.push((WarningCode::TotalCapture, after.id.clone()));
            }
            if after.connector.protocol == Protocol::Legacy && positive(settled) {
                found.push((WarningCode::LegacyConnector, after.id.clone()));
            }
        }
        for (code, id) in found {
            self.warn(code, Some(&id));
        }
        if self.mixed {
            self.warn(WarningCode::MixedModesUseTotal, None);
            let payments = &self.before.transaction.payments;
            let list = Show(|f: &mut std::fmt::Formatter<'_>| {
                for (n, p) in payments.iter().enumerate() {
                    let sep = if n == 0 { "" } else { ", " };
                    write!(f, "{sep}{} {}", p.id, p.connector.own_mode().name())?;
                }
                Ok(())
            });
            self.ex.say_first(
                WarningCode::MixedModesUseTotal,
                "3",
                format_args!(
                    "The payments' modes differ ({list}): the whole transaction behaves as \
                     total mode."
                ),
            );
        }
        Ok(())
    }
}

/// What a request does, as a verb.
fn verb(request: Request) -> &'static str {
    match request {
        Request::Settle => "settle",
        Request::Cancel => "cancel",
        Request::Refund => "refund",
    }
}
