//! `changesAttachment.changesData[]`: Change v1 as VTEX records it.

use super::*;

/// `changesAttachment.changesData[]` (S1, Change v1): `requestId` (absent in VTEX's own
/// example: the receipt stands for it), `reason`, `discountValue`/`incrementValue` in cents
/// (the change's delta, S11), `itemsAdded`/`itemsRemoved`, `receipt.date`.
///
/// **A change with neither `discountValue` nor `incrementValue`** takes its value from its
/// items' prices (api.md section 4), and the state reader then requires every item's price.
/// VTEX's v1 requires all of them (S1 Register Change: `discountValue`, `incrementValue` and
/// each item's `price`; vtex-notes 5.1), so such an entry is not one VTEX writes, but one
/// from an export or a hand-made fixture can lack them. Decision: an item line without
/// `price` is **priced from the order's lines of its SKU** (unit price × `unitMultiplier`, as
/// ordered), with an `ITEM_PRICE_MISSING` note at the line's `price`: that is the price VTEX
/// records for removed units (S1's own example removes an item at its price, 3290, with a
/// `discountValue` of 3290), and the order itself carries it, so refusing would only make the
/// order unloadable. When the order cannot price it (no line of that SKU, or lines of
/// different prices: which one was meant is unknowable) the document is refused with
/// `INVALID_INPUT` at that line's `price`. A change that gives a value keeps its items as
/// they are: their prices do not move money (S11: "the user calculated the change value").
pub(super) fn changes(
    root: &At,
    currency: Currency,
    items: &[Item],
    notes: &mut Notes,
) -> Result<Vec<Dated<Change>>, InputError> {
    let list = match root.get("changesAttachment") {
        Some(a) => a.list_of("changesData")?,
        None => Vec::new(),
    };
    let mut out = Vec::new();
    let mut ids = BTreeSet::new();
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
            let mut n: usize = 2;
            while ids.contains(&numbered(&request_id, n)) {
                n = n.saturating_add(1);
            }
            let renamed = numbered(&request_id, n);
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
        // needs one: a line without is priced as ordered (see the function's documentation).
        let price_from = (discount.is_none() && increment.is_none()).then_some(items);
        let change = Change {
            request_id,
            reason: at.opt_text("reason")?,
            discount,
            increment,
            items_removed: listed_items(
                at.list_of("itemsRemoved")?,
                currency,
                &[],
                price_from,
                notes,
            )?,
            items_added: listed_items(at.list_of("itemsAdded")?, currency, &[], price_from, notes)?,
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
