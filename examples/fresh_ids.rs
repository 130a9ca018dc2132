//! Issue 20, step 30: the fresh ids of a state whose ids were made to collide: `planCloseOut`'s
//! `close-out-<n>` over N changes named `close-out-1` … `close-out-N`, `planInvoice`'s `NF-<n>`
//! over N invoices `NF-1` … `NF-N`, and `fromVtexChange`'s `v2-<n>` for a document without a
//! request id over N changes named `v2-<N+1>` … `v2-<2N>`. Best of 3, natively.
//!
//! ```text
//! cargo run --release --example fresh_ids -- 1000 10000
//! ```

use serde_json::json;
use settlement_preview::order::{Change, ChangeApi, Invoice, InvoiceType};
use settlement_preview::{json as sp, plan, Operation, OrderState};
use std::hint::black_box;
use std::time::Instant;

fn best_ms(mut f: impl FnMut() -> String) -> (f64, String) {
    let (mut best, mut last) = (f64::INFINITY, String::new());
    for _ in 0..3 {
        let t = Instant::now();
        last = black_box(f());
        best = best.min(t.elapsed().as_secs_f64() * 1e3);
    }
    (best, last)
}

fn change(id: String) -> Change {
    Change {
        request_id: id,
        reason: None,
        discount: None,
        increment: None,
        items_removed: Vec::new(),
        items_added: Vec::new(),
        api: ChangeApi::V2,
    }
}

fn main() {
    let base: OrderState = sp::parse_state(&json!({
        "currency": "BRL", "status": "handling",
        "items": [ { "id": "A", "quantity": 2, "price": "50.00" } ],
        "invoices": [ { "type": "output", "number": "X", "value": "50.00",
                        "items": [ { "id": "A", "quantity": 1 } ] } ],
        "transaction": { "payments": [ { "id": "card", "group": "creditCard", "value": "100.00" } ] }
    }))
    .expect("the state reads");
    for n in std::env::args()
        .skip(1)
        .map(|a| a.parse::<usize>().expect("a number"))
    {
        let mut state = base.clone();
        state.changes = (1..=n).map(|i| change(format!("close-out-{i}"))).collect();
        let (close, id) = best_ms(|| match plan::plan_close_out(&state) {
            Ok(Operation::Change(c)) => c.request_id,
            other => panic!("{other:?}"),
        });
        let mut state = base.clone();
        state.invoices.extend((1..=n).map(|i| Invoice {
            kind: InvoiceType::Output,
            number: format!("NF-{i}"),
            value: "0.00".parse().expect("a number"),
            items: Vec::new(),
        }));
        let (invoice, number) = best_ms(|| {
            let selection = json!([ { "id": "A", "quantity": 1 } ]);
            sp::plan_invoice(&state, &selection, None)
                .map(|p| match p.operation {
                    Operation::Invoice(i) => i.number,
                    other => format!("{other:?}"),
                })
                .unwrap_or_else(|e| format!("{e:?}"))
        });
        let mut state = base.clone();
        state.changes = (n + 1..=2 * n).map(|i| change(format!("v2-{i}"))).collect();
        let doc = json!({ "totalChangeValue": -100, "status": "done" });
        let (made_up, v2) = best_ms(|| {
            let read = sp::from_vtex_change(&doc, &state, None).expect("the change reads");
            match read.operation {
                Operation::Change(c) => c.request_id,
                other => panic!("{other:?}"),
            }
        });
        println!(
            "{n}: planCloseOut {close:.2} ms ({id}), planInvoice {invoice:.2} ms ({number}), \
             fromVtexChange {made_up:.2} ms ({v2})"
        );
    }
}
