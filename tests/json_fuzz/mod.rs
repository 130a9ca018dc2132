//! Arbitrary and damaged JSON for the property tests of the readers of VTEX's documents
//! (`tests/vtex_properties.rs`: `fromVtex`; `tests/reconcile_properties.rs`: `reconcile`):
//! a JSON generator whose keys and strings are the reader's own words, so that the documents
//! reach deep into it, and the paths of a document, to replace any part of it.
#![allow(dead_code)]

use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::{json, Value};

/// The cases: `PROPTEST_CASES`, 256 when unset; no persistence of failures (the inputs are
/// printed, and kept as regression tests by hand).
pub fn config() -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(256),
        failure_persistence: None,
        ..Config::default()
    }
}

/// Arbitrary JSON: any leaf (numbers, numeric texts, short texts, and `words`), arrays, and
/// objects whose keys are taken from `keys`; up to 5 levels.
pub fn arbitrary_json(
    keys: &'static [&'static str],
    words: &'static [&'static str],
) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (0..1_000_000i64).prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "[0-9.eE+-]{0,12}".prop_map(Value::String),
        ".{0,8}".prop_map(Value::String),
        proptest::sample::select(words).prop_map(|s| Value::String(s.to_string())),
    ];
    let keys = proptest::sample::select(keys).prop_map(str::to_string);
    leaf.prop_recursive(5, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(keys.clone(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every path of a document, as a list of steps (field names and indexes).
pub fn paths(value: &Value) -> Vec<Vec<Value>> {
    fn walk(value: &Value, at: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
        out.push(at.clone());
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    at.push(Value::String(k.clone()));
                    walk(v, at, out);
                    at.pop();
                }
            }
            Value::Array(list) => {
                for (i, v) in list.iter().enumerate() {
                    at.push(json!(i));
                    walk(v, at, out);
                    at.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out);
    out
}

/// Replaces the part of `doc` at `path` (one of [`paths`]) with `with`.
pub fn replace(doc: &mut Value, path: &[Value], with: Value) {
    let mut here = doc;
    for step in path {
        here = match step {
            Value::String(k) => here.get_mut(k.as_str()).unwrap(),
            _ => here.get_mut(step.as_u64().unwrap() as usize).unwrap(),
        };
    }
    *here = with;
}
