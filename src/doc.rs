//! A JSON document borrowed from its text: the one backing store of the crate's path-tracking
//! reader ([`crate::read`]'s `At`), in place of `serde_json::Value` (issue 20).
//!
//! **Why.** Reading a preview's state of 1,000 items, building serde_json's `Value` was 32 % of
//! the call and dropping it 9 %: a `BTreeMap` node per object and a `String` per key and per
//! string. A [`Json`] borrows every key and string from the text (a copy only for a string
//! with an escape), an object is one `Vec` of entries, and dropping it frees only the `Vec`s.
//!
//! **The same reading as `Value`.** The text is read by serde_json's own deserializer
//! (`serde_json::from_str`, this type's `Deserialize`): the syntax errors, the numbers (u64,
//! i64 or f64, exact with `float_roundtrip` natively), the recursion limit (128) and every
//! message are serde_json's, unchanged. Text of the plain kind the package's walk writes
//! (no escapes, whole numbers) takes a shortcut, [`Plain`], which gives up on anything else
//! before serde_json reads it: the same document, and for any faulty text serde_json's error. An object is what serde_json's `Map` is without its
//! `preserve_order` feature (a `BTreeMap`): its entries in the byte order of their keys, and a
//! key given twice keeps its last value. The readers depend on both: an object's fields are
//! read in key order and the first problem is the one reported (tests/input.rs,
//! js-tests/hostile.test.mjs), so the order of "unknown field" errors is `Value`'s.
//!
//! A `Value` the caller already has (the Rust API, the CLI, Python) is read as a `Json`
//! borrowing its strings ([`Json::from`]): one `Vec` per array and object, no string copied.
//!
//! Nothing here panics on input: no indexing, no unchecked arithmetic.

use crate::json_text::JsonText;
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::borrow::Cow;
use std::fmt;

/// One JSON value, its strings borrowed from the text (`'t`) where they have no escape.
#[derive(Debug, Clone, PartialEq)]
pub enum Json<'t> {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A whole number ≥ 0 that fits a u64 (serde_json's `PosInt`).
    PosInt(u64),
    /// A whole number < 0 that fits an i64 (serde_json's `NegInt`).
    NegInt(i64),
    /// Any other number, finite (serde_json's `Float`).
    ///
    /// The three kinds of serde_json's `Number` are variants of `Json` itself, not a
    /// `Number` inside it (issue 20): so a `Json` is 16 bytes in the `.wasm`, not 24, and an
    /// object's entry (key and value) 32 bytes, not 40. At opt-level "z" LLVM copies at most
    /// four words inline; an entry of 40 bytes was copied by a `memory.copy`, which V8 makes a
    /// call of ~5.5 ns whatever its length, several times per entry read.
    Float(f64),
    /// A string.
    Str(Cow<'t, str>),
    /// An array.
    Array(Vec<Json<'t>>),
    /// An object: its entries sorted by key (byte order), each key once (see [`Json::object`]).
    Object(Vec<(Cow<'t, str>, Json<'t>)>),
}

impl<'t> Json<'t> {
    /// Reads JSON text as serde_json reads it into a `Value` (the same errors). The text is
    /// UTF-8 already, so its strings are not checked again one by one (as `from_slice` does);
    /// the crate reads all its text through this one function (one copy of serde_json's parser
    /// in the `.wasm`).
    ///
    /// Text of the plain kind (see [`Plain`]: no escape, whole numbers only) is read by a small
    /// reader of this module, and anything else, or anything it does not accept, by
    /// serde_json from the start: the same document either way, and serde_json's error for
    /// any text that has one (issue 20: serde_json's visits were half of reading a state).
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(text: &'t str) -> Result<Self, serde_json::Error> {
        match Plain::document(text) {
            Some(doc) => Ok(doc),
            None => serde_json::from_str(text),
        }
    }

    /// An object of `entries` in any order, as serde_json's `Map` keeps them: sorted by key
    /// (byte order), and of a key given twice, the last value.
    pub fn object(entries: Vec<(Cow<'t, str>, Json<'t>)>) -> Self {
        let mut sorted = Entries::with_capacity(entries.len());
        for (key, value) in entries {
            sorted.add(key, value);
        }
        sorted.finish()
    }

    /// The `Value` this is (an owned copy; for what keeps a document beyond its text).
    pub fn to_value(&self) -> Value {
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::PosInt(_) | Json::NegInt(_) | Json::Float(_) => {
                self.number().map_or(Value::Null, Value::Number)
            }
            Json::Str(s) => Value::String(s.to_string()),
            Json::Array(list) => Value::Array(list.iter().map(Json::to_value).collect()),
            // Inserted one by one, not `collect`ed: a map built from an iterator sorts it with
            // its own copy of the standard library's stable sort (~4 KB of the .wasm; issue 20,
            // step 21), and the entries are already in order, each key once.
            Json::Object(entries) => {
                let mut map = Map::new();
                for (k, v) in entries {
                    map.insert(k.to_string(), v.to_value());
                }
                Value::Object(map)
            }
        }
    }

    /// `true` for `null`.
    #[inline]
    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// `true` for an array.
    #[inline]
    pub fn is_array(&self) -> bool {
        matches!(self, Json::Array(_))
    }

    /// `true` for an object.
    #[inline]
    pub fn is_object(&self) -> bool {
        matches!(self, Json::Object(_))
    }

    /// The string, when this is one.
    #[inline]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(text(s)),
            _ => None,
        }
    }

    /// The boolean, when this is one.
    #[inline]
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number as an i64, when it is a whole number that fits (serde_json's `as_i64`).
    #[inline]
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Json::PosInt(u) => i64::try_from(*u).ok(),
            Json::NegInt(i) => Some(*i),
            _ => None,
        }
    }

    /// The number as serde_json's `Number`, when this is one.
    pub fn number(&self) -> Option<Number> {
        match self {
            Json::PosInt(u) => Some(Number::from(*u)),
            Json::NegInt(i) => Some(Number::from(*i)),
            Json::Float(f) => Number::from_f64(*f),
            _ => None,
        }
    }

    /// The number serde_json's `Number` `n` is (its kind kept).
    fn of_number(n: &Number) -> Self {
        match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => Json::PosInt(u),
            (None, Some(i), _) => Json::NegInt(i),
            (None, None, Some(f)) => Json::Float(f),
            (None, None, None) => Json::Null,
        }
    }

    /// A whole number given as an i64, of the kind serde_json makes of it (`PosInt` from 0
    /// on).
    fn of_i64(i: i64) -> Self {
        match u64::try_from(i) {
            Ok(u) => Json::PosInt(u),
            Err(_) => Json::NegInt(i),
        }
    }

    /// The entries, when this is an array.
    #[inline]
    pub fn as_array(&self) -> Option<&[Json<'t>]> {
        match self {
            Json::Array(list) => Some(list),
            _ => None,
        }
    }

    /// The entries in key order, when this is an object.
    #[inline]
    pub fn as_object(&self) -> Option<&[(Cow<'t, str>, Json<'t>)]> {
        match self {
            Json::Object(entries) => Some(entries),
            _ => None,
        }
    }

    /// Field `key` of an object, with the key as stored.
    #[inline]
    pub fn get_key_value(&self, key: &str) -> Option<(&str, &Json<'t>)> {
        let entries = self.as_object()?;
        let i = entries.binary_search_by(|(k, _)| text(k).cmp(key)).ok()?;
        entries.get(i).map(|(k, v)| (text(k), v))
    }

    /// Field `key` of an object.
    #[inline]
    pub fn get(&self, key: &str) -> Option<&Json<'t>> {
        self.get_key_value(key).map(|(_, v)| v)
    }
}

/// A `Value` read in place: its strings and keys borrowed (its maps are already in key order,
/// each key once).
impl<'t> From<&'t Value> for Json<'t> {
    fn from(value: &'t Value) -> Self {
        match value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => Json::of_number(n),
            Value::String(s) => Json::Str(Cow::Borrowed(s)),
            Value::Array(list) => Json::Array(list.iter().map(Json::from).collect()),
            Value::Object(map) => Json::Object(
                map.iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), Json::from(v)))
                    .collect(),
            ),
        }
    }
}

/// A `Value` taken over: its strings and keys moved, not copied.
impl From<Value> for Json<'static> {
    fn from(value: Value) -> Self {
        match value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(b),
            Value::Number(n) => Json::of_number(&n),
            Value::String(s) => Json::Str(Cow::Owned(s)),
            Value::Array(list) => Json::Array(list.into_iter().map(Json::from).collect()),
            Value::Object(map) => Json::Object(
                map.into_iter()
                    .map(|(k, v)| (Cow::Owned(k), Json::from(v)))
                    .collect(),
            ),
        }
    }
}

/// serde_json's compact text of the value, as `Value`'s `Display` writes it (the messages
/// that quote a value, `read::show`: a cold path). Written by [`JsonText::value`], the same
/// bytes, so that the `.wasm` carries no `Serialize` for `Value` (issue 20).
impl fmt::Display for Json<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut w = JsonText::default();
        w.value(&self.to_value());
        f.write_str(&w.text())
    }
}

/// Read by serde_json's deserializer as its `Value` is read (the same visits: a float that is
/// not finite, which its parser never gives, would be `null` as there), strings borrowed.
impl<'de> Deserialize<'de> for Json<'de> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Json<'de>, E> {
        Ok(Json::Bool(b))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Json<'de>, E> {
        Ok(Json::of_i64(i))
    }

    fn visit_u64<E>(self, u: u64) -> Result<Json<'de>, E> {
        Ok(Json::PosInt(u))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Json<'de>, E> {
        Ok(if f.is_finite() {
            Json::Float(f)
        } else {
            Json::Null
        })
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Json<'de>, E> {
        Ok(Json::Str(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Json<'de>, E> {
        Ok(Json::Str(Cow::Owned(s.to_owned())))
    }

    fn visit_string<E>(self, s: String) -> Result<Json<'de>, E> {
        Ok(Json::Str(Cow::Owned(s)))
    }

    fn visit_none<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_unit<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Json<'de>, D::Error> {
        Json::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'de>, A::Error> {
        let mut list = Vec::new();
        while let Some(entry) = seq.next_element()? {
            list.push(entry);
        }
        Ok(Json::Array(list))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json<'de>, A::Error> {
        let mut entries = Entries::with_capacity(0);
        while let Some(key) = map.next_key_seed(Key)? {
            let value = map.next_value()?;
            entries.add(key, value);
        }
        Ok(entries.finish())
    }
}

/// An object's entries as they are read, kept sorted by key (byte order) as serde_json's `Map`
/// keeps them: a key already there takes the new value (the last of a repeated key counts).
/// The place of a new key is looked for from the end, at most [`Entries::LOOK_BACK`] entries
/// back, so that keys in order cost one comparison each and a small object's keys in any order
/// a few (issue 20: sorting each object after the fact, then removing repeats, was 8 % of
/// reading a state). A key that would go further back (a large object out of order: hostile
/// text with many keys in reverse order would make the insertion quadratic) turns the rest into
/// pushes, and [`Entries::finish`] sorts them once, as before.
struct Entries<'t> {
    list: Vec<(Cow<'t, str>, Json<'t>)>,
    sorted: bool,
}

impl<'t> Entries<'t> {
    const LOOK_BACK: usize = 16;

    fn with_capacity(capacity: usize) -> Self {
        Entries {
            list: Vec::with_capacity(capacity),
            sorted: true,
        }
    }

    fn add(&mut self, key: Cow<'t, str>, value: Json<'t>) {
        if !self.sorted {
            self.list.push((key, value));
            return;
        }
        let entries = &mut self.list;
        let mut at = entries.len();
        let mut looked = 0;
        while let Some(before) = at.checked_sub(1) {
            let Some(entry) = entries.get_mut(before) else {
                break;
            };
            match key_order(text(&entry.0), text(&key)) {
                std::cmp::Ordering::Less => break,
                std::cmp::Ordering::Equal => {
                    entry.1 = value;
                    return;
                }
                std::cmp::Ordering::Greater if looked == Self::LOOK_BACK => {
                    self.sorted = false;
                    entries.push((key, value));
                    return;
                }
                std::cmp::Ordering::Greater => {
                    at = before;
                    looked = looked.saturating_add(1);
                }
            }
        }
        // `at` is at most the length: `Vec::insert` does not panic.
        entries.insert(at, (key, value));
    }

    /// The entries sorted by key, of a repeated key the last value. Past the switch to pushes,
    /// the sorted part holds each key once and everything after it came later, so a stable
    /// sort keeps a repeated key's values in the order they came: the last one is kept.
    fn finish(self) -> Json<'t> {
        let mut entries = self.list;
        if !self.sorted {
            entries = merge_sorted(entries);
            // `dedup_by` keeps the first of a run of equal keys: it is given the last value.
            entries.dedup_by(|later, kept| {
                let same = later.0 == kept.0;
                if same {
                    std::mem::swap(&mut later.1, &mut kept.1);
                }
                same
            });
        }
        Json::Object(entries)
    }
}

/// Entries sorted by key (byte order), stably: of equal keys, the earlier stays first. A merge
/// sort of its own instead of `sort_by`, whose stable sort is a copy of ~4 KB in the .wasm per
/// element type (issue 20, step 21): it only runs for a large object whose keys came out of
/// order (past [`Entries::LOOK_BACK`]), so its speed matters less than its size. O(n log n)
/// moves and comparisons, no indexing.
fn merge_sorted<'t>(mut list: Vec<(Cow<'t, str>, Json<'t>)>) -> Vec<(Cow<'t, str>, Json<'t>)> {
    let len = list.len();
    if len < 2 {
        return list;
    }
    let right = merge_sorted(list.split_off(len / 2));
    let left = merge_sorted(list);
    let mut out = Vec::with_capacity(len);
    let mut left = left.into_iter().peekable();
    let mut right = right.into_iter().peekable();
    loop {
        // The right one first only when its key is smaller: equal keys keep their order.
        let take_right = match (left.peek(), right.peek()) {
            (Some(l), Some(r)) => key_order(text(&r.0), text(&l.0)).is_lt(),
            (None, Some(_)) => true,
            (Some(_), None) => false,
            (None, None) => break,
        };
        let next = if take_right {
            right.next()
        } else {
            left.next()
        };
        out.extend(next);
    }
    out
}

/// The text of a key or string: `Cow`'s `Deref`, inlined (issue 20: at opt-level "z" the
/// `Deref` was a call per key compared and per field read, 1.9 % of a 1,000-item preview in V8).
#[inline(always)]
#[allow(clippy::ptr_arg)] // the point: the match on the `Cow` itself, inlined
pub(crate) fn text<'a>(s: &'a Cow<'_, str>) -> &'a str {
    match s {
        Cow::Borrowed(s) => s,
        Cow::Owned(s) => s.as_str(),
    }
}

/// Byte order of two keys, their first bytes compared in place (keys mostly differ there).
#[inline(always)]
fn key_order(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.as_bytes().first(), b.as_bytes().first()) {
        (Some(x), Some(y)) if x != y => x.cmp(y),
        _ => a.as_bytes().cmp(b.as_bytes()),
    }
}

/// The plain reader: JSON text read into a [`Json`] without serde_json's layers, for text of
/// the kind the package's walk writes for a state or an operation (strings without escapes,
/// whole numbers, at most [`Plain::DEPTH`] levels). It accepts only text that serde_json
/// accepts and reads as the same document: any other byte, an escape, a number with a sign, a
/// fraction, an exponent, a leading zero or beyond a u64, a control character in a string, a
/// deeper nesting, text after the value: it gives up (`None`), and serde_json reads the text
/// from the start, with its own errors and numbers. So there is one grammar and one set of
/// messages (serde_json's); this is only a shortcut through its most common case.
struct Plain<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Plain<'t> {
    /// Deeper than this, serde_json reads the text (its limit is 128 levels).
    const DEPTH: u32 = 64;

    fn document(text: &'t str) -> Option<Json<'t>> {
        let mut reader = Plain { text, at: 0 };
        let doc = reader.value(0)?;
        reader.space();
        (reader.at == text.len()).then_some(doc)
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// Past one byte already seen (so never beyond the text's length).
    #[inline(always)]
    fn bump(&mut self) {
        self.at = self.at.saturating_add(1);
    }

    /// JSON's whitespace, as serde_json skips it.
    #[inline(always)]
    fn space(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.bump();
        }
    }

    /// `byte` after optional whitespace.
    #[inline]
    fn eat(&mut self, byte: u8) -> Option<()> {
        self.space();
        (self.peek()? == byte).then(|| self.bump())
    }

    fn value(&mut self, depth: u32) -> Option<Json<'t>> {
        self.space();
        match self.peek()? {
            b'"' => self.string().map(|s| Json::Str(Cow::Borrowed(s))),
            b'{' if depth < Self::DEPTH => self.object(depth.saturating_add(1)),
            b'[' if depth < Self::DEPTH => self.array(depth.saturating_add(1)),
            b'0'..=b'9' => self.number(),
            b't' => self.word("true", Json::Bool(true)),
            b'f' => self.word("false", Json::Bool(false)),
            b'n' => self.word("null", Json::Null),
            _ => None,
        }
    }

    fn word(&mut self, word: &str, value: Json<'t>) -> Option<Json<'t>> {
        let end = self.at.checked_add(word.len())?;
        (self.text.get(self.at..end)? == word).then(|| {
            self.at = end;
            value
        })
    }

    /// A whole number without a sign or a leading zero that fits a u64 (serde_json's
    /// `PosInt`); anything else is given up.
    fn number(&mut self) -> Option<Json<'t>> {
        let start = self.at;
        let mut n: u64 = 0;
        while let Some(digit @ b'0'..=b'9') = self.peek() {
            n = n
                .checked_mul(10)?
                .checked_add(u64::from(digit.wrapping_sub(b'0')))?;
            self.bump();
        }
        let leading_zero = n != 0 && self.text.as_bytes().get(start) == Some(&b'0');
        let digits = self.at.wrapping_sub(start);
        if leading_zero || (n == 0 && digits > 1) {
            return None;
        }
        match self.peek() {
            Some(b'.' | b'e' | b'E') => None,
            _ => Some(Json::PosInt(n)),
        }
    }

    /// A string without escapes or control characters, borrowed (the text is UTF-8 and the
    /// quotes are ASCII, so the slice is on character boundaries).
    fn string(&mut self) -> Option<&'t str> {
        let bytes = self.text.as_bytes();
        let start = self.at.checked_add(1)?;
        let mut end = start;
        loop {
            match *bytes.get(end)? {
                b'"' => break,
                b'\\' | 0..=0x1f => return None,
                _ => end = end.checked_add(1)?,
            }
        }
        let s = self.text.get(start..end)?;
        self.at = end.checked_add(1)?;
        Some(s)
    }

    fn array(&mut self, depth: u32) -> Option<Json<'t>> {
        self.bump();
        self.space();
        if self.peek()? == b']' {
            self.bump();
            return Some(Json::Array(Vec::new()));
        }
        let mut list = Vec::with_capacity(4);
        loop {
            list.push(self.value(depth)?);
            self.space();
            match self.peek()? {
                b',' => self.bump(),
                b']' => break,
                _ => return None,
            }
        }
        self.bump();
        Some(Json::Array(list))
    }

    fn object(&mut self, depth: u32) -> Option<Json<'t>> {
        self.bump();
        self.space();
        if self.peek()? == b'}' {
            self.bump();
            return Some(Json::Object(Vec::new()));
        }
        // Room for four entries at once (what the first push would give, without the growth).
        let mut entries = Entries::with_capacity(4);
        loop {
            self.space();
            if self.peek()? != b'"' {
                return None;
            }
            let key = self.string()?;
            self.eat(b':')?;
            let value = self.value(depth)?;
            entries.add(Cow::Borrowed(key), value);
            self.space();
            match self.peek()? {
                b',' => self.bump(),
                b'}' => break,
                _ => return None,
            }
        }
        self.bump();
        Some(entries.finish())
    }
}

/// An object's key, borrowed where it has no escape.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(s))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(s.to_owned()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(text: &str) -> (Result<Json<'_>, String>, Result<Value, String>) {
        (
            Json::from_str(text).map_err(|e| e.to_string()),
            serde_json::from_str::<Value>(text).map_err(|e| e.to_string()),
        )
    }

    /// The same document as `Value`, or the same error, for every text.
    fn same(text: &str) {
        match both(text) {
            (Ok(doc), Ok(value)) => {
                assert_eq!(doc.to_value(), value, "{text}");
                assert_eq!(doc, Json::from(&value), "{text}");
                assert_eq!(doc.to_string(), value.to_string(), "{text}");
            }
            (Err(a), Err(b)) => assert_eq!(a, b, "{text}"),
            (a, b) => panic!("{text}: {a:?} against {b:?}"),
        }
    }

    #[test]
    fn duplicates_keep_the_last_value_and_keys_are_in_byte_order() {
        let doc =
            Json::from_str(r#"{"b":1,"a":2,"b":3,"é":4,"Z":5,"a":{"x":1,"x":null}}"#).unwrap();
        let keys: Vec<&str> = doc
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, _)| k.as_ref())
            .collect();
        assert_eq!(keys, ["Z", "a", "b", "é"]);
        assert_eq!(doc.get("b"), Some(&Json::PosInt(3)));
        assert_eq!(doc.get("a").and_then(|a| a.get("x")), Some(&Json::Null));
        // Value does the same.
        same(r#"{"b":1,"a":2,"b":3,"é":4,"Z":5,"a":{"x":1,"x":null}}"#);
        same(r#"{"k":1,"k":2,"k":3,"j":0,"k":4}"#);
        assert_eq!(
            Json::from_str(r#"{"k":1,"k":2,"k":3,"j":0,"k":4}"#)
                .unwrap()
                .get("k"),
            Some(&Json::PosInt(4))
        );
    }

    /// Objects of many keys out of order (past [`Entries::LOOK_BACK`]: the pushes and the one
    /// sort), with keys repeated before and after the switch, by both readers (the plain one,
    /// and serde_json's for the same text with an escape in it): the same document as `Value`.
    #[test]
    fn large_objects_out_of_order_are_sorted_once_with_the_last_value() {
        let keys: Vec<String> = (0..400).rev().map(|i| format!("k{i:03}")).collect();
        let mut fields: Vec<String> = keys
            .iter()
            .enumerate()
            .map(|(n, k)| format!("\"{k}\":{n}"))
            .collect();
        // Repeats: of a key placed before the switch (k399, first), of one after it (k000,
        // last), and of one in between, twice.
        fields.extend(
            [
                "\"k399\":1000",
                "\"k000\":1001",
                "\"k200\":1002",
                "\"k200\":1003",
            ]
            .map(String::from),
        );
        for text in [
            format!("{{{}}}", fields.join(",")),
            format!("{{\"\\u0041\":0,{}}}", fields.join(",")),
        ] {
            same(&text);
            let doc = Json::from_str(&text).unwrap();
            assert_eq!(doc.get("k399"), Some(&Json::PosInt(1000)));
            assert_eq!(doc.get("k000"), Some(&Json::PosInt(1001)));
            assert_eq!(doc.get("k200"), Some(&Json::PosInt(1003)));
            assert_eq!(doc.get("k100"), Some(&Json::PosInt(299)));
        }
        // Keys in reverse order, ten in a row each way: within the look-back, no switch.
        same(r#"{"j":1,"i":2,"h":3,"g":4,"f":5,"e":6,"d":7,"c":8,"b":9,"a":10,"e":11}"#);
    }

    #[test]
    fn strings_are_borrowed_unless_escaped() {
        let doc =
            Json::from_str(r#"{"plain":"abc","esc\"aped":"a\nb\u00e9\ud83d\ude00"}"#).unwrap();
        let entries = doc.as_object().unwrap();
        let borrowed = |c: &Cow<str>| matches!(c, Cow::Borrowed(_));
        let [(k1, v1), (k2, v2)] = entries else {
            panic!("{entries:?}")
        };
        assert_eq!(k1.as_ref(), "esc\"aped");
        assert!(!borrowed(k1));
        assert_eq!(v1.as_str(), Some("a\nbé😀"));
        assert!(matches!(v1, Json::Str(Cow::Owned(_))));
        assert!(borrowed(k2));
        assert!(matches!(v2, Json::Str(Cow::Borrowed("abc"))));
        same(r#"{"plain":"abc","esc\"aped":"a\nb\u00e9\ud83d\ude00","\u0000":"\t"}"#);
        same(r#""\ud800""#);
        same(r#""\x""#);
        same("\"a\u{1}b\"");
    }

    #[test]
    fn numbers_are_read_as_value_reads_them() {
        for text in [
            "0",
            "-0",
            "1",
            "-1",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "9007199254740993",
            "1.5",
            "-1.5e-7",
            "1e21",
            "1E+2",
            "0.1",
            "12345678901234.0625",
            "1658206780088562.25",
            "1e308",
            "1e309",
            "-1e400",
            "5e-324",
            "1e-400",
            "2.5e-324",
            "01",
            "1.",
            ".5",
            "-",
            "+1",
            "1e",
            "0x10",
            "NaN",
            "Infinity",
            "123456789012345678901234567890",
            "0.30000000000000004",
            "[1,-2,3.5,4e2]",
        ] {
            same(text);
        }
    }

    #[test]
    fn syntax_and_depth_errors_are_serde_jsons() {
        for text in [
            "",
            " ",
            "{",
            "[",
            "[1,]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{1:2}",
            "nul",
            "tru",
            "[1] 2",
            "\"abc",
            "{\"a\":1}}",
            "[\"\u{7f}\"]",
            "\u{feff}1",
        ] {
            same(text);
        }
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        same(&deep(127));
        same(&deep(128));
        same(&deep(129));
        same(&deep(10_000));
        let objects = |n: usize| format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n));
        same(&objects(128));
        same(&objects(129));
        assert_eq!(
            Json::from_str(&deep(200)).unwrap_err().to_string(),
            "recursion limit exceeded at line 1 column 128"
        );
    }

    /// The plain reader takes the walk's kind of text and gives the document serde_json
    /// gives; anything else it leaves to serde_json (`None`), which reads it as before.
    #[test]
    fn the_plain_reader_reads_what_serde_json_reads_or_gives_up() {
        let serde = |text| serde_json::from_str::<Json>(text).unwrap();
        for text in [
            r#"{"orderId":"A","currency":"BRL","items":[{"id":"SKU-0","quantity":2,"price":"10.00","name":"Item 0"}],"transaction":{"payments":[]}}"#,
            r#" { "b" : [ 1 , 0 , true , false , null , "" , { } , [ ] ] , "a" : "é😀" } "#,
            "[\"\u{7f}\"]",
            r#"{"k":1,"k":2,"k":3,"j":0,"k":4,"a":{"x":1,"x":null}}"#,
            "18446744073709551615",
            "\t\r\n[0]\n",
            &format!("{}{}", "[".repeat(64), "]".repeat(64)),
        ] {
            let plain = Plain::document(text).unwrap_or_else(|| panic!("given up: {text}"));
            assert_eq!(plain, serde(text), "{text}");
            same(text);
        }
        for text in [
            r#"{"a":"b\"c"}"#,
            r#"["\u00e9"]"#,
            "[-1]",
            "-0",
            "1.5",
            "1e2",
            "01",
            "00",
            "18446744073709551616",
            "[1,]",
            "{\"a\":1,}",
            "[1] 2",
            "\"a\u{1}b\"",
            "\u{feff}1",
            "nul",
            "",
            &format!("{}{}", "[".repeat(65), "]".repeat(65)),
        ] {
            assert_eq!(Plain::document(text), None, "{text}");
            same(text);
        }
    }

    #[test]
    fn from_value_borrows_and_displays_as_value() {
        let value =
            serde_json::json!({ "z": [1, "a", null, true, 1.5, { "b": {}, "a": [] }], "a": -3 });
        let doc = Json::from(&value);
        assert_eq!(doc.to_value(), value);
        assert_eq!(doc.to_string(), value.to_string());
        assert!(matches!(
            doc.get("z").and_then(|z| z.as_array()),
            Some([_, Json::Str(Cow::Borrowed("a")), ..])
        ));
    }
}
