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

/// A discrepancy code. Each says what it explains (which drift, in which order: see the
/// attribution rules in [`super`]), its severity, and its VTEX source (ids of
/// `shared/reference/vtex-notes.md`; K* paths under `vtexdocs/known-issues`
/// `docs/en/known-issues/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FindingCode {
    /// **stuck**. Settled below expected while the OMS's settlement requests cover what the
    /// rules call for, or requests beyond what the rules settle that no action answered:
    /// requested, not executed (yet). Alone, the status is `pending`. Source:
    /// S3 `/settlements` ("Settlement request initiated, but not completed … only `request`");
    /// known issue `Payments/order-with-status-of-verifying-invoice-does-not-update-to-invoiced.md`
    /// (requests and actions diverge).
    SettlementNotExecuted,
    /// **data**. Settled above expected, within the authorization, beyond what the requests
    /// ask for: settlement actions (other than auto-settlement) without a request. Source: S3
    /// `/settlements` (`requests` against `actions`); the same known issue as above.
    SettlementNotRequested,
    /// **stuck**. A settlement request of value 0: it finishes the transaction and blocks
    /// later settlements. Source: K5
    /// `Payments/order-stuck-in-verifying-invoice-after-settlementrequest-with-value-0.md`.
    ZeroSettlementRequest,
    /// **money**. Settled above expected, requested and executed, beyond what the invoices and
    /// the mode call for (what is left of a positive settled drift once the causes above are
    /// taken). Source: S5/S7/S8 (partial invoices settle what is invoiced), S13 (the modes).
    OverSettled,
    /// **money**. Settled below expected and not even requested (what is left of a negative
    /// settled drift once the requests are counted). Source: S7/S8, S13.
    UnderSettled,
    /// **money**. A payment settled more than its authorization (A): explains its whole positive
    /// settled drift. Source: S13 ("can't settle more than authorized" is implied: a
    /// settlement captures the authorization, vtex-notes 7).
    SettledBeyondAuthorization,
    /// **money**. Total mode (or legacy, or mixed modes): the over-capture the rules give back
    /// (F − R, semantics.md 4, policy `OVERCAPTURE_REFUNDED`) was not refunded. Source: S13
    /// (total mode captures the order total), S9/S10 (a decrease on a settled payment is
    /// reversed).
    OvercaptureNotRefunded,
    /// **money**. A return (input invoice) whose refund did not reach the provider. Source: K8
    /// `Order Management/input-invoice-is-not-triggering-the-refund-process-at-the-gateway.md`,
    /// S23.
    ReturnNotRefunded,
    /// **money**. Another refund the rules call for (a decrease on a settled payment) is
    /// missing: what is left of a negative refund drift. Source: S9/S10, S15; K7
    /// `Payments/incorrect-refund-for-purchases-with-3-payment-methods-one-of-them-being-gc.md`.
    RefundMissing,
    /// **money**. A refund the connector did not execute (an action of value 0, or with the
    /// code `refund-manually`, or a `refund` field entry with `ValueAsInt` 0): a manual reversal
    /// is needed. Source: S2/S17 (refund response: `value` 0 on failure, code
    /// `refund-manually`); K6
    /// `Payments/error-when-processing-the-second-refund-or-cancellation-with-the-same-value-as-the-first.md`.
    RefundNotExecuted,
    /// **money**. A refund recorded twice (the same payment, value and date or connector
    /// operation id). Source: known issue
    /// `Payments/when-settleid-is-sent-as-null-and-code-as-refundmanually-our-gateway-performs-a-double-refund.md`.
    RefundDuplicated,
    /// **money**. Refunded above expected, not explained by a duplicate nor by refunding more
    /// than was settled. Source: S15.
    OverRefunded,
    /// **money**. Refunded more than was settled (what a positive refund drift has beyond the
    /// recorded settled amount, after duplicates). Source: S13 ("The connector will only carry
    /// out a refund operation if the requested amount has already been settled").
    RefundExceedsSettled,
    /// **money**. A cancelled order or transaction whose payment still settled, net of refunds:
    /// a positive settled drift, or a negative refund drift, on a cancelled order (or a
    /// transaction whose status is cancelled). Source: S16/S18 (cancelling refunds what was
    /// settled, voids the rest); known issues
    /// `Payments/payment-finished-and-transaction-canceling-after-risk-analysis-rejected.md`,
    /// `Payments/payment-stuck-after-early-cancellation-request-during-settling.md`.
    CanceledButSettled,
    /// **stuck**. Cancelled below expected: an authorization the rules release (the close-out
    /// of an invoiced order, a cancellation, a decrease in partial mode) is still open. Source:
    /// S5/S9 (the close-out cancels the rest), S13.
    AuthorizationLeftOpen,
    /// **money**. Cancelled (voided) above expected: authorization released beyond the rules,
    /// revenue lost. Source: S13.
    OverCancelled,
    /// **data**. The order's status contradicts the transaction's: a cancelled order whose
    /// transaction is not cancelled, or a cancelled transaction on an order that is not.
    /// Source: S18 ("VTEX ends the transaction with the status `canceled`"), S19/S20; the known
    /// issues cited at `CANCELED_BUT_SETTLED`.
    StatusMismatch,
    /// **data**. A payment of the order that the gateway's `payments` list does not have.
    /// Source: S1 `paymentData` against S3 Payment Details.
    PaymentNotInGateway,
    /// **data**. Gateway records (a `payments` entry or actions) of a payment the order does
    /// not have; its actions count on no payment (the amount is what settled on it). Source:
    /// S1 against S3.
    PaymentNotInOrder,
    /// **data**. The gateway's payment value (`referenceValue`, else `value`) differs from the
    /// order's authorization (amount: gateway − order); for a payment that pays the order
    /// group, from the group's value the order lists and from this order's share alike
    /// (`compare::GroupShare`). Source: S3 Payment Details; K3/K4 (interest: `value` against
    /// `referenceValue`); S1 "Get orders by order group".
    ValueDiffers,
    /// **stuck**. A cancellation the connector did not execute (an action of value 0, or with
    /// the code `cancel-manually`): the authorization is still held at the provider and must
    /// be released by hand. Source: S2 (cancellation response: code `cancel-manually`); K11
    /// `Payments/the-system-does-not-allow-multiple-cancellation-with-giftcard.md`.
    CancellationNotExecuted,
    /// **data**. A payment above expected on a figure by as much as another payment of the
    /// order is below: the gateway split the order's amount otherwise than the rules assume
    /// (the split policy, `lowestValueFirst` by default, and the refund order,
    /// `lowestSettledFirst`), the order's total as expected. Explains those parts of both
    /// drifts, after the records' own causes (duplicates, not executed, a cancelled order,
    /// beyond the authorization) and before the rest. Source: S13 ("the method with the
    /// lowest amount first", tie-break and spill-over undocumented, vtex-notes 8 and 11.2),
    /// S15 (refund order); K7.
    SplitDiffers,
}

impl FindingCode {
    /// Every code, in declaration order.
    pub const ALL: [FindingCode; 22] = [
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
        FindingCode::SplitDiffers,
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
            FindingCode::SplitDiffers => "SPLIT_DIFFERS",
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
            FindingCode::SplitDiffers => Severity::Data,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names are what serde's `SCREAMING_SNAKE_CASE` writes, distinct; `ALL` lists each
    /// variant once (the match in `name` and `severity` has every variant).
    #[test]
    fn names_are_the_codes_and_all_lists_each_once() {
        let mut seen = std::collections::BTreeSet::new();
        for code in FindingCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.name());
            assert_eq!(
                serde_json::to_value(code.severity()).unwrap(),
                code.severity().name()
            );
            assert!(seen.insert(code.name()));
        }
        // The explanation codes never share a name with a finding code.
        for step in crate::codes::ReconcileStep::ALL {
            assert!(FindingCode::ALL.iter().all(|c| c.name() != step.name()));
        }
    }
}
