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
