//! The Python package `settlement_preview` (issue 17, api.md section 10): a thin binding of
//! the Rust core, as src/bindings.rs is for JavaScript.
//!
//! Each function turns its Python arguments into `serde_json` values ([`convert`]), lets the
//! core's strict readers (`settlement_preview::json`) validate them once, runs the core and
//! hands the result back as plain Python values: the JSON shapes of api.md, camelCase fields,
//! amounts as decimal strings. Malformed input raises `InputError` (`code`, `path`,
//! `message`); a broken business rule is an outcome. No rule lives here.
//!
//! [`batch`] is the Arrow side: `reconcile_batch` over record batches through the Arrow
//! PyCapsule interface, and the reader of the CLI's JSON Lines export.

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod batch;
mod convert;

use convert::{optional, output, to_value, OURS, VTEX};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyAny;
use serde_json::Value;
use settlement_preview::plan::PlannedInvoice;
use settlement_preview::schema::InputError as CoreInputError;
use settlement_preview::{json, Operation, Options, OrderState};

pyo3::create_exception!(
    settlement_preview,
    InputError,
    PyValueError,
    "Malformed input (api.md section 2): `code` is \"INVALID_INPUT\", `path` names the field \
     (\"operation.items[1].quantity\"), `message` says what was expected; str(error) is \
     \"path: message\"."
);

pyo3::create_exception!(
    settlement_preview,
    PlanError,
    PyValueError,
    "A plan that cannot be made (`plan_close_out` of an order with nothing to close): `code` \
     (\"NOTHING_TO_CLOSE\"), `path` (\"state\"), `message`."
);

/// A coded Python exception of class `E` with `code`, `path` and `message` set.
fn coded<E: pyo3::PyTypeInfo>(py: Python<'_>, code: &str, path: &str, message: &str) -> PyErr {
    let err = PyErr::new::<E, _>(format!("{path}: {message}"));
    let value = err.value(py);
    // Setting attributes on a fresh exception cannot fail; if it did, it is raised anyway.
    let _ = value.setattr("code", code);
    let _ = value.setattr("path", path);
    let _ = value.setattr("message", message);
    err
}

/// The core's malformed-input error as `settlement_preview.InputError`.
pub(crate) fn input_error(e: CoreInputError) -> PyErr {
    Python::attach(|py| coded::<InputError>(py, CoreInputError::CODE, &e.path, &e.message))
}

fn state_of(state: &Bound<'_, PyAny>) -> PyResult<OrderState> {
    json::parse_state(&to_value(state, "state", OURS).map_err(input_error)?).map_err(input_error)
}

fn operation_of(operation: &Bound<'_, PyAny>, state: &OrderState) -> PyResult<Operation> {
    json::parse_operation(
        &to_value(operation, "operation", OURS).map_err(input_error)?,
        state,
    )
    .map_err(input_error)
}

fn options_of(options: Option<&Bound<'_, PyAny>>) -> PyResult<Options> {
    let value = optional(options, "options", OURS).map_err(input_error)?;
    json::parse_options(value.as_ref()).map_err(input_error)
}

/// What `operation` would do to `state`, without changing it: the outcome (api.md section 5).
#[pyfunction]
#[pyo3(signature = (state, operation, options=None))]
fn preview<'py>(
    py: Python<'py>,
    state: &Bound<'py, PyAny>,
    operation: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let state = state_of(state)?;
    let operation = operation_of(operation, &state)?;
    let options = options_of(options)?;
    output(
        py,
        &settlement_preview::preview(&state, &operation, &options).map_err(input_error)?,
    )
}

/// Applies `operation` to `state`: `{"state", "outcome"}` (the same state when rejected).
#[pyfunction]
#[pyo3(signature = (state, operation, options=None))]
fn apply<'py>(
    py: Python<'py>,
    state: &Bound<'py, PyAny>,
    operation: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let state = state_of(state)?;
    let operation = operation_of(operation, &state)?;
    let options = options_of(options)?;
    output(
        py,
        &settlement_preview::apply(&state, &operation, &options).map_err(input_error)?,
    )
}

/// Runs `operations` in order: `{"state", "outcomes"}`; errors name `operations[i]`.
#[pyfunction]
#[pyo3(signature = (state, operations, options=None))]
fn simulate<'py>(
    py: Python<'py>,
    state: &Bound<'py, PyAny>,
    operations: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let state = state_of(state)?;
    let operations = to_value(operations, "operations", OURS).map_err(input_error)?;
    let operations = json::parse_operations(&operations, &state).map_err(input_error)?;
    let options = options_of(options)?;
    output(
        py,
        &settlement_preview::simulate(&state, &operations, &options).map_err(input_error)?,
    )
}

/// VTEX's "Get order" document (and the gateway's records) → `{"state", "notes"}`.
#[pyfunction]
#[pyo3(signature = (order, transaction=None, options=None))]
fn from_vtex<'py>(
    py: Python<'py>,
    order: &Bound<'py, PyAny>,
    transaction: Option<&Bound<'py, PyAny>>,
    options: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let order = to_value(order, "order", VTEX).map_err(input_error)?;
    let transaction = optional(transaction, "transaction", VTEX).map_err(input_error)?;
    let options = optional(options, "options", OURS).map_err(input_error)?;
    output(
        py,
        &json::from_vtex(&order, transaction.as_ref(), options.as_ref()).map_err(input_error)?,
    )
}

/// A Change v2 document (VTEX's preview response, a change's detail or history entry, or a
/// create/preview request body) → `{"operation", "notes"}`: the state's `change`; `options`
/// `{"requestId"}` names a change whose document has no id.
#[pyfunction]
#[pyo3(signature = (change, state, options=None))]
fn from_vtex_change<'py>(
    py: Python<'py>,
    change: &Bound<'py, PyAny>,
    state: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let change = to_value(change, "change", VTEX).map_err(input_error)?;
    let state = state_of(state)?;
    let options = optional(options, "options", OURS).map_err(input_error)?;
    output(
        py,
        &json::from_vtex_change(&change, &state, options.as_ref()).map_err(input_error)?,
    )
}

/// The Orders API request that submits `operation`: `{"method", "path", "body"}` in cents.
#[pyfunction]
#[pyo3(signature = (state, operation, options=None))]
fn to_vtex_request<'py>(
    py: Python<'py>,
    state: &Bound<'py, PyAny>,
    operation: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let state = state_of(state)?;
    let operation = operation_of(operation, &state)?;
    let options = optional(options, "options", OURS).map_err(input_error)?;
    output(
        py,
        &json::to_vtex_request(&state, &operation, options.as_ref()).map_err(input_error)?,
    )
}

/// The output invoice of `selection` (`[{"id", "quantity"}]`): `{"operation", "breakdown"}`.
#[pyfunction]
#[pyo3(signature = (state, selection, options=None))]
fn plan_invoice<'py>(
    py: Python<'py>,
    state: &Bound<'py, PyAny>,
    selection: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    plan_selection(py, state, selection, options, json::plan_invoice)
}

/// The return of `selection` (`[{"id", "quantity"}]` of invoiced units): `{"operation",
/// "breakdown"}`, a ready `return` of what the customer paid for those units.
#[pyfunction]
#[pyo3(signature = (state, selection, options=None))]
fn plan_return<'py>(
    py: Python<'py>,
    state: &Bound<'py, PyAny>,
    selection: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    plan_selection(py, state, selection, options, json::plan_return)
}

/// [`plan_invoice`] and [`plan_return`]: reads `state`, `selection` and `options` as the core's
/// strict readers do, and runs `plan` on them.
fn plan_selection<'py>(
    py: Python<'py>,
    state: &Bound<'py, PyAny>,
    selection: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyAny>>,
    plan: fn(&OrderState, &Value, Option<&Value>) -> Result<PlannedInvoice, CoreInputError>,
) -> PyResult<Bound<'py, PyAny>> {
    let state = state_of(state)?;
    let selection = to_value(selection, "selection", OURS).map_err(input_error)?;
    let options = optional(options, "options", OURS).map_err(input_error)?;
    output(
        py,
        &plan(&state, &selection, options.as_ref()).map_err(input_error)?,
    )
}

/// The `change` that closes a partially invoiced order; `PlanError` (`NOTHING_TO_CLOSE`)
/// when there is nothing to close.
#[pyfunction]
fn plan_close_out<'py>(py: Python<'py>, state: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let state = state_of(state)?;
    match json::plan_close_out(&state) {
        Ok(operation) => output(py, &operation),
        Err(e) => Err(coded::<PlanError>(py, e.code.as_str(), "state", &e.message)),
    }
}

/// Reconciles one order (api.md section 9): never raises on the documents' content (an
/// unreadable document is `status: "invalid"` with `error`); only options can be malformed.
#[pyfunction]
#[pyo3(signature = (order, transaction=None, options=None))]
fn reconcile<'py>(
    py: Python<'py>,
    order: &Bound<'py, PyAny>,
    transaction: Option<&Bound<'py, PyAny>>,
    options: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let options = optional(options, "options", OURS).map_err(input_error)?;
    // The documents' own conversion problems (a set, a NaN) are the result's `error`, as
    // anything else unreadable in them is.
    let documents = to_value(order, "order", VTEX).and_then(|order| {
        optional(transaction, "transaction", VTEX).map(|transaction| (order, transaction))
    });
    let result = match documents {
        Ok((order, transaction)) => {
            json::reconcile(&order, transaction.as_ref(), options.as_ref()).map_err(input_error)?
        }
        Err(e) => {
            // Options are checked first, so that they raise whatever the documents hold.
            let _ = settlement_preview::reconcile::parse_options(options.as_ref())
                .map_err(input_error)?;
            settlement_preview::reconcile::Reconciliation::unreadable(e)
        }
    };
    output(py, &result)
}

/// The package version (the Rust crate's).
#[pyfunction]
fn version() -> &'static str {
    settlement_preview::version()
}

/// A state parsed once, for many cheap previews, and applies that move it on.
#[pyclass(name = "Ledger", module = "settlement_preview")]
struct PyLedger {
    inner: settlement_preview::Ledger,
}

#[pymethods]
impl PyLedger {
    /// Reads and validates `state` (and `options`) once.
    #[new]
    #[pyo3(signature = (state, options=None))]
    fn new(state: &Bound<'_, PyAny>, options: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let state = state_of(state)?;
        let options = options_of(options)?;
        Ok(PyLedger {
            inner: settlement_preview::Ledger::new(state, options),
        })
    }

    /// What `operation` would do now.
    fn preview<'py>(
        &self,
        py: Python<'py>,
        operation: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let operation = operation_of(operation, self.inner.state())?;
        output(py, &self.inner.preview(&operation).map_err(input_error)?)
    }

    /// Applies `operation`; an accepted one moves the ledger's state on.
    fn apply<'py>(
        &mut self,
        py: Python<'py>,
        operation: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let operation = operation_of(operation, self.inner.state())?;
        output(py, &self.inner.apply(&operation).map_err(input_error)?)
    }

    /// The current state (a new dict each call).
    fn state<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        output(py, self.inner.state())
    }
}

/// JSON text of a Python value, as the core reads it (for tests of the conversion).
#[pyfunction]
fn _to_json(value: &Bound<'_, PyAny>) -> PyResult<String> {
    let v: Value = to_value(value, "value", OURS).map_err(input_error)?;
    Ok(v.to_string())
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("PlanError", py.get_type::<PlanError>())?;
    m.add(
        "REPORT_COLUMNS",
        settlement_preview::reconcile::REPORT_COLUMNS.to_vec(),
    )?;
    m.add_class::<PyLedger>()?;
    m.add_class::<batch::ArrowBatch>()?;
    m.add_class::<batch::ExportReader>()?;
    m.add_function(wrap_pyfunction!(preview, m)?)?;
    m.add_function(wrap_pyfunction!(apply, m)?)?;
    m.add_function(wrap_pyfunction!(simulate, m)?)?;
    m.add_function(wrap_pyfunction!(from_vtex, m)?)?;
    m.add_function(wrap_pyfunction!(from_vtex_change, m)?)?;
    m.add_function(wrap_pyfunction!(to_vtex_request, m)?)?;
    m.add_function(wrap_pyfunction!(plan_invoice, m)?)?;
    m.add_function(wrap_pyfunction!(plan_return, m)?)?;
    m.add_function(wrap_pyfunction!(plan_close_out, m)?)?;
    m.add_function(wrap_pyfunction!(reconcile, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add_function(wrap_pyfunction!(_to_json, m)?)?;
    m.add_function(wrap_pyfunction!(batch::reconcile_batch, m)?)?;
    m.add_function(wrap_pyfunction!(batch::read_export, m)?)?;
    Ok(())
}
