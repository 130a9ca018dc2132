//! Reading the gateway's records (the `transaction` argument of [`super::reconcile`]) with the
//! crate's one path-tracking reader (`crate::read::At`, as VTEX's documents): leniently (unknown fields
//! ignored, `null` is absent), every field used checked, every assumption a [`Note`].
//!
//! The shape (RECONCILE-CONTRACT, api.md section 9; S3, the Payments Gateway API, and
//! vtex-notes 6.2): the transaction details (`status`, …) plus `payments` (Payment Details:
//! `id`, `value`, `referenceValue`, `fields[{ name, value }]`), `settlements` (`{ requests,
//! actions }`), and when present `refunds` and `cancellations` of the same shape. Amounts are
//! integer cents (hundredths of the major unit in every currency, as `fromVtex` reads them);
//! the `value` inside a connector response is a decimal in major units (S2/S17: the Payment
//! Provider Protocol speaks decimals); `fields[].value` are JSON texts.
//!
//! Real documents carry the executed operations in more places than the lists: the legacy
//! `GET /api/pvt/transactions/{tid}/payments` listing of VTEX's 2015 marketplace-switch guide
//! (garrucho/docs `integracao/marketplace/vtex-marketplace-switch/README.md`, "Recupera dados de
//! pagamento") has no settlements list, only the payment's `fields` entry `settlement` (a JSON
//! text of `[{ Id, Token, SettlementDate, ValueAsInt, Value, SettlementType }]`); S3's Payment
//! Details example has, beside its `refund` entries, only a `settlementConnectorResponse`
//! (`{ settleId, value: 614.0, … }`). Both are read when the settlements are not given as a
//! list (absent, or a link), each noted (`SETTLEMENTS_FROM_FIELDS`).

use crate::doc::Json;
use crate::money::{Checked, Currency};
use crate::read::At;
use crate::schema::InputError;
use crate::vtex::{instant, Note, NoteCode};
use rust_decimal::Decimal;

/// What an action is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// `settlement` (or an unknown type in the settlements list, noted).
    Settlement,
    /// `auto-settlement`: the payment settled by itself (S3's example; S25), no request.
    AutoSettlement,
    /// A refund.
    Refund,
    /// A cancellation.
    Cancellation,
}

/// One executed (or not executed) gateway action on a payment.
#[derive(Debug, Clone)]
pub(super) struct Action {
    pub payment_id: String,
    pub kind: Kind,
    /// The action's value (cents read into major units at the currency's digits).
    pub value: Decimal,
    /// Whether the connector executed it: a refund or cancellation of value 0, or whose
    /// connector response says `refund-manually` / `cancel-manually`, was not (S2, S17).
    pub executed: bool,
    /// The action's date, as an instant (nanoseconds, UTC; a date without offset is UTC).
    pub date: Option<i128>,
    /// The connector's id of the operation (`settleId`, `refundId`, `cancellationId`) or the
    /// refund entry's `Id`, when given.
    pub operation_id: Option<String>,
}

/// A settlement request (transaction level: no payment id, S3).
#[derive(Debug, Clone)]
pub(super) struct Request {
    pub value: Decimal,
    pub path: String,
}

/// A payment as the gateway shows it (Payment Details).
#[derive(Debug, Clone)]
pub(super) struct GatewayPayment {
    pub id: String,
    /// `referenceValue` (without interest), else `value`.
    pub value: Option<Decimal>,
}

/// Everything read from the records.
#[derive(Debug, Default)]
pub(super) struct Records {
    /// The transaction's `status`, as written.
    pub status: Option<String>,
    /// The `payments` list, when given as a list.
    pub payments: Option<Vec<GatewayPayment>>,
    pub settlement_requests: Vec<Request>,
    /// Settlement and auto-settlement actions (the settlements list's; else the payments'
    /// `fields` entries, see [`read`]).
    pub settlements: Vec<Action>,
    /// Whether the settlements were given as a list (`{ requests, actions }` or a list).
    settlements_listed: bool,
    /// Where in `notes` the note that the settlements list is absent or a link is: replaced
    /// by `SETTLEMENTS_FROM_FIELDS` when the payments' fields stand for it.
    settlements_unlisted: Option<usize>,
    /// The payments' `fields` `settlement` entries (the gateway's own settlement records).
    field_settlements: Vec<Action>,
    /// The payments' `settlementConnectorResponse` fields that report a settlement (a
    /// `settleId` and a `value` above 0): the connector's last answer.
    connector_settlements: Vec<Action>,
    /// Refund actions; `None` when there is no `refunds` list (then `field_refunds`).
    pub refunds: Option<Vec<Action>>,
    /// The payments' `fields` `refund` entries.
    pub field_refunds: Vec<Action>,
    /// Cancellation actions; `None` when there is no `cancellations` list.
    pub cancellations: Option<Vec<Action>>,
    pub notes: Vec<Note>,
    /// The first date read without an offset (taken as UTC, noted once).
    naive_date: Option<String>,
}

impl Records {
    fn note(&mut self, code: NoteCode, path: String, message: String) {
        self.notes.push(Note {
            code,
            path,
            message,
        });
    }

    /// Whether the transaction's status says it is cancelled (`Cancelled`, `Canceled`,
    /// `Cancelling`, `Canceling`: the spellings S3's examples and the known issues use).
    pub fn cancelled_status(&self) -> bool {
        self.status.as_deref().is_some_and(|s| {
            matches!(
                s.to_ascii_lowercase().as_str(),
                "cancelled" | "canceled" | "cancelling" | "canceling"
            )
        })
    }

    /// The refunds that count: the `refunds` list's actions, else the fields' entries.
    pub fn refund_actions(&self) -> &[Action] {
        match &self.refunds {
            Some(list) => list,
            None => &self.field_refunds,
        }
    }
}

/// The transaction's `status`: its name, a string (`Started`, `Authorized`, `Settling`,
/// `Finished`, `Cancelled`, …), absent or empty when not given.
///
/// A number is not read (leftovers of issues 16/17, decided from S3): the Payments Gateway API
/// types Transaction Details' `status` (`GET /api/pvt/transactions/{id}`, what the export
/// carries) as a string, "Transaction status.", with the examples `Finished` and `Started`.
/// Numbers appear only as the `status` of the responses to a settle, refund, cancel or
/// authorization request (`SettleResponse`: `8` Approved, `11` Settling, `13` Finished, named by
/// the response's own `statusDetail`), which are not transaction details; and the code list is
/// not documented, so which number means cancelled would be a guess. The order is `invalid`,
/// and the message says what was expected and where such a number comes from.
fn status(tx: &At, value: &Json) -> Result<Option<String>, InputError> {
    let Some(at) = tx.get("status") else {
        return Ok(None);
    };
    match value.get("status") {
        // A number's text is serde_json's (`Json`'s `Display`).
        Some(n @ (Json::PosInt(_) | Json::NegInt(_) | Json::Float(_))) => Err(at.error(format!(
            "expected the transaction's status name, a string such as \"Finished\" (Transaction \
             Details), got the number {n}: numeric codes are the status of a settle, refund or \
             cancel response (named by its statusDetail), not of a transaction's details"
        ))),
        Some(Json::Str(_)) => at.text().map(|s| Some(s).filter(|s| !s.is_empty())),
        Some(other) => Err(at.error(format!(
            "expected the transaction's status name, a string such as \"Finished\", got {}",
            crate::schema::kind_of(other)
        ))),
        None => Ok(None),
    }
}

/// The records' reading: `None` or `null` is no records at all (noted).
pub(super) fn read(tx: Option<&Json>, currency: Currency) -> Result<Records, InputError> {
    let mut r = Records::default();
    let Some(value) = tx.filter(|v| !v.is_null()) else {
        r.note(
            NoteCode::GatewayRecordsMissing,
            "transaction".into(),
            "no gateway records: every recorded figure is 0".into(),
        );
        return Ok(r);
    };
    let tx = At::root(value, "transaction");
    tx.object()?;
    r.status = status(&tx, value)?;
    // The payments' settlement fields stand for a settlements list only without one: read
    // (and checked) only then.
    r.settlements_listed = tx.get("settlements").is_some_and(|s| !link_only(&s));
    payments(&tx, currency, !r.settlements_listed, &mut r)?;
    for key in ["settlements", "refunds", "cancellations"] {
        list(&tx, key, currency, &mut r)?;
    }
    settlements_from_fields(&mut r);
    if let Some(path) = r.naive_date.take() {
        r.note(
            NoteCode::DateWithoutOffset,
            path,
            "dates without an offset are taken as UTC (S3's examples write both)".into(),
        );
    }
    // Without a refunds list, the payments' `refund` fields stand for it; with neither, none
    // (a link was noted already).
    let refunds_link = r
        .notes
        .iter()
        .any(|n| n.code == NoteCode::GatewayLinkOnly && n.path == "transaction.refunds");
    if r.refunds.is_none() && !r.field_refunds.is_empty() {
        r.note(
            NoteCode::RefundsFromFields,
            "transaction.payments".into(),
            "no refunds list: the refunds are the payments' `refund` fields (ValueAsInt in cents, 0 = not executed, every RefundType counted)".into(),
        );
    } else if r.refunds.is_none() && !refunds_link {
        r.note(
            NoteCode::GatewayListMissing,
            "transaction.refunds".into(),
            "no refunds list and no `refund` fields: counted as none".into(),
        );
    }
    Ok(r)
}

/// A list given as a link only (`{ href }`): noted, counted as none.
fn link_only(at: &At) -> bool {
    at.value.is_object()
        && at.get("href").is_some()
        && at.get("actions").is_none()
        && at.get("requests").is_none()
}

/// `payments` (S3 Payment Details): `id`, `referenceValue`/`value` (cents), the `refund`
/// entries of `fields`, and, when the settlements are not given as a list, the `settlement`
/// entries and the `settlementConnectorResponse` of `fields` (see [`settlements_from_fields`]).
fn payments(
    tx: &At,
    currency: Currency,
    settlements_unlisted: bool,
    r: &mut Records,
) -> Result<(), InputError> {
    let Some(at) = tx.get("payments") else {
        r.note(
            NoteCode::GatewayPaymentsMissing,
            "transaction.payments".into(),
            "no payments list: the payments are not compared with the order's".into(),
        );
        return Ok(());
    };
    if link_only(&at) {
        r.note(
            NoteCode::GatewayLinkOnly,
            at.path(),
            "payments is a link: the payments are not compared with the order's".into(),
        );
        return Ok(());
    }
    let mut out = Vec::new();
    for p in at.list()? {
        p.object()?;
        let id = p.req("id")?.id()?;
        let value = match p.get("referenceValue") {
            Some(v) => Some(non_negative(&v, currency)?),
            None => p
                .get("value")
                .map(|v| non_negative(&v, currency))
                .transpose()?,
        };
        for field in p.list_of("fields")? {
            field.object()?;
            let Some(name) = field.get("name") else {
                continue;
            };
            let name = name.str()?;
            let Some(text_at) = field.get("value") else {
                continue;
            };
            match name {
                "refund" => {
                    let read = field_entries(&text_at, &id, Kind::Refund, currency, r)?;
                    r.field_refunds.extend(read);
                }
                "settlement" if settlements_unlisted => {
                    let read = field_entries(&text_at, &id, Kind::Settlement, currency, r)?;
                    r.field_settlements.extend(read);
                }
                "settlementConnectorResponse" if settlements_unlisted => {
                    if let Some(a) = connector_settlement(&text_at, &id, currency)? {
                        r.connector_settlements.push(a);
                    }
                }
                _ => {}
            }
        }
        out.push(GatewayPayment { id, value });
    }
    r.payments = Some(out);
    Ok(())
}

/// A JSON text (or, leniently, the JSON itself) in a `fields` value: parsed, with its path.
fn json_text<'a>(
    at: &At<'a, 'a>,
    what: &str,
    parsed: &'a mut Json<'a>,
    path: &'a mut String,
) -> Result<At<'a, 'a>, InputError> {
    match at.value {
        Json::Str(text) => {
            *parsed =
                Json::from_str(text).map_err(|e| at.error(format!("expected {what}: {e}")))?;
            *path = at.path();
            Ok(At::root(parsed, path))
        }
        _ => Ok(*at),
    }
}

/// A `refund` or `settlement` field's value: a JSON text (or, leniently, the JSON itself) of
/// `[{ ValueAsInt, RefundDate? | SettlementDate?, Id? }]`, cents. The `refund` entries are S3's
/// Payment Details example (`RefundType` 0 and 1, both counted: the types are not documented);
/// the `settlement` entries are the legacy payments listing of VTEX's marketplace-switch guide
/// (garrucho/docs, "Recupera dados de pagamento": `SettlementType` 1, every type counted, and
/// `Value`, the same amount in major units, not read). A refund of 0 was not executed (the
/// connector answered `refund-manually`, S2/S17).
fn field_entries(
    at: &At,
    payment_id: &str,
    kind: Kind,
    currency: Currency,
    r: &mut Records,
) -> Result<Vec<Action>, InputError> {
    let (what, date_key) = match kind {
        Kind::Refund => ("a JSON text of refund entries", "RefundDate"),
        _ => ("a JSON text of settlement entries", "SettlementDate"),
    };
    let mut parsed = Json::Null;
    let mut path = String::new();
    let entries = json_text(at, what, &mut parsed, &mut path)?;
    let mut out = Vec::new();
    for entry in entries.list()? {
        entry.object()?;
        let value = non_negative(&entry.req("ValueAsInt")?, currency)?;
        let date = entry.get(date_key).map(|d| date(&d, r)).transpose()?;
        let operation_id = entry.opt_text("Id")?;
        out.push(Action {
            payment_id: payment_id.to_string(),
            kind,
            value,
            executed: kind != Kind::Refund || !value.is_zero(),
            date,
            operation_id,
        });
    }
    Ok(out)
}

/// A payment's `settlementConnectorResponse` field (S3's Payment Details example: the JSON
/// text `{"settleId":"iy20l","value":614.0,"requestId":…,"paymentId":…,"code":null,
/// "message":null}`): the connector's answer to the last settlement (S2/S17: `settleId`, and
/// `value` in major units, which "can match the full amount from the request or a smaller
/// amount"). A settlement when it has a `settleId` and a `value` above 0; else (a failed
/// settlement: no `settleId`, or `value` 0) none.
fn connector_settlement(
    at: &At,
    payment_id: &str,
    currency: Currency,
) -> Result<Option<Action>, InputError> {
    let mut parsed = Json::Null;
    let mut path = String::new();
    let response = json_text(
        at,
        "a JSON text of a settlement connector response",
        &mut parsed,
        &mut path,
    )?;
    response.object()?;
    // `settleId` null, absent or empty: the connector did not settle (S2/S17).
    let settle_id = match response.get("settleId") {
        Some(i) if i.value.as_str() != Some("") => Some(i.id()?),
        _ => None,
    };
    let Some(settle_id) = settle_id else {
        return Ok(None);
    };
    let Some(v) = response.get("value") else {
        return Ok(None);
    };
    let value = major_units(&v, currency)?;
    if value.is_zero() {
        return Ok(None);
    }
    Ok(Some(Action {
        payment_id: payment_id.to_string(),
        kind: Kind::Settlement,
        value,
        executed: true,
        date: None,
        operation_id: Some(settle_id),
    }))
}

/// An amount in major units (a connector response's `value`, S2/S17), ≥ 0, a whole number of
/// the currency's minor units.
fn major_units(at: &At, currency: Currency) -> Result<Decimal, InputError> {
    let mut v = at.decimal()?;
    if v < Decimal::ZERO {
        return Err(at.error("expected an amount ≥ 0 (in major units)"));
    }
    let digits = currency.minor_units();
    if v.normalize().scale() > digits {
        return Err(at.error(format!(
            "expected an amount in {} with at most {digits} decimals, got {v}",
            currency.code()
        )));
    }
    v.rescale(digits);
    Ok(v)
}

/// Without a settlements list (absent, or a link), the settlements are the payments' `fields`
/// `settlement` entries, the gateway's own records; without those, their
/// `settlementConnectorResponse`s (the last answer of each payment's connector: an earlier
/// partial settlement is not in it). Noted either way, in place of the note that the list is
/// absent or a link ("counted as none" would no longer be true).
fn settlements_from_fields(r: &mut Records) {
    if r.settlements_listed {
        return;
    }
    let (from, message) = if !r.field_settlements.is_empty() {
        (
            std::mem::take(&mut r.field_settlements),
            "the settlements are the payments' `settlement` fields (ValueAsInt in cents, every SettlementType counted); no settlement requests",
        )
    } else if !r.connector_settlements.is_empty() {
        (
            std::mem::take(&mut r.connector_settlements),
            "each payment's settlement is its `settlementConnectorResponse` (value in major units, with a settleId; the connector's last answer, so an earlier partial settlement is not in it); no settlement requests",
        )
    } else {
        return;
    };
    r.settlements = from;
    let why = match r.settlements_unlisted.and_then(|i| r.notes.get(i)) {
        Some(n) if n.code == NoteCode::GatewayLinkOnly => "settlements is a link",
        _ => "no settlements list",
    };
    let note = Note {
        code: NoteCode::SettlementsFromFields,
        path: "transaction.payments".into(),
        message: format!("{why}: {message}"),
    };
    match r.settlements_unlisted.and_then(|i| r.notes.get_mut(i)) {
        Some(slot) => *slot = note,
        None => r.notes.push(note),
    }
}

/// `settlements`, `refunds` or `cancellations`: `{ requests, actions }`, a list of actions, or
/// a link.
fn list(tx: &At, key: &str, currency: Currency, r: &mut Records) -> Result<(), InputError> {
    let Some(at) = tx.get(key) else {
        if key != "refunds" {
            if key == "settlements" {
                r.settlements_unlisted = Some(r.notes.len());
            }
            r.note(
                NoteCode::GatewayListMissing,
                tx.child_path(key),
                format!("no {key} list: counted as none"),
            );
        }
        return Ok(());
    };
    if link_only(&at) {
        if key == "settlements" {
            r.settlements_unlisted = Some(r.notes.len());
        }
        r.note(
            NoteCode::GatewayLinkOnly,
            at.path(),
            format!("{key} is a link: counted as none"),
        );
        return Ok(());
    }
    let actions = if at.value.is_array() {
        at.list()?
    } else {
        at.object()?;
        if key == "settlements" {
            for request in at.list_of("requests")? {
                request.object()?;
                let value = non_negative(&request.req("value")?, currency)?;
                if let Some(d) = request.get("date") {
                    date(&d, r)?;
                }
                r.settlement_requests.push(Request {
                    value,
                    path: request.path(),
                });
            }
        }
        at.list_of("actions")?
    };
    let mut read = Vec::with_capacity(actions.len());
    for action in actions {
        read.push(self::action(&action, key, currency, r)?);
    }
    match key {
        "settlements" => r.settlements = read,
        "refunds" => r.refunds = Some(read),
        _ => r.cancellations = Some(read),
    }
    Ok(())
}

/// One action: `{ paymentId, date?, type?, value, connectorResponse? }`.
fn action(at: &At, key: &str, currency: Currency, r: &mut Records) -> Result<Action, InputError> {
    at.object()?;
    let payment_id = at.req("paymentId")?.id()?;
    let value_at = at.req("value")?;
    let value = non_negative(&value_at, currency)?;
    let date = at.get("date").map(|d| date(&d, r)).transpose()?;
    let typed = at.get("type").map(|t| t.text()).transpose()?;
    let kind = match key {
        "settlements" => match typed.as_deref() {
            Some("auto-settlement") => Kind::AutoSettlement,
            Some("settlement") | None => Kind::Settlement,
            Some(other) => {
                r.note(
                    NoteCode::ActionTypeUnknown,
                    at.child_path("type"),
                    format!("type {other:?} in the settlements: counted as a settlement"),
                );
                Kind::Settlement
            }
        },
        "refunds" => {
            if let Some(other) = typed.as_deref().filter(|t| *t != "refund") {
                r.note(
                    NoteCode::ActionTypeUnknown,
                    at.child_path("type"),
                    format!("type {other:?} in the refunds: counted as a refund"),
                );
            }
            Kind::Refund
        }
        _ => {
            if let Some(other) = typed.as_deref().filter(|t| *t != "cancellation") {
                r.note(
                    NoteCode::ActionTypeUnknown,
                    at.child_path("type"),
                    format!("type {other:?} in the cancellations: counted as a cancellation"),
                );
            }
            Kind::Cancellation
        }
    };
    let response = connector_response(at, value, currency, r)?;
    let manual = match kind {
        Kind::Refund => "refund-manually",
        Kind::Cancellation => "cancel-manually",
        _ => "",
    };
    let executed = match kind {
        Kind::Refund | Kind::Cancellation => {
            !value.is_zero() && response.code.as_deref() != Some(manual)
        }
        _ => true,
    };
    Ok(Action {
        payment_id,
        kind,
        value,
        executed,
        date,
        operation_id: response.operation_id,
    })
}

/// What a connector response says.
struct Response {
    code: Option<String>,
    operation_id: Option<String>,
}

/// `connectorResponse`: an object, a JSON text of one, or `null` (S3's settlements example).
/// Its `code` (`refund-manually`, `cancel-manually`: S2/S17), its operation id (`settleId`,
/// `refundId`, `cancellationId`) and its `value` (a decimal in major units: noted when it
/// differs from the action's value in cents, which is the one counted).
fn connector_response(
    action: &At,
    value: Decimal,
    currency: Currency,
    r: &mut Records,
) -> Result<Response, InputError> {
    let none = Response {
        code: None,
        operation_id: None,
    };
    let Some(at) = action.get("connectorResponse") else {
        return Ok(none);
    };
    let mut parsed = Json::Null;
    let mut path = String::new();
    let at = json_text(
        &at,
        "a connector response (a JSON object or its text)",
        &mut parsed,
        &mut path,
    )?;
    at.object()?;
    let code = at.opt_text("code")?;
    let mut operation_id = None;
    for key in ["settleId", "refundId", "cancellationId"] {
        if let Some(id) = at.get(key) {
            operation_id = Some(id.id()?);
        }
    }
    if let Some(v) = at.get("value") {
        let decimal = v.decimal()?;
        let mut major = value;
        major.rescale(currency.minor_units());
        if decimal != major {
            r.note(
                NoteCode::ConnectorValueDiffers,
                v.path(),
                format!(
                    "the connector answered {decimal} (major units), the action records {major}: the action's value is counted"
                ),
            );
        }
    }
    Ok(Response { code, operation_id })
}

/// An amount in cents, ≥ 0.
fn non_negative(at: &At, currency: Currency) -> Result<Decimal, InputError> {
    let v = at.cents(currency)?;
    if v < Decimal::ZERO {
        return Err(at.error("expected an amount ≥ 0 (in cents)"));
    }
    Ok(v)
}

/// A date: ISO 8601 with or without an offset (without: UTC), as VTEX writes them
/// (`2018-06-05T13:08:22`, `2018-06-05T12:55:58.6262759Z`).
fn date(at: &At, r: &mut Records) -> Result<i128, InputError> {
    let text = at.str()?;
    let instant = instant(text).ok_or_else(|| {
        at.error(format!(
            "expected an ISO 8601 date such as 2018-06-05T13:08:22Z, got {text:?}"
        ))
    })?;
    // A time without `Z` or `±hh:mm` after it (the date part's own `-` are before position 10).
    let time = text.get(10..).unwrap_or("");
    let offset = time.contains(['Z', 'z', '+', '-']);
    if !time.is_empty() && !offset && r.naive_date.is_none() {
        r.naive_date = Some(at.path());
    }
    Ok(instant)
}

/// Σ `value` over the actions that `keep`.
pub(super) fn total<'a>(
    actions: impl IntoIterator<Item = &'a Action>,
    keep: impl Fn(&Action) -> bool,
) -> Option<Decimal> {
    let mut sum = Decimal::ZERO;
    for a in actions {
        if keep(a) {
            sum = sum.plus(a.value).ok()?;
        }
    }
    Some(sum)
}
