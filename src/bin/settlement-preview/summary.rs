//! `reconcile`'s summary (stderr, within 80 columns): orders by status, findings by code with
//! their count and total amount per currency, and the worst orders by money at risk.
//!
//! Counts are per chunk and merged in input order; the worst orders are ranked by their money
//! at risk (the sum of their `money` findings' amounts), then by line, so the summary does not
//! depend on `--jobs` or on how the input was split. Amounts of different currencies are never
//! added together nor converted: the ranking compares the numbers as they are.

use rust_decimal::Decimal;
use settlement_preview::money::write_amount;
use settlement_preview::reconcile::{FindingCode, Reconciliation, Severity, Status};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

/// How many of the worst orders are listed.
const WORST: usize = 5;
/// The table's width.
const WIDTH: usize = 80;

/// A finding code's count and its amounts per currency.
#[derive(Debug, Default)]
pub struct CodeStats {
    count: u64,
    amounts: BTreeMap<&'static str, Decimal>,
}

/// An order with money at risk.
#[derive(Debug)]
struct Worst {
    at_risk: Decimal,
    currency: &'static str,
    line: u64,
    order_id: String,
    codes: Vec<FindingCode>,
}

/// The counts of a run (or of one chunk, merged into the run's).
#[derive(Debug, Default)]
pub struct Stats {
    /// Input lines, blank ones included.
    pub lines: u64,
    /// Blank lines (no row).
    pub blank: u64,
    /// Report rows written.
    pub rows: u64,
    /// Orders by status: matched, pending, difference, invalid.
    by_status: [u64; 4],
    findings: BTreeMap<FindingCode, CodeStats>,
    worst: Vec<Worst>,
    /// A total that did not fit a decimal (it is then left out of the sum).
    overflow: bool,
}

fn slot(status: Status) -> usize {
    match status {
        Status::Matched => 0,
        Status::Pending => 1,
        Status::Difference => 2,
        Status::Invalid => 3,
    }
}

const STATUSES: [Status; 4] = [
    Status::Matched,
    Status::Pending,
    Status::Difference,
    Status::Invalid,
];

impl Stats {
    fn count(&mut self, status: Status) {
        if let Some(n) = self.by_status.get_mut(slot(status)) {
            *n = n.saturating_add(1);
        }
    }

    /// A record that is not an order (not JSON, too long, unreadable).
    pub fn invalid(&mut self) {
        self.count(Status::Invalid);
    }

    /// A reconciled order from input line `line`.
    pub fn order(&mut self, r: &Reconciliation, line: u64) {
        self.count(r.status);
        let currency = r.currency.map_or("?", |c| c.code());
        let mut at_risk = Decimal::ZERO;
        for f in &r.findings {
            let entry = self.findings.entry(f.code).or_default();
            entry.count = entry.count.saturating_add(1);
            if let Some(amount) = f.amount {
                let total = entry.amounts.entry(currency).or_default();
                match total.checked_add(amount) {
                    Some(sum) => *total = sum,
                    None => self.overflow = true,
                }
                if f.severity == Severity::Money {
                    match at_risk.checked_add(amount.abs()) {
                        Some(sum) => at_risk = sum,
                        None => self.overflow = true,
                    }
                }
            }
        }
        if at_risk > Decimal::ZERO {
            self.worst.push(Worst {
                at_risk,
                currency,
                line,
                order_id: r.order_id.clone().unwrap_or_default(),
                codes: r.findings.iter().map(|f| f.code).collect(),
            });
            self.keep_worst();
        }
    }

    fn keep_worst(&mut self) {
        self.worst
            .sort_by(|a, b| b.at_risk.cmp(&a.at_risk).then(a.line.cmp(&b.line)));
        self.worst.truncate(WORST);
    }

    /// Adds a later chunk's counts.
    pub fn merge(&mut self, other: Stats) {
        self.lines = self.lines.saturating_add(other.lines);
        self.blank = self.blank.saturating_add(other.blank);
        self.rows = self.rows.saturating_add(other.rows);
        for (mine, theirs) in self.by_status.iter_mut().zip(other.by_status) {
            *mine = mine.saturating_add(theirs);
        }
        for (code, theirs) in other.findings {
            let mine = self.findings.entry(code).or_default();
            mine.count = mine.count.saturating_add(theirs.count);
            for (currency, amount) in theirs.amounts {
                let total = mine.amounts.entry(currency).or_default();
                match total.checked_add(amount) {
                    Some(sum) => *total = sum,
                    None => self.overflow = true,
                }
            }
        }
        self.overflow |= other.overflow;
        self.worst.extend(other.worst);
        self.keep_worst();
    }

    /// Orders (non-blank lines).
    pub fn orders(&self) -> u64 {
        self.by_status
            .iter()
            .fold(0u64, |a, b| a.saturating_add(*b))
    }

    /// Every order matched (an empty input too).
    pub fn all_matched(&self) -> bool {
        self.by_status.iter().skip(1).all(|n| *n == 0)
    }
}

/// The summary of a run.
pub struct Summary<'a> {
    /// The run's counts.
    pub stats: &'a Stats,
    /// How long it took.
    pub elapsed: Duration,
}

fn heading(text: &str) -> String {
    let style = anstyle::Style::new().bold();
    format!("{style}{text}{style:#}\n")
}

/// `text` cut to `width` characters, with `…` when cut.
fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

impl Summary<'_> {
    /// The table (the last line is the timing, which tests leave out).
    pub fn render(&self) -> String {
        let s = self.stats;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "\nReconciled {} orders from {} lines ({} blank): {} rows",
            s.orders(),
            s.lines,
            s.blank,
            s.rows
        );
        out.push('\n');
        out.push_str(&heading("Orders by status      count"));
        for status in STATUSES {
            let n = s.by_status.get(slot(status)).copied().unwrap_or(0);
            let _ = writeln!(out, "  {:<16}{n:>9}", status.name());
        }
        out.push('\n');
        out.push_str(&heading(&format!(
            "{:<32}{:<9}{:>7}  {}",
            "Findings", "severity", "count", "amount"
        )));
        if s.findings.is_empty() {
            out.push_str("  none\n");
        }
        for (code, stats) in &s.findings {
            let mut amounts = stats.amounts.iter();
            let first = amounts
                .next()
                .map(|(c, a)| format!("{c} {}", write_amount(*a).as_str()))
                .unwrap_or_default();
            let line = format!(
                "  {:<30}{:<9}{:>7}  {first}",
                code.name(),
                code.severity().name(),
                stats.count
            );
            let _ = writeln!(out, "{}", clip(line.trim_end(), WIDTH));
            for (c, a) in amounts {
                let line = format!("{:50}{c} {}", "", write_amount(*a).as_str());
                let _ = writeln!(out, "{}", clip(&line, WIDTH));
            }
        }
        if s.overflow {
            out.push_str("  (a total too large for a decimal was left out)\n");
        }
        out.push('\n');
        out.push_str(&heading("Worst orders (money at risk)"));
        if s.worst.is_empty() {
            out.push_str("  none\n");
        } else {
            let _ = writeln!(
                out,
                "  {:>7}  {:<18}  {:>16}  codes",
                "line", "order", "at risk"
            );
        }
        for w in &s.worst {
            let codes = w
                .codes
                .iter()
                .map(|c| c.name())
                .collect::<Vec<_>>()
                .join(",");
            let line = format!(
                "  {:>7}  {:<18}  {:>16}  {codes}",
                w.line,
                clip(&w.order_id, 18),
                format!("{} {}", w.currency, write_amount(w.at_risk).as_str()),
            );
            let _ = writeln!(out, "{}", clip(&line, WIDTH));
        }
        let secs = self.elapsed.as_secs_f64();
        // Display only: a rate is not money.
        #[allow(clippy::cast_precision_loss)]
        let rate = if secs > 0.0 {
            s.lines as f64 / secs
        } else {
            0.0
        };
        let _ = writeln!(out, "\nin {secs:.2} s ({rate:.0} lines/s)");
        out
    }
}
