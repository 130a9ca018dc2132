//! `fromVtex`: VTEX's "Get order" document (+ the gateway's data) → an [`OrderState`] and the
//! notes of every decision (api.md section 7). Each mapping rule is written where it is
//! applied, with its VTEX source (the ids of `shared/reference/vtex-notes.md`: S1 is the Orders
//! API OpenAPI, S3 the Payments Gateway API, …).

use super::dto::{instant, max_amount, At, VTEX_DECIMALS};
use super::notes::{Note, NoteCode};
use super::{ConnectorRule, FromVtex, FromVtexOptions};
use crate::doc::Json;
use crate::engine;
use crate::money::{sum, Checked, Currency, Overflow};
use crate::names::Named;
use crate::operation::{InvoiceRequest, Operation};
use crate::order::{
    sum_lines, Change, ChangeApi, Invoice, InvoiceType, Item, OrderState, OrderStatus, Transaction,
    TransactionStatus,
};
use crate::payment::{Connector, Group, Mode, Payment, Protocol};
use crate::schema::{InputError, MAX_LIST_LEN, MAX_PAYMENTS, MAX_TEXT_LEN};
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::{BTreeMap, BTreeSet};

mod change_v2;
mod changes;
mod gateway;
mod history;
mod items;
mod packages;
mod payments;

pub(super) use change_v2::from_vtex_change;
use change_v2::{changes_v2, CHANGES_V2};
use changes::changes;
use gateway::gateway;
use history::{history, record, replay, Event, CHANGES, PACKAGES};
use items::{free_gifts, items, listed_items, totals};
use packages::packages;
use payments::{auto_settle, derive_provider, payments};

#[derive(Default)]
struct Notes(Vec<Note>);

impl Notes {
    /// A note (one non-generic function for every call: the .wasm budget).
    fn add(&mut self, code: NoteCode, path: String, message: String) {
        self.0.push(Note {
            code,
            path,
            message,
        });
    }
}

fn overflow(path: &str) -> impl Fn(Overflow) -> InputError + '_ {
    move |_| InputError::new(path, "amounts out of range")
}

/// An entry of the order's history, with its date (nanoseconds, UTC) when readable.
struct Dated<T> {
    at: Option<i128>,
    entry: T,
}

/// Reads the order and maps it; see [`super`] for the rules in one list. Also returns the
/// earliest return's `issuanceDate` read (an [`instant`]), which reconciliation needs and the
/// state does not keep.
pub(super) fn from_vtex(
    order: &Json,
    transaction: Option<&Json>,
    options: &FromVtexOptions,
) -> Result<(FromVtex, Option<i128>), InputError> {
    let root = At::root(order, "order");
    root.object()?;
    let mut notes = Notes::default();
    let currency = currency(&root, options, &mut notes)?;
    let order_id = root.opt_text("orderId")?;

    // The order value: VTEX's `value`, exactly (S1: "Total value of the order").
    let value_at = root.req("value")?;
    let value = value_at.cents(currency)?;
    if value < Decimal::ZERO {
        return Err(value_at.error("expected an order value ≥ 0"));
    }
    let (mut items, index_ids, gifts) = items(&root, currency, &mut notes)?;
    free_gifts(&root, currency, &mut items, gifts, &mut notes)?;
    let items = items;
    let totals = totals(&root, currency, value, &items, &mut notes)?;
    let invoices = packages(&root, currency, &index_ids, &mut notes)?;
    let first_return = invoices
        .iter()
        .filter(|d| d.entry.kind == InvoiceType::Input)
        .filter_map(|d| d.at)
        .min();
    let changes = changes(&root, currency, &mut notes)?;
    // Change v2's history, when given: read against the order's items and currency.
    let changes_v2 = match &options.changes_v2 {
        None => Vec::new(),
        Some(doc) => {
            // Inserted one by one, not `collect`ed: a `BTreeSet` built from an iterator sorts
            // it with its own copy of the standard library's stable sort (~4 KB of the .wasm;
            // issue 20, step 21).
            let mut taken = BTreeSet::new();
            for c in &changes {
                taken.insert(c.entry.request_id.clone());
            }
            let priced = OrderState {
                order_id: None,
                currency,
                status: OrderStatus::Handling,
                value,
                items: items.clone(),
                shipping: Decimal::ZERO,
                tax: Decimal::ZERO,
                discounts: Decimal::ZERO,
                invoices: Vec::new(),
                changes: Vec::new(),
                transaction: Transaction {
                    status: TransactionStatus::Approved,
                    new_charges: Decimal::ZERO,
                    payments: Vec::new(),
                },
            };
            changes_v2(&Json::from(doc), &priced, &mut taken, &mut notes)?
        }
    };
    if !changes.is_empty() && !changes_v2.is_empty() {
        notes.add(
            NoteCode::ChangeApisMixed,
            "options.changesV2".into(),
            format!("the order has {} Change v1 and {} done Change v2 entries: VTEX forbids mixing them on one order (SalesOrderSystem015); both are replayed in date order", changes.len(), changes_v2.len()),
        );
    }

    // The value at authorization: VTEX's value less what the recorded changes moved (the
    // changes sit beside the items as ordered, S1 `changesAttachment`; a done v2 change is in
    // VTEX's value too).
    let mut deltas = Decimal::ZERO;
    for c in changes.iter().chain(changes_v2.iter().map(|(_, c)| c)) {
        deltas = c
            .entry
            .delta()
            .and_then(|d| deltas.plus(d))
            .map_err(overflow("order.changesAttachment"))?;
    }
    if let Some(total) = totals.change {
        if total != deltas {
            notes.add(
                NoteCode::ChangeTotalDiffers,
                "order.totals".into(),
                format!("the Change total is {total}, the changes add up to {deltas}: the changes are used"),
            );
        }
    }
    let authorized_value = value.minus(deltas).map_err(overflow("order.value"))?;
    if authorized_value < Decimal::ZERO {
        return Err(InputError::new(
            "order.changesAttachment",
            format!("the changes add up to {deltas}, more than the order value {value} can have lowered"),
        ));
    }
    if authorized_value >= max_amount() {
        // The history is replayed from it, and an assumed payment authorizes it.
        return Err(InputError::new(
            CHANGES,
            "the changes' discounts put the value at authorization out of range",
        ));
    }

    let (mut payments, auto) = payments(&root, currency, options, authorized_value, &mut notes)?;
    let (status, status_known) = status(&root, &mut notes)?;

    let base = |payments: Vec<Payment>, value: Decimal| OrderState {
        order_id: order_id.clone(),
        currency,
        status: OrderStatus::Handling,
        value,
        items: items.clone(),
        shipping: totals.shipping,
        tax: totals.tax,
        discounts: totals.discounts,
        invoices: Vec::new(),
        changes: Vec::new(),
        transaction: Transaction {
            status: TransactionStatus::Approved,
            new_charges: Decimal::ZERO,
            payments,
        },
    };
    let history = history(invoices, changes, changes_v2, &mut notes)?;
    let mut state = match transaction {
        Some(tx) => {
            // With the gateway's data, the ledgers are its records (S3 settlements, refunds,
            // cancellations); the history is recorded as VTEX has it, moving nothing.
            let canceled = gateway(
                &At::root(tx, "transaction"),
                currency,
                &mut payments,
                &mut notes,
            )?;
            notes.add(
                NoteCode::LedgerFromGateway,
                "transaction".into(),
                "the ledgers are the gateway's settlements, refunds and cancellations".into(),
            );
            let mut state = base(payments, value);
            for event in history {
                record(&mut state, &event);
            }
            if canceled {
                state.transaction.status = TransactionStatus::Canceled;
            }
            derive_provider(&mut state)?;
            state
        }
        None => {
            // Without it, the ledgers are what the rules imply: the history replayed through
            // the engine from the authorization (api.md section 7).
            auto_settle(&mut payments, &auto, &mut notes);
            let mut state = base(payments, authorized_value);
            derive_provider(&mut state)?;
            state.transaction.status = state
                .judged_transaction_status()
                .map_err(overflow("order"))?;
            let mut history = history;
            if matches!(status, Some(OrderStatus::Canceled | OrderStatus::Cancel)) {
                // A cancelled order: its cancellation is the last step of its history.
                history.push(Event {
                    list: "order.status",
                    index: None,
                    op: Operation::Cancel { reason: None },
                });
            }
            replay(&mut state, history, options, &mut notes)?;
            state
        }
    };

    // The status: VTEX's, mapped to the engine's list; the history's only when VTEX's is not
    // readable (`invoiced` or `canceled` there), else `payment-approved` (no change allowed).
    let replayed = state.status;
    state.status = match status {
        Some(s) => {
            let terminal =
                |s: OrderStatus| matches!(s, OrderStatus::Invoiced | OrderStatus::Canceled);
            if s != replayed && (terminal(s) || terminal(replayed)) && transaction.is_none() {
                notes.add(
                    NoteCode::StatusDiffersFromHistory,
                    "order.status".into(),
                    format!(
                        "the history ends {}, VTEX says {}: VTEX's status is kept",
                        replayed.name(),
                        s.name()
                    ),
                );
            }
            s
        }
        None => {
            let s = if matches!(replayed, OrderStatus::Invoiced | OrderStatus::Canceled) {
                replayed
            } else {
                OrderStatus::PaymentApproved
            };
            if !status_known {
                notes.add(
                    NoteCode::StatusUnknown,
                    "order.status".into(),
                    format!("taken as {}", s.name()),
                );
            }
            s
        }
    };
    if state.value != value {
        // Cannot happen (the authorization value plus the changes' deltas is VTEX's value);
        // kept so that the state's value is VTEX's whatever the replay did.
        state.value = value;
    }
    // Each invoice value is an amount, and so must be what the outputs (and the returns) add
    // up to: the state reader checks both sums, whether the engine took the steps or not.
    let invoiced = state.invoiced().map_err(overflow("order"))?;
    let returned = state.returned().map_err(overflow("order"))?;
    if invoiced.abs() >= max_amount() || returned.abs() >= max_amount() {
        return Err(InputError::new(
            PACKAGES,
            "the invoices (or the returns) add up out of range",
        ));
    }
    if invoiced > value {
        notes.add(
            NoteCode::InvoicedAboveValue,
            "order.packageAttachment".into(),
            format!("output invoices add up to {invoiced}, above the order value {value}"),
        );
    }
    state.transaction.status = if state.status == OrderStatus::Canceled {
        TransactionStatus::Canceled
    } else {
        state
            .judged_transaction_status()
            .map_err(overflow("order"))?
    };
    state.rescale_amounts();
    #[cfg(debug_assertions)]
    reads_back(&state)?;
    Ok((
        FromVtex {
            state,
            notes: notes.0,
        },
        first_return,
    ))
}

/// The guarantee of issue 21, checked in debug builds (every test; the `from_vtex` fuzz
/// target checks the same itself, in its release build): the state is one `preview`, `apply` and
/// `Ledger` take, since it is written as JSON and read back by the very reader they use
/// ([`crate::schema::parse_state`]), unchanged. The mapping keeps each of that reader's
/// constraints by construction (every check it makes has its counterpart above, at the VTEX
/// path that breaks it); this is the net under them: a case they miss is refused
/// (`INVALID_INPUT` at `order`, naming the state's field and "a defect of fromVtex", which the
/// `from_vtex` fuzz target reports as a crash) instead of a state the package then refuses at
/// a path the caller never wrote. Not in release builds: it costs about as much as the mapping
/// itself (`cargo bench --bench engine`: 23 of 48 µs for a 3-item order, 11 of 24 ms for
/// 10 000 items; most of it building and dropping the JSON tree), which a batch
/// reconciliation of many orders would pay on every one.
#[cfg(debug_assertions)]
fn reads_back(state: &OrderState) -> Result<(), InputError> {
    let broken = |message: String| {
        InputError::new(
            "order",
            format!("the order maps to a state the state reader refuses ({message}): a defect of fromVtex, please report it with the document"),
        )
    };
    let text = serde_json::to_string(state).map_err(|e| broken(e.to_string()))?;
    let value = Json::from_str(&text).map_err(|e| broken(e.to_string()))?;
    let again = crate::schema::parse_state(&value, "state")
        .map_err(|e| broken(format!("{}: {}", e.path, e.message)))?;
    if again != *state {
        return Err(broken("it does not read back unchanged".into()));
    }
    Ok(())
}

// ----- Currency ---------------------------------------------------------------------------------

/// `storePreferencesData.currencyCode` (S1); old orders without it take `options.currency`.
/// VTEX's integers are hundredths of that currency's major unit whatever its minor units (S1
/// "in cents"; `dto.rs`); `currencyFormatInfo.CurrencyDecimalDigits` is how the store displays
/// amounts, so it changes nothing (noted when it differs from ISO 4217).
fn currency(
    root: &At,
    options: &FromVtexOptions,
    notes: &mut Notes,
) -> Result<Currency, InputError> {
    let prefs = root.get("storePreferencesData");
    let code_at = prefs.as_ref().and_then(|p| p.get("currencyCode"));
    let currency = match code_at {
        Some(at) => {
            let code = at.text()?;
            Currency::from_code(&code).ok_or_else(|| {
                at.error(format!(
                    "unknown currency {code:?}: expected an ISO 4217 code such as \"BRL\""
                ))
            })?
        }
        None => {
            let currency = options.currency.ok_or_else(|| {
                InputError::new(
                    "order.storePreferencesData.currencyCode",
                    "missing field `currencyCode`: an order without it needs options.currency",
                )
            })?;
            notes.add(
                NoteCode::CurrencyFromOptions,
                "order.storePreferencesData".into(),
                format!("no currency in the order: {currency} from options.currency"),
            );
            currency
        }
    };
    let format_info = prefs.as_ref().and_then(|p| p.get("currencyFormatInfo"));
    let digits = format_info
        .as_ref()
        .and_then(|f| f.get("CurrencyDecimalDigits"));
    if let Some(at) = digits {
        if let Ok(d) = at.units() {
            if u64::from(currency.minor_units()) != d {
                notes.add(
                    NoteCode::CurrencyDigitsDiffer,
                    at.path(),
                    format!(
                        "{d} decimal digits shown, {currency} has {}: display only, amounts are \
                         read as hundredths (cents) and kept at {currency}'s {} decimals",
                        currency.minor_units(),
                        currency.minor_units()
                    ),
                );
            }
        }
    }
    Ok(currency)
}

// ----- Status -----------------------------------------------------------------------------------

/// `status` (S1, S20): the engine's list as it is; VTEX's other statuses mapped to the nearest
/// (`waiting-ffmt-authorization` → `authorize-fulfillment`, the waiting-for-authorization ones
/// → `waiting-for-order-authorization`, `waiting-seller-handling`/`order-accepted` →
/// `ready-for-handling`, `window-to-change-payment`/`-seller` → `window-to-cancel`). Returns
/// `None` for an unknown or absent status (decided after the replay), and whether a note
/// was already given. Without `status`, a Checkout order's `state` (same names) is read, noted.
fn status(root: &At, notes: &mut Notes) -> Result<(Option<OrderStatus>, bool), InputError> {
    // A Checkout order (the `orders` of VTEX's place-order response, `PUT
    // /api/checkout/pub/orders` and the marketplace-switch guide's) names it `state`.
    let at = match root.get("status") {
        Some(at) => Some(at),
        None => root.get("state").inspect(|at| {
            notes.add(
                NoteCode::StatusMapped,
                at.path(),
                "no status: the Checkout's `state` is read as the order status".into(),
            );
        }),
    };
    let Some(at) = at else {
        if let Some(s) = cancelled(root, "no status", notes) {
            return Ok((Some(s), true));
        }
        notes.add(
            NoteCode::StatusUnknown,
            "order.status".into(),
            "no status".into(),
        );
        return Ok((None, true));
    };
    let text = at.text()?;
    if let Some(s) = OrderStatus::from_name(&text) {
        return Ok((Some(s), true));
    }
    let mapped = match text.as_str() {
        "waiting-ffmt-authorization" => Some(OrderStatus::AuthorizeFulfillment),
        "waiting-for-authorization"
        | "waiting-for-manual-authorization"
        | "waiting-for-mkt-authorization" => Some(OrderStatus::WaitingForOrderAuthorization),
        "waiting-seller-handling" | "order-accepted" => Some(OrderStatus::ReadyForHandling),
        "window-to-change-payment" | "window-to-change-seller" => Some(OrderStatus::WindowToCancel),
        _ => None,
    };
    match mapped {
        Some(s) => {
            notes.add(
                NoteCode::StatusMapped,
                at.path(),
                format!("{text:?} taken as {}", s.name()),
            );
            Ok((Some(s), true))
        }
        None => match cancelled(root, &format!("status {text:?}"), notes) {
            Some(s) => Ok((Some(s), true)),
            None => Ok((None, false)),
        },
    }
}

/// An order without a readable status that carries `cancellationData` (S1: "information about
/// order cancellation, when applicable") was cancelled: VTEX's known issue 379869 leaves
/// orders cancelled by a payment notification with an empty status (the mock order of its app
/// `vtex-apps/KI-379869`: `status` "", `cancellationData.RequestedByPaymentNotification`
/// true). Taken as `canceled`, noted `STATUS_UNKNOWN`.
fn cancelled(root: &At, what: &str, notes: &mut Notes) -> Option<OrderStatus> {
    let data = root.get("cancellationData")?;
    data.object().ok()?;
    notes.add(
        NoteCode::StatusUnknown,
        "order.status".into(),
        format!("{what}, and the order has cancellationData (VTEX writes it when it cancels an order): taken as canceled"),
    );
    Some(OrderStatus::Canceled)
}

/// The renaming of repeated request ids (`<id>#<n>`, noted `CHANGE_REQUEST_ID_REPEATED`, v1
/// and v2 alike): n is the smallest from 2 on whose `<id>#<n>` no change before took. The
/// search resumes at the n the id got last: the ids taken only grow, so an id's smallest free
/// n never goes down, and resuming there finds the n that counting from 2 finds without trying
/// again every n before it (10,000 entries of one id took 20 s natively, issue 20 step 22).
/// An id keeps its n in a map (the type `units_by_id` already brings), keyed by the text it
/// was read from, which outlives the reading (the document's; v2's made-up id, the same for
/// each entry); an id made up for one entry (v1's `change-<i>`) is searched from 2.
#[derive(Default)]
pub(super) struct Renaming<'v> {
    last_n: BTreeMap<&'v str, u64>,
}

impl<'v> Renaming<'v> {
    /// `id`'s new name, `id` being taken: `<id>#<n>` of the smallest n ≥ 2 `taken` does not
    /// have. `own`: the text that `id` is, if there is one to key it by.
    pub(super) fn renamed(
        &mut self,
        id: &str,
        own: Option<&'v str>,
        taken: &BTreeSet<String>,
    ) -> String {
        let mut from_2 = 2;
        let resume = match own.filter(|own| *own == id) {
            Some(own) => self.last_n.entry(own).or_insert(2),
            None => &mut from_2,
        };
        let mut n = usize::try_from(*resume).unwrap_or(2);
        while taken.contains(&numbered(id, n)) {
            n = n.saturating_add(1);
        }
        *resume = u64::try_from(n).unwrap_or(2);
        numbered(id, n)
    }
}

/// `<id>#<n>`, the new id of a repeated request id, no longer than the state reader takes
/// ([`MAX_TEXT_LEN`] characters: the suffix replaces the id's last characters when it must).
fn numbered(id: &str, n: usize) -> String {
    let suffix = format!("#{n}");
    let keep = MAX_TEXT_LEN.saturating_sub(suffix.len());
    let mut out: String = id.chars().take(keep).collect();
    out.push_str(&suffix);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The net under the mapping: a state the reader refuses (here the issue's: a change's
    /// item without price, and neither discount nor increment) is an error at `order` that
    /// names the state's field, never a state handed back.
    #[test]
    fn a_state_the_reader_refuses_is_an_error() {
        let mut state = crate::json::parse_state(&serde_json::json!({
            "currency": "BRL", "items": [ { "id": "K2", "quantity": 1, "price": "40.00" } ],
            "transaction": { "payments": [ { "id": "P", "group": "creditCard", "value": "40.00" } ] }
        }))
        .unwrap();
        assert_eq!(reads_back(&state), Ok(()));
        state.changes.push(Change {
            request_id: "c1".into(),
            reason: None,
            discount: None,
            increment: None,
            items_removed: vec![Item {
                id: "K2".into(),
                quantity: 1,
                price: None,
                name: None,
            }],
            items_added: Vec::new(),
            api: Default::default(),
        });
        let e = reads_back(&state).unwrap_err();
        assert_eq!(e.path, "order");
        assert!(
            e.message
                .contains("state.changes[0].itemsRemoved[0].price: missing field `price`"),
            "{}",
            e.message
        );
        assert!(e.message.contains("a defect of fromVtex"), "{}", e.message);
    }

    #[test]
    fn rule_code_names_are_the_json_names() {
        // The `REPLAY_REJECTED` note names the codes by `RuleCode::name` (not by
        // `serde_json`, whose serializer the `.wasm` does not carry: issue 20).
        for code in crate::codes::RuleCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.name());
        }
    }
}
