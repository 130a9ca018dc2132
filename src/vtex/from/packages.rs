//! `packageAttachment.packages[]`: output invoices and returns.

use super::*;

// ----- Invoices and changes ---------------------------------------------------------------------

/// `packageAttachment.packages[]` (S1): `type` `Output` (sale) or `Input` (return), the
/// `invoiceNumber`, `invoiceValue` in cents, `issuanceDate` and `items`. An `Input` package
/// lists its units in `restitutions.Refund.items` (with SKU ids); its value is `invoiceValue`
/// (what the Invoice Notification carried, S1), checked against `restitutions.Refund.value`.
pub(super) fn packages(
    root: &At,
    currency: Currency,
    index_ids: &[String],
    notes: &mut Notes,
) -> Result<Vec<Dated<Invoice>>, InputError> {
    let attachment = root.get("packageAttachment");
    let list = match &attachment {
        Some(a) => a.list_of("packages")?,
        None => Vec::new(),
    };
    let mut out = Vec::new();
    for (i, at) in list.into_iter().enumerate() {
        let kind = match at.get("type") {
            None => {
                notes.add(
                    NoteCode::InvoiceTypeMissing,
                    at.path(),
                    "no type: an Output invoice".into(),
                );
                InvoiceType::Output
            }
            Some(t) => match t.text()?.to_ascii_lowercase().as_str() {
                "output" => InvoiceType::Output,
                "input" => InvoiceType::Input,
                other => {
                    return Err(t.error(format!("expected `Output` or `Input`, got {other:?}")))
                }
            },
        };
        let number = match at.opt_text("invoiceNumber")? {
            Some(n) => n,
            None => {
                let n = format!("package-{}", i.saturating_add(1));
                notes.add(
                    NoteCode::InvoiceNumberMissing,
                    at.child_path("invoiceNumber"),
                    format!("no invoice number: {n}"),
                );
                n
            }
        };
        let value_at = at.req("invoiceValue")?;
        let value = value_at.cents(currency)?;
        if value < Decimal::ZERO {
            return Err(value_at.error("expected an invoice value ≥ 0"));
        }
        let restitutions = at.get("restitutions");
        let refund = restitutions.as_ref().and_then(|r| r.get("Refund"));
        let mut items = listed_items(at.list_of("items")?, currency, index_ids, false, notes)?;
        if kind == InvoiceType::Input {
            if let Some(refund) = &refund {
                let listed =
                    listed_items(refund.list_of("items")?, currency, index_ids, false, notes)?;
                if !listed.is_empty() {
                    items = listed;
                }
                if let Some(v) = refund.get("value") {
                    let refunded = v.cents(currency)?;
                    if refunded != value {
                        notes.add(
                            NoteCode::RestitutionDiffers,
                            v.path(),
                            format!("restitution {refunded}, invoice value {value}: the return is {value}"),
                        );
                    }
                }
            }
        }
        let date = at.get("issuanceDate");
        let when = date
            .as_ref()
            .and_then(|d| d.value.as_str())
            .and_then(instant);
        if when.is_none() {
            notes.add(
                NoteCode::DateMissing,
                at.child_path("issuanceDate"),
                "no readable issuanceDate: replayed after the entry before it".into(),
            );
        }
        out.push(Dated {
            at: when,
            entry: Invoice {
                kind,
                number,
                value,
                items,
            },
        });
    }
    Ok(out)
}
