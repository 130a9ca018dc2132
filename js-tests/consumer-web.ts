// The `web` build's declarations: init/initSync, then the same API.
import init, { initSync, preview } from "settlement-preview/web";
import type { Outcome } from "settlement-preview/web";

await init();
await init({ module_or_path: new URL("settlement_preview_bg.wasm", import.meta.url) });
initSync({ module: new Uint8Array(0) });
const outcome: Outcome = preview({ currency: "BRL", transaction: { payments: [] } }, { type: "cancel" });
// @ts-expect-error: initSync needs the module
initSync();
export { outcome };
