//! JSON text written by hand, straight into one `String` (issue 20).
//!
//! The WebAssembly bindings hand an outcome to JavaScript as one JSON text that `JSON.parse`
//! reads. Written through `serde_json::to_string` (its `Serializer` over an `io::Write`, a
//! `serialize_map` for the flattened figures, an escape pass over every string) that text cost
//! more than the engine's work in the `opt-level = "z"` module: 40 % of a `ledger.preview`.
//! [`JsonText`] writes the same bytes (the same key order and escapes, so `serde_json` and this
//! writer are interchangeable, tests/scenarios.rs and tests/properties.rs compare the two) with
//! a `push_str` per piece into a `String` sized once.

use crate::money;
use rust_decimal::Decimal;

/// A JSON text being written. Keys are written with their punctuation by the caller
/// (`",\"cancel\":"`): the shapes are fixed, so the writer keeps no state of its own.
#[derive(Debug, Default)]
pub struct JsonText {
    out: String,
}

impl JsonText {
    /// An empty text with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        JsonText {
            out: String::with_capacity(capacity),
        }
    }

    /// Text written as it is: punctuation, keys, `true`.
    pub fn raw(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// A string, quoted and escaped as `serde_json` escapes it: `"` and `\`, the control
    /// characters below U+0020 (`\b`, `\t`, `\n`, `\f`, `\r`, else `\u00XX`); everything
    /// else as it is.
    pub fn string(&mut self, text: &str) {
        self.out.push('"');
        let mut start = 0;
        for (i, byte) in text.bytes().enumerate() {
            let escape = match byte {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                0x08 => "\\b",
                b'\t' => "\\t",
                b'\n' => "\\n",
                0x0c => "\\f",
                b'\r' => "\\r",
                0..=0x1f => "",
                _ => continue,
            };
            // `i` is at an ASCII byte, so both ends are character boundaries.
            self.out.push_str(text.get(start..i).unwrap_or_default());
            if escape.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                self.out.push_str("\\u00");
                for nibble in [byte >> 4, byte & 0xf] {
                    let digit = HEX.get(usize::from(nibble)).copied().unwrap_or(b'0');
                    self.out.push(char::from(digit));
                }
            } else {
                self.out.push_str(escape);
            }
            start = i.saturating_add(1);
        }
        self.out.push_str(text.get(start..).unwrap_or_default());
        self.out.push('"');
    }

    /// An amount as the crate writes it everywhere (a string: `"10.00"`).
    pub fn amount(&mut self, amount: Decimal) {
        self.out.push('"');
        self.out.push_str(money::write_amount(amount).as_str());
        self.out.push('"');
    }

    /// `true` or `false`.
    pub fn bool(&mut self, value: bool) {
        self.raw(if value { "true" } else { "false" });
    }

    /// A list: `[`, `item` for each entry with commas between, `]`.
    pub fn list<T>(&mut self, entries: &[T], mut item: impl FnMut(&mut Self, &T)) {
        self.out.push('[');
        for (i, entry) in entries.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            item(self, entry);
        }
        self.out.push(']');
    }

    /// The text.
    pub fn finish(self) -> String {
        self.out
    }
}

// ----- serde_json values (issue 20: toVtexRequest's body) ------------------------------------

impl JsonText {
    /// A `serde_json` value as `serde_json::to_string` writes it (objects in their map's order,
    /// strings escaped as [`JsonText::string`] escapes them), for the values the crate builds
    /// itself: `toVtexRequest`'s bodies, whose numbers are whole (cents, quantities). A number
    /// with a fraction is written as the `f64`'s `Display` would not be (serde_json writes
    /// `1.5`, `1e20`…), so it is written through `serde_json` itself, never seen in the `.wasm`
    /// (no body holds one). Written here so that the `.wasm` carries no `Serialize` for
    /// `Value`, its `Number` nor the float formatting behind it.
    pub fn value(&mut self, value: &serde_json::Value) {
        use serde_json::Value;
        match value {
            Value::Null => self.raw("null"),
            Value::Bool(b) => self.bool(*b),
            Value::Number(n) => self.number(n),
            Value::String(s) => self.string(s),
            Value::Array(list) => self.list(list, |w, v| w.value(v)),
            Value::Object(map) => {
                self.out.push('{');
                for (i, (key, v)) in map.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.string(key);
                    self.out.push(':');
                    self.value(v);
                }
                self.out.push('}');
            }
        }
    }

    /// A whole number as its digits (`serde_json`'s, `-` then itoa's); one with a fraction
    /// through `serde_json` (see [`JsonText::value`]).
    fn number(&mut self, n: &serde_json::Number) {
        if let Some(u) = n.as_u64() {
            self.whole(u, false);
        } else if let Some(i) = n.as_i64() {
            self.whole(i.unsigned_abs(), i < 0);
        } else {
            self.fractional(n);
        }
    }

    #[cold]
    #[inline(never)]
    fn fractional(&mut self, n: &serde_json::Number) {
        #[cfg(not(target_arch = "wasm32"))]
        self.out.push_str(&n.to_string());
        // The .wasm's bodies hold whole numbers only (cents, quantities); should one ever hold
        // a fraction, it is written as JSON's `null` rather than carry a float formatter.
        #[cfg(target_arch = "wasm32")]
        {
            let _ = n;
            self.out.push_str("null");
        }
    }

    /// A whole number (`-` when `negative`), without `core::fmt`.
    pub fn whole(&mut self, mut n: u64, negative: bool) {
        let mut digits = [0u8; 20];
        let mut start = digits.len();
        loop {
            start = start.saturating_sub(1);
            if let Some(b) = digits.get_mut(start) {
                // `n % 10` is below 10.
                #[allow(clippy::cast_possible_truncation)]
                let digit = (n % 10) as u8;
                *b = b'0'.saturating_add(digit);
            }
            n /= 10;
            if n == 0 || start == 0 {
                break;
            }
        }
        if negative {
            self.out.push('-');
        }
        for &b in digits.get(start..).unwrap_or_default() {
            self.out.push(char::from(b));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let every_ascii: String = (0u8..0x80).map(char::from).collect();
        for text in [
            "",
            "plain",
            "a \"quoted\" \\ back",
            every_ascii.as_str(),
            "ação 10 € \u{2028} \u{7f} 🎉",
            "\u{0}\u{1f}end",
        ] {
            let mut w = JsonText::default();
            w.string(text);
            assert_eq!(w.finish(), serde_json::to_string(text).unwrap());
        }
    }

    #[test]
    fn whole_numbers_as_serde_json_writes_them() {
        for (n, negative) in [
            (0, false),
            (9, false),
            (10, false),
            (12_345, true),
            (u64::MAX, false),
        ] {
            let mut w = JsonText::default();
            w.whole(n, negative);
            let want = if negative {
                format!("-{n}")
            } else {
                n.to_string()
            };
            assert_eq!(w.finish(), want);
        }
    }

    #[test]
    fn values_are_written_as_serde_json_writes_them() {
        let values = serde_json::json!([
            null, true, false, 0, 1, -1, 42, 9_007_199_254_740_991_u64, u64::MAX, i64::MIN,
            1.5, -0.25, 1e20, "a\"b\\\n", [], {}, [1, [2, {"x": null}]],
            {"type": "Output", "invoiceValue": 1999, "items": [{"id": "1", "quantity": 2}]}
        ]);
        let mut w = JsonText::default();
        w.value(&values);
        assert_eq!(w.finish(), serde_json::to_string(&values).unwrap());
    }

    #[test]
    fn lists_amounts_and_booleans() {
        let mut w = JsonText::with_capacity(8);
        w.list(&[Decimal::new(1000, 2), Decimal::new(-5, 1)], |w, a| {
            w.amount(*a)
        });
        w.raw(",");
        w.bool(true);
        w.list::<u8>(&[], |_, _| {});
        assert_eq!(w.finish(), r#"["10.00","-0.5"],true[]"#);
    }
}
