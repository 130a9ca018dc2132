//! Payments and their two ledgers (semantics.md section 3).
//!
//! Each payment has an authorized amount A and two ledgers: the **gateway** ledger (settled S,
//! cancelled C, refunded R: what the OMS asked the payment gateway for) and the **provider**
//! ledger (captured K, voided X, refunded F: what actually reached the acquirer, real money).
//! Always S + C ≤ A, R ≤ S, K + X ≤ A, F ≤ K.

use crate::money::{compare, excess, Checked, Overflow};
use rust_decimal::Decimal;
use serde::Serialize;
use std::cmp::Ordering;

/// The payment method family, as VTEX groups payment systems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Group {
    /// Credit card.
    CreditCard,
    /// Debit card.
    DebitCard,
    /// Gift card (often auto-settled at approval).
    GiftCard,
    /// Promissory note.
    Promissory,
    /// Bank invoice (boleto).
    BankInvoice,
    /// Instant payment (Pix).
    InstantPayment,
    /// Cash.
    Cash,
    /// Customer credit.
    CreditControl,
    /// Anything else.
    Other,
}

impl Group {
    /// VTEX lets an order change grow the authorization only for these groups (Change v1 S9,
    /// v2 S10/S12: credit card, promissory, cash, customer credit).
    pub fn can_grow(self) -> bool {
        matches!(
            self,
            Group::CreditCard | Group::Promissory | Group::Cash | Group::CreditControl
        )
    }

    /// Cards come first in the `cardFirst` refund order.
    pub fn is_card(self) -> bool {
        matches!(self, Group::CreditCard | Group::DebitCard)
    }
}

/// How the connector speaks to VTEX.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Protocol {
    /// The Payment Provider Protocol: the gateway's processing mode applies.
    Ppp,
    /// A legacy connector: always behaves as `total` (no partial settlement).
    Legacy,
}

/// The gateway's processing mode for a connector (semantics.md section 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Mode {
    /// The default: the first settlement captures the whole authorization; cancellations wait
    /// until the payment resolves (S + C = A).
    Total,
    /// Settlements and cancellations wait until S + C = A; then the provider captures S − R.
    Hold,
    /// Every request reaches the provider as it is.
    Partial,
}

/// What a connector supports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Connector {
    /// `ppp` or `legacy`.
    pub protocol: Protocol,
    /// The configured processing mode (a legacy connector behaves as `total` whatever it says).
    pub mode: Mode,
    /// Whether the provider refunds less than the whole net charged amount.
    pub partial_refund: bool,
    /// Whether an order change may grow this payment's authorization.
    pub value_increase: bool,
    /// The largest authorization the provider accepts (PPP `maxValue`), when it limits one.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::order::serialize_opt_amount"
    )]
    pub max_value: Option<Decimal>,
}

impl Connector {
    /// The mode the payment follows on its own: a legacy connector always behaves as `total`.
    pub fn own_mode(&self) -> Mode {
        match self.protocol {
            Protocol::Legacy => Mode::Total,
            Protocol::Ppp => self.mode,
        }
    }
}

/// One payment of the transaction, with both ledgers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Payment {
    /// The payment id.
    pub id: String,
    /// The payment method family.
    pub group: Group,
    /// A: the authorized amount.
    #[serde(serialize_with = "crate::order::serialize_amount")]
    pub value: Decimal,
    /// The connector.
    pub connector: Connector,
    /// S: settled at the gateway.
    #[serde(serialize_with = "crate::order::serialize_amount")]
    pub settled: Decimal,
    /// C: cancelled at the gateway.
    #[serde(serialize_with = "crate::order::serialize_amount")]
    pub cancelled: Decimal,
    /// R: refunded at the gateway.
    #[serde(serialize_with = "crate::order::serialize_amount")]
    pub refunded: Decimal,
    /// K: captured by the provider.
    #[serde(serialize_with = "crate::order::serialize_amount")]
    pub captured: Decimal,
    /// X: voided (or released) at the provider.
    #[serde(serialize_with = "crate::order::serialize_amount")]
    pub voided: Decimal,
    /// F: refunded by the provider.
    #[serde(serialize_with = "crate::order::serialize_amount")]
    pub provider_refunded: Decimal,
}

impl Payment {
    /// Gateway open: A − S − C, what is authorized and neither settled nor cancelled.
    pub fn gateway_open(&self) -> Result<Decimal, Overflow> {
        self.value.minus(self.settled)?.minus(self.cancelled)
    }

    /// Provider open: A − K − X, what the provider still holds authorized.
    pub fn provider_open(&self) -> Result<Decimal, Overflow> {
        self.value.minus(self.captured)?.minus(self.voided)
    }

    /// Net settled at the gateway: S − R.
    pub fn net_settled(&self) -> Result<Decimal, Overflow> {
        self.settled.minus(self.refunded)
    }

    /// Charged: K − F, what the customer has paid through the provider, net.
    pub fn charged(&self) -> Result<Decimal, Overflow> {
        self.captured.minus(self.provider_refunded)
    }

    /// A payment is resolved once the gateway has settled or cancelled all of it (S + C = A):
    /// nothing is left to settle, and its authorization cannot grow.
    pub fn is_resolved(&self) -> Result<bool, Overflow> {
        Ok(compare(&self.settled.plus(self.cancelled)?, &self.value) != Ordering::Less)
    }

    /// Fills the provider ledger from the gateway ledger, as section 4 would have produced it,
    /// for a state that gives none of the three provider fields (semantics.md section 3).
    pub fn derive_provider_ledger(&mut self, mode: Mode) -> Result<(), Overflow> {
        let a = self.value;
        let (s, c, r) = (self.settled, self.cancelled, self.refunded);
        let resolved = self.is_resolved()?;
        let zero = Decimal::ZERO;
        let (k, x, f) = match mode {
            Mode::Partial => (s, c, r),
            Mode::Total if s > zero => {
                let overcapture = if resolved { a.minus(s)? } else { zero };
                (a, zero, r.plus(overcapture)?)
            }
            Mode::Total => (zero, if c >= a { a } else { zero }, zero),
            Mode::Hold if resolved => {
                let net = s.minus(r)?;
                (net, a.minus(net)?, zero)
            }
            Mode::Hold => (zero, zero, zero),
        };
        self.captured = k;
        self.voided = x;
        self.provider_refunded = f;
        Ok(())
    }

    /// The first broken ledger bound, if any: nothing negative, S + C ≤ A, R ≤ S, K + X ≤ A,
    /// F ≤ K.
    pub fn broken_bound(&self) -> Result<Option<&'static str>, Overflow> {
        let zero = Decimal::ZERO;
        let fields = [
            self.value,
            self.settled,
            self.cancelled,
            self.refunded,
            self.captured,
            self.voided,
            self.provider_refunded,
        ];
        Ok(if fields.iter().any(|v| *v < zero) {
            Some("no ledger amount may be negative")
        } else if self.settled.plus(self.cancelled)? > self.value {
            Some("settled + cancelled may not exceed the authorized value (S + C ≤ A)")
        } else if self.refunded > self.settled {
            Some("refunded may not exceed settled (R ≤ S)")
        } else if self.captured.plus(self.voided)? > self.value {
            Some("captured + voided may not exceed the authorized value (K + X ≤ A)")
        } else if self.provider_refunded > self.captured {
            Some("providerRefunded may not exceed captured (F ≤ K)")
        } else {
            None
        })
    }

    /// Room left to settle or cancel: the gateway open amount, never negative.
    pub fn room(&self) -> Result<Decimal, Overflow> {
        excess(self.value, self.settled.plus(self.cancelled)?)
    }
}
