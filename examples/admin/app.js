// The admin page: load an order, build an operation, see what it does to the money as you type;
// or reconcile an order with the gateway's records (reconcile.js, the view at #reconcile).
// Plain ES modules and the package's `web` build; no framework. Every amount shown is a string
// the engine wrote (or an exact BigInt sum of such strings), formatted by Intl.NumberFormat.
import init, * as sp from "settlement-preview/web";
import { $, esc, app } from "./page.js";
import { listSources, loadSource, loadText } from "./order.js";
import { requestOptions } from "./request.js";
import { bind } from "./events.js";
import { bindReconcile, loadExample } from "./reconcile.js";
import { bindViews, showView } from "./views.js";

// ----- Start ------------------------------------------------------------------------------------

await init();
$("version").textContent = `settlement-preview ${sp.version()}`;
app.sources = await listSources();
$("source").innerHTML = app.sources.map((s, i) => `<option value="${i}">${esc(s.label)}</option>`).join("");
bind();
await loadSource(0);
bindReconcile();
bindViews();

// For tests and the curious: the page's state, and a way to load any document.
window.admin = {
  get state() {
    return app.state;
  },
  get options() {
    return app.base?.options;
  },
  get last() {
    return app.last;
  },
  get kind() {
    return app.kind;
  },
  /** The options the page gives toVtexRequest. */
  get requestOptions() {
    return requestOptions();
  },
  /** Whether the request panel shows the latest preview's request. */
  get settled() {
    return $("request").dataset.generation === String(app.last?.generation);
  },
  loadText,
  /** The reconciliation view's latest `{ result, input }` (or `{ error }` for bad options). */
  get reconciliation() {
    return app.reconciliation;
  },
  showView,
  loadExample,
  sources: () => app.sources.map((s) => s.label),
  selectSource: (i) => loadSource(i),
};
window.ready = true;
