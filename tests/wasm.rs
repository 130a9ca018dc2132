//! The binding layer (src/bindings.rs) in a real JavaScript engine: Node here; the same tests
//! (tests/wasm/bindings.rs) run in a browser from tests/wasm_browser.rs. Errors are real
//! `Error`s with `code` and `path`, business rules are outcomes, and the module and a `Ledger`
//! keep working after any error.
//!
//! `wasm-pack test --node` runs this binary (and skips the browser one);
//! `wasm-pack test --headless --chrome` runs tests/wasm_browser.rs (and skips this one);
//! `make test-wasm` runs both through wasm-pack and checks that each ran every test.
#![cfg(target_arch = "wasm32")]

include!("wasm/bindings.rs");
