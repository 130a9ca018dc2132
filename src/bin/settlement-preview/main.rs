//! `settlement-preview`: what an invoice, a return, an order change or a cancellation will do to
//! an order's payments, at a terminal.
//!
//! ```text
//! settlement-preview demo                                  the built-in example, step by step
//! settlement-preview preview --state S.json --operation O.json
//! settlement-preview simulate FILE.json                    { state, operations, options? }; - reads stdin
//! settlement-preview vtex --order ORDER.json [--transaction T.json] [--connectors C.json]
//!                         [--changes-v2 HISTORY.json]
//!                         (--invoice ID=QTY,… | --return ID=QTY,… | --close-out | --operation O.json
//!                          | --change-v2 CHANGE.json)
//! ```
//!
//! Every command prints a report per operation (per payment, gateway and provider views:
//! settled / open / cancelled / refunded before → after, with a bar; the order after; the
//! warnings; the explanation), or with `--json` exactly what the library's API returns.
//!
//! Exit codes: 0 accepted; 1 an operation is rejected (every broken rule is printed) or, for
//! `vtex`, cannot be sent as it is (previewed all the same, with why); 2 bad input or usage:
//! one line on stderr naming the file and the field path inside it
//! (`state.json: items[1].quantity: …`). Colour only on a terminal (`--color`, `NO_COLOR`).
//! Reports fit the terminal: 80 columns unless `COLUMNS` or the terminal says otherwise.
//!
//! Built with the `cli` feature (`cargo run --features cli -- demo`), so that the library and
//! the `.wasm` never carry its dependencies. Held to the library's standards: no unwrap,
//! expect, panic, indexing or unchecked arithmetic.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
#![cfg_attr(test, allow(clippy::unwrap_used))]
#![recursion_limit = "512"]

mod bench;
mod generate;
mod input;
mod lines;
mod reconcile;
mod render;
mod summary;
mod vtex;

use clap::{Args, Parser, Subcommand, ValueEnum};
use input::{one_stdin, Failure, Source};
use serde::Serialize;
use serde_json::Value;
use settlement_preview::{apply, json, Ledger, Operation, Options, OrderState, Outcome};
use std::io::Write;
use std::process::ExitCode;

/// The built-in example (`make demo`): a gift card that settled by itself and a credit card,
/// partial mode, and five operations, one of them rejected.
const DEMO: &str = include_str!("../../../examples/order.json");
const DEMO_NAME: &str = "examples/order.json";

#[derive(Parser)]
#[command(
    name = "settlement-preview",
    version,
    about = "What an invoice, a return, an order change or a cancellation will do to an order's payments",
    long_about = "What an invoice, a return, an order change or a cancellation will do to an \
order's payments, before it is submitted: per payment, what is settled, stays open, is \
cancelled or refunded, as the gateway records it and as it reaches the payment provider.\n\n\
JSON arguments take a file, - for stdin, or the JSON itself when it starts with { or [.",
    after_help = "Exit codes: 0 accepted, 1 an operation is rejected (or cannot be sent to \
VTEX), 2 bad input or usage.\n\
Colour only on a terminal; NO_COLOR or --color never turns it off. Reports fit 80 columns, \
or COLUMNS, or the terminal's width.",
    max_term_width = 80
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    output: Output,
}

/// The options of every command.
#[derive(Args, Clone, Copy)]
struct Output {
    /// When to use colour: on a terminal (auto, the default; NO_COLOR turns it off), always,
    /// never.
    #[arg(long, value_enum, global = true, default_value_t = Color::Auto, value_name = "WHEN")]
    color: Color,
}

/// `--json`, only on the commands that print a report with a JSON form (preview, simulate,
/// vtex, demo): `reconcile` and `generate` write JSON Lines already (reconcile's `--format`
/// chooses CSV), so a global `--json` did nothing there and is not offered.
#[derive(Args, Clone, Copy, Default)]
pub struct Json {
    /// Print exactly what the library returns, as JSON, instead of the report.
    #[arg(long)]
    pub json: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// Preview one operation on a state (the library's state and operation JSON).
    #[command(
        override_usage = "settlement-preview preview [OPTIONS] --state <STATE>\n       \
--operation <OPERATION>",
        after_help = "Example:\n  settlement-preview preview --state state.json \
--operation '{\"type\": \"invoice\", \"number\": \"NF-1\", \"value\": \"60.00\"}'"
    )]
    Preview {
        /// The order state: a file, - for stdin, or inline JSON.
        #[arg(long, value_name = "STATE")]
        state: String,
        /// The operation (invoice, return, change or cancel): a file, - or inline JSON.
        #[arg(long, value_name = "OPERATION")]
        operation: String,
        /// Split options ({ "split", "refundOrder" }): a file, - or inline JSON.
        #[arg(long, value_name = "OPTIONS")]
        options: Option<String>,
        #[command(flatten)]
        out: Json,
    },
    /// Run operations one after the other from { state, operations, options? }.
    #[command(
        after_help = "The file is what `simulate(state, operations, options)` takes, as \
one object; - reads it from stdin. With --json it prints { state, outcomes }, as the API \
returns them. Exits 1 when any operation is rejected."
    )]
    Simulate {
        /// The file, or - for stdin.
        #[arg(value_name = "FILE")]
        file: String,
        #[command(flatten)]
        out: Json,
    },
    /// Read a VTEX order, plan or take an operation, preview it, print VTEX's request.
    #[command(
        override_usage = "settlement-preview vtex [OPTIONS] --order <ORDER>\n       \
(--invoice <ITEMS> | --return <ITEMS> | --close-out | --operation <OP>)",
        after_help = "Examples:\n  settlement-preview vtex --order o.json --connectors c.json --invoice 1001=1\n  \
settlement-preview vtex --order o.json --return 1002=1 --shipping proportional\n  \
settlement-preview vtex --order o.json --close-out\n  \
settlement-preview vtex --order o.json --operation '{\"type\": \"cancel\"}'\n\n\
With --json it prints { fromVtex, breakdown?, operation, outcome, request }: each API call's \
result as the API returns it (request is null when the operation is rejected, or when VTEX \
would refuse it: then requestError says why). Exits 1 in both cases."
    )]
    Vtex(Box<vtex::VtexArgs>),
    /// The built-in example order (examples/order.json), operation by operation.
    Demo {
        #[command(flatten)]
        out: Json,
    },
    /// Reconcile a store's export (JSON Lines of { order, transaction }) on every core: one
    /// report row per order × payment, expected against recorded, with the drift.
    #[command(after_help = reconcile::AFTER_HELP)]
    Reconcile(reconcile::ReconcileArgs),
    /// Write a seeded, realistic export (VTEX orders and their gateway records) with known
    /// discrepancies injected, and their list (--truth).
    #[command(after_help = generate::AFTER_HELP)]
    Generate(generate::GenerateArgs),
    /// The reconciliation benchmark (make bench-reconcile): parse-only against reconcile, one
    /// core, on the same file.
    #[command(hide = true)]
    BenchReconcile(bench::BenchArgs),
}

fn main() -> ExitCode {
    // Nothing panics on input; should a bug panic, it says so in one line, never a backtrace.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("settlement-preview: internal error, please report it: {info}");
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print and succeed; usage errors exit 2 with clap's message.
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    render::set_width(render::terminal_width());
    let choice = match cli.output.color {
        Color::Auto => anstream::ColorChoice::Auto,
        Color::Always => anstream::ColorChoice::Always,
        Color::Never => anstream::ColorChoice::Never,
    };
    match &cli.command {
        Command::Reconcile(args) => return reconcile::run(args, choice),
        Command::Generate(args) => return generate::run(args, choice),
        Command::BenchReconcile(args) => return bench::run(args, choice),
        _ => {}
    }
    match run(&cli.command) {
        Ok(Run { text, accepted }) => {
            let mut stdout = anstream::AutoStream::new(std::io::stdout(), choice);
            match stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Ok(()) => {}
                // `| head` closes the pipe: not worth a message.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                Err(e) => return fail(&Failure::from(e), choice),
            }
            if accepted {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(failure) => fail(&failure, choice),
    }
}

fn fail(failure: &Failure, choice: anstream::ColorChoice) -> ExitCode {
    let mut stderr = anstream::AutoStream::new(std::io::stderr(), choice);
    let style = anstyle::Style::new()
        .bold()
        .fg_color(Some(anstyle::AnsiColor::Red.into()));
    let _ = writeln!(stderr, "{style}settlement-preview:{style:#} {failure}");
    ExitCode::from(2)
}

/// What a command prints, and whether every operation was accepted.
struct Run {
    text: String,
    accepted: bool,
}

fn to_json<T: Serialize>(value: &T) -> Result<String, Failure> {
    serde_json::to_string_pretty(value)
        .map(|mut text| {
            text.push('\n');
            text
        })
        .map_err(|e| Failure::Output(std::io::Error::other(e)))
}

fn run(command: &Command) -> Result<Run, Failure> {
    match command {
        Command::Reconcile(_) | Command::Generate(_) | Command::BenchReconcile(_) => Ok(Run {
            text: String::new(),
            accepted: true,
        }),
        Command::Preview {
            state,
            operation,
            options,
            out,
        } => {
            let state_src = Source::new("--state", state);
            let op_src = Source::new("--operation", operation);
            let options_src = options.as_deref().map(|o| Source::new("--options", o));
            let mut sources = vec![&state_src, &op_src];
            sources.extend(options_src.as_ref());
            one_stdin(&sources)?;
            let state =
                json::parse_state(&state_src.read()?).map_err(|e| state_src.invalid(e, "state"))?;
            let options = match &options_src {
                Some(src) => json::parse_options(Some(&src.read()?))
                    .map_err(|e| src.invalid(e, "options"))?,
                None => Options::default(),
            };
            let op = json::parse_operation(&op_src.read()?, &state)
                .map_err(|e| op_src.invalid(e, "operation"))?;
            let applied =
                apply(&state, &op, &options).map_err(|e| op_src.invalid(e, "operation"))?;
            let accepted = applied.outcome.accepted;
            let text = if out.json {
                to_json(&applied.outcome)?
            } else {
                let mut text = render::order_heading(&state);
                text.push('\n');
                render::report(&mut text, &op, &state, &applied.state, &applied.outcome);
                text
            };
            Ok(Run { text, accepted })
        }
        Command::Simulate { file, out } => {
            let src = Source::new("FILE", file);
            simulate(&src, &src.read()?, *out, false)
        }
        Command::Vtex(args) => {
            let (text, accepted) = vtex::run(args)?;
            Ok(Run { text, accepted })
        }
        Command::Demo { out } => {
            let src = Source::File(DEMO_NAME.into());
            let document: Value = serde_json::from_str(DEMO).map_err(|e| Failure::Input {
                source: DEMO_NAME.to_string(),
                location: String::new(),
                message: e.to_string(),
            })?;
            simulate(&src, &document, *out, true)
        }
    }
}

/// Reads `{ state, operations, options? }` (paths as `simulate` names them: `state.…`,
/// `operations[i].…`, `options.…`) and reports every operation. The demo always succeeds: its
/// rejected operation is part of the show.
fn simulate(src: &Source, document: &Value, output: Json, demo: bool) -> Result<Run, Failure> {
    let Value::Object(map) = document else {
        return Err(src.invalid(
            settlement_preview::InputError::new(
                "",
                "expected an object { state, operations, options? }",
            ),
            "",
        ));
    };
    if let Some(extra) = map
        .keys()
        .find(|k| !matches!(k.as_str(), "state" | "operations" | "options"))
    {
        return Err(src.invalid(
            settlement_preview::InputError::new(
                extra.as_str(),
                "unknown field: expected state, operations, options",
            ),
            "",
        ));
    }
    let state = json::parse_state(map.get("state").unwrap_or(&Value::Null))
        .map_err(|e| src.invalid(e, ""))?;
    let options = json::parse_options(map.get("options")).map_err(|e| src.invalid(e, ""))?;
    let operations = json::parse_operations(map.get("operations").unwrap_or(&Value::Null), &state)
        .map_err(|e| src.invalid(e, ""))?;
    let mut ledger = Ledger::new(state.clone(), options);
    let mut steps: Vec<(Operation, OrderState, Outcome)> = Vec::with_capacity(operations.len());
    for (i, op) in operations.into_iter().enumerate() {
        let before = ledger.state().clone();
        let outcome = ledger
            .apply(&op)
            .map_err(|e| src.invalid(with_index(e, i), ""))?;
        steps.push((op, before, outcome));
    }
    let accepted = demo || steps.iter().all(|(_, _, o)| o.accepted);
    let text = if output.json {
        to_json(&settlement_preview::Simulation {
            state: ledger.into_state(),
            outcomes: steps.into_iter().map(|(_, _, o)| o).collect(),
        })?
    } else {
        let mut text = render::order_heading(&state);
        text.push('\n');
        let mut steps = steps.into_iter().peekable();
        while let Some((op, before, outcome)) = steps.next() {
            let after = match steps.peek() {
                Some((_, next, _)) => next.clone(),
                None => ledger.state().clone(),
            };
            render::report(&mut text, &op, &before, &after, &outcome);
        }
        if demo {
            text.push_str(&render::charged(ledger.state()));
        }
        text
    };
    Ok(Run { text, accepted })
}

/// An engine error while applying operation `i` (amounts out of range) names that operation.
fn with_index(e: settlement_preview::InputError, i: usize) -> settlement_preview::InputError {
    let path = match e.path.strip_prefix("operation") {
        Some(rest) => format!("operations[{i}]{rest}"),
        None => e.path,
    };
    settlement_preview::InputError::new(path, e.message)
}
