//! `settlement-preview reconcile`: a store's export (JSON Lines, one `{ "order": …,
//! "transaction": … }` per line; a file, `.gz` by name, or stdin) reconciled on every core,
//! streamed with bounded memory, written in input order as JSON Lines or CSV (api.md section 9's
//! report rows), with a progress line on a terminal and a summary at the end.
//!
//! The pipeline (std threads, bounded channels):
//!
//! ```text
//! reader ──chunks of lines──▶ N workers ──encoded rows + counts──▶ writer (this thread)
//!    ▲                                                                   │
//!    └──────────────── tokens (at most IN_FLIGHT chunks) ◀────────────────┘
//! ```
//!
//! The reader takes a token for every chunk it sends and the writer gives it back once the
//! chunk is written, in order: at most `IN_FLIGHT` chunks (of ≤ 1 MiB, or one line up to the
//! line limit) exist at any time, whatever the input's size and however slow one chunk is.
//! Each line is parsed once into a JSON document borrowed from it
//! (`settlement_preview::doc::Json`, no `Value`), reconciled with `explain: false`, and its
//! rows are encoded by the worker; the writer only reorders and writes bytes.

use crate::input::{Failure, Source};
use crate::lines::{self, Chunk, Counting, Record};
use crate::summary::{Stats, Summary};
use serde_json::Value;
use settlement_preview::money::write_amount;
use settlement_preview::reconcile::{
    self as rec, ErrorInfo, Figures, ReconcileOptions, Reconciliation, ReportRow, REPORT_COLUMNS,
};
use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Set by ^C (SIGINT): the writer stops, removes its temporary file and exits 130.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Exit codes (also in `--help`).
pub const EXIT_MATCHED: u8 = 0;
/// Differences, pending requests or invalid records found.
pub const EXIT_DIFFERENCES: u8 = 1;
/// Bad invocation: unknown flag, unreadable input or connectors file, bad currency.
pub const EXIT_USAGE: u8 = 2;
/// Reading or writing failed after the run started (the output file is not left behind).
pub const EXIT_IO: u8 = 3;
/// Interrupted (^C): the output file is not left behind.
pub const EXIT_INTERRUPTED: u8 = 130;

/// The report's format.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// JSON Lines: one object per row, keys in the columns' order, `codes` a list.
    Jsonl,
    /// CSV (RFC 4180: CRLF, quoted when needed), a header of the columns, `codes` joined by `|`.
    Csv,
}

/// The arguments of `reconcile`.
#[derive(clap::Args)]
pub struct ReconcileArgs {
    /// The export: JSON Lines, one {"order": …, "transaction": …} per line; gzip when the
    /// name ends in .gz; - (the default) reads stdin.
    #[arg(value_name = "FILE", default_value = "-")]
    input: String,
    /// Worker threads (default: every core).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<NonZeroUsize>,
    /// The report's format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
    /// Write the report to FILE (whole or not at all: a temporary file renamed at the end)
    /// instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Which protocol and mode each connector uses ({ byPaymentId?, byPaymentSystem?,
    /// byGroup?, default? }, as fromVtex's options.connectors); without it, ppp + total.
    #[arg(long, value_name = "FILE")]
    connectors: Option<String>,
    /// The currency of old orders without storePreferencesData (ISO 4217).
    #[arg(long, value_name = "CODE")]
    currency: Option<String>,
    /// Print the summary on stderr at the end (the default, even with --quiet).
    #[arg(long, overrides_with = "no_summary")]
    summary: bool,
    /// No summary.
    #[arg(long, overrides_with = "summary")]
    no_summary: bool,
    /// Neither progress nor summary (unless --summary).
    #[arg(long, short = 'q')]
    quiet: bool,
    /// The longest line read, in bytes (longer ones are invalid rows); for tests.
    #[arg(long, hide = true, default_value_t = rec::MAX_EXPORT_LINE, value_name = "BYTES")]
    max_line_bytes: usize,
}

/// The help's epilogue.
pub const AFTER_HELP: &str = "\
Each input line gives one row per payment (an order that cannot be read: one `invalid` row
with its line number and why; a blank line: no row, counted in the summary). Rows keep the
input's order whatever --jobs. Columns (api.md section 9):
  line, order_id, payment_id, payment_group, currency, status, expected_settled,
  recorded_settled, settled_drift, expected_cancelled, recorded_cancelled, cancelled_drift,
  expected_refunded, recorded_refunded, refunded_drift, expected_open, recorded_open,
  open_drift, codes, error
Amounts are decimal strings; an absent value is null (JSON Lines) or empty (CSV).

Progress on stderr only when stderr is a terminal; NO_COLOR or --color never turns colour off.

Exit codes: 0 every order matched, 1 differences, pending requests or invalid records found,
2 bad invocation, 3 an I/O error during the run, 130 interrupted (^C). With --output, the file
is written whole or not at all.

Example:
  settlement-preview generate --orders 1000 --seed 7 --rate 0.1 --output export.jsonl
  settlement-preview reconcile export.jsonl --format csv --output report.csv";

/// Runs `reconcile`.
pub fn run(args: &ReconcileArgs, color: anstream::ColorChoice) -> ExitCode {
    match run_inner(args, color) {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            crate::fail(&failure, color);
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// The reconcile options from the flags (`explain: false`: a batch has no use for it).
fn options(args: &ReconcileArgs) -> Result<ReconcileOptions, Failure> {
    batch_options(args.connectors.as_deref(), args.currency.as_deref())
}

/// A batch's options: `--connectors` (a file, - or inline JSON) and `--currency`, with
/// `explain: false`.
pub fn batch_options(
    connectors: Option<&str>,
    currency: Option<&str>,
) -> Result<ReconcileOptions, Failure> {
    let mut object = serde_json::Map::new();
    object.insert("explain".into(), Value::Bool(false));
    let src = connectors.map(|c| Source::new("--connectors", c));
    if let Some(src) = &src {
        object.insert("connectors".into(), src.read()?);
    }
    if let Some(currency) = currency {
        object.insert("currency".into(), Value::String(currency.to_string()));
    }
    let options = Value::Object(object);
    // fromVtex's own reading of the connectors and the currency first, so that a bad flag is
    // told the same way `vtex --connectors` tells it.
    let mut from = options.clone();
    if let Value::Object(map) = &mut from {
        map.remove("explain");
    }
    settlement_preview::vtex::parse_from_options(Some(&from))
        .and_then(|_| rec::parse_options(Some(&options)))
        .map_err(|e| {
            let flag = if e.path.starts_with("options.connectors") {
                src.as_ref()
                    .map(|s| s.invalid(e.clone(), "options.connectors"))
            } else {
                None
            };
            flag.unwrap_or_else(|| Source::Named("--currency").invalid(e, "options"))
        })
}

/// Where the report goes: stdout, or a temporary file renamed to `--output` at the end.
enum Sink {
    Stdout(io::BufWriter<io::StdoutLock<'static>>),
    Device(io::BufWriter<std::fs::File>),
    File {
        out: io::BufWriter<std::fs::File>,
        temp: PathBuf,
        path: PathBuf,
    },
}

impl Sink {
    fn open(output: Option<&Path>) -> Result<Sink, Failure> {
        let Some(path) = output else {
            return Ok(Sink::Stdout(io::BufWriter::with_capacity(
                1 << 20,
                io::stdout().lock(),
            )));
        };
        // A device or a pipe (`--output /dev/null`, a FIFO) is written as it is: renaming a
        // file onto it would replace the device itself.
        if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| Failure::Input {
                    source: "--output".into(),
                    location: String::new(),
                    message: format!("cannot write {}: {e}", path.display()),
                })?;
            return Ok(Sink::Device(io::BufWriter::with_capacity(1 << 20, file)));
        }
        let name = path.file_name().ok_or_else(|| Failure::Input {
            source: "--output".into(),
            location: String::new(),
            message: format!("{} names no file", path.display()),
        })?;
        let mut temp_name = std::ffi::OsString::from(".");
        temp_name.push(name);
        temp_name.push(format!(".{}.tmp", std::process::id()));
        let temp = path.with_file_name(temp_name);
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
            .map_err(|e| Failure::Input {
                source: "--output".into(),
                location: String::new(),
                message: format!("cannot create {}: {e}", temp.display()),
            })?;
        Ok(Sink::File {
            out: io::BufWriter::with_capacity(1 << 20, file),
            temp,
            path: path.to_path_buf(),
        })
    }

    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Sink::Stdout(out) => out.write_all(bytes),
            Sink::Device(out) | Sink::File { out, .. } => out.write_all(bytes),
        }
    }

    /// Flushes, and for a file syncs it and renames it into place.
    fn finish(self) -> io::Result<()> {
        match self {
            Sink::Stdout(mut out) => out.flush(),
            Sink::Device(mut out) => out.flush(),
            Sink::File { out, temp, path } => {
                let done = out
                    .into_inner()
                    .map_err(io::IntoInnerError::into_error)
                    .and_then(|file| file.sync_all())
                    .and_then(|()| std::fs::rename(&temp, &path));
                if done.is_err() {
                    let _ = std::fs::remove_file(&temp);
                }
                done
            }
        }
    }

    /// Drops what was written: a file's temporary copy is removed.
    fn abandon(self) {
        if let Sink::File { out, temp, .. } = self {
            drop(out);
            let _ = std::fs::remove_file(&temp);
        }
    }
}

/// The input: its reader and, for a file, its size (for the progress line's percentage).
fn open_input(
    name: &str,
    count: Arc<AtomicU64>,
) -> Result<(Box<dyn BufRead + Send>, Option<u64>), Failure> {
    let unreadable = |e: io::Error| Failure::Input {
        source: name.to_string(),
        location: String::new(),
        message: format!("cannot read: {e}"),
    };
    let (raw, size): (Box<dyn Read + Send>, Option<u64>) = if name == "-" {
        (Box::new(io::stdin()), None)
    } else {
        let file = std::fs::File::open(name).map_err(unreadable)?;
        let meta = file.metadata().map_err(unreadable)?;
        if meta.is_dir() {
            return Err(unreadable(io::Error::other("is a directory")));
        }
        (Box::new(file), Some(meta.len()))
    };
    let counted = Counting::new(raw, count);
    let reader: Box<dyn BufRead + Send> = if name.ends_with(".gz") {
        // Concatenated gzip members (`cat a.gz b.gz`) read as one stream, as gzip does.
        Box::new(BufReader::with_capacity(
            1 << 20,
            flate2::read::MultiGzDecoder::new(BufReader::with_capacity(1 << 16, counted)),
        ))
    } else {
        Box::new(BufReader::with_capacity(1 << 20, counted))
    };
    Ok((reader, size))
}

/// What a worker hands the writer: the chunk's rows, encoded, and its counts.
pub struct Done {
    seq: u64,
    /// The encoded rows.
    pub bytes: Vec<u8>,
    /// The chunk's counts.
    pub stats: Stats,
}

fn run_inner(args: &ReconcileArgs, color: anstream::ColorChoice) -> Result<u8, Failure> {
    let options = Arc::new(options(args)?);
    let read_bytes = Arc::new(AtomicU64::new(0));
    let (input, size) = open_input(&args.input, Arc::clone(&read_bytes))?;
    let jobs = args
        .jobs
        .or_else(|| std::thread::available_parallelism().ok())
        .map_or(1, NonZeroUsize::get);
    let mut sink = Sink::open(args.output.as_deref())?;
    let _ = ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst));

    let started = Instant::now();
    let format = args.format;
    let in_flight = jobs.saturating_mul(2).saturating_add(2);
    let (token_tx, token_rx) = mpsc::sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        let _ = token_tx.send(());
    }
    let (chunk_tx, chunk_rx) = mpsc::sync_channel::<Chunk>(in_flight);
    let (done_tx, done_rx) = mpsc::sync_channel::<Done>(in_flight);
    let max_line = args.max_line_bytes;

    let reader = std::thread::spawn(move || {
        lines::split(input, max_line, |chunk| {
            !INTERRUPTED.load(Ordering::Relaxed)
                && token_rx.recv().is_ok()
                && chunk_tx.send(chunk).is_ok()
        })
    });
    let chunk_rx = Arc::new(Mutex::new(chunk_rx));
    let mut workers = Vec::with_capacity(jobs);
    for _ in 0..jobs {
        let chunk_rx = Arc::clone(&chunk_rx);
        let done_tx = done_tx.clone();
        let options = Arc::clone(&options);
        workers.push(std::thread::spawn(move || loop {
            let next = match chunk_rx.lock() {
                Ok(rx) => rx.recv(),
                Err(_) => return,
            };
            let Ok(chunk) = next else { return };
            if done_tx
                .send(process(&chunk, &options, format, max_line))
                .is_err()
            {
                return;
            }
        }));
    }
    drop(done_tx);

    let progress = (!args.quiet && io::stderr().is_terminal()).then(|| Progress::new(size));
    let mut stats = Stats::default();
    if format == Format::Csv {
        if let Err(e) = sink.write_all(csv_header().as_bytes()) {
            return Ok(io_failure(sink, &e, color));
        }
    }
    let mut pending: BTreeMap<u64, Done> = BTreeMap::new();
    let mut next: u64 = 0;
    let mut progress = progress;
    loop {
        if INTERRUPTED.load(Ordering::SeqCst) {
            if let Some(p) = &progress {
                p.clear();
            }
            sink.abandon();
            eprintln!("settlement-preview: interrupted: no report written");
            // The reader may be blocked on stdin: the process ends without waiting for it.
            std::process::exit(i32::from(EXIT_INTERRUPTED));
        }
        match done_rx.recv_timeout(Duration::from_millis(100)) {
            Ok(done) => {
                pending.insert(done.seq, done);
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
        while let Some(done) = pending.remove(&next) {
            if let Err(e) = sink.write_all(&done.bytes) {
                if let Some(p) = &progress {
                    p.clear();
                }
                return Ok(io_failure(sink, &e, color));
            }
            stats.merge(done.stats);
            next = next.saturating_add(1);
            let _ = token_tx.send(());
        }
        if let Some(p) = &mut progress {
            p.tick(stats.orders(), read_bytes.load(Ordering::Relaxed));
        }
    }
    drop(token_tx);
    if let Some(p) = &progress {
        p.clear();
    }
    for w in workers {
        let _ = w.join();
    }
    match reader.join() {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Ok(io_failure(sink, &e, color)),
        Err(_) => {
            return Ok(io_failure(
                sink,
                &io::Error::other("the reader stopped"),
                color,
            ))
        }
    }
    if !pending.is_empty() {
        return Ok(io_failure(
            sink,
            &io::Error::other("a worker stopped before its chunk was written"),
            color,
        ));
    }
    if let Err(e) = sink.finish() {
        return Ok(io_failure_message(&e, color));
    }
    if args.summary || !(args.quiet || args.no_summary) {
        let summary = Summary {
            stats: &stats,
            elapsed: started.elapsed(),
        };
        let mut stderr = anstream::AutoStream::new(io::stderr(), color);
        let _ = stderr.write_all(summary.render().as_bytes());
    }
    Ok(if stats.all_matched() {
        EXIT_MATCHED
    } else {
        EXIT_DIFFERENCES
    })
}

fn io_failure(sink: Sink, e: &io::Error, color: anstream::ColorChoice) -> u8 {
    sink.abandon();
    io_failure_message(e, color)
}

fn io_failure_message(e: &io::Error, color: anstream::ColorChoice) -> u8 {
    if e.kind() != io::ErrorKind::BrokenPipe {
        crate::fail(
            &Failure::Output(io::Error::new(e.kind(), e.to_string())),
            color,
        );
    }
    EXIT_IO
}

/// Reconciles one chunk: its rows, encoded, and its counts.
pub fn process(chunk: &Chunk, options: &ReconcileOptions, format: Format, max_line: usize) -> Done {
    let mut bytes = Vec::with_capacity(chunk.data.len().checked_div(4).unwrap_or(0));
    let mut stats = Stats::default();
    let mut line = chunk.first_line;
    for record in &chunk.records {
        stats.lines = stats.lines.saturating_add(1);
        let outcome = match record {
            Record::Line { start, end } => {
                let text = chunk.data.get(*start..*end).unwrap_or_default();
                if text.iter().all(u8::is_ascii_whitespace) {
                    stats.blank = stats.blank.saturating_add(1);
                    line = line.saturating_add(1);
                    continue;
                }
                reconcile_line(text, options)
            }
            Record::TooLong(n) => Err(rec::line_too_long(*n, max_line)),
            Record::Unreadable(error) => Err(error.clone()),
        };
        // `rows` gives at least one row (an order without payments has one), so no line is
        // dropped.
        let rows = match &outcome {
            Ok(r) => r.rows(line),
            Err(e) => vec![ReportRow::invalid(line, e)],
        };
        match &outcome {
            Ok(r) => stats.order(r, line),
            Err(_) => stats.invalid(),
        }
        for row in &rows {
            stats.rows = stats.rows.saturating_add(1);
            match format {
                Format::Jsonl => jsonl_row(&mut bytes, row),
                Format::Csv => csv_row(&mut bytes, row),
            }
        }
        line = line.saturating_add(1);
    }
    Done {
        seq: chunk.seq,
        bytes,
        stats,
    }
}

/// One line: the library's reading of an export line (UTF-8, JSON parsed once, an object
/// with `order`), then its reconciliation.
fn reconcile_line(text: &[u8], options: &ReconcileOptions) -> Result<Reconciliation, ErrorInfo> {
    // Read straight into documents borrowed from the line (no `Value`: issue 20).
    let line = rec::read_export_line::<settlement_preview::doc::Json>(text)?;
    Ok(rec::reconcile_doc(
        &line.order,
        line.transaction.as_ref(),
        options,
    ))
}

fn csv_header() -> String {
    let mut header = REPORT_COLUMNS.join(",");
    header.push_str("\r\n");
    header
}

/// The row's cells as text, in the columns' order (`None`: absent).
fn cells(row: &ReportRow) -> [Option<String>; 20] {
    let amount = |f: Option<&Figures>, pick: fn(&Figures) -> rust_decimal::Decimal| {
        f.map(|f| write_amount(pick(f)).as_str().to_string())
    };
    let (e, r, d) = match &row.figures {
        Some((e, r, d)) => (Some(e), Some(r), Some(d)),
        None => (None, None, None),
    };
    let codes = row
        .codes
        .iter()
        .map(|c| c.name())
        .collect::<Vec<_>>()
        .join("|");
    [
        Some(row.line.to_string()),
        row.order_id.clone(),
        row.payment_id.clone(),
        row.payment_group.map(str::to_string),
        row.currency.map(|c| c.code().to_string()),
        Some(row.status.name().to_string()),
        amount(e, |f| f.settled),
        amount(r, |f| f.settled),
        amount(d, |f| f.settled),
        amount(e, |f| f.cancelled),
        amount(r, |f| f.cancelled),
        amount(d, |f| f.cancelled),
        amount(e, |f| f.refunded),
        amount(r, |f| f.refunded),
        amount(d, |f| f.refunded),
        amount(e, |f| f.open),
        amount(r, |f| f.open),
        amount(d, |f| f.open),
        Some(codes),
        row.error.clone(),
    ]
}

/// A CSV row (RFC 4180): a cell with a comma, a quote, CR or LF is quoted, its quotes doubled;
/// an absent cell is empty; CRLF ends the row.
fn csv_row(out: &mut Vec<u8>, row: &ReportRow) {
    for (i, cell) in cells(row).iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let Some(text) = cell else { continue };
        if text.contains([',', '"', '\r', '\n']) {
            out.push(b'"');
            out.extend_from_slice(text.replace('"', "\"\"").as_bytes());
            out.push(b'"');
        } else {
            out.extend_from_slice(text.as_bytes());
        }
    }
    out.extend_from_slice(b"\r\n");
}

/// A JSON Lines row: the columns' names as keys, in order; `line` a number, `codes` a list of
/// strings, amounts decimal strings, absent values null.
fn jsonl_row(out: &mut Vec<u8>, row: &ReportRow) {
    let cells = cells(row);
    out.push(b'{');
    for (i, (name, cell)) in REPORT_COLUMNS.iter().zip(cells).enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'"');
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b"\":");
        match (*name, cell) {
            ("line", _) => out.extend_from_slice(row.line.to_string().as_bytes()),
            ("codes", _) => {
                out.push(b'[');
                for (j, code) in row.codes.iter().enumerate() {
                    if j > 0 {
                        out.push(b',');
                    }
                    out.push(b'"');
                    out.extend_from_slice(code.name().as_bytes());
                    out.push(b'"');
                }
                out.push(b']');
            }
            (_, Some(text)) => {
                let _ = serde_json::to_writer(&mut *out, &text);
            }
            (_, None) => out.extend_from_slice(b"null"),
        }
    }
    out.extend_from_slice(b"}\n");
}

/// The progress line on stderr (a terminal only): orders done, rate, and for a file the share
/// read and the time left.
struct Progress {
    size: Option<u64>,
    started: Instant,
    last: Instant,
}

impl Progress {
    fn new(size: Option<u64>) -> Self {
        let now = Instant::now();
        Progress {
            size,
            started: now,
            last: now,
        }
    }

    fn tick(&mut self, orders: u64, read: u64) {
        if self.last.elapsed() < Duration::from_millis(250) {
            return;
        }
        self.last = Instant::now();
        let secs = self.started.elapsed().as_secs_f64();
        // Display only: a rate and a share are not money.
        #[allow(clippy::cast_precision_loss)]
        let rate = if secs > 0.0 {
            orders as f64 / secs
        } else {
            0.0
        };
        let mut text = format!("\r\x1b[2K{orders} orders, {rate:.0}/s");
        if let Some(size) = self.size.filter(|s| *s > 0) {
            #[allow(clippy::cast_precision_loss)]
            let share = (read as f64 / size as f64).min(1.0);
            text.push_str(&format!(", {:.0} % read", share * 100.0));
            if share > 0.0 {
                let left = secs * (1.0 - share) / share;
                text.push_str(&format!(", {} left", clock(left)));
            }
        }
        let mut stderr = io::stderr().lock();
        let _ = stderr.write_all(text.as_bytes());
        let _ = stderr.flush();
    }

    fn clear(&self) {
        let _ = io::stderr().write_all(b"\r\x1b[2K");
    }
}

/// Seconds as `1:02:03` or `2:03`.
fn clock(secs: f64) -> String {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let s = secs.max(0.0).round() as u64;
    let (h, rest) = (s.checked_div(3600).unwrap_or(0), s.rem_euclid(3600));
    let (m, s) = (rest.checked_div(60).unwrap_or(0), rest.rem_euclid(60));
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}
