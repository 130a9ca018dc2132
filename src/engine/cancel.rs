//! 6.4 Cancellation: refund everything settled net, then cancel everything open.

use super::{Run, Verdict};
use crate::codes::{RuleCode, StepCode};
use crate::explain::Show;
use crate::money::Overflow;
use crate::order::{InvoiceType, OrderStatus, TransactionStatus};
use crate::payment::Payment;
use rust_decimal::Decimal;

impl Run<'_> {
    pub(super) fn cancel_order(&mut self) -> Result<Verdict, Overflow> {
        let state = self.before;
        let mut errors = Vec::new();
        let output = state
            .invoices
            .iter()
            .find(|i| i.kind == InvoiceType::Output);
        if let Some(invoice) = output {
            self.broken(
                &mut errors,
                RuleCode::CancelAfterInvoice,
                format_args!(
                    "The order has an output invoice ({}): it cannot be cancelled; change it or \
                     return instead.",
                    invoice.number
                ),
            );
        } else if state.status == OrderStatus::Invoiced {
            self.broken(
                &mut errors,
                RuleCode::CancelAfterInvoice,
                format_args!(
                    "The order is invoiced: it cannot be cancelled; change it or return instead."
                ),
            );
        }
        if state.status == OrderStatus::Canceled {
            self.broken(
                &mut errors,
                RuleCode::OrderAlreadyCanceled,
                format_args!("The order is already canceled."),
            );
        }
        if !errors.is_empty() {
            return Ok(Verdict::Rejected(errors));
        }
        // Refund everything settled net first, then cancel everything open: a hold-mode
        // payment then releases instead of capturing and refunding.
        let settled_net = self.total(Payment::net_settled)?;
        let open = self.total(Payment::room)?;
        let (s, o) = (self.ex.m(settled_net), self.ex.m(open));
        let zero = Decimal::ZERO;
        let moves =
            Show(
                |f: &mut std::fmt::Formatter<'_>| match (settled_net > zero, open > zero) {
                    (true, true) => write!(
                        f,
                        "first refunds everything settled net, {s}, then cancels everything still \
                     open at the gateway, {o}"
                    ),
                    (true, false) => write!(
                        f,
                        "refunds everything settled net, {s} (nothing is left open at the gateway)"
                    ),
                    (false, true) => write!(
                        f,
                        "cancels everything still open at the gateway, {o} (nothing is settled to \
                     refund)"
                    ),
                    (false, false) => f.write_str("moves no money: nothing is settled or open"),
                },
            );
        self.ex.say(
            StepCode::CancelOrder,
            "6.4",
            None,
            format_args!(
                "Cancelling the order {moves}; the order and its transaction become canceled."
            ),
        );
        self.refund(settled_net)?;
        self.cancel_all_open()?;
        self.after.status = OrderStatus::Canceled;
        self.after.transaction.status = TransactionStatus::Canceled;
        Ok(Verdict::Accepted)
    }
}
