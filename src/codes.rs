//! The closed sets of business-rule codes and warning codes (api.md section 2) and of the codes
//! of explanation lines (api.md section 8), each documented once, here. A rejected operation is
//! an outcome with `accepted: false` and every broken rule; warnings come only with accepted
//! outcomes; every outcome explains itself, line by line ([`ExplainCode`]).

use serde::Serialize;

/// A business rule an operation breaks. The operation is rejected and changes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
    /// A change removes units that are already invoiced. A Change v2 (`api: "v2"`) may not
    /// remove or replace an item with any invoiced unit (vtex-notes 5.2, S12
    /// `SalesOrderSystem046` "The order change is not allowed after the item invoice has been
    /// issued").
    ItemAlreadyInvoiced,
    /// A return greater than invoiced − returned.
    ReturnExceedsInvoiced,
    /// A change outside `handling`, `waiting-for-fulfillment`, `ready-for-invoicing` (v1: S12;
    /// v2, the same through the API: vtex-notes 5.2, S10; S12 `SalesOrderSystem008`).
    ChangeNotAllowedInStatus,
    /// A change on a fully invoiced order (v2: S10 "invoiced in full, it can no longer be
    /// modified").
    ChangeOnInvoicedOrder,
    /// A change when the transaction is `finished` (v1 S9; v2 S1, S10).
    ChangeOnFinishedTransaction,
    /// The 51st change (VTEX v1 allows 50 per order, S12). Not for v2, which has no limit.
    ChangeLimitReached,
    /// A delta of zero with no items.
    ChangeEmpty,
    /// Discount ≥ order value, or the change leaves the order no value (cancel it instead).
    /// v2: a discount ≥ the original order value, before every change (vtex-notes 5.2, S10;
    /// S12 `CHK0034` "The value of the change exceed the order's price").
    ChangeExceedsOrderValue,
    /// The new value < invoiced (v1 and v2: vtex-notes 5.2, S10 "lower than the amount of an
    /// invoice that has already been issued, it cannot be modified").
    ChangeBelowInvoiced,
    /// The authorization no longer covers the new value, and no payment has a group that VTEX
    /// lets grow.
    IncreaseNotAllowed,
    /// The operation needs a provider refund smaller than the net charged amount on a payment
    /// whose connector has no partial refund. A Change v2 needs partial refunds for any
    /// refund of a settled payment (vtex-notes 5.2, S10, S1: "a connector allowing partial
    /// refunds").
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

    /// The code as the JSON writes it (`AMOUNT_NOT_POSITIVE`).
    pub fn name(self) -> &'static str {
        match self {
            RuleCode::AmountNotPositive => "AMOUNT_NOT_POSITIVE",
            RuleCode::AmountNegative => "AMOUNT_NEGATIVE",
            RuleCode::OrderNotInvoiceable => "ORDER_NOT_INVOICEABLE",
            RuleCode::InvoiceExceedsRemaining => "INVOICE_EXCEEDS_REMAINING",
            RuleCode::UnknownItem => "UNKNOWN_ITEM",
            RuleCode::ItemQuantityExceeded => "ITEM_QUANTITY_EXCEEDED",
            RuleCode::ItemAlreadyInvoiced => "ITEM_ALREADY_INVOICED",
            RuleCode::ReturnExceedsInvoiced => "RETURN_EXCEEDS_INVOICED",
            RuleCode::ChangeNotAllowedInStatus => "CHANGE_NOT_ALLOWED_IN_STATUS",
            RuleCode::ChangeOnInvoicedOrder => "CHANGE_ON_INVOICED_ORDER",
            RuleCode::ChangeOnFinishedTransaction => "CHANGE_ON_FINISHED_TRANSACTION",
            RuleCode::ChangeLimitReached => "CHANGE_LIMIT_REACHED",
            RuleCode::ChangeEmpty => "CHANGE_EMPTY",
            RuleCode::ChangeExceedsOrderValue => "CHANGE_EXCEEDS_ORDER_VALUE",
            RuleCode::ChangeBelowInvoiced => "CHANGE_BELOW_INVOICED",
            RuleCode::IncreaseNotAllowed => "INCREASE_NOT_ALLOWED",
            RuleCode::RefundNotSupported => "REFUND_NOT_SUPPORTED",
            RuleCode::CancelAfterInvoice => "CANCEL_AFTER_INVOICE",
            RuleCode::OrderAlreadyCanceled => "ORDER_ALREADY_CANCELED",
        }
    }

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
            RuleCode::ChangeLimitReached => "an order takes at most 50 changes (Change v1)",
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

    /// The code as the JSON writes it (`TOTAL_CAPTURE`).
    pub fn name(self) -> &'static str {
        match self {
            WarningCode::TotalCapture => "TOTAL_CAPTURE",
            WarningCode::LegacyConnector => "LEGACY_CONNECTOR",
            WarningCode::HeldByGateway => "HELD_BY_GATEWAY",
            WarningCode::MixedModesUseTotal => "MIXED_MODES_USE_TOTAL",
            WarningCode::OvercaptureRefunded => "OVERCAPTURE_REFUNDED",
            WarningCode::InvoiceNumberReused => "INVOICE_NUMBER_REUSED",
            WarningCode::ValueDiffersFromItems => "VALUE_DIFFERS_FROM_ITEMS",
            WarningCode::NoRefundBeforeFullyInvoiced => "NO_REFUND_BEFORE_FULLY_INVOICED",
            WarningCode::DuplicateReturnItem => "DUPLICATE_RETURN_ITEM",
            WarningCode::ChangeRequestRepeated => "CHANGE_REQUEST_REPEATED",
            WarningCode::NewTransactionForIncrease => "NEW_TRANSACTION_FOR_INCREASE",
            WarningCode::AmountNotPlaced => "AMOUNT_NOT_PLACED",
        }
    }

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

/// The code of one explanation line (api.md section 8): a stable name for a user interface to
/// translate. A line that says why a rule is broken carries that rule's code; a line that says
/// why a warning was given carries the warning's code (every warning of an outcome has at
/// least one such line, and so has every error); every other line is a [`StepCode`]. The three
/// sets never share a name, so the code alone says which one it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExplainCode {
    /// Why this rule is broken, with the numbers.
    Rule(RuleCode),
    /// Why this warning was given, with the numbers.
    Warning(WarningCode),
    /// A step of the money's way.
    Step(StepCode),
    /// A line of a reconciliation (api.md section 9): an expected or a recorded figure.
    Reconcile(ReconcileStep),
    /// A line of a reconciliation that says why a finding was given: the finding's code
    /// (`crate::reconcile::FindingCode::name`, defined above this module, hence its name here).
    Finding(&'static str),
}

impl From<ReconcileStep> for ExplainCode {
    fn from(code: ReconcileStep) -> Self {
        ExplainCode::Reconcile(code)
    }
}

/// A line of a reconciliation's explanation (api.md section 9) that states a figure: what the
/// rules expect (the replay of the order's history, provider view: the line's `view` is
/// `provider`) or what the gateway recorded (its actions: `view` `gateway`), per payment. The
/// settled, cancelled and refunded lines move money when the figure is above zero (payment,
/// view, figure and amount, which add up to the reconciliation's figure); the open lines, and
/// the lines of a zero figure, are context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReconcileStep {
    /// **Money**: what the rules expect the provider captured.
    ExpectedSettled,
    /// **Money**: what the rules expect the provider voided (or released).
    ExpectedCancelled,
    /// **Money**: what the rules expect the provider refunded.
    ExpectedRefunded,
    /// What the rules expect is still authorized: A − settled − cancelled.
    ExpectedOpen,
    /// **Money**: what the gateway's settlement actions (auto-settlements included) add up to.
    RecordedSettled,
    /// **Money**: what the gateway's executed cancellation actions add up to.
    RecordedCancelled,
    /// **Money**: what the gateway's executed refunds add up to.
    RecordedRefunded,
    /// What the records leave authorized: A − settled − cancelled.
    RecordedOpen,
}

impl ReconcileStep {
    /// Every reconciliation step code, in declaration order.
    pub const ALL: [ReconcileStep; 8] = [
        ReconcileStep::ExpectedSettled,
        ReconcileStep::ExpectedCancelled,
        ReconcileStep::ExpectedRefunded,
        ReconcileStep::ExpectedOpen,
        ReconcileStep::RecordedSettled,
        ReconcileStep::RecordedCancelled,
        ReconcileStep::RecordedRefunded,
        ReconcileStep::RecordedOpen,
    ];

    /// The code as the JSON writes it (`EXPECTED_SETTLED`).
    pub fn name(self) -> &'static str {
        match self {
            ReconcileStep::ExpectedSettled => "EXPECTED_SETTLED",
            ReconcileStep::ExpectedCancelled => "EXPECTED_CANCELLED",
            ReconcileStep::ExpectedRefunded => "EXPECTED_REFUNDED",
            ReconcileStep::ExpectedOpen => "EXPECTED_OPEN",
            ReconcileStep::RecordedSettled => "RECORDED_SETTLED",
            ReconcileStep::RecordedCancelled => "RECORDED_CANCELLED",
            ReconcileStep::RecordedRefunded => "RECORDED_REFUNDED",
            ReconcileStep::RecordedOpen => "RECORDED_OPEN",
        }
    }
}

/// Written as its name.
impl Serialize for ReconcileStep {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl From<RuleCode> for ExplainCode {
    fn from(code: RuleCode) -> Self {
        ExplainCode::Rule(code)
    }
}

impl From<WarningCode> for ExplainCode {
    fn from(code: WarningCode) -> Self {
        ExplainCode::Warning(code)
    }
}

impl From<StepCode> for ExplainCode {
    fn from(code: StepCode) -> Self {
        ExplainCode::Step(code)
    }
}

impl ExplainCode {
    /// The code as the JSON writes it: the rule's, warning's, step's or finding's name.
    pub fn name(self) -> &'static str {
        match self {
            ExplainCode::Rule(code) => code.name(),
            ExplainCode::Warning(code) => code.name(),
            ExplainCode::Step(code) => code.name(),
            ExplainCode::Reconcile(code) => code.name(),
            ExplainCode::Finding(name) => name,
        }
    }

    /// Every code an outcome's explanation carries: the rule codes, the warning codes, then
    /// the step codes. (A reconciliation's lines carry [`ReconcileStep`]s and finding codes.)
    pub fn all() -> impl Iterator<Item = ExplainCode> {
        let rules = RuleCode::ALL.into_iter().map(ExplainCode::Rule);
        let warnings = WarningCode::ALL.into_iter().map(ExplainCode::Warning);
        let steps = StepCode::ALL.into_iter().map(ExplainCode::Step);
        rules.chain(warnings).chain(steps)
    }
}

/// A step of an explanation that is neither a broken rule nor a warning. **Money** marks the
/// lines that move money: they name the payment, the view, the figure and the amount, and per
/// payment, view and figure their amounts add up to the outcome's figure. The others give the
/// context. The section of semantics.md each line cites is its `rule`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StepCode {
    // ----- 6.1 Output invoice
    /// The settlement target of an invoice: I + x, never above V (6.1).
    SettlementTarget,
    /// Increases charged in separate transactions (`newCharges`) come off the target (6.1).
    NewChargesExcluded,
    /// A payment that settled by itself before any invoice (a gift card) counts towards the
    /// target (6.1).
    AutoSettled,
    /// What a payment already settled net counts towards the target (6.1).
    SettledEarlier,
    /// What the gateway settles: the target less what is settled net (6.1).
    ToSettle,
    /// What is settled net already covers the target: the invoice settles nothing (6.1).
    NothingToSettle,
    /// The order is now fully invoiced: status `invoiced`, and what is still gateway-open is
    /// cancelled (6.1, 6.3).
    CloseOut,
    // ----- 6.2 Return
    /// A return on a fully invoiced order is refunded out of what was settled (6.2).
    ReturnRefund,
    // ----- 6.3 Change
    /// The change's delta and the order's new value (6.3).
    ChangeValue,
    /// A decrease first cancels what is still gateway-open (6.3).
    DecreaseCancels,
    /// The part of a decrease beyond the open amount is refunded out of what was settled (6.3).
    DecreaseRefunds,
    /// The authorization still covers the new value: nothing is needed (6.3).
    IncreaseCovered,
    /// Why a payment cannot take an increase: its group, its connector, it is resolved, or its
    /// `maxValue` (6.3).
    PaymentCannotGrow,
    /// The shortfall grows this payment's authorization (event `authorizationIncreased`, 6.3).
    AuthorizationIncreased,
    // ----- 6.4 Cancellation
    /// A cancellation refunds everything settled net, then cancels everything open (6.4).
    CancelOrder,
    // ----- 5 Which payment
    /// The order in which a settlement or a cancellation fills the payments (`lowestValueFirst`
    /// or `listed`, section 5).
    SplitOrder,
    /// A settlement or a cancellation split in proportion to the open amounts (section 5).
    SplitProportional,
    /// The order in which a refund draws on the payments (`lowestSettledFirst` or `cardFirst`,
    /// section 5).
    RefundOrder,
    // ----- 3 and 4 The modes
    /// The payment follows its own processing mode (sections 3, 4).
    ModeOwn,
    /// The payment is on a legacy connector: it behaves as `total` (section 3).
    ModeLegacy,
    /// The payments' modes are mixed: this payment behaves as `total` (section 3).
    ModeMixed,
    // ----- Gateway requests (money, gateway view)
    /// **Money**: the gateway settles part of a payment's open amount.
    GatewaySettle,
    /// **Money**: the gateway cancels part of a payment's open amount.
    GatewayCancel,
    /// **Money**: the gateway refunds part of what a payment settled net.
    GatewayRefund,
    // ----- What reaches the provider (money, provider view; section 4)
    /// **Money**: `partial` mode: the provider captures the settlement now.
    Capture,
    /// **Money**: `total` mode: the provider captures what is still open, no more than the
    /// gateway settles (else the line is `TOTAL_CAPTURE`).
    CaptureOpen,
    /// `total` mode: the provider captured the whole authorization already; a later
    /// settlement moves no money there.
    AlreadyCaptured,
    /// **Money**: `partial` mode: the provider voids the cancellation now.
    Void,
    /// **Money**: `total` mode, the payment resolved: the provider voids what it never captured.
    VoidUncaptured,
    /// **Money**: `hold` mode, the payment resolved: the provider captures the net settled
    /// amount S − R.
    HoldCapture,
    /// **Money**: `hold` mode, resolved with something settled: the rest of the authorization
    /// is released without a call to the provider (event `released`).
    HoldRelease,
    /// **Money**: `hold` mode, resolved with nothing settled net: the provider voids the
    /// authorization.
    HoldVoid,
    /// **Money**: the provider refunds now, out of what it captured (F ≤ K).
    ProviderRefund,
    /// The provider's ledger is ahead of the gateway's (or has nothing charged to refund): less
    /// than the request reaches the provider.
    ProviderAhead,
}

impl StepCode {
    /// Every step code, in declaration order.
    pub const ALL: [StepCode; 34] = [
        StepCode::SettlementTarget,
        StepCode::NewChargesExcluded,
        StepCode::AutoSettled,
        StepCode::SettledEarlier,
        StepCode::ToSettle,
        StepCode::NothingToSettle,
        StepCode::CloseOut,
        StepCode::ReturnRefund,
        StepCode::ChangeValue,
        StepCode::DecreaseCancels,
        StepCode::DecreaseRefunds,
        StepCode::IncreaseCovered,
        StepCode::PaymentCannotGrow,
        StepCode::AuthorizationIncreased,
        StepCode::CancelOrder,
        StepCode::SplitOrder,
        StepCode::SplitProportional,
        StepCode::RefundOrder,
        StepCode::ModeOwn,
        StepCode::ModeLegacy,
        StepCode::ModeMixed,
        StepCode::GatewaySettle,
        StepCode::GatewayCancel,
        StepCode::GatewayRefund,
        StepCode::Capture,
        StepCode::CaptureOpen,
        StepCode::AlreadyCaptured,
        StepCode::Void,
        StepCode::VoidUncaptured,
        StepCode::HoldCapture,
        StepCode::HoldRelease,
        StepCode::HoldVoid,
        StepCode::ProviderRefund,
        StepCode::ProviderAhead,
    ];

    /// The code as the JSON writes it (`SETTLEMENT_TARGET`).
    pub fn name(self) -> &'static str {
        match self {
            StepCode::SettlementTarget => "SETTLEMENT_TARGET",
            StepCode::NewChargesExcluded => "NEW_CHARGES_EXCLUDED",
            StepCode::AutoSettled => "AUTO_SETTLED",
            StepCode::SettledEarlier => "SETTLED_EARLIER",
            StepCode::ToSettle => "TO_SETTLE",
            StepCode::NothingToSettle => "NOTHING_TO_SETTLE",
            StepCode::CloseOut => "CLOSE_OUT",
            StepCode::ReturnRefund => "RETURN_REFUND",
            StepCode::ChangeValue => "CHANGE_VALUE",
            StepCode::DecreaseCancels => "DECREASE_CANCELS",
            StepCode::DecreaseRefunds => "DECREASE_REFUNDS",
            StepCode::IncreaseCovered => "INCREASE_COVERED",
            StepCode::PaymentCannotGrow => "PAYMENT_CANNOT_GROW",
            StepCode::AuthorizationIncreased => "AUTHORIZATION_INCREASED",
            StepCode::CancelOrder => "CANCEL_ORDER",
            StepCode::SplitOrder => "SPLIT_ORDER",
            StepCode::SplitProportional => "SPLIT_PROPORTIONAL",
            StepCode::RefundOrder => "REFUND_ORDER",
            StepCode::ModeOwn => "MODE_OWN",
            StepCode::ModeLegacy => "MODE_LEGACY",
            StepCode::ModeMixed => "MODE_MIXED",
            StepCode::GatewaySettle => "GATEWAY_SETTLE",
            StepCode::GatewayCancel => "GATEWAY_CANCEL",
            StepCode::GatewayRefund => "GATEWAY_REFUND",
            StepCode::Capture => "CAPTURE",
            StepCode::CaptureOpen => "CAPTURE_OPEN",
            StepCode::AlreadyCaptured => "ALREADY_CAPTURED",
            StepCode::Void => "VOID",
            StepCode::VoidUncaptured => "VOID_UNCAPTURED",
            StepCode::HoldCapture => "HOLD_CAPTURE",
            StepCode::HoldRelease => "HOLD_RELEASE",
            StepCode::HoldVoid => "HOLD_VOID",
            StepCode::ProviderRefund => "PROVIDER_REFUND",
            StepCode::ProviderAhead => "PROVIDER_AHEAD",
        }
    }
}

/// A step code serializes as its [`StepCode::name`] (one table, not one call per variant: the
/// `.wasm` stays small).
impl Serialize for StepCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// Written as its [`RuleCode::name`] (one table, which the `.wasm` carries once).
impl Serialize for RuleCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// Written as its [`WarningCode::name`] (one table, which the `.wasm` carries once).
impl Serialize for WarningCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// Written as its [`ExplainCode::name`], the name of the code it holds.
impl Serialize for ExplainCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}
