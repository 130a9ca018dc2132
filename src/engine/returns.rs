//! 6.2 Return (input invoice): a refund, or nothing when VTEX requests none.

use super::{Run, Verdict};
use crate::codes::{RuleCode, StepCode, WarningCode};
use crate::explain::Units;
use crate::money::{Checked, Overflow};
use crate::operation::InvoiceRequest;
use crate::order::{units_by_id, Ids, InvoiceType};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

impl Run<'_> {
    pub(super) fn return_items(&mut self, invoice: &InvoiceRequest) -> Result<Verdict, Overflow> {
        let state = self.before;
        let number = invoice.number.as_str();
        if state.has_invoice_number(number) {
            return Ok(self.replay(
                WarningCode::InvoiceNumberReused,
                format_args!(
                    "Number {number} is already on the order (returns and invoices share one \
                     number space): VTEX only issues a new receipt, and no money moves."
                ),
            ));
        }
        let y = invoice.value;
        let invoiced = self.after.invoiced_before?;
        let returned = self.after.returned_before?;
        let ys = self.ex.m(y);
        let mut errors = Vec::new();
        if y <= Decimal::ZERO {
            self.broken(
                &mut errors,
                RuleCode::AmountNotPositive,
                format_args!("The return value is {ys}: it must be greater than zero."),
            );
        }
        let left = invoiced.minus(returned)?;
        if y > left {
            let (i, r, l) = (self.ex.m(invoiced), self.ex.m(returned), self.ex.m(left));
            self.broken(
                &mut errors,
                RuleCode::ReturnExceedsInvoiced,
                format_args!("This return of {ys} exceeds invoiced {i} − returned {r} = {l}."),
            );
        }
        // Units only for the ids the return lists (none when it lists no items).
        let wanted = units_by_id(&invoice.items)?;
        let available = state.units_available_of(Ids::Of(&wanted))?;
        let invoiced_units = state.units_invoiced_of(Ids::Of(&wanted))?;
        let returned_units = state.units_listed_of(InvoiceType::Input, Ids::Of(&wanted))?;
        for (id, quantity) in wanted {
            if !available.contains_key(id) {
                self.broken(
                    &mut errors,
                    RuleCode::UnknownItem,
                    format_args!("The order has no item {id}."),
                );
                continue;
            }
            let invoiced = invoiced_units.get(id).copied().unwrap_or(0);
            let returned = returned_units.get(id).copied().unwrap_or(0);
            let returnable = invoiced.saturating_sub(returned);
            if quantity > returnable {
                self.broken(
                    &mut errors,
                    RuleCode::ItemQuantityExceeded,
                    format_args!(
                        "Item {id}: returning {} exceeds the {} invoiced and not yet \
                         returned.",
                        Units(quantity),
                        Units(returnable)
                    ),
                );
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
            let (i, v) = (self.ex.m(invoiced), self.ex.m(state.value));
            self.ex.say(
                WarningCode::NoRefundBeforeFullyInvoiced,
                "6.2",
                None,
                format_args!(
                    "The order is not fully invoiced (invoiced {i} of {v}): VTEX records the \
                     return but refunds nothing."
                ),
            );
            refunds = false;
        }
        // The map type of the order's unit counts (`order::units_by_id`), not a set of its
        // own: one B-tree less in the .wasm.
        let mut seen: BTreeMap<&str, u64> = BTreeMap::new();
        if let Some(twice) = invoice
            .items
            .iter()
            .find(|i| seen.insert(i.id.as_str(), 0).is_some())
        {
            // VTEX (known issue K8) flags a duplicated SKU and requests no refund.
            self.warn(WarningCode::DuplicateReturnItem, None);
            self.ex.say(
                WarningCode::DuplicateReturnItem,
                "6.2",
                None,
                format_args!(
                    "The return lists item {} twice: VTEX records it but requests no refund.",
                    twice.id
                ),
            );
            refunds = false;
        }
        if refunds {
            self.ex.say(
                StepCode::ReturnRefund,
                "6.2",
                None,
                format_args!(
                    "Return {number} of {ys} on a fully invoiced order: the gateway refunds {ys} \
                     out of what was settled."
                ),
            );
            self.refund(y)?;
        }
        self.after.add_invoice(invoice, InvoiceType::Input)?;
        Ok(Verdict::Accepted)
    }
}
