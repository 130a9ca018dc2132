//! # settlement-preview
//!
//! An exact money engine for order management systems (VTEX OMS is the model): before an
//! operator submits an output invoice, a return, an order change or a cancellation, it tells
//! how much of each payment will be **settled**, stay **open**, be **cancelled** or
//! **refunded**, both as the payment gateway records it and as it reaches the payment
//! provider, and what the order becomes.
//!
//! The rules are `shared/spec/semantics.md`; the contract is `shared/spec/api.md`. The core is
//! pure Rust: typed values in, typed values out, `rust_decimal` money with checked arithmetic.
//! The WebAssembly bindings live in one module of their own.
//!
//! ```
//! use settlement_preview::{json, preview, Options};
//! use serde_json::json;
//!
//! let state = json::parse_state(&json!({
//!     "currency": "BRL",
//!     "items": [ { "id": "A", "quantity": 1, "price": "60.00" },
//!                { "id": "B", "quantity": 1, "price": "40.00" } ],
//!     "transaction": { "payments": [ { "id": "p1", "group": "creditCard", "value": "100.00",
//!                                      "connector": { "mode": "total" } } ] }
//! })).unwrap();
//! let invoice = json::parse_operation(
//!     &json!({ "type": "invoice", "number": "NF-1", "value": "60.00" }), &state).unwrap();
//! let outcome = preview(&state, &invoice, &Options::default()).unwrap();
//! // Total mode: the provider captures the whole authorization, the gateway settles 60.00.
//! assert_eq!(outcome.provider.settle.to_string(), "100.00");
//! assert_eq!(outcome.gateway.settle.to_string(), "60.00");
//! assert_eq!(outcome.gateway.open.to_string(), "40.00");
//! ```
//!
//! ## Limits
//! Amounts: up to 15 integer digits and 3 decimals (|amount| < 10^15), and no more decimals
//! than the currency has. Quantities: 1 to 2^53 − 1, with quantity × price an amount in range.
//! Lists (items, invoices, changes, a simulation's operations): at most 10 000 entries;
//! payments: at most 100; strings: at most 1 024 characters. From JavaScript, also: nesting
//! at most 32 levels, at most 64 fields per object and 200 000 values per argument (shared
//! references count each time they are reached). Anything beyond is `INVALID_INPUT`.

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects
    )
)]
#![warn(missing_docs)]

pub mod codes;
pub mod doc;
pub mod engine;
pub mod explain;
pub mod gateway;
pub mod json_text;
pub mod money;
pub mod names;
pub mod operation;
pub mod order;
pub mod outcome;
pub mod payment;
pub mod plan;
mod read;
pub mod reconcile;
pub mod schema;
pub mod split;
mod state_json;
pub mod vtex;

#[cfg(target_arch = "wasm32")]
#[doc(hidden)] // public only for tests/wasm.rs; JavaScript sees these through wasm-bindgen
pub mod bindings;

/// The README's Rust examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

pub use codes::{RuleCode, WarningCode};
pub use operation::{Operation, Options, RefundOrder, SplitPolicy};
pub use order::OrderState;
pub use outcome::Outcome;
pub use schema::InputError;

use rust_decimal::Decimal;
use serde::Serialize;

/// The package version (the crate's, which the npm package shares).
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

fn out_of_range(_: money::Overflow) -> InputError {
    InputError::new("operation", "amounts out of range")
}

/// What an operation would do to the state, without changing it.
pub fn preview(
    state: &OrderState,
    operation: &Operation,
    options: &Options,
) -> Result<Outcome, InputError> {
    // The outcome alone: no state after it is built (see `engine::run`).
    engine::outcome_of(state, operation, options).map_err(out_of_range)
}

/// [`preview`]'s outcome as its JSON text (the bytes of [`Outcome::write_json`]), written into
/// `out` straight from the engine's run, without the `Outcome` value (issue 20: the
/// WebAssembly bindings' `preview`).
pub fn preview_text(
    state: &OrderState,
    operation: &Operation,
    options: &Options,
    out: &mut engine::OutcomeText,
) -> Result<(), InputError> {
    engine::text_of(state, operation, options, out).map_err(out_of_range)
}

/// Applies an operation: the new state (the same state when the operation is rejected or a
/// replay) and the outcome, the one [`preview`] gives.
pub fn apply(
    state: &OrderState,
    operation: &Operation,
    options: &Options,
) -> Result<Applied, InputError> {
    let applied = engine::apply(state, operation, options).map_err(out_of_range)?;
    Ok(Applied {
        state: applied.state.unwrap_or_else(|| state.clone()),
        outcome: applied.outcome,
    })
}

/// The state after an operation and what the operation did (`apply` in api.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Applied {
    /// The state after the operation.
    pub state: OrderState,
    /// What the operation did.
    pub outcome: Outcome,
}

/// The final state of a simulation and one outcome per operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Simulation {
    /// The state after every operation.
    pub state: OrderState,
    /// One outcome per operation, in order.
    pub outcomes: Vec<Outcome>,
}

/// Runs operations in order; a rejected operation leaves the state as it was.
pub fn simulate(
    state: &OrderState,
    operations: &[Operation],
    options: &Options,
) -> Result<Simulation, InputError> {
    let mut ledger = Ledger::new(state.clone(), *options);
    let outcomes = operations
        .iter()
        .map(|op| ledger.apply(op))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Simulation {
        state: ledger.into_state(),
        outcomes,
    })
}

/// A state parsed once, for many cheap previews, and applies that move it on.
///
/// Beside its state it carries what a change reads off every change before it (the order's
/// original value of Change v2's discount rule and the request ids taken: `ChangeDeltas`),
/// moved on with each accepted operation: without it each change cost O(changes), so applying
/// N Change v2 changes one at a time was O(N²) (issue 20, step 30: 10,000 in 1.1 s). Two
/// ledgers are equal when their states and options are; the carried sums are a function of
/// the state and take no part.
#[derive(Clone)]
pub struct Ledger {
    state: OrderState,
    options: Options,
    /// Follows `state.changes` (built by [`Ledger::new`], moved on by each accepted operation:
    /// the ledger's state only moves through it).
    carried: order::ChangeDeltas,
}

impl PartialEq for Ledger {
    fn eq(&self, other: &Self) -> bool {
        self.state == other.state && self.options == other.options
    }
}

impl Eq for Ledger {}

impl std::fmt::Debug for Ledger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ledger")
            .field("state", &self.state)
            .field("options", &self.options)
            .finish()
    }
}

impl Ledger {
    /// A ledger over a validated state (its changes summed once, O(changes)).
    pub fn new(state: OrderState, options: Options) -> Self {
        let mut carried = order::ChangeDeltas::new();
        carried.follow(&state.changes);
        Ledger {
            state,
            options,
            carried,
        }
    }

    /// What a change reads off every change before it, from the carried sums (`None` for
    /// another operation, which reads neither): [`engine::run`]'s outcome and delta are the
    /// same with them (`OrderState::original_value_followed` is `original_value` whenever
    /// V − Σ could differ from it). Each of the four calls runs the engine itself: handing the
    /// run's result through one more function cost a `ledger.preview` 93 instructions more
    /// than main's (callgrind, benches/preview-calls.sh), this 7 to 11.
    fn given(&self, operation: &Operation) -> Option<(Result<Decimal, money::Overflow>, bool)> {
        match operation {
            Operation::Change(change) => Some((
                self.state.original_value_followed(&self.carried),
                self.carried.has_request(&change.request_id),
            )),
            _ => None,
        }
    }

    /// Moves the state on by an accepted operation's delta, and the carried sums with it.
    fn move_on(&mut self, delta: Option<engine::Delta>) {
        if let Some(delta) = delta {
            delta.apply_to(&mut self.state);
            self.carried.follow(&self.state.changes);
        }
    }

    /// What an operation would do now.
    pub fn preview(&self, operation: &Operation) -> Result<Outcome, InputError> {
        let given = self.given(operation);
        engine::run_with(&self.state, operation, &self.options, false, None, given)
            .map(|effect| effect.outcome)
            .map_err(out_of_range)
    }

    /// Applies an operation; an accepted one moves the state on.
    pub fn apply(&mut self, operation: &Operation) -> Result<Outcome, InputError> {
        // The ledger's own state moves on in place: no copy of the order per operation.
        let given = self.given(operation);
        let effect = engine::run_with(&self.state, operation, &self.options, true, None, given)
            .map_err(out_of_range)?;
        self.move_on(effect.delta);
        Ok(effect.outcome)
    }

    /// [`Ledger::preview`]'s outcome as its JSON text, written into `out` ([`preview_text`]).
    pub fn preview_text(
        &self,
        operation: &Operation,
        out: &mut engine::OutcomeText,
    ) -> Result<(), InputError> {
        let given = self.given(operation);
        engine::run_with(
            &self.state,
            operation,
            &self.options,
            false,
            Some(out),
            given,
        )
        .map(|_| ())
        .map_err(out_of_range)
    }

    /// [`Ledger::apply`] with its outcome written as JSON text into `out` ([`preview_text`]).
    pub fn apply_text(
        &mut self,
        operation: &Operation,
        out: &mut engine::OutcomeText,
    ) -> Result<(), InputError> {
        let given = self.given(operation);
        let delta = engine::run_with(
            &self.state,
            operation,
            &self.options,
            true,
            Some(out),
            given,
        )
        .map(|effect| effect.delta)
        .map_err(out_of_range)?;
        self.move_on(delta);
        Ok(())
    }

    /// The current state.
    pub fn state(&self) -> &OrderState {
        &self.state
    }

    /// The options the ledger applies operations with.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The current state, by value.
    pub fn into_state(self) -> OrderState {
        self.state
    }
}

/// The JSON entry points: the shapes of api.md read from `serde_json` values, with paths in
/// errors named as the JavaScript API names its arguments (`state`, `operation`, `options`).
///
/// Each takes a `Value` (the signatures the CLI, Python and the tests use) and reads it as a
/// [`Json`] that borrows its strings; its `_doc` twin takes a [`Json`] read straight from the
/// text (the npm package, the CLI's JSON Lines: issue 20, no `Value` built).
pub mod json {
    use super::*;
    pub use crate::doc::Json;
    use serde_json::Value;

    /// Reads a state (errors under `state`).
    pub fn parse_state(value: &Value) -> Result<OrderState, InputError> {
        parse_state_doc(&Json::from(value))
    }

    /// [`parse_state`] of a document.
    pub fn parse_state_doc(value: &Json) -> Result<OrderState, InputError> {
        schema::parse_state(value, "state")
    }

    /// Reads an operation for `state` (errors under `operation`).
    pub fn parse_operation(value: &Value, state: &OrderState) -> Result<Operation, InputError> {
        parse_operation_doc(&Json::from(value), state)
    }

    /// [`parse_operation`] of a document.
    pub fn parse_operation_doc(value: &Json, state: &OrderState) -> Result<Operation, InputError> {
        schema::parse_operation(value, "operation", state)
    }

    /// An invoice or a return read straight from the text the package's walk writes, when it
    /// is plainly one and valid (`schema::plain_invoice`); `None` for anything else, which
    /// [`parse_operation_doc`] then reads (its errors).
    pub fn plain_invoice(text: &str, state: &OrderState) -> Option<Operation> {
        schema::plain_invoice(text, state)
    }

    /// Reads options (errors under `options`); `None` or `null` are the defaults.
    pub fn parse_options(value: Option<&Value>) -> Result<Options, InputError> {
        parse_options_doc(value.map(Json::from).as_ref())
    }

    /// [`parse_options`] of a document.
    pub fn parse_options_doc(value: Option<&Json>) -> Result<Options, InputError> {
        schema::parse_options(value, "options")
    }

    /// `fromVtex` (api.md section 7): VTEX's "Get order" document, the gateway's records
    /// (optional) and the options → `{ state, notes }`. Errors under `order`, `transaction`,
    /// `options`.
    pub fn from_vtex(
        order: &Value,
        transaction: Option<&Value>,
        options: Option<&Value>,
    ) -> Result<vtex::FromVtex, InputError> {
        from_vtex_doc(
            &Json::from(order),
            transaction.map(Json::from).as_ref(),
            options.map(Json::from).as_ref(),
        )
    }

    /// [`from_vtex`] of documents.
    pub fn from_vtex_doc(
        order: &Json,
        transaction: Option<&Json>,
        options: Option<&Json>,
    ) -> Result<vtex::FromVtex, InputError> {
        let options = vtex::parse_from_options_doc(options)?;
        vtex::from_vtex_doc(order, transaction.filter(|t| !t.is_null()), &options)
    }

    /// `fromVtexChange` (api.md section 7): a Change v2 document for `state`'s order and the
    /// options (`{ requestId? }`) → `{ operation, notes }`. Errors under `change`, `options`.
    pub fn from_vtex_change(
        change: &Value,
        state: &OrderState,
        options: Option<&Value>,
    ) -> Result<vtex::FromVtexChange, InputError> {
        from_vtex_change_doc(&Json::from(change), state, options.map(Json::from).as_ref())
    }

    /// [`from_vtex_change`] of documents.
    pub fn from_vtex_change_doc(
        change: &Json,
        state: &OrderState,
        options: Option<&Json>,
    ) -> Result<vtex::FromVtexChange, InputError> {
        let options = vtex::parse_change_options_doc(options)?;
        vtex::from_vtex_change_doc(change, state, &options)
    }

    /// `reconcile` (api.md section 9): VTEX's "Get order" document, the gateway's records and
    /// the options → the [`reconcile::Reconciliation`]. Only the options can fail (errors under
    /// `options`): unreadable documents are a result with status `invalid`.
    pub fn reconcile(
        order: &Value,
        transaction: Option<&Value>,
        options: Option<&Value>,
    ) -> Result<reconcile::Reconciliation, InputError> {
        reconcile_doc(
            &Json::from(order),
            transaction.map(Json::from).as_ref(),
            options.map(Json::from).as_ref(),
        )
    }

    /// [`reconcile`] of documents.
    pub fn reconcile_doc(
        order: &Json,
        transaction: Option<&Json>,
        options: Option<&Json>,
    ) -> Result<reconcile::Reconciliation, InputError> {
        let options = reconcile::parse_options_doc(options)?;
        Ok(reconcile::reconcile_doc(
            order,
            transaction.filter(|t| !t.is_null()),
            &options,
        ))
    }

    /// `toVtexRequest` (api.md section 7): the Orders API request that submits `operation`.
    /// Errors under `state`, `operation`, `options`.
    pub fn to_vtex_request(
        state: &OrderState,
        operation: &Operation,
        options: Option<&Value>,
    ) -> Result<vtex::VtexRequest, InputError> {
        to_vtex_request_doc(state, operation, options.map(Json::from).as_ref())
    }

    /// [`to_vtex_request`] with its options as a document.
    pub fn to_vtex_request_doc(
        state: &OrderState,
        operation: &Operation,
        options: Option<&Json>,
    ) -> Result<vtex::VtexRequest, InputError> {
        let options = vtex::parse_request_options_doc(options)?;
        vtex::to_vtex_request(state, operation, &options)
    }

    /// `planInvoice` (api.md section 7): `selection` is `[{ id, quantity }]`, options
    /// `{ number?, shipping?, tax? }`. Errors under `state`, `selection`, `options`.
    pub fn plan_invoice(
        state: &OrderState,
        selection: &Value,
        options: Option<&Value>,
    ) -> Result<plan::PlannedInvoice, InputError> {
        plan_invoice_doc(
            state,
            &Json::from(selection),
            options.map(Json::from).as_ref(),
        )
    }

    /// [`plan_invoice`] of documents.
    pub fn plan_invoice_doc(
        state: &OrderState,
        selection: &Json,
        options: Option<&Json>,
    ) -> Result<plan::PlannedInvoice, InputError> {
        let selection = plan::parse_selection_doc(selection)?;
        let options = plan::parse_plan_options_doc(options)?;
        plan::plan_invoice(state, &selection, &options)
    }

    /// `planReturn` (api.md section 7): `selection` is `[{ id, quantity }]` of invoiced units
    /// not yet returned, options `{ number?, shipping?, tax? }` (`"none"`, the default, or
    /// `"proportional"`). Errors under `state`, `selection`, `options`.
    pub fn plan_return(
        state: &OrderState,
        selection: &Value,
        options: Option<&Value>,
    ) -> Result<plan::PlannedInvoice, InputError> {
        plan_return_doc(
            state,
            &Json::from(selection),
            options.map(Json::from).as_ref(),
        )
    }

    /// [`plan_return`] of documents.
    pub fn plan_return_doc(
        state: &OrderState,
        selection: &Json,
        options: Option<&Json>,
    ) -> Result<plan::PlannedInvoice, InputError> {
        let selection = plan::parse_selection_doc(selection)?;
        let options = plan::parse_return_options_doc(options)?;
        plan::plan_return(state, &selection, &options)
    }

    /// `planCloseOut` (api.md section 7): the `change` that closes a partially invoiced
    /// order; [`plan::PlanError`] (`NOTHING_TO_CLOSE`) when there is nothing to close.
    pub fn plan_close_out(state: &OrderState) -> Result<Operation, plan::PlanError> {
        plan::plan_close_out(state)
    }

    /// Reads a list of operations (errors under `operations[i]`), each against the state's
    /// currency.
    pub fn parse_operations(
        value: &Value,
        state: &OrderState,
    ) -> Result<Vec<Operation>, InputError> {
        parse_operations_doc(&Json::from(value), state)
    }

    /// [`parse_operations`] of a document.
    pub fn parse_operations_doc(
        value: &Json,
        state: &OrderState,
    ) -> Result<Vec<Operation>, InputError> {
        let list = value
            .as_array()
            .ok_or_else(|| InputError::new("operations", "expected an array of operations"))?;
        if list.len() > schema::MAX_LIST_LEN {
            return Err(InputError::new(
                "operations",
                format!("too many operations: at most {}", schema::MAX_LIST_LEN),
            ));
        }
        list.iter()
            .enumerate()
            .map(|(i, op)| schema::parse_operation(op, &format!("operations[{i}]"), state))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::InvoiceRequest;
    use crate::order::{Change, ChangeApi, Item};
    use serde_json::json;

    /// The `i`th operation of the ledger's long run: Change v2 changes of every kind (accepted,
    /// refused by the original-value rule, negative, unknown items, lines that swap a unit),
    /// v1 changes (refused past 50 changes), repeated request ids (of the step before and of
    /// much older ones), an invoice every 400 steps, a repeated invoice number now and then.
    fn operation(i: usize) -> Operation {
        if i % 400 == 399 || i % 997 == 996 {
            return Operation::Invoice(InvoiceRequest {
                number: format!("NF-{}", if i % 997 == 996 { 399 } else { i }),
                value: Decimal::new(1, 2),
                items: Vec::new(),
            });
        }
        let cents = |c: i64| Some(Decimal::new(c, 2));
        let line = |id: &str, price| Item {
            id: id.into(),
            quantity: 1,
            price: Some(Decimal::new(price, 2)),
            name: None,
        };
        let (mut discount, mut increment, mut removed, mut added) =
            (None, None, Vec::new(), Vec::new());
        match i % 11 {
            // The original value (100.00): refused by the v2 rule whatever V is.
            0 => discount = cents(10_000),
            1 => increment = cents(10_000),
            2 => increment = cents(2),
            3 => discount = cents(-1),
            4 => (discount, increment) = (cents(1), cents(3)),
            5 => (removed, added) = (vec![line("B", 2_000)], vec![line("B", 1_999)]),
            8 => removed = vec![line("Z", 100)],
            9 | 10 => increment = cents(1),
            _ => discount = cents(1),
        }
        let id = match i {
            _ if i % 50 == 49 => i - 1,
            _ if i % 37 == 36 => i / 2,
            _ => i,
        };
        let api = if i % 11 == 6 {
            ChangeApi::V1
        } else {
            ChangeApi::V2
        };
        // A discount of 4 decimals (rounded into V by the engine): the carried sum is no
        // longer V − Σ, and the ledger falls back to the sum over the changes.
        if i == 2_900 {
            discount = Some(Decimal::new(1, 4));
        }
        Operation::Change(Change {
            request_id: format!("c-{id}"),
            reason: None,
            discount,
            increment,
            items_removed: removed,
            items_added: added,
            api,
        })
    }

    /// A `Ledger` (which carries the original value and the request ids beside its state) gives
    /// at every one of 3,000 steps the outcome, the outcome's text and the state that
    /// `engine::run` (the definition: every earlier change summed and scanned) gives on the
    /// state alone, through each of `preview`, `preview_text`, `apply` and `apply_text`; a
    /// ledger rebuilt from its state (`Ledger::new`) midway is equal to it and goes on the same.
    #[test]
    fn a_ledger_of_many_changes_runs_as_the_engine_on_its_state() {
        let start = json::parse_state(&json!({
            "currency": "BRL", "status": "handling",
            "items": [ { "id": "A", "quantity": 1, "price": "60.00" },
                       { "id": "B", "quantity": 2, "price": "20.00" } ],
            "transaction": { "payments": [
                { "id": "card", "group": "creditCard", "value": "100.00",
                  "connector": { "partialRefund": true } } ] }
        }))
        .unwrap();
        let options = Options::default();
        let mut state = start.clone();
        let mut ledger = Ledger::new(start.clone(), options);
        let (mut out, mut want) = (
            engine::OutcomeText::default(),
            engine::OutcomeText::default(),
        );
        let (mut accepted, mut replays, mut exceeds) = (0, 0, 0);
        for i in 0..3_000 {
            let op = operation(i);
            let effect = engine::run(&state, &op, &options).unwrap();
            assert_eq!(ledger.preview(&op).unwrap(), effect.outcome, "step {i}");
            ledger.preview_text(&op, &mut out).unwrap();
            engine::text_of(&state, &op, &options, &mut want).unwrap();
            assert_eq!(out.json().bytes(), want.json().bytes(), "step {i}");
            if i % 2 == 0 {
                assert_eq!(ledger.apply(&op).unwrap(), effect.outcome, "step {i}");
            } else {
                ledger.apply_text(&op, &mut out).unwrap();
                let delta = engine::run_text(&state, &op, &options, &mut want).unwrap();
                assert_eq!(delta, effect.delta, "step {i}");
                assert_eq!(out.json().bytes(), want.json().bytes(), "step {i}");
            }
            let outcome = effect.outcome;
            let replay = outcome.warnings.iter().any(|w| {
                matches!(
                    w.code,
                    WarningCode::ChangeRequestRepeated | WarningCode::InvoiceNumberReused
                )
            });
            accepted += usize::from(outcome.accepted && !replay);
            replays += usize::from(replay);
            exceeds += usize::from(
                outcome
                    .errors
                    .iter()
                    .any(|e| e.code == RuleCode::ChangeExceedsOrderValue),
            );
            if let Some(delta) = effect.delta {
                delta.apply_to(&mut state);
            }
            assert_eq!(ledger.state(), &state, "step {i}");
            assert_eq!(
                state.original_value_followed(&ledger.carried),
                state.original_value(),
                "step {i}"
            );
            if i == 1_500 {
                let rebuilt = Ledger::new(state.clone(), options);
                assert_eq!(rebuilt, ledger);
                ledger = rebuilt;
            }
        }
        // The figures, pinned (the state grew by every accepted change and invoice).
        assert_eq!((accepted, replays, exceeds), (1_890, 64, 259));
        assert_eq!(state.changes.len() + state.invoices.len(), 1_890);
        assert_eq!(state.value.to_string(), "26310.53");
        // 100.00 until the discount of 0.0001 (V rounded back to 2 decimals by the engine).
        assert_eq!(state.original_value().unwrap().to_string(), "100.0001");
        assert!(format!("{:?}", ledger.carried).contains("exact: false"));
        // `simulate` (a ledger) ends where the steps did.
        let ops: Vec<Operation> = (0..3_000).map(operation).collect();
        assert_eq!(simulate(&start, &ops, &options).unwrap().state, state);
    }

    /// Two ledgers of one state and options are equal whatever their carried sums have seen
    /// (one built from the state, one that applied its way there); a ledger over a state with
    /// extreme deltas (built in Rust: input cannot hold them) answers as the engine does.
    #[test]
    fn ledgers_are_equal_by_state_and_options() {
        let state = json::parse_state(&json!({
            "currency": "BRL", "status": "handling",
            "items": [ { "id": "A", "quantity": 1, "price": "40.00" } ],
            "transaction": { "payments": [ { "id": "P", "group": "creditCard", "value": "40.00" } ] }
        }))
        .unwrap();
        let options = Options::default();
        let mut applied = Ledger::new(state.clone(), options);
        for i in 0..3 {
            let outcome = applied.apply(&operation(i * 11 + 7)).unwrap();
            assert!(outcome.accepted);
        }
        let rebuilt = Ledger::new(applied.state().clone(), options);
        assert_eq!(rebuilt, applied);
        assert_eq!(applied.clone(), applied);
        assert_eq!(format!("{rebuilt:?}"), format!("{applied:?}"));
        assert_ne!(Ledger::new(state.clone(), options), applied);
        let quiet = Options {
            explain: false,
            ..options
        };
        assert_ne!(Ledger::new(applied.state().clone(), quiet), applied);

        let mut extreme = state;
        for (id, d) in [("big", Decimal::MAX), ("back", -Decimal::MAX)] {
            extreme.changes.push(Change {
                request_id: id.into(),
                reason: None,
                discount: Some(d),
                increment: None,
                items_removed: Vec::new(),
                items_added: Vec::new(),
                api: ChangeApi::V2,
            });
        }
        let ledger = Ledger::new(extreme.clone(), options);
        let op = operation(7);
        assert_eq!(
            ledger.preview(&op),
            Err(InputError::new("operation", "amounts out of range"))
        );
        assert!(engine::run(&extreme, &op, &options).is_err());
    }
}
