//! `settlement-preview bench-reconcile FILE` (hidden; `make bench-reconcile`): on one core and
//! in one run, the time to merely parse every line of FILE into a `serde_json::Value` (checked
//! as UTF-8, then `serde_json::from_str`, as reconcile parses it), against
//! the time to reconcile it as `reconcile --jobs 1` does (read, parse once, reconcile with
//! `explain: false`, encode the JSON Lines rows, which are dropped). Both passes read the file
//! the same way (the page cache holds it after the first); each is run `--rounds` times,
//! alternately, and the best time of each is kept (the machine is shared). Both the wall time
//! and the thread's own CPU time (`/proc/thread-self/schedstat`: time on a core, which other
//! processes' load does not inflate) are given; the ratio is taken on CPU time.

use crate::input::Failure;
use crate::lines::{self, Record};
use crate::reconcile::{self, Format};
use serde_json::Value;
use settlement_preview::reconcile::{ReconcileOptions, MAX_EXPORT_LINE};
use std::io::BufReader;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// The arguments of `bench-reconcile`.
#[derive(clap::Args)]
pub struct BenchArgs {
    /// A generated export (plain JSON Lines).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Runs of each pass (the best is kept).
    #[arg(long, default_value_t = 3)]
    rounds: u32,
    /// The connectors, as reconcile's --connectors.
    #[arg(long, value_name = "FILE")]
    connectors: Option<String>,
}

/// Runs the benchmark and prints its figures.
pub fn run(args: &BenchArgs, color: anstream::ColorChoice) -> ExitCode {
    match run_inner(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            crate::fail(&f, color);
            ExitCode::from(2)
        }
    }
}

/// This thread's time on a core so far (Linux), or `None`.
fn cpu_time() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// What a pass does with each line.
#[derive(Clone, Copy, PartialEq, Eq)]
enum What {
    /// Only read and cut into lines (the reader thread's share of a run).
    Split,
    /// Parse into a `Value`.
    Parse,
    /// Parse, reconcile and encode the rows.
    Reconcile,
}

/// A pass's wall and CPU times, lines read and bytes of rows.
struct Pass {
    wall: Duration,
    cpu: Option<Duration>,
    lines: u64,
    bytes: u64,
}

fn pass(args: &BenchArgs, options: &ReconcileOptions, what: What) -> Result<Pass, Failure> {
    let file = std::fs::File::open(&args.file).map_err(|e| Failure::Input {
        source: args.file.display().to_string(),
        location: String::new(),
        message: format!("cannot read: {e}"),
    })?;
    let started = Instant::now();
    let cpu_started = cpu_time();
    let mut lines: u64 = 0;
    let mut bytes: u64 = 0;
    lines::split(
        BufReader::with_capacity(1 << 20, file),
        MAX_EXPORT_LINE,
        |chunk| {
            if what == What::Split {
                lines = lines.saturating_add(u64::try_from(chunk.records.len()).unwrap_or(0));
                std::hint::black_box(&chunk);
            } else if what == What::Reconcile {
                let done = reconcile::process(&chunk, options, Format::Jsonl, MAX_EXPORT_LINE);
                bytes = bytes.saturating_add(u64::try_from(done.bytes.len()).unwrap_or(0));
                lines = lines.saturating_add(done.stats.lines);
            } else {
                for r in &chunk.records {
                    if let Record::Line { start, end } = r {
                        let text = chunk.data.get(*start..*end).unwrap_or_default();
                        // The reconcile pass's own parse: UTF-8 checked, then from_str.
                        let parsed = std::str::from_utf8(text)
                            .ok()
                            .map(serde_json::from_str::<Value>);
                        std::hint::black_box(&parsed);
                    }
                    lines = lines.saturating_add(1);
                }
            }
            true
        },
    )?;
    let cpu = match (cpu_started, cpu_time()) {
        (Some(a), Some(b)) => b.checked_sub(a),
        _ => None,
    };
    Ok(Pass {
        wall: started.elapsed(),
        cpu,
        lines,
        bytes,
    })
}

fn run_inner(args: &BenchArgs) -> Result<(), Failure> {
    let options = reconcile::batch_options(args.connectors.as_deref(), None)?;
    let size = std::fs::metadata(&args.file).map(|m| m.len()).unwrap_or(0);
    let mut parse = (Duration::MAX, Duration::MAX);
    let mut rec = (Duration::MAX, Duration::MAX);
    let mut lines = 0;
    let mut out_bytes = 0;
    let mut split = Duration::MAX;
    for _ in 0..args.rounds.max(1) {
        let sp = pass(args, &options, What::Split)?;
        split = split.min(sp.cpu.unwrap_or(sp.wall));
        let p = pass(args, &options, What::Parse)?;
        parse = (parse.0.min(p.wall), parse.1.min(p.cpu.unwrap_or(p.wall)));
        lines = p.lines;
        let r = pass(args, &options, What::Reconcile)?;
        rec = (rec.0.min(r.wall), rec.1.min(r.cpu.unwrap_or(r.wall)));
        out_bytes = r.bytes;
    }
    let secs = |d: Duration| d.as_secs_f64().max(f64::MIN_POSITIVE);
    // Display only: rates and ratios are not money.
    #[allow(clippy::cast_precision_loss)]
    let per_sec = |d: Duration| lines as f64 / secs(d);
    #[allow(clippy::cast_precision_loss)]
    let mb = size as f64 / 1e6;
    println!("file: {} ({lines} lines, {mb:.1} MB)", args.file.display());
    println!(
        "split only (read + cut into lines, the reader thread's work): {:.2} s CPU",
        secs(split)
    );
    println!(
        "parse only (serde_json::Value): {:.2} s CPU, {:.2} s wall, {:.0} lines/s CPU, {:.0} MB/s CPU",
        secs(parse.1),
        secs(parse.0),
        per_sec(parse.1),
        mb / secs(parse.1)
    );
    println!(
        "reconcile (parse + reconcile + rows): {:.2} s CPU, {:.2} s wall, {:.0} lines/s CPU, {out_bytes} bytes of rows",
        secs(rec.1),
        secs(rec.0),
        per_sec(rec.1)
    );
    println!(
        "ratio reconcile / parse (CPU): {:.2} (target ≤ 2)",
        secs(rec.1) / secs(parse.1)
    );
    // On an idle 2-core machine, 1 job runs the workers' part (reconcile − split) while the
    // reader overlaps on the other core; 2 jobs spread all of it over both cores.
    println!(
        "2 jobs / 1 on 2 idle cores, from these CPU times: {:.2}× (2 × (reconcile − split) / reconcile)",
        2.0 * (secs(rec.1) - secs(split)).max(0.0) / secs(rec.1)
    );
    Ok(())
}
