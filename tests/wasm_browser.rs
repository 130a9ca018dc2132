//! tests/wasm/bindings.rs configured to run in a browser: `wasm-pack test --headless --chrome`
//! (or `cargo test --target wasm32-unknown-unknown --test wasm_browser` with chromedriver on
//! the PATH; webdriver.json points it at Debian's /usr/bin/chromium). Under
//! `wasm-pack test --node` the runner skips this binary, as it skips tests/wasm.rs in a browser.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

include!("wasm/bindings.rs");
