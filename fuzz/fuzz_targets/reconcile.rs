//! Fuzzes `reconcile` (api.md section 9): bytes -> JSON text read as the bindings read it
//! (`prelude::document`: the crate's plain reader or serde_json) -> `{ order, transaction?,
//! options? }` (a fixture of `tests/reconcile/`, or an export line) or a bare order document
//! -> `json::reconcile_doc`, the bindings' entry point. Only the options may fail; unreadable documents are `invalid` with an
//! error, never a panic. Whatever it returns serialises, gives rows, and keeps the sums: drift
//! = recorded − expected and open = A − settled − cancelled on every payment; a payment with no
//! finding and no drift is `matched`. Seeds: `tests/reconcile/*.json` and the VTEX orders
//! (`make fuzz-seed`).
#![no_main]

#[path = "prelude.rs"]
mod prelude;

use libfuzzer_sys::fuzz_target;
use settlement_preview::json as sp;
use settlement_preview::reconcile::Status;

fuzz_target!(|data: &[u8]| {
    let Some(doc) = prelude::document(data) else {
        return;
    };
    let (order, transaction, options) = prelude::vtex_arguments(&doc);
    let Ok(r) = sp::reconcile_doc(order, transaction, options) else {
        return;
    };
    assert_eq!(r.status == Status::Invalid, r.error.is_some());
    serde_json::to_string(&r).expect("a reconciliation serialises");
    let rows = r.rows(1);
    assert_eq!(rows.len(), r.payments.len().max(1));
    for p in &r.payments {
        let (e, rec, d) = (p.expected, p.recorded, p.drift);
        assert_eq!(d.settled, rec.settled - e.settled);
        assert_eq!(d.cancelled, rec.cancelled - e.cancelled);
        assert_eq!(d.refunded, rec.refunded - e.refunded);
        assert_eq!(d.open, rec.open - e.open);
        let a = e.open + e.settled + e.cancelled;
        assert_eq!(rec.open, a - rec.settled - rec.cancelled);
        let own = r.findings.iter().any(|f| f.payment_id.as_deref() == Some(p.id.as_str()));
        assert_eq!(p.status == Status::Matched, !own && d == Default::default());
    }
});
