//! 6.1 Output invoice: the settlement target, the settlement and the close-out.

use super::{Run, Verdict};
use crate::codes::{RuleCode, WarningCode};
use crate::gateway::Request;
use crate::money::{excess, sum, Checked, Overflow};
use crate::operation::InvoiceRequest;
use crate::order::{units_by_id, Ids, InvoiceType, Item, OrderStatus};
use crate::payment::Payment;
use rust_decimal::Decimal;

impl Run<'_> {
    pub(super) fn invoice(&mut self, invoice: &InvoiceRequest) -> Result<Verdict, Overflow> {
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
        // Units only for the ids the invoice lists (none when it lists no items).
        let wanted = units_by_id(&invoice.items)?;
        let available = state.units_available_of(Ids::Of(&wanted))?;
        let listed = state.units_listed_of(InvoiceType::Output, Ids::Of(&wanted))?;
        for (id, quantity) in wanted {
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
}
