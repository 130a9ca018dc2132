//! Reads one JSON object `{ "state", "operations", "options"? }` on stdin and prints
//! `{ "state", "outcomes" }` on stdout.
//!
//! An operation whose input is malformed yields `{ "error": { "code": "INVALID_INPUT", "path",
//! "message" } }` in its place in `outcomes`, and the rest go on. A malformed state, options or
//! envelope prints only `{ "error": … }` and exits with status 1.
//!
//! ```sh
//! echo '{"state": {...}, "operations": [...]}' | cargo run --quiet --release --example simulate
//! ```

use serde::Serialize;
use serde_json::Value;
use settlement_preview::{json as sp, schema, InputError, Ledger, OrderState, Outcome};
use std::io::{Read, Write};
use std::process::ExitCode;

#[derive(Serialize)]
struct ErrorBody<'a> {
    code: &'static str,
    path: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Entry {
    Outcome(Box<Outcome>),
    Error { error: ErrorBody<'static> },
}

fn error_entry(e: InputError) -> Entry {
    // Leaked once per malformed operation of a short-lived process: keeps the shapes borrowed.
    let path: &'static str = Box::leak(e.path.into_boxed_str());
    let message: &'static str = Box::leak(e.message.into_boxed_str());
    Entry::Error {
        error: ErrorBody {
            code: InputError::CODE,
            path,
            message,
        },
    }
}

#[derive(Serialize)]
struct Output {
    state: OrderState,
    outcomes: Vec<Entry>,
}

fn run(input: &str) -> Result<Output, InputError> {
    let envelope: Value = serde_json::from_str(input)
        .map_err(|e| InputError::new("", format!("expected a JSON object: {e}")))?;
    let Value::Object(map) = &envelope else {
        return Err(InputError::new(
            "",
            "expected a JSON object { state, operations, options? }",
        ));
    };
    if let Some(extra) = map
        .keys()
        .find(|k| !matches!(k.as_str(), "state" | "operations" | "options"))
    {
        return Err(InputError::new(
            extra.as_str(),
            "unknown field: expected state, operations, options",
        ));
    }
    let state = sp::parse_state(map.get("state").unwrap_or(&Value::Null))?;
    let options = sp::parse_options(map.get("options"))?;
    let operations = match map.get("operations") {
        Some(Value::Array(list)) if list.len() <= schema::MAX_LIST_LEN => list.as_slice(),
        Some(Value::Array(_)) => return Err(InputError::new("operations", "too many operations")),
        _ => {
            return Err(InputError::new(
                "operations",
                "expected an array of operations",
            ))
        }
    };
    let mut ledger = Ledger::new(state, options);
    let mut outcomes = Vec::with_capacity(operations.len());
    for (i, op) in operations.iter().enumerate() {
        let result = schema::parse_operation(op, &format!("operations[{i}]"), ledger.state())
            .and_then(|op| ledger.apply(&op));
        outcomes.push(match result {
            Ok(outcome) => Entry::Outcome(Box::new(outcome)),
            Err(e) => error_entry(e),
        });
    }
    Ok(Output {
        state: ledger.into_state(),
        outcomes,
    })
}

fn main() -> ExitCode {
    let mut input = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut input) {
        eprintln!("simulate: cannot read stdin: {e}");
        return ExitCode::FAILURE;
    }
    let (text, code) = match run(&input) {
        Ok(output) => (serde_json::to_string_pretty(&output), ExitCode::SUCCESS),
        Err(e) => (
            serde_json::to_string_pretty(&error_entry(e)),
            ExitCode::FAILURE,
        ),
    };
    let text = match text {
        Ok(text) => text,
        Err(e) => {
            eprintln!("simulate: {e}");
            return ExitCode::FAILURE;
        }
    };
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = writeln!(std::io::stdout().lock(), "{text}");
    code
}
