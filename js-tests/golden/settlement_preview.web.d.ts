/* tslint:disable */
/* eslint-disable */
/** An amount in major units: a decimal string (`"12.34"`, `-?digits(.digits)?`) or a finite number, read through its shortest decimal form; never more decimals than the currency has. */
export type Amount = string | number;
/** An amount as the package writes it: a decimal string with the currency's minor-unit digits (`"10.00"`, JPY `"10"`). */
export type Money = string;

/** VTEX's order statuses. */
export type OrderStatus =
| "order-created" | "order-completed" | "on-order-completed" | "payment-pending"
| "waiting-for-order-authorization" | "approve-payment" | "payment-approved" | "payment-denied"
| "request-cancel" | "waiting-for-seller-decision" | "authorize-fulfillment" | "window-to-cancel"
| "ready-for-handling" | "start-handling" | "handling" | "waiting-for-fulfillment"
| "ready-for-invoicing" | "invoice" | "invoiced" | "replaced" | "cancellation-requested"
| "cancel" | "canceled";
export type TransactionStatus = "approved" | "settling" | "finished" | "canceled";
export type PaymentGroup =
| "creditCard" | "debitCard" | "giftCard" | "promissory" | "bankInvoice"
| "instantPayment" | "cash" | "creditControl" | "other";
export type Protocol = "ppp" | "legacy";
export type Mode = "total" | "hold" | "partial";
export type InvoiceType = "output" | "input";

/** An item line as given: `quantity` is a whole number from 1 to 2^53 − 1. */
export interface ItemInput {
    id: string;
    quantity: number;
    price?: Amount | null;
    name?: string | null;
}
export interface InvoiceRecordInput {
    type: InvoiceType;
    number: string;
    value: Amount;
    items?: ItemInput[];
}
export interface ChangeRecordInput {
    requestId: string;
    reason?: string | null;
    discount?: Amount | null;
    increment?: Amount | null;
    itemsRemoved?: ItemInput[];
    itemsAdded?: ItemInput[];
    /** Default `"v1"`. */
    api?: ChangeApi | null;
}
/** Which of VTEX's change APIs a change goes through: `"v2"` (Order modifications) follows its rules. */
export type ChangeApi = "v1" | "v2";
export interface ConnectorInput {
    /** Default `"ppp"`. */
    protocol?: Protocol | null;
    /** Default `"total"`. */
    mode?: Mode | null;
    /** Default `true`. */
    partialRefund?: boolean | null;
    /** Default `false`. */
    valueIncrease?: boolean | null;
    maxValue?: Amount | null;
}
export interface PaymentInput {
    id: string;
    group: PaymentGroup;
    /** The authorized amount. */
    value: Amount;
    connector?: ConnectorInput;
    settled?: Amount | null;
    cancelled?: Amount | null;
    refunded?: Amount | null;
    /** The provider ledger; derived from the gateway ledger and the mode when absent. */
    captured?: Amount | null;
    voided?: Amount | null;
    providerRefunded?: Amount | null;
}
export interface TransactionInput {
    /** Derived when absent. */
    status?: TransactionStatus | null;
    newCharges?: Amount | null;
    payments: PaymentInput[];
}
/** An order snapshot as given (api.md section 3). Unknown fields are refused. A returned `OrderState` is one too. */
export interface OrderStateInput {
    orderId?: string | null;
    /** ISO 4217 code. */
    currency: string;
    /** Default `"handling"`. */
    status?: OrderStatus | null;
    /** Derived from items + shipping + tax − discounts when absent. */
    value?: Amount | null;
    items?: ItemInput[];
    shipping?: Amount | null;
    tax?: Amount | null;
    discounts?: Amount | null;
    invoices?: InvoiceRecordInput[];
    changes?: ChangeRecordInput[];
    transaction: TransactionInput;
}

export interface Item {
    id: string;
    quantity: number;
    price?: Money;
    name?: string;
}
export interface InvoiceRecord {
    type: InvoiceType;
    number: string;
    value: Money;
    items: Item[];
}
export interface ChangeRecord {
    requestId: string;
    reason?: string;
    discount?: Money;
    increment?: Money;
    itemsRemoved: Item[];
    itemsAdded: Item[];
    /** Present for a v2 change only. */
    api?: ChangeApi;
}
export interface Connector {
    protocol: Protocol;
    mode: Mode;
    partialRefund: boolean;
    valueIncrease: boolean;
    maxValue?: Money;
}
export interface Payment {
    id: string;
    group: PaymentGroup;
    value: Money;
    connector: Connector;
    settled: Money;
    cancelled: Money;
    refunded: Money;
    captured: Money;
    voided: Money;
    providerRefunded: Money;
}
export interface Transaction {
    status: TransactionStatus;
    newCharges: Money;
    payments: Payment[];
}
/** An order snapshot as the package returns it: every field filled in, amounts at the currency's scale. */
export interface OrderState {
    orderId?: string;
    currency: string;
    status: OrderStatus;
    value: Money;
    items: Item[];
    shipping: Money;
    tax: Money;
    discounts: Money;
    invoices: InvoiceRecord[];
    changes: ChangeRecord[];
    transaction: Transaction;
}

export interface OperationItem {
    id: string;
    quantity: number;
    price?: Amount | null;
}
/** An output invoice. */
export interface InvoiceOperation {
    type: "invoice";
    number: string;
    value: Amount;
    items?: OperationItem[];
}
/** A return (input invoice). */
export interface ReturnOperation {
    type: "return";
    number: string;
    value: Amount;
    items?: OperationItem[];
}
/** An order change; item prices are required when neither `discount` nor `increment` is given. */
export interface ChangeOperation {
    type: "change";
    requestId: string;
    reason?: string | null;
    discount?: Amount | null;
    increment?: Amount | null;
    itemsRemoved?: OperationItem[];
    itemsAdded?: OperationItem[];
    /** `"v2"`: Order modifications' rules (no limit of 50 changes, invoiced items kept, ...). Default `"v1"`. */
    api?: ChangeApi | null;
}
export interface CancelOperation {
    type: "cancel";
    reason?: string | null;
}
export type Operation = InvoiceOperation | ReturnOperation | ChangeOperation | CancelOperation;

export interface Options {
    /** How a settlement is split over payments. Default `"lowestValueFirst"`. */
    split?: "lowestValueFirst" | "listed" | "proportional";
    /** Which payments refund first. Default `"lowestSettledFirst"`. */
    refundOrder?: "lowestSettledFirst" | "cardFirst";
    /** Whether outcomes carry `explain` (api.md section 8). Default `true`; `false` leaves it empty and skips writing it. */
    explain?: boolean;
}

export type RuleCode =
| "AMOUNT_NOT_POSITIVE" | "AMOUNT_NEGATIVE" | "ORDER_NOT_INVOICEABLE" | "INVOICE_EXCEEDS_REMAINING"
| "UNKNOWN_ITEM" | "ITEM_QUANTITY_EXCEEDED" | "ITEM_ALREADY_INVOICED" | "RETURN_EXCEEDS_INVOICED"
| "CHANGE_NOT_ALLOWED_IN_STATUS" | "CHANGE_ON_INVOICED_ORDER" | "CHANGE_ON_FINISHED_TRANSACTION"
| "CHANGE_LIMIT_REACHED" | "CHANGE_EMPTY" | "CHANGE_EXCEEDS_ORDER_VALUE" | "CHANGE_BELOW_INVOICED"
| "INCREASE_NOT_ALLOWED" | "REFUND_NOT_SUPPORTED" | "CANCEL_AFTER_INVOICE" | "ORDER_ALREADY_CANCELED";
export type WarningCode =
| "TOTAL_CAPTURE" | "LEGACY_CONNECTOR" | "HELD_BY_GATEWAY" | "MIXED_MODES_USE_TOTAL"
| "OVERCAPTURE_REFUNDED" | "INVOICE_NUMBER_REUSED" | "VALUE_DIFFERS_FROM_ITEMS"
| "NO_REFUND_BEFORE_FULLY_INVOICED" | "DUPLICATE_RETURN_ITEM" | "CHANGE_REQUEST_REPEATED"
| "NEW_TRANSACTION_FOR_INCREASE" | "AMOUNT_NOT_PLACED";
/** A step of an explanation that is neither a broken rule nor a warning. */
export type ExplainStep =
| "SETTLEMENT_TARGET" | "NEW_CHARGES_EXCLUDED" | "AUTO_SETTLED" | "SETTLED_EARLIER" | "TO_SETTLE"
| "NOTHING_TO_SETTLE" | "CLOSE_OUT" | "RETURN_REFUND" | "CHANGE_VALUE" | "DECREASE_CANCELS"
| "DECREASE_REFUNDS" | "INCREASE_COVERED" | "PAYMENT_CANNOT_GROW" | "AUTHORIZATION_INCREASED"
| "CANCEL_ORDER" | "SPLIT_ORDER" | "SPLIT_PROPORTIONAL" | "REFUND_ORDER" | "MODE_OWN" | "MODE_LEGACY"
| "MODE_MIXED" | "GATEWAY_SETTLE" | "GATEWAY_CANCEL" | "GATEWAY_REFUND" | "CAPTURE" | "CAPTURE_OPEN"
| "ALREADY_CAPTURED" | "VOID" | "VOID_UNCAPTURED" | "HOLD_CAPTURE" | "HOLD_RELEASE" | "HOLD_VOID"
| "PROVIDER_REFUND" | "PROVIDER_AHEAD";
/** A line of a reconciliation's explanation that states a figure: what the rules expect (view `provider`) or what the gateway recorded (view `gateway`), per payment. */
export type ReconcileStep =
| "EXPECTED_SETTLED" | "EXPECTED_CANCELLED" | "EXPECTED_REFUNDED" | "EXPECTED_OPEN"
| "RECORDED_SETTLED" | "RECORDED_CANCELLED" | "RECORDED_REFUNDED" | "RECORDED_OPEN";
/** The code of an explanation line: the rule it says is broken, the warning it says why, or a step; in a reconciliation, a figure stated (`ReconcileStep`) or why a finding was given (its `FindingCode`). */
export type ExplainCode = RuleCode | WarningCode | ExplainStep | ReconcileStep | FindingCode;
export type ExplainView = "gateway" | "provider";
export type ExplainFigure = "settle" | "cancel" | "refund";
export type EventKind =
| "settlementRequested" | "captured" | "cancellationRequested" | "voided" | "released"
| "refundRequested" | "refunded" | "held" | "authorizationIncreased" | "newTransaction";

/** A broken business rule. */
export interface RuleError {
    code: RuleCode;
    message: string;
}
export interface Warning {
    code: WarningCode;
    message: string;
    paymentId?: string;
}
export interface Figures {
    settle: Money;
    cancel: Money;
    refund: Money;
    open: Money;
}
export interface PaymentFigures extends Figures {
    id: string;
    gateway: Figures;
}
export interface OrderFigures {
    valueBefore: Money;
    valueAfter: Money;
    invoicedBefore: Money;
    invoicedAfter: Money;
    returnedAfter: Money;
    remainingToInvoice: Money;
    statusBefore: OrderStatus;
    statusAfter: OrderStatus;
}
/**
 * One line of an explanation (api.md section 8), in the order the engine moved the money. A line
 * that moves money has `paymentId`, `view`, `figure` and `amount`; per payment, view and figure
 * their amounts add up to the outcome's figure. Other lines give the context.
 */
export interface Explanation {
    code: ExplainCode;
    /** The section of semantics.md that moved the money, e.g. `"6.1"`. */
    rule: string;
    /** An English sentence, amounts in the currency's digits. */
    text: string;
    paymentId?: string;
    view?: ExplainView;
    figure?: ExplainFigure;
    amount?: Money;
}
export interface Event {
    kind: EventKind;
    /** Absent for `newTransaction`. */
    paymentId?: string;
    amount: Money;
}
/** What an operation does (api.md section 5). The top-level figures are the provider's view. */
export interface Outcome extends Figures {
    accepted: boolean;
    errors: RuleError[];
    warnings: Warning[];
    newCharge: Money;
    gateway: Figures;
    payments: PaymentFigures[];
    order: OrderFigures;
    transactionStatus: TransactionStatus;
    events: Event[];
    /** The amounts in words and as data; empty with the option `explain: false`. */
    explain: Explanation[];
}
export interface Applied {
    state: OrderState;
    outcome: Outcome;
}
export interface Simulation {
    state: OrderState;
    outcomes: Outcome[];
}

/** What malformed input throws. */
export interface InputError extends Error {
    code: "INVALID_INPUT";
    /** Where, e.g. `"operation.items[1].quantity"`. */
    path: string;
}

// ----- VTEX in, VTEX out, and the planners (api.md section 7) -----

/** A VTEX amount: an integer of cents, hundredths of the major unit for every currency (`2499` is 24.99 BRL, `1599000` is 15990 CLP, `12345` is 123.45 KWD), a numeric string (`"2499"`), or an old decimal form with a zero fraction (`"2499.0000"`). Converted exactly, or `INVALID_INPUT`. */
export type VtexCents = number | string;
/** VTEX's "Get order" document (`GET /api/oms/pvt/orders/{orderId}`). Only the fields the mapping reads are typed; every other field is accepted and ignored. */
export interface VtexOrder {
    orderId?: string | null;
    status?: string | null;
    value: VtexCents;
    totals?: { id: string; name?: string | null; value: VtexCents; [field: string]: unknown }[] | null;
    items?: VtexItem[] | null;
    packageAttachment?: { packages?: VtexPackage[] | null; [field: string]: unknown } | null;
    changesAttachment?: { changesData?: VtexChange[] | null; [field: string]: unknown } | null;
    paymentData?: {
        transactions?: { isActive?: boolean | null; payments?: VtexPayment[] | null; [field: string]: unknown }[] | null;
        [field: string]: unknown;
    } | null;
    storePreferencesData?: {
        currencyCode?: string | null;
        currencyFormatInfo?: { CurrencyDecimalDigits?: number | null; [field: string]: unknown } | null;
        [field: string]: unknown;
    } | null;
    [field: string]: unknown;
}
export interface VtexItem {
    id: string | number;
    quantity: number | string;
    price?: VtexCents | null;
    sellingPrice?: VtexCents | null;
    unitMultiplier?: number | string | null;
    name?: string | null;
    priceTags?: { name?: string | null; [field: string]: unknown }[] | null;
    [field: string]: unknown;
}
/** An invoice line as VTEX records it: by SKU `id` or by `itemIndex` into the order's items. */
export interface VtexInvoiceItem {
    id?: string | number | null;
    itemIndex?: number | null;
    quantity: number | string;
    price?: VtexCents | null;
    unitMultiplier?: number | string | null;
    [field: string]: unknown;
}
export interface VtexPackage {
    type?: "Output" | "Input" | null;
    invoiceNumber?: string | null;
    invoiceValue: VtexCents;
    issuanceDate?: string | null;
    items?: VtexInvoiceItem[] | null;
    restitutions?: { Refund?: { value?: VtexCents | null; items?: VtexInvoiceItem[] | null; [field: string]: unknown } | null; [field: string]: unknown } | null;
    [field: string]: unknown;
}
export interface VtexChange {
    requestId?: string | null;
    reason?: string | null;
    discountValue?: VtexCents | null;
    incrementValue?: VtexCents | null;
    itemsAdded?: VtexInvoiceItem[] | null;
    itemsRemoved?: VtexInvoiceItem[] | null;
    receipt?: { date?: string | null; receipt?: string | null; [field: string]: unknown } | null;
    [field: string]: unknown;
}
export interface VtexPayment {
    id: string;
    group?: string | null;
    paymentSystem?: string | number | null;
    value: VtexCents;
    referenceValue?: VtexCents | null;
    [field: string]: unknown;
}
/** One list of the Payments Gateway's records (`GET /api/pvt/transactions/{id}/settlements`, and `refunds`, `cancellations` in the same shape), or its actions directly. */
export type VtexGatewayRecords =
| {
    requests?: { value: VtexCents; [field: string]: unknown }[] | null;
    actions?: { paymentId: string; value: VtexCents; type?: string | null; date?: string | null; [field: string]: unknown }[] | null;
    [field: string]: unknown;
}
| { paymentId: string; value: VtexCents; [field: string]: unknown }[];
/** The gateway's data for the order's transaction: its status, its payments and its records. */
export interface VtexTransaction {
    status?: string | null;
    payments?: { id: string; value?: VtexCents | null; referenceValue?: VtexCents | null; [field: string]: unknown }[] | null;
    settlements?: VtexGatewayRecords | null;
    refunds?: VtexGatewayRecords | null;
    cancellations?: VtexGatewayRecords | null;
    [field: string]: unknown;
}
/** A connector for the payments an `options.connectors` entry matches. */
export interface ConnectorRule extends ConnectorInput {
    /** Whether the payment settled by itself at authorization. Default: gift cards do. */
    autoSettle?: boolean | null;
}
export interface FromVtexOptions {
    /** The currency of an order without `storePreferencesData`. */
    currency?: string | null;
    /** Which connector each payment uses: by payment id, then `paymentSystem`, then group (VTEX's or the engine's name), then `default`; else `ppp` + `total`. */
    connectors?: {
        byPaymentId?: Record<string, ConnectorRule>;
        byPaymentSystem?: Record<string, ConnectorRule>;
        byGroup?: Record<string, ConnectorRule>;
        default?: ConnectorRule | null;
    } | null;
    /** The split policies the history is replayed with. */
    split?: Options["split"];
    refundOrder?: Options["refundOrder"];
    /** VTEX's Change v2 history (`GET /api/order-system/orders/{orderId}/changes`: `{ requests }`, or a list of change details): its done changes join the replay. */
    changesV2?: { requests?: VtexChangeV2[] | null; actions?: unknown[] | null } | VtexChangeV2[] | null;
}
export type NoteCode =
| "VALUE_DIFFERS_FROM_TOTALS" | "TOTAL_UNKNOWN" | "CUSTOM_TAX" | "MANUAL_VALUES" | "CHANGE_TOTAL_DIFFERS"
| "ITEMS_TOTAL_DIFFERS" | "SELLING_PRICE_DIFFERS" | "SHIPPING_DISCOUNT_ON_ITEM" | "UNIT_MULTIPLIER"
| "UNIT_PRICE_ROUNDED" | "SKU_ON_SEVERAL_LINES" | "ITEM_WITHOUT_UNITS" | "PAYMENT_GROUP_MISSING"
| "PAYMENT_GROUP_UNKNOWN" | "INSTALLMENT_INTEREST" | "REFERENCE_VALUE_IGNORED" | "PAYMENT_ASSUMED"
| "TRANSACTION_INACTIVE" | "AUTHORIZATION_DIFFERS_FROM_VALUE" | "CURRENCY_FROM_OPTIONS"
| "CURRENCY_DIGITS_DIFFER" | "STATUS_MAPPED" | "STATUS_UNKNOWN" | "STATUS_DIFFERS_FROM_HISTORY"
| "CONNECTOR_ASSUMED" | "AUTO_SETTLED" | "INVOICE_TYPE_MISSING" | "INVOICE_NUMBER_MISSING"
| "INVOICE_NUMBER_REPEATED" | "RESTITUTION_DIFFERS" | "CHANGE_WITHOUT_REQUEST_ID"
| "CHANGE_REQUEST_ID_REPEATED" | "DATE_MISSING" | "REPLAY_REJECTED" | "INVOICED_ABOVE_VALUE"
| "LEDGER_FROM_GATEWAY" | "GATEWAY_LINK_ONLY" | "SETTLEMENT_PENDING" | "GATEWAY_VALUE_DIFFERS"
| "ITEM_PRICE_MISSING" | "GATEWAY_RECORDS_MISSING" | "GATEWAY_PAYMENTS_MISSING" | "GATEWAY_LIST_MISSING"
| "REFUNDS_FROM_FIELDS" | "ACTION_TYPE_UNKNOWN" | "CONNECTOR_VALUE_DIFFERS" | "CANCELLED_FROM_STATUS"
| "DATE_WITHOUT_OFFSET"
| "PAYMENT_ID_MISSING" | "PAYMENT_FROM_AFFILIATE" | "CHANGE_V2_ESTIMATE" | "CHANGE_V2_NOT_DONE"
| "CHANGE_V2_STATUS_ASSUMED" | "CHANGE_APIS_MIXED"
| "PAYMENTS_PAY_ORDER_GROUP" | "GIFT_ITEM_FREE"
| "SETTLEMENTS_FROM_FIELDS";
/** A decision of the mapping on ambiguous or inconsistent data. */
export interface Note {
    code: NoteCode;
    /** Where in VTEX's JSON, e.g. `"order.items[1].sellingPrice"`. */
    path: string;
    message: string;
}
export interface FromVtexResult {
    state: OrderState;
    notes: Note[];
}

/** An item line of a Change v2 document: `price` in integer cents (the nominal unit price). Other fields of VTEX's are ignored. */
export interface VtexChangeV2Item {
    id: string;
    quantity: number;
    price?: number | string | null;
    unitMultiplier?: number | null;
    uniqueId?: string | null;
    [field: string]: unknown;
}
/** A Change v2 ("Order modifications") document: VTEX's preview response, a change's detail or history entry, or a create/preview request body (amounts in integer cents). */
export interface VtexChangeV2 {
    requestId?: string | null;
    status?: string | null;
    inProgress?: boolean | null;
    reason?: string | null;
    add?: { items?: VtexChangeV2Item[] | null } | null;
    remove?: { items?: VtexChangeV2Item[] | null } | null;
    replace?: { from?: { items?: VtexChangeV2Item[] | null } | null; to?: { items?: VtexChangeV2Item[] | null } | null }[] | null;
    manualDiscountValue?: number | string | null;
    manualIncrementValue?: number | string | null;
    /** VTEX's own value of the change: the operation's delta, exactly. */
    totalChangeValue?: number | string | null;
    date?: string | null;
    [field: string]: unknown;
}
/** `fromVtexChange`'s options. */
export interface FromVtexChangeOptions {
    /** The change's id when the document has none (a create or preview request body): the id VTEX answered on creating it, or your own. Without it such a change is `"v2-<n>"` (noted `CHANGE_WITHOUT_REQUEST_ID`); a document's own `requestId` wins. */
    requestId?: string | null;
}
export interface FromVtexChangeResult {
    operation: ChangeOperation & { api: "v2"; discount: Money; increment: Money; itemsRemoved: OperationItem[]; itemsAdded: OperationItem[] };
    notes: Note[];
}

/** The Invoice Notification's fields that are not money, copied into the body when given. */
export interface VtexRequestOptions {
    /** `"v2"`: a change goes to Order modifications (PATCH …/changes); a change with `api: "v2"` goes there anyway. Default `"v1"`. */
    changeApi?: ChangeApi | null;
    /** With `changeApi: "v2"`: the side-effect-free `POST …/changes/preview`. */
    preview?: boolean | null;
    /** The VTEX account name, for a Change v2 request's query string: `?accountName=` on the PATCH, `?an=` on the preview (VTEX's OpenAPI requires it; the other routes take none). Without it the path has no query: the account's host (`{account}.vtexcommercestable.com.br`) names it. */
    account?: string | null;
    /** The invoice's issuance date, ISO 8601 (`"2026-12-02"` or a date-time with its offset). VTEX requires it: `toVtexRequest` throws `INVALID_INPUT` at `options.issuanceDate` for an invoice or a return without it, or with a date that is not ISO 8601. */
    issuanceDate?: string | null;
    invoiceKey?: string | null;
    invoiceUrl?: string | null;
    courier?: string | null;
    trackingNumber?: string | null;
    trackingUrl?: string | null;
}
/** An item line of a VTEX request: `price` in integer cents. */
export interface VtexRequestItem {
    id: string;
    price: number;
    quantity: number;
}
export interface VtexInvoiceBody {
    type: "Output" | "Input";
    invoiceNumber: string;
    /** Integer cents. */
    invoiceValue: number;
    items: VtexRequestItem[];
    issuanceDate?: string;
    invoiceKey?: string;
    invoiceUrl?: string;
    courier?: string;
    trackingNumber?: string;
    trackingUrl?: string;
}
export interface VtexChangeBody {
    requestId: string;
    reason: string;
    discountValue: number;
    incrementValue: number;
    itemsRemoved: VtexRequestItem[];
    itemsAdded: VtexRequestItem[];
}
export interface VtexCancelBody {
    reason?: string;
}
/** Order modifications' body (vtex-notes 5.2): item lines `{ id, quantity, price? }` (cents); a SKU both removed and added goes as one `replace` entry. */
export interface VtexChangeV2Body {
    reason: string;
    add?: { items: { id: string; quantity: number; price?: number }[] };
    remove?: { items: { id: string; quantity: number; price?: number }[] };
    replace?: { from: { items: { id: string; quantity: number; price?: number }[] }; to: { items: { id: string; quantity: number; price?: number }[] } }[];
    manualDiscountValue: number;
    manualIncrementValue: number;
}
/** A request to VTEX's Orders API. */
export type VtexRequest =
| { method: "POST"; path: string; body: VtexInvoiceBody }
| { method: "POST"; path: string; body: VtexChangeBody }
| { method: "POST"; path: string; body: VtexCancelBody }
| { method: "PATCH" | "POST"; path: string; body: VtexChangeV2Body };

/** Units of a SKU to invoice. */
export type Selection = { id: string; quantity: number }[];
/** Which invoice carries shipping (or tax). */
export type Share = "first" | "proportional" | "last" | "none";
export interface PlanInvoiceOptions {
    /** The invoice number; default a fresh `NF-<n>`. */
    number?: string | null;
    /** Default `"first"`. */
    shipping?: Share | null;
    /** Default `"proportional"`. */
    tax?: Share | null;
}
export interface BreakdownLine {
    id: string;
    quantity: number;
    price: Money;
    discount: Money;
}
/** `items − discounts + shipping + tax = value`. */
export interface Breakdown {
    items: Money;
    discounts: Money;
    shipping: Money;
    tax: Money;
    value: Money;
    remainingBefore: Money;
    lines: BreakdownLine[];
}
export interface PlannedInvoice {
    operation: InvoiceOperation & { value: Money; items: (OperationItem & { price: Money })[] };
    breakdown: Breakdown;
}
/** Whether a planned return refunds the returned units' share of shipping (or tax). */
export type Refund = "none" | "proportional";
export interface PlanReturnOptions {
    /** The return's number; default a fresh `RET-<n>`. */
    number?: string | null;
    /** Default `"none"`: the store keeps the shipping. */
    shipping?: Refund | null;
    /** Default `"none"`: the store keeps the tax. */
    tax?: Refund | null;
}
/** A planned return: its value is what the customer paid for the units (`items − discounts + shipping + tax`). */
export interface PlannedReturn {
    operation: ReturnOperation & { value: Money; items: (OperationItem & { price: Money })[] };
    breakdown: Breakdown;
}
/** What `planCloseOut` throws when the order has nothing to close. */
export interface PlanError extends Error {
    code: "NOTHING_TO_CLOSE";
    path: "state";
}

// ----- Reconciliation (api.md section 9) -----

/** A payment of the gateway's records (`GET /api/pvt/transactions/{id}/payments`). Only the fields reconciliation reads are typed; every other field is accepted and ignored. */
export interface GatewayPayment {
    id: string;
    paymentSystem?: string | number | null;
    group?: string | null;
    /** Integer cents. */
    value?: VtexCents | null;
    referenceValue?: VtexCents | null;
    status?: string | null;
    connector?: string | null;
    /** VTEX keeps e.g. `{ name: "refund", value: "[{\"ValueAsInt\":100,\"RefundType\":1}]" }` here: a JSON text, in cents. */
    fields?: { name: string; value?: string | null; [field: string]: unknown }[] | null;
    [field: string]: unknown;
}
/** The gateway's records of an order's transaction, as an exporter gathers them from the Payments Gateway API: the transaction's details (`GET /api/pvt/transactions/{id}`: `id`, `status`, `value`, dates…) plus its `payments`, its `settlements` (`requests` asked, `actions` executed per payment) and, when present, its `refunds` and `cancellations` in the same shape. Values are integer cents; unknown fields are ignored. */
export interface GatewayTransaction {
    id?: string | null;
    /** `"Finished"`, `"Approved"`, `"Settling"`, `"Cancelled"`… */
    status?: string | null;
    value?: VtexCents | null;
    /** The payments list, or a link to it (`{ href }`, as Transaction Details give it: then not compared). */
    payments?: GatewayPayment[] | { href: string; [field: string]: unknown } | null;
    /** `{ requests, actions }`, a list of actions, or a link; without a list, the payments' `fields` `settlement` entries (or `settlementConnectorResponse`) are read. */
    settlements?: VtexGatewayRecords | null;
    refunds?: VtexGatewayRecords | null;
    cancellations?: VtexGatewayRecords | null;
    [field: string]: unknown;
}
/** `reconcile`'s options: `fromVtex`'s (how the order is read and replayed), and whether to write `explain` lines. */
export interface ReconcileOptions extends FromVtexOptions {
    /** Whether the result carries `explain` lines. Default `true`; a batch turns them off. */
    explain?: boolean;
}
/**
 * An order's or a payment's reconciliation status: `matched` (recorded equals expected on every
 * figure, and no finding), `pending` (the only findings are settlement requests the gateway has
 * not executed yet), `difference` (a drift or a finding beyond those), `invalid` (the documents
 * could not be read: see `error`).
 */
export type ReconcileStatus = "matched" | "pending" | "difference" | "invalid";
/** How bad a finding is: `money` (money at risk), `stuck` (a flow that did not finish), `data` (inconsistent records that move no money by themselves). */
export type Severity = "data" | "stuck" | "money";
/**
 * A discrepancy code: a closed set, each with its severity and VTEX source (the core's
 * `src/reconcile/findings.rs`).
 * - `SETTLEMENT_NOT_EXECUTED` (stuck): settlement requests without actions; alone, the order is `pending`.
 * - `SETTLEMENT_NOT_REQUESTED` (data): settlement actions (not auto-settlement) beyond what was requested.
 * - `ZERO_SETTLEMENT_REQUEST` (stuck): a settlement request of value 0, which finishes the transaction and blocks later settlements.
 * - `OVER_SETTLED`, `UNDER_SETTLED` (money): settled above or below expected, beyond what the mode and the other findings explain.
 * - `SETTLED_BEYOND_AUTHORIZATION` (money): settled more than the payment's authorization.
 * - `OVERCAPTURE_NOT_REFUNDED` (money): total or legacy mode, the over-capture the rules give back was not refunded.
 * - `RETURN_NOT_REFUNDED` (money): a return whose refund did not reach the provider.
 * - `REFUND_MISSING` (money): another refund the rules call for is missing.
 * - `REFUND_NOT_EXECUTED` (money): a refund the connector did not execute (value 0, `refund-manually`).
 * - `REFUND_DUPLICATED` (money): a refund recorded twice.
 * - `OVER_REFUNDED` (money): refunded more than the rules call for, not explained by a duplicate.
 * - `REFUND_EXCEEDS_SETTLED` (money): refunded more than was settled.
 * - `CANCELED_BUT_SETTLED` (money): a cancelled order or transaction whose payment still settled.
 * - `AUTHORIZATION_LEFT_OPEN` (stuck): an authorization still open on an invoiced or cancelled order.
 * - `OVER_CANCELLED` (money): voided more than the rules call for.
 * - `STATUS_MISMATCH` (data): the order's status contradicts the transaction's.
 * - `PAYMENT_NOT_IN_GATEWAY`, `PAYMENT_NOT_IN_ORDER` (data): a payment on one side only.
 * - `VALUE_DIFFERS` (data): the gateway's payment value differs from the order's.
 * - `CANCELLATION_NOT_EXECUTED` (stuck): a cancellation the connector did not execute (value 0, `cancel-manually`): the authorization must be released by hand.
 * - `SPLIT_DIFFERS` (data): one payment above expected by as much as another is below: the gateway split the amount otherwise than the rules assume, the order's total as expected.
 */
export type FindingCode =
| "SETTLEMENT_NOT_EXECUTED" | "SETTLEMENT_NOT_REQUESTED" | "ZERO_SETTLEMENT_REQUEST" | "OVER_SETTLED"
| "UNDER_SETTLED" | "SETTLED_BEYOND_AUTHORIZATION" | "OVERCAPTURE_NOT_REFUNDED" | "RETURN_NOT_REFUNDED"
| "REFUND_MISSING" | "REFUND_NOT_EXECUTED" | "REFUND_DUPLICATED" | "OVER_REFUNDED" | "REFUND_EXCEEDS_SETTLED"
| "CANCELED_BUT_SETTLED" | "AUTHORIZATION_LEFT_OPEN" | "OVER_CANCELLED" | "STATUS_MISMATCH"
| "PAYMENT_NOT_IN_GATEWAY" | "PAYMENT_NOT_IN_ORDER" | "VALUE_DIFFERS" | "CANCELLATION_NOT_EXECUTED"
| "SPLIT_DIFFERS";
/** A payment's four figures in the provider's view (money that really moved), exact decimal strings at the currency's digits. (Not `Figures`, which is an outcome's: what one operation moves.) */
export interface ReconcileFigures {
    /** Captured. */
    settled: Money;
    /** Voided (released) at the provider. */
    cancelled: Money;
    /** Refunded by the provider. */
    refunded: Money;
    /** Still authorized: the authorization − settled − cancelled. */
    open: Money;
}
/** One payment of the order: what the rules expect, what the gateway recorded, and `drift` = recorded − expected, figure by figure (negative where less was recorded). */
export interface PaymentReconciliation {
    /** VTEX's payment id. */
    id: string;
    group: PaymentGroup;
    status: ReconcileStatus;
    expected: ReconcileFigures;
    recorded: ReconcileFigures;
    drift: ReconcileFigures;
}
/** One discrepancy, with an English sentence in `explain`'s style. */
export interface Finding {
    code: FindingCode;
    severity: Severity;
    /** The payment, when the finding is about one. */
    paymentId?: string;
    /** How much, at the currency's digits, when the finding has an amount. */
    amount?: Money;
    message: string;
}
/** Why an order could not be reconciled (`status: "invalid"`). */
export interface ReconcileError {
    code: "INVALID_INPUT";
    /** Where, e.g. `"order.items[0].price"` or `"transaction.settlements.actions[1].value"`. */
    path: string;
    message: string;
}
/** What `reconcile` returns: never thrown on the documents' content. */
export interface Reconciliation {
    /** VTEX's `orderId`, when it could be read. */
    orderId: string | null;
    /** The order's currency (ISO 4217), when it could be read. */
    currency: string | null;
    /** The worst of the payments' statuses and of the order-level findings. */
    status: ReconcileStatus;
    /** One entry per payment of the order, in the order's order. */
    payments: PaymentReconciliation[];
    /** Every discrepancy, payment by payment, then the order's own. */
    findings: Finding[];
    /** `fromVtex`'s notes on both readings, and the assumptions made reading the gateway's records. */
    notes: Note[];
    /** Lines in section 8's shape for the expected and recorded figures; empty with `explain: false`. */
    explain: Explanation[];
    /** Only when `status` is `"invalid"`. */
    error?: ReconcileError;
}



/**
 * A state parsed once, for many cheap previews, and applies that move it on. Call `free()`
 * to release its WebAssembly memory at once (or let the garbage collector do it).
 */
export class Ledger {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Applies `operation`; an accepted one moves the ledger's state on.
     */
    apply(operation: Operation): Outcome;
    /**
     * Reads and validates `state` (and `options`) once.
     */
    constructor(state: OrderStateInput, options?: Options | null);
    /**
     * What `operation` would do now.
     */
    preview(operation: Operation): Outcome;
    /**
     * The current state (a new object each call).
     */
    state(): OrderState;
}

/**
 * Applies `operation` to `state`: the new state (a new object; the same state when the
 * operation is rejected) and the outcome `preview` gives.
 */
export function apply(state: OrderStateInput, operation: Operation, options?: Options | null): Applied;

/**
 * Reads VTEX's "Get order" document (and, optionally, the gateway's records) into a state:
 * `{ state, notes }` (api.md section 7). Throws `INVALID_INPUT` with a path under `order`,
 * `transaction` or `options`.
 */
export function fromVtex(order: VtexOrder, transaction?: VtexTransaction | null, options?: FromVtexOptions | null): FromVtexResult;

/**
 * Reads a VTEX Change v2 document (the preview response, a change's detail or history entry,
 * or a create/preview request body) for `state`'s order: `{ operation, notes }`, a `change`
 * with `api: "v2"` whose value is VTEX's `totalChangeValue` when the document has it
 * (api.md section 7). `options.requestId` names a change whose document has no id (a request
 * body). Throws `INVALID_INPUT` with a path under `change`, `state` or `options`.
 */
export function fromVtexChange(change: VtexChangeV2, state: OrderStateInput, options?: FromVtexChangeOptions | null): FromVtexChangeResult;

/**
 * The `change` that closes a partially invoiced order (discount V − I, the uninvoiced units
 * removed). Throws an `Error` with `code: "NOTHING_TO_CLOSE"` when there is nothing to close.
 */
export function planCloseOut(state: OrderStateInput): ChangeOperation;

/**
 * Plans the output invoice of `selection` (`[{ id, quantity }]`): `{ operation, breakdown }`.
 */
export function planInvoice(state: OrderStateInput, selection: Selection, options?: PlanInvoiceOptions | null): PlannedInvoice;

/**
 * Plans the return (input invoice) of `selection` (`[{ id, quantity }]` of invoiced units not
 * yet returned): `{ operation, breakdown }`, the refund being what the customer paid for those
 * units (their price less their share of the discounts; shipping and tax as `options` say).
 */
export function planReturn(state: OrderStateInput, selection: Selection, options?: PlanReturnOptions | null): PlannedReturn;

/**
 * What `operation` would do to `state`, without changing it. Throws an `InputError`
 * (`code: "INVALID_INPUT"`) for malformed input; a broken business rule is an outcome with
 * `accepted: false`.
 */
export function preview(state: OrderStateInput, operation: Operation, options?: Options | null): Outcome;

/**
 * Reconciles one order (api.md section 9): per payment, what the rules expect it to have
 * settled, cancelled and refunded (the replay of VTEX's `order`, as `fromVtex` reads it),
 * against what the gateway recorded (`transaction`: the transaction's details, `payments`,
 * `settlements`, and `refunds`/`cancellations` when present), the drift, and the findings.
 *
 * Never throws on the content of `order` or `transaction`, so that a batch goes on: a
 * document that cannot be read (also one the walk refuses here: too many values, a
 * function, a getter that throws) is a result with `status: "invalid"` and `error` (its
 * path under `order` or `transaction`). Only bad `options` throw `INVALID_INPUT` (a mistake
 * of the caller, the same for every order), checked first, also when a document is unreadable.
 * The documents are read within VTEX's wide bounds, as `fromVtex` reads them.
 */
export function reconcile(order: VtexOrder, transaction: GatewayTransaction | null, options?: ReconcileOptions | null): Reconciliation;

/**
 * Runs `operations` in order: the final state and one outcome per operation (a rejected
 * operation leaves the state as it was). Throws at the first malformed operation, with a
 * path such as `operations[2].value`.
 */
export function simulate(state: OrderStateInput, operations: Operation[], options?: Options | null): Simulation;

/**
 * The Orders API request that submits `operation`: `{ method, path, body }`, in VTEX's field
 * names and integer cents. Throws `INVALID_INPUT` (a state without `orderId`, an amount that
 * is not a whole number of minor units).
 */
export function toVtexRequest(state: OrderStateInput, operation: Operation, options?: VtexRequestOptions | null): VtexRequest;

/**
 * The package version.
 */
export function version(): string;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly __wbg_ledger_free: (a: number, b: number) => void;
    readonly apply: (a: any, b: any, c: number) => [number, number, number];
    readonly fromVtex: (a: any, b: number, c: number) => [number, number, number];
    readonly fromVtexChange: (a: any, b: any, c: number) => [number, number, number];
    readonly ledger_apply: (a: number, b: any) => [number, number, number];
    readonly ledger_new: (a: any, b: number) => [number, number, number];
    readonly ledger_preview: (a: number, b: any) => [number, number, number];
    readonly ledger_state: (a: number) => [number, number, number];
    readonly planCloseOut: (a: any) => [number, number, number];
    readonly planInvoice: (a: any, b: any, c: number) => [number, number, number];
    readonly planReturn: (a: any, b: any, c: number) => [number, number, number];
    readonly preview: (a: any, b: any, c: number) => [number, number, number];
    readonly reconcile: (a: any, b: any, c: number) => [number, number, number];
    readonly simulate: (a: any, b: any, c: number) => [number, number, number];
    readonly toVtexRequest: (a: any, b: any, c: number) => [number, number, number];
    readonly version: () => [number, number];
    readonly __wbindgen_malloc: (a: number, b: number) => number;
    readonly __wbindgen_realloc: (a: number, b: number, c: number, d: number) => number;
    readonly __wbindgen_free: (a: number, b: number, c: number) => void;
    readonly __wbindgen_exn_store: (a: number) => void;
    readonly __externref_table_alloc: () => number;
    readonly __wbindgen_externrefs: WebAssembly.Table;
    readonly __externref_table_dealloc: (a: number) => void;
    readonly __wbindgen_start: () => void;
}

export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Instantiates the given `module`, which can either be bytes or
 * a precompiled `WebAssembly.Module`.
 *
 * @param {{ module: SyncInitInput }} module - Passing `SyncInitInput` directly is deprecated.
 *
 * @returns {InitOutput}
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/**
 * If `module_or_path` is {RequestInfo} or {URL}, makes a request and
 * for everything else, calls `WebAssembly.instantiate` directly.
 *
 * @param {{ module_or_path: InitInput | Promise<InitInput> }} module_or_path - Passing `InitInput` directly is deprecated.
 *
 * @returns {Promise<InitOutput>}
 */
export default function __wbg_init (module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<InitOutput>;

declare global {
    // wasm-bindgen declares `Ledger[Symbol.dispose]` (for `using`). TypeScript's lib declares
    // `Symbol.dispose` only from `esnext.disposable` (5.2+); declared here as that lib does (the
    // two merge), so that these declarations compile with every lib and skipLibCheck: false.
    interface SymbolConstructor {
        readonly dispose: unique symbol;
    }
}
