//! Invariants checked after every operation, shared by the property tests
//! (`tests/properties.rs`) and the fuzz regressions (`tests/regressions.rs`).
#![allow(dead_code)]

use rust_decimal::Decimal;
use serde_json::Value;
use settlement_preview::codes::ExplainCode;
use settlement_preview::engine::effective_modes;
use settlement_preview::engine::OutcomeText;
use settlement_preview::json_text::JsonText;
use settlement_preview::order::TransactionStatus;
use settlement_preview::outcome::{EventKind, Figure as Line, Figures, Form, View};
use settlement_preview::payment::Protocol;
use settlement_preview::{apply, json, preview, preview_text, Ledger};
use settlement_preview::{Operation, Options, OrderState, Outcome};
use settlement_preview::{RuleCode, WarningCode};
use std::path::{Path, PathBuf};

/// What [`step`] returns for an operation that throws because it would take an amount out of
/// range (both `preview` and `apply` throw; nothing changes).
pub const OUT_OF_RANGE: &str = "operation out of range";

/// Every payment group of api.md, for generated and fuzzed states.
pub const GROUPS: [&str; 9] = [
    "creditCard",
    "debitCard",
    "giftCard",
    "promissory",
    "bankInvoice",
    "instantPayment",
    "cash",
    "creditControl",
    "other",
];

/// Every processing mode of api.md.
pub const MODES: [&str; 3] = ["total", "hold", "partial"];

/// How strictly to judge a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// The start state is one the engine could have produced (generated states): also checks
    /// the money-conservation invariants that need a consistent history.
    Consistent,
    /// Any state the schema accepts (fuzz inputs): only the invariants that hold for every
    /// valid input.
    AnyValid,
}

/// Whether an operation reuses an invoice number or a change request id of `state`.
pub fn is_replay(state: &OrderState, op: &Operation) -> bool {
    match op {
        Operation::Invoice(i) | Operation::Return(i) => state.has_invoice_number(&i.number),
        Operation::Change(c) => state.changes.iter().any(|x| x.request_id == c.request_id),
        Operation::Cancel { .. } => false,
    }
}

/// Checks a state on its own: ledger bounds, canonical scale, JSON round trip, and (when
/// consistent) that a finished transaction charged net exactly what the gateway settled net.
pub fn check_state(state: &OrderState, strictness: Strictness) -> Result<(), String> {
    let scale = state.currency.minor_units();
    for p in &state.transaction.payments {
        if let Some(broken) = p.broken_bound().map_err(|_| "overflow")? {
            return Err(format!("payment {}: {broken}", p.id));
        }
        for (name, a) in [
            ("value", p.value),
            ("settled", p.settled),
            ("cancelled", p.cancelled),
            ("refunded", p.refunded),
            ("captured", p.captured),
            ("voided", p.voided),
            ("providerRefunded", p.provider_refunded),
        ] {
            if a.scale() != scale {
                return Err(format!("payment {}: {name} {a} not at scale {scale}", p.id));
            }
        }
        if strictness == Strictness::Consistent {
            // semantics.md 4: a resolved payment keeps nothing open at the provider, and (per
            // payment, stronger than the transaction-level rule) the customer is charged net
            // what the gateway settled net.
            let resolved = p.settled + p.cancelled == p.value;
            if resolved && p.captured + p.voided != p.value {
                return Err(format!(
                    "payment {}: resolved at the gateway (S + C = A) but the provider keeps {} open",
                    p.id,
                    p.value - p.captured - p.voided
                ));
            }
            if resolved && p.captured - p.provider_refunded != p.settled - p.refunded {
                return Err(format!(
                    "payment {}: resolved, but charged net {} and settled net {}",
                    p.id,
                    p.captured - p.provider_refunded,
                    p.settled - p.refunded
                ));
            }
        }
    }
    let closed = matches!(
        state.transaction.status,
        TransactionStatus::Finished | TransactionStatus::Canceled
    );
    if strictness == Strictness::Consistent && closed {
        let charged: Decimal = state
            .transaction
            .payments
            .iter()
            .map(|p| p.captured - p.provider_refunded)
            .sum();
        let settled: Decimal = state
            .transaction
            .payments
            .iter()
            .map(|p| p.settled - p.refunded)
            .sum();
        if charged != settled {
            return Err(format!(
                "finished, but the provider charged net {charged} and the gateway settled net {settled}"
            ));
        }
    }
    // The round trip a caller makes: the state's text as the bindings write it, read back by
    // the crate's reader (the plain reader for this text, `src/doc.rs`) into the next call.
    let text = state.to_json();
    let doc = json::Json::from_str(&text).map_err(|e| format!("state text is not JSON: {e}"))?;
    let back =
        json::parse_state_doc(&doc).map_err(|e| format!("state does not parse back: {e}"))?;
    if &back != state {
        return Err(format!("state does not round-trip through JSON: {text}"));
    }
    Ok(())
}

/// One of the four figures of a view.
type Figure = fn(&Figures) -> Decimal;

fn figures_at_scale(f: &Figures, scale: u32, what: &str) -> Result<(), String> {
    for (name, a) in [
        ("settle", f.settle),
        ("cancel", f.cancel),
        ("refund", f.refund),
        ("open", f.open),
    ] {
        if a.scale() != scale {
            return Err(format!("{what}.{name} {a} not at scale {scale}"));
        }
        if a < Decimal::ZERO {
            return Err(format!("{what}.{name} {a} is negative"));
        }
    }
    Ok(())
}

/// Checks an outcome against the states before and after it.
pub fn check_outcome(
    before: &OrderState,
    after: &OrderState,
    op: &Operation,
    outcome: &Outcome,
    strictness: Strictness,
) -> Result<(), String> {
    let scale = before.currency.minor_units();
    // Per-payment figures sum exactly to the totals, in both views.
    for (view, total) in [
        ("provider", &outcome.provider),
        ("gateway", &outcome.gateway),
    ] {
        let parts: Vec<&Figures> = outcome
            .payments
            .iter()
            .map(|p| {
                if view == "provider" {
                    &p.provider
                } else {
                    &p.gateway
                }
            })
            .collect();
        figures_at_scale(total, scale, view)?;
        for (i, f) in parts.iter().enumerate() {
            figures_at_scale(f, scale, &format!("payments[{i}].{view}"))?;
        }
        let pick: [(&str, Figure); 4] = [
            ("settle", |f| f.settle),
            ("cancel", |f| f.cancel),
            ("refund", |f| f.refund),
            ("open", |f| f.open),
        ];
        for (name, get) in pick {
            let sum: Decimal = parts.iter().map(|f| get(f)).sum();
            if sum != get(total) {
                return Err(format!(
                    "{view}.{name}: payments sum to {sum}, total says {}",
                    get(total)
                ));
            }
        }
    }
    // The open figures are the state's.
    let gateway_open: Decimal = after
        .transaction
        .payments
        .iter()
        .map(|p| p.value - p.settled - p.cancelled)
        .sum();
    let provider_open: Decimal = after
        .transaction
        .payments
        .iter()
        .map(|p| p.value - p.captured - p.voided)
        .sum();
    if gateway_open != outcome.gateway.open || provider_open != outcome.provider.open {
        return Err("open figures differ from the state's open amounts".into());
    }
    // Every other amount at the currency's scale.
    let o = &outcome.order;
    let mut amounts = vec![
        outcome.new_charge,
        o.value_before,
        o.value_after,
        o.invoiced_before,
        o.invoiced_after,
        o.returned_after,
        o.remaining_to_invoice,
    ];
    amounts.extend(outcome.events.iter().map(|e| e.amount));
    if let Some(a) = amounts.iter().find(|a| a.scale() != scale) {
        return Err(format!("amount {a} not at scale {scale}"));
    }
    if outcome.events.iter().any(|e| e.amount <= Decimal::ZERO) {
        return Err("an event with an amount ≤ 0".into());
    }
    // The events tell the same story as the figures.
    let by_kind = |kinds: &[EventKind]| -> Decimal {
        outcome
            .events
            .iter()
            .filter(|e| kinds.contains(&e.kind))
            .map(|e| e.amount)
            .sum()
    };
    let grown: Decimal = before
        .transaction
        .payments
        .iter()
        .zip(&after.transaction.payments)
        .map(|(b, a)| a.value - b.value)
        .sum();
    let (p, g) = (&outcome.provider, &outcome.gateway);
    let told = [
        (
            "settlementRequested",
            by_kind(&[EventKind::SettlementRequested]),
            g.settle,
        ),
        (
            "cancellationRequested",
            by_kind(&[EventKind::CancellationRequested]),
            g.cancel,
        ),
        (
            "refundRequested",
            by_kind(&[EventKind::RefundRequested]),
            g.refund,
        ),
        ("captured", by_kind(&[EventKind::Captured]), p.settle),
        (
            "voided + released",
            by_kind(&[EventKind::Voided, EventKind::Released]),
            p.cancel,
        ),
        ("refunded", by_kind(&[EventKind::Refunded]), p.refund),
        (
            "authorizationIncreased",
            by_kind(&[EventKind::AuthorizationIncreased]),
            grown,
        ),
        (
            "newTransaction",
            by_kind(&[EventKind::NewTransaction]),
            outcome.new_charge,
        ),
    ];
    if let Some((kind, events, figure)) = told.iter().find(|(_, e, f)| e != f) {
        return Err(format!(
            "{kind} events add up to {events}, the figures say {figure}"
        ));
    }
    let moved = [&outcome.provider, &outcome.gateway]
        .iter()
        .any(|f| !f.settle.is_zero() || !f.cancel.is_zero() || !f.refund.is_zero())
        || !outcome.new_charge.is_zero()
        || !outcome.events.is_empty();
    if !outcome.accepted {
        if outcome.errors.is_empty() || !outcome.warnings.is_empty() {
            return Err("a rejection must have errors and no warnings".into());
        }
        if after != before || moved {
            return Err("a rejected operation moved something".into());
        }
    } else if !outcome.errors.is_empty() {
        return Err("an accepted outcome with errors".into());
    }
    if is_replay(before, op) {
        let code = match op {
            Operation::Change(_) => WarningCode::ChangeRequestRepeated,
            _ => WarningCode::InvoiceNumberReused,
        };
        let only = outcome.warnings.len() == 1 && outcome.has_warning(code);
        if !outcome.accepted || !only || moved || after != before {
            return Err("a reused invoice number or change request id must be accepted, move nothing and carry only its own warning".into());
        }
    }
    if outcome.accepted && !is_replay(before, op) {
        // semantics.md 4: the warnings that say what a mode does.
        let (_, mixed) = effective_modes(&before.transaction.payments);
        if mixed != outcome.has_warning(WarningCode::MixedModesUseTotal) {
            return Err("MIXED_MODES_USE_TOTAL on every accepted outcome of a mixed transaction, and only there".into());
        }
        let legacy_settles = before
            .transaction
            .payments
            .iter()
            .zip(&outcome.payments)
            .any(|(p, f)| {
                p.connector.protocol == Protocol::Legacy && f.gateway.settle > Decimal::ZERO
            });
        if legacy_settles != outcome.has_warning(WarningCode::LegacyConnector) {
            return Err("LEGACY_CONNECTOR on every operation that settles on a legacy connector, and only there".into());
        }
        // The transaction status is recomputed on the ledger.
        let judged = after
            .judged_transaction_status()
            .map_err(|_| "overflow".to_string())?;
        if judged != after.transaction.status || outcome.transaction_status != judged {
            return Err(format!(
                "transaction status {:?}, the ledger says {judged:?}",
                after.transaction.status
            ));
        }
    }
    // The order figures are the states'.
    let figures = [
        (o.value_before, before.value),
        (o.value_after, after.value),
        (
            o.invoiced_before,
            before.invoiced().map_err(|_| "overflow")?,
        ),
        (o.invoiced_after, after.invoiced().map_err(|_| "overflow")?),
        (o.returned_after, after.returned().map_err(|_| "overflow")?),
        (
            o.remaining_to_invoice,
            after.remaining_to_invoice().map_err(|_| "overflow")?,
        ),
        (
            outcome.new_charge,
            after.transaction.new_charges - before.transaction.new_charges,
        ),
    ];
    if figures.iter().any(|(shown, real)| shown != real) {
        return Err(format!("order figures differ from the states: {figures:?}"));
    }
    if outcome.accepted && !is_replay(before, op) && strictness == Strictness::Consistent {
        check_money_moved(before, after, op, outcome)?;
    }
    if outcome.has_error(RuleCode::RefundNotSupported) && outcome.errors.len() != 1 {
        return Err("REFUND_NOT_SUPPORTED comes alone (it is judged after the moves)".into());
    }
    Ok(())
}

/// The sections of semantics.md an explanation line may cite.
const SECTIONS: [&str; 8] = ["3", "4", "5", "6", "6.1", "6.2", "6.3", "6.4"];

/// api.md section 8 on one outcome (explained, the default): every outcome explains itself;
/// a money line names payment, view, figure and an amount above zero at the currency's scale,
/// and for every payment, view and figure the money lines add up to the outcome's figure;
/// every warning (with its payment) and every error has its line, and no line names a
/// warning or an error the outcome does not carry; a rejection explains only its rules; the
/// numbers in the texts have the currency's digits.
pub fn check_explanation(outcome: &Outcome, scale: u32) -> Result<(), String> {
    let lines = &outcome.explain;
    if lines.is_empty() {
        return Err("an outcome without explanation".into());
    }
    for (i, line) in lines.iter().enumerate() {
        let at = format!("explain[{i}] {:?}", line.text);
        if !SECTIONS.contains(&line.rule) || line.text.is_empty() {
            return Err(format!("{at}: rule {:?} or empty text", line.rule));
        }
        let money = [
            line.view.is_some(),
            line.figure.is_some(),
            line.amount.is_some(),
        ];
        if money.iter().any(|m| *m != money[0]) || (money[0] && line.payment_id.is_none()) {
            return Err(format!(
                "{at}: a money line names payment, view, figure and amount"
            ));
        }
        if let Some(a) = line.amount {
            if a <= Decimal::ZERO || a.scale() != scale {
                return Err(format!(
                    "{at}: amount {a} (zero, negative or not at scale {scale})"
                ));
            }
            if !outcome
                .payments
                .iter()
                .any(|p| Some(&p.id) == line.payment_id.as_ref())
            {
                return Err(format!("{at}: unknown payment"));
            }
        }
        digits_in_text(&line.text, scale).map_err(|e| format!("{at}: {e}"))?;
        if !outcome.accepted && !matches!(line.code, ExplainCode::Rule(_)) {
            return Err(format!(
                "{at}: a rejection explains only the rules it breaks"
            ));
        }
    }
    // The money lines add up to the figures.
    for p in &outcome.payments {
        for (view, figures) in [(View::Gateway, &p.gateway), (View::Provider, &p.provider)] {
            for (figure, shown) in [
                (Line::Settle, figures.settle),
                (Line::Cancel, figures.cancel),
                (Line::Refund, figures.refund),
            ] {
                let told: Decimal = lines
                    .iter()
                    .filter(|l| {
                        l.payment_id.as_ref() == Some(&p.id)
                            && l.view == Some(view)
                            && l.figure == Some(figure)
                    })
                    .filter_map(|l| l.amount)
                    .sum();
                if told != shown {
                    return Err(format!(
                        "payment {} {view:?} {figure:?}: the explanation moves {told}, the figure says {shown}",
                        p.id
                    ));
                }
            }
        }
    }
    // Warnings and errors, each with its line, and no line for one the outcome lacks.
    let warned: std::collections::BTreeSet<_> = outcome
        .warnings
        .iter()
        .map(|w| (w.code, w.payment_id.clone()))
        .collect();
    let warning_lines: std::collections::BTreeSet<_> = lines
        .iter()
        .filter_map(|l| match l.code {
            ExplainCode::Warning(code) => Some((code, l.payment_id.clone())),
            _ => None,
        })
        .collect();
    if warned != warning_lines {
        return Err(format!(
            "warnings {warned:?}, but the explanation gives reasons for {warning_lines:?}"
        ));
    }
    let errors: std::collections::BTreeSet<_> = outcome.errors.iter().map(|e| e.code).collect();
    let error_lines: std::collections::BTreeSet<_> = lines
        .iter()
        .filter_map(|l| match l.code {
            ExplainCode::Rule(code) => Some(code),
            _ => None,
        })
        .collect();
    if errors != error_lines {
        return Err(format!(
            "errors {errors:?}, but the explanation gives reasons for {error_lines:?}"
        ));
    }
    Ok(())
}

/// Every decimal number in a text has exactly the currency's digits (`60.00`, JPY `1500`):
/// a number is a run of digits not glued to a letter, `-` or `_` (ids such as `p1`, `NF-2`).
fn digits_in_text(text: &str, scale: u32) -> Result<(), String> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let glued =
            i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || b"-_".contains(&bytes[i - 1]));
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let mut decimals = 0;
        if i + 1 < bytes.len() && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
                decimals += 1;
            }
        }
        let tail_glued = i < bytes.len() && (bytes[i].is_ascii_alphabetic() || bytes[i] == b'_');
        if glued || tail_glued {
            continue;
        }
        // Whole numbers without decimals are unit counts (or amounts of a 0-digit currency).
        if decimals != 0 && decimals != scale {
            return Err(format!(
                "{} has {decimals} decimals, the currency {scale}",
                &text[start..i]
            ));
        }
    }
    Ok(())
}

/// The outcome's text written straight from the engine's run (`preview_text`,
/// `Ledger::preview_text` and `Ledger::apply_text`, the WebAssembly bindings' issue 20) is
/// `Outcome::write_json`'s, byte for byte, with the explanation on and off; `apply_text` moves
/// the ledger on as `apply` does. In both forms (`outcome::Form`): the run's tokens are
/// `Outcome::write`'s in `Form::Tokens`, and they read back ([`tokens_json`], as the bindings'
/// JavaScript reads them) as the JSON text (issue 20, step 29).
pub fn texts_agree(state: &OrderState, op: &Operation, options: &Options) -> Result<(), String> {
    let mut out = OutcomeText::default();
    for (explain, form) in [true, false]
        .into_iter()
        .flat_map(|e| [(e, Form::Json), (e, Form::Tokens)])
    {
        out.set_form(form);
        let options = Options {
            explain,
            ..*options
        };
        let written = |outcome: &Outcome| {
            let mut w = JsonText::default();
            outcome.write(&mut w, form);
            w.text().into_owned()
        };
        let expected = preview(state, op, &options).map_err(|e| e.to_string())?;
        if form == Form::Tokens && tokens_json(&written(&expected))? != expected.to_json() {
            return Err(format!(
                "the tokens (explain: {explain}) read back as another text:\n{}\n{}",
                tokens_json(&written(&expected))?,
                expected.to_json()
            ));
        }
        // Written twice over the same buffers: what the first left behind changes nothing.
        for _ in 0..2 {
            preview_text(state, op, &options, &mut out).map_err(|e| e.to_string())?;
            let text = out.json().text();
            if text != written(&expected) {
                return Err(format!(
                    "preview_text (explain: {explain}, {form:?}) differs from write:\n{text:?}\n{:?}",
                    written(&expected)
                ));
            }
        }
        let applied = apply(state, op, &options).map_err(|e| e.to_string())?;
        let mut ledger = Ledger::new(state.clone(), options);
        ledger.apply_text(op, &mut out).map_err(|e| e.to_string())?;
        if out.json().text() != written(&applied.outcome) {
            return Err(format!(
                "apply_text (explain: {explain}, {form:?}) differs from write:\n{:?}\n{:?}",
                out.json().text(),
                written(&applied.outcome)
            ));
        }
        if *ledger.state() != applied.state {
            return Err(format!("apply_text (explain: {explain}): another state"));
        }
    }
    Ok(())
}

/// An outcome's tokens (`outcome::Form::Tokens`) read back as its JSON text: the bindings'
/// `buildOutcome`, step for step, writing the JSON text `JSON.stringify` would write of the
/// object it builds (strings escaped as serde_json escapes them, as the crate's writer does).
pub fn tokens_json(tokens: &str) -> Result<String, String> {
    struct Reader<'a> {
        units: Vec<u16>,
        at: usize,
        text: &'a str,
    }
    impl Reader<'_> {
        fn num(&mut self) -> Result<usize, String> {
            let mut n = 0_usize;
            loop {
                let c = *self.units.get(self.at).ok_or("past the end")?;
                self.at += 1;
                n = n * 64 + usize::from(c & 63);
                if c < 64 {
                    return Ok(n);
                }
            }
        }
        fn str(&mut self) -> Result<String, String> {
            // A zero amount: one unit, 0x7c + its digits.
            if let Some(&c @ 0x7c..=0x7f) = self.units.get(self.at) {
                self.at += 1;
                return Ok(["0", "0.0", "0.00", "0.000"][usize::from(c - 0x7c)].to_string());
            }
            let n = self.num()?;
            let units = self
                .units
                .get(self.at..self.at + n)
                .ok_or("a string past the end")?;
            self.at += n;
            String::from_utf16(units).map_err(|e| e.to_string())
        }
        fn q(&mut self) -> Result<String, String> {
            serde_json::to_string(&self.str()?).map_err(|e| e.to_string())
        }
        fn fields(&mut self, keys: &[&str]) -> Result<String, String> {
            let mut out = Vec::new();
            for key in keys {
                out.push(format!("\"{key}\":{}", self.q()?));
            }
            Ok(out.join(","))
        }
        fn list(
            &mut self,
            item: impl Fn(&mut Self) -> Result<String, String>,
        ) -> Result<String, String> {
            let n = self.num()?;
            let items = (0..n).map(|_| item(self)).collect::<Result<Vec<_>, _>>()?;
            Ok(format!("[{}]", items.join(",")))
        }
    }
    let mut r = Reader {
        units: tokens.encode_utf16().collect(),
        at: 0,
        text: tokens,
    };
    let figures = ["settle", "cancel", "refund", "open"];
    let accepted = r.num()? == 1;
    let errors = r.list(|r| Ok(format!("{{{}}}", r.fields(&["code", "message"])?)))?;
    let warnings = r.list(|r| {
        let mut w = r.fields(&["code", "message"])?;
        if r.num()? == 1 {
            w += &format!(",\"paymentId\":{}", r.q()?);
        }
        Ok(format!("{{{w}}}"))
    })?;
    let provider = r.fields(&["settle", "cancel", "refund", "open", "newCharge"])?;
    let gateway = r.fields(&figures)?;
    let payments = r.list(|r| {
        let id = r.q()?;
        let provider = r.fields(&figures)?;
        let gateway = r.fields(&figures)?;
        Ok(format!(
            "{{\"id\":{id},{provider},\"gateway\":{{{gateway}}}}}"
        ))
    })?;
    let order = r.fields(&[
        "valueBefore",
        "valueAfter",
        "invoicedBefore",
        "invoicedAfter",
        "returnedAfter",
        "remainingToInvoice",
        "statusBefore",
        "statusAfter",
    ])?;
    let status = r.q()?;
    let events = r.list(|r| {
        let kind = r.q()?;
        let id = if r.num()? == 1 {
            format!(",\"paymentId\":{}", r.q()?)
        } else {
            String::new()
        };
        Ok(format!("{{\"kind\":{kind}{id},\"amount\":{}}}", r.q()?))
    })?;
    let explain = r.list(|r| {
        let mut line = r.fields(&["code", "rule", "text"])?;
        let there = r.num()?;
        for (bit, key) in ["paymentId", "view", "figure", "amount"].iter().enumerate() {
            if there & (1 << bit) != 0 {
                line += &format!(",\"{key}\":{}", r.q()?);
            }
        }
        Ok(format!("{{{line}}}"))
    })?;
    if r.at != r.units.len() {
        return Err(format!("the tokens go on after the outcome: {:?}", r.text));
    }
    Ok(format!(
        "{{\"accepted\":{accepted},\"errors\":{errors},\"warnings\":{warnings},{provider},\
         \"gateway\":{{{gateway}}},\"payments\":{payments},\"order\":{{{order}}},\
         \"transactionStatus\":{status},\"events\":{events},\"explain\":{explain}}}"
    ))
}

/// Previews and applies one operation, checks every invariant and returns the new state.
pub fn step(
    state: &OrderState,
    op: &Operation,
    options: &Options,
    strictness: Strictness,
) -> Result<(OrderState, Outcome), String> {
    let previewed = match preview(state, op, options) {
        Ok(outcome) => outcome,
        Err(e) => {
            // Only an operation that would take an amount out of range may throw, and then
            // `apply` throws the same (a `Ledger` keeps its state).
            if !e.message.contains("out of range") {
                return Err(format!("preview threw {e}"));
            }
            return match apply(state, op, options) {
                Err(same) if same == e => Err(OUT_OF_RANGE.into()),
                other => Err(format!("preview threw {e}, apply gave {other:?}")),
            };
        }
    };
    texts_agree(state, op, options)?;
    let applied = apply(state, op, options).map_err(|e| format!("apply threw {e}"))?;
    if previewed != applied.outcome {
        return Err("preview differs from apply".into());
    }
    // The bindings' hand-written JSON text (issue 20) is serde_json's, byte for byte.
    let text = serde_json::to_string(&applied.outcome).map_err(|e| e.to_string())?;
    if applied.outcome.to_json() != text {
        return Err(format!(
            "to_json differs from serde_json:\n{}\n{text}",
            applied.outcome.to_json()
        ));
    }
    // And so is the state's (`apply`, `simulate`, a `Ledger`'s `state()`, `fromVtex`).
    let text = serde_json::to_string(&applied.state).map_err(|e| e.to_string())?;
    if applied.state.to_json() != text {
        return Err(format!(
            "the state's to_json differs from serde_json:\n{}\n{text}",
            applied.state.to_json()
        ));
    }
    // And so is the operation's (the planners' and `fromVtexChange`'s results hold one).
    let text = serde_json::to_string(op).map_err(|e| e.to_string())?;
    if op.to_json() != text {
        return Err(format!(
            "the operation's to_json differs from serde_json:\n{}\n{text}",
            op.to_json()
        ));
    }
    check_outcome(state, &applied.state, op, &applied.outcome, strictness)?;
    if options.explain {
        check_explanation(&applied.outcome, state.currency.minor_units())?;
        if is_replay(state, op) && applied.outcome.explain.len() != 1 {
            return Err("a replay explains itself in one line".into());
        }
    } else if !applied.outcome.explain.is_empty() {
        return Err("explain: false, but the outcome carries an explanation".into());
    }
    check_state(&applied.state, strictness)?;
    Ok((applied.state, applied.outcome))
}

/// Runs a `{ state, operations, options? }` document (the fuzz target's input shape):
/// malformed parts are errors and skipped, never panics; every applied operation is checked.
/// Returns how many operations were applied.
#[allow(dead_code)] // the fuzz target reads text (run_text)
pub fn run_document(doc: &Value, strictness: Strictness) -> Result<usize, String> {
    run_doc(&json::Json::from(doc), strictness)
}

/// [`run_document`] of JSON text, read as the bindings read their arguments: the crate's
/// reader (`Json::from_str`: the plain reader, else serde_json), then the `*_doc` entry
/// points. Text that is not JSON applies nothing.
#[allow(dead_code)] // the tests read documents (run_document)
pub fn run_text(text: &str, strictness: Strictness) -> Result<usize, String> {
    match json::Json::from_str(text) {
        Ok(doc) => run_doc(&doc, strictness),
        Err(_) => Ok(0),
    }
}

fn run_doc(doc: &json::Json, strictness: Strictness) -> Result<usize, String> {
    let Some(state) = doc.get("state") else {
        return Ok(0);
    };
    let Ok(mut state) = json::parse_state_doc(state) else {
        return Ok(0);
    };
    let Ok(options) = json::parse_options_doc(doc.get("options")) else {
        return Ok(0);
    };
    check_state(&state, Strictness::AnyValid)?;
    let ops = doc
        .get("operations")
        .and_then(json::Json::as_array)
        .unwrap_or_default();
    // `simulate`'s reading of the list (each against the first state) never panics either.
    if let Some(list) = doc.get("operations") {
        let _ = json::parse_operations_doc(list, &state);
    }
    let mut applied = 0;
    for (i, op) in ops.iter().enumerate() {
        let Ok(op) = json::parse_operation_doc(op, &state) else {
            continue;
        };
        match step(&state, &op, &options, strictness) {
            Ok((next, _)) => state = next,
            Err(e) if e == OUT_OF_RANGE => {
                applied += 1;
                continue;
            }
            Err(e) => return Err(format!("operations[{i}]: {e}")),
        }
        applied += 1;
    }
    Ok(applied)
}

fn net_settled(state: &OrderState) -> Decimal {
    state
        .transaction
        .payments
        .iter()
        .map(|p| p.settled - p.refunded)
        .sum()
}

/// What an accepted operation must have moved at the gateway (semantics.md 6).
fn check_money_moved(
    before: &OrderState,
    after: &OrderState,
    op: &Operation,
    outcome: &Outcome,
) -> Result<(), String> {
    let g = &outcome.gateway;
    let placed_all = !outcome.has_warning(WarningCode::AmountNotPlaced);
    let zero = Decimal::ZERO;
    let invoiced = before.invoiced().map_err(|_| "overflow")?;
    match op {
        Operation::Invoice(i) => {
            // 6.1: settle max(0, min(I + x, V) − newCharges − Σ(S − R)).
            let target = (invoiced + i.value).min(before.value) - before.transaction.new_charges;
            let wanted = (target - net_settled(before)).max(zero);
            if g.refund != zero || (placed_all && g.settle != wanted) || g.settle > wanted {
                return Err(format!(
                    "invoice: the gateway settled {} (refunded {}), the rule says {wanted}",
                    g.settle, g.refund
                ));
            }
        }
        Operation::Return(r) => {
            let refunds = before.is_fully_invoiced().map_err(|_| "overflow")?
                && !outcome.has_warning(WarningCode::DuplicateReturnItem);
            let wanted = if refunds { r.value } else { zero };
            if g.settle != zero
                || g.cancel != zero
                || (placed_all && g.refund != wanted)
                || g.refund > wanted
            {
                return Err(format!(
                    "return: the gateway refunded {}, the rule says {wanted}",
                    g.refund
                ));
            }
        }
        Operation::Change(c) => {
            let delta = after.value - before.value;
            let closes = after.status != before.status;
            if g.settle != zero {
                return Err("a change settled something".into());
            }
            if delta < zero && !closes && placed_all && g.cancel + g.refund != -delta {
                return Err(format!(
                    "change: a decrease of {} cancelled {} and refunded {}",
                    -delta, g.cancel, g.refund
                ));
            }
            if delta >= zero && !closes && (g.cancel != zero || g.refund != zero) {
                return Err("an increase cancelled or refunded something".into());
            }
            let _ = c;
        }
        Operation::Cancel { .. } => {
            let open: Decimal = after
                .transaction
                .payments
                .iter()
                .map(|p| p.value - p.settled - p.cancelled)
                .sum();
            if net_settled(after) != zero || open != zero {
                return Err("a cancelled order keeps money settled or open".into());
            }
        }
    }
    Ok(())
}

/// The `.json` files of a folder, sorted by path (the fixtures' order in every test that reads
/// a folder of them).
pub fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}
