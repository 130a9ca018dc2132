//! One line of a store's export (api.md section 9: JSON Lines, one `{ "order": …,
//! "transaction": … }` per line), read into its two documents or into why it is not such a
//! record. The CLI's `reconcile` and Python's `read_export` both read their lines with
//! [`read_export_line`], so a damaged line gives the same `invalid` row, with the same words, in
//! both; the reading of files (chunks, gzip, threads) stays with each of them.

use super::ErrorInfo;
use crate::doc::Json;
use crate::schema::{kind_of, InputError};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// The longest export line read: 64 MiB (VTEX's largest orders are well below 1 MiB). A longer
/// line is an `invalid` row ([`line_too_long`]); its reader discards it in pieces as it reads,
/// never holding more than this of it.
pub const MAX_EXPORT_LINE: usize = 64 * 1024 * 1024;

/// One line's documents: `order` (present, maybe `null`, which the reconciliation then finds
/// invalid) and `transaction` (`None` when absent or `null`: no gateway records).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportLine<T> {
    /// The line's `order`.
    pub order: T,
    /// The line's `transaction`, unless absent or `null`.
    pub transaction: Option<T>,
}

/// What a line's documents are read into: a JSON tree ([`Json`] borrowed from the line, which
/// the CLI reconciles at once, or a [`Value`]) or, in a caller's own type, their JSON text (Python keeps the text in Arrow columns
/// and reconciles later). Either way the line is parsed once in the common case.
pub trait ExportDocument<'a>: Deserialize<'a> {
    /// The document taken from a line that had to be read whole into a tree (a line with a
    /// repeated key: the last one counts, as in a JSON object).
    fn from_value(value: Value) -> Self;
    /// Whether the document is JSON `null`.
    fn is_null(&self) -> bool;
}

impl<'a> ExportDocument<'a> for Json<'a> {
    fn from_value(value: Value) -> Self {
        Json::from(value)
    }

    fn is_null(&self) -> bool {
        Json::is_null(self)
    }
}

impl ExportDocument<'_> for Value {
    fn from_value(value: Value) -> Self {
        value
    }

    fn is_null(&self) -> bool {
        Value::is_null(self)
    }
}

/// The plain shape of a line: the object's `order` and `transaction`, other keys ignored.
#[derive(Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
struct Plain<T> {
    #[serde(default = "none", deserialize_with = "present")]
    order: Option<T>,
    #[serde(default = "none", deserialize_with = "present")]
    transaction: Option<T>,
}

fn none<T>() -> Option<T> {
    None
}

/// A key that is there is `Some`, even when its value is `null` (serde's `Option` would read
/// `null` as absent).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// A record that is not an order: `INVALID_INPUT` at path `line`.
fn line_error(message: String) -> ErrorInfo {
    ErrorInfo {
        code: InputError::CODE,
        path: "line".into(),
        message,
    }
}

/// Reads one export line (its bytes without the line end) as `{ "order": …, "transaction": …
/// }`, or says why it is not one, as the `invalid` row's error: not UTF-8 (the column of the
/// first bad byte), not JSON (serde's message and column), not an object (what it is instead),
/// all at path `line`; an object without `order` at path `order`. Keys other than `order` and
/// `transaction` are ignored. Blank lines are the caller's (the CLI and Python skip them and
/// count them).
///
/// # Errors
/// Why the line is not a record, as above.
pub fn read_export_line<'a, T: ExportDocument<'a>>(
    line: &'a [u8],
) -> Result<ExportLine<T>, ErrorInfo> {
    let text = std::str::from_utf8(line).map_err(|e| {
        line_error(format!(
            "not UTF-8: an invalid byte at column {}",
            e.valid_up_to().saturating_add(1)
        ))
    })?;
    // The common case, in one pass: an object read straight into its two documents. Only an
    // object: serde would also read `[order, transaction]` into `Plain`. Anything else (not
    // JSON, a repeated key) is read whole below to say why, or to take its parts.
    let plain = text
        .trim_start()
        .starts_with('{')
        .then(|| serde_json::from_str::<Plain<T>>(text).ok())
        .flatten();
    let (order, transaction) = match plain {
        Some(Plain { order, transaction }) => (order, transaction),
        None => {
            let value: Value = serde_json::from_str(text).map_err(|e| {
                let message = e.to_string();
                let message = match message.rfind(" at line ") {
                    Some(at) => message.get(..at).unwrap_or(&message).to_string(),
                    None => message,
                };
                line_error(format!(
                    "malformed JSON at column {}: {message}",
                    e.column()
                ))
            })?;
            let Value::Object(mut map) = value else {
                return Err(line_error(format!(
                    "expected an object {{ \"order\": …, \"transaction\": … }}, got {}",
                    kind_of(&Json::from(&value))
                )));
            };
            (
                map.remove("order").map(T::from_value),
                map.remove("transaction").map(T::from_value),
            )
        }
    };
    let Some(order) = order else {
        return Err(ErrorInfo {
            code: InputError::CODE,
            path: "order".into(),
            message: "missing: each line is { \"order\": …, \"transaction\": … }".into(),
        });
    };
    Ok(ExportLine {
        order,
        transaction: transaction.filter(|t| !t.is_null()),
    })
}

/// The error of a line longer than `max` bytes (`length` of them, without the line end): it is
/// not read.
pub fn line_too_long(length: u64, max: usize) -> ErrorInfo {
    line_error(format!(
        "a line of {length} bytes, longer than the limit of {max} bytes: not read"
    ))
}

/// The error of the line where the input stopped being readable (a truncated or corrupt
/// `.gz`): the last row of the input.
pub fn input_unreadable(error: &std::io::Error) -> ErrorInfo {
    line_error(format!("the input is unreadable here: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(line: &str) -> Result<ExportLine<Value>, String> {
        read_export_line::<Value>(line.as_bytes()).map_err(|e| format!("{}: {}", e.path, e.message))
    }

    #[test]
    fn reads_the_two_documents() {
        let line = read(r#"{"x":1,"order":{"orderId":"o1"},"transaction":{"id":"t"}}"#).unwrap();
        assert_eq!(line.order, json!({ "orderId": "o1" }));
        assert_eq!(line.transaction, Some(json!({ "id": "t" })));
        let line = read(r#"{"order":null,"transaction":null}"#).unwrap();
        assert_eq!((line.order, line.transaction), (Value::Null, None));
        // A repeated key: the last one, as a JSON object reads it.
        let line = read(r#"{"order":1,"order":2}"#).unwrap();
        assert_eq!((line.order, line.transaction), (json!(2), None));
    }

    #[test]
    fn says_why_a_line_is_not_a_record() {
        assert_eq!(
            read("[1, 2]").unwrap_err(),
            "line: expected an object { \"order\": …, \"transaction\": … }, got an array"
        );
        assert_eq!(
            read(r#"{"transaction":{}}"#).unwrap_err(),
            "order: missing: each line is { \"order\": …, \"transaction\": … }"
        );
        assert_eq!(
            read(r#"{"order": tru}"#).unwrap_err(),
            "line: malformed JSON at column 14: expected ident"
        );
        assert_eq!(
            read_export_line::<Value>(b"{\"order\":\"\xff\"}")
                .map_err(|e| e.message)
                .unwrap_err(),
            "not UTF-8: an invalid byte at column 11"
        );
        assert_eq!(
            line_too_long(70, 64).message,
            "a line of 70 bytes, longer than the limit of 64 bytes: not read"
        );
    }
}
