//! The records a correct gateway keeps for a replayed order: what [`super::reconcile`] reads
//! as `matched` on every payment. The property tests build their exports from it, and the
//! CLI's generator may too (RECONCILE-CONTRACT: records "computed from the expected ledgers").

use crate::money::Checked;
use crate::names::Named;
use crate::order::{OrderState, OrderStatus, TransactionStatus};
use crate::payment::Group;
use rust_decimal::Decimal;
use serde_json::{json, Value};

/// An amount in VTEX's cents (hundredths of the major unit): a JSON integer when whole (every
/// amount read from VTEX is), else the exact decimal text (which [`super::reconcile`] refuses
/// as not whole cents: a gateway cannot record a fraction of a cent).
fn cents(amount: Decimal) -> Value {
    match amount.times(Decimal::ONE_HUNDRED) {
        Ok(c) if c.fract().is_zero() => match i64::try_from(c.trunc()) {
            Ok(i) => json!(i),
            Err(_) => json!(c.normalize().to_string()),
        },
        Ok(c) => json!(c.normalize().to_string()),
        Err(_) => json!(amount.to_string()),
    }
}

/// The gateway records (the `transaction` argument of [`super::reconcile`]) that a correct
/// gateway writes for `state`'s ledgers, as `fromVtex(order)` replays them:
///
/// - `status`: `Cancelled` for a cancelled order, else `Finished`, `Settling` or `Approved`
///   from the replayed transaction status;
/// - `payments`: each payment's `id`, `group`, `value` and `referenceValue` (A, cents);
/// - `settlements.requests`: one request of Σ S (the gateway-settled total: what the OMS
///   asked, the auto-settled gift cards included, as in S3's example), when above 0;
///   `settlements.actions`: one per payment that captured, of K (`auto-settlement` for a gift
///   card, else `settlement`);
/// - `refunds.actions`: per payment, one of the gateway's own refunds (min(R, F)) and one of
///   the over-capture refund (the rest of F), each when above 0, with a `refundId`;
///   `cancellations.actions`: one per payment of X.
///
/// Dates are left out (they are optional in the records).
pub fn ideal_records(state: &OrderState) -> Value {
    let payments = &state.transaction.payments;
    let mut settled = Decimal::ZERO;
    for p in payments {
        settled = settled.plus(p.settled).unwrap_or(settled);
    }
    let actions = |kind: &str, pick: &dyn Fn(&crate::payment::Payment) -> Decimal| -> Vec<Value> {
        payments
            .iter()
            .filter(|p| pick(p) > Decimal::ZERO)
            .map(|p| {
                let t = if kind == "settlement" && p.group == Group::GiftCard {
                    "auto-settlement"
                } else {
                    kind
                };
                json!({ "paymentId": p.id, "type": t, "value": cents(pick(p)), "connectorResponse": null })
            })
            .collect()
    };
    let requests: Vec<Value> = if settled > Decimal::ZERO {
        vec![json!({ "id": "request-1", "value": cents(settled) })]
    } else {
        Vec::new()
    };
    // The gateway's own refunds (returns, decreases, a cancellation) and the over-capture
    // refund (total mode, F − R) are separate refunds: two actions.
    let mut refunds = Vec::new();
    for p in payments {
        let own = p.refunded.min(p.provider_refunded).max(Decimal::ZERO);
        let over = p.provider_refunded.minus(own).unwrap_or(Decimal::ZERO);
        for (i, value) in [(1, own), (2, over)] {
            if value > Decimal::ZERO {
                refunds.push(json!({
                    "paymentId": p.id, "type": "refund", "value": cents(value),
                    "connectorResponse": { "refundId": format!("{}-refund-{i}", p.id), "code": null }
                }));
            }
        }
    }
    let status = if state.status == OrderStatus::Canceled {
        "Cancelled"
    } else {
        match state.transaction.status {
            TransactionStatus::Approved => "Approved",
            TransactionStatus::Settling => "Settling",
            TransactionStatus::Finished => "Finished",
            TransactionStatus::Canceled => "Cancelled",
        }
    };
    json!({
        "id": state.order_id.clone().unwrap_or_default(),
        "status": status,
        "payments": payments.iter().map(|p| json!({
            "id": p.id, "group": p.group.name(), "value": cents(p.value), "referenceValue": cents(p.value)
        })).collect::<Vec<_>>(),
        "settlements": { "requests": requests, "actions": actions("settlement", &|p| p.captured) },
        "refunds": { "requests": [], "actions": refunds },
        "cancellations": { "requests": [], "actions": actions("cancellation", &|p| p.voided) },
    })
}
