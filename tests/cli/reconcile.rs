//! `settlement-preview reconcile` and `generate` (issue 16), run as a user runs them, on exports
//! the generator writes: the report does not depend on `--jobs` or on how the input is split;
//! every line in has its rows out; each kind of damage is an `invalid` row with its line;
//! `.gz` input; CSV; exit codes; no half-written output file; golden summary, CSV and JSON
//! Lines; and the property with the core: a clean export reconciles to `matched` everywhere,
//! and each injected discrepancy is found with exactly its codes and drift, and nothing else.
//!
//! `UPDATE=1 cargo test --features cli --test cli` rewrites the golden files.

use super::{assert_code, golden, golden_data, stderr, stdout, BIN};
use serde_json::Value;
use settlement_preview::reconcile::REPORT_COLUMNS;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const CONNECTORS: &str = "examples/connectors-three-modes.json";

/// A fresh directory for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("reconcile-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the tool from the crate's root with `NO_COLOR`, stdin from `stdin` bytes (or closed).
fn run_bytes(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        let bytes = bytes.to_vec();
        // Written from a thread: the tool writes while it reads.
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        });
    }
    child.wait_with_output().unwrap()
}

/// `generate` into `dir/name` (and `dir/name.truth`), returning the export's path.
fn generate(dir: &Path, name: &str, orders: u32, seed: u32, rate: &str, extra: &[&str]) -> PathBuf {
    let out = dir.join(name);
    let truth = dir.join(format!("{name}.truth"));
    let orders = orders.to_string();
    let seed = seed.to_string();
    let mut args = vec![
        "generate",
        "--orders",
        &orders,
        "--seed",
        &seed,
        "--rate",
        rate,
        "--connectors",
        CONNECTORS,
        "--output",
        out.to_str().unwrap(),
        "--truth",
        truth.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = run_bytes(&args, None);
    assert_code(&o, 0);
    out
}

fn reconcile(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut all = vec!["reconcile", "--connectors", CONNECTORS];
    all.extend_from_slice(args);
    run_bytes(&all, stdin)
}

fn rows(o: &Output) -> Vec<Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn truth(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(format!("{}.truth", path.display())).unwrap();
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// The line numbers of the rows, one per order (rows of the same order are consecutive).
fn lines_of(rows: &[Value]) -> Vec<u64> {
    let mut out: Vec<u64> = Vec::new();
    for r in rows {
        let line = r["line"].as_u64().unwrap();
        if out.last() != Some(&line) {
            out.push(line);
        }
    }
    out
}

#[test]
fn generate_is_deterministic_for_a_seed() {
    let dir = scratch("deterministic");
    let a = generate(&dir, "a.jsonl", 50, 9, "0.3", &[]);
    let b = generate(&dir, "b.jsonl", 50, 9, "0.3", &[]);
    let c = generate(&dir, "c.jsonl", 50, 10, "0.3", &[]);
    let (a, b, c) = (
        std::fs::read(a).unwrap(),
        std::fs::read(b).unwrap(),
        std::fs::read(c).unwrap(),
    );
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_eq!(a.iter().filter(|&&b| b == b'\n').count(), 50);
    // Batches of 256 lines made on several threads: the same bytes whatever --jobs.
    let one = generate(&dir, "j1.jsonl", 600, 9, "0.3", &["--jobs", "1"]);
    let three = generate(&dir, "j3.jsonl", 600, 9, "0.3", &["--jobs", "3"]);
    assert_eq!(std::fs::read(one).unwrap(), std::fs::read(three).unwrap());
    assert_eq!(
        std::fs::read(dir.join("j1.jsonl.truth")).unwrap(),
        std::fs::read(dir.join("j3.jsonl.truth")).unwrap()
    );

    // The gzip form holds the same lines.
    let gz = generate(&dir, "a.jsonl.gz", 50, 9, "0.3", &["--gzip"]);
    let mut plain = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(std::fs::File::open(gz).unwrap()),
        &mut plain,
    )
    .unwrap();
    assert_eq!(plain, a);
}

#[test]
fn the_report_does_not_depend_on_jobs_nor_on_how_the_input_is_split() {
    let dir = scratch("jobs");
    // ~2 000 lines of ~15 KB: some 30 chunks, so that workers finish out of order.
    let export = generate(&dir, "export.jsonl", 2000, 4, "0.2", &[]);
    let path = export.to_str().unwrap();
    let one = reconcile(&[path, "--jobs", "1", "--quiet"], None);
    let rows_one = rows(&one);
    // Every line in has its rows, in order (no line is blank here).
    assert_eq!(lines_of(&rows_one), (1..=2000).collect::<Vec<u64>>());
    for jobs in ["2", "4"] {
        let o = reconcile(&[path, "--jobs", jobs, "--quiet"], None);
        assert_eq!(o.status.code(), one.status.code());
        assert!(stdout(&o) == stdout(&one), "--jobs {jobs} differs");
    }
    // Split in two files at an arbitrary line, then given as one stream (stdin, and as two
    // gzip members of one .gz file): the same report.
    let bytes = std::fs::read(&export).unwrap();
    let cut = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(777)
        .unwrap()
        .0
        + 1;
    let (first, second) = bytes.split_at(cut);
    let mut joined = first.to_vec();
    joined.extend_from_slice(second);
    let o = reconcile(&["-", "--jobs", "2", "--quiet"], Some(&joined));
    assert!(stdout(&o) == stdout(&one), "stdin differs");
    let mut members = gzip(first);
    members.extend(gzip(second));
    let gz = dir.join("export.jsonl.gz");
    std::fs::write(&gz, members).unwrap();
    let o = reconcile(&[gz.to_str().unwrap(), "--quiet"], None);
    assert!(stdout(&o) == stdout(&one), ".gz differs");
    // CSV: the header is the columns, then the same rows.
    let csv = reconcile(&[path, "--format", "csv", "--quiet", "--jobs", "2"], None);
    let text = stdout(&csv);
    let mut csv_lines = text.split("\r\n");
    assert_eq!(csv_lines.next().unwrap(), REPORT_COLUMNS.join(","));
    assert_eq!(text.matches("\r\n").count(), rows_one.len() + 1);
}

/// One valid line of a generated export.
fn a_valid_line(dir: &Path) -> String {
    let export = generate(dir, "one.jsonl", 1, 1, "0", &[]);
    std::fs::read_to_string(export)
        .unwrap()
        .trim_end()
        .to_string()
}

#[test]
fn each_damaged_line_is_an_invalid_row_with_its_line_number() {
    let dir = scratch("damaged");
    let valid = a_valid_line(&dir);
    let mut input: Vec<u8> = Vec::new();
    let mut push = |bytes: &[u8]| {
        input.extend_from_slice(bytes);
        input.push(b'\n');
    };
    push(valid.as_bytes()); // 1
    push(b"{\"order\": {\"orderId\": "); // 2 truncated JSON
    push(b"{\"order\": \"\xff\xfe\"}"); // 3 invalid UTF-8
    let long = format!("{{\"order\": \"{}\"}}", "x".repeat(valid.len() + 2000));
    push(long.as_bytes()); // 4 over the limit
    push(b"[1, 2]"); // 5 not an object
    push(b"{\"transaction\": {}}"); // 6 no order
    push(b"   "); // 7 blank
    push(b""); // 8 blank
    push(valid.as_bytes()); // 9
    let limit = (valid.len() + 100).to_string();
    let o = reconcile(&["-", "--max-line-bytes", &limit], Some(&input));
    assert_code(&o, 1);
    let rows = rows(&o);
    assert_eq!(lines_of(&rows), [1, 2, 3, 4, 5, 6, 9]);
    let error = |line: u64| -> String {
        let r = rows.iter().find(|r| r["line"] == line).unwrap();
        assert_eq!(r["status"], "invalid", "line {line}");
        assert_eq!(r["payment_id"], Value::Null);
        assert_eq!(r["codes"], serde_json::json!([]));
        r["error"].as_str().unwrap().to_string()
    };
    assert!(error(2).starts_with("line: malformed JSON"), "{}", error(2));
    assert!(error(3).starts_with("line: not UTF-8"), "{}", error(3));
    assert_eq!(
        error(4),
        format!(
            "line: a line of {} bytes, longer than the limit of {limit} bytes: not read",
            long.len()
        )
    );
    assert!(error(5).contains("expected an object"), "{}", error(5));
    assert!(error(6).starts_with("order: missing"), "{}", error(6));
    // The summary accounts for every line: 7 orders, 2 blank.
    let err = stderr(&o);
    assert!(
        err.contains("Reconciled 7 orders from 9 lines (2 blank)"),
        "{err}"
    );
}

#[test]
fn a_truncated_gz_ends_with_an_invalid_row_at_the_line_it_cut() {
    let dir = scratch("truncated");
    let export = generate(&dir, "e.jsonl", 40, 2, "0", &[]);
    let bytes = std::fs::read(&export).unwrap();
    let gz = gzip(&bytes);
    let cut = dir.join("cut.jsonl.gz");
    std::fs::write(&cut, &gz[..gz.len() * 2 / 3]).unwrap();
    let o = reconcile(&[cut.to_str().unwrap(), "--quiet"], None);
    assert_code(&o, 1);
    let rows = rows(&o);
    let lines = lines_of(&rows);
    let last = *lines.last().unwrap();
    // Every line before the cut has its rows, then one invalid row for the line cut short.
    assert_eq!(lines, (1..=last).collect::<Vec<u64>>());
    assert!(last > 1 && last < 40, "{last}");
    let end = rows.last().unwrap();
    assert_eq!(end["status"], "invalid");
    assert!(
        end["error"]
            .as_str()
            .unwrap()
            .starts_with("line: the input is unreadable here"),
        "{end}"
    );
    // The whole file, compressed, reads as the plain one does.
    let whole = dir.join("whole.jsonl.gz");
    std::fs::write(&whole, &gz).unwrap();
    let a = reconcile(&[whole.to_str().unwrap(), "--quiet"], None);
    let b = reconcile(&[export.to_str().unwrap(), "--quiet"], None);
    assert_eq!(stdout(&a), stdout(&b));
    assert_eq!(lines_of(&rows_from(&a)), (1..=40).collect::<Vec<u64>>());
}

fn rows_from(o: &Output) -> Vec<Value> {
    rows(o)
}

#[test]
fn exit_codes() {
    // Nothing to reconcile (blank lines only): nothing differs.
    let o = reconcile(&["-", "--quiet"], Some(b"\n  \n"));
    assert_code(&o, 0);
    assert_eq!(stdout(&o), "");
    // A damaged record: 1.
    assert_code(&reconcile(&["-", "--quiet"], Some(b"nope\n")), 1);
    // Bad invocations: 2, one line on stderr, nothing on stdout.
    for args in [
        &["reconcile", "no-such-file.jsonl"][..],
        &["reconcile", "--jobs", "0"],
        &["reconcile", "--format", "xml"],
        &["reconcile", "--connectors", "no-such-file.json"],
        &[
            "reconcile",
            "--connectors",
            "{\"default\": {\"mode\": \"fast\"}}",
        ],
        &["generate"],
        &["generate", "--orders", "3", "--rate", "2"],
    ] {
        let o = run_bytes(args, Some(b""));
        assert_code(&o, 2);
        assert_eq!(stdout(&o), "", "{args:?}");
        assert!(!stderr(&o).contains("panicked"), "{args:?}");
    }
}

#[test]
fn the_output_file_is_whole_or_absent() {
    let dir = scratch("output");
    let export = generate(&dir, "e.jsonl", 30, 3, "0.2", &[]);
    let out = dir.join("report.csv");
    let o = reconcile(
        &[
            export.to_str().unwrap(),
            "--format",
            "csv",
            "--output",
            out.to_str().unwrap(),
            "--quiet",
        ],
        None,
    );
    assert_eq!(stdout(&o), "");
    let whole = std::fs::read_to_string(&out).unwrap();
    assert!(whole.starts_with("line,order_id,"));
    let leftovers = |dir: &Path| {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect::<Vec<_>>()
    };
    assert_eq!(leftovers(&dir), Vec::<String>::new());

    // ^C while the input is still coming: exit 130, the earlier report untouched, no
    // temporary file left.
    let mut child = Command::new(BIN)
        .args([
            "reconcile",
            "-",
            "--output",
            out.to_str().unwrap(),
            "--quiet",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let line = std::fs::read_to_string(&export).unwrap();
    stdin.write_all(line.as_bytes()).unwrap();
    stdin.flush().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert!(!leftovers(&dir).is_empty(), "the temporary file is written");
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let o = child.wait_with_output().unwrap();
    drop(stdin);
    assert_eq!(o.status.code(), Some(130), "{}", stderr(&o));
    assert!(stderr(&o).contains("interrupted: no report written"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), whole);
    assert_eq!(leftovers(&dir), Vec::<String>::new());

    // A device is written as it is, never replaced by a renamed file.
    let o = reconcile(
        &[export.to_str().unwrap(), "--output", "/dev/null", "--quiet"],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let null = std::fs::metadata("/dev/null").unwrap();
    assert!(!null.is_file(), "/dev/null is still a device");

    // An output in a directory that does not exist: exit 2, nothing written.
    let o = reconcile(
        &[
            export.to_str().unwrap(),
            "--output",
            "/nonexistent-dir/r.csv",
        ],
        None,
    );
    assert_code(&o, 2);
}

/// The small export of the golden files: 12 generated orders (rate 0.5), a damaged line and
/// a blank one.
fn golden_input(dir: &Path) -> Vec<u8> {
    let export = generate(dir, "g.jsonl", 12, 21, "0.5", &[]);
    let mut bytes = std::fs::read(export).unwrap();
    bytes.extend_from_slice(b"{\"order\": 1\n\n");
    bytes
}

/// The summary without its last line (the timing).
fn without_timing(text: &str) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    let last = lines.pop().unwrap();
    assert!(last.starts_with("in "), "{last}");
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

#[test]
fn golden_summary_csv_and_json_lines() {
    let dir = scratch("golden");
    let input = golden_input(&dir);
    let o = reconcile(&["-", "--format", "csv"], Some(&input));
    assert_code(&o, 1);
    golden_data("reconcile.csv", &stdout(&o));
    let summary = without_timing(&stderr(&o));
    golden("reconcile-summary.txt", &summary);
    assert!(
        summary.lines().all(|l| l.chars().count() <= 80),
        "{summary}"
    );
    assert!(!summary.contains('\u{1b}'), "NO_COLOR: {summary}");
    let o = reconcile(&["-", "--no-summary"], Some(&input));
    assert_eq!(stderr(&o), "");
    golden_data("reconcile.jsonl", &stdout(&o));
    // JSON Lines: the columns as keys, in order.
    for row in stdout(&o).lines() {
        let keys: Vec<String> = serde_json::from_str::<serde_json::Map<String, Value>>(row)
            .map(|m| m.keys().cloned().collect())
            .unwrap();
        let mut sorted: Vec<&str> = REPORT_COLUMNS.to_vec();
        sorted.sort_unstable();
        assert_eq!(keys, sorted);
        let at = |k: &str| row.find(&format!("\"{k}\":")).unwrap();
        assert!(
            REPORT_COLUMNS.windows(2).all(|w| at(w[0]) < at(w[1])),
            "{row}"
        );
    }
}

#[test]
fn help_documents_exit_codes_and_the_kinds() {
    let o = run_bytes(&["reconcile", "--help"], None);
    assert_code(&o, 0);
    let text = stdout(&o);
    for needle in ["Exit codes: 0", "--jobs", "--format", "codes, error", "130"] {
        assert!(text.contains(needle), "{needle}: {text}");
    }
    let o = run_bytes(&["generate", "--help"], None);
    let text = stdout(&o);
    for needle in ["--seed", "--truth", "settlement_not_executed", "damaged"] {
        assert!(text.contains(needle), "{needle}");
    }
    // --json belongs to the commands with a JSON form of their report: reconcile and generate
    // write JSON Lines already and neither offer nor accept it.
    for command in ["reconcile", "generate"] {
        let o = run_bytes(&[command, "--help"], None);
        assert!(!stdout(&o).contains("--json"), "{command}");
        let o = run_bytes(&[command, "--json", "--help"], None);
        assert_code(&o, 2);
        assert!(
            stderr(&o).contains("unexpected argument '--json'"),
            "{command}"
        );
    }
}

/// Decimal strings compared as numbers ("1.50" = "1.5"), exactly.
fn same_amount(a: &Value, b: &Value) -> bool {
    let dec = |v: &Value| {
        v.as_str()
            .and_then(|s| s.parse::<rust_decimal::Decimal>().ok())
    };
    matches!((dec(a), dec(b)), (Some(x), Some(y)) if x == y)
}

const FIGURES: [&str; 4] = ["settled", "cancelled", "refunded", "open"];

/// The property with the core (RECONCILE-CONTRACT.md): an export generated without
/// discrepancies reconciles to `matched` on every payment with zero drift; with discrepancies,
/// each injected one is found on its line with exactly its codes and its drift, every other
/// payment and line stays matched, and nothing else is reported.
#[test]
fn generated_exports_reconcile_to_their_truth() {
    let dir = scratch("property");
    let clean = generate(&dir, "clean.jsonl", 600, 11, "0", &[]);
    let o = reconcile(&[clean.to_str().unwrap(), "--quiet"], None);
    let mut problems: Vec<String> = Vec::new();
    for r in rows(&o) {
        let drift_zero = FIGURES
            .iter()
            .all(|f| same_amount(&r[format!("{f}_drift")], &Value::String("0".into())));
        if r["status"] != "matched" || !drift_zero || r["codes"] != serde_json::json!([]) {
            problems.push(format!("clean line {}: {r}", r["line"]));
        }
    }
    if problems.is_empty() {
        assert_code(&o, 0);
    }

    let dirty = generate(&dir, "dirty.jsonl", 1500, 12, "0.4", &[]);
    let truths = truth(&dirty);
    let o = reconcile(&[dirty.to_str().unwrap(), "--quiet"], None);
    let all = rows(&o);
    let mut by_line: BTreeMap<u64, Vec<&Value>> = BTreeMap::new();
    for r in &all {
        by_line
            .entry(r["line"].as_u64().unwrap())
            .or_default()
            .push(r);
    }
    let mut kinds_seen: BTreeMap<String, usize> = BTreeMap::new();
    let truth_by_line: BTreeMap<u64, &Value> = truths
        .iter()
        .map(|t| (t["line"].as_u64().unwrap(), t))
        .collect();
    for (line, rows) in &by_line {
        let Some(t) = truth_by_line.get(line) else {
            for r in rows {
                if r["status"] != "matched" {
                    problems.push(format!("line {line} (no injection): {r}"));
                }
            }
            continue;
        };
        let kind = t["kind"].as_str().unwrap();
        *kinds_seen.entry(kind.to_string()).or_default() += 1;
        if kind == "damaged" {
            if rows.len() != 1 || rows[0]["status"] != "invalid" {
                problems.push(format!("line {line} {kind}: {rows:?}"));
            }
            continue;
        }
        let codes = &t["codes"];
        for r in rows {
            let concerned = t["paymentId"].is_null() || r["payment_id"] == t["paymentId"];
            let want_codes = if concerned {
                codes.clone()
            } else {
                serde_json::json!([])
            };
            // Order-level findings (no payment) appear on every row of the order.
            let want_codes = if t["paymentId"].is_null() {
                codes.clone()
            } else {
                want_codes
            };
            let mut got: Vec<String> = r["codes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap().to_string())
                .collect();
            got.sort();
            got.dedup();
            let mut want: Vec<String> = want_codes
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap().to_string())
                .collect();
            want.sort();
            if got != want {
                problems.push(format!(
                    "line {line} {kind}: payment {} codes {got:?}, expected {want:?}",
                    r["payment_id"]
                ));
            }
            for f in FIGURES {
                let expected = if r["payment_id"] == t["paymentId"] {
                    t["drift"][f].clone()
                } else {
                    Value::String("0".into())
                };
                let got = &r[format!("{f}_drift")];
                if !same_amount(got, &expected) {
                    problems.push(format!(
                        "line {line} {kind}: payment {} {f} drift {got}, expected {expected}",
                        r["payment_id"]
                    ));
                }
            }
        }
    }
    // Every line is there, and the generator injected every kind at least once.
    assert_eq!(by_line.len(), 1500);
    for kind in [
        "settlement_not_executed",
        "settlement_not_requested",
        "overcapture_not_refunded",
        "return_not_refunded",
        "refund_not_executed",
        "refund_duplicated",
        "canceled_but_settled",
        "authorization_left_open",
        "settled_beyond_authorization",
        "status_mismatch",
        "damaged",
    ] {
        assert!(
            kinds_seen.get(kind).copied().unwrap_or(0) > 0,
            "{kind} never injected"
        );
    }
    let shown: Vec<&String> = problems.iter().take(40).collect();
    assert!(
        problems.is_empty(),
        "{} disagreements with the truth, the first:\n{}",
        problems.len(),
        shown
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The README's reconciliation example, run as written (in a scratch directory, with the
/// binary first on PATH and the repository's `examples/` beside it).
#[test]
fn the_readme_reconcile_example_runs_as_written() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = readme
        .split("### Reconciling a store's export")
        .nth(1)
        .unwrap();
    let script = section
        .split("```sh\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let dir = scratch("readme");
    std::os::unix::fs::symlink(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples"),
        dir.join("examples"),
    )
    .unwrap();
    let bin_dir = Path::new(BIN).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    // Each command in turn: generate succeeds, reconcile finds the injected differences (1).
    let mut codes = Vec::new();
    for command in script.replace("\\\n", " ").lines() {
        let o = Command::new("sh")
            .args(["-c", command])
            .current_dir(&dir)
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        codes.push(o.status.code());
        if o.status.code() == Some(1) {
            let err = String::from_utf8_lossy(&o.stderr).into_owned();
            assert!(
                err.is_empty() || err.contains("Reconciled 1000 orders from 1000 lines"),
                "{command}: {err}"
            );
        }
    }
    assert_eq!(codes, [Some(0), Some(1), Some(1)]);
    let csv = std::fs::read_to_string(dir.join("report.csv")).unwrap();
    assert!(csv.starts_with(&REPORT_COLUMNS.join(",")));
    let jsonl = std::fs::read_to_string(dir.join("report.jsonl")).unwrap();
    assert_eq!(csv.matches("\r\n").count(), jsonl.lines().count() + 1);
    let truth = std::fs::read_to_string(dir.join("truth.jsonl")).unwrap();
    assert!(truth.lines().count() > 20, "{truth}");
}
