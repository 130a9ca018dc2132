//! `settlement-preview generate`: a seeded, realistic export of a store (JSON Lines, one `{
//! "order": …, "transaction": … }` per line), with known discrepancies injected at a known rate
//! and listed in a truth file, so that tests, benchmarks and newcomers run reconciliation on a
//! million orders without VTEX access (RECONCILE-CONTRACT.md, "The generator").
//!
//! Each order is a VTEX "Get order" document of the size of VTEX's own example (clients,
//! addresses, logistics, sellers, marketing data around the money): 1–4 SKUs, 1–3 payments
//! (credit card, gift card, bank invoice or pix), BRL/USD/COP (2 decimals), CLP (0) or KWD
//! (3), and one of these histories: not invoiced yet, invoiced at once, in two invoices,
//! partially invoiced, a change (a unit removed) then invoiced, invoiced then a return,
//! cancelled (sometimes after a change).
//!
//! **The gateway records are what a correct gateway writes for that history**: the generator
//! replays the order with `from_vtex(order, None)` (the same reading reconcile's *expected*
//! uses, with the same `--connectors`) after each step of its history (authorization, then
//! each change and invoice in date order, then the cancellation), and turns each step's
//! increase of every payment's provider ledger into actions: captured → a `settlement` action
//! (`auto-settlement` at authorization: gift cards), voided → a `cancellation` action,
//! provider-refunded → a `refund` action; per step, one request of the step's total in each
//! list (the OMS's settlement request of an invoice, …). So recorded = expected on every
//! figure by construction, and each injected discrepancy moves exactly what the truth file
//! says.
//!
//! Deterministic: line `i` depends only on `--seed` and `i` (a SplitMix64 stream per line), so
//! batches of lines are made on every core (`--jobs`) and written in order: the same bytes
//! whatever the number of threads.

use crate::input::{Failure, Source};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};
use settlement_preview::money::write_amount;
use settlement_preview::payment::{Group, Mode};
use settlement_preview::vtex::{self, FromVtexOptions};
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// The arguments of `generate`.
#[derive(clap::Args)]
pub struct GenerateArgs {
    /// How many orders (lines).
    #[arg(long, value_name = "N")]
    orders: u64,
    /// The seed: the same seed writes the same export.
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
    /// The share of lines given one injected discrepancy (0 to 1).
    #[arg(long, value_name = "R", default_value_t = 0.0)]
    rate: f64,
    /// Write the injected discrepancies here (JSON Lines: { line, orderId, kind, paymentId,
    /// codes, drift }).
    #[arg(long, value_name = "FILE")]
    truth: Option<PathBuf>,
    /// Write the export here instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Compress the export with gzip (name the file .gz so that reconcile reads it).
    #[arg(long)]
    gzip: bool,
    /// The connectors (as reconcile's --connectors; give reconcile the same file); without
    /// it, ppp + total for every payment.
    #[arg(long, value_name = "FILE")]
    connectors: Option<String>,
    /// Worker threads (default: every core; the export does not depend on it).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<std::num::NonZeroUsize>,
    /// Inject only these kinds (comma-separated; default: all).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "KINDS")]
    kinds: Vec<Kind>,
}

/// The help's epilogue.
pub const AFTER_HELP: &str = "\
Injected discrepancies (at most one per line, --rate of the lines, when the order allows the
kind; each is a line of the --truth file with the finding codes reconcile must report and
the drift, recorded − expected, of its payment):
  settlement_not_executed       a settlement action dropped, its request kept
  settlement_not_requested      a settlement action without a request
  overcapture_not_refunded      total mode, invoiced order: the over-capture refund dropped
  return_not_refunded           a return's refund action dropped
  refund_not_executed           a refund action of value 0 with code refund-manually instead
  refund_duplicated             a refund action written twice
  canceled_but_settled          a cancelled order: a settlement action added
  authorization_left_open       a cancellation action dropped
  settled_beyond_authorization  a settlement action beyond the authorization added
  status_mismatch               an invoiced order, its transaction status Cancelled
  damaged                       the line cut short or its JSON broken (an invalid row)

Example (the three modes: examples/connectors-three-modes.json):
  settlement-preview generate --orders 100000 --seed 7 --rate 0.05 \\
    --connectors examples/connectors-three-modes.json --truth truth.jsonl --output export.jsonl
  settlement-preview reconcile export.jsonl --connectors examples/connectors-three-modes.json";

/// A kind of injected discrepancy (the contract's table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
#[clap(rename_all = "snake_case")]
pub enum Kind {
    /// Drop a settlement action, keep its request.
    SettlementNotExecuted,
    /// Add a settlement action without request.
    SettlementNotRequested,
    /// Total mode, invoiced order: drop the over-capture refund.
    OvercaptureNotRefunded,
    /// Drop a return's refund action.
    ReturnNotRefunded,
    /// A refund action of value 0 and code refund-manually instead of the real one.
    RefundNotExecuted,
    /// Repeat a refund action.
    RefundDuplicated,
    /// Cancelled order: add a settlement action.
    CanceledButSettled,
    /// Drop a cancellation action.
    AuthorizationLeftOpen,
    /// Settle more than the authorization.
    SettledBeyondAuthorization,
    /// Invoiced order, transaction status Cancelled.
    StatusMismatch,
    /// A damaged line.
    Damaged,
}

const KINDS: [Kind; 11] = [
    Kind::SettlementNotExecuted,
    Kind::SettlementNotRequested,
    Kind::OvercaptureNotRefunded,
    Kind::ReturnNotRefunded,
    Kind::RefundNotExecuted,
    Kind::RefundDuplicated,
    Kind::CanceledButSettled,
    Kind::AuthorizationLeftOpen,
    Kind::SettledBeyondAuthorization,
    Kind::StatusMismatch,
    Kind::Damaged,
];

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::SettlementNotExecuted => "settlement_not_executed",
            Kind::SettlementNotRequested => "settlement_not_requested",
            Kind::OvercaptureNotRefunded => "overcapture_not_refunded",
            Kind::ReturnNotRefunded => "return_not_refunded",
            Kind::RefundNotExecuted => "refund_not_executed",
            Kind::RefundDuplicated => "refund_duplicated",
            Kind::CanceledButSettled => "canceled_but_settled",
            Kind::AuthorizationLeftOpen => "authorization_left_open",
            Kind::SettledBeyondAuthorization => "settled_beyond_authorization",
            Kind::StatusMismatch => "status_mismatch",
            Kind::Damaged => "damaged",
        }
    }

    /// The finding codes reconcile must report for it, and nothing else.
    fn codes(self) -> &'static [&'static str] {
        match self {
            Kind::SettlementNotExecuted => &["SETTLEMENT_NOT_EXECUTED"],
            Kind::SettlementNotRequested => &["SETTLEMENT_NOT_REQUESTED"],
            Kind::OvercaptureNotRefunded => &["OVERCAPTURE_NOT_REFUNDED"],
            Kind::ReturnNotRefunded => &["RETURN_NOT_REFUNDED"],
            Kind::RefundNotExecuted => &["REFUND_NOT_EXECUTED"],
            Kind::RefundDuplicated => &["REFUND_DUPLICATED"],
            Kind::CanceledButSettled => &["CANCELED_BUT_SETTLED"],
            Kind::AuthorizationLeftOpen => &["AUTHORIZATION_LEFT_OPEN"],
            Kind::SettledBeyondAuthorization => &["SETTLED_BEYOND_AUTHORIZATION"],
            Kind::StatusMismatch => &["STATUS_MISMATCH"],
            Kind::Damaged => &[],
        }
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): small, fast, and good enough for test data.
struct Rng(u64);

impl Rng {
    fn for_line(seed: u64, line: u64) -> Rng {
        let mut r = Rng(seed ^ 0x5EED_5EED_5EED_5EED);
        let _ = r.next();
        Rng(r.next() ^ line.wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi` (`lo` when empty).
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = hi.saturating_sub(lo);
        match u64::try_from(span).ok().and_then(|s| s.checked_add(1)) {
            Some(n) => lo.saturating_add(
                i64::try_from(self.next().checked_rem(n).unwrap_or(0)).unwrap_or(0),
            ),
            None => lo,
        }
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        let n64 = u64::try_from(n).unwrap_or(u64::MAX);
        if n64 == 0 {
            return 0;
        }
        usize::try_from(self.next().checked_rem(n64).unwrap_or(0)).unwrap_or(0)
    }

    /// True with probability `p` (a share of lines, not money).
    fn chance(&mut self, p: f64) -> bool {
        #[allow(clippy::cast_precision_loss)]
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        u < p
    }

    fn hex(&mut self, len: usize) -> String {
        let mut s = String::with_capacity(len);
        while s.len() < len {
            s.push_str(&format!("{:016X}", self.next()));
        }
        s.truncate(len);
        s
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

/// A currency of the generated stores: code, country, decimals, the step of its prices in
/// cents (VTEX writes hundredths of the major unit for every currency: 0-decimal currencies
/// step by 100), price range in cents.
struct Store {
    currency: &'static str,
    country: &'static str,
    digits: u32,
    step: i64,
    price: (i64, i64),
}

const BRL: Store = Store {
    currency: "BRL",
    country: "BRA",
    digits: 2,
    step: 1,
    price: (990, 89_990),
};

const STORES: [Store; 5] = [
    BRL,
    Store {
        currency: "USD",
        country: "USA",
        digits: 2,
        step: 1,
        price: (199, 24_999),
    },
    Store {
        currency: "COP",
        country: "COL",
        digits: 2,
        step: 100,
        price: (1_990_000, 89_000_000),
    },
    Store {
        currency: "CLP",
        country: "CHL",
        digits: 0,
        step: 100,
        price: (299_000, 15_990_000),
    },
    Store {
        currency: "KWD",
        country: "KWT",
        digits: 3,
        step: 1,
        price: (250, 45_000),
    },
];

/// A payment method: VTEX's paymentSystem, its name, its group, the connector.
struct Method {
    system: &'static str,
    name: &'static str,
    group: &'static str,
    connector: &'static str,
}

const VISA: Method = Method {
    system: "2",
    name: "Visa",
    group: "creditCard",
    connector: "Adyen",
};

const CARDS: [Method; 3] = [
    VISA,
    Method {
        system: "4",
        name: "Mastercard",
        group: "creditCard",
        connector: "Cielo",
    },
    Method {
        system: "1",
        name: "American Express",
        group: "creditCard",
        connector: "Stripe",
    },
];
const GIFT_CARD: Method = Method {
    system: "16",
    name: "Vale",
    group: "giftCard",
    connector: "GiftCardHub",
};
const BANK_INVOICE: Method = Method {
    system: "6",
    name: "Boleto Bancário",
    group: "bankInvoice",
    connector: "Bradesco",
};

const OTHERS: [Method; 2] = [
    BANK_INVOICE,
    Method {
        system: "125",
        name: "Pix",
        group: "instantPayment",
        connector: "PixConnector",
    },
];

/// One SKU line of the order.
struct Sku {
    id: String,
    name: &'static str,
    quantity: i64,
    price: i64,
}

const NAMES: [&str; 12] = [
    "Tênis Corrida Pro",
    "Camiseta Dry Fit",
    "Meia Cano Alto",
    "Mochila Urbana 20L",
    "Garrafa Térmica",
    "Boné Aba Curva",
    "Jaqueta Corta-Vento",
    "Bermuda Tactel",
    "Relógio Esportivo",
    "Óculos de Sol",
    "Luva de Goleiro",
    "Caneleira Infantil",
];

/// A step of the order's history, in date order.
enum Step {
    /// A change removing one unit of `sku`.
    Change { sku: usize },
    /// An output invoice of these (sku, quantity), with the shipping or not.
    Invoice {
        units: Vec<(usize, i64)>,
        shipping: bool,
    },
    /// A return of one unit of `sku`.
    Return { sku: usize },
}

/// An action of the gateway's records, before it is written.
#[derive(Clone)]
struct Action {
    list: List,
    payment: usize,
    cents: i64,
    step: usize,
    date: String,
    /// Which step kind made it: "auth", "change", "invoice", "return", "cancel".
    cause: &'static str,
    auto: bool,
    manual: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum List {
    Settlements,
    Refunds,
    Cancellations,
}

/// A request (transaction level: no payment).
struct Request {
    list: List,
    cents: i64,
    step: usize,
    date: String,
}

/// Runs `generate`.
pub fn run(args: &GenerateArgs, color: anstream::ColorChoice) -> ExitCode {
    match run_inner(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            crate::fail(&failure, color);
            ExitCode::from(2)
        }
    }
}

fn run_inner(args: &GenerateArgs) -> Result<(), Failure> {
    if !(0.0..=1.0).contains(&args.rate) {
        return Err(Failure::Input {
            source: "--rate".into(),
            location: String::new(),
            message: format!("expected a share from 0 to 1, got {}", args.rate),
        });
    }
    let options = match &args.connectors {
        Some(c) => {
            let src = Source::new("--connectors", c);
            let value = src.read()?;
            vtex::parse_from_options(Some(&json!({ "connectors": value })))
                .map_err(|e| src.invalid(e, "options.connectors"))?
        }
        None => FromVtexOptions::default(),
    };
    let create = |path: &PathBuf| {
        std::fs::File::create(path).map_err(|e| Failure::Input {
            source: path.display().to_string(),
            location: String::new(),
            message: format!("cannot create: {e}"),
        })
    };
    let out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(create(path)?),
        None => Box::new(io::stdout().lock()),
    };
    let out: Box<dyn Write> = if args.gzip {
        Box::new(flate2::write::GzEncoder::new(
            out,
            flate2::Compression::fast(),
        ))
    } else {
        out
    };
    let mut out = io::BufWriter::with_capacity(1 << 20, out);
    let mut truth = match &args.truth {
        Some(path) => Some(io::BufWriter::new(create(path)?)),
        None => None,
    };
    let kinds: Vec<Kind> = if args.kinds.is_empty() {
        KINDS.to_vec()
    } else {
        args.kinds.clone()
    };
    let jobs = args
        .jobs
        .or_else(|| std::thread::available_parallelism().ok())
        .map_or(1, std::num::NonZeroUsize::get);
    let job = Job {
        seed: args.seed,
        orders: args.orders,
        rate: args.rate,
        options: &options,
        kinds: &kinds,
    };
    // Worker w makes batches w, w + jobs, w + 2 jobs, … into its own bounded channel; the
    // writer takes batch b from channel b mod jobs: lines come out in order, at most 2 batches
    // a worker ahead, whatever --jobs (the bytes do not depend on it).
    std::thread::scope(|scope| -> Result<(), Failure> {
        let mut receivers = Vec::with_capacity(jobs);
        for w in 0..jobs {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Batch, Failure>>(2);
            receivers.push(rx);
            let job = &job;
            scope.spawn(move || {
                let mut b = u64::try_from(w).unwrap_or(u64::MAX);
                let step = u64::try_from(jobs).unwrap_or(1);
                while b.saturating_mul(BATCH) < job.orders {
                    let batch = job.batch(b);
                    let failed = batch.is_err();
                    if tx.send(batch).is_err() || failed {
                        return;
                    }
                    b = b.saturating_add(step);
                }
            });
        }
        let mut b: usize = 0;
        while let Some(rx) = receivers.get(b.checked_rem(jobs).unwrap_or(0)) {
            let Ok(batch) = rx.recv() else { break };
            let batch = batch?;
            out.write_all(&batch.lines)?;
            if let Some(truth) = &mut truth {
                truth.write_all(&batch.truth)?;
            }
            b = b.saturating_add(1);
        }
        Ok(())
    })?;
    let inner = out.into_inner().map_err(io::IntoInnerError::into_error)?;
    finish(inner)?;
    if let Some(mut t) = truth {
        t.flush()?;
    }
    Ok(())
}

/// Lines per batch (one worker's unit of work).
const BATCH: u64 = 256;

/// What every worker needs to make lines.
struct Job<'a> {
    seed: u64,
    orders: u64,
    rate: f64,
    options: &'a FromVtexOptions,
    kinds: &'a [Kind],
}

/// A batch of export lines and their truth lines.
struct Batch {
    lines: Vec<u8>,
    truth: Vec<u8>,
}

impl Job<'_> {
    /// Batch `b`: lines `b × BATCH + 1 …`, each from its own random stream.
    fn batch(&self, b: u64) -> Result<Batch, Failure> {
        let first = b.saturating_mul(BATCH);
        let end = first.saturating_add(BATCH).min(self.orders);
        let mut out = Batch {
            lines: Vec::with_capacity(4 << 20),
            truth: Vec::new(),
        };
        let mut line_buf = Vec::with_capacity(32 * 1024);
        for i in first..end {
            let line = i.saturating_add(1);
            let mut rng = Rng::for_line(self.seed, line);
            let generated = order(&mut rng, line, self.options, self.rate, self.kinds)?;
            line_buf.clear();
            serde_json::to_writer(&mut line_buf, &generated.line).map_err(io::Error::other)?;
            if let Some(cut) = generated.damage {
                damage(&mut line_buf, cut);
            }
            line_buf.push(b'\n');
            out.lines.extend_from_slice(&line_buf);
            if let Some(t) = &generated.truth {
                serde_json::to_writer(&mut out.truth, t).map_err(io::Error::other)?;
                out.truth.push(b'\n');
            }
        }
        Ok(out)
    }
}

/// Flushes (a gzip stream: its trailer is written when it is dropped after a flush).
fn finish(mut out: Box<dyn Write>) -> io::Result<()> {
    out.flush()?;
    drop(out);
    Ok(())
}

/// Breaks a line so that it is never JSON: cut short at `cut` thousandths of its length (an
/// object missing its closing brace), or, for an odd cut, a stray `}` after it (trailing
/// characters).
fn damage(line: &mut Vec<u8>, cut: u64) {
    if cut % 2 == 0 {
        let len = u64::try_from(line.len()).unwrap_or(0);
        let at =
            usize::try_from(len.saturating_mul(cut).checked_div(1000).unwrap_or(0)).unwrap_or(0);
        line.truncate(at.max(1).min(line.len().saturating_sub(1)));
    } else {
        line.push(b'}');
    }
}

/// A generated line, its damage and its truth entry.
struct Generated {
    line: Value,
    damage: Option<u64>,
    truth: Option<Value>,
}

fn date(day: i64, minute: i64) -> String {
    // Days from 2026-01-01 (no month arithmetic needed within a year of test data).
    let mut d = day.rem_euclid(365);
    let months: [i64; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut month: i64 = 1;
    for m in months {
        if d < m {
            break;
        }
        d = d.saturating_sub(m);
        month = month.saturating_add(1);
    }
    let (h, mi) = (
        minute.rem_euclid(1440).checked_div(60).unwrap_or(0),
        minute.rem_euclid(60),
    );
    format!(
        "2026-{month:02}-{:02}T{h:02}:{mi:02}:00",
        d.saturating_add(1)
    )
}

/// `pct` % of `cents`, rounded down (test data: a share of a price).
fn percent(cents: i64, pct: i64) -> i64 {
    cents.saturating_mul(pct).checked_div(100).unwrap_or(0)
}

/// Amount in cents (hundredths of the major unit) of a state amount.
fn cents(amount: Decimal) -> Result<i64, Failure> {
    amount
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|c| c.to_i64())
        .ok_or_else(|| internal("an amount out of range"))
}

fn internal(message: &str) -> Failure {
    Failure::Input {
        source: "generate".into(),
        location: String::new(),
        message: message.into(),
    }
}

/// The minimal order document `from_vtex` reads, after the first `upto` steps, with `status`.
#[allow(clippy::too_many_arguments)]
fn money_doc(
    order_id: &str,
    status: &str,
    store: &Store,
    skus: &[Sku],
    shipping: i64,
    payments: &Value,
    steps: &[(Step, String)],
    upto: usize,
) -> Value {
    let items_total: i64 = skus.iter().fold(0i64, |a, s| {
        a.saturating_add(s.price.saturating_mul(s.quantity))
    });
    let mut change_total: i64 = 0;
    let mut packages = Vec::new();
    let mut changes = Vec::new();
    for (n, (step, at)) in steps.iter().take(upto).enumerate() {
        match step {
            Step::Change { sku } => {
                let Some(s) = skus.get(*sku) else { continue };
                change_total = change_total.saturating_sub(s.price);
                changes.push(json!({
                    "requestId": format!("{order_id}-ch{n}"),
                    "reason": "Item sem estoque",
                    "discountValue": s.price, "incrementValue": 0,
                    "itemsRemoved": [ { "id": s.id, "name": s.name, "quantity": 1, "price": s.price, "unitMultiplier": null } ],
                    "itemsAdded": [],
                    "receipt": { "date": format!("{at}.0000000+00:00"), "orderId": order_id, "receipt": format!("rc-{n}") }
                }));
            }
            Step::Invoice {
                units,
                shipping: with,
            } => {
                let mut value: i64 = if *with { shipping } else { 0 };
                let mut items = Vec::new();
                for (sku, q) in units {
                    let Some(s) = skus.get(*sku) else { continue };
                    value = value.saturating_add(s.price.saturating_mul(*q));
                    items.push(json!({ "itemIndex": sku, "id": s.id, "quantity": q, "price": s.price, "description": s.name, "unitMultiplier": 1.0 }));
                }
                packages.push(json!({
                    "type": "Output", "invoiceNumber": format!("NF-{n}"), "invoiceValue": value.to_string(),
                    "issuanceDate": format!("{at}-03:00"), "invoiceKey": null, "invoiceUrl": null,
                    "courier": "Transportadora", "trackingNumber": format!("TRK{n}{order_id}"),
                    "items": items,
                }));
            }
            Step::Return { sku } => {
                let Some(s) = skus.get(*sku) else { continue };
                packages.push(json!({
                    "type": "Input", "invoiceNumber": format!("DEV-{n}"), "invoiceValue": s.price,
                    "issuanceDate": format!("{at}-03:00"), "items": [],
                    "restitutions": { "Refund": { "value": s.price, "giftCardData": null,
                        "items": [ { "id": s.id, "quantity": 1, "price": s.price, "description": "Devolução" } ] } }
                }));
            }
        }
    }
    let items: Vec<Value> = skus
        .iter()
        .enumerate()
        .map(|(i, s)| {
            json!({ "uniqueId": format!("U{i}{}", s.id), "id": s.id, "quantity": s.quantity,
                    "price": s.price, "sellingPrice": s.price, "unitMultiplier": 1.0, "name": s.name })
        })
        .collect();
    let value = items_total
        .saturating_add(shipping)
        .saturating_add(change_total);
    let mut totals = vec![
        json!({ "id": "Items", "name": "Total dos Itens", "value": items_total }),
        json!({ "id": "Discounts", "name": "Total dos Descontos", "value": 0 }),
        json!({ "id": "Shipping", "name": "Total do Frete", "value": shipping }),
        json!({ "id": "Tax", "name": "Total da Taxa", "value": 0 }),
    ];
    if change_total != 0 {
        totals.push(json!({ "id": "Change", "name": "Total das Mudanças", "value": change_total }));
    }
    json!({
        "orderId": order_id,
        "status": status,
        "value": value,
        "totals": totals,
        "items": items,
        "paymentData": { "transactions": [ { "isActive": true, "transactionId": "", "payments": payments } ] },
        "storePreferencesData": { "countryCode": store.country, "currencyCode": store.currency,
            "currencyFormatInfo": { "CurrencyDecimalDigits": store.digits, "CurrencyDecimalSeparator": ",",
                "CurrencyGroupSeparator": ".", "CurrencyGroupSize": 3, "StartsWithCurrencySymbol": true },
            "currencyLocale": 1046, "currencySymbol": "R$", "timeZone": "E. South America Standard Time" },
        "changesAttachment": if changes.is_empty() { Value::Null } else { json!({ "id": "changeAttachment", "changesData": changes }) },
        "packageAttachment": { "packages": packages },
    })
}

/// Each payment's provider ledger (captured, voided, provider-refunded), its authorization,
/// mode and group, and its gateway-settled amount (what the OMS requested).
type Ledgers = Vec<(Decimal, Decimal, Decimal, Decimal, Mode, Group, Decimal)>;

fn ledgers(doc: &Value, options: &FromVtexOptions) -> Result<Ledgers, Failure> {
    let read = vtex::from_vtex(doc, None, options).map_err(|e| {
        internal(&format!(
            "generated order unreadable: {}: {}",
            e.path, e.message
        ))
    })?;
    Ok(read
        .state
        .transaction
        .payments
        .iter()
        .map(|p| {
            (
                p.captured,
                p.voided,
                p.provider_refunded,
                p.value,
                p.connector.mode,
                p.group,
                p.settled,
            )
        })
        .collect())
}

#[allow(clippy::too_many_lines)]
fn order(
    rng: &mut Rng,
    line: u64,
    options: &FromVtexOptions,
    rate: f64,
    kinds: &[Kind],
) -> Result<Generated, Failure> {
    let store = rng
        .pick(&STORES)
        .filter(|_| rng.chance(0.5))
        .unwrap_or(&BRL);
    let order_id = format!("{}-01", 1_300_000_000_000u64.saturating_add(line));
    let round = |c: i64| c.saturating_sub(c.rem_euclid(store.step)).max(store.step);
    // SKUs.
    let n_skus = usize::try_from(rng.range(1, 4)).unwrap_or(1);
    let mut skus = Vec::with_capacity(n_skus);
    for k in 0..n_skus {
        let name = rng.pick(&NAMES).copied().unwrap_or("Produto");
        skus.push(Sku {
            id: format!(
                "{}",
                1000u64
                    .saturating_add(rng.next() % 9000)
                    .saturating_add(u64::try_from(k).unwrap_or(0).saturating_mul(10_000))
            ),
            name,
            quantity: rng.range(1, 3),
            price: round(rng.range(store.price.0, store.price.1)),
        });
    }
    let items_total = skus.iter().fold(0i64, |a, s| {
        a.saturating_add(s.price.saturating_mul(s.quantity))
    });
    let shipping = if rng.chance(0.3) {
        0
    } else {
        round(rng.range(store.price.0 / 4, store.price.0))
    };
    let authorized = items_total.saturating_add(shipping);

    // Payments: a card, sometimes with a gift card and/or a bank invoice or pix.
    let n_payments = match rng.below(10) {
        0..=5 => 1,
        6..=8 => 2,
        _ => 3,
    };
    let mut methods: Vec<&Method> = vec![rng.pick(&CARDS).unwrap_or(&VISA)];
    if n_payments >= 2 {
        methods.push(if rng.chance(0.6) {
            &GIFT_CARD
        } else {
            rng.pick(&OTHERS).unwrap_or(&BANK_INVOICE)
        });
    }
    if n_payments == 3 {
        methods.push(if methods.iter().any(|m| m.group == "giftCard") {
            rng.pick(&OTHERS).unwrap_or(&BANK_INVOICE)
        } else {
            &GIFT_CARD
        });
    }
    // Shares: the others take 10–40 % each (whole steps), the card the rest.
    let mut values = vec![0i64; methods.len()];
    let mut rest = authorized;
    for v in values.iter_mut().skip(1) {
        let share = round(percent(authorized, rng.range(10, 40)));
        if share < rest {
            *v = share;
            rest = rest.saturating_sub(share);
        }
    }
    if let Some(v) = values.first_mut() {
        *v = rest;
    }
    let payment_ids: Vec<String> = methods.iter().map(|_| rng.hex(32)).collect();
    let tid = rng.hex(32);
    let payments: Vec<Value> = methods
        .iter()
        .zip(&values)
        .zip(&payment_ids)
        .map(|((m, v), id)| {
            json!({
                "id": id, "paymentSystem": m.system, "paymentSystemName": m.name, "value": v,
                "installments": if m.group == "creditCard" { v.rem_euclid(6).saturating_add(1) } else { 1 },
                "referenceValue": v, "cardHolder": null, "cardNumber": null,
                "firstDigits": if m.group == "creditCard" { json!("411111") } else { Value::Null },
                "lastDigits": if m.group == "creditCard" { json!("1111") } else { Value::Null },
                "cvv2": null, "expireMonth": null, "expireYear": null, "url": null,
                "giftCardId": if m.group == "giftCard" { json!(format!("GC{id}")) } else { Value::Null },
                "giftCardName": null, "giftCardCaption": null, "redemptionCode": null,
                "group": m.group, "tid": format!("T{}", id.get(..12).unwrap_or(id)),
                "dueDate": null, "connectorResponses": { "Tid": format!("T{id}"), "ReturnCode": "00", "Message": "Transação autorizada", "authId": "170941" },
                "giftCardProvider": null, "giftCardAsDiscount": null, "koinUrl": null,
                "accountId": null, "parentAccountId": null, "bankIssuedInvoiceIdentificationNumber": null,
                "bankIssuedInvoiceIdentificationNumberFormatted": null, "bankIssuedInvoiceBarCodeNumber": null,
                "bankIssuedInvoiceBarCodeType": null, "billingAddress": null, "paymentOrigin": null
            })
        })
        .collect();
    let payments_value = Value::Array(payments);

    // History.
    let day0 = i64::try_from(line.rem_euclid(300)).unwrap_or(0);
    let units: Vec<usize> = skus
        .iter()
        .enumerate()
        .flat_map(|(i, s)| std::iter::repeat(i).take(usize::try_from(s.quantity).unwrap_or(0)))
        .collect();
    let mut steps: Vec<(Step, String)> = Vec::new();
    let mut day = day0;
    let mut at = |steps: &mut Vec<(Step, String)>, step: Step| {
        day = day.saturating_add(1);
        steps.push((step, date(day, 600)));
    };
    let group = |units: &[usize]| -> Vec<(usize, i64)> {
        let mut out: Vec<(usize, i64)> = Vec::new();
        for u in units {
            match out.iter_mut().find(|(s, _)| s == u) {
                Some((_, q)) => *q = q.saturating_add(1),
                None => out.push((*u, 1)),
            }
        }
        out
    };
    let scenario = rng.below(20);
    let status = match scenario {
        // Not invoiced yet.
        0..=1 => "handling",
        // Invoiced at once.
        2..=6 => {
            at(
                &mut steps,
                Step::Invoice {
                    units: group(&units),
                    shipping: true,
                },
            );
            "invoiced"
        }
        // Two invoices, or one of two (partially invoiced).
        7..=11 if units.len() >= 2 => {
            let split = 1usize.saturating_add(rng.below(units.len().saturating_sub(1)));
            let (a, b) = units.split_at(split);
            at(
                &mut steps,
                Step::Invoice {
                    units: group(a),
                    shipping: true,
                },
            );
            if scenario <= 9 {
                at(
                    &mut steps,
                    Step::Invoice {
                        units: group(b),
                        shipping: false,
                    },
                );
                "invoiced"
            } else {
                "handling"
            }
        }
        // A change (one unit removed), then invoiced.
        12..=14 if units.len() >= 2 => {
            let removed = rng.below(units.len());
            let sku = units.get(removed).copied().unwrap_or(0);
            at(&mut steps, Step::Change { sku });
            let mut left = units.clone();
            left.remove(removed.min(left.len().saturating_sub(1)));
            at(
                &mut steps,
                Step::Invoice {
                    units: group(&left),
                    shipping: true,
                },
            );
            "invoiced"
        }
        // Invoiced, then a unit returned.
        15..=17 => {
            at(
                &mut steps,
                Step::Invoice {
                    units: group(&units),
                    shipping: true,
                },
            );
            let sku = units.get(rng.below(units.len())).copied().unwrap_or(0);
            at(&mut steps, Step::Return { sku });
            "invoiced"
        }
        // Cancelled, sometimes after a change.
        _ => {
            if units.len() >= 2 && rng.chance(0.3) {
                let sku = units.get(rng.below(units.len())).copied().unwrap_or(0);
                at(&mut steps, Step::Change { sku });
            }
            "canceled"
        }
    };
    let status = if steps.is_empty() && status == "invoiced" {
        "handling"
    } else {
        status
    };

    // Replays: after authorization, after each step, and the final document.
    let mut actions: Vec<Action> = Vec::new();
    let mut requests: Vec<Request> = Vec::new();
    let auth_date = date(day0, 540);
    let mut before: Option<Ledgers> = None;
    let n_steps = steps.len();
    let last = if status == "canceled" {
        n_steps.saturating_add(1)
    } else {
        n_steps
    };
    let mut final_ledgers = Vec::new();
    for k in 0..=last {
        let upto = k.min(n_steps);
        let doc_status = if k == last { status } else { "handling" };
        let doc = money_doc(
            &order_id,
            doc_status,
            store,
            &skus,
            shipping,
            &payments_value,
            &steps,
            upto,
        );
        let now = ledgers(&doc, options)?;
        let (when, cause) = if k == 0 {
            (auth_date.clone(), "auth")
        } else if k > n_steps {
            (date(day.saturating_add(1), 700), "cancel")
        } else {
            let (step, at) = match steps.get(k.saturating_sub(1)) {
                Some(s) => s,
                None => return Err(internal("no step")),
            };
            (
                at.replace("T10:00", "T10:05"),
                match step {
                    Step::Change { .. } => "change",
                    Step::Invoice { .. } => "invoice",
                    Step::Return { .. } => "return",
                },
            )
        };
        let mut step_totals = [0i64; 3];
        for (p, l) in now.iter().enumerate() {
            let prev = before.as_ref().and_then(|b| b.get(p)).map_or(
                (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO, Decimal::ZERO),
                |b| (b.0, b.1, b.2, b.6),
            );
            // The OMS requests what the gateway settles (S, the invoices' amounts, not the
            // provider's capture: total mode captures more); auto-settlements are never
            // requested.
            if k > 0 {
                let ds = l.6.checked_sub(prev.3).unwrap_or_default();
                if ds > Decimal::ZERO {
                    if let Some(t) = step_totals.get_mut(0) {
                        *t = t.saturating_add(cents(ds)?);
                    }
                }
            }
            for (slot, (list, d)) in [
                (List::Settlements, l.0.checked_sub(prev.0)),
                (List::Cancellations, l.1.checked_sub(prev.1)),
                (List::Refunds, l.2.checked_sub(prev.2)),
            ]
            .into_iter()
            .enumerate()
            {
                let d = d.unwrap_or_default();
                if d < Decimal::ZERO {
                    return Err(internal(&format!(
                        "order {order_id}: a ledger went down by {d} at step {k}"
                    )));
                }
                if d > Decimal::ZERO {
                    let c = cents(d)?;
                    let auto = k == 0 && list == List::Settlements;
                    if list != List::Settlements {
                        if let Some(t) = step_totals.get_mut(slot) {
                            *t = t.saturating_add(c);
                        }
                    }
                    actions.push(Action {
                        list,
                        payment: p,
                        cents: c,
                        step: k,
                        date: format!("{when}.{:07}Z", p),
                        cause,
                        auto,
                        manual: false,
                    });
                }
            }
        }
        for (slot, list) in [List::Settlements, List::Cancellations, List::Refunds]
            .into_iter()
            .enumerate()
        {
            let total = step_totals.get(slot).copied().unwrap_or(0);
            if total > 0 {
                requests.push(Request {
                    list,
                    cents: total,
                    step: k,
                    date: when.replace(":05:", ":00:"),
                });
            }
        }
        if k == last {
            final_ledgers.clone_from(&now);
        }
        before = Some(now);
    }

    let mut tx_status = match status {
        "canceled" => "Cancelled",
        "invoiced" => "Finished",
        _ => "Approved",
    };

    // Injection.
    let mut truth: Option<Value> = None;
    let mut damage_cut = None;
    if rate > 0.0 && rng.chance(rate) {
        // The kinds in a random order (Fisher–Yates): the first the order allows is taken.
        let mut order: Vec<Kind> = kinds.to_vec();
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i.saturating_add(1)));
        }
        for kind in order {
            let injected = inject(
                kind,
                rng,
                status,
                &final_ledgers,
                &mut actions,
                &mut tx_status,
                store,
            );
            if let Some((payment, drift)) = injected {
                let cur = settlement_preview::money::Currency::from_code(store.currency);
                let fmt = |c: i64| {
                    let d = Decimal::new(c, 2);
                    let d = match cur.map(|cur| cur.fit(d)) {
                        Some(Ok(fit)) => fit,
                        _ => d,
                    };
                    write_amount(d).as_str().to_string()
                };
                if kind == Kind::Damaged {
                    damage_cut = Some(u64::try_from(rng.range(100, 900)).unwrap_or(500));
                }
                truth = Some(json!({
                    "line": line,
                    "orderId": order_id,
                    "kind": kind.name(),
                    "paymentId": payment.and_then(|p| payment_ids.get(p)),
                    "codes": kind.codes(),
                    "drift": if kind == Kind::Damaged { Value::Null } else { json!({
                        "settled": fmt(drift[0]), "cancelled": fmt(drift[1]),
                        "refunded": fmt(drift[2]), "open": fmt(drift[3]),
                    }) },
                }));
                break;
            }
        }
    }

    let full = full_order(
        rng,
        &order_id,
        status,
        store,
        &skus,
        shipping,
        &payments_value,
        &steps,
        &tid,
        line,
    );
    let transaction = transaction(
        &tid,
        &order_id,
        tx_status,
        &methods,
        &values,
        &payment_ids,
        &actions,
        &requests,
        &auth_date,
    );
    Ok(Generated {
        line: json!({ "order": full, "transaction": transaction }),
        damage: damage_cut,
        truth,
    })
}

/// Applies one kind to the records when the order allows it: the payment concerned and the
/// drift in cents (settled, cancelled, refunded, open).
#[allow(clippy::too_many_arguments)]
fn inject(
    kind: Kind,
    rng: &mut Rng,
    status: &str,
    ledgers: &Ledgers,
    actions: &mut Vec<Action>,
    tx_status: &mut &'static str,
    store: &Store,
) -> Option<(Option<usize>, [i64; 4])> {
    let pick = |rng: &mut Rng, actions: &[Action], keep: &dyn Fn(&Action) -> bool| {
        let found: Vec<usize> = actions
            .iter()
            .enumerate()
            .filter(|(_, a)| keep(a))
            .map(|(i, _)| i)
            .collect();
        found.get(rng.below(found.len())).copied()
    };
    let has_refund = |actions: &[Action], p: usize| {
        actions
            .iter()
            .any(|a| a.payment == p && a.list == List::Refunds)
    };
    let last_step = actions.iter().map(|a| a.step).max().unwrap_or(0);
    match kind {
        Kind::SettlementNotExecuted => {
            let snapshot = actions.clone();
            let i = pick(rng, actions, &|a: &Action| {
                a.list == List::Settlements && !a.auto && !has_refund(&snapshot, a.payment)
            })?;
            let a = actions.remove(i);
            Some((Some(a.payment), [a.cents.saturating_neg(), 0, 0, a.cents]))
        }
        Kind::SettlementNotRequested
        | Kind::SettledBeyondAuthorization
        | Kind::CanceledButSettled => {
            if kind == Kind::CanceledButSettled && status != "canceled" {
                return None;
            }
            if kind != Kind::CanceledButSettled && status == "canceled" {
                return None;
            }
            // A payment that is not a gift card.
            let candidates: Vec<usize> = ledgers
                .iter()
                .enumerate()
                .filter(|(_, l)| l.5 != Group::GiftCard)
                .map(|(i, _)| i)
                .collect();
            let p = *candidates.get(rng.below(candidates.len()))?;
            let (k, x, _, a, _, _, _) = *ledgers.get(p)?;
            let (k, x, a) = (cents(k).ok()?, cents(x).ok()?, cents(a).ok()?);
            let unit = store.step;
            let v = match kind {
                Kind::SettlementNotRequested => {
                    let open = a.saturating_sub(k).saturating_sub(x);
                    if open < unit {
                        return None;
                    }
                    let steps = open.checked_div(unit).unwrap_or(1);
                    unit.saturating_mul(rng.range(1, steps))
                }
                Kind::SettledBeyondAuthorization => {
                    let extra = unit.saturating_mul(rng.range(
                        1,
                        a.checked_div(unit.saturating_mul(10)).unwrap_or(1).max(1),
                    ));
                    a.saturating_sub(k).saturating_add(extra)
                }
                _ => {
                    let share = percent(a, rng.range(10, 100));
                    share.saturating_sub(share.rem_euclid(unit)).max(unit)
                }
            };
            let step = last_step.saturating_add(1);
            let at = date(300, 900);
            actions.push(Action {
                list: List::Settlements,
                payment: p,
                cents: v,
                step,
                date: format!("{at}.5000000Z"),
                cause: "injected",
                auto: false,
                manual: false,
            });
            Some((Some(p), [v, 0, 0, v.saturating_neg()]))
        }
        Kind::OvercaptureNotRefunded => {
            if status != "invoiced" {
                return None;
            }
            let i = pick(rng, actions, &|a: &Action| {
                a.list == List::Refunds
                    && a.cause == "invoice"
                    && ledgers.get(a.payment).is_some_and(|l| l.4 == Mode::Total)
            })?;
            let a = actions.remove(i);
            Some((Some(a.payment), [0, 0, a.cents.saturating_neg(), 0]))
        }
        Kind::ReturnNotRefunded => {
            let i = pick(rng, actions, &|a: &Action| {
                a.list == List::Refunds && a.cause == "return"
            })?;
            let a = actions.remove(i);
            Some((Some(a.payment), [0, 0, a.cents.saturating_neg(), 0]))
        }
        Kind::RefundNotExecuted => {
            let i = pick(rng, actions, &|a: &Action| a.list == List::Refunds)?;
            let a = actions.get_mut(i)?;
            let v = a.cents;
            a.cents = 0;
            a.manual = true;
            Some((Some(a.payment), [0, 0, v.saturating_neg(), 0]))
        }
        Kind::RefundDuplicated => {
            let i = pick(rng, actions, &|a: &Action| a.list == List::Refunds)?;
            // The same refund recorded again (same refundId and date), as in the known issue.
            let a = actions.get(i)?.clone();
            let (p, v) = (a.payment, a.cents);
            actions.push(a);
            Some((Some(p), [0, 0, v, 0]))
        }
        Kind::AuthorizationLeftOpen => {
            if status != "invoiced" && status != "canceled" {
                return None;
            }
            let i = pick(rng, actions, &|a: &Action| a.list == List::Cancellations)?;
            let a = actions.remove(i);
            Some((Some(a.payment), [0, a.cents.saturating_neg(), 0, a.cents]))
        }
        Kind::StatusMismatch => {
            if status != "invoiced" {
                return None;
            }
            *tx_status = "Cancelled";
            Some((None, [0, 0, 0, 0]))
        }
        Kind::Damaged => Some((None, [0, 0, 0, 0])),
    }
}

/// The gateway's records (S3): the transaction details, its payments, settlements, refunds
/// and cancellations, as an exporter gathers them.
#[allow(clippy::too_many_arguments)]
fn transaction(
    tid: &str,
    order_id: &str,
    status: &str,
    methods: &[&Method],
    values: &[i64],
    ids: &[String],
    actions: &[Action],
    requests: &[Request],
    auth_date: &str,
) -> Value {
    let total = values.iter().fold(0i64, |a, v| a.saturating_add(*v));
    let payments: Vec<Value> = methods
        .iter()
        .zip(values)
        .zip(ids)
        .map(|((m, v), id)| {
            json!({
                "id": id, "paymentSystem": m.system.parse::<u32>().unwrap_or(0), "paymentSystemName": m.name,
                "merchantName": null, "group": m.group, "isCustom": false, "allowInstallments": m.group == "creditCard",
                "requiresAuthentication": false, "allowIssuer": true, "allowNotification": false, "isAvailable": true,
                "description": null, "authorizationDate": auth_date,
                "self": { "href": format!("/api/pvt/transactions/{tid}/payments/{id}") },
                "tid": format!("T{id}"), "nsu": "p0dug1", "returnCode": null, "returnMessage": null,
                "status": status, "connector": m.connector,
                "connectorResponse": { "Tid": format!("T{id}"), "ReturnCode": "00", "Message": null, "authId": "kh07vt", "nsu": "p0dug1" },
                "ShowConnectorResponses": true, "value": v, "installmentsInterestRate": 0.0, "installmentsValue": v,
                "referenceValue": v, "installmentsType": 0, "installments": 1, "currencyCode": null,
                "provider": null, "isBillingAddressDifferent": false,
                "fields": [
                    { "name": "orderId", "value": order_id },
                    { "name": "acquirer", "value": m.connector },
                    { "name": "nsu", "value": "p0dug1" },
                    { "name": "authId", "value": "kh07vt" },
                    { "name": "paymentOrigin", "value": "Checkout" }
                ],
                "sheets": null
            })
        })
        .collect();
    let list = |which: List, kind: &str| {
        let reqs: Vec<Value> = requests
            .iter()
            .filter(|r| r.list == which)
            .map(|r| json!({ "id": format!("{}{:02}R{}", tid.get(..20).unwrap_or(tid), r.step, kind.len()), "date": r.date, "value": r.cents }))
            .collect();
        let acts: Vec<Value> = actions
            .iter()
            .filter(|a| a.list == which)
            .map(|a| {
                let id = ids.get(a.payment).map_or("", String::as_str);
                let ty = if a.auto { "auto-settlement" } else { kind };
                let code = if a.manual {
                    json!(if which == List::Refunds { "refund-manually" } else { "cancel-manually" })
                } else {
                    Value::Null
                };
                json!({
                    "paymentId": id,
                    "payment": { "href": format!("/api/pvt/transactions/{tid}/payments/{id}") },
                    "date": a.date, "type": ty, "value": a.cents,
                    "connectorResponse": { "Tid": format!("T{id}"), "ReturnCode": "00", "code": code,
                        "refundId": if which == List::Refunds { json!(format!("{}-{}-{}", &a.date, a.payment, a.step)) } else { Value::Null },
                        "message": if a.manual { "The connector does not support automatic refunds: refund manually" } else { "Executed" } }
                })
            })
            .collect();
        json!({ "requests": reqs, "actions": acts })
    };
    json!({
        "id": tid, "transactionId": tid, "referenceKey": order_id.trim_end_matches("-01"),
        "interactions": { "href": format!("/api/pvt/transactions/{tid}/interactions") },
        "settlements": list(List::Settlements, "settlement"),
        "payments": payments,
        "refunds": list(List::Refunds, "refund"),
        "cancellations": list(List::Cancellations, "cancellation"),
        "capabilities": { "href": format!("/api/pvt/transactions/{tid}/capabilities") },
        "timeoutStatus": 0, "totalRefunds": actions.iter().filter(|a| a.list == List::Refunds).fold(0i64, |s, a| s.saturating_add(a.cents)),
        "status": status, "value": total, "receiverUri": null, "startDate": auth_date,
        "authorizationToken": null, "authorizationDate": auth_date, "commitmentToken": null, "commitmentDate": null,
        "refundingToken": null, "refundingDate": null, "cancelationToken": null, "cancelationDate": null,
        "fields": [ { "name": "channel", "value": "luxstore" }, { "name": "salesChannel", "value": "1" } ],
        "shopperInteraction": "ecommerce", "ipAddress": "192.0.2.10", "sessionId": null, "macId": null,
        "vtexFingerprint": null, "chargeback": null, "whiteSignature": null,
        "owner": "luxstore", "orderId": order_id, "userAgent": "Mozilla/5.0 (X11; Linux x86_64)",
        "acceptHeader": "application/json", "antifraudTid": null, "antifraudResponse": null,
        "antifraudReference": null, "antifraudAffiliationId": null, "channel": "luxstore",
        "salesChannel": "1", "urn": null, "softDescriptor": "LUXSTORE", "markedForRecurrence": false,
        "buyer": null
    })
}

/// The order document an exporter gets (the money fields plus what VTEX's example carries
/// around them: client, shipping, logistics, sellers, marketing).
#[allow(clippy::too_many_arguments)]
fn full_order(
    rng: &mut Rng,
    order_id: &str,
    status: &str,
    store: &Store,
    skus: &[Sku],
    shipping: i64,
    payments: &Value,
    steps: &[(Step, String)],
    tid: &str,
    line: u64,
) -> Value {
    let mut doc = money_doc(
        order_id,
        status,
        store,
        skus,
        shipping,
        payments,
        steps,
        steps.len(),
    );
    let created = date(i64::try_from(line.rem_euclid(300)).unwrap_or(0), 530);
    let client = rng.hex(8).to_lowercase();
    let items: Vec<Value> = skus
        .iter()
        .enumerate()
        .map(|(i, s)| {
            json!({
                "uniqueId": format!("U{i}{}", s.id), "id": s.id, "productId": format!("P{}", s.id),
                "ean": format!("789{:010}", s.price), "lockId": format!("00-{order_id}"),
                "itemAttachment": { "content": {}, "name": null }, "attachments": [],
                "quantity": s.quantity, "seller": "1", "name": s.name, "refId": format!("REF-{}", s.id),
                "price": s.price, "listPrice": s.price, "manualPrice": null, "priceTags": [],
                "imageUrl": format!("https://luxstore.vteximg.com.br/arquivos/ids/{}-55-55/{}.jpg?v=637", s.id, s.id),
                "detailUrl": format!("/produto-{}/p", s.id), "components": [], "bundleItems": [], "params": [],
                "offerings": [], "attachmentOfferings": [], "sellerSku": s.id,
                "priceValidUntil": "2027-01-01T00:00:00.0000000+00:00", "commission": 0, "tax": 0,
                "preSaleDate": null,
                "additionalInfo": { "brandName": "Lux Brand", "brandId": "2000000", "categoriesIds": "/9/12/",
                    "categories": [ { "id": 12, "name": "Esportes" }, { "id": 9, "name": "Vestuário" } ],
                    "productClusterId": "135,142", "commercialConditionId": "1",
                    "dimension": { "cubicweight": 0.5, "height": 10.0, "length": 20.0, "weight": 300.0, "width": 15.0 },
                    "offeringInfo": null, "offeringType": null, "offeringTypeId": null },
                "measurementUnit": "un", "unitMultiplier": 1.0, "sellingPrice": s.price, "isGift": false,
                "shippingPrice": null, "rewardValue": 0, "freightCommission": 0,
                "priceDefinition": { "sellingPrices": [ { "value": s.price, "quantity": s.quantity } ],
                    "calculatedSellingPrice": s.price, "total": s.price.saturating_mul(s.quantity), "reason": null },
                "taxCode": "product_Free", "parentItemIndex": null, "parentAssemblyBinding": null,
                "callCenterOperator": null, "serialNumbers": null, "assemblies": [], "costPrice": percent(s.price, 50)
            })
        })
        .collect();
    let logistics: Vec<Value> = skus
        .iter()
        .enumerate()
        .map(|(i, s)| {
            json!({
                "itemIndex": i, "selectedSla": "Normal", "lockTTL": "10d", "price": shipping.checked_div(i64::try_from(skus.len()).unwrap_or(1).max(1)).unwrap_or(0),
                "listPrice": shipping, "sellingPrice": shipping, "deliveryWindow": null, "deliveryCompany": "Transportadora",
                "shippingEstimate": "5bd", "shippingEstimateDate": format!("{created}.0000000+00:00"),
                "slas": [ { "id": "Normal", "name": "Normal", "shippingEstimate": "5bd", "deliveryWindow": null,
                    "price": shipping, "deliveryChannel": "delivery", "pickupStoreInfo": { "additionalInfo": null,
                    "address": null, "dockId": null, "friendlyName": null, "isPickupStore": false },
                    "polygonName": "", "lockTTL": "12d", "pickupPointId": null, "transitTime": "3d", "pickupDistance": 0.0 } ],
                "shipsTo": [ store.country ], "itemId": s.id, "deliveryChannel": "delivery",
                "deliveryChannels": [ { "id": "delivery", "stockBalance": 0 } ],
                "deliveryIds": [ { "courierId": "1b7d2a8", "courierName": "Transportadora", "dockId": "1",
                    "quantity": s.quantity, "warehouseId": "1_1", "accountCarrierName": null, "kitItemDetails": [] } ],
                "addressId": format!("{client}-addr"), "versionId": null, "entityId": null, "polygonName": "", "pickupStoreInfo": null
            })
        })
        .collect();
    let extra = json!({
        "sequence": format!("{}", 500_000u64.saturating_add(line)),
        "marketplaceOrderId": "", "marketplaceServicesEndpoint": format!("http://oms.vtexinternal.com.br/api/oms?an=luxstore"),
        "sellerOrderId": format!("00-{order_id}"), "origin": "Marketplace", "affiliateId": "", "salesChannel": "1",
        "merchantName": null, "workflowIsInError": false, "statusDescription": status,
        "creationDate": format!("{created}.0000000+00:00"), "lastChange": format!("{created}.0000000+00:00"),
        "orderGroup": order_id.trim_end_matches("-01"), "followUpEmail": format!("{client}@ct.vtex.com.br"),
        "lastMessage": null, "hostname": "luxstore", "isCompleted": true, "roundingError": 0,
        "orderFormId": rng.hex(32).to_lowercase(), "allowCancellation": status != "invoiced", "allowEdition": false,
        "isCheckedIn": false, "authorizedDate": format!("{created}.0000000+00:00"), "invoicedDate": null,
        "cancelReason": null, "checkedInPickupPointId": null,
        "sellers": [ { "id": "1", "name": "Lux Store", "logo": "https://luxstore.vteximg.com.br/logo.png", "fulfillmentEndpoint": "http://fulfillment.vtexcommerce.com.br/api/fulfillment?an=luxstore" } ],
        "clientPreferencesData": { "locale": "pt-BR", "optinNewsLetter": false },
        "cancellationData": if status == "canceled" { json!({ "RequestedByUser": true, "RequestedBySystem": false, "RequestedBySellerNotification": false, "RequestedByPaymentNotification": false, "Reason": "Cliente desistiu", "CancellationDate": format!("{created}.0000000+00:00") }) } else { Value::Null },
        "taxData": null, "subscriptionData": null, "itemMetadata": { "Items": [] }, "marketplace": { "baseURL": "http://oms.vtexinternal.com.br/api/oms?an=luxstore", "isCertified": null, "name": "luxstore" },
        "customData": null, "commercialConditionData": null, "openTextField": null, "invoiceData": null,
        "callCenterOperatorData": null,
        "shippingData": { "id": "shippingData", "address": { "addressType": "residential", "receiverName": "Cliente Teste",
            "addressId": format!("{client}-addr"), "versionId": null, "entityId": null, "postalCode": "22250-040",
            "city": "Rio de Janeiro", "state": "RJ", "country": store.country, "street": "Praia de Botafogo",
            "number": format!("{}", 100u64.saturating_add(line.rem_euclid(400))), "neighborhood": "Botafogo", "complement": "3º andar",
            "reference": null, "geoCoordinates": [] }, "logisticsInfo": logistics, "trackingHints": null,
            "selectedAddresses": [ { "addressId": format!("{client}-addr"), "addressType": "residential",
                "receiverName": "Cliente Teste", "street": "Praia de Botafogo", "number": "300", "complement": "3º andar",
                "neighborhood": "Botafogo", "postalCode": "22250-040", "city": "Rio de Janeiro", "state": "RJ",
                "country": store.country, "reference": null, "geoCoordinates": [] } ] },
        "ratesAndBenefitsData": { "id": "ratesAndBenefitsData", "rateAndBenefitsIdentifiers": [] },
        "marketingData": { "id": "marketingData", "utmSource": "newsletter", "utmPartner": null, "utmMedium": "email",
            "utmCampaign": "black-friday", "coupon": null, "utmiCampaign": null, "utmipage": null, "utmiPart": null,
            "marketingTags": [ "vtex-lux" ] },
        "giftRegistryData": null,
        "clientProfileData": { "id": "clientProfileData", "email": format!("{client}@ct.vtex.com.br"),
            "firstName": "Cliente", "lastName": "Teste", "documentType": "cpf", "document": format!("{:011}", line),
            "phone": "+5521999999999", "corporateName": null, "tradeName": null, "corporateDocument": null,
            "stateInscription": null, "corporatePhone": null, "isCorporate": false, "userProfileId": client,
            "customerClass": null },
        "marketplaceItems": [],
    });
    if let (Value::Object(doc_map), Value::Object(extra)) = (&mut doc, extra) {
        for (k, v) in extra {
            doc_map.insert(k, v);
        }
        doc_map.insert("items".into(), Value::Array(items));
        if let Some(Value::Object(pd)) = doc_map.get_mut("paymentData") {
            if let Some(Value::Array(txs)) = pd.get_mut("transactions") {
                if let Some(Value::Object(t)) = txs.first_mut() {
                    t.insert("transactionId".into(), Value::String(tid.to_string()));
                    t.insert("merchantName".into(), Value::String("LUXSTORE".into()));
                }
            }
            pd.insert("giftCards".into(), Value::Array(Vec::new()));
        }
    }
    let _ = Map::<String, Value>::new();
    doc
}
