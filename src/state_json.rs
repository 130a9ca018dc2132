//! The state's JSON text, written by hand (issue 20).
//!
//! The WebAssembly bindings hand a state to JavaScript (`apply`, `simulate`, `fromVtex`, a
//! `Ledger`'s `state()`) as one JSON text that `JSON.parse` reads, as they hand an outcome
//! ([`crate::Outcome::to_json`]). Written by [`JsonText`] instead of `serde_json`'s serializer,
//! the `.wasm` carries no `Serialize` for the state and its parts (3.7 KB of code at
//! `opt-level = "z"`, 5.7 KB at `"s"`: issue 20 spends the bytes on a faster level). The text
//! is `serde_json::to_string(state)`'s, byte for byte (the derive's key order, absent options
//! left out, amounts as decimal strings): tests/scenarios.rs and tests/properties.rs compare
//! the two on every state they reach. Native code keeps the derive (the CLI, Python, tests).

use crate::json_text::JsonText;
use crate::names::Named;
use crate::order::{Change, Invoice, Item, OrderState};
use crate::payment::Payment;

impl OrderState {
    /// The state's JSON text: the same bytes as `serde_json::to_string(self)`.
    pub fn to_json(&self) -> String {
        let mut w = JsonText::with_capacity(self.json_capacity());
        self.write_json(&mut w);
        w.finish()
    }

    /// Room for the state's text: the fixed part, and about 100 bytes per payment, item line,
    /// invoice and change.
    pub fn json_capacity(&self) -> usize {
        let lines = self
            .items
            .len()
            .saturating_add(self.transaction.payments.len());
        let lines = self.invoices.iter().fold(lines, |n, i| {
            n.saturating_add(i.items.len()).saturating_add(1)
        });
        let lines = self.changes.iter().fold(lines, |n, c| {
            n.saturating_add(c.items_added.len())
                .saturating_add(c.items_removed.len())
                .saturating_add(1)
        });
        lines.saturating_mul(100).saturating_add(512)
    }

    /// Writes [`OrderState::to_json`]'s text into `w`.
    pub fn write_json(&self, w: &mut JsonText) {
        w.raw("{");
        if let Some(id) = &self.order_id {
            w.raw("\"orderId\":");
            w.string(id);
            w.raw(",");
        }
        w.raw("\"currency\":\"");
        w.raw(self.currency.code());
        w.raw("\",\"status\":\"");
        w.raw(self.status.name());
        w.raw("\",\"value\":");
        w.amount(self.value);
        w.raw(",\"items\":");
        w.list(&self.items, write_item);
        w.raw(",\"shipping\":");
        w.amount(self.shipping);
        w.raw(",\"tax\":");
        w.amount(self.tax);
        w.raw(",\"discounts\":");
        w.amount(self.discounts);
        w.raw(",\"invoices\":");
        w.list(&self.invoices, write_invoice);
        w.raw(",\"changes\":");
        w.list(&self.changes, write_change);
        w.raw(",\"transaction\":{\"status\":\"");
        w.raw(self.transaction.status.name());
        w.raw("\",\"newCharges\":");
        w.amount(self.transaction.new_charges);
        w.raw(",\"payments\":");
        w.list(&self.transaction.payments, write_payment);
        w.raw("}}");
    }
}

/// An item line: `id`, `quantity`, then `price` and `name` when given.
pub fn write_item(w: &mut JsonText, item: &Item) {
    w.raw("{\"id\":");
    w.string(&item.id);
    w.raw(",\"quantity\":");
    w.whole(item.quantity, false);
    if let Some(price) = item.price {
        w.raw(",\"price\":");
        w.amount(price);
    }
    if let Some(name) = &item.name {
        w.raw(",\"name\":");
        w.string(name);
    }
    w.raw("}");
}

fn write_invoice(w: &mut JsonText, invoice: &Invoice) {
    write_invoice_of(
        w,
        invoice.kind.name(),
        &invoice.number,
        invoice.value,
        &invoice.items,
    );
}

/// An invoice's object, `{"type":…,"number":…,"value":…,"items":[…]}`: the state's invoices
/// (`type` `output`/`input`) and the `invoice` and `return` operations
/// (`Operation::write_json`) have the one shape.
pub(crate) fn write_invoice_of(
    w: &mut JsonText,
    kind: &str,
    number: &str,
    value: rust_decimal::Decimal,
    items: &[Item],
) {
    w.raw("{\"type\":\"");
    w.raw(kind);
    w.raw("\",\"number\":");
    w.string(number);
    w.raw(",\"value\":");
    w.amount(value);
    w.raw(",\"items\":");
    w.list(items, write_item);
    w.raw("}");
}

fn write_change(w: &mut JsonText, change: &Change) {
    write_change_after(w, "{", change);
}

/// A change's object after `head` (`{` in the state, `{"type":"change",` for the `change`
/// operation, `Operation::write_json`): `requestId`, then `reason`, `discount` and `increment`
/// when given, the item lists, and `api` when it is not `v1`.
pub(crate) fn write_change_after(w: &mut JsonText, head: &str, change: &Change) {
    w.raw(head);
    w.raw("\"requestId\":");
    w.string(&change.request_id);
    if let Some(reason) = &change.reason {
        w.raw(",\"reason\":");
        w.string(reason);
    }
    if let Some(discount) = change.discount {
        w.raw(",\"discount\":");
        w.amount(discount);
    }
    if let Some(increment) = change.increment {
        w.raw(",\"increment\":");
        w.amount(increment);
    }
    w.raw(",\"itemsRemoved\":");
    w.list(&change.items_removed, write_item);
    w.raw(",\"itemsAdded\":");
    w.list(&change.items_added, write_item);
    if !change.api.is_v1() {
        w.raw(",\"api\":\"");
        w.raw(change.api.name());
        w.raw("\"");
    }
    w.raw("}");
}

fn write_payment(w: &mut JsonText, p: &Payment) {
    w.raw("{\"id\":");
    w.string(&p.id);
    w.raw(",\"group\":\"");
    w.raw(p.group.name());
    w.raw("\",\"value\":");
    w.amount(p.value);
    w.raw(",\"connector\":{\"protocol\":\"");
    w.raw(p.connector.protocol.name());
    w.raw("\",\"mode\":\"");
    w.raw(p.connector.mode.name());
    w.raw("\",\"partialRefund\":");
    w.bool(p.connector.partial_refund);
    w.raw(",\"valueIncrease\":");
    w.bool(p.connector.value_increase);
    if let Some(max) = p.connector.max_value {
        w.raw(",\"maxValue\":");
        w.amount(max);
    }
    w.raw("},\"settled\":");
    w.amount(p.settled);
    w.raw(",\"cancelled\":");
    w.amount(p.cancelled);
    w.raw(",\"refunded\":");
    w.amount(p.refunded);
    w.raw(",\"captured\":");
    w.amount(p.captured);
    w.raw(",\"voided\":");
    w.amount(p.voided);
    w.raw(",\"providerRefunded\":");
    w.amount(p.provider_refunded);
    w.raw("}");
}
