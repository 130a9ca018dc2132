//! Reconciliation (api.md section 9): what the rules say each payment of an order should have
//! settled, cancelled and refunded, against what the payment gateway recorded, per payment and
//! figure, with the drift (recorded − expected), exact, and the findings that explain it.
//!
//! On top of [`crate::vtex`] and the engine: the **expected** ledgers are those `fromVtex`
//! replays from the order's own history, in the provider's view (money that really moved);
//! the **recorded** ones are read from the gateway's records. Nothing here knows about
//! JavaScript, Python, threads or files: the CLI's batch runner, the bindings and the Python
//! package call [`reconcile`] and [`Reconciliation::rows`].
//!
//! [`reconcile`] never fails on the content of its documents: unreadable data is a
//! [`Reconciliation`] with status [`Status::Invalid`] and its [`ErrorInfo`].
//!
//! ## The figures
//! Per payment, A is the authorization `fromVtex` reads (`referenceValue` when `value` has
//! interest). **Expected** = `from_vtex(order, None, &options.from)`'s state: settled = K
//! (captured), cancelled = X (voided or released), refunded = F (refunded by the provider),
//! open = A − K − X. **Recorded**: settled = Σ the payment's settlement actions
//! (`settlement` and `auto-settlement`); refunded = Σ its executed refunds; cancelled = Σ its
//! executed cancellations; open = A − settled − cancelled. drift = recorded − expected, each
//! figure. The expected and recorded amounts are at the currency's digits.
//!
//! ## Reading the records (each assumption is a [`Note`] when it applies)
//! | what | read as | note |
//! |---|---|---|
//! | `transaction` absent or `null` | no records: every recorded figure 0 | `GATEWAY_RECORDS_MISSING` |
//! | `settlements`, `refunds`, `cancellations` | `{ requests, actions }` (S3), or a list of actions; a `{ href }` link or an absent list counts as none | `GATEWAY_LINK_ONLY`, `GATEWAY_LIST_MISSING` |
//! | amounts (`value`, `ValueAsInt`) | integer cents, hundredths of the major unit in every currency (as `fromVtex` reads the order; a numeric string or a decimal with zero fraction too); a fraction of a cent, or of the currency's unit, or a negative amount is `invalid` | |
//! | `connectorResponse` | an object, its JSON text, or `null`; `code` `refund-manually` / `cancel-manually` marks a refund or cancellation the connector did not execute (S2/S17); `value` is a decimal in major units (PPP), only compared | `CONNECTOR_VALUE_DIFFERS` |
//! | refunds | executed = value > 0 and no `refund-manually`; without a `refunds` list, the payments' `fields` `refund` entries (a JSON text of `[{ ValueAsInt, RefundType, RefundDate?, Id? }]`, cents, 0 = not executed, every `RefundType` counted, S3 Payment Details) | `REFUNDS_FROM_FIELDS` |
//! | settlements without a list (absent, or a link) | the payments' `fields` `settlement` entries (a JSON text of `[{ Id, Token, SettlementDate, ValueAsInt, Value, SettlementType }]`, cents, every `SettlementType` counted: the legacy `GET /api/pvt/transactions/{tid}/payments` of VTEX's marketplace-switch guide, garrucho/docs); without those, each payment's `settlementConnectorResponse` with a `settleId` and a `value` above 0 (major units; the connector's last answer: S3's Payment Details example, S2/S17); no settlement requests then. With a list, these fields are not read | `SETTLEMENTS_FROM_FIELDS` |
//! | a payment that pays the order's whole order group (the order lists it above the state's authorization: `fromVtex` took this order's share, `PAYMENTS_PAY_ORDER_GROUP`) | the gateway's `value` is compared with what the order lists (the group's whole) or the share; of the gateway's settled, cancelled and refunded amounts, up to what the group's other orders authorized (listed − share) is taken as theirs, as little as brings this order's figure to the expected one; requests beyond Σ S up to that much are theirs too (`compare::GroupShare` says why) | `PAYMENTS_PAY_ORDER_GROUP` |
//! | cancellations | executed = value > 0 and no `cancel-manually`; a cancelled transaction (`status` `Cancelled`/`Canceled`/`Cancelling`/`Canceling`) **without** a `cancellations` list: each payment's A − settled counts as cancelled (VTEX ends a cancelled transaction canceled whatever the provider answered, S16/S18); **with** a list, only its actions count | `CANCELLED_FROM_STATUS` |
//! | an action `type` other than its list's | counted in the list it is in | `ACTION_TYPE_UNKNOWN` |
//! | dates | ISO 8601 with or without an offset (without: UTC); anything else is `invalid` | `DATE_WITHOUT_OFFSET` |
//! | `payments` (Payment Details) | `id`, `referenceValue` (else `value`) compared with the order's; absent or a link (as S3's Transaction Details give it): not compared | `GATEWAY_PAYMENTS_MISSING`, `GATEWAY_LINK_ONLY` |
//! | settlement requests | transaction level (no payment id, S3): compared in total with Σ S (the replay's gateway-settled amounts); beyond Σ S, up to the increases charged in separate transactions that are invoiced (`newCharges`, S9/S10) is their share, not a request left unexecuted | |
//!
//! What is `invalid` (with the path): `transaction` not an object; a list, an entry or a field
//! used of the wrong type; an amount that is not whole cents; a date that is not one; a
//! `fields` `refund` value or a connector response that is not JSON. An action or a payment
//! entry whose payment the order does not have is a finding (`PAYMENT_NOT_IN_ORDER`), not
//! `invalid`. An order `fromVtex` cannot read is `invalid` with its path under `order`.
//!
//! ## Attribution: each drift is explained once, by its most specific cause
//! First, across the payments, figure by figure: what one payment has above expected and
//! another below by as much, the order's total as expected, is `SPLIT_DIFFERS` on both (the
//! gateway split the amount otherwise than the split policy and refund order assume; only
//! the parts no record of the payment's own explains: not a cancelled order, not beyond the
//! authorization or the settled amount, not a duplicate or a refund or cancellation not
//! executed). Then per payment, in list order, the rest (each step explains what it can of
//! what is left; a finding's amount is the part of the drift it explains):
//!
//! - **settled above expected**: on a cancelled order or transaction, all of it
//!   `CANCELED_BUT_SETTLED`; else, when the recorded settled exceeds A, all of it
//!   `SETTLED_BEYOND_AUTHORIZATION`; else, up to what the requests exceed Σ S (requested
//!   and executed) `OVER_SETTLED`, the rest `SETTLEMENT_NOT_REQUESTED`;
//! - **settled below expected**: up to what the requests fall short of Σ S less the recorded
//!   auto-settlements (never requested) `UNDER_SETTLED`, the rest `SETTLEMENT_NOT_EXECUTED`
//!   (the only `pending` finding);
//! - **cancelled above expected**: `OVER_CANCELLED`; **below**: up to the cancellations the
//!   connector did not execute `CANCELLATION_NOT_EXECUTED`, the rest
//!   `AUTHORIZATION_LEFT_OPEN`;
//! - **refunded above expected**: up to the repeated refunds `REFUND_DUPLICATED`, then up to
//!   what the recorded refunds exceed the recorded settled `REFUND_EXCEEDS_SETTLED`, the rest
//!   `OVER_REFUNDED`;
//! - **refunded below expected**: up to the refunds the connector did not execute (all of it
//!   when one has value 0) `REFUND_NOT_EXECUTED`; on a cancelled order or transaction the rest
//!   is `CANCELED_BUT_SETTLED`; else, when what is left is exactly the over-capture refund
//!   (total mode: F − R) `OVERCAPTURE_NOT_REFUNDED` (unless a refund of that value dated
//!   before the order's first return is recorded: the over-capture refund comes with the
//!   close-out, before any return, so the missing one is a return's); else up to the gateway's refunds R on an
//!   order with returns `RETURN_NOT_REFUNDED`, then up to the over-capture
//!   `OVERCAPTURE_NOT_REFUNDED`, the rest `REFUND_MISSING`;
//! - the payment against the gateway's `payments`: `PAYMENT_NOT_IN_GATEWAY`,
//!   `VALUE_DIFFERS`.
//!
//! Then what the requests ask beyond Σ S and no settled drift answered:
//! `SETTLEMENT_NOT_EXECUTED` (requested, not executed; on the payment when the order has one,
//! else the order's own). Then the order's own: `PAYMENT_NOT_IN_ORDER` (per unknown payment id),
//! `ZERO_SETTLEMENT_REQUEST` (per request of value 0; on the payment when the order has one),
//! `STATUS_MISMATCH`. The open drift is −(settled drift + cancelled drift): it has no cause of
//! its own. Findings of the same code on the same payment are one finding (amounts added).
//!
//! **Statuses**: a payment is `matched` with no drift and no finding, `pending` when its only
//! findings are `SETTLEMENT_NOT_EXECUTED`, else `difference`; the order takes the worst of its
//! payments and of its order-level findings (`invalid` when it could not be read).
//!
//! ## The findings catalogue
//! | code | severity | meaning | VTEX source |
//! |---|---|---|---|
//! | `SETTLEMENT_NOT_EXECUTED` | stuck | requested, not executed: settled below expected while the requests cover it | S3 `/settlements`; known issue `Payments/order-with-status-of-verifying-invoice-does-not-update-to-invoiced.md` |
//! | `SETTLEMENT_NOT_REQUESTED` | data | settlement actions beyond the requests (within A) | S3; the same known issue |
//! | `ZERO_SETTLEMENT_REQUEST` | stuck | a settlement request of value 0 blocks later settlements | K5 |
//! | `OVER_SETTLED` | money | requested and settled beyond what the invoices and mode call for | S7/S8, S13 |
//! | `UNDER_SETTLED` | money | settled below expected and not requested | S7/S8, S13 |
//! | `SETTLED_BEYOND_AUTHORIZATION` | money | settled more than A | S13, vtex-notes 7 |
//! | `OVERCAPTURE_NOT_REFUNDED` | money | total/legacy mode: the over-capture was not given back | S13, S9/S10 |
//! | `RETURN_NOT_REFUNDED` | money | a return's refund did not reach the provider | K8, S23 |
//! | `REFUND_MISSING` | money | another refund the rules call for is missing | S9/S10, S15, K7 |
//! | `REFUND_NOT_EXECUTED` | money | a refund the connector did not execute (`refund-manually`, value 0) | S2/S17, K6 |
//! | `REFUND_DUPLICATED` | money | a refund recorded twice | known issue `Payments/when-settleid-is-sent-as-null-and-code-as-refundmanually-our-gateway-performs-a-double-refund.md` |
//! | `OVER_REFUNDED` | money | refunded above expected, otherwise unexplained | S15 |
//! | `REFUND_EXCEEDS_SETTLED` | money | refunded more than settled | S13 |
//! | `CANCELED_BUT_SETTLED` | money | a cancelled order or transaction that still settled, net | S16/S18; known issues `Payments/payment-finished-and-transaction-canceling-after-risk-analysis-rejected.md`, `Payments/payment-stuck-after-early-cancellation-request-during-settling.md` |
//! | `AUTHORIZATION_LEFT_OPEN` | stuck | an authorization the rules release is still open | S5/S9, S13 |
//! | `OVER_CANCELLED` | money | voided beyond the rules: revenue released | S13 |
//! | `STATUS_MISMATCH` | data | the order's status contradicts the transaction's (cancelled or not) | S18, S19/S20 |
//! | `PAYMENT_NOT_IN_GATEWAY` | data | a payment of the order missing from the gateway's payments | S1, S3 |
//! | `PAYMENT_NOT_IN_ORDER` | data | gateway records of a payment the order does not have | S1, S3 |
//! | `VALUE_DIFFERS` | data | the gateway's payment value differs from the order's A (a payment that pays the order group: from the group's value the order lists and from the share) | S3, K3/K4, S1 |
//! | `SPLIT_DIFFERS` | data | one payment above expected by what another is below: the split, not money lost | S13, S15, vtex-notes 8/11.2, K7 |
//! | `CANCELLATION_NOT_EXECUTED` | stuck | a cancellation the connector did not execute (`cancel-manually`, value 0) | S2, K11 |
//!
//! K* are `vtexdocs/known-issues` `docs/en/known-issues/` paths listed in vtex-notes section 0
//! (K5 `Payments/order-stuck-in-verifying-invoice-after-settlementrequest-with-value-0.md`, K6
//! `Payments/error-when-processing-the-second-refund-or-cancellation-with-the-same-value-as-the-first.md`,
//! K7 `Payments/incorrect-refund-for-purchases-with-3-payment-methods-one-of-them-being-gc.md`,
//! K8 `Order Management/input-invoice-is-not-triggering-the-refund-process-at-the-gateway.md`,
//! K11 `Payments/the-system-does-not-allow-multiple-cancellation-with-giftcard.md`).
//!
//! ## Explanations
//! `explain` (api.md section 8's shape, rule `"api.md 9"`): per payment, the expected settled,
//! cancelled and refunded (code [`ReconcileStep`](crate::codes::ReconcileStep) `EXPECTED_*`,
//! view `provider`) and open; the recorded ones (`RECORDED_*`, view `gateway`, since they are
//! the gateway's records); then one line per finding, whose code is the finding's code. A
//! figure above zero is a money line (payment, view, figure, amount: per payment, view and
//! figure they add up to the figure); the others are context.

mod compare;
mod export;
pub mod findings;
mod ideal;
mod records;

pub use export::{
    input_unreadable, line_too_long, read_export_line, ExportDocument, ExportLine, MAX_EXPORT_LINE,
};
pub use ideal::ideal_records;

pub use findings::{FindingCode, Severity};

use crate::doc::Json;
use crate::json_text::JsonText;
use crate::money::Currency;
use crate::order::{serialize_amount, OrderState};
use crate::outcome::Explanation;
use crate::read::At;
use crate::schema::InputError;
use crate::vtex::{self, FromVtexOptions, Note};
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use serde_json::Value;

/// An order's or a payment's reconciliation status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Status {
    /// Recorded equals expected on every figure, and no finding.
    Matched,
    /// The only findings are requests the gateway has not executed yet.
    Pending,
    /// At least one drift or finding beyond pending requests.
    Difference,
    /// The documents could not be read (see [`Reconciliation::error`]).
    Invalid,
}

impl Status {
    /// The name as JSON and the report rows write it.
    pub fn name(self) -> &'static str {
        match self {
            Status::Matched => "matched",
            Status::Pending => "pending",
            Status::Difference => "difference",
            Status::Invalid => "invalid",
        }
    }
}

/// The four figures of a payment in the provider's view (money that really moved).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Figures {
    /// Captured.
    #[serde(serialize_with = "serialize_amount")]
    pub settled: Decimal,
    /// Voided (released) at the provider.
    #[serde(serialize_with = "serialize_amount")]
    pub cancelled: Decimal,
    /// Refunded by the provider.
    #[serde(serialize_with = "serialize_amount")]
    pub refunded: Decimal,
    /// Still authorized: A − settled − cancelled.
    #[serde(serialize_with = "serialize_amount")]
    pub open: Decimal,
}

/// One payment: expected, recorded and drift.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentReconciliation {
    /// The payment id (VTEX's `paymentData.transactions[].payments[].id`).
    pub id: String,
    /// The engine's group name (`creditCard`, `giftCard`, …).
    pub group: &'static str,
    /// This payment's status.
    pub status: Status,
    /// What the rules imply.
    pub expected: Figures,
    /// What the gateway executed.
    pub recorded: Figures,
    /// recorded − expected, figure by figure.
    pub drift: Figures,
}

/// One discrepancy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// What it is.
    pub code: FindingCode,
    /// Money at risk, a stuck flow, or data quality.
    pub severity: Severity,
    /// The payment, when the finding is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_id: Option<String>,
    /// How much, at the currency's digits, when the finding has an amount.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::order::serialize_opt_amount"
    )]
    pub amount: Option<Decimal>,
    /// An English sentence with the numbers, in `explain`'s style.
    pub message: String,
}

/// Why an order could not be reconciled (`status: invalid`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorInfo {
    /// Always `INVALID_INPUT`.
    pub code: &'static str,
    /// Where (`order.items[0].price`, `transaction.settlements.actions[1].value`, or `line` for
    /// a record that is not even JSON).
    pub path: String,
    /// What was expected.
    pub message: String,
}

impl From<InputError> for ErrorInfo {
    fn from(e: InputError) -> Self {
        ErrorInfo {
            code: InputError::CODE,
            path: e.path,
            message: e.message,
        }
    }
}

/// The result of [`reconcile`] (api.md section 9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reconciliation {
    /// VTEX's `orderId`, when it could be read.
    pub order_id: Option<String>,
    /// The order's currency, when it could be read.
    #[serde(serialize_with = "serialize_opt_currency")]
    pub currency: Option<Currency>,
    /// The order's status: the worst of its payments' and of its order-level findings.
    pub status: Status,
    /// One entry per payment of the order, in the order's order.
    pub payments: Vec<PaymentReconciliation>,
    /// Every discrepancy, payment by payment, then the order's own.
    pub findings: Vec<Finding>,
    /// `fromVtex`'s notes on both readings, and the reading assumptions made on the gateway's
    /// records.
    pub notes: Vec<Note>,
    /// Lines in section 8's shape for the expected and recorded figures (empty with
    /// `explain: false`).
    pub explain: Vec<Explanation>,
    /// Only when `status` is `invalid`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorInfo>,
}

fn serialize_opt_currency<S: Serializer>(c: &Option<Currency>, s: S) -> Result<S::Ok, S::Error> {
    match c {
        Some(c) => s.serialize_str(c.code()),
        None => s.serialize_none(),
    }
}

// ----- The result's JSON text, written by hand (issue 20) ---------------------------------------

impl Reconciliation {
    /// The reconciliation's JSON text: the same bytes as `serde_json::to_string(self)` (the
    /// derive's key order, `orderId` and `currency` `null` when unknown, `error` only when
    /// there is one), written by [`JsonText`] so that the `.wasm` carries no `serde_json`
    /// serializer (issue 20). The explanation's lines and the notes are written by their own
    /// writers ([`Explanation::write_json`], [`Note::write_json`]).
    pub fn to_json(&self) -> String {
        let lines = self
            .payments
            .len()
            .saturating_mul(3)
            .saturating_add(self.findings.len())
            .saturating_add(self.notes.len())
            .saturating_add(self.explain.len());
        let mut w = JsonText::with_capacity(lines.saturating_mul(160).saturating_add(256));
        self.write_json(&mut w);
        w.finish()
    }

    /// Writes [`Reconciliation::to_json`]'s text into `w`.
    pub fn write_json(&self, w: &mut JsonText) {
        w.raw("{\"orderId\":");
        match &self.order_id {
            Some(id) => w.string(id),
            None => w.raw("null"),
        }
        w.raw(",\"currency\":");
        match self.currency {
            Some(currency) => {
                w.raw("\"");
                w.raw(currency.code());
                w.raw("\"");
            }
            None => w.raw("null"),
        }
        w.raw(",\"status\":\"");
        w.raw(self.status.name());
        w.raw("\",\"payments\":");
        w.list(&self.payments, |w, p| {
            w.raw("{\"id\":");
            w.string(&p.id);
            w.raw(",\"group\":");
            w.string(p.group);
            w.raw(",\"status\":\"");
            w.raw(p.status.name());
            w.raw("\",\"expected\":");
            p.expected.write_json(w);
            w.raw(",\"recorded\":");
            p.recorded.write_json(w);
            w.raw(",\"drift\":");
            p.drift.write_json(w);
            w.raw("}");
        });
        w.raw(",\"findings\":");
        w.list(&self.findings, |w, f| {
            w.raw("{\"code\":\"");
            w.raw(f.code.name());
            w.raw("\",\"severity\":\"");
            w.raw(f.severity.name());
            w.raw("\"");
            if let Some(id) = &f.payment_id {
                w.raw(",\"paymentId\":");
                w.string(id);
            }
            if let Some(amount) = f.amount {
                w.raw(",\"amount\":");
                w.amount(amount);
            }
            w.raw(",\"message\":");
            w.string(&f.message);
            w.raw("}");
        });
        w.raw(",\"notes\":");
        w.list(&self.notes, |w, note| note.write_json(w));
        w.raw(",\"explain\":");
        w.list(&self.explain, |w, line| line.write_json(w));
        if let Some(e) = &self.error {
            w.raw(",\"error\":{\"code\":");
            w.string(e.code);
            w.raw(",\"path\":");
            w.string(&e.path);
            w.raw(",\"message\":");
            w.string(&e.message);
            w.raw("}");
        }
        w.raw("}");
    }
}

impl Figures {
    /// `{"settled":…,"cancelled":…,"refunded":…,"open":…}`, as `serde_json` writes it.
    fn write_json(&self, w: &mut JsonText) {
        w.raw("{\"settled\":");
        w.amount(self.settled);
        w.raw(",\"cancelled\":");
        w.amount(self.cancelled);
        w.raw(",\"refunded\":");
        w.amount(self.refunded);
        w.raw(",\"open\":");
        w.amount(self.open);
        w.raw("}");
    }
}

/// Options of [`reconcile`]: `fromVtex`'s (connectors, currency, split, refund order) and
/// whether to write `explain` lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReconcileOptions {
    /// How the order is read and replayed (api.md section 7).
    pub from: FromVtexOptions,
    /// Write `explain` lines (default `true`; a batch turns them off).
    pub explain: bool,
}

impl Default for ReconcileOptions {
    fn default() -> Self {
        ReconcileOptions {
            from: FromVtexOptions::default(),
            explain: true,
        }
    }
}

/// The report's columns, in order (api.md section 9): the CLI's CSV header, the JSON Lines
/// keys, the Arrow schema's field names.
pub const REPORT_COLUMNS: [&str; 20] = [
    "line",
    "order_id",
    "payment_id",
    "payment_group",
    "currency",
    "status",
    "expected_settled",
    "recorded_settled",
    "settled_drift",
    "expected_cancelled",
    "recorded_cancelled",
    "cancelled_drift",
    "expected_refunded",
    "recorded_refunded",
    "refunded_drift",
    "expected_open",
    "recorded_open",
    "open_drift",
    "codes",
    "error",
];

/// One report row: an order × payment, or an `invalid` order (no payment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    /// The 1-based input line.
    pub line: u64,
    /// The order id, when read.
    pub order_id: Option<String>,
    /// The payment, absent on an `invalid` row.
    pub payment_id: Option<String>,
    /// The payment's group.
    pub payment_group: Option<&'static str>,
    /// The currency, when read.
    pub currency: Option<Currency>,
    /// The payment's status (the order's on an `invalid` row).
    pub status: Status,
    /// Expected, recorded, drift; absent on an `invalid` row.
    pub figures: Option<(Figures, Figures, Figures)>,
    /// The payment's finding codes, then the order-level ones (findings without a payment).
    pub codes: Vec<FindingCode>,
    /// `path: message` on an `invalid` row.
    pub error: Option<String>,
}

impl ReportRow {
    /// The row of a record that could not be reconciled at all (not JSON, not an object, a
    /// truncated file): `invalid`, with its line and why.
    pub fn invalid(line: u64, error: &ErrorInfo) -> Self {
        Self::unread(line, format!("{}: {}", error.path, error.message))
    }

    /// The `invalid` row of a record that could not be read, with the reader's own words
    /// (`error`, already `path: message`).
    pub fn unread(line: u64, error: String) -> Self {
        ReportRow {
            line,
            order_id: None,
            payment_id: None,
            payment_group: None,
            currency: None,
            status: Status::Invalid,
            figures: None,
            codes: Vec::new(),
            error: Some(error),
        }
    }
}

impl Reconciliation {
    /// The result for documents that could not even be read as JSON data (a binding's value
    /// that is not JSON, a cell that is not JSON text): `invalid`, with where and why, and
    /// nothing else (no order id or currency was read).
    pub fn unreadable(error: InputError) -> Self {
        invalid(None, None, Vec::new(), error)
    }

    /// The report rows of this order, read from input line `line`: one per payment, or, when
    /// it has none (as an `invalid` order), one row for the order; never none. A row's `codes` are its payment's finding codes, then the order-level
    /// ones (findings without a payment, or about a payment the order does not have), which
    /// appear on every row of the order.
    pub fn rows(&self, line: u64) -> Vec<ReportRow> {
        let error = self
            .error
            .as_ref()
            .map(|e| format!("{}: {}", e.path, e.message));
        if self.payments.is_empty() {
            return vec![ReportRow {
                line,
                order_id: self.order_id.clone(),
                payment_id: None,
                payment_group: None,
                currency: self.currency,
                status: self.status,
                figures: None,
                codes: self.findings.iter().map(|f| f.code).collect(),
                error,
            }];
        }
        let own = |f: &Finding, id: &str| f.payment_id.as_deref() == Some(id);
        let order_level = |f: &Finding| {
            f.payment_id
                .as_deref()
                .map_or(true, |id| !self.payments.iter().any(|p| p.id == id))
        };
        self.payments
            .iter()
            .map(|p| ReportRow {
                line,
                order_id: self.order_id.clone(),
                payment_id: Some(p.id.clone()),
                payment_group: Some(p.group),
                currency: self.currency,
                status: p.status,
                figures: Some((p.expected, p.recorded, p.drift)),
                codes: self
                    .findings
                    .iter()
                    .filter(|f| own(f, &p.id))
                    .chain(self.findings.iter().filter(|f| order_level(f)))
                    .map(|f| f.code)
                    .collect(),
                error: error.clone(),
            })
            .collect()
    }
}

/// Reconciles one order (api.md section 9). `transaction` is the gateway's records: `{
/// ...transactionDetails, payments, settlements, refunds?, cancellations? }`; `None` or
/// `null` reads as no records at all. Never fails: unreadable documents give a result with
/// status [`Status::Invalid`].
pub fn reconcile(
    order: &Value,
    transaction: Option<&Value>,
    options: &ReconcileOptions,
) -> Reconciliation {
    let transaction = transaction.map(Json::from);
    reconcile_doc(&Json::from(order), transaction.as_ref(), options)
}

/// The same, of a document borrowed from its text ([`Json`]: issue 20).
pub fn reconcile_doc(
    order: &Json,
    transaction: Option<&Json>,
    options: &ReconcileOptions,
) -> Reconciliation {
    let (expected, first_return) = match vtex::from_vtex_with_first_return(order, &options.from) {
        Ok(e) => e,
        Err(e) => return invalid(readable_order_id(order), None, Vec::new(), e),
    };
    let state = expected.state;
    let records = match records::read(transaction, state.currency) {
        Ok(r) => r,
        Err(e) => return invalid(state.order_id, Some(state.currency), expected.notes, e),
    };
    let group = group_shares(order, &state);
    match compare::compare(
        &state,
        first_return,
        records,
        options,
        expected.notes,
        &group,
    ) {
        Ok(r) => r,
        Err(_) => invalid(
            state.order_id,
            Some(state.currency),
            Vec::new(),
            InputError::new("transaction", "amounts out of range"),
        ),
    }
}

/// The payments that pay the order's whole order group: each payment the order document lists
/// (in its active transactions) above the state's authorization, with what it lists
/// (`referenceValue`, else `value`; the lower of the two, as `fromVtex` reads an authorization:
/// K3/K4). `fromVtex` authorizes less than the order lists only when it took this order's
/// share of payments that pay its order group (`PAYMENTS_PAY_ORDER_GROUP`: VTEX's checkout
/// opens one transaction for the group, S1 "Get orders by order group"), so that is what this
/// finds. The order was read by `fromVtex` already; an entry that does not read is left out.
fn group_shares(order: &Json, state: &OrderState) -> Vec<compare::GroupShare> {
    let currency = state.currency;
    let root = At::root(order, "order");
    let mut out = Vec::new();
    let Some(data) = root.get("paymentData") else {
        return out;
    };
    for t in data.list_of("transactions").unwrap_or_default() {
        if t.opt_bool("isActive").ok().flatten() == Some(false) {
            continue;
        }
        for p in t.list_of("payments").unwrap_or_default() {
            let Some(id) = p.get("id").and_then(|i| i.id().ok()) else {
                continue;
            };
            let amount = |key: &str| p.get(key).and_then(|v| v.cents(currency).ok());
            let listed = match (amount("referenceValue"), amount("value")) {
                (Some(r), Some(v)) => r.min(v),
                (r, v) => match r.or(v) {
                    Some(a) => a,
                    None => continue,
                },
            };
            let share = state.transaction.payments.iter().find(|s| s.id == id);
            if share.is_some_and(|s| listed > s.value) {
                out.push(compare::GroupShare { id, listed });
            }
        }
    }
    out
}

/// The order id of an order that could not be read, when it is at least a string there.
fn readable_order_id(order: &Json) -> Option<String> {
    order
        .get("orderId")
        .and_then(Json::as_str)
        .filter(|s| !s.is_empty() && s.chars().count() <= crate::schema::MAX_TEXT_LEN)
        .map(str::to_string)
}

fn invalid(
    order_id: Option<String>,
    currency: Option<Currency>,
    notes: Vec<Note>,
    error: InputError,
) -> Reconciliation {
    Reconciliation {
        order_id,
        currency,
        status: Status::Invalid,
        payments: Vec::new(),
        findings: Vec::new(),
        notes,
        explain: Vec::new(),
        error: Some(error.into()),
    }
}

/// Reads `reconcile`'s options (api.md section 9: `fromVtex`'s options, plus `explain`);
/// errors under `options`. Unknown fields are refused.
pub fn parse_options(value: Option<&Value>) -> Result<ReconcileOptions, InputError> {
    parse_options_doc(value.map(Json::from).as_ref())
}

/// The same, of a document borrowed from its text ([`Json`]: issue 20).
pub fn parse_options_doc(value: Option<&Json>) -> Result<ReconcileOptions, InputError> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Ok(ReconcileOptions::default());
    };
    let at = At::root(value, "options");
    let mut known = vtex::FROM_OPTIONS_FIELDS.to_vec();
    known.push("explain");
    at.strict(&known)?;
    let explain = at.opt_bool("explain")?.unwrap_or(true);
    let from = match value.as_object() {
        Some(map) if value.get("explain").is_some() => {
            let rest = map
                .iter()
                .filter(|(k, _)| k != "explain")
                .cloned()
                .collect();
            vtex::parse_from_options_doc(Some(&Json::Object(rest)))?
        }
        _ => vtex::parse_from_options_doc(Some(value))?,
    };
    Ok(ReconcileOptions { from, explain })
}
