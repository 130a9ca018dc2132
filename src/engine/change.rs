//! 6.3 Change: a decrease cancels then refunds, an increase grows a payment or becomes a new
//! charge, and a change that brings the value down to what is invoiced closes the order out.

use super::{Run, Verdict, MAX_CHANGES};
use crate::codes::{RuleCode, WarningCode};
use crate::money::{excess, Checked, Overflow};
use crate::order::{units_by_id, Change, Ids, TransactionStatus};
use crate::outcome::{Event, EventKind};
use crate::payment::Payment;
use rust_decimal::Decimal;

impl Run<'_> {
    pub(super) fn change(&mut self, change: &Change) -> Result<Verdict, Overflow> {
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
        // Units only for the ids the change removes (none when it removes no items).
        let wanted = units_by_id(&change.items_removed)?;
        let available = state.units_available_of(Ids::Of(&wanted))?;
        let invoiced_units = state.units_invoiced_of(Ids::Of(&wanted))?;
        for (id, quantity) in wanted {
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
}
