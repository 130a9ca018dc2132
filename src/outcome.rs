//! What an operation does, for the operator to see before submitting it (semantics.md
//! section 7, api.md section 5). Every figure is **for this operation**; every amount is
//! written with the currency's minor-unit digits.

use crate::codes::{ExplainCode, RuleCode, WarningCode};
use crate::json_text::{ascii, key, JsonText, Key};
use crate::names::Named;
use crate::order::{serialize_amount, serialize_opt_amount, OrderStatus, TransactionStatus};
use rust_decimal::Decimal;
use serde::Serialize;

/// A broken business rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleError {
    /// The rule.
    pub code: RuleCode,
    /// What it means, for the operator.
    pub message: String,
}

/// A warning on an accepted operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Warning {
    /// What it is.
    pub code: WarningCode,
    /// What it means, for the operator.
    pub message: String,
    /// The payment it is about, when it is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_id: Option<String>,
}

/// Settled, cancelled, refunded and open, as one ledger sees them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Figures {
    /// Settled (gateway) or captured (provider) by this operation.
    #[serde(serialize_with = "serialize_amount")]
    pub settle: Decimal,
    /// Cancelled (gateway) or voided and released (provider) by this operation.
    #[serde(serialize_with = "serialize_amount")]
    pub cancel: Decimal,
    /// Refunded by this operation.
    #[serde(serialize_with = "serialize_amount")]
    pub refund: Decimal,
    /// Open after it: A − S − C (gateway) or A − K − X (provider).
    #[serde(serialize_with = "serialize_amount")]
    pub open: Decimal,
}

/// One payment's figures, in both views.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentFigures {
    /// The payment id.
    pub id: String,
    /// Provider view (real money).
    #[serde(flatten)]
    pub provider: Figures,
    /// Gateway view.
    pub gateway: Figures,
}

/// The order before and after the operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderFigures {
    /// V before.
    #[serde(serialize_with = "serialize_amount")]
    pub value_before: Decimal,
    /// V after.
    #[serde(serialize_with = "serialize_amount")]
    pub value_after: Decimal,
    /// I before.
    #[serde(serialize_with = "serialize_amount")]
    pub invoiced_before: Decimal,
    /// I after.
    #[serde(serialize_with = "serialize_amount")]
    pub invoiced_after: Decimal,
    /// Returns after.
    #[serde(serialize_with = "serialize_amount")]
    pub returned_after: Decimal,
    /// V − I after (0 once cancelled).
    #[serde(serialize_with = "serialize_amount")]
    pub remaining_to_invoice: Decimal,
    /// Status before.
    pub status_before: OrderStatus,
    /// Status after.
    pub status_after: OrderStatus,
}

/// What happened, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// The gateway records a settlement.
    SettlementRequested,
    /// The provider captures.
    Captured,
    /// The gateway records a cancellation.
    CancellationRequested,
    /// The provider voids.
    Voided,
    /// The rest of a hold-mode authorization is released without a call to the provider.
    Released,
    /// The gateway records a refund.
    RefundRequested,
    /// The provider refunds.
    Refunded,
    /// The gateway holds the request: nothing reaches the provider yet.
    Held,
    /// A payment's authorization grows.
    AuthorizationIncreased,
    /// An increase goes to a separate transaction.
    NewTransaction,
}

impl EventKind {
    /// The name the JSON writes (`settlementRequested`).
    pub fn name(self) -> &'static str {
        match self {
            EventKind::SettlementRequested => "settlementRequested",
            EventKind::Captured => "captured",
            EventKind::CancellationRequested => "cancellationRequested",
            EventKind::Voided => "voided",
            EventKind::Released => "released",
            EventKind::RefundRequested => "refundRequested",
            EventKind::Refunded => "refunded",
            EventKind::Held => "held",
            EventKind::AuthorizationIncreased => "authorizationIncreased",
            EventKind::NewTransaction => "newTransaction",
        }
    }
}

/// Written as its name.
impl Serialize for EventKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// One event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// What happened.
    pub kind: EventKind,
    /// On which payment (`newTransaction` has none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_id: Option<String>,
    /// How much.
    #[serde(serialize_with = "serialize_amount")]
    pub amount: Decimal,
}

/// Which ledger a line of an explanation moves money in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum View {
    /// What the OMS asked the payment gateway for (settled S, cancelled C, refunded R).
    Gateway,
    /// What reached the payment provider: real money (captured K, voided X, refunded F).
    Provider,
}

impl View {
    /// Both views.
    pub const ALL: [View; 2] = [View::Gateway, View::Provider];

    /// The name the JSON writes (`gateway`).
    pub fn name(self) -> &'static str {
        match self {
            View::Gateway => "gateway",
            View::Provider => "provider",
        }
    }
}

/// Written as its name.
impl Serialize for View {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// Which figure of [`Figures`] a line of an explanation adds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Figure {
    /// Settled (gateway) or captured (provider).
    Settle,
    /// Cancelled (gateway) or voided and released (provider).
    Cancel,
    /// Refunded.
    Refund,
}

impl Figure {
    /// The three figures money lines add to.
    pub const ALL: [Figure; 3] = [Figure::Settle, Figure::Cancel, Figure::Refund];

    /// The name the JSON writes (`settle`).
    pub fn name(self) -> &'static str {
        match self {
            Figure::Settle => "settle",
            Figure::Cancel => "cancel",
            Figure::Refund => "refund",
        }
    }
}

/// Written as its name.
impl Serialize for Figure {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// One line of an outcome's explanation (api.md section 8), written by the engine as it
/// moves the money, in that order. A line that moves money names the payment, the view, the
/// figure and the amount (all four, never zero): per payment, view and figure those amounts
/// add up to the outcome's figure. A context line has none of `view`, `figure`, `amount`, and
/// names a payment when it is about one.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    /// A stable name of the step, for a user interface to translate.
    pub code: ExplainCode,
    /// The section of semantics.md that moved the money (`"6.1"`, `"4"`, …).
    pub rule: &'static str,
    /// An English sentence, with amounts in the currency's digits.
    pub text: String,
    /// The payment the line is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_id: Option<String>,
    /// The ledger the money moves in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub view: Option<View>,
    /// The figure it adds to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub figure: Option<Figure>,
    /// How much, at the currency's digits.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_amount"
    )]
    pub amount: Option<Decimal>,
    /// The text is known to have nothing a JSON string escapes (the engine's lines written of
    /// the crate's words, amounts and checked ids: `explain::Piece`): [`Explanation::write_json`]
    /// copies it without a scan of its own (issue 20). Not part of the line's value: `false`
    /// only costs the scan.
    #[serde(skip)]
    pub(crate) plain: bool,
}

/// Two lines are equal when their values are: `plain` is what the writer knows of the text,
/// not part of the line (the same text is plain or not depending on how it was written).
impl PartialEq for Explanation {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
            && self.rule == other.rule
            && self.text == other.text
            && self.payment_id == other.payment_id
            && self.view == other.view
            && self.figure == other.figure
            && self.amount == other.amount
    }
}

impl Eq for Explanation {}

impl Explanation {
    /// A context line (no payment, view, figure nor amount) with this text.
    pub fn new(code: ExplainCode, rule: &'static str, text: String) -> Self {
        Explanation {
            code,
            rule,
            text,
            payment_id: None,
            view: None,
            figure: None,
            amount: None,
            plain: false,
        }
    }

    /// Whether the line moves money (it then names payment, view, figure and amount).
    pub fn moves_money(&self) -> bool {
        self.amount.is_some()
    }
}

/// The preview of one operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    /// Whether the operation is accepted.
    pub accepted: bool,
    /// Every broken rule (empty when accepted).
    pub errors: Vec<RuleError>,
    /// Warnings (only on accepted outcomes).
    pub warnings: Vec<Warning>,
    /// Provider view, transaction totals.
    #[serde(flatten)]
    pub provider: Figures,
    /// An increase that needs a separate transaction.
    #[serde(serialize_with = "serialize_amount")]
    pub new_charge: Decimal,
    /// Gateway view, transaction totals.
    pub gateway: Figures,
    /// Per payment, list order.
    pub payments: Vec<PaymentFigures>,
    /// The order before and after.
    pub order: OrderFigures,
    /// The transaction status after.
    pub transaction_status: TransactionStatus,
    /// What happened, in order.
    pub events: Vec<Event>,
    /// The amounts in words and as data, in the order the engine moved them (api.md
    /// section 8); empty with the option `explain: false`.
    pub explain: Vec<Explanation>,
}

impl Outcome {
    /// Whether the outcome carries a warning with this code.
    pub fn has_warning(&self, code: WarningCode) -> bool {
        self.warnings.iter().any(|w| w.code == code)
    }

    /// Whether the outcome carries an error with this code.
    pub fn has_error(&self, code: RuleCode) -> bool {
        self.errors.iter().any(|e| e.code == code)
    }
}

// ----- The outcome as JSON text or tokens, written by hand (issue 20) -------------------------

/// The two forms an outcome is written in, by one writer ([`Outcome::write_with`]).
///
/// **Tokens** (issue 20). `JSON.parse` of an outcome's text was the largest single cost of a
/// `ledger.preview` from JavaScript (28–36 % of its profile, about one whole floor of
/// issue 20's benchmark: the parse of the very outcome it returns). So the WebAssembly
/// bindings have the engine write the outcome's values alone, in the order of its JSON text,
/// without keys or punctuation, and a few lines of JavaScript (`buildOutcome` in
/// `bindings.rs`) build the object with object literals of the outcome's fixed shape: the
/// same object as `JSON.parse` of the JSON text (the same keys in the same order, absent
/// options absent, amounts as strings), in 0.5–1.9 µs where `JSON.parse` takes 5–12 µs
/// (benches/js/issue-20.md, step 29).
///
/// The token form is a text read left to right, of two things:
/// - a **number** (a count, a flag, a length): base-64 digits, most significant first, each
///   but the last written `0x40 | digit`, the last `digit` (below `0x40`): one byte below 64;
/// - a **string**: its length in UTF-16 code units (a number), then its UTF-8 bytes as they
///   are. Nothing is escaped, so every string crosses exactly (a quote, a control character,
///   any text); JavaScript takes it with one `substring` of the decoded text, whose units
///   these lengths count (an ASCII text is read as Latin-1, any other as UTF-8). A zero
///   amount, a third of an outcome's amounts, is one byte instead, `0x7c` + its digits (0 to
///   3: `0x7e` is `"0.00"`), which JavaScript reads as a constant (a number never starts so).
///
/// In the order of the JSON text: `accepted` (0 or 1); the errors (their count, then `code`
/// and `message` each); the warnings (their count, then `code`, `message`, whether a
/// `paymentId` follows (0 or 1) and that id); the four provider figures and `newCharge`; the
/// four gateway figures; the payments (their count, then per payment its id and eight
/// figures); the order's six amounts and two statuses; `transactionStatus`; the events
/// (their count, then `kind`, whether a `paymentId` follows, that id, `amount`); the
/// explanation's lines (their count, then per line `code`, `rule`, `text`, a number whose
/// bits say which of `paymentId` (1), `view` (2), `figure` (4) and `amount` (8) follow, and
/// those). An amount is a string (`"10.00"`), written by the JSON text's own digit writer.
///
/// One writer serves both forms: the pieces of JSON (keys, punctuation) are skipped in
/// tokens, the counts and flags skipped in JSON, and every value goes through the same call,
/// so the two forms cannot say different things, nor in a different order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Form {
    /// The JSON text ([`Outcome::to_json`]).
    #[default]
    Json,
    /// The token form, for the WebAssembly bindings' JavaScript.
    Tokens,
}

/// The writer of an outcome in a [`Form`]: the one walk over its shape
/// ([`Outcome::write_with`], [`write_line`]) writes each piece through these.
pub(crate) struct Writer<'w> {
    pub(crate) w: &'w mut JsonText,
    pub(crate) form: Form,
}

impl Writer<'_> {
    /// Keys and punctuation: JSON only.
    #[inline]
    fn piece(&mut self, json: &str) {
        if self.form == Form::Json {
            self.w.raw(json);
        }
    }

    /// A piece of JSON that holds names of the crate with its punctuation
    /// (`","rule":"6.1","text":"`): in tokens, the names alone.
    fn named(&mut self, json: &str, names: &[&str]) {
        match self.form {
            Form::Json => self.w.raw(json),
            Form::Tokens => {
                for name in names {
                    self.w.token(name);
                }
            }
        }
    }

    /// A name of the crate (a code, a status): nothing to escape, between the quotes of the
    /// pieces around it.
    #[inline]
    fn name(&mut self, name: &str) {
        match self.form {
            Form::Json => self.w.raw(name),
            Form::Tokens => self.w.token(name),
        }
    }

    /// A string, between the quotes of the pieces around it.
    #[inline]
    fn body(&mut self, text: &str) {
        match self.form {
            Form::Json => self.w.string_body(text),
            Form::Tokens => self.w.token(text),
        }
    }

    /// A string, quoted.
    fn string(&mut self, text: &str) {
        match self.form {
            Form::Json => self.w.string(text),
            Form::Tokens => self.w.token(text),
        }
    }

    /// An amount with its key ([`JsonText::field`]).
    #[inline]
    fn field(&mut self, key: &Key, amount: Decimal) {
        match self.form {
            Form::Json => self.w.field(key, amount),
            Form::Tokens => self.w.amount_token(amount),
        }
    }

    /// An amount.
    fn amount(&mut self, amount: Decimal) {
        match self.form {
            Form::Json => self.w.amount(amount),
            Form::Tokens => self.w.amount_token(amount),
        }
    }

    /// `true` or `false` (1 or 0 in tokens).
    fn bool(&mut self, value: bool) {
        match self.form {
            Form::Json => self.w.bool(value),
            Form::Tokens => self.w.natural(usize::from(value)),
        }
    }

    /// A count, or which optional fields follow: tokens only (JSON shows them by its
    /// brackets and keys).
    #[inline]
    fn count(&mut self, n: usize) {
        if self.form == Form::Tokens {
            self.w.natural(n);
        }
    }

    /// A list: `[`, each entry with commas between, `]`; in tokens, its length then each.
    fn list<T>(&mut self, entries: &[T], mut item: impl FnMut(&mut Self, &T)) {
        self.piece("[");
        self.count(entries.len());
        for (i, entry) in entries.iter().enumerate() {
            if i > 0 {
                self.piece(",");
            }
            item(self, entry);
        }
        self.piece("]");
    }

    /// A line's words ([`LineText`]): copied as they are when known plain, else escaped (in
    /// JSON); one string in tokens.
    fn words(&mut self, text: LineText<'_>) {
        match self.form {
            Form::Json if text.plain => return self.w.put(text.bytes),
            // Its length is its bytes' (issue 20: no look at it as UTF-8).
            Form::Tokens if ascii(text.bytes) => {
                self.w.natural(text.bytes.len());
                return self.w.put(text.bytes);
            }
            _ => {}
        }
        // The words are written of `str`s: never lossy.
        self.body(&String::from_utf8_lossy(text.bytes));
    }
}

impl Outcome {
    /// The outcome's JSON text: the same bytes as `serde_json::to_string(self)` (the same key
    /// order, the provider figures flattened in, absent options left out), written straight
    /// into one `String` ([`JsonText`]). `serde_json`'s serializer, in the size-optimised
    /// `.wasm`, took longer than the engine's work (issue 20).
    pub fn to_json(&self) -> String {
        let mut w = JsonText::with_capacity(self.json_capacity());
        self.write_json(&mut w);
        w.finish()
    }

    /// The room [`Outcome::write_json`] is given at once: the fixed part (about 700 bytes),
    /// 160 bytes for each payment's figures, event and line.
    pub fn json_capacity(&self) -> usize {
        let lines = self
            .explain
            .len()
            .saturating_add(self.events.len())
            .saturating_add(self.payments.len());
        lines.saturating_mul(160).saturating_add(1024)
    }

    /// Writes [`Outcome::to_json`]'s text into `w`.
    pub fn write_json(&self, w: &mut JsonText) {
        self.write(w, Form::Json);
    }

    /// Writes the outcome in `form` into `w` ([`Form`]: its JSON text, or its tokens).
    pub fn write(&self, w: &mut JsonText, form: Form) {
        let mut w = Writer { w, form };
        self.write_with(&mut w, &self.payments, Lines::Values(&self.explain));
    }

    /// Writes the outcome with these payments and explanation lines in place of its own:
    /// [`Outcome::write`]'s, or the engine's (`engine::OutcomeText`), which writes the outcome
    /// straight from its run, the payments' figures beside the state's ids and the lines
    /// already written, with no `PaymentFigures` nor `Explanation` built (issue 20). One
    /// writer for both, and for both [`Form`]s, so that no two of them can differ.
    ///
    /// Each constant run of punctuation and keys is one piece (`"}},"order":{"valueBefore":`),
    /// a string's quotes part of the pieces around it, a zero amount one piece with its key
    /// ([`JsonText::field`]): at `opt-level = "z"` every piece is a copy three calls deep
    /// (issue 20).
    pub(crate) fn write_with(
        &self,
        w: &mut Writer<'_>,
        payments: &dyn PaymentRows,
        lines: Lines<'_>,
    ) {
        if self.errors.is_empty() && self.warnings.is_empty() {
            // `accepted`, no errors, no warnings: one piece in either form.
            let (json, tokens) = if self.accepted {
                (
                    "{\"accepted\":true,\"errors\":[],\"warnings\":[],",
                    "\x01\x00\x00",
                )
            } else {
                (
                    "{\"accepted\":false,\"errors\":[],\"warnings\":[],",
                    "\x00\x00\x00",
                )
            };
            w.w.raw(if w.form == Form::Json { json } else { tokens });
        } else {
            w.piece("{\"accepted\":");
            w.bool(self.accepted);
            w.piece(",\"errors\":");
            w.list(&self.errors, |w, e| {
                w.piece("{\"code\":\"");
                w.name(e.code.name());
                w.piece("\",\"message\":");
                w.string(&e.message);
                w.piece("}");
            });
            w.piece(",\"warnings\":");
            w.list(&self.warnings, |w, warning| {
                w.piece("{\"code\":\"");
                w.name(warning.code.name());
                w.piece("\",\"message\":");
                w.string(&warning.message);
                w.count(usize::from(warning.payment_id.is_some()));
                if let Some(id) = &warning.payment_id {
                    w.piece(",\"paymentId\":");
                    w.string(id);
                }
                w.piece("}");
            });
            w.piece(",");
        }
        const SETTLE: Key = key!("\"settle\":");
        const NEW_CHARGE: Key = key!(",\"newCharge\":");
        const GATEWAY: Key = key!(",\"gateway\":{\"settle\":");
        const PAYMENT: Key = key!("\",\"settle\":");
        self.provider.write_fields(w, &SETTLE);
        w.field(&NEW_CHARGE, self.new_charge);
        self.gateway.write_fields(w, &GATEWAY);
        w.piece("},\"payments\":[");
        w.count(payments.len());
        let mut i = 0;
        while let Some((id, provider, gateway)) = payments.row(i) {
            w.piece(if i == 0 { "{\"id\":\"" } else { ",{\"id\":\"" });
            w.body(id);
            provider.write_fields(w, &PAYMENT);
            gateway.write_fields(w, &GATEWAY);
            w.piece("}}");
            i = i.saturating_add(1);
        }
        let o = &self.order;
        const ORDER: [Key; 6] = [
            key!("],\"order\":{\"valueBefore\":"),
            key!(",\"valueAfter\":"),
            key!(",\"invoicedBefore\":"),
            key!(",\"invoicedAfter\":"),
            key!(",\"returnedAfter\":"),
            key!(",\"remainingToInvoice\":"),
        ];
        let amounts = [
            o.value_before,
            o.value_after,
            o.invoiced_before,
            o.invoiced_after,
            o.returned_after,
            o.remaining_to_invoice,
        ];
        for (key, amount) in ORDER.iter().zip(amounts) {
            w.field(key, amount);
        }
        w.piece(",\"statusBefore\":\"");
        w.name(o.status_before.name());
        w.piece("\",\"statusAfter\":\"");
        w.name(o.status_after.name());
        w.piece("\"},\"transactionStatus\":\"");
        w.name(self.transaction_status.name());
        w.piece("\",\"events\":");
        // The kind's or the payment id's closing quote, then the amount.
        const AMOUNT: Key = key!("\",\"amount\":");
        w.list(&self.events, |w, e| {
            w.piece("{\"kind\":\"");
            w.name(e.kind.name());
            w.count(usize::from(e.payment_id.is_some()));
            if let Some(id) = &e.payment_id {
                w.piece("\",\"paymentId\":\"");
                w.body(id);
            }
            w.field(&AMOUNT, e.amount);
            w.piece("}");
        });
        match lines {
            Lines::Values(lines) => {
                w.piece(",\"explain\":");
                w.list(lines, |w, line| line.write_with(w));
                w.piece("}");
            }
            Lines::Text(text, count) => {
                w.piece(",\"explain\":[");
                w.count(count);
                w.w.put(text);
                w.piece("]}");
            }
        }
    }
}

/// An outcome's payments as [`Outcome::write_with`] reads them, row by row: the id and the
/// provider and gateway figures of payment `i`, `None` past the last.
pub(crate) trait PaymentRows {
    /// Payment `i`'s row.
    fn row(&self, i: usize) -> Option<(&str, &Figures, &Figures)>;

    /// The rows (the first `len` are `Some`): the token form writes the count first.
    fn len(&self) -> usize;
}

/// An outcome's own payments.
impl PaymentRows for Vec<PaymentFigures> {
    fn row(&self, i: usize) -> Option<(&str, &Figures, &Figures)> {
        self.get(i)
            .map(|p| (p.id.as_str(), &p.provider, &p.gateway))
    }

    fn len(&self) -> usize {
        Vec::len(self)
    }
}

/// An outcome's explanation as [`Outcome::write_with`] reads it.
pub(crate) enum Lines<'a> {
    /// Lines to write ([`Explanation::write_json`]).
    Values(&'a [Explanation]),
    /// The lines already written in the outcome's form, commas between them in JSON, without
    /// the brackets (`explain::Explainer`'s, when it writes text), and how many there are.
    Text(&'a [u8], usize),
}

impl Figures {
    /// `"settle":…,"cancel":…,"refund":…,"open":…`, the fields without braces (the outcome's
    /// and a payment's provider figures are flattened into them), `settle` written with the
    /// punctuation before it (`first`).
    fn write_fields(&self, w: &mut Writer<'_>, first: &Key) {
        const CANCEL: Key = key!(",\"cancel\":");
        const REFUND: Key = key!(",\"refund\":");
        const OPEN: Key = key!(",\"open\":");
        w.field(first, self.settle);
        w.field(&CANCEL, self.cancel);
        w.field(&REFUND, self.refund);
        w.field(&OPEN, self.open);
    }
}

impl Explanation {
    /// The line as JSON text, as `serde_json` writes it ([`write_line`]).
    pub fn write_json(&self, w: &mut JsonText) {
        self.write_with(&mut Writer {
            w,
            form: Form::Json,
        });
    }

    /// The line in a [`Form`] ([`write_line`]).
    fn write_with(&self, w: &mut Writer<'_>) {
        let money = match (self.view, self.figure, self.amount) {
            (Some(view), Some(figure), Some(amount)) => Money::All(view, figure, amount),
            (view, figure, amount) => Money::Some(view, figure, amount),
        };
        let text = LineText {
            bytes: self.text.as_bytes(),
            plain: self.plain,
        };
        write_line(
            w,
            self.code,
            self.rule,
            text,
            self.payment_id.as_deref(),
            money,
        );
    }
}

/// A line's text for [`write_line`]: whole UTF-8, and `plain` when it is known to have nothing
/// a JSON string escapes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LineText<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) plain: bool,
}

/// What a line says of money: all of view, figure and amount (the engine's money lines), or
/// whichever it has.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Money {
    All(View, Figure, Decimal),
    Some(Option<View>, Option<Figure>, Option<Decimal>),
}

/// A line of an explanation in a [`Form`], as `serde_json` writes an [`Explanation`] for JSON:
/// the one writer of [`Explanation::write_json`] and of the engine's lines written straight
/// as they are made (`explain::Explainer`, issue 20).
pub(crate) fn write_line(
    w: &mut Writer<'_>,
    code: ExplainCode,
    rule: &str,
    text: LineText<'_>,
    payment_id: Option<&str>,
    money: Money,
) {
    w.piece("{\"code\":\"");
    w.name(code.name());
    // The rule is a section number of this crate ("6.1"): nothing to escape. The engine's
    // are one piece with the keys around them.
    macro_rules! rule {
        ($rule:literal) => {
            concat!("\",\"rule\":\"", $rule, "\",\"text\":\"")
        };
    }
    let piece = match rule.as_bytes() {
        b"4" => rule!("4"),
        b"6.1" => rule!("6.1"),
        b"5" => rule!("5"),
        b"3" => rule!("3"),
        b"6.2" => rule!("6.2"),
        b"6.3" => rule!("6.3"),
        b"6.4" => rule!("6.4"),
        _ => "",
    };
    if piece.is_empty() {
        w.piece("\",\"rule\":\"");
        w.name(rule);
        w.piece("\",\"text\":\"");
    } else {
        w.named(piece, &[rule]);
    }
    w.words(text);
    // Which optional fields follow (tokens only).
    let (view, figure, amount) = match money {
        Money::All(view, figure, amount) => (Some(view), Some(figure), Some(amount)),
        Money::Some(view, figure, amount) => (view, figure, amount),
    };
    let there = [
        payment_id.is_some(),
        view.is_some(),
        figure.is_some(),
        amount.is_some(),
    ];
    w.count(
        there
            .iter()
            .rev()
            .fold(0, |bits, &there| bits << 1 | usize::from(there)),
    );
    if let Some(id) = payment_id {
        w.piece("\",\"paymentId\":\"");
        w.body(id);
    }
    if let Money::All(view, figure, amount) = money {
        // A line that moves money names all three (the engine's): one piece for the view and
        // the figure, with the quote that closes the string before them.
        const HEADS: [[&str; 3]; 2] = [
            [
                "\",\"view\":\"gateway\",\"figure\":\"settle\",\"amount\":",
                "\",\"view\":\"gateway\",\"figure\":\"cancel\",\"amount\":",
                "\",\"view\":\"gateway\",\"figure\":\"refund\",\"amount\":",
            ],
            [
                "\",\"view\":\"provider\",\"figure\":\"settle\",\"amount\":",
                "\",\"view\":\"provider\",\"figure\":\"cancel\",\"amount\":",
                "\",\"view\":\"provider\",\"figure\":\"refund\",\"amount\":",
            ],
        ];
        let v = match view {
            View::Gateway => 0,
            View::Provider => 1,
        };
        let f = match figure {
            Figure::Settle => 0,
            Figure::Cancel => 1,
            Figure::Refund => 2,
        };
        let head = HEADS.get(v).and_then(|h| h.get(f)).copied().unwrap_or("");
        w.named(head, &[view.name(), figure.name()]);
        w.amount(amount);
        w.piece("}");
        return;
    }
    w.piece("\"");
    if let Some(view) = view {
        w.piece(",\"view\":\"");
        w.name(view.name());
        w.piece("\"");
    }
    if let Some(figure) = figure {
        w.piece(",\"figure\":\"");
        w.name(figure.name());
        w.piece("\"");
    }
    if let Some(amount) = amount {
        w.piece(",\"amount\":");
        w.amount(amount);
    }
    w.piece("}");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the writer knows a line's text needs no escaping is not part of the line.
    #[test]
    fn lines_are_equal_whatever_the_writer_knows_of_their_text() {
        let line = Explanation::new(ExplainCode::Finding("X"), "9", "Paid 1.00.".to_string());
        let known_plain = Explanation {
            plain: true,
            ..line.clone()
        };
        assert_eq!(line, known_plain);
        let other = Explanation::new(ExplainCode::Finding("X"), "9", "Paid 2.00.".to_string());
        assert_ne!(line, other);
    }
}
