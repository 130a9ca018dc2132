//! The order's history: invoices and changes in date order, recorded as VTEX has them or
//! replayed through the engine.

use super::*;
use crate::order::ChangeDeltas;

/// One step of the history, and where VTEX's document has it.
pub(super) struct Event {
    /// The list (`order.packageAttachment.packages`) and the index in it, or a field.
    pub(super) list: &'static str,
    pub(super) index: Option<usize>,
    pub(super) op: Operation,
}

impl Event {
    /// Where it is (written only for a note or an error).
    fn path(&self) -> String {
        match self.index {
            Some(i) => format!("{}[{i}]", self.list),
            None => self.list.to_string(),
        }
    }

    fn overflow(&self) -> impl Fn(Overflow) -> InputError + '_ {
        move |_| InputError::new(self.path(), "amounts out of range")
    }
}

pub(super) const CHANGES: &str = "order.changesAttachment.changesData";
pub(super) const PACKAGES: &str = "order.packageAttachment.packages";
/// More than the entries of both lists ([`MAX_LIST_LEN`] each).
pub(super) const SPAN: usize = 2 * MAX_LIST_LEN + 1;

/// Invoices and changes in date order (VTEX's dates with their offsets; an entry without a
/// date takes the date of the entry before it in its own list; ties: changes, then output
/// invoices, then returns, each in document order).
pub(super) fn history(
    invoices: Vec<Dated<Invoice>>,
    changes: Vec<Dated<Change>>,
    changes_v2: Vec<(usize, Dated<Change>)>,
    notes: &mut Notes,
) -> Result<Vec<Event>, InputError> {
    // Sort keys `(dated, date, tie)`: `dated` 0 before the list's first date (such entries
    // come first), the date in nanoseconds, tie = rank × SPAN + position (the two lists hold
    // fewer than SPAN entries together); the events by position, taken out in key order. The
    // key's type is the one `split::refund_order` sorts, so the .wasm holds one sort for both.
    let mut keys: Vec<(u8, Decimal, usize)> = Vec::new();
    let key = |at: i128| -> Result<(u8, Decimal), InputError> {
        if at == i128::MIN {
            return Ok((0, Decimal::ZERO));
        }
        Decimal::try_from_i128_with_scale(at, 0)
            .map(|d| (1, d))
            .map_err(|_| InputError::new("order", "a date out of range"))
    };
    let mut events: Vec<Option<Event>> = Vec::new();
    let tie = |rank: usize, position: usize| {
        rank.checked_mul(SPAN)
            .and_then(|r| r.checked_add(position))
            .ok_or_else(|| InputError::new("order", "too many entries"))
    };
    // v1's changes, then v2's (`options.changesV2`, their own list and positions).
    let lists = [
        (CHANGES, changes.into_iter().enumerate().collect::<Vec<_>>()),
        (CHANGES_V2, changes_v2),
    ];
    for (list, changes) in lists {
        let mut last = i128::MIN;
        for (i, c) in changes {
            last = c.at.unwrap_or(last);
            let (dated, date) = key(last)?;
            keys.push((dated, date, tie(0, events.len())?));
            events.push(Some(Event {
                list,
                index: Some(i),
                op: Operation::Change(c.entry),
            }));
        }
    }
    let mut last = i128::MIN;
    let mut numbers = BTreeSet::new();
    for (i, inv) in invoices.into_iter().enumerate() {
        last = inv.at.unwrap_or(last);
        if !numbers.insert(inv.entry.number.clone()) {
            notes.add(
                NoteCode::InvoiceNumberRepeated,
                format!("{PACKAGES}[{i}]"),
                format!("invoice number {:?} again: counted once", inv.entry.number),
            );
            continue;
        }
        let output = inv.entry.kind == InvoiceType::Output;
        let request = InvoiceRequest {
            number: inv.entry.number,
            value: inv.entry.value,
            items: inv.entry.items,
        };
        let (dated, date) = key(last)?;
        keys.push((dated, date, tie(if output { 1 } else { 2 }, events.len())?));
        events.push(Some(Event {
            list: PACKAGES,
            index: Some(i),
            op: if output {
                Operation::Invoice(request)
            } else {
                Operation::Return(request)
            },
        }));
    }
    keys.sort();
    let mut out = Vec::with_capacity(keys.len());
    for (_, _, tie) in keys {
        let position = tie.checked_rem(SPAN).unwrap_or(usize::MAX);
        if let Some(event) = events.get_mut(position).and_then(Option::take) {
            out.push(event);
        }
    }
    Ok(out)
}

/// Records a step as VTEX has it, without moving money.
pub(super) fn record(state: &mut OrderState, event: &Event) {
    match &event.op {
        Operation::Invoice(r) | Operation::Return(r) => {
            if !state.has_invoice_number(&r.number) {
                let kind = if matches!(event.op, Operation::Invoice(_)) {
                    InvoiceType::Output
                } else {
                    InvoiceType::Input
                };
                state.invoices.push(r.recorded_as(kind));
            }
        }
        Operation::Change(c) => {
            if let Ok(v) = c.delta().and_then(|d| state.value.plus(d)) {
                state.value = v;
            }
            state.changes.push(c.clone());
        }
        Operation::Cancel { .. } => {
            state.status = OrderStatus::Canceled;
            state.transaction.status = TransactionStatus::Canceled;
        }
    }
}

/// Replays the history through the engine (semantics.md section 6): each step moves the
/// ledgers as VTEX's OMS would have; a step the engine refuses is recorded as VTEX has it,
/// moving nothing, with a `REPLAY_REJECTED` note.
///
/// Each accepted step's [`engine::Delta`] moves `state` on in place, as a `Ledger` does: no
/// copy of the order per step (a copy of every change before it: 10,000 changes were
/// quadratic; issue 20).
pub(super) fn replay(
    state: &mut OrderState,
    history: Vec<Event>,
    options: &FromVtexOptions,
    notes: &mut Notes,
) -> Result<(), InputError> {
    // The original value of Change v2's discount rule (its sum of deltas) and the request ids
    // taken, carried from step to step (`OrderState::original_value_carried`): per change,
    // each was O(changes) (issue 20).
    let mut deltas = ChangeDeltas::new();
    for event in history {
        let effect = match &event.op {
            Operation::Change(c) if c.api == ChangeApi::V2 => {
                let original = state.original_value_carried(&mut deltas);
                let repeated = deltas.has_request(&c.request_id);
                engine::run_given_original(state, &event.op, &options.engine, original, repeated)
            }
            _ => engine::run(state, &event.op, &options.engine),
        }
        .map_err(event.overflow())?;
        if effect.outcome.accepted {
            if let Some(delta) = effect.delta {
                delta.apply_to(state);
            }
        } else {
            let mut codes = String::new();
            for e in &effect.outcome.errors {
                if !codes.is_empty() {
                    codes.push_str(", ");
                }
                codes.push_str(e.code.name());
            }
            notes.add(
                NoteCode::ReplayRejected,
                event.path(),
                format!("the engine refuses this step ({codes}): recorded without moving money"),
            );
            record(state, &event);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::RuleCode;
    use serde_json::json;

    fn change(i: usize) -> Change {
        let cents = |c: i64| Some(Decimal::new(c, 2));
        let (discount, increment) = match i % 9 {
            // The original value (100.00), refused by the v2 rule whatever V is (and recorded
            // as VTEX has it: V − 100), then V + 100.
            0 => (cents(10_000), None),
            1 => (None, cents(10_000)),
            2 => (None, cents(2)),
            // A negative amount: the checks that need the delta are skipped.
            3 => (cents(-1), None),
            4 => (cents(1), cents(3)),
            // Neither: the lines' delta.
            5 => (None, None),
            _ => (cents(1), None),
        };
        let line = |id: &str, quantity, price| Item {
            id: id.into(),
            quantity,
            price: Some(Decimal::new(price, 2)),
            name: None,
        };
        let (items_removed, items_added) = if i % 9 == 5 {
            (vec![line("B", 1, 2_000)], vec![line("B", 1, 1_999)])
        } else {
            (Vec::new(), Vec::new())
        };
        Change {
            // Every 50th repeats an earlier request id (a replay: nothing moves).
            request_id: format!("c-{}", if i % 50 == 49 { i - 1 } else { i }),
            reason: None,
            discount,
            increment,
            items_removed,
            items_added,
            api: ChangeApi::V2,
        }
    }

    /// The carried original value ([`OrderState::original_value_carried`]) against the old
    /// definition ([`OrderState::original_value`], the sum over every change before it) over
    /// 3,000 Change v2 steps and a few invoices: every outcome (its explanation's lines quote
    /// the original value) and the state after are the same, step by step and through
    /// [`replay`]. Near the end a discount of 4 decimals (rounded into V by the engine, so V −
    /// Σ is no longer the sum subtracted one delta at a time) leaves the carried sum for the
    /// old definition.
    #[test]
    fn the_carried_original_value_is_the_sum_over_the_changes_on_a_large_replay() {
        let state = crate::json::parse_state(&json!({
            "currency": "BRL", "status": "handling",
            "items": [ { "id": "A", "quantity": 1, "price": "60.00" },
                       { "id": "B", "quantity": 2, "price": "20.00" } ],
            "transaction": { "payments": [
                { "id": "card", "group": "creditCard", "value": "100.00" } ] }
        }))
        .unwrap();
        let events: Vec<Event> = (0..3_000)
            .map(|i| {
                let op = if i % 400 == 399 {
                    Operation::Invoice(InvoiceRequest {
                        number: format!("NF-{i}"),
                        value: Decimal::new(1, 2),
                        items: Vec::new(),
                    })
                } else if i == 2_900 {
                    let mut c = change(i);
                    c.discount = Some(Decimal::new(1, 4));
                    Operation::Change(c)
                } else {
                    Operation::Change(change(i))
                };
                Event {
                    list: CHANGES_V2,
                    index: Some(i),
                    op,
                }
            })
            .collect();
        let options = crate::operation::Options::default();
        let (mut old, mut new) = (state.clone(), state.clone());
        let mut deltas = ChangeDeltas::new();
        let (mut accepted, mut exceeds) = (0, 0);
        for event in &events {
            let before = engine::run(&old, &event.op, &options).unwrap();
            let original = new.original_value_carried(&mut deltas);
            assert_eq!(original, new.original_value());
            let repeated = match &event.op {
                Operation::Change(c) => deltas.has_request(&c.request_id),
                _ => false,
            };
            let after =
                engine::run_given_original(&new, &event.op, &options, original, repeated).unwrap();
            assert_eq!(before, after);
            if before.outcome.errors.iter().any(|e| {
                e.code == RuleCode::ChangeExceedsOrderValue
                    && matches!(&event.op, Operation::Change(c) if c.discount.is_some())
            }) {
                exceeds += 1;
            }
            if before.outcome.accepted {
                accepted += 1;
                if let Some(delta) = before.delta {
                    delta.apply_to(&mut old);
                }
                if let Some(delta) = after.delta {
                    delta.apply_to(&mut new);
                }
            } else {
                record(&mut old, event);
                record(&mut new, event);
            }
        }
        assert_eq!(old, new);
        // The figures, pinned.
        assert_eq!((accepted, exceeds, old.changes.len()), (2_356, 316, 2_940));
        assert_eq!(old.value.to_string(), "103.27");
        // 100.00 until the discount of 0.0001 (V rounded back to 2 decimals by the engine).
        assert_eq!(old.original_value().unwrap().to_string(), "100.0001");
        // And through the replay itself.
        let mut replayed = state.clone();
        let mut notes = Notes::default();
        replay(
            &mut replayed,
            events,
            &FromVtexOptions::default(),
            &mut notes,
        )
        .unwrap();
        assert_eq!(replayed, old);
        assert_eq!(notes.0.len(), 3_000 - accepted);
    }
}
