//! The WebAssembly bindings (issue 3).
