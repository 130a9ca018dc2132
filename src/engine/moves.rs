//! The moves the operations share: placing a settlement or a cancellation over the payments,
//! refunding, the close-out, recording the gateway requests payment by payment, and the
//! warnings that tell what a mode did (semantics.md sections 4 and 5).

use super::Run;
use crate::codes::WarningCode;
use crate::gateway::{self, Request};
use crate::money::{Checked, Overflow};
use crate::order::OrderStatus;
use crate::payment::{Mode, Payment};
use crate::split::{self, Split};
use rust_decimal::Decimal;

impl Run<'_> {
    /// A settlement or a cancellation of `amount` (nothing when zero), split over the
    /// payments' gateway-open amounts by the split policy (semantics.md section 5).
    pub(super) fn place(&mut self, request: Request, amount: Decimal) -> Result<(), Overflow> {
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
    pub(super) fn cancel(&mut self, amount: Decimal) -> Result<(), Overflow> {
        self.place(Request::Cancel, amount)
    }

    /// A refund out of what is settled net (S − R), in refund order (semantics.md section 5).
    pub(super) fn refund(&mut self, amount: Decimal) -> Result<(), Overflow> {
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
    pub(super) fn close_out(&mut self) -> Result<(), Overflow> {
        self.after.status = OrderStatus::Invoiced;
        self.cancel_all_open()
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

    /// `TOTAL_CAPTURE`, `LEGACY_CONNECTOR` and `MIXED_MODES_USE_TOTAL`, read off the ledgers.
    pub(super) fn mode_warnings(&mut self) -> Result<(), Overflow> {
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
}
