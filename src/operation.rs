//! The operations an operator submits (semantics.md section 6, api.md section 4) and the
//! options that choose the split policies (section 5).

use crate::order::{Change, Invoice, InvoiceType, Item};
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
