// `settlement-preview/web` with the .wasm file's URL from Vite (`?url`), then `init`. No
// top-level await: Vite 6's default build target (es2020, chrome87…) has none.
import init, * as sp from "settlement-preview/web";
import wasmUrl from "settlement-preview/settlement_preview_bg.wasm?url";
import { render } from "./app.js";
import { DATA } from "./data.js";

init({ module_or_path: wasmUrl }).then(() => render(sp, document.getElementById("app"), DATA));
