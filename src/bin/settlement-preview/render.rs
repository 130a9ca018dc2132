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
    paint(
        bold(),
        &format!(
            "Order {} · {} · value {} · {} · payments: {}",
            state.order_id.as_deref().unwrap_or("(no id)"),
            state.currency,
            money(state.value, state.currency),
            name(&state.status),
            payments.join(", ")
        ),
    )
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
    let verdict = if outcome.accepted {
        paint(fg(AnsiColor::Green).bold(), "✓ accepted")
    } else {
        paint(fg(AnsiColor::Red).bold(), "✗ rejected")
    };
    let _ = writeln!(
        out,
        "\n{}  {verdict}",
        paint(bold(), &format!("▸ {}", describe(op, cur)))
    );
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
            let _ = writeln!(
                out,
                "  {} {}  {}",
                paint(fg(AnsiColor::Red), "✗"),
                paint(bold(), &format!("{code:<width$}")),
                if because.is_empty() {
                    e.message.clone()
                } else {
                    because.join(" ")
                }
            );
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
                let _ = writeln!(out, "    {text}");
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
    let _ = writeln!(
        out,
        "  {}  {provider} at the provider{}{}",
        paint(dim(), "this operation"),
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
    );
    let arrow = |a: String, b: String| {
        if a == b {
            a
        } else {
            format!("{a} → {}", paint(bold(), &b))
        }
    };
    let _ = writeln!(
        out,
        "  {}           {} · value {} · invoiced {}{} · left to invoice {} · transaction {}",
        paint(dim(), "order"),
        arrow(name(&o.status_before), name(&o.status_after)),
        arrow(money(o.value_before, cur), money(o.value_after, cur)),
        arrow(money(o.invoiced_before, cur), money(o.invoiced_after, cur)),
        if o.returned_after.is_zero() {
            String::new()
        } else {
            format!(" · returned {}", money(o.returned_after, cur))
        },
        money(o.remaining_to_invoice, cur),
        name(&outcome.transaction_status)
    );
    for w in &outcome.warnings {
        let about = w
            .payment_id
            .as_deref()
            .map(|p| format!(" ({p})"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {} {}{about}  {}",
            paint(fg(AnsiColor::Yellow).bold(), "!"),
            paint(fg(AnsiColor::Yellow), &name(&w.code)),
            w.message
        );
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
        let _ = writeln!(out, "    {}", line.text);
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
    format!(
        "\n{} {}\n",
        paint(bold(), "Charged to the customer, net, at the provider:"),
        list.join(", ")
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The per-payment table: a heading per payment, then one row per view.
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
    let (wb, wa) = ([widest; 4], [widest; 4]);
    let widths: Vec<usize> = wb
        .iter()
        .zip(wa)
        .zip(COLUMNS)
        .map(|((b, a), (h, _, _))| b.saturating_add(a).saturating_add(3).max(h.len()))
        .collect();
    let mut header = format!("  {:<12}", "");
    for ((h, glyph, colour), w) in COLUMNS.iter().zip(&widths) {
        let label = format!("{glyph} {h}");
        let pad = (w.saturating_add(2)).saturating_sub(label.chars().count());
        header.push_str("  ");
        header.push_str(&" ".repeat(pad));
        header.push_str(&paint(fg(*colour), &label));
    }
    let _ = writeln!(out, "{}", paint(dim(), &header));
    for (b, a) in &rows {
        let _ = writeln!(
            out,
            "  {} {}",
            paint(bold(), &b.id),
            paint(
                dim(),
                &format!(
                    "{} · {} authorized{} · {}",
                    name(&b.group),
                    money(b.value, cur),
                    if a.value == b.value {
                        String::new()
                    } else {
                        format!(" → {}", money(a.value, cur))
                    },
                    connector(b)
                )
            )
        );
        for (view, x, y) in [
            ("gateway", Ledger::gateway(b), Ledger::gateway(a)),
            ("provider", Ledger::provider(b), Ledger::provider(a)),
        ] {
            let mut line = format!("    {view:<10}");
            for (i, (vb, va)) in x.columns().iter().zip(y.columns()).enumerate() {
                let (b_w, a_w, w) = (
                    wb.get(i).copied().unwrap_or(0),
                    wa.get(i).copied().unwrap_or(0),
                    widths.get(i).copied().unwrap_or(0),
                );
                let (sb, sa) = (money(*vb, cur), money(va, cur));
                let cell = format!("{sb:>b_w$} → {sa:>a_w$}");
                let pad = " ".repeat(w.saturating_add(2).saturating_sub(cell.chars().count()));
                let cell = if *vb == va {
                    paint(dim(), &cell)
                } else {
                    paint(bold(), &cell)
                };
                line.push_str("  ");
                line.push_str(&pad);
                line.push_str(&cell);
            }
            let _ = writeln!(out, "{line}   {}", bar(&y));
        }
    }
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
