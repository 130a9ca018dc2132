//! Fuzzes the JSON entry point as the bindings take it: bytes -> JSON text read by the crate's
//! reader (`Json::from_str`: the plain reader of `src/doc.rs` for text without escapes, signs
//! or fractions, serde_json for the rest, as `read_within` in src/bindings.rs reads every
//! argument) -> `{ state, operations, options? }` -> the state, the options and each operation
//! read by the `*_doc` readers (malformed input is an error, never a panic; `simulate`'s
//! reading of the whole list too) -> apply one after the other. After every operation the
//! checks of `tests/common` run: no panic, `preview` equals `apply`, ledger bounds,
//! per-payment figures adding up to the totals, amounts at the currency's scale, a rejection
//! or replay moving nothing, the order figures, the transaction status, the outcome's and the
//! state's text as serde_json writes them, and the state read back from its text unchanged.
//! (The money-conservation checks that need a consistent history are in the `operations`
//! target: any valid state may carry a provider ledger that disagrees with its mode.)
#![no_main]

#[path = "../../tests/common/mod.rs"]
mod common;

use common::{run_text, Strictness};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = run_text(text, Strictness::AnyValid) {
        panic!("{e}");
    }
});
