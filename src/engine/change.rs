//! 6.3 Change: a decrease cancels then refunds, an increase grows a payment or becomes a new
//! charge, and a change that brings the value down to what is invoiced closes the order out.
//!
//! A change with `api: "v2"` (Order modifications, api.md section 7) follows VTEX's v2 rules
//! (vtex-notes 5.2), each a business-rule code:
//!
//! | rule | code | v2 source |
//! |---|---|---|
//! | allowed only in `handling`, `waiting-for-fulfillment`, `ready-for-invoicing` (as v1) | `CHANGE_NOT_ALLOWED_IN_STATUS` | S10 "API: handling, waiting for fulfillment, ready for invoicing"; S12 `SalesOrderSystem008` (cancelled order) |
//! | not on a finished transaction (as v1) | `CHANGE_ON_FINISHED_TRANSACTION` | S1, S10 "not possible to modify an order when the payment transaction is complete" |
//! | not on a fully invoiced order (as v1) | `CHANGE_ON_INVOICED_ORDER` | S10 "If the order has already been invoiced in full, it can no longer be modified" |
//! | **no** limit of 50 changes (v1's `CHANGE_LIMIT_REACHED` does not apply) | — | S12: the limit is in v1's error table only; S11 |
//! | the new value not below what is invoiced (as v1) | `CHANGE_BELOW_INVOICED` | S10 "If the total amount of the modified order is lower than the amount of an invoice that has already been issued, it cannot be modified" |
//! | an item with an invoiced unit cannot be removed or replaced (v1: only its invoiced units) | `ITEM_ALREADY_INVOICED` | S12 `SalesOrderSystem046` "The order change is not allowed after the item invoice has been issued" |
//! | a discount at or above the **original** order value (before every change) is refused | `CHANGE_EXCEEDS_ORDER_VALUE` | S10 "discounts greater than or equal to the total amount of the original order"; S12 `CHK0034`; S11 (37500 canceled) |
//! | a refund on a settled payment needs a connector with partial refunds | `REFUND_NOT_SUPPORTED` (engine/mod.rs) | S10, S1 "settlement before invoicing, and a connector allowing partial refunds" |

use super::{Run, Verdict, MAX_CHANGES};
use crate::codes::{RuleCode, StepCode, WarningCode};
use crate::explain::{group_label, Show, Units};
use crate::money::{excess, Checked, Overflow};
use crate::names::Named;
use crate::order::{
    sum_lines, units_by_id, Change, ChangeApi, Ids, OrderStatus, TransactionStatus,
};
use crate::outcome::{Event, EventKind};
use crate::payment::{Group, Payment};
use rust_decimal::Decimal;
use std::fmt::Write;

impl Run<'_> {
    pub(super) fn change(&mut self, change: &Change) -> Result<Verdict, Overflow> {
        let state = self.before;
        let request_id = change.request_id.as_str();
        if state.changes.iter().any(|c| c.request_id == request_id) {
            return Ok(self.replay(
                WarningCode::ChangeRequestRepeated,
                format_args!(
                    "Change request {request_id} is already registered: only the first change \
                     with a request id takes effect, and no money moves."
                ),
            ));
        }
        let zero = Decimal::ZERO;
        let v2 = change.api == ChangeApi::V2;
        let value = state.value;
        let invoiced = self.after.invoiced_before?;
        let (vs, is) = (self.ex.m(value), self.ex.m(invoiced));
        let mut errors = Vec::new();
        let mut negative = false;
        for (name, amount) in [
            ("discount", change.discount),
            ("increment", change.increment),
        ] {
            if let Some(a) = amount.filter(|a| *a < zero) {
                negative = true;
                let a = self.ex.m(a);
                self.broken(
                    &mut errors,
                    RuleCode::AmountNegative,
                    format_args!("The {name} is {a}: it cannot be negative."),
                );
            }
        }
        if !state.status.allows_change() {
            let which = if v2 {
                "Order modifications (v2)"
            } else {
                "changes"
            };
            self.broken(
                &mut errors,
                RuleCode::ChangeNotAllowedInStatus,
                format_args!(
                    "The order's status is {}: {which} are allowed only in handling, \
                     waiting-for-fulfillment or ready-for-invoicing.",
                    state.status.name()
                ),
            );
        }
        if state.transaction.status == TransactionStatus::Finished {
            self.broken(
                &mut errors,
                RuleCode::ChangeOnFinishedTransaction,
                format_args!("The payment transaction is finished: the order cannot be changed."),
            );
        }
        if state.is_fully_invoiced()? {
            if state.status == OrderStatus::Invoiced {
                self.broken(
                    &mut errors,
                    RuleCode::ChangeOnInvoicedOrder,
                    format_args!(
                        "The order is invoiced: a fully invoiced order cannot be changed; use a \
                         return."
                    ),
                );
            } else {
                self.broken(
                    &mut errors,
                    RuleCode::ChangeOnInvoicedOrder,
                    format_args!(
                        "Invoiced {is} equals the order value {vs}: a fully invoiced order \
                         cannot be changed; use a return."
                    ),
                );
            }
        }
        // v2 has no limit of changes (S12 lists it among v1's errors only).
        if !v2 && state.changes.len() >= MAX_CHANGES {
            self.broken(
                &mut errors,
                RuleCode::ChangeLimitReached,
                format_args!(
                    "The order already has {} changes, the most VTEX allows ({MAX_CHANGES}).",
                    state.changes.len()
                ),
            );
        }
        // Units only for the ids the change removes (none when it removes no items).
        let wanted = units_by_id(&change.items_removed)?;
        let available = state.units_available_of(Ids::Of(&wanted))?;
        let invoiced_units = state.units_invoiced_of(Ids::Of(&wanted))?;
        for (id, quantity) in wanted {
            let Some(&units) = available.get(id) else {
                self.broken(
                    &mut errors,
                    RuleCode::UnknownItem,
                    format_args!("The order has no item {id}."),
                );
                continue;
            };
            if quantity > units {
                self.broken(
                    &mut errors,
                    RuleCode::ItemQuantityExceeded,
                    format_args!(
                        "Item {id}: removing {} exceeds the {} the order has now.",
                        Units(quantity),
                        Units(units)
                    ),
                );
            }
            let invoiced = invoiced_units.get(id).copied().unwrap_or(0);
            if v2 && invoiced > 0 {
                // S12 `SalesOrderSystem046`: once an item's invoice is issued, v2 changes it
                // no more (neither removed nor replaced, not even its uninvoiced units).
                self.broken(
                    &mut errors,
                    RuleCode::ItemAlreadyInvoiced,
                    format_args!(
                        "Item {id} has {} invoiced: Order modifications (v2) cannot remove or \
                         replace an item once its invoice is issued.",
                        Units(invoiced)
                    ),
                );
                continue;
            }
            let removable = units.saturating_sub(invoiced);
            if invoiced > 0 && quantity > removable {
                self.broken(
                    &mut errors,
                    RuleCode::ItemAlreadyInvoiced,
                    format_args!(
                        "Item {id}: removing {}, but with {} invoiced only {} of its {} can \
                         be removed.",
                        Units(quantity),
                        Units(invoiced),
                        Units(removable),
                        Units(units)
                    ),
                );
            }
        }
        // Checks that need the delta are skipped once its amounts are negative.
        let mut shortfall = zero;
        let delta = change.delta()?;
        let new_value = value.plus(delta)?;
        let ns = self.ex.m(new_value);
        if !negative {
            let discount = change.discount.unwrap_or(zero);
            // v2: against the original order value, before every change (S10).
            let original = if v2 { state.original_value()? } else { value };
            if v2 && discount >= original {
                let (d, o) = (self.ex.m(discount), self.ex.m(original));
                self.broken(
                    &mut errors,
                    RuleCode::ChangeExceedsOrderValue,
                    format_args!(
                        "The discount {d} is not below the original order value {o}: Order \
                         modifications (v2) refuse a discount that reaches it."
                    ),
                );
            } else if discount >= value {
                let d = self.ex.m(discount);
                self.broken(
                    &mut errors,
                    RuleCode::ChangeExceedsOrderValue,
                    format_args!(
                        "The discount {d} is not below the order value {vs}: to remove \
                         everything, cancel the order instead."
                    ),
                );
            } else if new_value <= zero {
                self.broken(
                    &mut errors,
                    RuleCode::ChangeExceedsOrderValue,
                    format_args!(
                        "The change leaves the order a value of {ns}: to remove everything, \
                         cancel the order instead."
                    ),
                );
            }
            if new_value < invoiced {
                self.broken(
                    &mut errors,
                    RuleCode::ChangeBelowInvoiced,
                    format_args!("The new value {ns} would be below the {is} already invoiced."),
                );
            }
            if delta.is_zero() && change.items_added.is_empty() && change.items_removed.is_empty() {
                self.broken(
                    &mut errors,
                    RuleCode::ChangeEmpty,
                    format_args!("The change moves the order value by nothing and lists no items."),
                );
            }
            if delta > zero {
                shortfall = self.shortfall(new_value)?;
                let can_grow = state
                    .transaction
                    .payments
                    .iter()
                    .any(|p| p.group.can_grow());
                if shortfall > zero && !can_grow {
                    let (c, s) = (self.ex.m(new_value.minus(shortfall)?), self.ex.m(shortfall));
                    self.broken(
                        &mut errors,
                        RuleCode::IncreaseNotAllowed,
                        format_args!(
                            "The authorization covers {c} and the new value {ns} needs {s} more, \
                             but no payment is of a group VTEX lets grow (credit card, \
                             promissory, cash or customer credit)."
                        ),
                    );
                }
            }
        }
        if !errors.is_empty() {
            return Ok(Verdict::Rejected(errors));
        }

        self.after.add_change(change);
        self.after.value = new_value;
        if self.ex.is_on() {
            self.explain_delta(change, new_value)?;
        }
        if delta < zero {
            // A decrease cancels what is still open first, then refunds the rest out of what
            // was settled.
            let decrease = zero.minus(delta)?;
            let open = self.total(Payment::room)?;
            let cancel = decrease.min(open);
            let refund = decrease.minus(cancel)?;
            let (d, o, c, r) = (
                self.ex.m(decrease),
                self.ex.m(open),
                self.ex.m(cancel),
                self.ex.m(refund),
            );
            if cancel > zero {
                self.ex.say(
                    StepCode::DecreaseCancels,
                    "6.3",
                    None,
                    format_args!(
                        "The decrease of {d} first cancels what is still open at the gateway: \
                         {c} of the {o} open."
                    ),
                );
            }
            self.cancel(cancel)?;
            if refund > zero {
                if cancel > zero {
                    self.ex.say(
                        StepCode::DecreaseRefunds,
                        "6.3",
                        None,
                        format_args!(
                            "The {o} open does not cover the decrease: the other {r} is \
                             refunded out of what was settled."
                        ),
                    );
                } else {
                    self.ex.say(
                        StepCode::DecreaseRefunds,
                        "6.3",
                        None,
                        format_args!(
                            "Nothing is open at the gateway: the whole decrease, {d}, is \
                             refunded out of what was settled."
                        ),
                    );
                }
            }
            self.refund(refund)?;
        } else if shortfall > zero {
            self.increase(new_value, shortfall)?;
        } else if delta > zero {
            let covered = self.total(|p| p.value.minus(p.cancelled))?;
            let covered = covered.plus(state.transaction.new_charges)?;
            let c = self.ex.m(covered);
            self.ex.say(
                StepCode::IncreaseCovered,
                "6.3",
                None,
                format_args!(
                    "The authorization still covers the new value ({c} ≥ {ns}): nothing is \
                     charged now; the increase settles when it is invoiced."
                ),
            );
        }
        if invoiced == new_value && new_value > zero {
            // VTEX's documented close-out of a partially invoiced order: a discount of V − I.
            self.close_out()?;
        }
        Ok(Verdict::Accepted)
    }

    /// The change's delta and the order's new value (6.3).
    fn explain_delta(&mut self, change: &Change, new_value: Decimal) -> Result<(), Overflow> {
        let (v, n) = (self.ex.m(self.before.value), self.ex.m(new_value));
        let id = change.request_id.as_str();
        if change.discount.is_some() || change.increment.is_some() {
            let how =
                Show(
                    |f: &mut std::fmt::Formatter<'_>| match (change.increment, change.discount) {
                        (Some(i), Some(d)) => {
                            write!(f, "increment {} − discount {}", self.ex.m(i), self.ex.m(d))
                        }
                        (Some(i), None) => write!(f, "an increment of {}", self.ex.m(i)),
                        (None, d) => {
                            let d = d.unwrap_or(Decimal::ZERO);
                            write!(f, "a discount of {}", self.ex.m(d))
                        }
                    },
                );
            let mut text = String::with_capacity(128);
            let _ = write!(
                text,
                "Change {id} takes the order value from {v} to {n}: {how}."
            );
            self.ex.say(StepCode::ChangeValue, "6.3", None, text);
        } else {
            let (a, r) = (
                self.ex.m(sum_lines(&change.items_added)?),
                self.ex.m(sum_lines(&change.items_removed)?),
            );
            self.ex.say(
                StepCode::ChangeValue,
                "6.3",
                None,
                format_args!(
                    "Change {id} takes the order value from {v} to {n}: items added {a} − items \
                     removed {r}."
                ),
            );
        }
        Ok(())
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
    /// The explanation says why each payment before the one that grows could not.
    fn increase(&mut self, new_value: Decimal, shortfall: Decimal) -> Result<(), Overflow> {
        let (s, ns, c) = (
            self.ex.m(shortfall),
            self.ex.m(new_value),
            self.ex.m(new_value.minus(shortfall)?),
        );
        let mut chosen = None;
        for (i, p) in self.after.transaction.payments.iter().enumerate() {
            let grown = p.value.plus(shortfall)?;
            let fits = match p.connector.max_value {
                Some(max) => grown <= max,
                None => true,
            };
            let id = p.id.as_str();
            let why = if !p.group.can_grow() {
                Some(CannotGrow::Group(p.group))
            } else if !p.connector.value_increase {
                Some(CannotGrow::Connector)
            } else if p.is_resolved()? {
                Some(CannotGrow::Resolved)
            } else if !fits {
                Some(CannotGrow::MaxValue(
                    p.value,
                    p.connector.max_value.unwrap_or(grown),
                ))
            } else {
                None
            };
            let Some(why) = why else {
                chosen = Some(i);
                break;
            };
            if !self.ex.is_on() {
                continue;
            }
            let ex = &mut self.ex;
            match why {
                CannotGrow::Group(group) => ex.say(
                    StepCode::PaymentCannotGrow,
                    "6.3",
                    Some(id),
                    format_args!(
                        "{} {id} cannot take the increase: VTEX grows only credit card, \
                         promissory, cash and customer credit payments.",
                        group_label(group)
                    ),
                ),
                CannotGrow::Connector => ex.say(
                    StepCode::PaymentCannotGrow,
                    "6.3",
                    Some(id),
                    format_args!(
                        "{id} cannot take the increase: its connector does not allow value \
                         increase."
                    ),
                ),
                CannotGrow::Resolved => ex.say(
                    StepCode::PaymentCannotGrow,
                    "6.3",
                    Some(id),
                    format_args!(
                        "{id} cannot take the increase: it is settled or cancelled in full, with \
                         no authorization left to grow."
                    ),
                ),
                CannotGrow::MaxValue(a, max) => {
                    let (a, max) = (ex.m(a), ex.m(max));
                    ex.say(
                        StepCode::PaymentCannotGrow,
                        "6.3",
                        Some(id),
                        format_args!(
                            "{id} cannot take the increase: {a} + {s} would exceed its maxValue \
                             {max}, and an increase is never split."
                        ),
                    )
                }
            }
        }
        if let Some(p) = chosen.and_then(|i| self.after.transaction.payments.get_mut(i)) {
            let before = p.value;
            p.value = p.value.plus(shortfall)?;
            self.events.push(Event {
                kind: EventKind::AuthorizationIncreased,
                payment_id: Some(p.id.clone()),
                amount: shortfall,
            });
            let (b, a) = (self.ex.m(before), self.ex.m(p.value));
            let id = p.id.as_str();
            self.ex.say(
                StepCode::AuthorizationIncreased,
                "6.3",
                Some(id),
                format_args!(
                    "The authorization covers {c} of the new value {ns}: {id} takes the whole \
                     shortfall of {s}, and its authorization grows from {b} to {a}; it settles \
                     when invoiced."
                ),
            );
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
            self.ex.say(
                WarningCode::NewTransactionForIncrease,
                "6.3",
                None,
                format_args!(
                    "The authorization covers {c} of the new value {ns}, and no payment can take \
                     the whole shortfall of {s}: it is charged in a separate transaction, not \
                     linked to the order."
                ),
            );
        }
        Ok(())
    }
}

/// Why a payment cannot take an increase (semantics.md 6.3).
enum CannotGrow {
    /// VTEX grows only credit card, promissory, cash and customer credit payments.
    Group(Group),
    /// The connector does not allow value increase.
    Connector,
    /// S + C = A: no authorization left to grow.
    Resolved,
    /// A + shortfall would exceed `maxValue`.
    MaxValue(Decimal, Decimal),
}
