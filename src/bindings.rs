//! The WebAssembly bindings (issue 3): the only module that knows about JavaScript.
//!
//! Thin on purpose. Each entry point turns its JavaScript arguments into `serde_json` values
//! with [`read`], lets the core's strict reading (`crate::json`) validate them once, runs the
//! core and hands the result back with [`output`]. Malformed input is thrown as a real `Error`
//! with `code: "INVALID_INPUT"`, `path` and `message`; business-rule rejections are outcomes.
//! Every JavaScript access that could throw (getters, proxies) is caught, so no JavaScript
//! exception ever unwinds through Rust and a `Ledger` stays usable after any error.
//!
//! ## The boundary, fast (issue 13)
//! Crossing from WebAssembly into JavaScript costs far more than the work on either side, so
//! an argument crosses once: [`json_text`] (a few lines of JavaScript, generated into the
//! package from this file) writes it as JSON text with the very checks of the walker below,
//! and `serde_json` reads the text. Where that JavaScript cannot vouch that the text is what
//! the walker would read (a value it would refuse, a number `JSON` would change, an exception)
//! it says nothing, and the walker reads the argument one value at a time, as before, for the
//! exact error and path. Results go back as one JSON text and `JSON.parse`.
//! `benches/js/bench.mjs` (`make bench`) measures both against `JSON.parse(JSON.stringify(state))`.

use crate::schema::{self, InputError, MAX_LIST_LEN, MAX_TEXT_LEN};
use js_sys::{Array, Reflect};
use serde::Serialize;
use serde_json::{Map, Number, Value};
use wasm_bindgen::prelude::*;

/// How deep input may nest (a state is 5 levels deep; anything far deeper is not one).
const MAX_DEPTH: usize = 32;
/// The most values (objects, arrays, strings, numbers, …) one argument may hold. JavaScript
/// values can share references, so a few kilobytes of JavaScript (10 000 operations that all
/// point at one list of 10 000 items) would otherwise read as 10^8 values: minutes of work and
/// gigabytes of WebAssembly memory, then a trap. An order of 10 000 items is 50 000 values;
/// the budget keeps the memory one call can take to a few tens of megabytes.
const MAX_VALUES: usize = 200_000;
/// The most fields an object may have (the widest shape has 12): a million unknown keys are
/// refused before a single one is read.
const MAX_FIELDS: usize = 64;
/// The largest integer a JavaScript number holds exactly: 2^53 − 1.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("bindings.d.ts");

#[wasm_bindgen]
extern "C" {
    /// `Object.keys`, caught: a proxy's `ownKeys` trap may throw.
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn object_keys(value: &JsValue) -> Result<Array, JsValue>;

    /// `Array.isArray`, caught: it throws on a revoked proxy.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
}

// ----- JavaScript values to JSON text, in one crossing ----------------------------------------

// The walker below, in JavaScript: the same limits (passed in, so that they are written once),
// the same order of checks, the same reads (each property read once, so a getter runs once).
// It gives the JSON text of what the walker would read, or `undefined` wherever it cannot vouch
// for that: anything the walker refuses (BigInt, functions, symbols, non-finite numbers, objects
// that are not plain, a length that is not a whole number, too deep, too many values or fields,
// a long field name), and whole numbers beyond 2^53 − 1 (the walker reads them as floats, the
// text as integers). `JSON.stringify` is not run on the argument as a whole: it calls `toJSON`,
// unwraps boxed primitives, writes NaN as null, drops functions and has no budget; it only
// escapes each string and field name.
#[wasm_bindgen(inline_js = r#"
export function jsonText(value, maxDepth, maxValues, maxFields, maxList, maxText) {
  let budget = maxValues;
  function walk(v, depth) {
    if (budget === 0) return undefined;
    budget -= 1;
    if (v === null || v === undefined) return "null";
    switch (typeof v) {
      case "string": return JSON.stringify(v);
      case "boolean": return v ? "true" : "false";
      case "number":
        return Number.isFinite(v) && (Number.isSafeInteger(v) || !Number.isInteger(v)) ? String(v) : undefined;
      case "object": break;
      default: return undefined;
    }
    if (depth >= maxDepth) return undefined;
    depth += 1;
    if (Array.isArray(v)) {
      const n = v.length;
      if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > maxList || n > budget) return undefined;
      let text = "[";
      for (let i = 0; i < n; i++) {
        const entry = walk(v[i], depth);
        if (entry === undefined) return undefined;
        text += i === 0 ? entry : "," + entry;
      }
      return text + "]";
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== null && Object.getPrototypeOf(proto) !== null) return undefined;
    const keys = Object.keys(v);
    if (keys.length > maxFields) return undefined;
    let text = "{";
    let first = true;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (key.length > maxText) return undefined;
      const field = v[key];
      if (field === undefined) continue;
      const entry = walk(field, depth);
      if (entry === undefined) return undefined;
      text += (first ? "" : ",") + JSON.stringify(key) + ":" + entry;
      first = false;
    }
    return text + "}";
  }
  return walk(value, 0);
}
"#)]
extern "C" {
    /// The JSON text of `value` as the walker would read it, or `None` (or an exception, from
    /// a getter or a proxy) where the walker must decide.
    #[wasm_bindgen(js_name = jsonText, catch)]
    fn json_text(
        value: &JsValue,
        max_depth: u32,
        max_values: u32,
        max_fields: u32,
        max_list: u32,
        max_text: u32,
    ) -> Result<Option<String>, JsValue>;
}

/// The JSON text of an argument, in one crossing, where the JavaScript side vouches that it is
/// what the walker would read; `None` sends the caller to the walker.
fn vouched_text(value: &JsValue) -> Option<String> {
    let limit = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    json_text(
        value,
        limit(MAX_DEPTH),
        limit(MAX_VALUES),
        limit(MAX_FIELDS),
        limit(MAX_LIST_LEN),
        limit(MAX_TEXT_LEN),
    )
    .ok()
    .flatten()
}

// ----- JavaScript values to JSON -------------------------------------------------------------

/// One step of a path: a field or an index.
enum Step {
    Key(String),
    Index(u32),
}

/// A problem found while walking: the steps below the root (innermost first) and the message.
struct Fault {
    steps: Vec<Step>,
    message: String,
}

impl Fault {
    fn new(message: impl Into<String>) -> Self {
        Fault {
            steps: Vec::new(),
            message: message.into(),
        }
    }

    fn at(mut self, step: Step) -> Self {
        self.steps.push(step);
        self
    }

    fn into_input_error(self, root: &str) -> InputError {
        let mut path = root.to_string();
        for step in self.steps.iter().rev() {
            match step {
                Step::Key(key) => {
                    path.push('.');
                    path.push_str(key);
                }
                Step::Index(i) => path.push_str(&format!("[{i}]")),
            }
        }
        InputError::new(path, self.message)
    }
}

/// The text of a caught JavaScript exception, for a message.
fn describe(exception: &JsValue) -> String {
    exception
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| exception.as_string())
        .unwrap_or_else(|| "an exception".to_string())
}

fn unreadable(exception: &JsValue) -> Fault {
    Fault::new(format!("could not read the value: {}", describe(exception)))
}

/// Reads a JavaScript argument as JSON; errors name `root` (`state`, `operation`, …). A
/// missing argument (`undefined`) is refused here; below the top `undefined` is an absent
/// field, as in `JSON.stringify`.
///
/// Fast first: the vouched text, read by `serde_json` into the very value the walker builds
/// (strings unescaped, whole numbers, all within ±(2^53 − 1), as integers, the rest through
/// `float_roundtrip` as the same `f64`). A lone surrogate, which the walker reads as U+FFFD,
/// makes the text invalid, and so also goes to the walker.
fn read(value: &JsValue, root: &str) -> Result<Value, InputError> {
    if !value.is_undefined() {
        if let Some(value) = vouched_text(value).and_then(|t| serde_json::from_str(&t).ok()) {
            return Ok(value);
        }
    }
    read_walking(value, root)
}

/// [`read`] by the walker alone, one value at a time: the exact error and path of anything
/// the fast read does not vouch for.
fn read_walking(value: &JsValue, root: &str) -> Result<Value, InputError> {
    if value.is_undefined() {
        return Err(InputError::new(root, "missing: got undefined"));
    }
    let mut budget = MAX_VALUES;
    walk(value, 0, &mut budget).map_err(|fault| fault.into_input_error(root))
}

fn too_large() -> Fault {
    Fault::new(format!(
        "input too large: more than {MAX_VALUES} values in one argument"
    ))
}

/// `budget` is how many more values this argument may hold.
fn walk(value: &JsValue, depth: usize, budget: &mut usize) -> Result<Value, Fault> {
    *budget = budget.checked_sub(1).ok_or_else(too_large)?;
    if value.is_null() || value.is_undefined() {
        return Ok(Value::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(n) = value.as_f64() {
        return number(n).map(Value::Number);
    }
    if let Some(s) = value.as_string() {
        return Ok(Value::String(s));
    }
    if value.is_bigint() {
        return Err(Fault::new(
            "expected a decimal string or a number, got a BigInt",
        ));
    }
    if value.is_function() {
        return Err(Fault::new("expected JSON data, got a function"));
    }
    if value.is_symbol() {
        return Err(Fault::new("expected JSON data, got a symbol"));
    }
    if !value.is_object() {
        return Err(Fault::new("expected JSON data"));
    }
    if depth >= MAX_DEPTH {
        return Err(Fault::new(format!(
            "nested too deeply: at most {MAX_DEPTH} levels"
        )));
    }
    let depth = depth.saturating_add(1);
    if is_array(value).map_err(|e| unreadable(&e))? {
        array(value, depth, budget)
    } else {
        object(value, depth, budget)
    }
}

/// A finite number: whole numbers within ±(2^53 − 1) as integers, the rest as floats (the
/// core reads an amount through its shortest decimal form).
fn number(n: f64) -> Result<Number, Fault> {
    if !n.is_finite() {
        return Err(Fault::new(format!("expected a finite number, got {n}")));
    }
    if n.fract() == 0.0 && n.abs() <= MAX_SAFE_INTEGER {
        // Exact: n is whole and |n| ≤ 2^53 − 1.
        #[allow(clippy::cast_possible_truncation)]
        return Ok(Number::from(n as i64));
    }
    Number::from_f64(n).ok_or_else(|| Fault::new("expected a finite number"))
}

fn array(value: &JsValue, depth: usize, budget: &mut usize) -> Result<Value, Fault> {
    let length = Reflect::get(value, &JsValue::from_str("length")).map_err(|e| unreadable(&e))?;
    // A real array's length is a number; a proxy's `get` trap may say anything.
    let Some(length) = length.as_f64() else {
        return Err(Fault::new("expected an array whose length is a number"));
    };
    // Refused before reading a single entry: an order of a million items fails fast.
    #[allow(clippy::cast_precision_loss)]
    if length > MAX_LIST_LEN as f64 {
        return Err(Fault::new(format!(
            "too many entries: at most {MAX_LIST_LEN}, got {length}"
        )));
    }
    #[allow(clippy::cast_precision_loss)]
    if length > *budget as f64 {
        return Err(too_large());
    }
    // Exact: 0 ≤ length ≤ MAX_LIST_LEN.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let length = length as u32;
    let mut list = Vec::with_capacity(length as usize);
    for i in 0..length {
        let entry = Reflect::get_u32(value, i).map_err(|e| unreadable(&e).at(Step::Index(i)))?;
        list.push(walk(&entry, depth, budget).map_err(|f| f.at(Step::Index(i)))?);
    }
    Ok(Value::Array(list))
}

fn object(value: &JsValue, depth: usize, budget: &mut usize) -> Result<Value, Fault> {
    // Plain objects only (their prototype is an `Object.prototype`, of any realm, or null):
    // a Map, a Date or a class instance is not JSON data.
    let proto = Reflect::get_prototype_of(value).map_err(|e| unreadable(&e))?;
    if !proto.is_null() {
        let above = Reflect::get_prototype_of(&proto).map_err(|e| unreadable(&e))?;
        if !above.is_null() {
            return Err(Fault::new(format!(
                "expected a plain object, got {}",
                constructor_name(&proto)
            )));
        }
    }
    let keys = object_keys(value).map_err(|e| unreadable(&e))?;
    let count = keys.length();
    if usize::try_from(count).map_or(true, |n| n > MAX_FIELDS) {
        return Err(Fault::new(format!(
            "too many fields: at most {MAX_FIELDS}, got {count}"
        )));
    }
    let mut map = Map::new();
    for key in keys.iter() {
        let Some(name) = key.as_string() else {
            continue;
        };
        // No field name is long; a megabyte one would only make a megabyte path.
        if name.chars().count() > MAX_TEXT_LEN {
            return Err(Fault::new(format!(
                "a field name longer than {MAX_TEXT_LEN} characters"
            )));
        }
        let entry =
            Reflect::get(value, &key).map_err(|e| unreadable(&e).at(Step::Key(name.clone())))?;
        // `undefined` is an absent field, as in JSON.stringify.
        if entry.is_undefined() {
            continue;
        }
        let entry = walk(&entry, depth, budget).map_err(|f| f.at(Step::Key(name.clone())))?;
        map.insert(name, entry);
    }
    Ok(Value::Object(map))
}

fn constructor_name(proto: &JsValue) -> String {
    Reflect::get(proto, &JsValue::from_str("constructor"))
        .ok()
        .and_then(|c| Reflect::get(&c, &JsValue::from_str("name")).ok())
        .and_then(|n| n.as_string())
        .filter(|n| !n.is_empty())
        .map_or_else(
            || "an object that is not plain".to_string(),
            |n| format!("a {n}"),
        )
}

// ----- Results and errors --------------------------------------------------------------------

/// The `Error` JavaScript sees for malformed input: `code`, `path`, and a message that says
/// what was expected (prefixed with the path, for logs).
fn input_error(error: InputError) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    // Setting a property on a fresh Error cannot fail; if it did, the Error is still thrown.
    let _ = Reflect::set(&js, &"code".into(), &InputError::CODE.into());
    let _ = Reflect::set(&js, &"path".into(), &error.path.into());
    js.into()
}

/// A result as plain objects and arrays (amounts are strings already, quantities safe
/// integers): written as JSON text in WebAssembly and read by `JSON.parse`, one crossing. It
/// gives what `serde_wasm_bindgen`'s JSON-compatible serializer gave (`None` is `null`, maps
/// are objects) several times faster, since that one builds the objects property by property.
fn output<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let failed = |e: &dyn std::fmt::Display| -> JsValue {
        js_sys::Error::new(&format!("could not build the result: {e}")).into()
    };
    let text = serde_json::to_string(value).map_err(|e| failed(&e))?;
    js_sys::JSON::parse(&text).map_err(|e| failed(&describe(&e)))
}

fn state_of(state: &JsValue) -> Result<crate::OrderState, JsValue> {
    // A state goes straight from its text into the shapes, without a `serde_json` value.
    if !state.is_undefined() {
        let parsed = vouched_text(state).and_then(|text| schema::parse_state_text(&text, "state"));
        if let Some(parsed) = parsed {
            return parsed.map_err(input_error);
        }
    }
    let value = read_walking(state, "state").map_err(input_error)?;
    crate::json::parse_state(&value).map_err(input_error)
}

fn operation_of(
    operation: &JsValue,
    state: &crate::OrderState,
) -> Result<crate::Operation, JsValue> {
    crate::json::parse_operation(&read(operation, "operation").map_err(input_error)?, state)
        .map_err(input_error)
}

fn options_of(options: Option<JsValue>) -> Result<crate::Options, JsValue> {
    let value = match options {
        Some(v) => Some(read(&v, "options").map_err(input_error)?),
        None => None,
    };
    crate::json::parse_options(value.as_ref()).map_err(input_error)
}

// ----- The API -------------------------------------------------------------------------------

/// What `operation` would do to `state`, without changing it. Throws an `InputError`
/// (`code: "INVALID_INPUT"`) for malformed input; a broken business rule is an outcome with
/// `accepted: false`.
#[wasm_bindgen(unchecked_return_type = "Outcome")]
pub fn preview(
    #[wasm_bindgen(unchecked_param_type = "OrderStateInput")] state: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Operation")] operation: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options | null")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let state = state_of(&state)?;
    let operation = operation_of(&operation, &state)?;
    let options = options_of(options)?;
    output(&crate::preview(&state, &operation, &options).map_err(input_error)?)
}

/// Applies `operation` to `state`: the new state (a new object; the same state when the
/// operation is rejected) and the outcome `preview` gives.
#[wasm_bindgen(unchecked_return_type = "Applied")]
pub fn apply(
    #[wasm_bindgen(unchecked_param_type = "OrderStateInput")] state: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Operation")] operation: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options | null")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let state = state_of(&state)?;
    let operation = operation_of(&operation, &state)?;
    let options = options_of(options)?;
    output(&crate::apply(&state, &operation, &options).map_err(input_error)?)
}

/// Runs `operations` in order: the final state and one outcome per operation (a rejected
/// operation leaves the state as it was). Throws at the first malformed operation, with a
/// path such as `operations[2].value`.
#[wasm_bindgen(unchecked_return_type = "Simulation")]
pub fn simulate(
    #[wasm_bindgen(unchecked_param_type = "OrderStateInput")] state: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Operation[]")] operations: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options | null")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let state = state_of(&state)?;
    let operations = read(&operations, "operations").map_err(input_error)?;
    let operations = crate::json::parse_operations(&operations, &state).map_err(input_error)?;
    let options = options_of(options)?;
    output(&crate::simulate(&state, &operations, &options).map_err(input_error)?)
}

/// Reads VTEX's "Get order" document (and, optionally, the gateway's records) into a state:
/// `{ state, notes }` (api.md section 7). Throws `INVALID_INPUT` with a path under `order`,
/// `transaction` or `options`.
#[wasm_bindgen(js_name = fromVtex, unchecked_return_type = "FromVtexResult")]
pub fn from_vtex(
    #[wasm_bindgen(unchecked_param_type = "VtexOrder")] order: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "VtexTransaction | null")] transaction: Option<
        JsValue,
    >,
    #[wasm_bindgen(unchecked_optional_param_type = "FromVtexOptions | null")] options: Option<
        JsValue,
    >,
) -> Result<JsValue, JsValue> {
    let order = read(&order, "order").map_err(input_error)?;
    let transaction = optional(transaction, "transaction")?;
    let options = optional(options, "options")?;
    output(
        &crate::json::from_vtex(&order, transaction.as_ref(), options.as_ref())
            .map_err(input_error)?,
    )
}

/// The Orders API request that submits `operation`: `{ method, path, body }`, in VTEX's field
/// names and integer cents. Throws `INVALID_INPUT` (a state without `orderId`, an amount that
/// is not a whole number of minor units).
#[wasm_bindgen(js_name = toVtexRequest, unchecked_return_type = "VtexRequest")]
pub fn to_vtex_request(
    #[wasm_bindgen(unchecked_param_type = "OrderStateInput")] state: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Operation")] operation: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "VtexRequestOptions | null")] options: Option<
        JsValue,
    >,
) -> Result<JsValue, JsValue> {
    let state = state_of(&state)?;
    let operation = operation_of(&operation, &state)?;
    let options = optional(options, "options")?;
    output(
        &crate::json::to_vtex_request(&state, &operation, options.as_ref()).map_err(input_error)?,
    )
}

/// Plans the output invoice of `selection` (`[{ id, quantity }]`): `{ operation, breakdown }`.
#[wasm_bindgen(js_name = planInvoice, unchecked_return_type = "PlannedInvoice")]
pub fn plan_invoice(
    #[wasm_bindgen(unchecked_param_type = "OrderStateInput")] state: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Selection")] selection: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "PlanInvoiceOptions | null")] options: Option<
        JsValue,
    >,
) -> Result<JsValue, JsValue> {
    let state = state_of(&state)?;
    let selection = read(&selection, "selection").map_err(input_error)?;
    let options = optional(options, "options")?;
    output(&crate::json::plan_invoice(&state, &selection, options.as_ref()).map_err(input_error)?)
}

/// The `change` that closes a partially invoiced order (discount V − I, the uninvoiced units
/// removed). Throws an `Error` with `code: "NOTHING_TO_CLOSE"` when there is nothing to close.
#[wasm_bindgen(js_name = planCloseOut, unchecked_return_type = "ChangeOperation")]
pub fn plan_close_out(
    #[wasm_bindgen(unchecked_param_type = "OrderStateInput")] state: JsValue,
) -> Result<JsValue, JsValue> {
    let state = state_of(&state)?;
    match crate::json::plan_close_out(&state) {
        Ok(operation) => output(&operation),
        Err(error) => {
            let js = js_sys::Error::new(&error.message);
            let _ = Reflect::set(&js, &"code".into(), &error.code.as_str().into());
            let _ = Reflect::set(&js, &"path".into(), &"state".into());
            Err(js.into())
        }
    }
}

/// An optional argument: absent (`undefined`) or `null` is `None`.
fn optional(value: Option<JsValue>, root: &str) -> Result<Option<Value>, JsValue> {
    match value {
        Some(v) if !v.is_null() && !v.is_undefined() => {
            read(&v, root).map(Some).map_err(input_error)
        }
        _ => Ok(None),
    }
}

/// The package version.
#[wasm_bindgen]
pub fn version() -> String {
    crate::version().to_string()
}

/// A state parsed once, for many cheap previews, and applies that move it on. Call `free()`
/// to release its WebAssembly memory at once (or let the garbage collector do it).
#[wasm_bindgen(js_name = Ledger)]
pub struct JsLedger {
    inner: crate::Ledger,
}

#[wasm_bindgen(js_class = Ledger)]
impl JsLedger {
    /// Reads and validates `state` (and `options`) once.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "OrderStateInput")] state: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Options | null")] options: Option<JsValue>,
    ) -> Result<JsLedger, JsValue> {
        let state = state_of(&state)?;
        let options = options_of(options)?;
        Ok(JsLedger {
            inner: crate::Ledger::new(state, options),
        })
    }

    /// What `operation` would do now.
    #[wasm_bindgen(unchecked_return_type = "Outcome")]
    pub fn preview(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Operation")] operation: JsValue,
    ) -> Result<JsValue, JsValue> {
        let operation = operation_of(&operation, self.inner.state())?;
        output(&self.inner.preview(&operation).map_err(input_error)?)
    }

    /// Applies `operation`; an accepted one moves the ledger's state on.
    #[wasm_bindgen(unchecked_return_type = "Outcome")]
    pub fn apply(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Operation")] operation: JsValue,
    ) -> Result<JsValue, JsValue> {
        let operation = operation_of(&operation, self.inner.state())?;
        output(&self.inner.apply(&operation).map_err(input_error)?)
    }

    /// The current state (a new object each call).
    #[wasm_bindgen(unchecked_return_type = "OrderState")]
    pub fn state(&self) -> Result<JsValue, JsValue> {
        output(self.inner.state())
    }
}
