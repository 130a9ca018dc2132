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

mod compare;
pub mod findings;
mod ideal;
mod records;

pub use ideal::ideal_records;

pub use findings::{FindingCode, Severity};

use crate::money::Currency;
use crate::order::serialize_amount;
use crate::outcome::Explanation;
use crate::schema::InputError;
use crate::vtex::{self, At, FromVtexOptions, Note};
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
        ReportRow {
            line,
            order_id: None,
            payment_id: None,
            payment_group: None,
            currency: None,
            status: Status::Invalid,
            figures: None,
            codes: Vec::new(),
            error: Some(format!("{}: {}", error.path, error.message)),
        }
    }
}

impl Reconciliation {
    /// The report rows of this order, read from input line `line`: one per payment, or one
    /// `invalid` row. A row's `codes` are its payment's finding codes, then the order-level
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
    let expected = match vtex::from_vtex(order, None, &options.from) {
        Ok(e) => e,
        Err(e) => return invalid(readable_order_id(order), None, Vec::new(), e),
    };
    let state = expected.state;
    let records = match records::read(transaction, state.currency) {
        Ok(r) => r,
        Err(e) => return invalid(state.order_id, Some(state.currency), expected.notes, e),
    };
    match compare::compare(&state, records, options, expected.notes) {
        Ok(r) => r,
        Err(_) => invalid(
            state.order_id,
            Some(state.currency),
            Vec::new(),
            InputError::new("transaction", "amounts out of range"),
        ),
    }
}

/// The order id of an order that could not be read, when it is at least a string there.
fn readable_order_id(order: &Value) -> Option<String> {
    order
        .get("orderId")
        .and_then(Value::as_str)
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
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Ok(ReconcileOptions::default());
    };
    let at = At::root(value, "options");
    at.strict(&["currency", "connectors", "split", "refundOrder", "explain"])?;
    let explain = at.opt_bool("explain")?.unwrap_or(true);
    let from = match value.as_object() {
        Some(map) if map.contains_key("explain") => {
            let mut rest = map.clone();
            rest.remove("explain");
            vtex::parse_from_options(Some(&Value::Object(rest)))?
        }
        _ => vtex::parse_from_options(Some(value))?,
    };
    Ok(ReconcileOptions { from, explain })
}
