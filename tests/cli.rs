//! The command-line tool `settlement-preview` (feature `cli`), run as a user runs it: its
//! report against golden files (colour off), its exit codes (0 accepted, 1 rejected, 2 bad
//! input or usage), one-line bad-input messages naming the file and the field path, `--json`
//! equal to the library's own outcome, stdin as `-`, colour only when asked, `--help`.
//!
//! `UPDATE=1 cargo test --features cli --test cli` rewrites the golden files `tests/cli/*.txt`
//! (review the diff before committing it).

use serde_json::Value;
use settlement_preview::{apply, json, simulate};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_settlement-preview");

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli")
}

/// Runs the tool from the crate's root (so that paths in messages are `tests/cli/…`), with
/// colour left to its default and `NO_COLOR` unset unless a test sets it.
fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        // Reports at 80 columns (stdout is a pipe: no terminal width either).
        .env_remove("COLUMNS")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    if let Some(text) = stdin {
        // The tool may stop before reading (bad usage): a closed pipe is not the test's failure.
        let _ = child.stdin.take().unwrap().write_all(text.as_bytes());
    }
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}
fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn read_json(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir().join(name)).unwrap()).unwrap()
}

/// Compares with `tests/cli/<name>`, or rewrites it under `UPDATE=1`. Every report fits 80
/// columns.
fn golden(name: &str, actual: &str) {
    assert_fits(actual, 80);
    golden_data(name, actual);
}

/// [`golden`] for data a terminal does not show as it is (a CSV, JSON Lines): no width.
fn golden_data(name: &str, actual: &str) {
    let path = dir().join(name);
    if std::env::var_os("UPDATE").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{name} is missing: UPDATE=1 writes it"));
    assert!(
        expected == actual,
        "{name} differs (UPDATE=1 rewrites it)\n--- expected\n{expected}\n--- actual\n{actual}"
    );
}

fn assert_code(o: &Output, code: i32) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        stdout(o),
        stderr(o)
    );
}

/// A bad-input failure: exit 2, nothing on stdout, exactly one line on stderr, no panic.
fn assert_bad_input(o: &Output) -> String {
    assert_code(o, 2);
    assert_eq!(stdout(o), "");
    let err = stderr(o);
    assert_eq!(err.lines().count(), 1, "one line: {err:?}");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
    err
}

#[test]
fn demo_prints_the_built_in_example_as_a_table() {
    let o = run(&["demo"], None);
    assert_code(&o, 0);
    let text = stdout(&o);
    golden("demo.txt", &text);
    // The numbers are the engine's: the example's final charges.
    assert!(text.contains("gift 10.00, card 50.00"), "{text}");
    assert!(text.contains("✗ rejected"));
    assert!(text.contains("INVOICE_EXCEEDS_REMAINING"));
}

#[test]
fn simulate_a_file_total_mode_with_warnings() {
    let o = run(&["simulate", "tests/cli/total-mode.json"], None);
    assert_code(&o, 0);
    let text = stdout(&o);
    golden("total-mode.txt", &text);
    for code in ["TOTAL_CAPTURE", "OVERCAPTURE_REFUNDED"] {
        assert!(text.contains(code), "{code}");
    }
    // The provider captured the whole 100.00 while the gateway settled 60.00.
    assert!(flat(&text).contains(
        "settle 100.00, cancel 0.00, refund 0.00 at the provider; the gateway records settle 60.00"
    ));
}

#[test]
fn preview_an_accepted_invoice() {
    let o = run(
        &[
            "preview",
            "--state",
            "tests/cli/state.json",
            "--operation",
            "tests/cli/invoice.json",
        ],
        None,
    );
    assert_code(&o, 0);
    golden("preview.txt", &stdout(&o));
}

#[test]
fn a_rejected_operation_exits_1_and_names_every_broken_rule() {
    let o = run(
        &[
            "preview",
            "--state",
            "tests/cli/state.json",
            "--operation",
            "tests/cli/rejected.json",
        ],
        None,
    );
    assert_code(&o, 1);
    let text = stdout(&o);
    golden("rejected.txt", &text);
    let state = json::parse_state(&read_json("state.json")).unwrap();
    let op = json::parse_operation(&read_json("rejected.json"), &state).unwrap();
    let outcome = apply(&state, &op, &Default::default()).unwrap().outcome;
    assert!(!outcome.accepted);
    assert!(outcome.errors.len() >= 2);
    // Every rule, in words with its numbers: the explanation's line of that rule.
    let explain = serde_json::to_value(&outcome.explain).unwrap();
    for e in &outcome.errors {
        let code = serde_json::to_value(e.code).unwrap();
        let code = code.as_str().unwrap();
        let because: Vec<&str> = explain
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["code"] == code)
            .map(|l| l["text"].as_str().unwrap())
            .collect();
        assert!(!because.is_empty(), "{code} is explained");
        // The rule's line, with the lines it wraps onto (indented deeper).
        let mut lines = text.lines().skip_while(|l| !l.contains(code));
        let mut rule = lines.next().unwrap().to_string();
        for more in lines.take_while(|l| l.starts_with("      ")) {
            rule.push(' ');
            rule.push_str(more.trim());
        }
        assert!(rule.ends_with(&because.join(" ")), "{rule}");
    }
    // The same outcome with --json, and the same exit code.
    let o = run(
        &[
            "preview",
            "--json",
            "--state",
            "tests/cli/state.json",
            "--operation",
            "tests/cli/rejected.json",
        ],
        None,
    );
    assert_code(&o, 1);
    let printed: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(printed, serde_json::to_value(&outcome).unwrap());
}

#[test]
fn json_is_the_librarys_outcome() {
    let o = run(
        &[
            "preview",
            "--state",
            "tests/cli/state.json",
            "--operation",
            "tests/cli/invoice.json",
            "--json",
        ],
        None,
    );
    assert_code(&o, 0);
    let printed: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let state = json::parse_state(&read_json("state.json")).unwrap();
    let op = json::parse_operation(&read_json("invoice.json"), &state).unwrap();
    let outcome = apply(&state, &op, &Default::default()).unwrap().outcome;
    assert_eq!(printed, serde_json::to_value(&outcome).unwrap());
    // The gift card's 30.00 counts towards the target of 50.00: the card settles 20.00.
    assert_eq!(printed["settle"], "20.00");

    // simulate --json is { state, outcomes }, as simulate() returns them.
    let o = run(&["simulate", "--json", "tests/cli/total-mode.json"], None);
    assert_code(&o, 0);
    let printed: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let doc = read_json("total-mode.json");
    let state = json::parse_state(&doc["state"]).unwrap();
    let ops = json::parse_operations(&doc["operations"], &state).unwrap();
    let expected = simulate(&state, &ops, &Default::default()).unwrap();
    assert_eq!(printed, serde_json::to_value(&expected).unwrap());
}

#[test]
fn stdin_is_dash() {
    let file = run(&["simulate", "tests/cli/total-mode.json"], None);
    let text = std::fs::read_to_string(dir().join("total-mode.json")).unwrap();
    let piped = run(&["simulate", "-"], Some(&text));
    assert_code(&piped, 0);
    assert_eq!(stdout(&piped), stdout(&file));

    let state = std::fs::read_to_string(dir().join("state.json")).unwrap();
    let o = run(
        &[
            "preview",
            "--state",
            "-",
            "--operation",
            r#"{"type": "invoice", "number": "NF-1", "value": "50.00", "items": [{"id": "A", "quantity": 1, "price": "50.00"}]}"#,
        ],
        Some(&state),
    );
    assert_code(&o, 0);
    let golden_text = std::fs::read_to_string(dir().join("preview.txt")).unwrap();
    assert_eq!(stdout(&o), golden_text);
}

#[test]
fn bad_input_is_one_line_with_the_file_and_the_field_path() {
    let preview = |op: &str| {
        run(
            &[
                "preview",
                "--state",
                "tests/cli/state.json",
                "--operation",
                op,
            ],
            None,
        )
    };
    let err = assert_bad_input(&preview("tests/cli/malformed.json"));
    assert!(
        err.starts_with(
            "settlement-preview: tests/cli/malformed.json: line 3 column 3: malformed JSON"
        ),
        "{err}"
    );

    let err = assert_bad_input(&preview("tests/cli/bad-field.json"));
    assert!(
        err.starts_with("settlement-preview: tests/cli/bad-field.json: items[1].quantity: "),
        "{err}"
    );

    let err = assert_bad_input(&preview(r#"{"type": "invoice", "number": "NF-1"}"#));
    assert!(
        err.starts_with(
            "settlement-preview: --operation (inline JSON): value: missing field `value`"
        ),
        "{err}"
    );

    let err = assert_bad_input(&preview("tests/cli/no-such-file.json"));
    assert!(
        err.starts_with("settlement-preview: tests/cli/no-such-file.json: cannot read"),
        "{err}"
    );

    // A state problem names the state file; a wrong field in a simulate file names its path
    // from the file's top, as simulate() names it.
    let err = assert_bad_input(&run(
        &[
            "preview",
            "--state",
            "tests/cli/bad-state.json",
            "--operation",
            "tests/cli/invoice.json",
        ],
        None,
    ));
    assert!(
        err.starts_with(
            "settlement-preview: tests/cli/bad-state.json: transaction.payments[1].setled: unknown field `setled`"
        ),
        "{err}"
    );
    let mut doc = read_json("total-mode.json");
    doc["operations"][1]["discount"] = Value::from("forty");
    let err = assert_bad_input(&run(&["simulate", "-"], Some(&doc.to_string())));
    assert!(
        err.starts_with("settlement-preview: <stdin>: operations[1].discount: "),
        "{err}"
    );
    let err = assert_bad_input(&run(&["simulate", "-"], Some("[1, 2]")));
    assert!(
        err.starts_with("settlement-preview: <stdin>: expected an object"),
        "{err}"
    );
    let err = assert_bad_input(&run(&["simulate", "-"], Some("")));
    assert!(err.contains("malformed JSON"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let o = run(&["preview", "--state", "tests/cli/state.json"], None);
    assert_code(&o, 2);
    assert!(stderr(&o).contains("--operation"));
    assert_code(&run(&["frobnicate"], None), 2);
    // Stdin is read once.
    let err = assert_bad_input(&run(
        &["preview", "--state", "-", "--operation", "-"],
        Some("{}"),
    ));
    assert!(err.contains("only one argument can read stdin"), "{err}");
    assert_code(&run(&[], None), 2);
}

#[test]
fn every_command_has_help() {
    for args in [
        &["--help"][..],
        &["demo", "--help"],
        &["preview", "--help"],
        &["simulate", "--help"],
        &["vtex", "--help"],
        &["help", "simulate"],
    ] {
        let o = run(args, None);
        assert_code(&o, 0);
        let text = stdout(&o);
        assert!(
            text.contains("Usage: settlement-preview"),
            "{args:?}: {text}"
        );
        // Wrapped for an 80-column terminal.
        assert_fits(&text, 80);
    }
    let o = run(&["--help"], None);
    let text = stdout(&o);
    for command in ["preview", "simulate", "demo", "Exit codes"] {
        assert!(text.contains(command), "{command}");
    }
    let o = run(&["--version"], None);
    assert_code(&o, 0);
    assert!(stdout(&o).contains(env!("CARGO_PKG_VERSION")));
}

/// The report's words, one space apart: a sentence wrapped over lines reads as one.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// No line of `text` is wider than `columns` characters.
fn assert_fits(text: &str, columns: usize) {
    for line in text.lines() {
        assert!(
            line.chars().count() <= columns,
            "{} columns, more than {columns}: {line:?}",
            line.chars().count()
        );
    }
}

/// Strips ANSI escape sequences (CSI … letter).
fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn colour_only_when_asked() {
    let plain = stdout(&run(&["demo"], None));
    assert!(!plain.contains('\u{1b}'), "not a terminal: no colour");
    let coloured = stdout(&run(&["demo", "--color", "always"], None));
    assert!(coloured.contains("\u{1b}["));
    assert_eq!(strip_ansi(&coloured), plain);
    let never = stdout(&run(&["demo", "--color", "never"], None));
    assert_eq!(never, plain);
    // NO_COLOR wins over auto (CLICOLOR_FORCE would force it on a pipe otherwise).
    let mut cmd = Command::new(BIN);
    let o = cmd
        .arg("demo")
        .env("NO_COLOR", "1")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(!String::from_utf8(o.stdout).unwrap().contains('\u{1b}'));
}

#[test]
fn the_readme_worked_example_runs_as_written() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find("cat <<'JSON' | cargo run --quiet --features cli -- simulate -\n")
        .unwrap();
    let body = readme.get(start..).unwrap();
    let body = body.get(body.find('\n').unwrap()..).unwrap();
    let body = body.get(..body.find("\nJSON\n").unwrap()).unwrap();
    let o = run(&["simulate", "-"], Some(body));
    assert_code(&o, 0);
    let text = stdout(&o);
    // What the README's table says: the provider captures 100.00 and refunds 40.00.
    let text = flat(&text);
    assert!(text.contains("settle 100.00, cancel 0.00, refund 0.00 at the provider; the gateway records settle 60.00"), "{text}");
    assert!(text.contains("settle 0.00, cancel 0.00, refund 40.00 at the provider; the gateway records settle 0.00, cancel 40.00"), "{text}");
    assert!(text.contains("OVERCAPTURE_REFUNDED") && text.contains("TOTAL_CAPTURE"));
}

/// `vtex` on examples/node/order.json (VTEX's "Get order" shape: a gift card and a card in
/// installments with interest, a promotion and a shipping discount in priceTags).
const ORDER: &str = "examples/node/order.json";
const CONNECTORS: &str = "examples/node/connectors.json";

fn root_json(path: &str) -> Value {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn vtex_plans_previews_and_prints_the_request() {
    let args = [
        "vtex",
        "--order",
        ORDER,
        "--connectors",
        CONNECTORS,
        "--invoice",
        "1001=1",
        "--issuance-date",
        "2026-03-02T12:00:00Z",
    ];
    let o = run(&args, None);
    assert_code(&o, 0);
    let text = stdout(&o);
    golden("vtex-invoice.txt", &text);

    // --json: each API call's result, exactly as the library gives it.
    let o = run(&[&args[..], &["--json"]].concat(), None);
    assert_code(&o, 0);
    let printed: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let read = json::from_vtex(
        &root_json(ORDER),
        None,
        Some(&serde_json::json!({ "connectors": root_json(CONNECTORS) })),
    )
    .unwrap();
    let plan = json::plan_invoice(
        &read.state,
        &serde_json::json!([{ "id": "1001", "quantity": 1 }]),
        Some(&serde_json::json!({})),
    )
    .unwrap();
    let outcome = apply(&read.state, &plan.operation, &Default::default())
        .unwrap()
        .outcome;
    let request = json::to_vtex_request(
        &read.state,
        &plan.operation,
        Some(&serde_json::json!({ "issuanceDate": "2026-03-02T12:00:00Z" })),
    )
    .unwrap();
    assert_eq!(
        printed,
        serde_json::json!({
            "fromVtex": read,
            "breakdown": plan.breakdown,
            "operation": plan.operation,
            "outcome": outcome,
            "request": request,
        })
    );
    // The request carries the previewed value in cents.
    let value = printed["outcome"]["order"]["invoicedAfter"]
        .as_str()
        .unwrap();
    assert_eq!(
        printed["request"]["body"]["invoiceValue"],
        value.replace('.', "").parse::<i64>().unwrap()
    );
    assert!(text.contains(&format!(
        "\"invoiceValue\": {}",
        printed["request"]["body"]["invoiceValue"]
    )));
}

#[test]
fn vtex_operation_close_out_and_bad_input() {
    // A given operation: a cancellation, its request.
    let o = run(
        &[
            "vtex",
            "--order",
            ORDER,
            "--operation",
            r#"{"type": "cancel", "reason": "customer asked"}"#,
        ],
        None,
    );
    assert_code(&o, 0);
    assert!(stdout(&o).contains("POST /api/oms/pvt/orders/1300000000001-01/cancel"));

    // A rejected operation: exit 1, no request.
    let o = run(
        &[
            "vtex",
            "--order",
            ORDER,
            "--operation",
            r#"{"type": "invoice", "number": "NF-1", "value": "999.00"}"#,
        ],
        None,
    );
    assert_code(&o, 1);
    let text = stdout(&o);
    assert!(text.contains("INVOICE_EXCEEDS_REMAINING") && text.contains("No request"));

    // VTEX needs a change's reason: previewed all the same, with why there is no request;
    // exit 1 (it cannot go through as it is).
    let change = [
        "vtex",
        "--order",
        ORDER,
        "--operation",
        r#"{"type": "change", "requestId": "c1", "discount": "10.00"}"#,
    ];
    let o = run(&change, None);
    assert_code(&o, 1);
    let text = stdout(&o);
    assert!(
        text.contains("▸ Change c1: discount 10.00 ✓ accepted"),
        "{text}"
    );
    assert!(text.contains("cancel 10.00"), "{text}");
    assert!(
        text.contains("Accepted by the rules, not ready to send: missing field `reason`"),
        "{text}"
    );
    assert!(!text.contains("The request to send"), "{text}");
    let o = run(&[&change[..], &["--json"]].concat(), None);
    assert_code(&o, 1);
    let printed: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(printed["outcome"]["accepted"], true);
    assert_eq!(printed["request"], Value::Null);
    assert_eq!(printed["requestError"]["path"], "operation.reason");
    assert_eq!(printed["requestError"]["code"], "INVALID_INPUT");

    // Nothing invoiced yet: nothing to close out.
    let o = run(&["vtex", "--order", ORDER, "--close-out"], None);
    assert_code(&o, 1);
    assert!(stdout(&o).contains("NOTHING_TO_CLOSE"));
    let o = run(&["vtex", "--order", ORDER, "--close-out", "--json"], None);
    assert_code(&o, 1);
    let printed: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(printed["error"]["code"], "NOTHING_TO_CLOSE");

    // Bad input: the order's field, the selection's entry.
    let mut order = root_json(ORDER);
    order["value"] = Value::from("12x");
    let err = assert_bad_input(&run(
        &["vtex", "--order", "-", "--close-out"],
        Some(&order.to_string()),
    ));
    assert!(
        err.starts_with("settlement-preview: <stdin>: value: "),
        "{err}"
    );
    let err = assert_bad_input(&run(
        &["vtex", "--order", ORDER, "--invoice", "1001=9"],
        None,
    ));
    assert!(
        err.starts_with("settlement-preview: --invoice: selection[0].quantity: "),
        "{err}"
    );
    // One of --invoice, --close-out, --operation is required.
    assert_code(&run(&["vtex", "--order", ORDER], None), 2);
    let o = run(&["vtex", "--help"], None);
    assert_code(&o, 0);
    assert!(stdout(&o).contains("--close-out"));
}

/// An argument mistake is named as one (exit 2, one line): `--invoice 1001` lacks `=QTY`; it is
/// no file that cannot be read. A date VTEX would refuse names `--issuance-date`.
#[test]
fn argument_mistakes_are_named_as_such() {
    let err = assert_bad_input(&run(&["vtex", "--order", ORDER, "--invoice", "1001"], None));
    assert_eq!(
        err.trim_end(),
        "settlement-preview: --invoice: selection[0]: expected ID=QTY (e.g. 1001=1), or a \
         JSON file or [{ id, quantity }]; got \"1001\""
    );
    let err = assert_bad_input(&run(
        &["vtex", "--order", ORDER, "--return", "1001=x"],
        None,
    ));
    assert!(
        err.starts_with("settlement-preview: --return: selection[0].quantity: expected a whole"),
        "{err}"
    );
    // A file that is not there is still a file (named `….json`).
    let err = assert_bad_input(&run(
        &["vtex", "--order", ORDER, "--invoice", "sel.json"],
        None,
    ));
    assert!(err.contains("sel.json: cannot read"), "{err}");
    for date in ["02/12/2026", "2026-13-45"] {
        let err = assert_bad_input(&run(
            &[
                "vtex",
                "--order",
                ORDER,
                "--invoice",
                "1001=1",
                "--issuance-date",
                date,
            ],
            None,
        ));
        assert!(
            err.starts_with(&format!(
                "settlement-preview: --issuance-date: \"{date}\" is not an ISO 8601 date"
            )),
            "{err}"
        );
    }
}

/// The default issuanceDate is now in the operator's zone (TZ), with its offset: the day in
/// São Paulo, not UTC's.
#[test]
fn the_default_issuance_date_is_local() {
    for (zone, offset) in [("America/Sao_Paulo", "-03:00"), ("Asia/Tokyo", "+09:00")] {
        let o = Command::new(BIN)
            .args(["vtex", "--order", ORDER, "--invoice", "1001=1", "--json"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("TZ", zone)
            .output()
            .unwrap();
        assert_code(&o, 0);
        let printed: Value = serde_json::from_str(&stdout(&o)).unwrap();
        let date = printed["request"]["body"]["issuanceDate"].as_str().unwrap();
        // 2026-03-02T21:30:00-03:00
        assert_eq!(date.len(), 25, "{date}");
        assert!(date.ends_with(offset), "{zone}: {date}");
        assert_eq!(&date[10..11], "T", "{date}");
    }
}

/// `--return` plans what the customer paid for the units (planReturn), previews the return
/// and prints VTEX's Input invoice; the report fits 80 columns.
#[test]
fn vtex_plans_a_return() {
    let order = root_json("tests/vtex/orders/brl-two-invoices-and-a-return.json")["order"].clone();
    let order = order.to_string();
    let args = [
        "vtex",
        "--order",
        "-",
        "--return",
        "X=1",
        "--shipping",
        "proportional",
        "--issuance-date",
        "2026-03-09",
    ];
    let o = run(&args, Some(&order));
    assert_code(&o, 0);
    let text = stdout(&o);
    golden("vtex-return.txt", &text);
    // X: 100.00, no discount; shipping 10.00 over 250.00 of invoiced items: 4.00 a unit of X.
    assert!(text.contains("\"invoiceValue\": 10400"), "{text}");
    assert!(text.contains("\"type\": \"Input\""), "{text}");
    let o = run(&[&args[..], &["--json"]].concat(), Some(&order));
    let printed: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let read = json::from_vtex(&serde_json::from_str(&order).unwrap(), None, None).unwrap();
    let plan = json::plan_return(
        &read.state,
        &serde_json::json!([{ "id": "X", "quantity": 1 }]),
        Some(&serde_json::json!({ "shipping": "proportional" })),
    )
    .unwrap();
    assert_eq!(
        printed["breakdown"],
        serde_json::to_value(&plan.breakdown).unwrap()
    );
    assert_eq!(
        printed["operation"],
        serde_json::to_value(&plan.operation).unwrap()
    );
    // A reused number moves no money: the verdict says so.
    let o = run(
        &[
            "vtex",
            "--order",
            "-",
            "--operation",
            r#"{"type": "return", "number": "DEV-1", "value": "10.00"}"#,
            "--issuance-date",
            "2026-03-09",
        ],
        Some(&order),
    );
    assert_code(&o, 0);
    let text = stdout(&o);
    assert!(
        text.contains("▸ Return DEV-1 of 10.00 ✓ accepted, moves no money"),
        "{text}"
    );
    assert!(
        flat(&text).contains("nothing is settled, cancelled or refunded"),
        "{text}"
    );
    // Nothing invoiced: nothing to return, said of the flag.
    let err = assert_bad_input(&run(
        &["vtex", "--order", ORDER, "--return", "1001=1"],
        None,
    ));
    assert_eq!(
        err.trim_end(),
        "settlement-preview: --return: nothing is invoiced: there is nothing to return"
    );
    // Y was returned already (DEV-1): not again.
    let err = assert_bad_input(&run(
        &["vtex", "--order", "-", "--return", "Y=1"],
        Some(&order),
    ));
    assert!(err.contains("0 invoiced and not yet returned"), "{err}");
}

/// Reports fit the width: 80 columns by default, `COLUMNS` when set, whatever the currency
/// (KWD's three decimals) and the layout (figures side by side when the width allows).
#[test]
fn reports_fit_the_terminal() {
    let kwd = root_json("tests/vtex/orders/kwd-three-payments-change-partial-invoice.json")
        ["order"]
        .to_string();
    let runs: [(&[&str], Option<&str>); 3] = [
        (&["demo"], None),
        (
            &[
                "vtex",
                "--order",
                "-",
                "--invoice",
                "K2=2",
                "--issuance-date",
                "2026-03-09",
            ],
            Some(&kwd),
        ),
        (&["simulate", "tests/cli/total-mode.json"], None),
    ];
    for (args, stdin) in runs {
        let o = run(args, stdin);
        assert_fits(&stdout(&o), 80);
        for columns in ["60", "100", "160"] {
            let mut cmd = Command::new(BIN);
            cmd.args(args)
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .env("COLUMNS", columns)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped());
            let mut child = cmd.spawn().unwrap();
            let _ = child
                .stdin
                .take()
                .unwrap()
                .write_all(stdin.unwrap_or("").as_bytes());
            let o = child.wait_with_output().unwrap();
            let text = stdout(&o);
            assert_fits(&text, columns.parse().unwrap());
            // Wide enough, one row per view with the figures side by side and its bar.
            let side_by_side = text.lines().any(|l| l.starts_with("    gateway "));
            assert_eq!(
                side_by_side,
                columns == "160",
                "{args:?} at {columns}:\n{text}"
            );
        }
    }
}

/// `vtex --change-v2`: a Change v2 document (a done detail, VTEX's totalChangeValue -2500) on
/// an order whose v2 history (`--changes-v2`) is replayed: the 25.00 still open is cancelled,
/// the order closes out, and the request is Order modifications' PATCH. A bad document is
/// named by its flag and path.
#[test]
fn vtex_change_v2_previews_and_prints_the_patch() {
    const CONNECTORS: &str = r#"{"byPaymentSystem":{"2":{"mode":"partial"}}}"#;
    let args = [
        "vtex",
        "--order",
        "tests/cli/vtex-v2-order.json",
        "--connectors",
        CONNECTORS,
        "--changes-v2",
        "tests/cli/vtex-v2-history.json",
        "--change-v2",
        "tests/cli/vtex-v2-change.json",
    ];
    let o = run(&args, None);
    assert_code(&o, 0);
    golden("vtex-change-v2.txt", &stdout(&o));

    let o = run(&[&args[..], &["--json"]].concat(), None);
    assert_code(&o, 0);
    let report: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(report["operation"]["api"], "v2");
    assert_eq!(report["operation"]["discount"], "25.00");
    assert_eq!(report["outcome"]["cancel"], "25.00");
    assert_eq!(report["outcome"]["order"]["statusAfter"], "invoiced");
    assert_eq!(report["request"]["method"], "PATCH");
    assert_eq!(
        report["request"]["path"],
        "/api/order-system/orders/v12772213qst-02/changes"
    );
    assert_eq!(report["fromVtex"]["state"]["value"], "75.00");

    let mut bad = args.to_vec();
    bad[8] = r#"{"totalChangeValue": 12.5}"#;
    let o = run(&bad, None);
    let line = assert_bad_input(&o);
    assert!(line.contains("--change-v2"), "{line}");
    assert!(line.contains("totalChangeValue"), "{line}");
}

#[path = "cli/reconcile.rs"]
mod reconcile;
