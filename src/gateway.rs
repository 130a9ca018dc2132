//! How a gateway request reaches the provider: the processing modes (semantics.md section 4).
//!
//! The gateway records a settle s, cancel c or refund r on one payment; what the provider does
//! depends on the payment's effective mode:
//!
//! | mode | settle s | cancel c | refund r |
//! |---|---|---|---|
//! | `partial` | capture s now | void c now | refund r now |
//! | `total` | capture A − K − X when above zero | held until S + C = A; then void A − K − X | refund r now |
//! | `hold` | held until S + C = A; then capture S − R | held until S + C = A; then void or release the rest | before resolution, lowers the held settlement; after, refund r now |
//!
//! Policies (VTEX is silent, the spec decides): in `total` mode, when the payment resolves and
//! the provider charged more than the gateway settled net, the excess is refunded at once
//! (`OVERCAPTURE_REFUNDED`); in `hold` mode, a resolution with something settled net captures
//! S − R and *releases* the rest (event `released`), with nothing settled net it voids A. Either
//! way a resolved payment keeps nothing open at the provider (K + X = A).

use crate::money::{excess, Checked, Overflow};
use crate::outcome::{Event, EventKind};
use crate::payment::{Mode, Payment};
use rust_decimal::Decimal;

/// What the gateway is asked to record on one payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    /// Settle (capture) part of the authorization.
    Settle,
    /// Cancel (release) part of the authorization.
    Cancel,
    /// Refund part of what was settled.
    Refund,
}

/// What the provider's reaction to one request is worth telling the operator.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reaction {
    /// The request waits in the gateway (`HELD_BY_GATEWAY`).
    pub held: bool,
    /// The provider refunded an over-capture (`OVERCAPTURE_REFUNDED`).
    pub overcapture_refunded: bool,
}

/// Records one gateway request of `amount` (> 0, within the payment's room) on `payment`, lets
/// the provider react according to `mode`, and appends the events: the request first, then
/// what the provider did, or `held`.
pub fn record(
    payment: &mut Payment,
    request: Request,
    amount: Decimal,
    mode: Mode,
    events: &mut Vec<Event>,
) -> Result<Reaction, Overflow> {
    let mut log = Log {
        id: payment.id.clone(),
        events,
    };
    let mut reaction = Reaction::default();
    match request {
        Request::Settle => {
            log.push(EventKind::SettlementRequested, amount);
            payment.settled = payment.settled.plus(amount)?;
        }
        Request::Cancel => {
            log.push(EventKind::CancellationRequested, amount);
            payment.cancelled = payment.cancelled.plus(amount)?;
        }
        Request::Refund => {
            log.push(EventKind::RefundRequested, amount);
            payment.refunded = payment.refunded.plus(amount)?;
        }
    }
    let resolved = payment.is_resolved()?;
    match (mode, request) {
        // A state may give a provider ledger ahead of the gateway's (K + X > S + C, e.g. a
        // gift card captured in full but settled in part): the provider never captures or
        // voids beyond what it still holds open (K + X ≤ A).
        (Mode::Partial, Request::Settle) => {
            let capture = amount.min(payment.provider_open()?);
            if capture > Decimal::ZERO {
                payment.captured = payment.captured.plus(capture)?;
                log.push(EventKind::Captured, capture);
            }
        }
        (Mode::Partial, Request::Cancel) => {
            let void = amount.min(payment.provider_open()?);
            if void > Decimal::ZERO {
                payment.voided = payment.voided.plus(void)?;
                log.push(EventKind::Voided, void);
            }
        }
        (Mode::Partial | Mode::Total, Request::Refund) => {
            provider_refund(payment, amount, &mut log)?
        }
        (Mode::Hold, Request::Refund) if resolved => provider_refund(payment, amount, &mut log)?,
        (Mode::Total, Request::Settle) => {
            // The first settlement takes the whole authorization; a later one only what an
            // increase added since.
            let rest = payment.provider_open()?;
            if rest > Decimal::ZERO {
                payment.captured = payment.captured.plus(rest)?;
                log.push(EventKind::Captured, rest);
            }
            if resolved {
                reaction.overcapture_refunded = resolve_total(payment, &mut log)?;
            }
        }
        (Mode::Total, Request::Cancel) if resolved => {
            reaction.overcapture_refunded = resolve_total(payment, &mut log)?;
        }
        (Mode::Hold, Request::Settle | Request::Cancel) if resolved => {
            resolve_hold(payment, &mut log)?;
        }
        (Mode::Total | Mode::Hold, _) => {
            reaction.held = true;
            log.push(EventKind::Held, amount);
        }
    }
    Ok(reaction)
}

/// `total` mode at resolution: void what was never captured, then refund what the provider
/// charged beyond the net settled amount. Returns whether an over-capture was refunded.
fn resolve_total(payment: &mut Payment, log: &mut Log<'_>) -> Result<bool, Overflow> {
    let never_captured = payment.provider_open()?;
    if never_captured > Decimal::ZERO {
        payment.voided = payment.voided.plus(never_captured)?;
        log.push(EventKind::Voided, never_captured);
    }
    let overcapture = excess(payment.charged()?, payment.net_settled()?)?;
    if overcapture > Decimal::ZERO {
        payment.provider_refunded = payment.provider_refunded.plus(overcapture)?;
        log.push(EventKind::Refunded, overcapture);
        return Ok(true);
    }
    Ok(false)
}

/// `hold` mode at resolution: capture the net settled amount S − R; the rest of the
/// authorization is released (something captured) or voided (nothing settled net).
fn resolve_hold(payment: &mut Payment, log: &mut Log<'_>) -> Result<(), Overflow> {
    let net = payment.net_settled()?;
    let capture = excess(net, payment.charged()?)?.min(payment.provider_open()?);
    if capture > Decimal::ZERO {
        payment.captured = payment.captured.plus(capture)?;
        log.push(EventKind::Captured, capture);
    }
    let rest = payment.provider_open()?;
    if rest > Decimal::ZERO {
        payment.voided = payment.voided.plus(rest)?;
        let kind = if net > Decimal::ZERO {
            EventKind::Released
        } else {
            EventKind::Voided
        };
        log.push(kind, rest);
    }
    Ok(())
}

/// A refund at the provider, possible only out of captured money (F ≤ K).
fn provider_refund(
    payment: &mut Payment,
    amount: Decimal,
    log: &mut Log<'_>,
) -> Result<(), Overflow> {
    let refund = amount.min(payment.charged()?.max(Decimal::ZERO));
    if refund > Decimal::ZERO {
        payment.provider_refunded = payment.provider_refunded.plus(refund)?;
        log.push(EventKind::Refunded, refund);
    }
    Ok(())
}

struct Log<'a> {
    id: String,
    events: &'a mut Vec<Event>,
}

impl Log<'_> {
    fn push(&mut self, kind: EventKind, amount: Decimal) {
        self.events.push(Event {
            kind,
            payment_id: Some(self.id.clone()),
            amount,
        });
    }
}
