//! Runs every conformance scenario (`tests/scenarios/public`, copied from `shared/scenarios`,
//! and `tests/scenarios/extra`, ours) through the engine with the matching rules of api.md
//! section 6: `expect` is a partial outcome; amounts compare as decimals; `errors` is the exact
//! set of codes; `warnings` lists codes that must be present; `payments` match by id;
//! `"throws": "INVALID_INPUT"` must throw that code (and, when the step names them, with that
//! `path` and `message`). Every step also checks that `preview` gives exactly the outcome
//! `apply` gives, and the explanation's invariants (api.md section 8, `tests/common`): its
//! money lines add up to the figures, payment by payment.
//!
//! Every scenario's explanation is a golden file, `tests/scenarios/explain/*.txt`
//! (every step's lines); `UPDATE_GOLDEN=1 cargo test --test scenarios` rewrites them.

mod common;

use rust_decimal::Decimal;
use serde_json::Value;
use settlement_preview::codes::ExplainCode;
use settlement_preview::{json, InputError, Ledger, Options, Outcome, RuleCode, WarningCode};
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
        if let Err(e) = run_scenario(&scenario).and_then(|_| unexplained_is_the_same(&scenario)) {
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

/// Runs a scenario's steps; returns each step's outcome (`None` for a step that throws).
fn run_scenario(scenario: &Value) -> Result<Vec<Option<Outcome>>, String> {
    let state = json::parse_state(&scenario["state"]).map_err(|e| format!("state: {e}"))?;
    let options = json::parse_options(scenario.get("options")).map_err(|e| e.to_string())?;
    let scale = state.currency.minor_units();
    let mut ledger = Ledger::new(state, options);
    let steps = scenario["steps"].as_array().ok_or("no steps")?;
    let mut outcomes = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let expect = &step["expect"];
        let parsed = json::parse_operation(&step["operation"], ledger.state());
        if let Some(code) = expect.get("throws") {
            match parsed {
                Err(e) if code == InputError::CODE => {
                    thrown_as_expected(expect, &e).map_err(|m| format!("step {i}: {m}"))?;
                    outcomes.push(None);
                    continue;
                }
                Err(e) => return Err(format!("step {i}: threw {e}, expected {code}")),
                Ok(_) => return Err(format!("step {i}: expected {code}, nothing thrown")),
            }
        }
        let op = parsed.map_err(|e| format!("step {i}: unexpected INVALID_INPUT {e}"))?;
        common::texts_agree(ledger.state(), &op, ledger.options())
            .map_err(|e| format!("step {i}: {e}"))?;
        let previewed = ledger.preview(&op).map_err(|e| format!("step {i}: {e}"))?;
        let outcome = ledger.apply(&op).map_err(|e| format!("step {i}: {e}"))?;
        if previewed != outcome {
            return Err(format!("step {i}: preview differs from apply"));
        }
        // The bindings' hand-written JSON text is serde_json's, byte for byte.
        let text = serde_json::to_string(&outcome).unwrap();
        if outcome.to_json() != text {
            return Err(format!(
                "step {i}: to_json differs:\n{}\n{text}",
                outcome.to_json()
            ));
        }
        let text = serde_json::to_string(ledger.state()).unwrap();
        if ledger.state().to_json() != text {
            return Err(format!(
                "step {i}: the state's to_json differs:\n{}\n{text}",
                ledger.state().to_json()
            ));
        }
        let actual = serde_json::to_value(&outcome).unwrap();
        matches(expect, &actual, "").map_err(|e| format!("step {i}: {e}\n  actual: {actual}"))?;
        common::check_explanation(&outcome, scale).map_err(|e| format!("step {i}: {e}"))?;
        outcomes.push(Some(outcome));
    }
    Ok(outcomes)
}

/// With `explain: false` every outcome is the same, without its explanation.
fn unexplained_is_the_same(scenario: &Value) -> Result<(), String> {
    let explained = run_scenario(scenario)?;
    let mut quiet = scenario.clone();
    let options = quiet
        .as_object_mut()
        .unwrap()
        .entry("options")
        .or_insert_with(|| serde_json::json!({}));
    options["explain"] = Value::Bool(false);
    let state = json::parse_state(&quiet["state"]).unwrap();
    let options: Options = json::parse_options(quiet.get("options")).unwrap();
    assert!(!options.explain);
    let mut ledger = Ledger::new(state, options);
    for (i, (step, explained)) in quiet["steps"]
        .as_array()
        .unwrap()
        .iter()
        .zip(explained)
        .enumerate()
    {
        let Some(mut explained) = explained else {
            continue;
        };
        let op = json::parse_operation(&step["operation"], ledger.state()).unwrap();
        let outcome = ledger.apply(&op).unwrap();
        if !outcome.explain.is_empty() {
            return Err(format!(
                "step {i}: explain: false, but {} lines",
                outcome.explain.len()
            ));
        }
        explained.explain.clear();
        if outcome != explained {
            return Err(format!("step {i}: explain: false changes the outcome"));
        }
    }
    Ok(())
}

/// A scenario's explanation as the golden file writes it: each step, then its lines, one a
/// line: `CODE rule [payment view figure amount]: text`.
fn explanation_text(scenario: &Value, outcomes: &[Option<Outcome>]) -> String {
    let mut out = format!("# {}\n", scenario["name"].as_str().unwrap_or(""));
    for (i, (step, outcome)) in scenario["steps"]
        .as_array()
        .unwrap()
        .iter()
        .zip(outcomes)
        .enumerate()
    {
        let op = &step["operation"];
        let name = op
            .get("number")
            .or(op.get("requestId"))
            .and_then(Value::as_str);
        let kind = op["type"].as_str().unwrap_or("?");
        let kind = match name {
            Some(name) => format!("{kind} {name}"),
            None => kind.to_string(),
        };
        let Some(outcome) = outcome else {
            out.push_str(&format!("\nstep {i}: {kind}: throws INVALID_INPUT\n"));
            continue;
        };
        let verdict = if outcome.accepted {
            "accepted"
        } else {
            "rejected"
        };
        out.push_str(&format!("\nstep {i}: {kind}: {verdict}\n"));
        for line in &outcome.explain {
            let code = serde_json::to_value(line.code).unwrap();
            let mut head = format!("{} {}", code.as_str().unwrap(), line.rule);
            if let Some(id) = &line.payment_id {
                head.push_str(&format!(" {id}"));
            }
            if let (Some(v), Some(f), Some(a)) = (line.view, line.figure, line.amount) {
                let v = serde_json::to_value(v).unwrap();
                let f = serde_json::to_value(f).unwrap();
                head.push_str(&format!(
                    " {} {} {a}",
                    v.as_str().unwrap(),
                    f.as_str().unwrap()
                ));
            }
            out.push_str(&format!("  {head}: {}\n", line.text));
        }
    }
    out
}

#[test]
fn golden_explanations_of_every_scenario() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut files: Vec<_> = ["public", "extra"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut stale = Vec::new();
    for file in &files {
        let scenario: Value =
            serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let outcomes = run_scenario(&scenario).unwrap();
        let text = explanation_text(&scenario, &outcomes);
        let golden = root
            .join("explain")
            .join(file.file_stem().unwrap())
            .with_extension("txt");
        if update {
            std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
            std::fs::write(&golden, &text).unwrap();
        } else if std::fs::read_to_string(&golden).ok().as_deref() != Some(text.as_str()) {
            stale.push(golden.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "explanations differ from the golden files (review, then UPDATE_GOLDEN=1): {stale:?}"
    );
    assert!(files.len() >= 16 + 24);
}

#[test]
fn every_explain_code_is_produced_somewhere() {
    let mut seen = BTreeSet::new();
    for dir in ["tests/scenarios/public", "tests/scenarios/extra"] {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        for entry in std::fs::read_dir(root).unwrap() {
            let path = entry.unwrap().path();
            let scenario: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            for outcome in run_scenario(&scenario).unwrap().into_iter().flatten() {
                seen.extend(outcome.explain.iter().map(|l| l.code));
            }
        }
    }
    let missing: Vec<ExplainCode> = ExplainCode::all().filter(|c| !seen.contains(c)).collect();
    assert!(missing.is_empty(), "no scenario explains {missing:?}");
}

#[test]
fn the_readme_explanation_is_the_golden_one() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let section = &readme[readme.find("## Every amount explained").unwrap()..];
    let start = section.find("```text\n").unwrap() + "```text\n".len();
    let block = &section[start..start + section[start..].find("```").unwrap()];
    let golden = std::fs::read_to_string(
        root.join("tests/scenarios/explain/02-total-mode-overcapture-refund.txt"),
    )
    .unwrap();
    assert!(block.lines().count() > 10);
    assert!(
        golden.contains(block),
        "README.md shows other lines than the golden file:\n{block}"
    );
}

#[test]
fn the_explain_codes_are_one_closed_set() {
    let names: Vec<String> = ExplainCode::all()
        .map(|c| {
            serde_json::to_value(c)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let unique: BTreeSet<&String> = names.iter().collect();
    assert_eq!(
        unique.len(),
        names.len(),
        "a step code shares a name with a rule or a warning"
    );
    assert_eq!(
        names.len(),
        RuleCode::ALL.len() + WarningCode::ALL.len() + 34
    );
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
    assert_eq!(run_dir("tests/scenarios/extra"), 34);
}
