//! The names of the input's enums (order and transaction statuses, invoice types, payment
//! groups, protocols, modes, split and refund policies) as api.md section 3 writes them: one
//! table per enum, read by the schema, written in explanations and VTEX notes. `Serialize`
//! writes the same names (tests/typescript.rs and the schema's tests check the three agree).

use crate::operation::{RefundOrder, SplitPolicy};
use crate::order::{ChangeApi, InvoiceType, OrderStatus, TransactionStatus};
use crate::payment::{Group, Mode, Protocol};

/// The enums of the shapes, read by their names: the ones `Serialize` writes and
/// `bindings.d.ts` declares (tests/typescript.rs checks all three agree). A table instead of
/// serde's derived `Deserialize`, which the `.wasm` would carry once per enum and reader.
pub trait Named: Copy + PartialEq + 'static {
    /// The names, in declaration order (serde's "expected one of …" lists them so).
    const NAMES: &'static [&'static str];
    /// The variants, in the order of `NAMES`.
    const ALL: &'static [Self];

    /// The variant called `name`, if any.
    fn from_name(name: &str) -> Option<Self> {
        let i = Self::NAMES.iter().position(|n| *n == name)?;
        Self::ALL.get(i).copied()
    }

    /// The variant's name (`waiting-for-fulfillment`, `total`), for texts and notes.
    fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .position(|v| *v == self)
            .and_then(|i| Self::NAMES.get(i))
            .copied()
            .unwrap_or("")
    }
}

macro_rules! named {
    ($($ty:ty { $($name:literal => $variant:expr),+ $(,)? })+) => {$(
        impl Named for $ty {
            const NAMES: &'static [&'static str] = &[$($name),+];
            const ALL: &'static [Self] = &[$($variant),+];
        }
    )+};
}

named! {
    OrderStatus {
        "order-created" => OrderStatus::OrderCreated,
        "order-completed" => OrderStatus::OrderCompleted,
        "on-order-completed" => OrderStatus::OnOrderCompleted,
        "payment-pending" => OrderStatus::PaymentPending,
        "waiting-for-order-authorization" => OrderStatus::WaitingForOrderAuthorization,
        "approve-payment" => OrderStatus::ApprovePayment,
        "payment-approved" => OrderStatus::PaymentApproved,
        "payment-denied" => OrderStatus::PaymentDenied,
        "request-cancel" => OrderStatus::RequestCancel,
        "waiting-for-seller-decision" => OrderStatus::WaitingForSellerDecision,
        "authorize-fulfillment" => OrderStatus::AuthorizeFulfillment,
        "window-to-cancel" => OrderStatus::WindowToCancel,
        "ready-for-handling" => OrderStatus::ReadyForHandling,
        "start-handling" => OrderStatus::StartHandling,
        "handling" => OrderStatus::Handling,
        "waiting-for-fulfillment" => OrderStatus::WaitingForFulfillment,
        "ready-for-invoicing" => OrderStatus::ReadyForInvoicing,
        "invoice" => OrderStatus::Invoice,
        "invoiced" => OrderStatus::Invoiced,
        "replaced" => OrderStatus::Replaced,
        "cancellation-requested" => OrderStatus::CancellationRequested,
        "cancel" => OrderStatus::Cancel,
        "canceled" => OrderStatus::Canceled,
    }
    TransactionStatus {
        "approved" => TransactionStatus::Approved,
        "settling" => TransactionStatus::Settling,
        "finished" => TransactionStatus::Finished,
        "canceled" => TransactionStatus::Canceled,
    }
    InvoiceType {
        "output" => InvoiceType::Output,
        "input" => InvoiceType::Input,
    }
    Group {
        "creditCard" => Group::CreditCard,
        "debitCard" => Group::DebitCard,
        "giftCard" => Group::GiftCard,
        "promissory" => Group::Promissory,
        "bankInvoice" => Group::BankInvoice,
        "instantPayment" => Group::InstantPayment,
        "cash" => Group::Cash,
        "creditControl" => Group::CreditControl,
        "other" => Group::Other,
    }
    Protocol {
        "ppp" => Protocol::Ppp,
        "legacy" => Protocol::Legacy,
    }
    Mode {
        "total" => Mode::Total,
        "hold" => Mode::Hold,
        "partial" => Mode::Partial,
    }
    SplitPolicy {
        "lowestValueFirst" => SplitPolicy::LowestValueFirst,
        "listed" => SplitPolicy::Listed,
        "proportional" => SplitPolicy::Proportional,
    }
    RefundOrder {
        "lowestSettledFirst" => RefundOrder::LowestSettledFirst,
        "cardFirst" => RefundOrder::CardFirst,
    }
    ChangeApi {
        "v1" => ChangeApi::V1,
        "v2" => ChangeApi::V2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// The names read are the names written (`Serialize`, which the `.d.ts` and api.md use),
    /// one per variant, in declaration order; `name` gives each back.
    #[test]
    fn enum_names_are_the_serialized_names() {
        fn check<T: Named + serde::Serialize>() {
            assert_eq!(T::NAMES.len(), T::ALL.len());
            for (name, variant) in T::NAMES.iter().zip(T::ALL) {
                assert_eq!(serde_json::to_value(variant).unwrap(), Value::from(*name));
                assert_eq!(variant.name(), *name);
                assert!(T::from_name(name) == Some(*variant));
            }
        }
        check::<OrderStatus>();
        check::<TransactionStatus>();
        check::<InvoiceType>();
        check::<Group>();
        check::<Protocol>();
        check::<Mode>();
        check::<SplitPolicy>();
        check::<RefundOrder>();
        check::<ChangeApi>();
        assert_eq!(OrderStatus::ALL.len(), 23);
        assert_eq!(Group::ALL.len(), 9);
    }
}
