// The page's two views: previewing an operation on an order (the default) and reconciling an
// order with the gateway's records. The URL's hash names the view (`#reconcile`), so that a
// link, the back button and a reload keep it.
import { $, app } from "./page.js";

const VIEWS = ["preview", "reconcile"];

export function showView(view) {
  app.view = VIEWS.includes(view) ? view : "preview";
  $("preview-view").hidden = app.view !== "preview";
  $("source-picker").hidden = app.view !== "preview";
  $("reconcile-view").hidden = app.view !== "reconcile";
  for (const v of VIEWS) {
    const link = $(`view-${v}`);
    if (v === app.view) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  $("drop-hint").textContent =
    app.view === "reconcile"
      ? "Drop an order, its gateway records, or a { order, transaction, options } document (JSON)"
      : "Drop a VTEX order, a state or a scenario (JSON) to load it";
}

export function bindViews() {
  const fromHash = () => showView(location.hash.slice(1));
  window.addEventListener("hashchange", fromHash);
  fromHash();
}
