//! The operations an operator submits (semantics.md section 6, api.md section 4) and the
//! options that choose the split policies (section 5).

use crate::json_text::JsonText;
use crate::order::{Change, Invoice, InvoiceType, Item};
use crate::state_json::{write_change_after, write_invoice_of};
use rust_decimal::Decimal;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// An output invoice or a return (input invoice).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceRequest {
    /// The invoice number (outputs and returns share one number space).
    pub number: String,
    /// The invoice value.
    pub value: Decimal,
    /// The units it covers; may be empty.
    pub items: Vec<Item>,
}

impl InvoiceRequest {
    /// The invoice the order records once the request is accepted.
    pub fn recorded_as(&self, kind: InvoiceType) -> Invoice {
        Invoice {
            kind,
            number: self.number.clone(),
            value: self.value,
            items: self.items.clone(),
        }
    }
}

/// One operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    /// An output (sale) invoice: settles (6.1).
    Invoice(InvoiceRequest),
    /// A return (input invoice): refunds once the order is fully invoiced (6.2).
    Return(InvoiceRequest),
    /// An order change: discount, increment, items removed or added (6.3).
    Change(Change),
    /// An order cancellation (6.4).
    Cancel {
        /// Why, when given.
        reason: Option<String>,
    },
}

/// An operation serialises to the JSON shape it is read from (api.md section 4): `type`, then
/// its fields, amounts as decimal strings, so that `parse_operation` reads it back unchanged
/// (the planners hand out operations this way).
impl Serialize for Operation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Amount(Decimal);
        impl Serialize for Amount {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(&self.0)
            }
        }
        let mut map = s.serialize_map(None)?;
        match self {
            Operation::Invoice(request) | Operation::Return(request) => {
                let kind = if matches!(self, Operation::Invoice(_)) {
                    "invoice"
                } else {
                    "return"
                };
                map.serialize_entry("type", kind)?;
                map.serialize_entry("number", &request.number)?;
                map.serialize_entry("value", &Amount(request.value))?;
                map.serialize_entry("items", &request.items)?;
            }
            Operation::Change(change) => {
                map.serialize_entry("type", "change")?;
                map.serialize_entry("requestId", &change.request_id)?;
                if let Some(reason) = &change.reason {
                    map.serialize_entry("reason", reason)?;
                }
                if let Some(discount) = change.discount {
                    map.serialize_entry("discount", &Amount(discount))?;
                }
                if let Some(increment) = change.increment {
                    map.serialize_entry("increment", &Amount(increment))?;
                }
                map.serialize_entry("itemsRemoved", &change.items_removed)?;
                map.serialize_entry("itemsAdded", &change.items_added)?;
                if !change.api.is_v1() {
                    map.serialize_entry("api", &change.api)?;
                }
            }
            Operation::Cancel { reason } => {
                map.serialize_entry("type", "cancel")?;
                if let Some(reason) = reason {
                    map.serialize_entry("reason", reason)?;
                }
            }
        }
        map.end()
    }
}

impl Operation {
    /// The operation's JSON text: the same bytes as `serde_json::to_string(self)` (the
    /// `Serialize` above), written by [`JsonText`] so that the `.wasm`, whose planners and
    /// `fromVtexChange` hand operations out, carries no `serde_json` serializer (issue 20).
    pub fn to_json(&self) -> String {
        let mut w = JsonText::with_capacity(self.json_capacity());
        self.write_json(&mut w);
        w.finish()
    }

    /// Room for the text: the fixed part and about 100 bytes per item line.
    pub fn json_capacity(&self) -> usize {
        let lines = match self {
            Operation::Invoice(request) | Operation::Return(request) => request.items.len(),
            Operation::Change(change) => change
                .items_removed
                .len()
                .saturating_add(change.items_added.len()),
            Operation::Cancel { .. } => 0,
        };
        lines.saturating_mul(100).saturating_add(256)
    }

    /// Writes [`Operation::to_json`]'s text into `w`: an invoice or a return in the state's
    /// invoice shape and a change in the state's change shape, `type` first
    /// (`crate::state_json`'s writers, shared with the state).
    pub fn write_json(&self, w: &mut JsonText) {
        match self {
            Operation::Invoice(r) => write_invoice_of(w, "invoice", &r.number, r.value, &r.items),
            Operation::Return(r) => write_invoice_of(w, "return", &r.number, r.value, &r.items),
            Operation::Change(change) => write_change_after(w, "{\"type\":\"change\",", change),
            Operation::Cancel { reason } => {
                w.raw("{\"type\":\"cancel\"");
                if let Some(reason) = reason {
                    w.raw(",\"reason\":");
                    w.string(reason);
                }
                w.raw("}");
            }
        }
    }
}

/// The order in which settlements and cancellations fill the payments (section 5).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SplitPolicy {
    /// **policy**, the default: ascending authorized value, ties in list order (VTEX processes
    /// the payment with the lowest amount first).
    #[default]
    LowestValueFirst,
    /// List order.
    Listed,
    /// In proportion to the open amounts, by largest remainder.
    Proportional,
}

/// The order in which refunds draw on the payments (section 5).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RefundOrder {
    /// VTEX's default: ascending net settled, ties in list order.
    #[default]
    LowestSettledFirst,
    /// Credit and debit cards first, then the rest; each group by lowest net settled.
    CardFirst,
}

/// Options of a preview, an apply or a simulation (read by `schema::parse_options`: every
/// field may be left out, no other is allowed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Options {
    /// How settlements and cancellations are split.
    pub split: SplitPolicy,
    /// How refunds are split.
    pub refund_order: RefundOrder,
    /// Whether outcomes carry their explanation (api.md section 8); default `true`. `false`
    /// leaves `explain` empty and skips writing its text, for callers that preview in bulk.
    pub explain: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            split: SplitPolicy::default(),
            refund_order: RefundOrder::default(),
            explain: true,
        }
    }
}
