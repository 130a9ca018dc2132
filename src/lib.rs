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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ledger {
    state: OrderState,
    options: Options,
}

impl Ledger {
    /// A ledger over a validated state.
    pub fn new(state: OrderState, options: Options) -> Self {
        Ledger { state, options }
    }

    /// What an operation would do now.
    pub fn preview(&self, operation: &Operation) -> Result<Outcome, InputError> {
        preview(&self.state, operation, &self.options)
    }

    /// Applies an operation; an accepted one moves the state on.
    pub fn apply(&mut self, operation: &Operation) -> Result<Outcome, InputError> {
        // The ledger's own state moves on in place: no copy of the order per operation.
        let effect = engine::run(&self.state, operation, &self.options).map_err(out_of_range)?;
        if let Some(delta) = effect.delta {
            delta.apply_to(&mut self.state);
        }
        Ok(effect.outcome)
    }

    /// [`Ledger::preview`]'s outcome as its JSON text, written into `out` ([`preview_text`]).
    pub fn preview_text(
        &self,
        operation: &Operation,
        out: &mut engine::OutcomeText,
    ) -> Result<(), InputError> {
        preview_text(&self.state, operation, &self.options, out)
    }

    /// [`Ledger::apply`] with its outcome written as JSON text into `out` ([`preview_text`]).
    pub fn apply_text(
        &mut self,
        operation: &Operation,
        out: &mut engine::OutcomeText,
    ) -> Result<(), InputError> {
        let delta =
            engine::run_text(&self.state, operation, &self.options, out).map_err(out_of_range)?;
        if let Some(delta) = delta {
            delta.apply_to(&mut self.state);
        }
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
