//! Issue 20, step 30: `Ledger::apply` of N Change v2 changes one at a time, natively (and
//! `simulate` of the same list; and `Ledger::new` over the state the sequence ends with, beside
//! the copy of that state and its reading from JSON). Each change is read against the state
//! once, before the timing; the time is the best of 3 runs of the whole sequence on a fresh
//! ledger.
//!
//! ```text
//! cargo run --release --example ledger_apply -- 1000 10000
//! ```
//!
//! The changes (request ids `c-<i>`, distinct): a discount of 0.01 and an increment of 0.02 in
//! turn (accepted, V moving), every 7th a discount of the whole original value (refused by the
//! v2 rule), every 50th an earlier request id (a replay). The text of every outcome is hashed
//! (FNV-1a) into a checksum printed beside the time: two builds must print the same. `LINES=1`:
//! each change instead swaps a unit of B at 20.00 for one at 19.99 (it removes an item, so it
//! counts the units of B over every change before it: still O(changes) per change).

use serde_json::json;
use settlement_preview::engine::OutcomeText;
use settlement_preview::{json as sp, simulate, Ledger, Operation, Options, OrderState};
use std::hint::black_box;
use std::time::Instant;

fn state() -> OrderState {
    sp::parse_state(&json!({
        "currency": "BRL", "status": "handling",
        "items": [ { "id": "A", "quantity": 1, "price": "60.00" },
                   { "id": "B", "quantity": 2, "price": "20.00" } ],
        "transaction": { "payments": [
            { "id": "card", "group": "creditCard", "value": "100.00",
              "connector": { "partialRefund": true } } ] }
    }))
    .expect("the state reads")
}

fn changes(n: usize, state: &OrderState, lines: bool) -> Vec<Operation> {
    (0..n)
        .map(|i| {
            let id = if i % 50 == 49 { i - 1 } else { i };
            let mut op = json!({ "type": "change", "api": "v2", "requestId": format!("c-{id}") });
            if lines {
                op["itemsRemoved"] = json!([ { "id": "B", "quantity": 1, "price": "20.00" } ]);
                op["itemsAdded"] = json!([ { "id": "B", "quantity": 1, "price": "19.99" } ]);
            } else if i % 7 == 6 {
                op["discount"] = json!("100.00");
            } else if i % 2 == 0 {
                op["discount"] = json!("0.01");
            } else {
                op["increment"] = json!("0.02");
            }
            sp::parse_operation(&op, state).expect("the change reads")
        })
        .collect()
}

fn best_ms(mut f: impl FnMut() -> usize) -> (f64, usize) {
    let mut best = f64::INFINITY;
    let mut check = 0;
    for _ in 0..3 {
        let t = Instant::now();
        check = black_box(f());
        best = best.min(t.elapsed().as_secs_f64() * 1e3);
    }
    (best, check)
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("a number of changes"))
        .collect();
    let state = state();
    for n in sizes {
        let ops = changes(n, &state, std::env::var_os("LINES").is_some());
        let options = Options::default();
        let (apply, check) = best_ms(|| {
            let mut ledger = Ledger::new(state.clone(), options);
            let mut out = OutcomeText::default();
            let mut sum = 0xcbf2_9ce4_8422_2325_usize;
            for op in &ops {
                ledger.apply_text(op, &mut out).expect("no overflow");
                for &b in out.json().bytes() {
                    sum = (sum ^ usize::from(b)).wrapping_mul(0x0100_0000_01b3);
                }
            }
            sum ^ ledger.state().changes.len()
        });
        let (values, accepted) = best_ms(|| {
            let mut ledger = Ledger::new(state.clone(), options);
            let mut accepted = 0;
            for op in &ops {
                accepted += usize::from(ledger.apply(op).expect("no overflow").accepted);
            }
            accepted
        });
        let (sim, _) = best_ms(|| {
            simulate(&state, &ops, &options)
                .expect("no overflow")
                .outcomes
                .len()
        });
        // A ledger over the state the sequence ends with (its N changes summed once), against
        // the copy of that state alone.
        let end = simulate(&state, &ops, &options).expect("no overflow").state;
        let (copy, _) = best_ms(|| black_box(end.clone()).changes.len());
        let (new, _) = best_ms(|| {
            Ledger::new(black_box(end.clone()), options)
                .state()
                .changes
                .len()
        });
        let text = serde_json::to_string(&end).expect("the state writes");
        let (parse, _) = best_ms(|| {
            let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            sp::parse_state(&value)
                .expect("the state reads")
                .changes
                .len()
        });
        println!(
            "{n} changes: Ledger::new over the end state {new:.2} ms (its copy alone {copy:.2} ms, \
             reading it from its JSON text {parse:.2} ms)"
        );
        println!(
            "{n} changes: apply_text {apply:.1} ms (checksum {check:x}), apply \
             {values:.1} ms ({accepted} accepted), simulate {sim:.1} ms"
        );
    }
}
