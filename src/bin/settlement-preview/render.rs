//! The report a person reads: for one operation, per payment and per view (gateway, provider),
//! settled / open / cancelled / refunded before → after with a small bar, then the order after,
//! the warnings and the explanation; for a rejected operation, every broken rule in words.
//!
//! Text is built with ANSI styles and written through `anstream`, which drops them when the
//! output is not a terminal, when `NO_COLOR` is set or with `--color never`. Amounts are
//! written by the library's `money::format` (the currency's digits), never through floats.

use anstyle::{AnsiColor, Style};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;
use settlement_preview::money::{format as money, Currency};
use settlement_preview::order::Item;
use settlement_preview::payment::{Mode, Payment, Protocol};
use settlement_preview::{Operation, OrderState, Outcome};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Cells of a payment's bar.
const BAR: usize = 16;

/// One bar segment per column, in column order: (header, bar glyph, colour).
const COLUMNS: [(&str, char, AnsiColor); 4] = [
    ("settled", '█', AnsiColor::Green),
    ("open", '░', AnsiColor::Blue),
    ("cancelled", '·', AnsiColor::Yellow),
    ("refunded", '▒', AnsiColor::Magenta),
];

fn bold() -> Style {
    Style::new().bold()
}
fn dim() -> Style {
    Style::new().dimmed()
}
fn fg(c: AnsiColor) -> Style {
    Style::new().fg_color(Some(c.into()))
}

/// `text` in bold (for headings of other reports).
pub fn bold_text(text: &str) -> String {
    paint(bold(), text)
}

/// `text` dimmed (paths, context).
pub fn dim_text(text: &str) -> String {
    paint(dim(), text)
}

/// `text` in `style` (the styles vanish when colour is off).
fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

/// The width reports are laid out in (columns): 80 unless `main` says otherwise.
static WIDTH: AtomicUsize = AtomicUsize::new(DEFAULT_WIDTH);

/// The width when nothing tells it: a classic terminal's.
const DEFAULT_WIDTH: usize = 80;

/// Narrower than this, nothing fits anyway: lines are laid out for it and may overflow.
const MIN_WIDTH: usize = 40;

/// The width to lay reports out in: `COLUMNS` when it is a number (shells set it, and it lets
/// a user or a test choose), else the terminal's when stdout is one, else 80.
pub fn terminal_width() -> usize {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|c| *c > 0);
    let terminal = || {
        terminal_size::terminal_size_of(std::io::stdout())
            .map(|(terminal_size::Width(w), _)| usize::from(w))
            .filter(|w| *w > 0)
    };
    columns.or_else(terminal).unwrap_or(DEFAULT_WIDTH)
}

/// Lays every later report out in `columns`.
pub fn set_width(columns: usize) {
    WIDTH.store(columns.max(MIN_WIDTH), Ordering::Relaxed);
}

fn width() -> usize {
    WIDTH.load(Ordering::Relaxed)
}

/// How many columns `text` takes: its characters, without ANSI escape sequences.
fn visible(text: &str) -> usize {
    let mut n = 0_usize;
    let mut escape = false;
    for c in text.chars() {
        if escape {
            escape = !c.is_ascii_alphabetic();
        } else if c == '\x1b' {
            escape = true;
        } else {
            n = n.saturating_add(1);
        }
    }
    n
}

/// `first` then the `atoms` joined by `sep`, broken into lines of at most the width between
/// atoms (never inside one: a figure stays whole); later lines start with `indent` spaces.
/// An atom wider than the line goes on a line of its own.
pub fn wrap_atoms(first: &str, indent: usize, atoms: &[String], sep: &str) -> String {
    let mut out = String::from(first);
    let mut line = visible(first);
    let mut empty = true;
    for atom in atoms {
        let size = visible(atom);
        let mut joined = if empty { 0 } else { visible(sep) };
        if !empty && line.saturating_add(joined).saturating_add(size) > width() {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            line = indent;
            empty = true;
            joined = 0;
        }
        if !empty {
            out.push_str(sep);
        }
        out.push_str(atom);
        line = line.saturating_add(joined).saturating_add(size);
        empty = false;
    }
    out.push('\n');
    out
}

/// `first` then `text` word-wrapped (see [`wrap_atoms`]); an arrow stays with the figures on
/// both sides of it ("0.00 → 60.00" is one word).
pub fn wrap(first: &str, indent: usize, text: &str) -> String {
    wrap_atoms(first, indent, &words(text), " ")
}

/// The words of `text`, an arrow (or `=`) glued to the figures on both sides of it.
fn words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut glue = false;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        match words.last_mut() {
            Some(last) if glue || word == "→" || word == "=" => {
                last.push(' ');
                last.push_str(word);
                glue = word == "→" || word == "=";
            }
            _ => {
                words.push(word.to_string());
                glue = false;
            }
        }
    }
    words
}

/// A code as api.md writes it (`TOTAL_CAPTURE`, `handling`), through its serde name.
pub fn name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::from("?"),
    }
}

/// One line saying what the operation is.
pub fn describe(op: &Operation, currency: Currency) -> String {
    let list = |items: &[Item]| -> String {
        let list: Vec<String> = items
            .iter()
            .map(|i| format!("{} ×{}", i.id, i.quantity))
            .collect();
        list.join(", ")
    };
    let items = |items: &[Item]| -> String {
        if items.is_empty() {
            String::new()
        } else {
            format!(" ({})", list(items))
        }
    };
    match op {
        Operation::Invoice(i) => format!(
            "Invoice {} of {}{}",
            i.number,
            money(i.value, currency),
            items(&i.items)
        ),
        Operation::Return(i) => format!(
            "Return {} of {}{}",
            i.number,
            money(i.value, currency),
            items(&i.items)
        ),
        Operation::Change(c) => {
            let mut parts = Vec::new();
            if let Some(d) = c.discount {
                parts.push(format!("discount {}", money(d, currency)));
            }
            if let Some(i) = c.increment {
                parts.push(format!("increment {}", money(i, currency)));
            }
            if !c.items_removed.is_empty() {
                parts.push(format!("removes {}", list(&c.items_removed)));
            }
            if !c.items_added.is_empty() {
                parts.push(format!("adds {}", list(&c.items_added)));
            }
            let reason = c
                .reason
                .as_deref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default();
            format!("Change {}{reason}: {}", c.request_id, parts.join(", "))
        }
        Operation::Cancel { reason } => match reason {
            Some(r) => format!("Cancel the order ({r})"),
            None => String::from("Cancel the order"),
        },
    }
}

/// The line that opens a report on an order: id, currency, value, status, payments.
pub fn order_heading(state: &OrderState) -> String {
    let payments: Vec<String> = state
        .transaction
        .payments
        .iter()
        .map(|p| format!("{} {}", p.id, money(p.value, state.currency)))
        .collect();
    let atoms: Vec<String> = [
        format!("Order {}", state.order_id.as_deref().unwrap_or("(no id)")),
        state.currency.to_string(),
        format!("value {}", money(state.value, state.currency)),
        name(&state.status),
        format!("payments: {}", payments.join(", ")),
    ]
    .iter()
    .map(|a| paint(bold(), a))
    .collect();
    // No final newline: callers add what follows.
    let text = wrap_atoms("", 2, &atoms, " · ");
    text.strip_suffix('\n').unwrap_or(&text).to_string()
}

/// One view of a payment's ledger: settled (gross), open, cancelled, refunded; the bar shows
/// settled net of refunds, so that its four parts add up to the authorization.
#[derive(Clone, Copy)]
struct Ledger {
    authorized: Decimal,
    settled: Decimal,
    open: Decimal,
    cancelled: Decimal,
    refunded: Decimal,
}

impl Ledger {
    fn gateway(p: &Payment) -> Ledger {
        Ledger {
            authorized: p.value,
            settled: p.settled,
            open: p.gateway_open().unwrap_or(Decimal::ZERO),
            cancelled: p.cancelled,
            refunded: p.refunded,
        }
    }
    fn provider(p: &Payment) -> Ledger {
        Ledger {
            authorized: p.value,
            settled: p.captured,
            open: p.provider_open().unwrap_or(Decimal::ZERO),
            cancelled: p.voided,
            refunded: p.provider_refunded,
        }
    }
    fn columns(&self) -> [Decimal; 4] {
        [self.settled, self.open, self.cancelled, self.refunded]
    }
    /// The bar's parts, in column order: settled net, open, cancelled, refunded.
    fn parts(&self) -> [Decimal; 4] {
        let net = self
            .settled
            .checked_sub(self.refunded)
            .unwrap_or(Decimal::ZERO);
        [net, self.open, self.cancelled, self.refunded]
    }
}

/// `BAR` cells split over the parts by largest remainder (ties to the earlier part), so that
/// the cells always add up to the bar.
fn cells(parts: [Decimal; 4], whole: Decimal) -> [usize; 4] {
    let mut out = [0_usize; 4];
    if whole <= Decimal::ZERO {
        return out;
    }
    let width = Decimal::from(BAR);
    let mut remainders = Vec::with_capacity(4);
    let mut used = 0_usize;
    for (slot, part) in out.iter_mut().zip(parts) {
        let exact = part
            .max(Decimal::ZERO)
            .checked_mul(width)
            .and_then(|x| x.checked_div(whole))
            .unwrap_or(Decimal::ZERO)
            .min(width);
        let floor = exact.floor();
        *slot = floor.to_usize().unwrap_or(0);
        used = used.saturating_add(*slot);
        remainders.push(exact.checked_sub(floor).unwrap_or(Decimal::ZERO));
    }
    let mut order: Vec<usize> = (0..4).collect();
    // Largest remainder first; the sort is stable, so ties keep the earlier part first.
    order.sort_by(|a, b| {
        let ra = remainders.get(*a).copied().unwrap_or_default();
        let rb = remainders.get(*b).copied().unwrap_or_default();
        rb.cmp(&ra)
    });
    for i in order.into_iter().take(BAR.saturating_sub(used)) {
        if let Some(slot) = out.get_mut(i) {
            *slot = slot.saturating_add(1);
        }
    }
    out
}

fn bar(ledger: &Ledger) -> String {
    let counts = cells(ledger.parts(), ledger.authorized);
    let mut text = String::new();
    for ((_, glyph, colour), n) in COLUMNS.iter().zip(counts) {
        if n > 0 {
            text.push_str(&paint(fg(*colour), &glyph.to_string().repeat(n)));
        }
    }
    let drawn: usize = counts.iter().sum();
    text.push_str(&" ".repeat(BAR.saturating_sub(drawn)));
    text
}

fn connector(p: &Payment) -> String {
    let protocol = match p.connector.protocol {
        Protocol::Ppp => "ppp",
        Protocol::Legacy => "legacy",
    };
    let mode = match p.connector.mode {
        Mode::Total => "total",
        Mode::Hold => "hold",
        Mode::Partial => "partial",
    };
    format!("{protocol}, {mode} mode")
}

/// Writes the report of one operation: `before` is the state it was previewed on, `after` the
/// state it leads to (the same when rejected).
pub fn report(
    out: &mut String,
    op: &Operation,
    before: &OrderState,
    after: &OrderState,
    outcome: &Outcome,
) {
    let cur = before.currency;
    // Accepted and nothing moves (a reused number, a return before the order is fully
    // invoiced, a change within the authorization): said in the verdict, not left to zeros.
    let still = |f: &settlement_preview::outcome::Figures| {
        f.settle.is_zero() && f.cancel.is_zero() && f.refund.is_zero()
    };
    let moves_nothing =
        still(&outcome.provider) && still(&outcome.gateway) && outcome.new_charge.is_zero();
    let verdict = if outcome.accepted && moves_nothing {
        paint(fg(AnsiColor::Green).bold(), "✓ accepted, moves no money")
    } else if outcome.accepted {
        paint(fg(AnsiColor::Green).bold(), "✓ accepted")
    } else {
        paint(fg(AnsiColor::Red).bold(), "✗ rejected")
    };
    // The verdict stays whole (or first on a line of its own).
    let mut title: Vec<String> = words(&format!("▸ {}", describe(op, cur)))
        .iter()
        .map(|w| paint(bold(), w))
        .collect();
    title.push(verdict);
    out.push('\n');
    out.push_str(&wrap_atoms("", 4, &title, " "));
    if !outcome.accepted {
        let _ = writeln!(
            out,
            "  Nothing moves. {} broken:",
            plural(outcome.errors.len(), "rule", "rules")
        );
        let width = outcome
            .errors
            .iter()
            .map(|e| name(&e.code).len())
            .max()
            .unwrap_or(0);
        // Each rule in words with its numbers: the explanation's lines of that rule (their
        // code is the rule's), else the rule's message; then any other line of the explanation.
        let rule_codes: Vec<String> = outcome.errors.iter().map(|e| name(&e.code)).collect();
        for e in &outcome.errors {
            let code = name(&e.code);
            let because: Vec<&str> = outcome
                .explain
                .iter()
                .filter(|l| name(&l.code) == code)
                .map(|l| l.text.as_str())
                .collect();
            let first = format!(
                "  {} {}  ",
                paint(fg(AnsiColor::Red), "✗"),
                paint(bold(), &format!("{code:<width$}"))
            );
            let text = if because.is_empty() {
                e.message.clone()
            } else {
                because.join(" ")
            };
            out.push_str(&wrap(&first, width.saturating_add(6), &text));
        }
        let rest: Vec<&str> = outcome
            .explain
            .iter()
            .filter(|l| !rule_codes.contains(&name(&l.code)))
            .map(|l| l.text.as_str())
            .collect();
        if !rest.is_empty() {
            let _ = writeln!(out, "  {}", paint(dim(), "why"));
            for text in rest {
                out.push_str(&wrap("    ", 6, text));
            }
        }
        return;
    }
    table(out, before, after);
    let o = &outcome.order;
    let figures = |f: &settlement_preview::outcome::Figures| {
        format!(
            "settle {}, cancel {}, refund {}",
            money(f.settle, cur),
            money(f.cancel, cur),
            money(f.refund, cur)
        )
    };
    let (provider, gateway) = (figures(&outcome.provider), figures(&outcome.gateway));
    let operation = if moves_nothing {
        String::from("nothing is settled, cancelled or refunded, at the provider or the gateway")
    } else {
        format!(
            "{provider} at the provider{}{}",
            if provider == gateway {
                String::from(" (the gateway records the same)")
            } else {
                format!("; the gateway records {gateway}")
            },
            if outcome.new_charge.is_zero() {
                String::new()
            } else {
                format!("; new charge {}", money(outcome.new_charge, cur))
            }
        )
    };
    let label = |text: &str| format!("  {}  ", paint(dim(), &format!("{text:<14}")));
    out.push_str(&wrap(&label("this operation"), 18, &operation));
    let arrow = |a: String, b: String| {
        if a == b {
            a
        } else {
            format!("{a} → {}", paint(bold(), &b))
        }
    };
    let mut order = vec![
        arrow(name(&o.status_before), name(&o.status_after)),
        format!(
            "value {}",
            arrow(money(o.value_before, cur), money(o.value_after, cur))
        ),
        format!(
            "invoiced {}",
            arrow(money(o.invoiced_before, cur), money(o.invoiced_after, cur))
        ),
    ];
    if !o.returned_after.is_zero() {
        order.push(format!("returned {}", money(o.returned_after, cur)));
    }
    order.push(format!(
        "left to invoice {}",
        money(o.remaining_to_invoice, cur)
    ));
    order.push(format!("transaction {}", name(&outcome.transaction_status)));
    out.push_str(&wrap_atoms(&label("order"), 18, &order, " · "));
    for w in &outcome.warnings {
        let about = w
            .payment_id
            .as_deref()
            .map(|p| format!(" ({p})"))
            .unwrap_or_default();
        let first = format!(
            "  {} {}{about}  ",
            paint(fg(AnsiColor::Yellow).bold(), "!"),
            paint(fg(AnsiColor::Yellow), &name(&w.code))
        );
        out.push_str(&wrap(&first, 4, &w.message));
    }
    explanation(out, outcome);
}

/// The explanation in words (`outcome.explain[].text`, api.md section 8), in the order the
/// engine moved the money.
fn explanation(out: &mut String, outcome: &Outcome) {
    if outcome.explain.is_empty() {
        return;
    }
    let _ = writeln!(out, "  {}", paint(dim(), "why"));
    for line in &outcome.explain {
        out.push_str(&wrap("    ", 6, &line.text));
    }
}

/// The closing line of a sequence: what each payment has charged the customer, net (K − F).
pub fn charged(state: &OrderState) -> String {
    let list: Vec<String> = state
        .transaction
        .payments
        .iter()
        .map(|p| {
            let net = p
                .captured
                .checked_sub(p.provider_refunded)
                .unwrap_or(Decimal::ZERO);
            format!("{} {}", p.id, money(net, state.currency))
        })
        .collect();
    let first = format!(
        "\n{} ",
        paint(bold(), "Charged to the customer, net, at the provider:")
    );
    wrap_atoms(&first, 2, &list, ", ")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The per-payment table: a heading per payment, then its two views (gateway, provider), each
/// figure before → after, and a bar of each view after. In a wide terminal one row per view,
/// the figures side by side (`wide`); within 80 columns, or when the amounts are too wide, one
/// row per figure and one column per view (`narrow`), which fits amounts of up to 14
/// characters in 80 columns. Either way no row is wider than the terminal, so none wraps
/// mid-figure.
fn table(out: &mut String, before: &OrderState, after: &OrderState) {
    let cur = before.currency;
    let rows: Vec<(&Payment, &Payment)> = before
        .transaction
        .payments
        .iter()
        .map(|b| {
            let a = after
                .transaction
                .payments
                .iter()
                .find(|a| a.id == b.id)
                .unwrap_or(b);
            (b, a)
        })
        .collect();
    // Every figure of a ledger is within its authorization (S + C ≤ A, R ≤ S, K + X ≤ A,
    // F ≤ K): the widest authorization sets one width for every cell, so that the reports of
    // one order line up from one operation to the next.
    let widest = rows
        .iter()
        .flat_map(|(b, a)| [b.value, a.value])
        .map(|v| money(v, cur).chars().count())
        .max()
        .unwrap_or(0);
    // "before → after", at least as wide as each header.
    let cell = widest.saturating_mul(2).saturating_add(3);
    let widths: Vec<usize> = COLUMNS
        .iter()
        .map(|(h, _, _)| cell.max(h.chars().count().saturating_add(2)))
        .collect();
    // Indent, view label, each cell after two spaces, three spaces, the bar.
    let wide_row = widths
        .iter()
        .fold(14_usize, |w, c| w.saturating_add(*c).saturating_add(4))
        .saturating_add(3)
        .saturating_add(BAR);
    let layout = if wide_row <= width() {
        Layout::Wide(&widths)
    } else {
        Layout::Narrow(cell.max(BAR))
    };
    if let Layout::Wide(widths) = layout {
        let mut header = format!("  {:<12}", "");
        for ((h, glyph, colour), w) in COLUMNS.iter().zip(widths) {
            let label = format!("{glyph} {h}");
            let pad = (w.saturating_add(2)).saturating_sub(label.chars().count());
            header.push_str("  ");
            header.push_str(&" ".repeat(pad));
            header.push_str(&paint(fg(*colour), &label));
        }
        let _ = writeln!(out, "{}", paint(dim(), &header));
    }
    for (b, a) in &rows {
        let authorized = if a.value == b.value {
            money(b.value, cur)
        } else {
            format!("{} → {}", money(b.value, cur), money(a.value, cur))
        };
        let heading = [
            name(&b.group),
            format!("{authorized} authorized"),
            connector(b),
        ];
        let first = format!("  {} ", paint(bold(), &b.id));
        let heading: Vec<String> = heading.iter().map(|h| paint(dim(), h)).collect();
        out.push_str(&wrap_atoms(&first, 4, &heading, &paint(dim(), " · ")));
        let views = [
            ("gateway", Ledger::gateway(b), Ledger::gateway(a)),
            ("provider", Ledger::provider(b), Ledger::provider(a)),
        ];
        let figure = |i: usize, x: &Ledger, y: &Ledger| -> String {
            let vb = x.columns().get(i).copied().unwrap_or_default();
            let va = y.columns().get(i).copied().unwrap_or_default();
            let text = format!("{:>widest$} → {:>widest$}", money(vb, cur), money(va, cur));
            if vb == va {
                paint(dim(), &text)
            } else {
                paint(bold(), &text)
            }
        };
        match layout {
            Layout::Wide(widths) => {
                for (view, x, y) in &views {
                    let mut line = format!("    {view:<10}");
                    for (i, w) in widths.iter().enumerate() {
                        let cell = figure(i, x, y);
                        line.push_str("  ");
                        line.push_str(
                            &" ".repeat(w.saturating_add(2).saturating_sub(visible(&cell))),
                        );
                        line.push_str(&cell);
                    }
                    let _ = writeln!(out, "{line}   {}", bar(y));
                }
            }
            Layout::Narrow(column) => {
                let pad = |text: &str| " ".repeat(column.saturating_sub(visible(text)));
                let mut header = format!("    {:<11}", "");
                for (view, _, _) in &views {
                    header.push_str("   ");
                    header.push_str(&pad(view));
                    header.push_str(view);
                }
                let _ = writeln!(out, "{}", paint(dim(), header.trim_end()));
                for (i, (h, glyph, colour)) in COLUMNS.iter().enumerate() {
                    // A figure that is zero before and after in both views says nothing.
                    let zero = |l: &Ledger| l.columns().get(i).map_or(true, Decimal::is_zero);
                    if i > 0 && views.iter().all(|(_, x, y)| zero(x) && zero(y)) {
                        continue;
                    }
                    let mut line =
                        format!("    {}", paint(fg(*colour), &format!("{glyph} {h:<9}")));
                    for (_, x, y) in &views {
                        let cell = figure(i, x, y);
                        line.push_str("   ");
                        line.push_str(&pad(&cell));
                        line.push_str(&cell);
                    }
                    let _ = writeln!(out, "{line}");
                }
                let mut line = format!("    {:<11}", "");
                for (_, _, y) in &views {
                    line.push_str("   ");
                    line.push_str(&" ".repeat(column.saturating_sub(BAR)));
                    line.push_str(&bar(y));
                }
                let _ = writeln!(out, "{line}");
            }
        }
    }
}

/// How [`table`] lays a payment out: the cell widths of the wide layout, or the column width
/// of the narrow one.
#[derive(Clone, Copy)]
enum Layout<'a> {
    Wide(&'a [usize]),
    Narrow(usize),
}

#[cfg(test)]
mod tests {
    use super::cells;
    use rust_decimal::Decimal;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn bar_cells_add_up() {
        assert_eq!(
            cells([d("30"), d("40"), d("0"), d("0")], d("70")),
            [7, 9, 0, 0]
        );
        assert_eq!(
            cells([d("1"), d("1"), d("1"), d("0")], d("3")),
            [6, 5, 5, 0]
        );
        assert_eq!(cells([d("0"); 4], d("0")), [0, 0, 0, 0]);
        assert_eq!(
            cells([d("100"), d("0"), d("0"), d("0")], d("100")),
            [16, 0, 0, 0]
        );
    }
}
