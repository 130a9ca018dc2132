// The default entry (bundlers, browsers, test runners, Deno): ready at import, no init call and
// nothing to serve or configure. The module is embedded (embedded.js: DEFLATE + base64, about the
// .wasm's own size once gzipped) and compiled synchronously, so no tool needs a WebAssembly
// loader, top-level await or an asset rule. `settlement-preview/web` is the same build with an
// `init()` that fetches the .wasm file instead; this entry's glue (settlement_preview.js) is
// that build's without the line that names the file, so that bundlers do not copy the .wasm
// into builds that never fetch it.
import { initSync } from "./settlement_preview.js";
import { wasmBytes } from "./embedded.js";

initSync({ module: wasmBytes() });

export * from "./settlement_preview.js";
