//! Fuzzes the JSON entry point: bytes -> `{ state, operations, options? }` -> parse the
//! state, the options and each operation (malformed input is an error, never a panic) ->
//! apply one after the other. After every operation the checks of `tests/common` run: no
//! panic, `preview` equals `apply`, ledger bounds, per-payment figures adding up to the totals,
//! amounts at the currency's scale, a rejection or replay moving nothing, the order figures,
//! the transaction status, and the state's JSON round trip. (The money-conservation checks
//! that need a consistent history are in the `operations` target: any valid state may carry
//! a provider ledger that disagrees with its mode.)
#![no_main]

#[path = "../../tests/common/mod.rs"]
mod common;
#[path = "prelude.rs"]
mod prelude;

use common::{run_document, Strictness};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(doc) = prelude::document(data) else {
        return;
    };
    if let Err(e) = run_document(&doc, Strictness::AnyValid) {
        panic!("{e}");
    }
});
