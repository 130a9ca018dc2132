//! The findings catalogue (api.md section 9): a closed set of discrepancy codes, each with its
//! severity and its VTEX source. (The names are the contract between the core, the CLI's
//! generator and summaries, the package's types and the Python package: add codes, do not
//! rename them.)

use serde::Serialize;

/// How bad a finding is (api.md section 9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// Inconsistent records that move no money by themselves.
    Data,
    /// A flow that did not finish.
    Stuck,
    /// Money at risk.
    Money,
}

impl Severity {
    /// The name as JSON writes it.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Data => "data",
            Severity::Stuck => "stuck",
            Severity::Money => "money",
        }
    }
}

/// A discrepancy code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FindingCode {
    /// Settlement requests the gateway has not executed (requests without actions): alone, the order is `pending`.
    SettlementNotExecuted,
    /// Settlement actions (other than auto-settlement) beyond what was requested.
    SettlementNotRequested,
    /// A settlement request of value 0 (it finishes the transaction and blocks later settlements, K5).
    ZeroSettlementRequest,
    /// Recorded settled above expected, beyond what the mode and the other findings explain.
    OverSettled,
    /// Recorded settled below expected, not covered by pending requests.
    UnderSettled,
    /// Settled more than the payment's authorization.
    SettledBeyondAuthorization,
    /// Total or legacy mode: the over-capture the rules give back was not refunded.
    OvercaptureNotRefunded,
    /// A return (input invoice) whose refund did not reach the provider.
    ReturnNotRefunded,
    /// Another refund the rules call for (a decrease on a settled payment) is missing.
    RefundMissing,
    /// A refund the connector did not execute (value 0, `refund-manually`): a manual reversal is needed.
    RefundNotExecuted,
    /// A refund recorded twice.
    RefundDuplicated,
    /// Refunded more than the rules call for, not explained by a duplicate.
    OverRefunded,
    /// Refunded more than was settled.
    RefundExceedsSettled,
    /// A cancelled order or transaction whose payment still settled (net of refunds).
    CanceledButSettled,
    /// An authorization still open on an invoiced or cancelled order.
    AuthorizationLeftOpen,
    /// Cancelled (voided) more than the rules call for: revenue released.
    OverCancelled,
    /// The order's status contradicts the transaction's.
    StatusMismatch,
    /// A payment of the order that the gateway's records do not have.
    PaymentNotInGateway,
    /// Gateway records for a payment the order does not have.
    PaymentNotInOrder,
    /// The gateway's payment value differs from the order's.
    ValueDiffers,
    /// A cancellation the connector did not execute (value 0, `cancel-manually`): the
    /// authorization is still held at the provider and must be released by hand.
    CancellationNotExecuted,
}

impl FindingCode {
    /// Every code, in declaration order.
    pub const ALL: [FindingCode; 21] = [
        FindingCode::SettlementNotExecuted,
        FindingCode::SettlementNotRequested,
        FindingCode::ZeroSettlementRequest,
        FindingCode::OverSettled,
        FindingCode::UnderSettled,
        FindingCode::SettledBeyondAuthorization,
        FindingCode::OvercaptureNotRefunded,
        FindingCode::ReturnNotRefunded,
        FindingCode::RefundMissing,
        FindingCode::RefundNotExecuted,
        FindingCode::RefundDuplicated,
        FindingCode::OverRefunded,
        FindingCode::RefundExceedsSettled,
        FindingCode::CanceledButSettled,
        FindingCode::AuthorizationLeftOpen,
        FindingCode::OverCancelled,
        FindingCode::StatusMismatch,
        FindingCode::PaymentNotInGateway,
        FindingCode::PaymentNotInOrder,
        FindingCode::ValueDiffers,
        FindingCode::CancellationNotExecuted,
    ];

    /// The code as JSON writes it.
    pub fn name(self) -> &'static str {
        match self {
            FindingCode::SettlementNotExecuted => "SETTLEMENT_NOT_EXECUTED",
            FindingCode::SettlementNotRequested => "SETTLEMENT_NOT_REQUESTED",
            FindingCode::ZeroSettlementRequest => "ZERO_SETTLEMENT_REQUEST",
            FindingCode::OverSettled => "OVER_SETTLED",
            FindingCode::UnderSettled => "UNDER_SETTLED",
            FindingCode::SettledBeyondAuthorization => "SETTLED_BEYOND_AUTHORIZATION",
            FindingCode::OvercaptureNotRefunded => "OVERCAPTURE_NOT_REFUNDED",
            FindingCode::ReturnNotRefunded => "RETURN_NOT_REFUNDED",
            FindingCode::RefundMissing => "REFUND_MISSING",
            FindingCode::RefundNotExecuted => "REFUND_NOT_EXECUTED",
            FindingCode::RefundDuplicated => "REFUND_DUPLICATED",
            FindingCode::OverRefunded => "OVER_REFUNDED",
            FindingCode::RefundExceedsSettled => "REFUND_EXCEEDS_SETTLED",
            FindingCode::CanceledButSettled => "CANCELED_BUT_SETTLED",
            FindingCode::AuthorizationLeftOpen => "AUTHORIZATION_LEFT_OPEN",
            FindingCode::OverCancelled => "OVER_CANCELLED",
            FindingCode::StatusMismatch => "STATUS_MISMATCH",
            FindingCode::PaymentNotInGateway => "PAYMENT_NOT_IN_GATEWAY",
            FindingCode::PaymentNotInOrder => "PAYMENT_NOT_IN_ORDER",
            FindingCode::ValueDiffers => "VALUE_DIFFERS",
            FindingCode::CancellationNotExecuted => "CANCELLATION_NOT_EXECUTED",
        }
    }

    /// Its severity.
    pub fn severity(self) -> Severity {
        match self {
            FindingCode::SettlementNotExecuted => Severity::Stuck,
            FindingCode::SettlementNotRequested => Severity::Data,
            FindingCode::ZeroSettlementRequest => Severity::Stuck,
            FindingCode::OverSettled => Severity::Money,
            FindingCode::UnderSettled => Severity::Money,
            FindingCode::SettledBeyondAuthorization => Severity::Money,
            FindingCode::OvercaptureNotRefunded => Severity::Money,
            FindingCode::ReturnNotRefunded => Severity::Money,
            FindingCode::RefundMissing => Severity::Money,
            FindingCode::RefundNotExecuted => Severity::Money,
            FindingCode::RefundDuplicated => Severity::Money,
            FindingCode::OverRefunded => Severity::Money,
            FindingCode::RefundExceedsSettled => Severity::Money,
            FindingCode::CanceledButSettled => Severity::Money,
            FindingCode::AuthorizationLeftOpen => Severity::Stuck,
            FindingCode::OverCancelled => Severity::Money,
            FindingCode::StatusMismatch => Severity::Data,
            FindingCode::PaymentNotInGateway => Severity::Data,
            FindingCode::PaymentNotInOrder => Severity::Data,
            FindingCode::ValueDiffers => Severity::Data,
            FindingCode::CancellationNotExecuted => Severity::Stuck,
        }
    }
}
