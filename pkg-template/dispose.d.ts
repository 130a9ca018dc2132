
declare global {
    // wasm-bindgen declares `Ledger[Symbol.dispose]` (for `using`). TypeScript's lib declares
    // `Symbol.dispose` only from `esnext.disposable` (5.2+); declared here as that lib does (the
    // two merge), so that these declarations compile with every lib and skipLibCheck: false.
    interface SymbolConstructor {
        readonly dispose: unique symbol;
    }
}
