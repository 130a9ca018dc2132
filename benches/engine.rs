//! `make bench` (`cargo bench --bench engine`): how long the engine takes on a typical order and
//! on large ones, natively (`benches/js/bench.mjs` then measures the npm package). Plain
//! `std::time::Instant` loops (no benchmark framework such as criterion: its dependency tree
//! would be most of the build on a 2-core machine); each figure is the median of 7 runs.
//! `BENCH_CPU=1` measures this thread's CPU time instead of the wall clock (Linux), for a
//! comparison on a machine that others share.

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

/// A VTEX "Get order" document: `items` SKUs of 2 units at 10.00 (cents), a card and a gift
/// card, three Output packages of one SKU each, one change (a discount of 1.00).
fn vtex_order(items: usize) -> Value {
    let lines: Vec<Value> = (0..items)
        .map(|i| json!({ "id": format!("SKU-{i}"), "quantity": 2, "price": 1000, "name": "A product" }))
        .collect();
    let value = 2000 * items as i64 - 100;
    let packages: Vec<Value> = (0..3)
        .map(|i| {
            json!({ "type": "Output", "invoiceNumber": format!("NF-{i}"), "invoiceValue": 2000,
                    "issuanceDate": format!("2024-02-0{}T10:00:00Z", i + 2),
                    "items": [ { "id": format!("SKU-{i}"), "quantity": 2, "price": 1000 } ] })
        })
        .collect();
    json!({
        "orderId": "B-1", "status": "handling", "value": value,
        "totals": [ { "id": "Items", "value": 2000 * items as i64 }, { "id": "Change", "value": -100 } ],
        "items": lines,
        "packageAttachment": { "packages": packages },
        "changesAttachment": { "changesData": [ { "requestId": "c1", "reason": "r",
            "discountValue": 100, "incrementValue": 0, "receipt": { "date": "2024-02-01T10:00:00Z" } } ] },
        "paymentData": { "transactions": [ { "isActive": true, "payments": [
            { "id": "gift", "group": "giftCard", "value": 1000 },
            { "id": "card", "group": "creditCard", "value": 2000 * items as i64 - 1000 } ] } ] },
        "storePreferencesData": { "currencyCode": "BRL" }
    })
}

/// This thread's CPU time in nanoseconds (POSIX `clock_gettime(CLOCK_THREAD_CPUTIME_ID)`, on
/// Linux), for `BENCH_CPU=1`: on a shared machine the wall clock also counts the time other
/// processes had the core.
#[cfg(target_os = "linux")]
fn cpu_ns() -> Option<u128> {
    #[repr(C)]
    struct Timespec {
        tv_sec: i64,
        tv_nsec: i64,
    }
    extern "C" {
        fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut t = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid, writable timespec; the call writes only into it.
    let ok = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0;
    ok.then(|| t.tv_sec as u128 * 1_000_000_000 + t.tv_nsec as u128)
}

#[cfg(not(target_os = "linux"))]
fn cpu_ns() -> Option<u128> {
    None
}

/// The median of 7 samples of `runs` calls, per call: wall-clock time, or with `BENCH_CPU=1`
/// this thread's CPU time.
fn median_ns(runs: usize, mut f: impl FnMut()) -> f64 {
    let cpu = std::env::var_os("BENCH_CPU").is_some_and(|v| v == "1") && cpu_ns().is_some();
    let mut samples: Vec<f64> = (0..7)
        .map(|_| {
            let (start, start_cpu) = (Instant::now(), cpu.then(cpu_ns).flatten());
            for _ in 0..runs {
                f();
            }
            match (start_cpu, cpu.then(cpu_ns).flatten()) {
                (Some(a), Some(b)) => b.saturating_sub(a) as f64 / runs as f64,
                _ => start.elapsed().as_nanos() as f64 / runs as f64,
            }
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[3]
}

fn report(name: &str, ns: f64) {
    println!("{name:<52} {:>12.1} µs", ns / 1000.0);
}

/// Measures and reports one figure, unless `BENCH_ONLY` is set and `name` does not contain
/// it (`BENCH_ONLY=parse`: the readers' figures alone, e.g. under `perf stat`).
fn measure(name: &str, runs: usize, f: impl FnMut()) {
    if let Some(only) = std::env::var_os("BENCH_ONLY") {
        if !name.contains(only.to_string_lossy().as_ref()) {
            return;
        }
    }
    report(name, median_ns(runs, f));
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
        measure(
            "  parse state (JSON value -> validated state)",
            runs,
            || {
                black_box(sp::parse_state(black_box(&value)).unwrap());
            },
        );
        // The text the npm package hands the .wasm (issue 20): read into a serde_json `Value`
        // then the state (the way before issue 20's borrowed document), and straight into the
        // borrowed document (`Json`, what the package and the CLI's reconcile do now).
        let text = serde_json::to_string(&value).unwrap();
        measure("  read a state's text via serde_json::Value", runs, || {
            let value: Value = serde_json::from_str(black_box(&text)).unwrap();
            black_box(sp::parse_state(&value).unwrap());
        });
        measure("  read a state's text via doc::Json", runs, || {
            let doc = sp::Json::from_str(black_box(&text)).unwrap();
            black_box(sp::parse_state_doc(&doc).unwrap());
        });
        let invoice_json = json!({ "type": "invoice", "number": "NF-1", "value": "10.00",
            "items": [ { "id": "SKU-0", "quantity": 1 }, { "id": "SKU-1", "quantity": 2, "price": "10.00" } ] });
        measure(
            "  parse an operation (invoice of 2 item lines)",
            runs * 5,
            || {
                black_box(sp::parse_operation(black_box(&invoice_json), &state).unwrap());
            },
        );
        let ledger = Ledger::new(state.clone(), Options::default());
        measure("  preview an invoice", runs, || {
            black_box(ledger.preview(black_box(&invoice)).unwrap());
        });
        measure("  preview a change", runs, || {
            black_box(ledger.preview(black_box(&change)).unwrap());
        });
        measure("  simulate 10 invoices", runs / 10 + 1, || {
            black_box(settlement_preview::simulate(&state, &ops, &Options::default()).unwrap());
        });
    }
    // fromVtex: the mapping, the replay of three invoices and a change, and (part of it) the
    // check that the state reads back through the state reader (issue 21).
    for (label, items, runs) in [
        ("fromVtex, 3 items", 3, 5_000),
        ("fromVtex, 1 000 items", 1_000, 50),
        ("fromVtex, 10 000 items", 10_000, 5),
    ] {
        let order = vtex_order(items);
        let out = sp::from_vtex(&order, None, None).unwrap();
        println!("{label}");
        measure(
            "  fromVtex (3 invoices and a change replayed)",
            runs,
            || {
                black_box(sp::from_vtex(black_box(&order), None, None).unwrap());
            },
        );
        measure(
            "  of which the state read back (JSON out, parse_state)",
            runs,
            || {
                let text = serde_json::to_vec(black_box(&out.state)).unwrap();
                let value: Value = serde_json::from_slice(&text).unwrap();
                black_box(sp::parse_state(&value).unwrap() == out.state);
            },
        );
    }
}
