//! `changesAttachment.changesData[]`: Change v1 as VTEX records it.

use super::*;

/// `changesAttachment.changesData[]` (S1, Change v1): `requestId` (absent in VTEX's own
/// example: the receipt stands for it), `reason`, `discountValue`/`incrementValue` in cents
/// (the change's delta, S11), `itemsAdded`/`itemsRemoved`, `receipt.date`.
///
/// **A change with neither `discountValue` nor `incrementValue`** takes its value from its
/// items' prices (api.md section 4), and the state reader then requires every item's price
/// (issue 21: such a document gave a state `preview` refused). Decision: an item line without
/// `price` there is **refused**, `INVALID_INPUT` at that line's `price`. Why: VTEX's v1
/// requires `discountValue`, `incrementValue` and each item's `price` (S1 Register Change;
/// vtex-notes 5.1), and records them so (S1's own example: `discountValue` 3290 with the
/// removed item's `price` 3290), so such an entry is not one VTEX writes; the alternative,
/// pricing the units as ordered, would guess the change's value (VTEX's removal price need not
/// be the order's), and money is never guessed here. A change that gives a value keeps its
/// items as they are: their prices do not move money (S11: "the user calculated the change
/// value").
pub(super) fn changes(
    root: &At,
    currency: Currency,
    notes: &mut Notes,
) -> Result<Vec<Dated<Change>>, InputError> {
    let attachment = root.get("changesAttachment");
    let list = match &attachment {
        Some(a) => a.list_of("changesData")?,
        None => Vec::new(),
    };
    let mut out = Vec::new();
    let mut ids = BTreeSet::new();
    let mut renaming = Renaming::default();
    for (i, at) in list.into_iter().enumerate() {
        let receipt = at.get("receipt");
        let mut request_id = match at.opt_text("requestId")? {
            Some(id) => id,
            None => {
                let id = match receipt
                    .as_ref()
                    .map(|r| r.opt_text("receipt"))
                    .transpose()?
                    .flatten()
                {
                    Some(r) => r,
                    None => format!("change-{}", i.saturating_add(1)),
                };
                notes.add(
                    NoteCode::ChangeWithoutRequestId,
                    at.child_path("requestId"),
                    format!("no requestId: {id:?} stands for it"),
                );
                id
            }
        };
        if ids.contains(&request_id) {
            // The text it was read from: its `requestId`, else its receipt's.
            let own = [
                at.get("requestId"),
                receipt.as_ref().and_then(|r| r.get("receipt")),
            ]
            .into_iter()
            .flatten()
            .filter_map(|t| t.value.as_str())
            .find(|t| *t == request_id);
            let renamed = renaming.renamed(&request_id, own, &ids);
            notes.add(
                NoteCode::ChangeRequestIdRepeated,
                at.child_path("requestId"),
                format!("{request_id:?} again: recorded as {renamed:?}"),
            );
            request_id = renamed;
        }
        ids.insert(request_id.clone());
        let amount = |key: &str| -> Result<Option<Decimal>, InputError> {
            match at.get(key) {
                None => Ok(None),
                Some(a) => {
                    let v = a.cents(currency)?;
                    if v < Decimal::ZERO {
                        return Err(a.error("expected an amount ≥ 0"));
                    }
                    Ok(Some(v))
                }
            }
        };
        let discount = amount("discountValue")?;
        let increment = amount("incrementValue")?;
        // Without either, the change's value is its items' prices (api.md section 4), so each
        // needs one (see the function's documentation).
        let price_required = discount.is_none() && increment.is_none();
        let change = Change {
            request_id,
            reason: at.opt_text("reason")?,
            discount,
            increment,
            items_removed: listed_items(
                at.list_of("itemsRemoved")?,
                currency,
                &[],
                price_required,
                notes,
            )?,
            items_added: listed_items(
                at.list_of("itemsAdded")?,
                currency,
                &[],
                price_required,
                notes,
            )?,
            api: ChangeApi::V1,
        };
        let when = receipt
            .as_ref()
            .and_then(|r| r.get("date"))
            .and_then(|d| d.value.as_str().and_then(instant));
        if when.is_none() {
            notes.add(
                NoteCode::DateMissing,
                at.child_path("receipt"),
                "no readable receipt.date: replayed after the entry before it".into(),
            );
        }
        out.push(Dated {
            at: when,
            entry: change,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::json as sp;
    use serde_json::{json, Value};

    /// Change v1's repeated request ids, renamed `<id>#<n>` with the smallest n ≥ 2 no entry
    /// before took ([`super::Renaming`]: the search resumes at an id's last n, issue 20 step
    /// 22), whether the id is the entry's `requestId`, its receipt's or made up (`change-<i>`).
    #[test]
    fn repeated_v1_request_ids_take_the_smallest_free_number() {
        let case: Value = serde_json::from_str(include_str!(
            "../../../tests/vtex/orders/brl-change-v2-history.json"
        ))
        .unwrap();
        // (requestId, receipt)
        let ids = [
            (json!("a"), Value::Null),
            (json!("a"), Value::Null),
            (json!("a#3"), Value::Null),
            (json!("a"), Value::Null),
            (Value::Null, json!("a")),
            (Value::Null, Value::Null),
            (json!("change-6"), Value::Null),
            (json!("a"), json!("b")),
        ];
        let entries: Vec<Value> = ids
            .iter()
            .enumerate()
            .map(|(i, (id, receipt))| {
                json!({ "requestId": id, "reason": "r", "discountValue": 0, "incrementValue": 0,
                        "receipt": { "receipt": receipt,
                                     "date": format!("2024-07-27T17:52:{:02}Z", i + 10) } })
            })
            .collect();
        let mut order = case["order"].clone();
        order["changesAttachment"] = json!({ "id": "changeAttachment", "changesData": entries });
        let mut options = case["options"].clone();
        options.as_object_mut().unwrap().remove("changesV2");
        let out = sp::from_vtex(&order, case.get("transaction"), Some(&options)).unwrap();
        let got: Vec<&str> = out
            .state
            .changes
            .iter()
            .map(|c| c.request_id.as_str())
            .collect();
        assert_eq!(
            got,
            [
                "a",
                "a#2",
                "a#3",
                "a#4",
                "a#5",
                "change-6",
                "change-6#2",
                "a#6"
            ]
        );
    }
}
