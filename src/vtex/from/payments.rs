//! `paymentData.transactions[].payments[]`: the payments, their groups and connectors.

use super::*;

// ----- Payments ---------------------------------------------------------------------------------

/// VTEX's payment groups (S1 `group`) to the engine's: the same names (any case), `pix` →
/// `instantPayment`, `debit` → `debitCard` (the group name VTEX gives a marketplace's debit
/// method on a seller's order, "Marketplace payment data on seller orders"); `null` (marketplace) and the rest (such as `PSE`) → `other`, noted.
pub(super) fn group(
    payment: &At,
    notes: &mut Notes,
) -> Result<(Group, Option<String>), InputError> {
    let Some(at) = payment.get("group") else {
        notes.add(
            NoteCode::PaymentGroupMissing,
            payment.child_path("group"),
            "no group (a marketplace payment): group other".into(),
        );
        return Ok((Group::Other, None));
    };
    let text = at.text()?;
    let known = [
        ("creditcard", Group::CreditCard),
        ("debitcard", Group::DebitCard),
        ("debit", Group::DebitCard),
        ("giftcard", Group::GiftCard),
        ("promissory", Group::Promissory),
        ("bankinvoice", Group::BankInvoice),
        ("instantpayment", Group::InstantPayment),
        ("pix", Group::InstantPayment),
        ("cash", Group::Cash),
        ("creditcontrol", Group::CreditControl),
        ("other", Group::Other),
    ];
    let lower = text.to_ascii_lowercase();
    let found = known
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|(_, g)| *g);
    let g = match found {
        Some(g) => {
            let renamed = match lower.as_str() {
                "pix" => Some("group \"pix\": instantPayment"),
                "debit" => Some("group \"debit\": debitCard"),
                _ => None,
            };
            if let Some(message) = renamed {
                notes.add(NoteCode::PaymentGroupUnknown, at.path(), message.into());
            }
            g
        }
        None => {
            notes.add(
                NoteCode::PaymentGroupUnknown,
                at.path(),
                format!("group {text:?} is not one of the engine's: group other"),
            );
            Group::Other
        }
    };
    Ok((g, Some(text)))
}

/// A group as the JSON writes it (`creditCard`).
pub(super) fn group_name(g: Group) -> &'static str {
    match g {
        Group::CreditCard => "creditCard",
        Group::DebitCard => "debitCard",
        Group::GiftCard => "giftCard",
        Group::Promissory => "promissory",
        Group::BankInvoice => "bankInvoice",
        Group::InstantPayment => "instantPayment",
        Group::Cash => "cash",
        Group::CreditControl => "creditControl",
        Group::Other => "other",
    }
}

/// `paymentData.transactions[].payments[]` (S1): `id`, `group`, `paymentSystem`, `value` and
/// `referenceValue` in cents. The authorization A is `referenceValue` when `value` carries
/// installment interest (the OMS settles the order value, which excludes interest, K3/K4).
/// The connector comes from `options.connectors` (by payment id, then payment system, then
/// group, then `default`; else `ppp` + `total`, VTEX's default mode, S13/S14).
pub(super) fn payments(
    root: &At,
    currency: Currency,
    options: &FromVtexOptions,
    authorized_value: Decimal,
    notes: &mut Notes,
) -> Result<(Vec<Payment>, Vec<Option<bool>>), InputError> {
    let mut out: Vec<Payment> = Vec::new();
    let mut auto = Vec::new();
    let payment_data = root.get("paymentData");
    let transactions = match &payment_data {
        Some(pd) => pd.list_of("transactions")?,
        None => Vec::new(),
    };
    for tx in transactions {
        if let Some(active) = tx.get("isActive") {
            if !active.boolean()? {
                notes.add(
                    NoteCode::TransactionInactive,
                    tx.path(),
                    "an inactive transaction: left out".into(),
                );
                continue;
            }
        }
        let transaction_id = tx.opt_text("transactionId")?;
        for (k, at) in tx.list_of("payments")?.into_iter().enumerate() {
            if out.len() >= MAX_PAYMENTS {
                return Err(at.error(format!("too many payments: at most {MAX_PAYMENTS}")));
            }
            let id = match at.get("id") {
                Some(id) => id.id()?,
                None => assumed_id(transaction_id.as_deref(), k, &out, &at, notes),
            };
            affiliate(&at, transaction_id.as_deref(), notes)?;
            if out.iter().any(|p| p.id == id) {
                return Err(InputError::new(
                    at.child_path("id"),
                    format!("payment id {id:?} appears twice"),
                ));
            }
            let (group, raw_group) = group(&at, notes)?;
            let value_at = at.req("value")?;
            let value = value_at.cents(currency)?;
            if value < Decimal::ZERO {
                return Err(value_at.error("expected an amount ≥ 0"));
            }
            let mut authorized = value;
            if let Some(r) = at.get("referenceValue") {
                let reference = r.cents(currency)?;
                if reference < value && reference >= Decimal::ZERO {
                    notes.add(
                        NoteCode::InstallmentInterest,
                        r.path(),
                        format!("value {value} includes {} of interest: the authorization is the referenceValue {reference}", value.minus(reference).unwrap_or_default()),
                    );
                    authorized = reference;
                } else if reference > value {
                    notes.add(NoteCode::ReferenceValueIgnored, r.path(), format!("referenceValue {reference} above value {value}: the authorization is {value}"));
                }
            }
            let system = at.get("paymentSystem").map(|s| s.id()).transpose()?;
            let c = &options.connectors;
            let rule = crate::vtex::rule_for(&c.by_payment_id, &id)
                .or_else(|| {
                    system
                        .as_deref()
                        .and_then(|s| crate::vtex::rule_for(&c.by_payment_system, s))
                })
                .or_else(|| {
                    raw_group
                        .as_deref()
                        .and_then(|g| crate::vtex::rule_for(&c.by_group, g))
                })
                .or_else(|| crate::vtex::rule_for(&c.by_group, group_name(group)))
                .or(c.default.as_ref());
            let connector = connector(rule, currency, Some(&at), notes)?;
            auto.push(rule.and_then(|r| r.auto_settle));
            out.push(Payment {
                id,
                group,
                value: authorized,
                connector,
                settled: Decimal::ZERO,
                cancelled: Decimal::ZERO,
                refunded: Decimal::ZERO,
                captured: Decimal::ZERO,
                voided: Decimal::ZERO,
                provider_refunded: Decimal::ZERO,
            });
        }
    }
    if out.is_empty() {
        notes.add(
            NoteCode::PaymentAssumed,
            "order.paymentData".into(),
            format!("no payment in the order: one payment \"marketplace\" of {authorized_value}, group other"),
        );
        let rule = crate::vtex::rule_for(&options.connectors.by_payment_id, "marketplace")
            .or(options.connectors.default.as_ref());
        auto.push(rule.and_then(|r| r.auto_settle));
        out.push(Payment {
            id: "marketplace".to_string(),
            group: Group::Other,
            value: authorized_value,
            connector: connector(rule, currency, None, notes)?,
            settled: Decimal::ZERO,
            cancelled: Decimal::ZERO,
            refunded: Decimal::ZERO,
            captured: Decimal::ZERO,
            voided: Decimal::ZERO,
            provider_refunded: Decimal::ZERO,
        });
    }
    let mut total = sum(out.iter().map(|p| p.value)).map_err(overflow("order.paymentData"))?;
    if total > authorized_value {
        if let Some(group) = order_group(root)? {
            total = group_share(&mut out, total, authorized_value, currency, &group, notes)?;
        }
    }
    if total != authorized_value {
        notes.add(
            NoteCode::AuthorizationDiffersFromValue,
            "order.paymentData".into(),
            format!("the payments authorize {total}, the order's value at authorization is {authorized_value}"),
        );
    }
    Ok((out, auto))
}

/// The order group the order belongs to: `orderGroup` (S1), when the order id is that group's
/// id with its sequence suffix (`566880726117` → `566880726117-01`), the shape of every order
/// VTEX's checkout splits by seller.
fn order_group(root: &At) -> Result<Option<String>, InputError> {
    let (Some(group), Some(id)) = (root.opt_text("orderGroup")?, root.opt_text("orderId")?) else {
        return Ok(None);
    };
    let own = id
        .strip_prefix(group.as_str())
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    Ok(own.then_some(group))
}

/// The payments of an order group's transaction, on one of its orders: VTEX's checkout opens
/// one payment transaction for the whole group and every order of the group lists it whole
/// (the Orders API's "Get orders by order group" example, S1: orders `v71425090str-01` and
/// `-02` both list payment `B004B117…` of 227.45; the marketplace-switch guide of VTEX's
/// docs: order `566880726117-01` of 805.00 lists the 905.00 promissory that also pays
/// `-02`'s 100.00). What this order can settle, cancel or refund is its own share, so each
/// payment's authorization becomes its share of the order's value at authorization, in
/// proportion to the payments' values (exact, largest remainder: the shares add up to the
/// value). Which payment pays which order of the group is not in VTEX's data. Returns the
/// new total.
fn group_share(
    payments: &mut [Payment],
    total: Decimal,
    authorized_value: Decimal,
    currency: Currency,
    group: &str,
    notes: &mut Notes,
) -> Result<Decimal, InputError> {
    let values: Vec<Decimal> = payments.iter().map(|p| p.value).collect();
    let split = crate::split::proportional(authorized_value, &values, currency)
        .map_err(overflow("order.paymentData"))?;
    for p in payments.iter_mut() {
        p.value = Decimal::ZERO;
    }
    for (i, share) in split.parts {
        if let Some(p) = payments.get_mut(i) {
            p.value = share;
        }
    }
    notes.add(
        NoteCode::PaymentsPayOrderGroup,
        "order.paymentData".into(),
        format!("the payments authorize {total}, more than this order's {authorized_value}: they pay order group {group}, and this order's share, {authorized_value}, is taken from them in proportion"),
    );
    sum(payments.iter().map(|p| p.value)).map_err(overflow("order.paymentData"))
}

/// The marker of a payment the marketplace took (`transactionId`), and the older one
/// (`paymentSystemName` prefix): "Marketplace payment data on seller orders" (VTEX dev portal
/// guide, `vtexdocs/dev-portal-content`, 2026-09) and the help FAQ "Why don't my payment
/// methods appear on the marketplace?" (`vtexdocs/help-center-content`
/// `docs/en/faq/channels/`).
pub(super) const FROM_AFFILIATE: &str = "PAYMENT-FROM-AFFILIATE";
pub(super) const ASSUMED_BY_AFFILIATE: &str = "Assumed value by affiliate";

/// A payment without `id`: VTEX's own payload of a payment the marketplace took has none (the
/// guide above: `{ "transactionId": "PAYMENT-FROM-AFFILIATE", "payments": [{ "paymentSystem":
/// "21", …, "value": 100000, "group": "creditCard" }] }`), so a seller's order from a
/// marketplace was refused at `…payments[0].id`. Its id is `<transactionId>#<n>` (the n-th
/// payment of its transaction, the next n when another payment has that id; `payment#<n>`
/// without a transaction id), noted.
pub(super) fn assumed_id(
    transaction_id: Option<&str>,
    k: usize,
    taken: &[Payment],
    at: &At,
    notes: &mut Notes,
) -> String {
    let base = transaction_id.unwrap_or("payment");
    let mut n = k.saturating_add(1);
    let mut id = numbered(base, n);
    while taken.iter().any(|p| p.id == id) {
        n = n.saturating_add(1);
        id = numbered(base, n);
    }
    notes.add(
        NoteCode::PaymentIdMissing,
        at.child_path("id"),
        "no payment id: its transactionId and position stand for it".into(),
    );
    id
}

/// Notes a payment the marketplace (the affiliate) took: its transaction is
/// `PAYMENT-FROM-AFFILIATE`, or its `paymentSystemName` starts "Assumed value by affiliate"
/// (older orders). VTEX: this `paymentData` "is **not** a payment transaction on the seller's
/// VTEX Payment Gateway … Do not use it to authorize, settle, refund, or capture a payment on
/// the seller account" (the guide above). It stays a payment of the state (the order's value
/// is paid by it, and the state needs one), mapped as any other, but what the preview settles,
/// cancels or refunds on it is what the marketplace owes the seller or takes back, not a
/// request to this account's gateway; `reconcile` finds no gateway records for it.
pub(super) fn affiliate(
    payment: &At,
    transaction_id: Option<&str>,
    notes: &mut Notes,
) -> Result<(), InputError> {
    let by_transaction = transaction_id.is_some_and(|t| t.eq_ignore_ascii_case(FROM_AFFILIATE));
    // Read leniently: only its first words matter, and VTEX writes a label of any length.
    let by_name = payment
        .get("paymentSystemName")
        .and_then(|n| n.value.as_str())
        .is_some_and(|n| n.starts_with(ASSUMED_BY_AFFILIATE));
    if by_transaction || by_name {
        notes.add(
            NoteCode::PaymentFromAffiliate,
            payment.path(),
            if by_transaction {
                "paid through the marketplace (transactionId PAYMENT-FROM-AFFILIATE): this account's gateway moves nothing for it"
            } else {
                "paid through the marketplace (paymentSystemName \"Assumed value by affiliate …\"): this account's gateway moves nothing for it"
            }
            .into(),
        );
    }
    Ok(())
}

/// The connector a payment (at `payment`, or the assumed one) gets from its rule.
pub(super) fn connector(
    rule: Option<&ConnectorRule>,
    currency: Currency,
    payment: Option<&At>,
    notes: &mut Notes,
) -> Result<Connector, InputError> {
    let rule = match rule {
        Some(r) => r.clone(),
        None => {
            notes.add(
                NoteCode::ConnectorAssumed,
                payment.map_or_else(|| "order.paymentData".to_string(), At::path),
                "no options.connectors entry: protocol ppp, mode total".into(),
            );
            ConnectorRule::default()
        }
    };
    let max_value = match &rule.max_value {
        Some((amount, at)) => Some(
            currency
                .fit(*amount)
                .map_err(|m| InputError::new(at.clone(), m))?,
        ),
        None => None,
    };
    Ok(Connector {
        protocol: rule.protocol.unwrap_or(Protocol::Ppp),
        mode: rule.mode.unwrap_or(Mode::Total),
        partial_refund: rule.partial_refund.unwrap_or(true),
        value_increase: rule.value_increase.unwrap_or(false),
        max_value,
    })
}

/// Gift cards settle by themselves at authorization (S25: "the voucher auto-settles at
/// approval"; vtex-notes 8), so without gateway data a gift card starts settled (S = A).
/// `autoSettle` in the payment's `options.connectors` entry says otherwise for a gift card, or
/// auto-settles another payment.
pub(super) fn auto_settle(payments: &mut [Payment], auto: &[Option<bool>], notes: &mut Notes) {
    for (i, p) in payments.iter_mut().enumerate() {
        let flag = auto.get(i).copied().flatten();
        if flag.unwrap_or(p.group == Group::GiftCard) && p.value > Decimal::ZERO {
            p.settled = p.value;
            notes.add(
                NoteCode::AutoSettled,
                "order.paymentData".into(),
                format!(
                    "payment {} ({}) settled {} by itself at authorization",
                    p.id,
                    group_name(p.group),
                    p.value
                ),
            );
        }
    }
}

/// Fills each payment's provider ledger from its gateway ledger and effective mode
/// (semantics.md section 3), and checks the ledger bounds.
pub(super) fn derive_provider(state: &mut OrderState) -> Result<(), InputError> {
    let (modes, _) = engine::effective_modes(&state.transaction.payments);
    for (p, mode) in state.transaction.payments.iter_mut().zip(modes) {
        let derived = p
            .derive_provider_ledger(mode)
            .and_then(|()| p.broken_bound());
        let broken = derived.map_err(|_| {
            InputError::new(
                format!("transaction (payment {})", p.id),
                "amounts out of range",
            )
        })?;
        if let Some(broken) = broken {
            return Err(InputError::new(
                "transaction",
                format!("payment {}: {broken}", p.id),
            ));
        }
    }
    Ok(())
}
