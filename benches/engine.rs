//! `make bench` (`cargo bench --bench engine`): how long the engine takes on a typical order and
//! on large ones, natively (`benches/js/bench.mjs` then measures the npm package). Plain
//! `std::time::Instant` loops (no benchmark framework such as criterion: its dependency tree
//! would be most of the build on a 2-core machine); each figure is the median of 7 runs.

use serde_json::{json, Value};
use settlement_preview::{json as sp, Ledger, Operation, Options};
use std::hint::black_box;
use std::time::Instant;

fn order(items: usize, payments: usize) -> Value {
    let items: Vec<Value> = (0..items)
        .map(|i| json!({ "id": format!("SKU-{i}"), "quantity": 2, "price": "10.00" }))
        .collect();
    let total = 20 * items.len();
    let share = total / payments;
    let payments: Vec<Value> = (0..payments)
        .map(|p| {
            let value = if p + 1 == payments {
                total - share * (payments - 1)
            } else {
                share
            };
            let mode = ["partial", "total", "hold"][p % 3];
            json!({ "id": format!("p{p}"), "group": "creditCard", "value": format!("{value}.00"),
                    "connector": { "mode": mode } })
        })
        .collect();
    json!({ "currency": "BRL", "items": items, "transaction": { "payments": payments } })
}

fn median_ns(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut samples: Vec<f64> = (0..7)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..runs {
                f();
            }
            start.elapsed().as_nanos() as f64 / runs as f64
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[3]
}

fn report(name: &str, ns: f64) {
    println!("{name:<52} {:>12.1} µs", ns / 1000.0);
}

fn main() {
    for (label, items, payments, runs) in [
        ("typical (3 items, 2 payments)", 3, 2, 20_000),
        ("1 000 items, 5 payments", 1_000, 5, 200),
        ("10 000 items, 5 payments", 10_000, 5, 20),
    ] {
        let value = order(items, payments);
        let state = sp::parse_state(&value).unwrap();
        let invoice = sp::parse_operation(
            &json!({ "type": "invoice", "number": "NF-1", "value": "10.00",
            "items": [ { "id": "SKU-0", "quantity": 1 } ] }),
            &state,
        )
        .unwrap();
        let change = sp::parse_operation(
            &json!({ "type": "change", "requestId": "c1", "discount": "5.00" }),
            &state,
        )
        .unwrap();
        let ops: Vec<Operation> = (0..10)
            .map(|i| {
                sp::parse_operation(
                    &json!({ "type": "invoice", "number": format!("NF-{i}"), "value": "1.00" }),
                    &state,
                )
                .unwrap()
            })
            .collect();
        println!("{label}");
        report(
            "  parse state (JSON value -> validated state)",
            median_ns(runs, || {
                black_box(sp::parse_state(black_box(&value)).unwrap());
            }),
        );
        let ledger = Ledger::new(state.clone(), Options::default());
        report(
            "  preview an invoice",
            median_ns(runs, || {
                black_box(ledger.preview(black_box(&invoice)).unwrap());
            }),
        );
        report(
            "  preview a change",
            median_ns(runs, || {
                black_box(ledger.preview(black_box(&change)).unwrap());
            }),
        );
        report(
            "  simulate 10 invoices",
            median_ns(runs / 10 + 1, || {
                black_box(settlement_preview::simulate(&state, &ops, &Options::default()).unwrap());
            }),
        );
    }
}
