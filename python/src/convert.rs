//! Python values ↔ `serde_json` values: the only place that knows Python's types.
//!
//! An argument is walked once into a [`Value`], which the core's strict readers (`settlement_preview::json`)
//! then validate with paths; results are serialized by the core and turned back into plain
//! Python values (dict, list, str, int, float, bool, None). Nothing here knows a rule.
//!
//! ## What a Python value reads as (decided here, after api.md sections 2 and 3)
//! - `str` is a string; `bool` a boolean; `None` null; `dict` (string keys) an object; `list`
//!   and `tuple` arrays.
//! - `int` is a JSON integer (quantities, VTEX's cents); beyond 64 bits it is refused at its
//!   path ("write it as a decimal string").
//! - `float` is a JSON number, read as the JavaScript package and the CLI read the same number
//!   in JSON text: through its shortest decimal form (Python's `repr`, the same digits as
//!   JavaScript's), so `12.34` is the amount 12.34 and `json.loads` of a document gives what
//!   the CLI reads from its text. NaN and infinities are refused. (VTEX's documents carry
//!   floats, `unitMultiplier: 1.0`, so floats cannot be refused wholesale.)
//! - `decimal.Decimal` is its exact decimal string in plain notation (`Decimal("1E+2")` is
//!   `"100"`): an amount, never through a float. NaN and infinities are refused.
//! - anything else (bytes, sets, objects) is refused at its path.
//!
//! ## Bounds (as the JavaScript binding's, src/bindings.rs)
//! Python values can hold cycles and share references: the walk stops at a depth of 32, a
//! budget of values per argument (shared references count each time they are reached), a
//! number of fields per object and the core's list length, so no input makes it run long or
//! recurse deep. VTEX's documents get wider bounds than our own shapes.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde_json::{Map, Number, Value};
use settlement_preview::schema::{InputError, MAX_LIST_LEN, MAX_TEXT_LEN};

/// How deep input may nest (a state is 5 levels deep; a VTEX order about 8).
const MAX_DEPTH: usize = 32;
/// The most values one argument of our own shapes may hold (an order of 10 000 items is
/// about 50 000).
const MAX_VALUES: usize = 200_000;
/// The most fields an object of our own shapes may have (the widest has 12).
const MAX_FIELDS: usize = 64;

/// What one argument may hold.
#[derive(Clone, Copy)]
pub struct Limits {
    values: usize,
    fields: usize,
}

/// Our own shapes (api.md sections 3 and 4).
pub const OURS: Limits = Limits {
    values: MAX_VALUES,
    fields: MAX_FIELDS,
};

/// VTEX's documents: wide (53 fields at the top of VTEX's Get order example, ~50 per item) and
/// long; ten times our budget, sixteen times our fields, as in the JavaScript binding.
pub const VTEX: Limits = Limits {
    values: 10 * MAX_VALUES,
    fields: 16 * MAX_FIELDS,
};

/// A refusal on the way down: the message and the steps below the argument, innermost first.
struct Fault {
    steps: Vec<String>,
    message: String,
}

impl Fault {
    fn new(message: impl Into<String>) -> Self {
        Fault {
            steps: Vec::new(),
            message: message.into(),
        }
    }

    fn at(mut self, step: String) -> Self {
        self.steps.push(step);
        self
    }
}

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// `decimal.Decimal`, imported once.
fn decimal_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DECIMAL.import(py, "decimal", "Decimal")
}

struct Walk<'py> {
    budget: usize,
    limits: Limits,
    decimal: Option<Bound<'py, PyType>>,
}

impl<'py> Walk<'py> {
    fn value(&mut self, obj: &Bound<'py, PyAny>, depth: usize) -> Result<Value, Fault> {
        if self.budget == 0 {
            return Err(Fault::new(format!(
                "input too large: more than {} values in one argument",
                self.limits.values
            )));
        }
        self.budget = self.budget.saturating_sub(1);
        if obj.is_none() {
            return Ok(Value::Null);
        }
        if let Ok(b) = obj.cast::<PyBool>() {
            return Ok(Value::Bool(b.is_true()));
        }
        if let Ok(s) = obj.cast::<PyString>() {
            return s
                .to_str()
                .map(|s| Value::String(s.to_owned()))
                .map_err(|e| Fault::new(format!("could not read the string: {e}")));
        }
        if let Ok(i) = obj.cast::<PyInt>() {
            if let Ok(n) = i.extract::<i64>() {
                return Ok(Value::Number(n.into()));
            }
            if let Ok(n) = i.extract::<u64>() {
                return Ok(Value::Number(n.into()));
            }
            return Err(Fault::new(
                "an integer out of range (at most 64 bits); write it as a decimal string",
            ));
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            let v = f.value();
            return Number::from_f64(v)
                .map(Value::Number)
                .ok_or_else(|| Fault::new(format!("expected a finite number, got {v}")));
        }
        if let Ok(d) = obj.cast::<PyDict>() {
            return self.object(d, depth);
        }
        if let Ok(l) = obj.cast::<PyList>() {
            return self.array(l.len(), l.iter(), depth);
        }
        if let Ok(t) = obj.cast::<PyTuple>() {
            return self.array(t.len(), t.iter(), depth);
        }
        if let Some(decimal) = &self.decimal {
            if obj.is_instance(decimal).unwrap_or(false) {
                return decimal_text(obj).map(Value::String);
            }
        }
        let name = obj
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "value".into());
        Err(Fault::new(format!(
            "expected JSON data (dict, list, str, int, float, Decimal, bool or None), got {name}"
        )))
    }

    fn array(
        &mut self,
        len: usize,
        items: impl Iterator<Item = Bound<'py, PyAny>>,
        depth: usize,
    ) -> Result<Value, Fault> {
        if depth >= MAX_DEPTH {
            return Err(Fault::new(format!(
                "nested too deeply: at most {MAX_DEPTH} levels"
            )));
        }
        if len > MAX_LIST_LEN {
            return Err(Fault::new(format!(
                "too many entries: at most {MAX_LIST_LEN}, got {len}"
            )));
        }
        let mut out = Vec::with_capacity(len.min(self.budget));
        for (i, item) in items.enumerate() {
            out.push(
                self.value(&item, depth.saturating_add(1))
                    .map_err(|f| f.at(format!("[{i}]")))?,
            );
        }
        Ok(Value::Array(out))
    }

    fn object(&mut self, dict: &Bound<'py, PyDict>, depth: usize) -> Result<Value, Fault> {
        if depth >= MAX_DEPTH {
            return Err(Fault::new(format!(
                "nested too deeply: at most {MAX_DEPTH} levels"
            )));
        }
        let len = dict.len();
        if len > self.limits.fields {
            return Err(Fault::new(format!(
                "too many fields: at most {}, got {len}",
                self.limits.fields
            )));
        }
        let mut out = Map::new();
        for (key, item) in dict.iter() {
            let Ok(key) = key.cast::<PyString>() else {
                return Err(Fault::new("expected an object whose keys are strings"));
            };
            let key = key
                .to_str()
                .map_err(|e| Fault::new(format!("could not read a field name: {e}")))?;
            if key.len() > MAX_TEXT_LEN && key.chars().count() > MAX_TEXT_LEN {
                return Err(Fault::new(format!(
                    "a field name longer than {MAX_TEXT_LEN} characters"
                )));
            }
            let value = self
                .value(&item, depth.saturating_add(1))
                .map_err(|f| f.at(format!(".{key}")))?;
            out.insert(key.to_owned(), value);
        }
        Ok(Value::Object(out))
    }
}

/// A `decimal.Decimal` as its exact decimal string in plain notation.
fn decimal_text(obj: &Bound<'_, PyAny>) -> Result<String, Fault> {
    let finite = obj
        .call_method0("is_finite")
        .and_then(|b| b.extract::<bool>())
        .unwrap_or(false);
    if !finite {
        return Err(Fault::new(format!(
            "expected a finite decimal, got {}",
            obj.str().map(|s| s.to_string()).unwrap_or_default()
        )));
    }
    obj.call_method1("__format__", ("f",))
        .and_then(|s| s.extract::<String>())
        .map_err(|e| Fault::new(format!("could not read the decimal: {e}")))
}

/// A Python argument as a `serde_json` value; errors name `root` (`state`, `order`, …) and
/// the step below it (`state.items[3].price`).
pub fn to_value(obj: &Bound<'_, PyAny>, root: &str, limits: Limits) -> Result<Value, InputError> {
    let py = obj.py();
    let mut walk = Walk {
        budget: limits.values,
        limits,
        decimal: decimal_type(py).ok().cloned(),
    };
    walk.value(obj, 0).map_err(|fault| {
        let below: String = fault.steps.iter().rev().map(String::as_str).collect();
        InputError::new(format!("{root}{below}"), fault.message)
    })
}

/// An optional argument: `None` is absent.
pub fn optional(
    obj: Option<&Bound<'_, PyAny>>,
    root: &str,
    limits: Limits,
) -> Result<Option<Value>, InputError> {
    match obj {
        Some(o) if !o.is_none() => to_value(o, root, limits).map(Some),
        _ => Ok(None),
    }
}

static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// A result of the core as plain Python values: written as JSON text by serde (the fields in
/// the order the core declares them, as the JavaScript package gives them) and read by the
/// standard library's `json.loads` (C), which builds the dicts faster than a walk from Rust.
pub fn output<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(value)
        .map_err(|e| PyValueError::new_err(format!("could not build the result: {e}")))?;
    let loads = LOADS.import(py, "json", "loads")?;
    loads.call1((text,))
}
