//! 6.2 Return (input invoice): a refund, or nothing when VTEX requests none.

use super::{Run, Verdict};
use crate::codes::{RuleCode, WarningCode};
use crate::money::{Checked, Overflow};
use crate::operation::InvoiceRequest;
use crate::order::{units_by_id, Ids, InvoiceType};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

impl Run<'_> {
    pub(super) fn return_items(&mut self, invoice: &InvoiceRequest) -> Result<Verdict, Overflow> {
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
        // Units only for the ids the return lists (none when it lists no items).
        let wanted = units_by_id(&invoice.items)?;
        let available = state.units_available_of(Ids::Of(&wanted))?;
        let invoiced_units = state.units_invoiced_of(Ids::Of(&wanted))?;
        let returned_units = state.units_listed_of(InvoiceType::Input, Ids::Of(&wanted))?;
        for (id, quantity) in wanted {
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
}
