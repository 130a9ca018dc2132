//! Runs every conformance scenario (`tests/scenarios/public`, copied from `shared/scenarios`,
//! and `tests/scenarios/extra`, ours) through the engine with the matching rules of api.md
//! section 6: `expect` is a partial outcome; amounts compare as decimals; `errors` is the exact
//! set of codes; `warnings` lists codes that must be present; `payments` match by id;
//! `"throws": "INVALID_INPUT"` must throw that code (and, when the step names them, with that
//! `path` and `message`). Every step also checks that `preview`
//! gives exactly the outcome `apply` gives.

use rust_decimal::Decimal;
use serde_json::Value;
use settlement_preview::{json, InputError, Ledger, RuleCode, WarningCode};
use std::collections::BTreeSet;
use std::path::Path;
use std::str::FromStr;

fn run_dir(dir: &str) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let scenario: Value = serde_json::from_str(&text).unwrap();
        if let Err(e) = run_scenario(&scenario) {
            failures.push(format!("{}: {e}", file.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing:\n{}",
        failures.len(),
        failures.join("\n")
    );
    files.len()
}

fn run_scenario(scenario: &Value) -> Result<(), String> {
    let state = json::parse_state(&scenario["state"]).map_err(|e| format!("state: {e}"))?;
    let options = json::parse_options(scenario.get("options")).map_err(|e| e.to_string())?;
    let mut ledger = Ledger::new(state, options);
    let steps = scenario["steps"].as_array().ok_or("no steps")?;
    for (i, step) in steps.iter().enumerate() {
        let expect = &step["expect"];
        let parsed = json::parse_operation(&step["operation"], ledger.state());
        if let Some(code) = expect.get("throws") {
            match parsed {
                Err(e) if code == InputError::CODE => {
                    thrown_as_expected(expect, &e).map_err(|m| format!("step {i}: {m}"))?;
                    continue;
                }
                Err(e) => return Err(format!("step {i}: threw {e}, expected {code}")),
                Ok(_) => return Err(format!("step {i}: expected {code}, nothing thrown")),
            }
        }
        let op = parsed.map_err(|e| format!("step {i}: unexpected INVALID_INPUT {e}"))?;
        let previewed = ledger.preview(&op).map_err(|e| format!("step {i}: {e}"))?;
        let outcome = ledger.apply(&op).map_err(|e| format!("step {i}: {e}"))?;
        if previewed != outcome {
            return Err(format!("step {i}: preview differs from apply"));
        }
        let actual = serde_json::to_value(&outcome).unwrap();
        matches(expect, &actual, "").map_err(|e| format!("step {i}: {e}\n  actual: {actual}"))?;
    }
    Ok(())
}

/// A throwing step may also name the error's `path` (under `operation`, as `preview` names it)
/// and its exact `message`.
fn thrown_as_expected(expect: &Value, e: &InputError) -> Result<(), String> {
    for (key, actual) in [("path", &e.path), ("message", &e.message)] {
        if let Some(want) = expect.get(key) {
            if want.as_str() != Some(actual.as_str()) {
                return Err(format!("threw {e}: expected {key} {want}"));
            }
        }
    }
    Ok(())
}

/// The api.md section 6 matching rules.
fn matches(expect: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match (expect, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, ev) in e {
                let at = format!("{path}.{key}");
                let av = a.get(key).ok_or(format!("{at}: missing"))?;
                match (path, key.as_str()) {
                    ("", "errors") => {
                        let want: BTreeSet<_> = ev
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|v| v.as_str().unwrap())
                            .collect();
                        let got: BTreeSet<_> = av
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|v| v["code"].as_str().unwrap())
                            .collect();
                        if want != got {
                            return Err(format!("{at}: expected {want:?}, got {got:?}"));
                        }
                    }
                    ("", "warnings") => {
                        let got: BTreeSet<_> = av
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|v| v["code"].as_str().unwrap())
                            .collect();
                        for w in ev.as_array().unwrap() {
                            if !got.contains(w.as_str().unwrap()) {
                                return Err(format!("{at}: {w} missing from {got:?}"));
                            }
                        }
                    }
                    ("", "payments") => {
                        for ep in ev.as_array().unwrap() {
                            let id = &ep["id"];
                            let ap = av
                                .as_array()
                                .unwrap()
                                .iter()
                                .find(|p| &p["id"] == id)
                                .ok_or(format!("{at}: no payment {id}"))?;
                            matches(ep, ap, &format!("{at}[{id}]"))?;
                        }
                    }
                    _ => matches(ev, av, &at)?,
                }
            }
            Ok(())
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Err(format!(
                    "{path}: expected {} entries, got {}",
                    e.len(),
                    a.len()
                ));
            }
            e.iter()
                .zip(a)
                .enumerate()
                .try_for_each(|(i, (ev, av))| matches(ev, av, &format!("{path}[{i}]")))
        }
        (Value::String(e), Value::String(a)) => {
            let same = match (Decimal::from_str(e), Decimal::from_str(a)) {
                (Ok(x), Ok(y)) => x == y,
                _ => e == a,
            };
            if same {
                Ok(())
            } else {
                Err(format!("{path}: expected {e}, got {a}"))
            }
        }
        _ if expect == actual => Ok(()),
        _ => Err(format!("{path}: expected {expect}, got {actual}")),
    }
}

/// Every code named in some scenario's `expect.errors` or `expect.warnings`.
fn codes_exercised() -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    for dir in ["tests/scenarios/public", "tests/scenarios/extra"] {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        for entry in std::fs::read_dir(root).unwrap() {
            let scenario: Value =
                serde_json::from_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap())
                    .unwrap();
            for step in scenario["steps"].as_array().unwrap() {
                for key in ["errors", "warnings"] {
                    for code in step["expect"][key].as_array().into_iter().flatten() {
                        codes.insert(code.as_str().unwrap().to_string());
                    }
                }
            }
        }
    }
    codes
}

#[test]
fn every_rule_and_warning_code_is_exercised() {
    let exercised = codes_exercised();
    let all = RuleCode::ALL
        .iter()
        .map(|c| serde_json::to_value(c).unwrap())
        .chain(
            WarningCode::ALL
                .iter()
                .map(|c| serde_json::to_value(c).unwrap()),
        );
    let missing: Vec<String> = all
        .map(|v| v.as_str().unwrap().to_string())
        .filter(|c| !exercised.contains(c))
        .collect();
    assert!(
        missing.is_empty(),
        "codes no scenario exercises: {missing:?}"
    );
}

#[test]
fn public_scenarios() {
    assert_eq!(run_dir("tests/scenarios/public"), 16);
}

#[test]
fn extra_scenarios() {
    assert_eq!(run_dir("tests/scenarios/extra"), 26);
}
