//! A JSON document borrowed from its text: the one backing store of the crate's path-tracking
//! reader ([`crate::read`]'s `At`), in place of `serde_json::Value` (issue 20).
//!
//! **Why.** Reading a preview's state of 1,000 items, building serde_json's `Value` was 32 % of
//! the call and dropping it 9 %: a `BTreeMap` node per object and a `String` per key and per
//! string. A [`Json`] borrows every key and string from the text (a copy only for a string
//! with an escape), an object is one `Vec` of entries, and dropping it frees only the `Vec`s.
//!
//! **The same reading as `Value`.** The text is read by serde_json's own deserializer
//! (`serde_json::from_slice`, this type's `Deserialize`): the syntax errors, the numbers (u64,
//! i64 or f64, exact with `float_roundtrip` natively), the recursion limit (128) and every
//! message are serde_json's, unchanged. An object is what serde_json's `Map` is without its
//! `preserve_order` feature (a `BTreeMap`): its entries in the byte order of their keys, and a
//! key given twice keeps its last value. The readers depend on both: an object's fields are
//! read in key order and the first problem is the one reported (tests/input.rs,
//! js-tests/hostile.test.mjs), so the order of "unknown field" errors is `Value`'s.
//!
//! A `Value` the caller already has (the Rust API, the CLI, Python) is read as a `Json`
//! borrowing its strings ([`Json::from`]): one `Vec` per array and object, no string copied.
//!
//! Nothing here panics on input: no indexing, no unchecked arithmetic.

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
    /// A number, as serde_json reads it (a u64, an i64, or a finite f64).
    Number(Number),
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
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(text: &'t str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// An object of `entries` in any order, as serde_json's `Map` keeps them: sorted by key
    /// (byte order, a stable sort), and of a key given twice, the last value.
    pub fn object(mut entries: Vec<(Cow<'t, str>, Json<'t>)>) -> Self {
        let sorted = entries
            .windows(2)
            .all(|pair| matches!(pair, [a, b] if a.0 < b.0));
        if !sorted {
            entries.sort_by(|a, b| a.0.cmp(&b.0));
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

    /// The `Value` this is (an owned copy; for what keeps a document beyond its text).
    pub fn to_value(&self) -> Value {
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => Value::Number(n.clone()),
            Json::Str(s) => Value::String(s.to_string()),
            Json::Array(list) => Value::Array(list.iter().map(Json::to_value).collect()),
            Json::Object(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_value()))
                    .collect::<Map<String, Value>>(),
            ),
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
            Json::Str(s) => Some(s),
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
            Json::Number(n) => n.as_i64(),
            _ => None,
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
        let i = entries
            .binary_search_by(|(k, _)| k.as_ref().cmp(key))
            .ok()?;
        entries.get(i).map(|(k, v)| (k.as_ref(), v))
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
            Value::Number(n) => Json::Number(n.clone()),
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
            Value::Number(n) => Json::Number(n),
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
/// that quote a value, `read::show`: a cold path, so through `Value`'s own writer).
impl fmt::Display for Json<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.to_value(), f)
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
        Ok(Json::Number(i.into()))
    }

    fn visit_u64<E>(self, u: u64) -> Result<Json<'de>, E> {
        Ok(Json::Number(u.into()))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Json<'de>, E> {
        Ok(Number::from_f64(f).map_or(Json::Null, Json::Number))
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
        let mut entries = Vec::new();
        while let Some(key) = map.next_key_seed(Key)? {
            entries.push((key, map.next_value()?));
        }
        Ok(Json::object(entries))
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
        assert_eq!(doc.get("b"), Some(&Json::Number(3.into())));
        assert_eq!(doc.get("a").and_then(|a| a.get("x")), Some(&Json::Null));
        // Value does the same.
        same(r#"{"b":1,"a":2,"b":3,"é":4,"Z":5,"a":{"x":1,"x":null}}"#);
        same(r#"{"k":1,"k":2,"k":3,"j":0,"k":4}"#);
        assert_eq!(
            Json::from_str(r#"{"k":1,"k":2,"k":3,"j":0,"k":4}"#)
                .unwrap()
                .get("k"),
            Some(&Json::Number(4.into()))
        );
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
