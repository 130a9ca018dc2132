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
///
/// The text is kept as bytes and checked as UTF-8 once, by [`JsonText::finish`]: an amount's
/// digits and an escape go in without a check of their own each, and every piece is one copy
/// (in the size-optimised `.wasm`, `String::push` of a `char` is a call that encodes it).
///
/// The bytes are written into a buffer that is all initialised (`out`, of which `len` are the
/// text), so that a short piece is copied by a few 8-byte loads and stores ([`copy`]) rather
/// than a `memory.copy`, which V8 runs as a call of ~5.5 ns whatever the length (an outcome is
/// ~180 pieces, most under 32 bytes); the buffer can be kept and written again by the next
/// call ([`JsonText::reusing`]), so a preview's text allocates nothing (issue 20).
#[derive(Debug, Clone, Default)]
pub struct JsonText {
    out: Vec<u8>,
    len: usize,
}

impl JsonText {
    /// An empty text with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        JsonText {
            out: vec![0; capacity],
            len: 0,
        }
    }

    /// An empty text written into `buffer` (whatever it holds), with room for at least
    /// `capacity` bytes: a buffer given back by [`JsonText::into_buffer`] is written again
    /// without an allocation.
    pub fn reusing(mut buffer: Vec<u8>, capacity: usize) -> Self {
        if buffer.len() < capacity {
            buffer.resize(capacity, 0);
        }
        JsonText {
            out: buffer,
            len: 0,
        }
    }

    /// Forgets the text, keeping the buffer: the next text is written over it without an
    /// allocation (the engine's outcome text and its explanation's lines, issue 20).
    pub fn clear(&mut self) {
        self.len = 0;
    }

    /// The text's length in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing is written.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Room for `more` bytes after the text at once (one allocation where the pieces to come
    /// are known, a line's words: [`crate::explain`]).
    pub(crate) fn reserve(&mut self, more: usize) {
        let end = self.len.saturating_add(more);
        if end > self.out.len() {
            self.grow(end);
        }
    }

    /// Moves the bytes written since `start` before everything else (the first line of an
    /// explanation, written last: [`crate::explain::Explainer::say_first`]).
    pub(crate) fn move_tail_to_front(&mut self, start: usize) {
        let moved = self.len.saturating_sub(start);
        if let Some(text) = self.out.get_mut(..self.len) {
            text.rotate_right(moved);
        }
    }

    /// The buffer, for [`JsonText::reusing`].
    pub fn into_buffer(self) -> Vec<u8> {
        self.out
    }

    /// Copies `bytes` after the text (ASCII, or whole UTF-8 characters: see
    /// [`JsonText::finish`]).
    #[inline]
    pub(crate) fn put(&mut self, bytes: &[u8]) {
        let end = self.len.saturating_add(bytes.len());
        if end > self.out.len() {
            self.grow(end);
        }
        if let Some(into) = self.out.get_mut(self.len..end) {
            copy(into, bytes);
            self.len = end;
        }
    }

    /// Puts `byte` after the text.
    #[inline]
    fn byte(&mut self, byte: u8) {
        if self.len >= self.out.len() {
            self.grow(self.len.saturating_add(1));
        }
        if let Some(at) = self.out.get_mut(self.len) {
            *at = byte;
            self.len = self.len.saturating_add(1);
        }
    }

    /// Room for at least `end` bytes (twice the room there was, when that is more).
    #[cold]
    #[inline(never)]
    fn grow(&mut self, end: usize) {
        let room = end.max(self.out.len().saturating_mul(2)).max(64);
        self.out.resize(room, 0);
    }

    /// The text's bytes so far.
    pub fn bytes(&self) -> &[u8] {
        self.out.get(..self.len).unwrap_or_default()
    }

    /// Whether the text written so far is ASCII ([`ascii`]).
    pub fn is_ascii(&self) -> bool {
        ascii(self.bytes())
    }

    /// The text written so far, borrowed (see [`JsonText::finish`] for why it is UTF-8).
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match std::str::from_utf8(self.bytes()) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(self.bytes()),
        }
    }

    /// Text written as it is: punctuation, keys, `true`.
    pub fn raw(&mut self, text: &str) {
        self.put(text.as_bytes());
    }

    /// A string, quoted and escaped as `serde_json` escapes it: `"` and `\`, the control
    /// characters below U+0020 (`\b`, `\t`, `\n`, `\f`, `\r`, else `\u00XX`); everything
    /// else as it is.
    ///
    /// Most strings have nothing to escape (an explanation's line, 100–200 bytes, is most of
    /// an outcome's text): they are checked eight bytes at a time ([`clean_word`]) and copied in
    /// one piece; only a word with a byte to escape is looked at byte by byte (issue 20).
    pub fn string(&mut self, text: &str) {
        self.byte(b'"');
        self.string_body(text);
        self.byte(b'"');
    }

    /// [`JsonText::string`] without its quotes: the caller writes them as part of the pieces
    /// around it (`","text":"` before, `"}` after), one copy fewer per string (issue 20).
    pub fn string_body(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut start = 0;
        let mut at = 0;
        // Bytes up to `checked` are to be looked at one by one (a word that was not clean).
        let mut checked = 0;
        while let Some(&byte) = bytes.get(at) {
            if at >= checked {
                // Eight bytes at a time while they are clean (a plain loop: at `"z"` the
                // iterator adapters it replaces were calls per word).
                while let Some(word) = bytes.get(at..at.saturating_add(8)) {
                    match <[u8; 8]>::try_from(word) {
                        Ok(word) if clean_word(word) => at = at.saturating_add(8),
                        _ => break,
                    }
                }
                checked = at.saturating_add(8);
                continue;
            }
            let escape: &[u8] = match byte {
                b'"' => b"\\\"",
                b'\\' => b"\\\\",
                0x08 => b"\\b",
                b'\t' => b"\\t",
                b'\n' => b"\\n",
                0x0c => b"\\f",
                b'\r' => b"\\r",
                0..=0x1f => b"",
                _ => {
                    at = at.saturating_add(1);
                    continue;
                }
            };
            self.put(bytes.get(start..at).unwrap_or_default());
            if escape.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let hex = |nibble: u8| HEX.get(usize::from(nibble)).copied().unwrap_or(b'0');
                self.put(&[b'\\', b'u', b'0', b'0', hex(byte >> 4), hex(byte & 0xf)]);
            } else {
                self.put(escape);
            }
            at = at.saturating_add(1);
            start = at;
        }
        self.put(bytes.get(start..).unwrap_or_default());
    }

    /// An amount as the crate writes it everywhere (a string: `"10.00"`), in one piece: its
    /// digits go straight into the text.
    pub fn amount(&mut self, amount: Decimal) {
        // Zero, a third of an outcome's amounts (`"0.00"`), is one copy of a constant.
        const ZEROS: [&str; 4] = ["\"0\"", "\"0.0\"", "\"0.00\"", "\"0.000\""];
        if amount.is_zero() && amount.is_sign_positive() {
            let scale = usize::try_from(amount.scale()).unwrap_or(usize::MAX);
            if let Some(zero) = ZEROS.get(scale) {
                self.raw(zero);
                return;
            }
        }
        self.amount_text(amount, true);
    }

    /// An amount's text as [`money::write_amount`] writes it (between quotes when `quoted`),
    /// in place: by [`money::ShortAmount`] (no 64-bit division per digit) when its mantissa is
    /// below 2^32, which every amount of a preview is in practice. The JSON writer's amounts
    /// and the explanation's lines both write through this (issue 20).
    pub(crate) fn amount_text(&mut self, amount: Decimal, quoted: bool) {
        match money::ShortAmount::of(&amount, quoted) {
            Some(short) => {
                let end = self.len.saturating_add(short.width);
                if end > self.out.len() {
                    self.grow(end);
                }
                if let Some(into) = self.out.get_mut(self.len..end) {
                    short.write(into);
                    self.len = end;
                }
            }
            None => {
                let mut text = money::write_amount(amount);
                self.put(if quoted {
                    text.quoted()
                } else {
                    text.as_bytes()
                });
            }
        }
    }

    /// A key and its amount (`,"cancel":"0.00"`): one piece when the amount is zero at two
    /// digits (a third of an outcome's amounts in most currencies), else the key and the amount
    /// ([`Key`]).
    pub fn field(&mut self, key: &Key, amount: Decimal) {
        if amount.is_zero() && amount.is_sign_positive() && amount.scale() == 2 {
            self.raw(key.zero);
            return;
        }
        self.raw(key.key);
        self.amount(amount);
    }

    // ----- The token form of an outcome (issue 20: `outcome::Form::Tokens`) ------------------

    /// A whole number of the token form: base-64 digits, most significant first, each but the
    /// last written `0x40 | digit` and the last `digit` (below `0x40`), so that a number below
    /// 64 (a count, a flag, most strings' lengths) is one byte, and every byte is ASCII (the
    /// text stays UTF-8 whatever the strings in it). JavaScript reads it with `charCodeAt`. A
    /// first byte is never `0x7c`–`0x7f` (a leading zero digit goes before a first digit of 60
    /// or more): those bytes are zero amounts ([`JsonText::amount_token`]).
    pub(crate) fn natural(&mut self, n: usize) {
        if let Ok(byte @ 0..=63) = u8::try_from(n) {
            self.byte(byte);
            return;
        }
        let mut digits = [0_u8; 12];
        let mut start = digits.len();
        let mut rest = n;
        let mut last = true;
        loop {
            start = start.saturating_sub(1);
            // `rest & 63` is below 64: the cast is exact.
            #[allow(clippy::cast_possible_truncation)]
            let digit = (rest & 63) as u8;
            if let Some(d) = digits.get_mut(start) {
                *d = if last { digit } else { 0x40 | digit };
            }
            last = false;
            rest >>= 6;
            if rest == 0 || start == 0 {
                break;
            }
        }
        if digits.get(start).is_some_and(|&first| first >= 0x7c) {
            start = start.saturating_sub(1);
            if let Some(d) = digits.get_mut(start) {
                *d = 0x40;
            }
        }
        self.put(digits.get(start..).unwrap_or_default());
    }

    /// A string of the token form: its length in UTF-16 code units (what JavaScript's
    /// `substring` counts, once the text is decoded), then its UTF-8 bytes as they are. Nothing
    /// is escaped: no separator, quote or control character can cut a string that is
    /// counted, so every string crosses exactly.
    pub(crate) fn token(&mut self, text: &str) {
        let units = if ascii(text.as_bytes()) {
            text.len()
        } else {
            text.encode_utf16().count()
        };
        self.natural(units);
        self.raw(text);
    }

    /// An amount of the token form: its length and its digits as [`JsonText::amount`] writes
    /// them between the quotes (at most 31 bytes: the length is one byte, written first and
    /// set once the digits are in); a zero at 0 to 3 digits, one byte of its own.
    pub(crate) fn amount_token(&mut self, amount: Decimal) {
        // Zero (at 0 to 3 digits), a third of an outcome's amounts: one byte, `0x7c` + its
        // digits, which JavaScript reads as its constant text (no string made per zero).
        const ZEROS: [&str; 4] = ["\x7c", "\x7d", "\x7e", "\x7f"];
        if amount.is_zero() && amount.is_sign_positive() {
            let scale = usize::try_from(amount.scale()).unwrap_or(usize::MAX);
            if let Some(zero) = ZEROS.get(scale) {
                self.raw(zero);
                return;
            }
        }
        self.byte(0);
        let start = self.len;
        self.amount_text(amount, false);
        let width = self.len.saturating_sub(start);
        if let (Some(at), Ok(width)) = (
            start.checked_sub(1).and_then(|at| self.out.get_mut(at)),
            u8::try_from(width),
        ) {
            *at = width;
        }
    }

    /// `true` or `false`.
    pub fn bool(&mut self, value: bool) {
        self.raw(if value { "true" } else { "false" });
    }

    /// A list: `[`, `item` for each entry with commas between, `]`.
    pub fn list<T>(&mut self, entries: &[T], mut item: impl FnMut(&mut Self, &T)) {
        self.byte(b'[');
        for (i, entry) in entries.iter().enumerate() {
            if i > 0 {
                self.byte(b',');
            }
            item(self, entry);
        }
        self.byte(b']');
    }

    /// The text. Every piece written is whole UTF-8 (`raw` and `string` copy `str`s, cut only
    /// before an ASCII byte; amounts and escapes are ASCII), so the check cannot fail; were it
    /// to, the text would come out with U+FFFD in place of the bad bytes rather than a panic.
    pub fn finish(mut self) -> String {
        self.out.truncate(self.len);
        String::from_utf8(self.out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

// ----- serde_json values (issue 20: toVtexRequest's body) ------------------------------------

impl JsonText {
    /// A `serde_json` value as `serde_json::to_string` writes it (objects in their map's order,
    /// strings escaped as [`JsonText::string`] escapes them): `toVtexRequest`'s bodies, whose
    /// numbers are whole (cents, quantities), and the messages that quote a value (`Json`'s
    /// `Display`). A number with a fraction is written as the `f64`'s `Display` would not be
    /// (serde_json writes `1.5`, `1e20`…), so by `Number`'s own `Display`. Written here so
    /// that the `.wasm` carries no `Serialize` for `Value` nor its `Number`.
    pub fn value(&mut self, value: &serde_json::Value) {
        use serde_json::Value;
        match value {
            Value::Null => self.raw("null"),
            Value::Bool(b) => self.bool(*b),
            Value::Number(n) => self.number(n),
            Value::String(s) => self.string(s),
            Value::Array(list) => self.list(list, |w, v| w.value(v)),
            Value::Object(map) => {
                self.byte(b'{');
                for (i, (key, v)) in map.iter().enumerate() {
                    if i > 0 {
                        self.byte(b',');
                    }
                    self.string(key);
                    self.byte(b':');
                    self.value(v);
                }
                self.byte(b'}');
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

    /// A number with a fraction by `Number`'s `Display`: the float formatter `serde_json`'s
    /// serializer writes it with (zmij), which the `.wasm` carries anyway for the messages
    /// that quote a number (`read::show_number`).
    #[cold]
    #[inline(never)]
    fn fractional(&mut self, n: &serde_json::Number) {
        self.put(n.to_string().as_bytes());
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
            self.byte(b'-');
        }
        self.put(digits.get(start..).unwrap_or_default());
    }
}

/// Whether `bytes` are ASCII: read eight bytes at a time, or-ed together without a branch per
/// word (`<[u8]>::is_ascii` reads four at a time in the `.wasm`, whose `usize` is 32 bits; an
/// outcome is 1-2 KB, looked at once before it is handed over, and an explanation's line is
/// looked at once for its length in the token form: issue 20).
pub(crate) fn ascii(bytes: &[u8]) -> bool {
    let words = bytes.chunks_exact(8);
    let mut rest = 0_u64;
    for &byte in words.remainder() {
        rest |= u64::from(byte);
    }
    let all = words.fold(rest, |all, word| {
        all | <[u8; 8]>::try_from(word).map_or(u64::MAX, u64::from_le_bytes)
    });
    all & 0x8080_8080_8080_8080 == 0
}

/// A key with its punctuation (`,"cancel":`) and the key followed by a zero amount at two
/// digits (`,"cancel":"0.00"`), for [`JsonText::field`], written by the crate's `key!` macro.
/// (Other scales' zeros are the key and the amount: the one variant keeps the `.wasm` small.)
#[derive(Debug)]
pub struct Key {
    /// The key and its punctuation.
    pub key: &'static str,
    /// The key and `"0.00"`.
    pub zero: &'static str,
}

/// A [`Key`] from the key's text with its punctuation: `key!(",\"cancel\":")`.
macro_rules! key {
    ($key:literal) => {
        $crate::json_text::Key {
            key: $key,
            zero: concat!($key, "\"0.00\""),
        }
    };
}
pub(crate) use key;

/// `into.copy_from_slice(from)` (slices of one length): up to 32 bytes by 8-byte words (four
/// at most, overlapping; 4-byte words and single bytes below 8), in place; longer through
/// `copy_from_slice` (a `memory.copy` in the `.wasm`: a call of ~5.5 ns in V8 whatever the
/// length, where a word costs a load and a store; issue 20).
#[inline]
fn copy(into: &mut [u8], from: &[u8]) {
    let n = from.len();
    if n != into.len() {
        return;
    }
    if n > 32 {
        into.copy_from_slice(from);
    } else if n >= 8 {
        let last = n.saturating_sub(8);
        word::<8>(into, from, 0);
        word::<8>(into, from, last.min(8));
        word::<8>(into, from, last.min(16));
        word::<8>(into, from, last);
    } else if n >= 4 {
        word::<4>(into, from, 0);
        word::<4>(into, from, n.saturating_sub(4));
    } else if let (Some(first), Some(last)) = (from.first(), from.last()) {
        // One to three bytes: the first, the middle and the last.
        let middle = n / 2;
        if let (Some(a), Some(b)) = (into.get_mut(0), from.get(middle)) {
            *a = *first;
            if let Some(m) = into.get_mut(middle) {
                *m = *b;
            }
        }
        if let Some(z) = into.last_mut() {
            *z = *last;
        }
    }
}

/// The `N` bytes of `from` at `at` copied to `into` at `at` (one load and one store).
#[inline(always)]
fn word<const N: usize>(into: &mut [u8], from: &[u8], at: usize) {
    let end = at.saturating_add(N);
    if let (Some(into), Some(from)) = (into.get_mut(at..end), from.get(at..end)) {
        if let (Ok(into), Ok(from)) = (<&mut [u8; N]>::try_from(into), <[u8; N]>::try_from(from)) {
            *into = from;
        }
    }
}

/// Whether none of the eight bytes of `word` needs escaping in a JSON string: none is `"`,
/// `\` or below 0x20 (bytes of 0x80 and above, parts of non-ASCII characters, are written as
/// they are). The `hasless` test of "Bit Twiddling Hacks": `(w − n·0x0101…) & !w & 0x8080…`
/// is non-zero exactly when some byte of `w` is below `n` (for `n` ≤ 0x80); a byte equal to
/// `c` is a zero byte of `w ^ c·0x0101…`, that is one below 1. Which byte it was does not
/// matter: a word that is not clean is then read byte by byte.
fn clean_word(word: [u8; 8]) -> bool {
    let word = u64::from_le_bytes(word);
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |w: u64, n: u64| w.wrapping_sub(ONES.wrapping_mul(n)) & !w & HIGH;
    let control = below(word, 0x20);
    let quote = below(word ^ ONES.wrapping_mul(u64::from(b'"')), 1);
    let backslash = below(word ^ ONES.wrapping_mul(u64::from(b'\\')), 1);
    control | quote | backslash == 0
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
    fn pieces_of_every_length_and_a_reused_buffer() {
        // Every length around the word copies (1–3 bytes, 4-byte words, 8-byte words, a
        // `memory.copy` above 32), into a buffer that grows from a few bytes and is reused.
        let all: Vec<u8> = (0..100u8).map(|i| b'a'.saturating_add(i % 26)).collect();
        let mut buffer = vec![b'#'; 3];
        for len in 0..=all.len() {
            let piece = std::str::from_utf8(all.get(..len).unwrap()).unwrap();
            let mut w = JsonText::reusing(buffer, 0);
            w.raw("<");
            w.raw(piece);
            w.raw(piece);
            w.raw(">");
            assert_eq!(w.text(), format!("<{piece}{piece}>"));
            buffer = w.into_buffer();
        }
        let mut w = JsonText::with_capacity(0);
        w.raw("x");
        assert_eq!(w.finish(), "x");
    }

    #[test]
    fn ascii_is_every_byte_below_0x80() {
        for len in 0..40 {
            for at in 0..=len {
                let mut bytes = vec![b'a'; len];
                if let Some(b) = bytes.get_mut(at) {
                    *b = 0x80;
                }
                let mut w = JsonText::reusing(vec![0xff; 64], 0);
                w.put(&bytes);
                assert_eq!(w.is_ascii(), bytes.is_ascii(), "{len} {at}");
            }
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
    fn an_escape_anywhere_in_a_word_or_the_tail() {
        // Every byte to escape (and a few that are not) at every position of texts around
        // the eight-byte words, with non-ASCII text around it.
        for len in 0..26 {
            for at in 0..len {
                for byte in [b'"', b'\\', 0, 0x1f, b'\n', 0x7f, b' ', b'~'] {
                    let mut bytes = vec![b'a'; len];
                    if let Some(b) = bytes.get_mut(at) {
                        *b = byte;
                    }
                    let text = format!("é{}ü", String::from_utf8(bytes).unwrap());
                    let mut w = JsonText::default();
                    w.string(&text);
                    assert_eq!(
                        w.finish(),
                        serde_json::to_string(&text).unwrap(),
                        "{text:?}"
                    );
                }
            }
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
    fn a_field_is_its_key_and_amount() {
        const KEY: Key = key!(",\"open\":");
        for (amount, want) in [
            (Decimal::new(0, 2), r#","open":"0.00""#),
            (Decimal::new(-0, 2), r#","open":"0.00""#),
            (Decimal::new(0, 0), r#","open":"0""#),
            (Decimal::new(0, 3), r#","open":"0.000""#),
            (Decimal::new(1050, 2), r#","open":"10.50""#),
            (Decimal::new(-5, 1), r#","open":"-0.5""#),
        ] {
            let mut w = JsonText::default();
            w.field(&KEY, amount);
            assert_eq!(w.finish(), want, "{amount:?}");
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

    /// The token form's numbers read back (as the bindings' JavaScript reads them: `num`) as
    /// themselves, one byte below 64, and never start with a zero amount's byte (0x7c–0x7f);
    /// a string's length counts UTF-16 units.
    #[test]
    fn token_numbers_read_back_and_never_start_as_a_zero() {
        let read = |bytes: &[u8]| {
            let mut n = 0_usize;
            for (i, &c) in bytes.iter().enumerate() {
                n = n * 64 + usize::from(c & 63);
                if c < 64 {
                    return (n, i + 1);
                }
            }
            (n, usize::MAX)
        };
        let mut numbers: Vec<usize> = (0..70_000).collect();
        numbers.extend([262_143, 262_144, 16_777_215, 1 << 30, usize::MAX]);
        for n in numbers {
            let mut w = JsonText::default();
            w.natural(n);
            let bytes = w.bytes();
            assert_eq!(read(bytes), (n, bytes.len()), "{n}: {bytes:?}");
            assert!(
                bytes[0] < 0x7c && bytes.iter().all(u8::is_ascii),
                "{n}: {bytes:?}"
            );
            assert_eq!(bytes.len() == 1, n < 64, "{n}");
        }
        let mut w = JsonText::default();
        w.token("é😀");
        assert_eq!(w.bytes(), "\x03é😀".as_bytes());
        w.amount_token(Decimal::new(0, 2));
        w.amount_token(Decimal::new(-1050, 2));
        assert_eq!(w.bytes(), "\x03é😀\x7e\x06-10.50".as_bytes());
    }
}
