//! The closed set of note codes `fromVtex` gives (api.md section 7), each documented once,
//! here. A note says what the mapping decided where VTEX's data is ambiguous or inconsistent;
//! it never changes the numbers silently: the decision is the one written on the code.

use crate::json_text::JsonText;
use serde::{Serialize, Serializer};

/// What a note is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NoteCode {
    /// `value` differs from the sum of `totals` (VTEX's own "Get order" example does: 1160
    /// against 399). The state's value is VTEX's `value`, exactly (S1: the order total).
    ValueDiffersFromTotals,
    /// A `totals` entry beyond `Items`, `Discounts`, `Shipping`, `Tax`, `Change`,
    /// `ManualValues` and `CustomTax`: ignored (the value already counts it).
    TotalUnknown,
    /// `CustomTax` is counted with `Tax` (it is a tax the store computes itself).
    CustomTax,
    /// `ManualValues` (Change v2's manual discounts and increments, S1/S11) is part of the
    /// value; the planners spread it with the discounts.
    ManualValues,
    /// The `Change` total differs from the sum of `changesAttachment` deltas; the changes'
    /// own `discountValue`/`incrementValue` are used.
    ChangeTotalDiffers,
    /// The item lines (unit price × quantity) do not add up to the `Items` total.
    ItemsTotalDiffers,
    /// An item's `sellingPrice` differs from its `price`: the state's unit price is `price`
    /// (the `Items` total is built from it, S1), and the difference is part of `Discounts`
    /// (the item's `priceTags`).
    SellingPriceDiffers,
    /// A shipping discount sits as a `priceTag` on an item. The totals already count it, and
    /// the state takes them as they are: in the `Discounts` total (which the planners spread
    /// over the items with the other discounts), or, when the `Shipping` total carries an
    /// `AlternativeShippingDiscount` alternative total (orders since 2024, e.g. S1's "Get
    /// orders by order group" example), netted in the `Shipping` total.
    ShippingDiscountOnItem,
    /// `unitMultiplier` ≠ 1: the state's unit price is `price × unitMultiplier` (S1: VTEX
    /// multiplies the unit price by the multiplier).
    UnitMultiplier,
    /// `price × unitMultiplier` is not a whole number of cents (or of the currency's unit,
    /// when coarser): rounded half to even (VTEX rounds such items per item, S1
    /// `roundingError`); the value stays exact.
    UnitPriceRounded,
    /// One SKU on several lines: kept as separate lines (units add up by SKU; the planners
    /// take units from the first line first).
    SkuOnSeveralLines,
    /// An item line with no units (quantity 0): left out.
    ItemWithoutUnits,
    /// A payment without `group` (as marketplace orders show them): group `other`.
    PaymentGroupMissing,
    /// A payment group beyond the engine's (such as `PSE`): group `other` (or the engine's
    /// name for it, such as `pix` → `instantPayment`).
    PaymentGroupUnknown,
    /// Installments with interest (`value` > `referenceValue`): the authorization is
    /// `referenceValue`, the amount the OMS settles (the order value excludes interest, K4).
    InstallmentInterest,
    /// `referenceValue` above `value`: the authorization is `value`.
    ReferenceValueIgnored,
    /// The order shows no payment (a seller's view of a marketplace order): one payment of
    /// the order value, id `marketplace`, group `other`, is assumed.
    PaymentAssumed,
    /// A transaction with `isActive: false`: left out.
    TransactionInactive,
    /// The payments' authorized total differs from the order value at authorization.
    AuthorizationDiffersFromValue,
    /// The order has no `storePreferencesData.currencyCode`: `options.currency` is used.
    CurrencyFromOptions,
    /// `currencyFormatInfo.CurrencyDecimalDigits` differs from the currency's ISO 4217 minor
    /// units. It is display formatting: amounts are read as VTEX's cents (hundredths of the
    /// major unit, S1) and kept at the ISO minor units.
    CurrencyDigitsDiffer,
    /// An order status beyond the engine's list, mapped to its nearest one (such as
    /// `waiting-ffmt-authorization` → `authorize-fulfillment`), or a Checkout order's `state`
    /// read as its status (the place-order response of the Checkout API, S1's sibling, names
    /// it so).
    StatusMapped,
    /// An unknown order status: taken as `payment-approved` (no change allowed), unless the
    /// history says `invoiced` or `canceled`, or the order carries `cancellationData`: VTEX
    /// writes it only when it cancels an order, and an order cancelled by a payment
    /// notification can keep an empty status (the orders VTEX's app KI-379869 cancels, whose
    /// mock order has `status` "" and `cancellationData`): then `canceled`.
    StatusUnknown,
    /// Replaying the history ends in another status than VTEX's: VTEX's is kept.
    StatusDiffersFromHistory,
    /// No `options.connectors` entry for a payment: protocol `ppp`, mode `total` (VTEX's
    /// default mode, S13/S14) are assumed.
    ConnectorAssumed,
    /// A gift card taken as settled by itself at authorization (auto-settlement, S25).
    AutoSettled,
    /// A package without `type`: an `Output` invoice.
    InvoiceTypeMissing,
    /// A package without `invoiceNumber`: a number `package-<n>` is given.
    InvoiceNumberMissing,
    /// The same `invoiceNumber` twice: counted once (VTEX: a new receipt, the same invoice).
    InvoiceNumberRepeated,
    /// An `Input` package whose `restitutions.Refund.value` differs from `invoiceValue`:
    /// `invoiceValue` is the return's value.
    RestitutionDiffers,
    /// A change without `requestId` (VTEX does not always record it): its receipt, or
    /// `change-<n>`, stands for it.
    ChangeWithoutRequestId,
    /// Two changes with the same request id: the later is renamed (`<id>#<n>`), since VTEX
    /// recorded both as effective.
    ChangeRequestIdRepeated,
    /// An invoice or change without a readable date: replayed right after the entry before it.
    DateMissing,
    /// The engine refused a recorded operation while replaying the history: it is recorded as
    /// VTEX has it, but moves no money in the ledgers.
    ReplayRejected,
    /// Output invoices add up to more than the order value (a race with a change, K1).
    InvoicedAboveValue,
    /// The ledgers are the gateway's records (settlements, refunds, cancellations), not a
    /// replay.
    LedgerFromGateway,
    /// A gateway list is a link only (`href`): fetch it and pass its body; counted as empty.
    GatewayLinkOnly,
    /// Settlement requests add up to more than the settlement actions: the difference is
    /// pending at the gateway and not counted as settled.
    SettlementPending,
    /// The gateway shows another value for a payment than the order.
    GatewayValueDiffers,
    /// An item without `price`: its `sellingPrice` is the unit price.
    ItemPriceMissing,
    /// No gateway records were given to `reconcile`: every recorded figure is 0.
    GatewayRecordsMissing,
    /// The gateway records have no `payments` list (Payment Details): the payments are not
    /// compared with the order's (no `PAYMENT_NOT_IN_GATEWAY`, no `VALUE_DIFFERS`).
    GatewayPaymentsMissing,
    /// The gateway records have no `settlements`, `refunds` or `cancellations` list (nor, for
    /// refunds, `refund` fields): counted as none.
    GatewayListMissing,
    /// No `refunds` list: the refunds are the payments' `fields` `refund` entries (S3 Payment
    /// Details: `ValueAsInt` in cents; 0 is a refund the connector did not execute; every
    /// `RefundType` counted).
    RefundsFromFields,
    /// A gateway action whose `type` is not its list's (`settlement`/`auto-settlement`,
    /// `refund`, `cancellation`): counted in the list it is in.
    ActionTypeUnknown,
    /// A connector response's `value` (a decimal in major units, S2/S17) differs from its
    /// action's `value` (cents): the action's value is the one counted.
    ConnectorValueDiffers,
    /// A cancelled transaction (`status` `Cancelled`) without a `cancellations` list: each
    /// payment's open amount (A − settled) counts as cancelled, since VTEX ends a cancelled
    /// transaction canceled whatever the provider answered (S16, S18).
    CancelledFromStatus,
    /// A gateway date without an offset (S3's examples write `2018-06-05T13:08:22` beside
    /// `2018-06-05T12:55:58.6262759Z`): taken as UTC.
    DateWithoutOffset,
    /// A payment without `id` (VTEX's payload of a payment the marketplace took has none):
    /// `<transactionId>#<n>` stands for it.
    PaymentIdMissing,
    /// A payment the marketplace (affiliate) took (`transactionId` `PAYMENT-FROM-AFFILIATE`,
    /// or `paymentSystemName` "Assumed value by affiliate …"): VTEX says it is not a payment
    /// transaction on the seller's gateway, so what the preview moves on it is what the
    /// marketplace owes the seller or takes back ("Marketplace payment data on seller
    /// orders", VTEX dev portal).
    PaymentFromAffiliate,
    /// A Change v2 document without VTEX's `totalChangeValue` (a request body): the change's
    /// value is estimated from the state (items at their prices, else the order's, and the
    /// manual values); VTEX recalculates shipping, promotions and taxes (S11), so its preview
    /// gives the exact value.
    ChangeV2Estimate,
    /// A Change v2 detail or history entry whose `status` is not `done`: VTEX has not applied
    /// it (vtex-notes 5.2). In `fromVtex`'s `options.changesV2`, it is not replayed.
    ChangeV2NotDone,
    /// A Change v2 history entry without `status` (S1's history lists `requests` without
    /// one), not in progress and not cancelled: taken as done and replayed.
    ChangeV2StatusAssumed,
    /// The order has both Change v1 (`changesAttachment`) and Change v2 (`options.changesV2`)
    /// changes: VTEX forbids mixing them (vtex-notes 5.2, S12 `SalesOrderSystem015`); both
    /// are replayed in date order.
    ChangeApisMixed,
    /// The payments authorize more than the order's value and the order is one of an order
    /// group (`orderGroup` + `-NN`): VTEX's checkout opens one transaction for the group and
    /// each order lists it whole (S1 "Get orders by order group" example). Each payment's
    /// authorization is its share of the order's value, in proportion to the payments'
    /// values (exact); which payment pays which order is not in VTEX's data.
    PaymentsPayOrderGroup,
    /// An item VTEX marks as a gift (`isGift: true`, `sellingPrice` 0: a "buy and win"
    /// promotion's `DISCOUNT@GIFT` price tag) whose price the `Items` total leaves out, and the
    /// `Discounts` total with it (an Éxito order of VTEX's app KI-379869: `Items` is the one
    /// paid item's price alone). Its unit price is 0, so that the item lines add up to the
    /// `Items` total and a plan never charges it; when the `Items` total does count the gift's
    /// price, the price is kept (and the difference is in `Discounts`, as for any item).
    GiftItemFree,
    /// The gateway records have no settlements list (absent, or a link): the settlements are
    /// the payments' `fields` `settlement` entries (the legacy payments listing of VTEX's
    /// marketplace-switch guide: `[{ ValueAsInt, SettlementDate, SettlementType, … }]`, cents,
    /// every `SettlementType` counted), else their `settlementConnectorResponse` (S3's Payment
    /// Details example: `{ settleId, value }`, major units; the connector's last answer, so an
    /// earlier partial settlement is not in it). There are no settlement requests then.
    SettlementsFromFields,
}

impl NoteCode {
    /// The code as the JSON writes it (`VALUE_DIFFERS_FROM_TOTALS`).
    pub fn name(self) -> &'static str {
        match self {
            NoteCode::ValueDiffersFromTotals => "VALUE_DIFFERS_FROM_TOTALS",
            NoteCode::TotalUnknown => "TOTAL_UNKNOWN",
            NoteCode::CustomTax => "CUSTOM_TAX",
            NoteCode::ManualValues => "MANUAL_VALUES",
            NoteCode::ChangeTotalDiffers => "CHANGE_TOTAL_DIFFERS",
            NoteCode::ItemsTotalDiffers => "ITEMS_TOTAL_DIFFERS",
            NoteCode::SellingPriceDiffers => "SELLING_PRICE_DIFFERS",
            NoteCode::ShippingDiscountOnItem => "SHIPPING_DISCOUNT_ON_ITEM",
            NoteCode::UnitMultiplier => "UNIT_MULTIPLIER",
            NoteCode::UnitPriceRounded => "UNIT_PRICE_ROUNDED",
            NoteCode::SkuOnSeveralLines => "SKU_ON_SEVERAL_LINES",
            NoteCode::ItemWithoutUnits => "ITEM_WITHOUT_UNITS",
            NoteCode::PaymentGroupMissing => "PAYMENT_GROUP_MISSING",
            NoteCode::PaymentGroupUnknown => "PAYMENT_GROUP_UNKNOWN",
            NoteCode::InstallmentInterest => "INSTALLMENT_INTEREST",
            NoteCode::ReferenceValueIgnored => "REFERENCE_VALUE_IGNORED",
            NoteCode::PaymentAssumed => "PAYMENT_ASSUMED",
            NoteCode::TransactionInactive => "TRANSACTION_INACTIVE",
            NoteCode::AuthorizationDiffersFromValue => "AUTHORIZATION_DIFFERS_FROM_VALUE",
            NoteCode::CurrencyFromOptions => "CURRENCY_FROM_OPTIONS",
            NoteCode::CurrencyDigitsDiffer => "CURRENCY_DIGITS_DIFFER",
            NoteCode::StatusMapped => "STATUS_MAPPED",
            NoteCode::StatusUnknown => "STATUS_UNKNOWN",
            NoteCode::StatusDiffersFromHistory => "STATUS_DIFFERS_FROM_HISTORY",
            NoteCode::ConnectorAssumed => "CONNECTOR_ASSUMED",
            NoteCode::AutoSettled => "AUTO_SETTLED",
            NoteCode::InvoiceTypeMissing => "INVOICE_TYPE_MISSING",
            NoteCode::InvoiceNumberMissing => "INVOICE_NUMBER_MISSING",
            NoteCode::InvoiceNumberRepeated => "INVOICE_NUMBER_REPEATED",
            NoteCode::RestitutionDiffers => "RESTITUTION_DIFFERS",
            NoteCode::ChangeWithoutRequestId => "CHANGE_WITHOUT_REQUEST_ID",
            NoteCode::ChangeRequestIdRepeated => "CHANGE_REQUEST_ID_REPEATED",
            NoteCode::DateMissing => "DATE_MISSING",
            NoteCode::ReplayRejected => "REPLAY_REJECTED",
            NoteCode::InvoicedAboveValue => "INVOICED_ABOVE_VALUE",
            NoteCode::LedgerFromGateway => "LEDGER_FROM_GATEWAY",
            NoteCode::GatewayLinkOnly => "GATEWAY_LINK_ONLY",
            NoteCode::SettlementPending => "SETTLEMENT_PENDING",
            NoteCode::GatewayValueDiffers => "GATEWAY_VALUE_DIFFERS",
            NoteCode::ItemPriceMissing => "ITEM_PRICE_MISSING",
            NoteCode::GatewayRecordsMissing => "GATEWAY_RECORDS_MISSING",
            NoteCode::GatewayPaymentsMissing => "GATEWAY_PAYMENTS_MISSING",
            NoteCode::GatewayListMissing => "GATEWAY_LIST_MISSING",
            NoteCode::RefundsFromFields => "REFUNDS_FROM_FIELDS",
            NoteCode::ActionTypeUnknown => "ACTION_TYPE_UNKNOWN",
            NoteCode::ConnectorValueDiffers => "CONNECTOR_VALUE_DIFFERS",
            NoteCode::CancelledFromStatus => "CANCELLED_FROM_STATUS",
            NoteCode::DateWithoutOffset => "DATE_WITHOUT_OFFSET",
            NoteCode::PaymentIdMissing => "PAYMENT_ID_MISSING",
            NoteCode::PaymentFromAffiliate => "PAYMENT_FROM_AFFILIATE",
            NoteCode::ChangeV2Estimate => "CHANGE_V2_ESTIMATE",
            NoteCode::ChangeV2NotDone => "CHANGE_V2_NOT_DONE",
            NoteCode::ChangeV2StatusAssumed => "CHANGE_V2_STATUS_ASSUMED",
            NoteCode::ChangeApisMixed => "CHANGE_APIS_MIXED",
            NoteCode::PaymentsPayOrderGroup => "PAYMENTS_PAY_ORDER_GROUP",
            NoteCode::GiftItemFree => "GIFT_ITEM_FREE",
            NoteCode::SettlementsFromFields => "SETTLEMENTS_FROM_FIELDS",
        }
    }

    /// Every note code.
    pub const ALL: [NoteCode; 57] = [
        NoteCode::ValueDiffersFromTotals,
        NoteCode::TotalUnknown,
        NoteCode::CustomTax,
        NoteCode::ManualValues,
        NoteCode::ChangeTotalDiffers,
        NoteCode::ItemsTotalDiffers,
        NoteCode::SellingPriceDiffers,
        NoteCode::ShippingDiscountOnItem,
        NoteCode::UnitMultiplier,
        NoteCode::UnitPriceRounded,
        NoteCode::SkuOnSeveralLines,
        NoteCode::ItemWithoutUnits,
        NoteCode::PaymentGroupMissing,
        NoteCode::PaymentGroupUnknown,
        NoteCode::InstallmentInterest,
        NoteCode::ReferenceValueIgnored,
        NoteCode::PaymentAssumed,
        NoteCode::TransactionInactive,
        NoteCode::AuthorizationDiffersFromValue,
        NoteCode::CurrencyFromOptions,
        NoteCode::CurrencyDigitsDiffer,
        NoteCode::StatusMapped,
        NoteCode::StatusUnknown,
        NoteCode::StatusDiffersFromHistory,
        NoteCode::ConnectorAssumed,
        NoteCode::AutoSettled,
        NoteCode::InvoiceTypeMissing,
        NoteCode::InvoiceNumberMissing,
        NoteCode::InvoiceNumberRepeated,
        NoteCode::RestitutionDiffers,
        NoteCode::ChangeWithoutRequestId,
        NoteCode::ChangeRequestIdRepeated,
        NoteCode::DateMissing,
        NoteCode::ReplayRejected,
        NoteCode::InvoicedAboveValue,
        NoteCode::LedgerFromGateway,
        NoteCode::GatewayLinkOnly,
        NoteCode::SettlementPending,
        NoteCode::GatewayValueDiffers,
        NoteCode::ItemPriceMissing,
        NoteCode::GatewayRecordsMissing,
        NoteCode::GatewayPaymentsMissing,
        NoteCode::GatewayListMissing,
        NoteCode::RefundsFromFields,
        NoteCode::ActionTypeUnknown,
        NoteCode::ConnectorValueDiffers,
        NoteCode::CancelledFromStatus,
        NoteCode::DateWithoutOffset,
        NoteCode::PaymentIdMissing,
        NoteCode::PaymentFromAffiliate,
        NoteCode::ChangeV2Estimate,
        NoteCode::ChangeV2NotDone,
        NoteCode::ChangeV2StatusAssumed,
        NoteCode::ChangeApisMixed,
        NoteCode::PaymentsPayOrderGroup,
        NoteCode::GiftItemFree,
        NoteCode::SettlementsFromFields,
    ];
}

/// Written as its name: one table of strings, not a serializer per variant (the .wasm budget).
impl Serialize for NoteCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// One decision of the mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// What it is about.
    pub code: NoteCode,
    /// Where in VTEX's JSON (`order.items[1].sellingPrice`).
    pub path: String,
    /// What was decided, with the numbers.
    pub message: String,
}

impl Note {
    /// `{"code":…,"path":…,"message":…}`, as `serde_json::to_string(self)` writes it: the one
    /// writer of a note, for `fromVtex`, `fromVtexChange` and `reconcile` (issue 20: the
    /// `.wasm` carries no `serde_json` serializer).
    pub fn write_json(&self, w: &mut JsonText) {
        w.raw("{\"code\":\"");
        w.raw(self.code.name());
        w.raw("\",\"path\":");
        w.string(&self.path);
        w.raw(",\"message\":");
        w.string(&self.message);
        w.raw("}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_codes_in_screaming_snake_case_and_distinct() {
        let mut seen = std::collections::BTreeSet::new();
        for code in NoteCode::ALL {
            let debug = format!("{code:?}");
            let mut want = String::new();
            for (i, c) in debug.chars().enumerate() {
                if c.is_ascii_uppercase() && i > 0 {
                    want.push('_');
                }
                want.push(c.to_ascii_uppercase());
            }
            assert_eq!(code.name(), want);
            assert_eq!(serde_json::to_value(code).unwrap(), want.as_str());
            assert!(seen.insert(code.name()));
        }
    }
}
