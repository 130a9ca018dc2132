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
//!
//! Each thing the provider does (or does not do yet) writes its line of the explanation as it
//! happens, with the mode that decided it (rule `"4"`).

use crate::codes::{ExplainCode, StepCode, WarningCode};
use crate::explain::{
    Explainer,
    Piece::{M, S, W},
    Words,
};
use crate::money::{at_least_zero, excess, positive, smaller, Checked, Overflow};
use crate::outcome::{Event, EventKind, Figure, View};
use crate::payment::{Mode, Payment};
use rust_decimal::Decimal;

/// The section of semantics.md that says what reaches the provider.
const RULE: &str = "4";

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
/// what the provider did, or `held`. What the provider did is explained line by line in `ex`
/// (the request's own line is the caller's, who knows why it was made).
pub fn record(
    payment: &mut Payment,
    request: Request,
    amount: Decimal,
    mode: Mode,
    events: &mut Vec<Event>,
    ex: &mut Explainer,
) -> Result<Reaction, Overflow> {
    // The id is lent to the log while the ledgers move, and given back whatever happens: no
    // copy of it per request (issue 20). Nothing below reads `payment.id`.
    let id = std::mem::take(&mut payment.id);
    let reaction = react(payment, request, amount, mode, events, ex, &id);
    payment.id = id;
    reaction
}

/// [`record`], the payment's id given apart from it.
fn react(
    payment: &mut Payment,
    request: Request,
    amount: Decimal,
    mode: Mode,
    events: &mut Vec<Event>,
    ex: &mut Explainer,
    id: &str,
) -> Result<Reaction, Overflow> {
    let mut log = Log { id, events, ex };
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
            let capture = smaller(amount, payment.provider_open()?);
            if positive(capture) {
                payment.captured = payment.captured.plus(capture)?;
                log.moved(
                    EventKind::Captured,
                    StepCode::Capture,
                    capture,
                    &[
                        S("Partial mode: the provider captures "),
                        M(capture),
                        S(" on "),
                        W(id),
                        S(" now."),
                    ],
                );
            }
            log.ahead(capture, amount);
        }
        (Mode::Partial, Request::Cancel) => {
            let void = smaller(amount, payment.provider_open()?);
            if positive(void) {
                payment.voided = payment.voided.plus(void)?;
                let v = log.ex.m(void);
                log.moved(
                    EventKind::Voided,
                    StepCode::Void,
                    void,
                    format_args!("Partial mode: the provider voids {v} on {id} now."),
                );
            }
            log.ahead(void, amount);
        }
        (Mode::Partial | Mode::Total, Request::Refund) => {
            provider_refund(payment, amount, &mut log)?
        }
        (Mode::Hold, Request::Refund) if resolved => provider_refund(payment, amount, &mut log)?,
        (Mode::Total, Request::Settle) => {
            // The first settlement takes the whole authorization; a later one only what an
            // increase added since.
            let rest = payment.provider_open()?;
            let (r, a) = (log.ex.m(rest), log.ex.m(amount));
            if rest > amount {
                payment.captured = payment.captured.plus(rest)?;
                log.moved(
                    EventKind::Captured,
                    WarningCode::TotalCapture,
                    rest,
                    format_args!(
                        "Total mode: the provider captures everything still open on {id}, {r}, \
                         not only the {a} the gateway settles."
                    ),
                );
            } else if positive(rest) {
                let later = if positive(payment.captured) {
                    ": what an increase added since the first capture"
                } else {
                    ""
                };
                payment.captured = payment.captured.plus(rest)?;
                log.moved(
                    EventKind::Captured,
                    StepCode::CaptureOpen,
                    rest,
                    format_args!(
                        "Total mode: the provider captures everything still open on {id}, \
                         {r}{later}."
                    ),
                );
            } else {
                log.ex.say(
                    StepCode::AlreadyCaptured,
                    RULE,
                    Some(id),
                    format_args!(
                        "Total mode: the provider has already captured {id} in full, so this \
                         settlement moves no money there."
                    ),
                );
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
            let a = log.ex.m(amount);
            let mode = if mode == Mode::Hold { "Hold" } else { "Total" };
            let text = match request {
                Request::Settle => "settlement",
                Request::Cancel => "cancellation",
                Request::Refund => "refund",
            };
            if request == Request::Refund {
                log.ex.say(
                    WarningCode::HeldByGateway,
                    RULE,
                    Some(id),
                    format_args!(
                        "{mode} mode: {id} is not fully settled or cancelled yet, so the refund \
                         of {a} lowers the held settlement; nothing reaches the provider."
                    ),
                );
            } else {
                log.ex.say(
                    WarningCode::HeldByGateway,
                    RULE,
                    Some(id),
                    format_args!(
                        "{mode} mode: the gateway holds the {text} of {a} on {id}; it reaches \
                         the provider once {id} is fully settled or cancelled."
                    ),
                );
            }
        }
    }
    Ok(reaction)
}

/// `total` mode at resolution: void what was never captured, then refund what the provider
/// charged beyond the net settled amount. Returns whether an over-capture was refunded.
fn resolve_total(payment: &mut Payment, log: &mut Log<'_>) -> Result<bool, Overflow> {
    let id = log.id;
    let never_captured = payment.provider_open()?;
    if positive(never_captured) {
        payment.voided = payment.voided.plus(never_captured)?;
        let v = log.ex.m(never_captured);
        log.moved(
            EventKind::Voided,
            StepCode::VoidUncaptured,
            never_captured,
            format_args!(
                "Total mode: {id} is now fully settled or cancelled at the gateway, so the \
                 provider voids what it never captured, {v}."
            ),
        );
    }
    let charged = payment.charged()?;
    let net = payment.net_settled()?;
    let overcapture = excess(charged, net)?;
    if positive(overcapture) {
        payment.provider_refunded = payment.provider_refunded.plus(overcapture)?;
        let (c, n, o) = (log.ex.m(charged), log.ex.m(net), log.ex.m(overcapture));
        log.moved(
            EventKind::Refunded,
            WarningCode::OvercaptureRefunded,
            overcapture,
            format_args!(
                "Total mode: {id} is now fully settled or cancelled with {n} settled net, but \
                 the provider charged {c}: it refunds the over-capture, {o}."
            ),
        );
        return Ok(true);
    }
    Ok(false)
}

/// `hold` mode at resolution: capture the net settled amount S − R; the rest of the
/// authorization is released (something captured) or voided (nothing settled net).
fn resolve_hold(payment: &mut Payment, log: &mut Log<'_>) -> Result<(), Overflow> {
    let id = log.id;
    let net = payment.net_settled()?;
    let capture = smaller(excess(net, payment.charged()?)?, payment.provider_open()?);
    if positive(capture) {
        payment.captured = payment.captured.plus(capture)?;
        let c = log.ex.m(capture);
        log.moved(
            EventKind::Captured,
            StepCode::HoldCapture,
            capture,
            format_args!(
                "Hold mode: {id} is now fully settled or cancelled at the gateway, so the \
                 provider captures the net settled amount, {c}."
            ),
        );
    }
    let rest = payment.provider_open()?;
    if positive(rest) {
        payment.voided = payment.voided.plus(rest)?;
        let r = log.ex.m(rest);
        if positive(net) {
            log.moved(
                EventKind::Released,
                StepCode::HoldRelease,
                rest,
                format_args!(
                    "Hold mode: the rest of the authorization of {id}, {r}, is released \
                     without a call to the provider."
                ),
            );
        } else {
            log.moved(
                EventKind::Voided,
                StepCode::HoldVoid,
                rest,
                format_args!(
                    "Hold mode: {id} is now fully settled or cancelled with nothing settled net, so the provider \
                     voids {r}."
                ),
            );
        }
    }
    Ok(())
}

/// A refund at the provider, possible only out of captured money (F ≤ K).
fn provider_refund(
    payment: &mut Payment,
    amount: Decimal,
    log: &mut Log<'_>,
) -> Result<(), Overflow> {
    let id = log.id;
    let charged = at_least_zero(payment.charged()?);
    let refund = smaller(amount, charged);
    if positive(refund) {
        payment.provider_refunded = payment.provider_refunded.plus(refund)?;
        let r = log.ex.m(refund);
        log.moved(
            EventKind::Refunded,
            StepCode::ProviderRefund,
            refund,
            format_args!("The provider refunds {r} on {id} now."),
        );
    }
    if refund < amount {
        let (c, a) = (log.ex.m(charged), log.ex.m(amount));
        log.ex.say(
            StepCode::ProviderAhead,
            RULE,
            Some(id),
            format_args!(
                "The provider has charged only {c} net on {id}: it cannot refund all of the \
                 {a} the gateway refunds."
            ),
        );
    }
    Ok(())
}

struct Log<'a> {
    id: &'a str,
    events: &'a mut Vec<Event>,
    ex: &'a mut Explainer,
}

impl Log<'_> {
    fn push(&mut self, kind: EventKind, amount: Decimal) {
        self.events.push(Event {
            kind,
            payment_id: Some(self.id.to_string()),
            amount,
        });
    }

    /// What the provider did: its event, and its line (provider view).
    fn moved(
        &mut self,
        kind: EventKind,
        code: impl Into<ExplainCode>,
        amount: Decimal,
        text: impl Words,
    ) {
        self.push(kind, amount);
        let figure = match kind {
            EventKind::Captured => Figure::Settle,
            EventKind::Refunded => Figure::Refund,
            _ => Figure::Cancel,
        };
        self.ex
            .moved(code, RULE, self.id, View::Provider, figure, amount, text);
    }

    /// A settlement or a cancellation of `requested` of which only `reached` reaches the
    /// provider: its ledger is ahead of the gateway's.
    fn ahead(&mut self, reached: Decimal, requested: Decimal) {
        if reached < requested {
            let (r, q) = (self.ex.m(reached), self.ex.m(requested));
            let id = self.id;
            self.ex.say(
                StepCode::ProviderAhead,
                RULE,
                Some(id),
                format_args!(
                    "The provider's ledger of {id} is ahead of the gateway's: {r} of the {q} \
                     requested reaches it."
                ),
            );
        }
    }
}
