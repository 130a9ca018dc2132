//! 6.4 Cancellation: refund everything settled net, then cancel everything open.

use super::{Run, Verdict};
use crate::codes::RuleCode;
use crate::money::Overflow;
use crate::order::{InvoiceType, OrderStatus, TransactionStatus};
use crate::payment::Payment;

impl Run<'_> {
    pub(super) fn cancel_order(&mut self) -> Result<Verdict, Overflow> {
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
}
