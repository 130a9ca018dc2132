//! `make demo`: runs the built-in example order (`examples/order.json`: a gift card that
//! settled by itself and a credit card, partial mode) through its operations and prints what
//! each one does to the money, as a table.

use serde_json::Value;
use settlement_preview::{json, Ledger, Operation, Outcome};

const ORDER: &str = include_str!("order.json");

fn describe(op: &Operation) -> String {
    match op {
        Operation::Invoice(i) => format!("invoice {} of {}", i.number, i.value),
        Operation::Return(i) => format!("return {} of {}", i.number, i.value),
        Operation::Change(c) => format!(
            "change {} ({})",
            c.request_id,
            c.reason.as_deref().unwrap_or("")
        ),
        Operation::Cancel { .. } => "cancel the order".to_string(),
    }
}

fn row(step: &str, o: &Outcome) -> String {
    // The codes as api.md writes them (`TOTAL_CAPTURE`), through their serde names.
    let name = |code: Value| code.as_str().unwrap_or_default().to_string();
    let codes: Vec<String> = o
        .warnings
        .iter()
        .map(|w| name(serde_json::json!(w.code)))
        .chain(o.errors.iter().map(|e| name(serde_json::json!(e.code))))
        .collect();
    format!(
        "| {:<42} | {:<8} | {:>8} | {:>8} | {:>8} | {:>8} | {:<9} | {:<8} | {}",
        step,
        if o.accepted { "accepted" } else { "REJECTED" },
        o.provider.settle,
        o.provider.cancel,
        o.provider.refund,
        o.provider.open,
        name(serde_json::json!(o.order.status_after)),
        name(serde_json::json!(o.transaction_status)),
        codes.join(", ")
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let input: Value = serde_json::from_str(ORDER)?;
    let state = json::parse_state(&input["state"])?;
    let mut ledger = Ledger::new(state, Default::default());
    println!(
        "Order {} ({}), value {}: gift card 30.00 (settled by itself) + credit card 70.00, partial mode\n",
        ledger.state().order_id.as_deref().unwrap_or("?"),
        ledger.state().currency,
        ledger.state().value
    );
    println!(
        "| {:<42} | {:<8} | {:>8} | {:>8} | {:>8} | {:>8} | {:<9} | {:<8} | notes",
        "operation", "result", "settle", "cancel", "refund", "open", "order", "payment"
    );
    println!("|{}|", "-".repeat(130));
    let ops = input["operations"].as_array().ok_or("no operations")?;
    for op in ops {
        let op = json::parse_operation(op, ledger.state())?;
        let outcome = ledger.apply(&op)?;
        println!("{}", row(&describe(&op), &outcome));
        for p in &outcome.payments {
            println!(
                "|   {:<40} | {:<8} | {:>8} | {:>8} | {:>8} | {:>8} |",
                format!("payment {}", p.id),
                "",
                p.provider.settle,
                p.provider.cancel,
                p.provider.refund,
                p.provider.open
            );
        }
    }
    let charged: Vec<String> = ledger
        .state()
        .transaction
        .payments
        .iter()
        .map(|p| format!("{} {}", p.id, p.captured - p.provider_refunded))
        .collect();
    println!("\nCharged net at the provider: {}", charged.join(", "));
    Ok(())
}
