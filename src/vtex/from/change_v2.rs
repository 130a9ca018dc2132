//! `fromVtexChange`: a Change v2 ("Order modifications") document → the state's `change`
//! operation (api.md section 7; vtex-notes 5.2).

use super::*;
use crate::order::UnitPrices;

/// Reads a Change v2 document: VTEX's preview response, a change's detail or history entry, or
/// a create/preview request body (S1 `…/order-system/orders/{changeOrderId}/changes`, S11).
///
/// - `requestId` (the detail's; a request body has none: `v2-<n>`, the state's n-th change,
///   noted as for v1), `reason`.
/// - The items: `add.items` are added, `remove.items` removed, each `replace[]` removes its
///   `from.items` and adds its `to.items`; each line `{ id, quantity, price? }` (cents,
///   × `unitMultiplier`), quantity 0 left out.
/// - **The value.** With `totalChangeValue` (the preview response, the detail), the change's
///   delta is VTEX's, exactly: VTEX recalculates shipping, promotions and taxes ("Users only
///   need to enter the minimum information … no longer calculate the final order amount",
///   S11), so the preview must not re-derive it; a negative value is the change's `discount`,
///   a positive one its `increment`. Without it (a request body), the delta is estimated from
///   the state: each line at its `price`, else the order's unit price (no price known:
///   `INVALID_INPUT` at the line's `price`), added − removed, plus `manualIncrementValue` −
///   `manualDiscountValue`; noted `CHANGE_V2_ESTIMATE`.
/// - `status` (detail and history): a change that is not `done` (`waiting-acknowledgement`,
///   `waiting-confirmation`, `preparing`, `canceling`, `canceled`) has not moved the order yet
///   or never will: its operation is still returned (to preview it), noted `CHANGE_V2_NOT_DONE`.
///
/// The operation is the engine's `change` with `api: "v2"`: the engine applies VTEX's v2 rules
/// to it (no limit of 50 changes, invoiced items kept, ...: `engine/change.rs`).
///
/// `request_id` (`options.requestId`) is the id a document without one (a request body) gets
/// instead of `v2-<n>`: the id VTEX answered when the change was created, or the caller's own.
/// A document's own `requestId` wins over it.
pub(in crate::vtex) fn from_vtex_change(
    change: &Json,
    state: &OrderState,
    request_id: Option<&str>,
) -> Result<(Change, Vec<Note>), InputError> {
    let mut notes = Notes::default();
    let change = read_change(&At::root(change, "change"), state, request_id, &mut notes)?;
    Ok((change, notes.0))
}

/// [`from_vtex_change`] on a document at `root` (also an entry of `fromVtex`'s
/// `options.changesV2`, see [`changes_v2`]).
fn read_change(
    root: &At,
    state: &OrderState,
    given_id: Option<&str>,
    notes: &mut Notes,
) -> Result<Change, InputError> {
    root.object()?;
    let currency = state.currency;
    let request_id = match (root.opt_text("requestId")?, given_id) {
        (Some(id), _) => id,
        (None, Some(id)) => id.to_string(),
        (None, None) => {
            let id = made_up_id(state);
            notes.add(
                NoteCode::ChangeWithoutRequestId,
                root.child_path("requestId"),
                format!("no requestId (a request body): {id:?} stands for it"),
            );
            id
        }
    };
    if let Some(status) = root.get("status") {
        let text = status.text()?;
        if text != "done" {
            notes.add(
                NoteCode::ChangeV2NotDone,
                status.path(),
                format!("status {text:?}: VTEX has not applied this change (only a done one moves the order)"),
            );
        }
    }
    // The lines, as VTEX lists them: (list, added?).
    let mut parts: Vec<(At, bool)> = Vec::new();
    for (key, added) in [("add", true), ("remove", false)] {
        if let Some(part) = root.get(key) {
            parts.push((part, added));
        }
    }
    let replace = root.list_of("replace")?;
    for entry in &replace {
        for (key, added) in [("from", false), ("to", true)] {
            if let Some(part) = entry.get(key) {
                parts.push((part, added));
            }
        }
    }
    let mut lists: Vec<(Vec<At>, bool)> = Vec::with_capacity(parts.len());
    for (part, added) in &parts {
        lists.push((part.list_of("items")?, *added));
    }
    let (mut items_added, mut items_removed) = (Vec::new(), Vec::new());
    let mut estimate = Decimal::ZERO;
    // VTEX's total, when given, is the value: the lines are then not priced (a line of a SKU
    // the order does not list needs no price).
    let total = root.get("totalChangeValue");
    let mut prices = state.unit_prices();
    for (list, added) in lists {
        for at in list.iter().filter(|_| total.is_none()) {
            estimate = estimate
                .plus(line_estimate(at, added, state, &mut prices)?)
                .map_err(at.overflow())?;
        }
        let items = listed_items(list, currency, &[], false, notes)?;
        let to = if added {
            &mut items_added
        } else {
            &mut items_removed
        };
        // Lists of many `replace` entries add up: the operation's lists keep the limit the
        // operation reader has (api.md section 4).
        if to.len().saturating_add(items.len()) > MAX_LIST_LEN {
            return Err(root.error(format!(
                "too many item lines: at most {MAX_LIST_LEN} added and {MAX_LIST_LEN} removed"
            )));
        }
        to.extend(items);
    }
    let delta = match total {
        Some(total) => total.cents(currency)?,
        None => {
            let manual = |key: &str| -> Result<Decimal, InputError> {
                match root.get(key) {
                    None => Ok(Decimal::ZERO),
                    Some(a) => {
                        let v = a.cents(currency)?;
                        if v < Decimal::ZERO {
                            return Err(a.error("expected an amount ≥ 0"));
                        }
                        Ok(v)
                    }
                }
            };
            let (increment, discount) = (
                manual("manualIncrementValue")?,
                manual("manualDiscountValue")?,
            );
            let delta = estimate
                .plus(increment)
                .and_then(|d| d.minus(discount))
                .map_err(root.overflow())?;
            notes.add(
                NoteCode::ChangeV2Estimate,
                root.child_path("totalChangeValue"),
                format!("no totalChangeValue: the change's value is estimated from the state, {delta}; VTEX recalculates shipping, promotions and taxes, so preview it (POST …/changes/preview) for the exact value"),
            );
            delta
        }
    };
    if delta.abs() >= max_amount() {
        return Err(root.error(format!("the change's value {delta} is out of range")));
    }
    let (mut discount, mut increment) = if delta < Decimal::ZERO {
        (
            Decimal::ZERO.minus(delta).map_err(root.overflow())?,
            Decimal::ZERO,
        )
    } else {
        (Decimal::ZERO, delta)
    };
    discount.rescale(currency.minor_units());
    increment.rescale(currency.minor_units());
    let change = Change {
        request_id,
        reason: root.opt_text("reason")?,
        discount: Some(discount),
        increment: Some(increment),
        items_removed,
        items_added,
        api: ChangeApi::V2,
    };
    Ok(change)
}

/// The id of a document without one: `v2-<n>`, the state's n-th change, n counted on past the
/// ids its changes have.
fn made_up_id(state: &OrderState) -> String {
    let n = u64::try_from(state.changes.len()).map_or(u64::MAX, |n| n.saturating_add(1));
    state.fresh_id("v2-", n, false)
}

/// Where `fromVtex`'s Change v2 history is (`options.changesV2`).
pub(super) const CHANGES_V2: &str = "options.changesV2.requests";

/// `fromVtex`'s `options.changesV2`: VTEX's Change v2 history (`GET /api/order-system/orders/
/// {changeOrderId}/changes`, S1: `{ requests: [...], actions: [...] }`; a list of entries,
/// such as change details, is read as its `requests`). Each entry is read as
/// [`from_vtex_change`] reads a detail, and is, by its state:
///
/// - `status` `done` → a change of the history, replayed with the order's invoices and v1
///   changes in date order (its `date`; vtex-notes 5.2, api.md section 7);
/// - another `status` (`waiting-acknowledgement`, `waiting-confirmation`, `preparing`,
///   `canceling`, `canceled`), or no `status` with `inProgress: true` or `cancellationData`:
///   VTEX has not applied it or never will: noted `CHANGE_V2_NOT_DONE`, not replayed;
/// - no `status` and none of those (S1's history schema lists `requests` without `status`):
///   **decision**, taken as done, noted `CHANGE_V2_STATUS_ASSUMED` (a request VTEX lists in
///   the history of the order and did not cancel is one it applied; give the details, which
///   carry `status`, to be sure).
///
/// `state` gives the currency and the order's unit prices (for an entry without
/// `totalChangeValue`); `taken` the request ids already used (v1's): a repeated id is renamed
/// `<id>#<n>`, noted `CHANGE_REQUEST_ID_REPEATED`, as for v1.
pub(super) fn changes_v2(
    history: &Json,
    state: &OrderState,
    taken: &mut BTreeSet<String>,
    notes: &mut Notes,
) -> Result<Vec<(usize, Dated<Change>)>, InputError> {
    let root = At::root(history, "options.changesV2");
    let list = if history.is_array() {
        root.list()?
    } else {
        root.object()?;
        root.list_of("requests")?
    };
    let mut out = Vec::new();
    // An entry without `requestId` gets this id (`read_change`'s), for each the same: its
    // repeats are renamed as the document's own ids are.
    let made_up = made_up_id(state);
    let mut renaming = Renaming::default();
    for (i, at) in list.into_iter().enumerate() {
        at.object()?;
        let status = at.get("status").map(|s| s.text()).transpose()?;
        let pending = match status.as_deref() {
            Some("done") => None,
            Some(other) => Some(format!("status {other:?}")),
            None if at.opt_bool("inProgress")? == Some(true) => Some("inProgress".to_string()),
            None if at.get("cancellationData").is_some() => Some("cancellationData".to_string()),
            None => {
                notes.add(
                    NoteCode::ChangeV2StatusAssumed,
                    at.child_path("status"),
                    "no status, not in progress, not cancelled: taken as done and replayed".into(),
                );
                None
            }
        };
        if let Some(why) = pending {
            notes.add(
                NoteCode::ChangeV2NotDone,
                at.path(),
                format!("{why}: VTEX has not applied this change, or never will: not replayed"),
            );
            continue;
        }
        let mut change = read_change(&at, state, None, notes)?;
        if taken.contains(&change.request_id) {
            let own = at.get("requestId").and_then(|r| r.value.as_str());
            let own = own.filter(|id| !id.is_empty()).or(Some(&made_up));
            let renamed = renaming.renamed(&change.request_id, own, taken);
            notes.add(
                NoteCode::ChangeRequestIdRepeated,
                at.child_path("requestId"),
                format!("{:?} again: recorded as {renamed:?}", change.request_id),
            );
            change.request_id = renamed;
        }
        taken.insert(change.request_id.clone());
        let when = at
            .get("date")
            .and_then(|d| d.value.as_str().and_then(instant));
        if when.is_none() {
            notes.add(
                NoteCode::DateMissing,
                at.child_path("date"),
                "no readable date: replayed after the entry before it".into(),
            );
        }
        out.push((
            i,
            Dated {
                at: when,
                entry: change,
            },
        ));
    }
    Ok(out)
}

/// A line's value for the estimate: quantity × (its `price` in cents, × `unitMultiplier`, or
/// the order's unit price), positive when added, negative when removed.
fn line_estimate(
    at: &At,
    added: bool,
    state: &OrderState,
    prices: &mut UnitPrices,
) -> Result<Decimal, InputError> {
    let quantity = at.req("quantity")?.units()?;
    let price = match at.get("price") {
        Some(p) => {
            let price = p.cents(state.currency)?;
            match at.get("unitMultiplier") {
                Some(m) => {
                    let m = m.decimal()?;
                    if m > Decimal::ZERO {
                        price.times(m).map_err(at.overflow())?
                    } else {
                        price
                    }
                }
                None => price,
            }
        }
        None => {
            let id = at.req("id")?.id()?;
            prices.get(&id).ok_or_else(|| {
                InputError::new(
                    at.child_path("price"),
                    format!("no price, and the order has no line of SKU {id:?} to estimate the change from: give VTEX's totalChangeValue (its preview response)"),
                )
            })?
        }
    };
    let value = price
        .times(Decimal::from(quantity))
        .map_err(at.overflow())?;
    if added {
        Ok(value)
    } else {
        Decimal::ZERO.minus(value).map_err(at.overflow())
    }
}

#[cfg(test)]
mod tests {
    use crate::json as sp;
    use serde_json::{json, Value};

    /// A Change v2 history's repeated request ids, renamed `<id>#<n>` with the smallest n ≥ 2
    /// no entry before took (the search resumes at an id's last n: issue 20 step 22), the
    /// document's own ids (`a#3`, `a#4`) and the made-up ones (`v2-1`) alike.
    #[test]
    fn repeated_v2_request_ids_take_the_smallest_free_number() {
        let case: Value = serde_json::from_str(include_str!(
            "../../../tests/vtex/orders/brl-change-v2-history.json"
        ))
        .unwrap();
        let ids = [
            json!("a"),
            json!("a"),
            json!("a#3"),
            Value::Null,
            json!("a"),
            json!("a#4"),
            Value::Null,
            json!("v2-1#2"),
            json!("a"),
            Value::Null,
        ];
        let entries: Vec<Value> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                json!({ "requestId": id, "status": "done", "reason": "r", "totalChangeValue": 0,
                        "date": format!("2024-07-27T17:52:{:02}Z", i + 10) })
            })
            .collect();
        let mut options = case["options"].clone();
        options["changesV2"] = json!({ "requests": entries });
        let out = sp::from_vtex(&case["order"], case.get("transaction"), Some(&options)).unwrap();
        let got: Vec<&str> = out
            .state
            .changes
            .iter()
            .map(|c| c.request_id.as_str())
            .collect();
        assert_eq!(
            got,
            ["a", "a#2", "a#3", "v2-1", "a#4", "a#4#2", "v2-1#2", "v2-1#2#2", "a#5", "v2-1#3"]
        );
    }

    /// A document without a request id is `v2-<n>` from the state's count of changes on, past
    /// the ids its changes have: changes `v2-3000` … `v2-5999`, shuffled, all but one (2,999
    /// changes: from `v2-3000` on), then all (from `v2-3001` on); issue 20, step 30 (the search
    /// was O(changes) per candidate).
    #[test]
    fn a_made_up_id_skips_every_colliding_id() {
        let mut state = sp::parse_state(&json!({
            "currency": "BRL", "status": "handling",
            "items": [ { "id": "A", "quantity": 1, "price": "100.00" } ],
            "transaction": { "payments": [ { "id": "P", "group": "creditCard", "value": "100.00" } ] }
        }))
        .unwrap();
        let document = json!({ "totalChangeValue": -100, "status": "done" });
        for (gap, want) in [(4_321, "v2-4321"), (0, "v2-6000")] {
            state.changes = (0..3_000)
                .map(|i| (i * 7) % 3_000 + 3_000)
                .filter(|n| *n != gap)
                .map(|n| crate::order::Change {
                    request_id: format!("v2-{n}"),
                    reason: None,
                    discount: None,
                    increment: None,
                    items_removed: Vec::new(),
                    items_added: Vec::new(),
                    api: crate::order::ChangeApi::V2,
                })
                .collect();
            let read = sp::from_vtex_change(&document, &state, None).unwrap();
            let crate::Operation::Change(change) = read.operation else {
                panic!("a change")
            };
            assert_eq!(change.request_id, want);
        }
    }
}
