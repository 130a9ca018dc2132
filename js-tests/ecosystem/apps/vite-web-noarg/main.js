// `settlement-preview/web` and `init()` with no argument: the glue finds the .wasm with
// `new URL("settlement_preview_bg.wasm", import.meta.url)`.
import init, * as sp from "settlement-preview/web";
import { render } from "../shared/app.js";
import { DATA } from "../shared/data.js";

init().then(() => render(sp, document.getElementById("app"), DATA));
