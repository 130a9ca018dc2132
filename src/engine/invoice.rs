//! 6.1 Output invoice: the settlement target, the settlement and the close-out.

use super::{Run, Verdict};
use crate::codes::{RuleCode, StepCode, WarningCode};
use crate::explain::{
    group_label,
    Piece::{M, S, W},
    Show, Units,
};
use crate::gateway::Request;
use crate::money::{excess, positive, smaller, Checked, Overflow};
use crate::names::Named;
use crate::operation::InvoiceRequest;
use crate::order::{units_by_id, InvoiceType, Item, OrderStatus};
use rust_decimal::Decimal;

impl Run<'_> {
    pub(super) fn invoice(&mut self, invoice: &InvoiceRequest) -> Result<Verdict, Overflow> {
        let state = self.before;
        let number = invoice.number.as_str();
        if state.has_invoice_number(number) {
            return Ok(self.replay(
                WarningCode::InvoiceNumberReused,
                format_args!(
                    "Invoice number {number} is already on the order: VTEX only issues a new \
                     receipt, and no money moves."
                ),
            ));
        }
        let x = invoice.value;
        let value = state.value;
        let invoiced = self.after.invoiced_before?;
        let m = |a| self.ex.m(a);
        let (xs, vs, is) = (m(x), m(value), m(invoiced));
        let mut errors = Vec::new();
        if !positive(x) {
            self.broken(
                &mut errors,
                RuleCode::AmountNotPositive,
                format_args!("The invoice value is {xs}: it must be greater than zero."),
            );
        }
        if matches!(state.status, OrderStatus::Invoiced | OrderStatus::Canceled) {
            self.broken(
                &mut errors,
                RuleCode::OrderNotInvoiceable,
                format_args!(
                    "The order is {}: it takes no more output invoices.",
                    state.status.name()
                ),
            );
        }
        if invoiced.plus(x)? > value {
            let left = self.ex.m(excess(value, invoiced)?);
            self.broken(
                &mut errors,
                RuleCode::InvoiceExceedsRemaining,
                format_args!(
                    "Invoiced {is} + this invoice {xs} exceeds the order value {vs}: {left} is \
                     left to invoice."
                ),
            );
        }
        // Units only for the ids the invoice lists (none when it lists no items).
        // The counts are lists beside the ids, in their order (no map per count: issue 20);
        // nothing at all is counted for an invoice that lists no items.
        // No list of units already invoiced (all 0) when no output invoice lists items.
        let wanted = units_by_id(&invoice.items)?;
        let listing = || {
            state
                .invoices
                .iter()
                .any(|i| i.kind == InvoiceType::Output && !i.items.is_empty())
        };
        let (available, listed) = if wanted.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            (
                state.units_available_in(&wanted)?,
                match listing() {
                    true => state.units_listed_in(InvoiceType::Output, &wanted)?,
                    false => Vec::new(),
                },
            )
        };
        for (i, (id, quantity)) in wanted.into_iter().enumerate() {
            match available.get(i).copied().flatten() {
                None => self.broken(
                    &mut errors,
                    RuleCode::UnknownItem,
                    format_args!("The order has no item {id}."),
                ),
                Some(units) => {
                    let already = listed.get(i).copied().unwrap_or(0);
                    if already.saturating_add(quantity) > units {
                        self.broken(
                            &mut errors,
                            RuleCode::ItemQuantityExceeded,
                            format_args!(
                                "Item {id}: {} already invoiced + {} in this invoice exceed \
                                 the {} the order has.",
                                Units(already),
                                Units(quantity),
                                Units(units)
                            ),
                        );
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
                let iv = self.ex.m(items_value);
                self.ex.say(
                    WarningCode::ValueDiffersFromItems,
                    "6.1",
                    None,
                    format_args!(
                        "The listed items add up to {iv}, the invoice value is {xs}: it may \
                         include shipping or tax, and the invoice value is what counts."
                    ),
                );
            }
        }

        // Settlement target: I + x, never above V, less what went to separate transactions;
        // payments already settled (auto-settled gift cards) count towards it.
        let reached = smaller(invoiced.plus(x)?, value);
        let new_charges = state.transaction.new_charges;
        let target = reached.minus(new_charges)?;
        // Summed as it is read (no list of the payments' figures first).
        let mut settled_net = Decimal::ZERO;
        for p in &state.transaction.payments {
            settled_net = settled_net.plus(p.net_settled()?)?;
        }
        let to_settle = excess(target, settled_net)?;
        if self.ex.is_on() {
            self.explain_target(invoice, invoiced, reached, target, settled_net, to_settle)?;
        }
        self.place(Request::Settle, to_settle)?;
        self.after.add_invoice(invoice, InvoiceType::Output)?;
        if invoiced.plus(x)? == value {
            self.close_out()?;
        }
        Ok(Verdict::Accepted)
    }

    /// The settlement target, what counts towards it and what is left to settle (6.1).
    fn explain_target(
        &mut self,
        invoice: &InvoiceRequest,
        invoiced: Decimal,
        reached: Decimal,
        target: Decimal,
        settled_net: Decimal,
        to_settle: Decimal,
    ) -> Result<(), Overflow> {
        let state = self.before;
        let target = target.max(Decimal::ZERO);
        let t = self.ex.m(target);
        self.ex.say(
            StepCode::SettlementTarget,
            "6.1",
            None,
            &[
                S("Invoice "),
                W(&invoice.number),
                S(" of "),
                M(invoice.value),
                S(" brings the amount invoiced to "),
                M(reached),
                S(" of the order value "),
                M(state.value),
                S(": the settlement target is "),
                M(reached),
                S("."),
            ],
        );
        let new_charges = state.transaction.new_charges;
        if positive(new_charges) {
            let (n, r) = (self.ex.m(new_charges), self.ex.m(reached));
            self.ex.say(
                StepCode::NewChargesExcluded,
                "6.1",
                None,
                format_args!(
                    "Increases of {n} were charged in separate transactions (new charges): \
                     this transaction settles at most {r} − {n} = {t}."
                ),
            );
        }
        for p in &state.transaction.payments {
            let net = p.net_settled()?;
            if !positive(net) {
                continue;
            }
            let n = self.ex.m(net);
            let id = p.id.as_str();
            if invoiced.is_zero() {
                let s = self.ex.m(p.settled);
                let net_of_refunds = Show(|f: &mut std::fmt::Formatter<'_>| {
                    if positive(p.refunded) {
                        write!(f, ", {n} net of refunds")
                    } else {
                        Ok(())
                    }
                });
                self.ex.say(
                    StepCode::AutoSettled,
                    "6.1",
                    Some(id),
                    format_args!(
                        "{} {id} settled {s} by itself{net_of_refunds}; it counts towards the \
                         settlement target of {t}.",
                        group_label(p.group)
                    ),
                );
            } else {
                self.ex.say(
                    StepCode::SettledEarlier,
                    "6.1",
                    Some(id),
                    &[
                        W(id),
                        S(" has "),
                        M(net),
                        S(" settled net already; it counts towards the settlement target of "),
                        M(target),
                        S("."),
                    ],
                );
            }
        }
        if to_settle.is_zero() {
            self.ex.say(
                StepCode::NothingToSettle,
                "6.1",
                None,
                format_args!(
                    "The {s} settled net covers the settlement target of {t}: the gateway \
                     settles nothing more.",
                    s = self.ex.m(settled_net)
                ),
            );
        } else if settled_net.is_zero() {
            self.ex.say(
                StepCode::ToSettle,
                "6.1",
                None,
                &[
                    S("Nothing is settled yet: the gateway settles the whole target, "),
                    M(to_settle),
                    S("."),
                ],
            );
        } else {
            self.ex.say(
                StepCode::ToSettle,
                "6.1",
                None,
                &[
                    S("The gateway settles the target "),
                    M(target),
                    S(" less the "),
                    M(settled_net),
                    S(" settled net: "),
                    M(to_settle),
                    S("."),
                ],
            );
        }
        Ok(())
    }

    /// The listed items' value at their prices (the order's unit price where the invoice gives
    /// none); `None` when there are no items or a price is unknown.
    fn items_value(&self, items: &[Item]) -> Result<Option<Decimal>, Overflow> {
        if items.is_empty() {
            return Ok(None);
        }
        let mut total = Decimal::ZERO;
        let mut prices = self.before.unit_prices();
        for item in items {
            let Some(price) = item.price.or_else(|| prices.get(&item.id)) else {
                return Ok(None);
            };
            // One unit of a price that is not zero is the price itself, as `times` gives it
            // (the same mantissa and scale; `rust_decimal` makes a zero product a plain 0):
            // no 96-bit multiply for the common line of one unit (issue 20).
            let line = if item.quantity == 1 && !price.is_zero() {
                price
            } else {
                price.times(Decimal::from(item.quantity))?
            };
            total = total.plus(line)?;
        }
        Ok(Some(total))
    }
}
