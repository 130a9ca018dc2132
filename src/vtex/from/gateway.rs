//! The Payments Gateway's records (S3): the ledgers when given.

use super::*;

// ----- Gateway data -----------------------------------------------------------------------------

/// The gateway's records (S3, vtex-notes 6.2): `settlements`, `refunds` and `cancellations`,
/// each the body of its `GET /api/pvt/transactions/{id}/…` route: `{ requests, actions }`,
/// where each action is `{ paymentId, value (cents), type, date }` (an `auto-settlement`
/// counts like any settlement). A list given directly is its actions. Per payment, settled S
/// is the sum of its settlement actions, refunded R of its refund actions, cancelled C of its
/// cancellation actions. `payments` (Payment Details) are compared with the order's; `status`
/// `Cancelled`/`Canceled` cancels the transaction. Returns whether it is cancelled.
pub(super) fn gateway(
    tx: &At,
    currency: Currency,
    payments: &mut [Payment],
    notes: &mut Notes,
) -> Result<bool, InputError> {
    tx.object()?;
    for (key, figure) in [("settlements", 0_u8), ("refunds", 1), ("cancellations", 2)] {
        let Some(at) = tx.get(key) else { continue };
        let actions = if at.value.is_array() {
            at.list()?
        } else {
            at.object()?;
            if at.get("actions").is_none()
                && at.get("requests").is_none()
                && at.get("href").is_some()
            {
                notes.add(
                    NoteCode::GatewayLinkOnly,
                    at.path(),
                    format!("{key} is a link: counted as none"),
                );
                continue;
            }
            at.list_of("actions")?
        };
        let mut acted = Decimal::ZERO;
        for action in actions {
            let pid_at = action.req("paymentId")?;
            let pid = pid_at.id()?;
            let value_at = action.req("value")?;
            let value = value_at.cents(currency)?;
            if value < Decimal::ZERO {
                return Err(value_at.error("expected an amount ≥ 0"));
            }
            let p = payments.iter_mut().find(|p| p.id == pid).ok_or_else(|| {
                pid_at.error(format!(
                    "unknown payment {pid:?}: the order has no such payment"
                ))
            })?;
            let target = match figure {
                0 => &mut p.settled,
                1 => &mut p.refunded,
                _ => &mut p.cancelled,
            };
            *target = target.plus(value).map_err(value_at.overflow())?;
            acted = acted.plus(value).map_err(value_at.overflow())?;
        }
        if figure == 0 && !at.value.is_array() {
            let mut requested = Decimal::ZERO;
            for request in at.list_of("requests")? {
                let v = request.req("value")?.cents(currency)?;
                requested = requested.plus(v).map_err(request.overflow())?;
            }
            if requested > acted {
                notes.add(
                    NoteCode::SettlementPending,
                    at.path(),
                    format!("settlement requests of {requested}, actions of {acted}: {} pending, not counted", requested.minus(acted).unwrap_or_default()),
                );
            }
        }
    }
    for at in tx.list_of("payments")? {
        let id = at.req("id")?.id()?;
        let Some(p) = payments.iter().find(|p| p.id == id) else {
            return Err(at.child_path("id")).map_err(|path| {
                InputError::new(
                    path,
                    format!("unknown payment {id:?}: the order has no such payment"),
                )
            });
        };
        let value = match at.get("referenceValue") {
            Some(r) => r.cents(currency)?,
            None => at.req("value")?.cents(currency)?,
        };
        if value != p.value {
            notes.add(
                NoteCode::GatewayValueDiffers,
                at.path(),
                format!(
                    "the gateway shows {value} for payment {id}, the order {}: the order's is used",
                    p.value
                ),
            );
        }
    }
    let canceled = match tx.get("status") {
        Some(s) => matches!(
            s.text()?.to_ascii_lowercase().as_str(),
            "cancelled" | "canceled"
        ),
        None => false,
    };
    Ok(canceled)
}
