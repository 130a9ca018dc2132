//! The closed sets of business-rule codes and warning codes (api.md section 2), each documented
//! once, here. A rejected operation is an outcome with `accepted: false` and every broken rule;
//! warnings come only with accepted outcomes.

use serde::Serialize;

/// A business rule an operation breaks. The operation is rejected and changes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RuleCode {
    /// An invoice or return value ≤ 0 (VTEX: `invoiceValue` "must be greater than 0").
    AmountNotPositive,
    /// A change discount or increment < 0 (VTEX v1: "needs to be greater or equal than zero").
    AmountNegative,
    /// Invoicing an order that is `invoiced` or `canceled`.
    OrderNotInvoiceable,
    /// Invoiced + value > order value (VTEX validates Σ output invoices ≤ order value).
    InvoiceExceedsRemaining,
    /// An item id that the order does not have.
    UnknownItem,
    /// Invoicing, returning or removing more units than are left.
    ItemQuantityExceeded,
    /// A change removes units that are already invoiced.
    ItemAlreadyInvoiced,
    /// A return greater than invoiced − returned.
    ReturnExceedsInvoiced,
    /// A change outside `handling`, `waiting-for-fulfillment`, `ready-for-invoicing`.
    ChangeNotAllowedInStatus,
    /// A change on a fully invoiced order.
    ChangeOnInvoicedOrder,
    /// A change when the transaction is `finished`.
    ChangeOnFinishedTransaction,
    /// The 51st change (VTEX v1 allows 50 per order).
    ChangeLimitReached,
    /// A delta of zero with no items.
    ChangeEmpty,
    /// Discount ≥ order value, or the change leaves the order no value (cancel it instead).
    ChangeExceedsOrderValue,
    /// The new value < invoiced.
    ChangeBelowInvoiced,
    /// The authorization no longer covers the new value, and no payment has a group that VTEX
    /// lets grow.
    IncreaseNotAllowed,
    /// The operation needs a provider refund smaller than the net charged amount on a payment
    /// whose connector has no partial refund.
    RefundNotSupported,
    /// Cancelling an order that has an output invoice.
    CancelAfterInvoice,
    /// Cancelling a cancelled order.
    OrderAlreadyCanceled,
}

impl RuleCode {
    /// Every rule code, in the order of api.md.
    pub const ALL: [RuleCode; 19] = [
        RuleCode::AmountNotPositive,
        RuleCode::AmountNegative,
        RuleCode::OrderNotInvoiceable,
        RuleCode::InvoiceExceedsRemaining,
        RuleCode::UnknownItem,
        RuleCode::ItemQuantityExceeded,
        RuleCode::ItemAlreadyInvoiced,
        RuleCode::ReturnExceedsInvoiced,
        RuleCode::ChangeNotAllowedInStatus,
        RuleCode::ChangeOnInvoicedOrder,
        RuleCode::ChangeOnFinishedTransaction,
        RuleCode::ChangeLimitReached,
        RuleCode::ChangeEmpty,
        RuleCode::ChangeExceedsOrderValue,
        RuleCode::ChangeBelowInvoiced,
        RuleCode::IncreaseNotAllowed,
        RuleCode::RefundNotSupported,
        RuleCode::CancelAfterInvoice,
        RuleCode::OrderAlreadyCanceled,
    ];

    /// A sentence for the operator.
    pub fn message(self) -> &'static str {
        match self {
            RuleCode::AmountNotPositive => "the value must be greater than zero",
            RuleCode::AmountNegative => "a discount or increment cannot be negative",
            RuleCode::OrderNotInvoiceable => "the order is invoiced or canceled: it takes no more output invoices",
            RuleCode::InvoiceExceedsRemaining => "the invoice exceeds what is left to invoice on the order",
            RuleCode::UnknownItem => "the order has no item with this id",
            RuleCode::ItemQuantityExceeded => "more units than the order has left for this item",
            RuleCode::ItemAlreadyInvoiced => "the change removes units that are already invoiced",
            RuleCode::ReturnExceedsInvoiced => "the return exceeds what was invoiced and not yet returned",
            RuleCode::ChangeNotAllowedInStatus => "changes are allowed only in handling, waiting-for-fulfillment or ready-for-invoicing",
            RuleCode::ChangeOnInvoicedOrder => "a fully invoiced order cannot be changed: use a return",
            RuleCode::ChangeOnFinishedTransaction => "the payment transaction is finished: the order cannot be changed",
            RuleCode::ChangeLimitReached => "an order takes at most 50 changes",
            RuleCode::ChangeEmpty => "the change has no value and no items",
            RuleCode::ChangeExceedsOrderValue => "the change leaves the order without value: cancel the order instead",
            RuleCode::ChangeBelowInvoiced => "the new order value would be below what is already invoiced",
            RuleCode::IncreaseNotAllowed => "no payment of this order can be charged more (credit card, promissory, cash or customer credit)",
            RuleCode::RefundNotSupported => "the connector refunds only the whole charged amount, and this needs a smaller refund",
            RuleCode::CancelAfterInvoice => "an order with an output invoice cannot be cancelled: change or return instead",
            RuleCode::OrderAlreadyCanceled => "the order is already canceled",
        }
    }
}

/// Something the operator should know about an accepted operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WarningCode {
    /// A settlement captures more at the provider than the gateway settles (total mode).
    TotalCapture,
    /// The operation settles on a legacy connector, which cannot settle partially.
    LegacyConnector,
    /// A request is held by the gateway and reaches the provider later. **Policy**: given
    /// whenever a request is held in the operation, also when a later request of the same
    /// operation resolves the payment (the events show `held`, then what the provider did).
    HeldByGateway,
    /// The payments have different modes, so the whole transaction behaves as `total`.
    MixedModesUseTotal,
    /// The provider refunds what it captured beyond the settled amount.
    OvercaptureRefunded,
    /// The invoice number was used before: VTEX issues a new receipt, no money moves.
    InvoiceNumberReused,
    /// The listed items do not add up to the invoice value (it may include shipping and tax).
    ValueDiffersFromItems,
    /// The return is recorded but refunds nothing: the order is not fully invoiced.
    NoRefundBeforeFullyInvoiced,
    /// The return lists the same SKU twice: recorded, but VTEX requests no refund.
    DuplicateReturnItem,
    /// The change request id was used before: only the first change takes effect.
    ChangeRequestRepeated,
    /// The increase goes to a separate transaction, not linked to the order.
    NewTransactionForIncrease,
    /// Every payment is at its limit: part of the amount was not moved.
    AmountNotPlaced,
}

impl WarningCode {
    /// Every warning code, in the order of api.md.
    pub const ALL: [WarningCode; 12] = [
        WarningCode::TotalCapture,
        WarningCode::LegacyConnector,
        WarningCode::HeldByGateway,
        WarningCode::MixedModesUseTotal,
        WarningCode::OvercaptureRefunded,
        WarningCode::InvoiceNumberReused,
        WarningCode::ValueDiffersFromItems,
        WarningCode::NoRefundBeforeFullyInvoiced,
        WarningCode::DuplicateReturnItem,
        WarningCode::ChangeRequestRepeated,
        WarningCode::NewTransactionForIncrease,
        WarningCode::AmountNotPlaced,
    ];

    /// A sentence for the operator.
    pub fn message(self) -> &'static str {
        match self {
            WarningCode::TotalCapture => "the gateway is in total mode: the provider captures the whole authorization, not just this settlement",
            WarningCode::LegacyConnector => "legacy connectors cannot settle partially: they behave as total mode",
            WarningCode::HeldByGateway => "the gateway holds this request and sends it to the provider once the payment is fully settled or cancelled",
            WarningCode::MixedModesUseTotal => "the payments use different processing modes, so the gateway uses total mode for all of them",
            WarningCode::OvercaptureRefunded => "the provider captured more than was settled: the excess is refunded",
            WarningCode::InvoiceNumberReused => "this invoice number was already used: VTEX only issues a new receipt and no money moves",
            WarningCode::ValueDiffersFromItems => "the invoice value differs from its items (it may include shipping or tax)",
            WarningCode::NoRefundBeforeFullyInvoiced => "the order is not fully invoiced: the return is recorded but nothing is refunded",
            WarningCode::DuplicateReturnItem => "the return lists the same item twice: it is recorded but VTEX requests no refund",
            WarningCode::ChangeRequestRepeated => "this change request id was already used: only the first change takes effect",
            WarningCode::NewTransactionForIncrease => "no payment can grow: the increase is charged in a separate transaction, not linked to the order",
            WarningCode::AmountNotPlaced => "every payment is at its limit: part of the amount is not moved",
        }
    }
}
