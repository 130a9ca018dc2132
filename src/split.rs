//! Which payment: splitting a transaction-level amount across payments (semantics.md section 5).
//!
//! Each payment takes what it can (its gateway open amount to settle or cancel, its net settled
//! amount to refund) in an order of payments; or, with the `proportional` policy, a share of the
//! amount in proportion to the open amounts, by largest remainder. No minor unit is ever created
//! or lost: the parts plus what could not be placed always sum to the amount.

use crate::money::{
    at_least_zero, excess, from_minor, positive, smaller, to_minor, Checked, Currency, Overflow,
};
use crate::operation::{RefundOrder, SplitPolicy};
use crate::payment::Payment;
use rust_decimal::Decimal;

/// The result of a split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// `(payment index, amount)` in split order; only non-zero parts.
    pub parts: Vec<(usize, Decimal)>,
    /// What no payment could take (warning `AMOUNT_NOT_PLACED` when above zero).
    pub unplaced: Decimal,
}

/// Order of payments for settlements and cancellations: `lowestValueFirst` sorts by ascending
/// authorized value A, ties in list order; `listed` and `proportional` keep list order.
pub fn settlement_order(payments: &[Payment], policy: SplitPolicy) -> Vec<usize> {
    if policy != SplitPolicy::LowestValueFirst {
        return (0..payments.len()).collect();
    }
    // Ties in list order: the index is the last part of the key.
    let mut keyed: Vec<SortKey> = Vec::with_capacity(payments.len());
    for (i, p) in payments.iter().enumerate() {
        keyed.push((0, p.value, i));
    }
    keyed.sort();
    keyed.into_iter().map(|(_, _, i)| i).collect()
}

/// The one key every ordering of the crate sorts: `(tier, amount, index)`, ascending (the
/// payments here, the largest remainders here and in `plan`, VTEX's history in `vtex`). Each
/// element type sorted is its own copy of the standard library's sort in the `.wasm`, about
/// 4 KB: one type, one copy. The index, last, makes every key distinct (ties in list order).
pub type SortKey = (u8, Decimal, usize);

/// Order of payments for refunds: `lowestSettledFirst` by ascending net settled (S − R), ties in
/// list order; `cardFirst` puts credit and debit cards first, each group by lowest net settled.
pub fn refund_order(payments: &[Payment], rule: RefundOrder) -> Result<Vec<usize>, Overflow> {
    let mut keyed: Vec<SortKey> = Vec::with_capacity(payments.len());
    for (i, p) in payments.iter().enumerate() {
        let tier = match rule {
            RefundOrder::CardFirst if !p.group.is_card() => 1_u8,
            _ => 0,
        };
        keyed.push((tier, p.net_settled()?, i));
    }
    keyed.sort();
    Ok(keyed.into_iter().map(|(_, _, i)| i).collect())
}

/// Fills payments one after the other in `order`, each up to its capacity.
pub fn sequential(
    amount: Decimal,
    capacities: &[Decimal],
    order: &[usize],
) -> Result<Split, Overflow> {
    let mut left = at_least_zero(amount);
    let mut parts = Vec::new();
    for &i in order {
        if left.is_zero() {
            break;
        }
        let capacity = capacities.get(i).copied().unwrap_or_default();
        let take = smaller(left, at_least_zero(capacity));
        if positive(take) {
            parts.push((i, take));
            left = left.minus(take)?;
        }
    }
    Ok(Split {
        parts,
        unplaced: left,
    })
}

/// Splits `amount` in proportion to `capacities` (list order), by largest remainder in minor
/// units: each part is first rounded down, then the minor units left go one each to the parts
/// with the largest remainders, ties to the earlier part. When the amount exceeds the total
/// capacity every payment takes its whole capacity and the rest is unplaced.
///
/// Example: 100.00 over three equal capacities is 33.34, 33.33, 33.33.
pub fn proportional(
    amount: Decimal,
    capacities: &[Decimal],
    currency: Currency,
) -> Result<Split, Overflow> {
    let amount = at_least_zero(amount);
    let weights = capacities
        .iter()
        .map(|c| to_minor(at_least_zero(*c), currency))
        .collect::<Result<Vec<i128>, _>>()?;
    let total: i128 = weights
        .iter()
        .try_fold(0_i128, |acc, w| acc.checked_add(*w))
        .ok_or(Overflow)?;
    let wanted = to_minor(amount, currency)?;
    if wanted >= total {
        let parts = capacities
            .iter()
            .enumerate()
            .filter(|(_, c)| positive(**c))
            .map(|(i, c)| (i, *c))
            .collect();
        let unplaced = excess(amount, from_minor(total, currency)?)?;
        return Ok(Split { parts, unplaced });
    }
    // Here 0 ≤ wanted < total, so total > 0 and every division is defined.
    let mut floors = Vec::with_capacity(weights.len());
    let mut remainders: Vec<SortKey> = Vec::with_capacity(weights.len());
    let mut given: i128 = 0;
    for (i, w) in weights.iter().enumerate() {
        let product = wanted.checked_mul(*w).ok_or(Overflow)?;
        let floor = product.checked_div(total).ok_or(Overflow)?;
        let remainder = product.checked_rem(total).ok_or(Overflow)?;
        floors.push(floor);
        // Largest remainder first, ties to the earlier part: (−remainder, index) ascending.
        let key = Decimal::try_from_i128_with_scale(remainder.checked_neg().ok_or(Overflow)?, 0)
            .map_err(|_| Overflow)?;
        remainders.push((0, key, i));
        given = given.checked_add(floor).ok_or(Overflow)?;
    }
    remainders.sort();
    let mut left = wanted.checked_sub(given).ok_or(Overflow)?;
    for (_, _, i) in remainders {
        if left <= 0 {
            break;
        }
        if let Some(floor) = floors.get_mut(i) {
            *floor = floor.checked_add(1).ok_or(Overflow)?;
            left = left.checked_sub(1).ok_or(Overflow)?;
        }
    }
    let mut parts = Vec::new();
    for (i, minor) in floors.into_iter().enumerate() {
        if minor > 0 {
            parts.push((i, from_minor(minor, currency)?));
        }
    }
    Ok(Split {
        parts,
        unplaced: Decimal::ZERO,
    })
}

/// Splits a settlement or a cancellation over the payments' gateway open amounts, per policy.
pub fn settle_or_cancel(
    amount: Decimal,
    payments: &[Payment],
    policy: SplitPolicy,
    currency: Currency,
) -> Result<Split, Overflow> {
    let open = payments
        .iter()
        .map(Payment::room)
        .collect::<Result<Vec<_>, _>>()?;
    match policy {
        SplitPolicy::Proportional => proportional(amount, &open, currency),
        _ => sequential(amount, &open, &settlement_order(payments, policy)),
    }
}

/// Splits a refund over the payments' net settled amounts (S − R), in refund order.
pub fn refund(amount: Decimal, payments: &[Payment], rule: RefundOrder) -> Result<Split, Overflow> {
    let net = payments
        .iter()
        .map(|p| Ok(at_least_zero(p.net_settled()?)))
        .collect::<Result<Vec<_>, Overflow>>()?;
    sequential(amount, &net, &refund_order(payments, rule)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn hundred_in_three_equal_parts() {
        let brl = Currency::from_code("BRL").unwrap();
        let caps = [d("50.00"), d("50.00"), d("50.00")];
        let split = proportional(d("100.00"), &caps, brl).unwrap();
        assert_eq!(
            split.parts,
            vec![(0, d("33.34")), (1, d("33.33")), (2, d("33.33"))]
        );
        assert_eq!(split.unplaced, Decimal::ZERO);
    }

    #[test]
    fn proportional_beyond_capacity_leaves_the_rest() {
        let jpy = Currency::from_code("JPY").unwrap();
        let split = proportional(d("10"), &[d("3"), d("4")], jpy).unwrap();
        assert_eq!(split.parts, vec![(0, d("3")), (1, d("4"))]);
        assert_eq!(split.unplaced, d("3"));
    }

    #[test]
    fn sequential_fills_in_order() {
        let split = sequential(d("50"), &[d("30"), d("70")], &[1, 0]).unwrap();
        assert_eq!(split.parts, vec![(1, d("50"))]);
        let split = sequential(d("120"), &[d("30"), d("70")], &[1, 0]).unwrap();
        assert_eq!(split.parts, vec![(1, d("70")), (0, d("30"))]);
        assert_eq!(split.unplaced, d("20"));
    }
}
