// The default entry (bundlers, browsers, test runners, Deno): ready at import, no init call and
// nothing to serve or configure. The module is embedded (embedded.js: DEFLATE + base64, 131 KB
// gzipped, like the .wasm itself) and compiled synchronously, so no tool needs a WebAssembly
// loader, top-level await or an asset rule. `settlement-preview/web` is the same build with an
// `init()` that fetches the .wasm file instead; both share one glue module (one instance).
import { initSync } from "./web/settlement_preview.js";
import { wasmBytes } from "./embedded.js";

initSync({ module: wasmBytes() });

export * from "./web/settlement_preview.js";
