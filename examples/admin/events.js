// The operation form's events, the order picker, and pasting or dropping your own order.
import * as sp from "settlement-preview/web";
import { $, esc, app } from "./page.js";
import { showLoadError, load, refreshState, limitOf, renderAll, loadText, loadDoc, loadSource, setConnector } from "./order.js";
import { freshForm, renderFields, fieldError, describe, renderTabs } from "./form.js";
import { filtered, renderItems, renderCount, setQty } from "./items.js";
import { preview } from "./preview.js";
import { place, readFromVtex, proxyStatus } from "./reconcile.js";
import { copy, curlOf } from "./request.js";
import { bareMessage } from "./words.js";
import { v2Input, v2Click } from "./change-v2.js";

// ----- Events ----------------------------------------------------------------------------------

export function bind() {
  $("op-form").addEventListener("input", (ev) => {
    const t = ev.target;
    const f = app.form[app.kind];
    const v2 = app.kind === "changeV2" && v2Input(t);
    if (v2) {
      if (v2 !== "quiet") preview(ev.timeStamp);
      return;
    }
    if (t.dataset.added != null) {
      f.added[Number(t.dataset.added)][t.dataset.addedKey] = t.value;
    } else if (t.dataset.qty != null) {
      // A whole number of units, as digits ("1e1", "1.5", "-1" and numbers past 2^53 − 1 are
      // not): anything else is kept as typed, marked on its row and named in the verdict.
      const i = Number(t.dataset.qty);
      const typed = t.value.trim();
      const q = typed === "" ? 0 : /^\d+$/.test(typed) ? Number(typed) : NaN;
      if (Number.isSafeInteger(q)) {
        f.bad.delete(app.units[i].id);
        setQty(i, q, { fromInput: true });
      } else {
        f.bad.set(app.units[i].id, typed);
        setQty(i, f.qty.get(app.units[i].id) ?? 0, { fromInput: true });
      }
      renderCount();
    } else if (t.id === "item-filter") {
      app.page = 0;
      renderItems();
      return;
    } else if (t.name === "manual") {
      f.manual = t.checked;
      $("f-value").readOnly = !t.checked;
      if (t.checked) $("f-value").focus();
    } else if (t.name && t.name in f) {
      f[t.name] = t.value;
    } else {
      return;
    }
    preview(ev.timeStamp);
  });
  $("op-form").addEventListener("change", (ev) => {
    const t = ev.target;
    if (t.dataset.tick != null) {
      const i = Number(t.dataset.tick);
      setQty(i, t.checked ? Math.max(1, limitOf(app.units[i], app.kind)) : 0);
      renderCount();
      preview();
    }
  });
  $("select-all").addEventListener("click", () => {
    for (const i of filtered()) {
      const limit = limitOf(app.units[i], app.kind);
      if (limit > 0) setQty(i, limit);
    }
    renderCount();
    preview();
  });
  $("select-none").addEventListener("click", () => {
    for (const i of filtered()) setQty(i, 0);
    renderCount();
    preview();
  });
  $("fields-after").addEventListener("click", (ev) => {
    if (app.kind === "changeV2" && v2Click(ev.target)) preview();
  });
  $("fields").addEventListener("click", (ev) => {
    const f = app.form[app.kind];
    if (app.kind === "changeV2") {
      if (v2Click(ev.target)) preview();
      return;
    }
    if (ev.target.id === "add-item" || ev.target.dataset.addedRemove != null) {
      if (ev.target.id === "add-item") f.added.push({ id: "", quantity: "1", price: "" });
      else f.added.splice(Number(ev.target.dataset.addedRemove), 1);
      renderFields();
      preview();
      const last = f.added.length - 1;
      $(ev.target.id === "add-item" ? `a-id-${last}` : "add-item")?.focus();
      return;
    }
    if (ev.target.id !== "close-out") return;
    try {
      const change = sp.planCloseOut(app.state);
      const f = app.form.change;
      f.discount = change.discount ?? "";
      f.increment = change.increment ?? "";
      f.requestId = change.requestId ?? f.requestId;
      f.reason = change.reason ?? f.reason;
      f.qty = new Map((change.itemsRemoved ?? []).map((it) => [it.id, it.quantity]));
      renderFields();
      renderItems();
      preview();
    } catch (e) {
      fieldError("operation", `${esc(e.code ?? "")} ${esc(e.message)}`, [e.code ?? "ERROR"]);
    }
  });
  const tabs = [...document.querySelectorAll("#tabs [role=tab]")];
  const choose = (kind) => {
    app.kind = kind;
    app.page = 0;
    renderTabs();
    renderFields();
    renderItems();
    preview();
  };
  for (const tab of tabs) {
    tab.addEventListener("click", () => choose(tab.dataset.kind));
    tab.addEventListener("keydown", (ev) => {
      const i = tabs.indexOf(tab);
      const next = ev.key === "ArrowRight" ? (i + 1) % tabs.length : ev.key === "ArrowLeft" ? (i + tabs.length - 1) % tabs.length : -1;
      if (next >= 0) {
        ev.preventDefault();
        tabs[next].focus();
        choose(tabs[next].dataset.kind);
      }
    });
  }
  $("apply").addEventListener("click", () => {
    const r = app.last;
    if (!r?.outcome?.accepted || !r.request) return;
    app.undo.push({ state: app.state, dates: new Map(app.dates), described: describe(r.operation) });
    app.ledger.apply(r.operation);
    const op = r.operation;
    const key = op.type === "change" ? `change:${op.requestId}` : op.type === "cancel" ? null : `invoice:${op.number}`;
    if (key) app.dates.set(key, op.type === "change" ? new Date().toISOString() : r.request.body.issuanceDate);
    refreshState();
    app.form = freshForm();
    renderAll();
  });
  // Undo: the state before the last apply, a new ledger on it.
  $("undo").addEventListener("click", () => {
    const last = app.undo.pop();
    if (!last) return;
    const ledger = new sp.Ledger(last.state, app.base.options ?? undefined);
    app.ledger.free();
    app.ledger = ledger;
    app.dates = last.dates;
    refreshState();
    app.form = freshForm();
    renderAll();
    $("undo-status").textContent = `Undone: ${last.described}`;
  });
  // Copy the request, or the request as curl (without credentials: see curlOf).
  $("request").addEventListener("click", (ev) => {
    const q = app.last?.request;
    if (!q) return;
    if (ev.target.id === "copy-request") copy(JSON.stringify(q.body, null, 2), "The request body");
    if (ev.target.id === "copy-curl") copy(curlOf(q), "The curl command");
    const p = app.last?.previewRequest;
    if (p && ev.target.id === "copy-preview-request") copy(JSON.stringify(p.body, null, 2), "The preview request body", "copy-preview-status");
    if (p && ev.target.id === "copy-preview-curl") copy(curlOf(p), "The curl command", "copy-preview-status");
  });
  // An order by id from VTEX, through make serve's proxy (when it is configured).
  proxyStatus().then((status) => {
    if (!status?.configured) return;
    $("vtex-load").hidden = false;
    $("vtex-id").title = `From the account ${status.account}, through this page's server (read-only)`;
  });
  $("vtex-load").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const id = $("vtex-id").value.trim();
    if (!id) return;
    try {
      const { order, transaction } = await readFromVtex(id);
      loadDoc({ order, transaction }, `VTEX ${id}`);
    } catch (e) {
      showLoadError(Object.assign(new Error(`Could not load order ${id} from VTEX: ${bareMessage(e)}`), { path: e.path }));
    }
  });
  $("reset").addEventListener("click", () => load(app.base));
  // A payment's protocol or mode, set on its card: the preview follows at once.
  $("payments").addEventListener("change", (ev) => {
    const t = ev.target;
    if (t.dataset.connectorKey == null) return;
    try {
      setConnector(t.dataset.paymentId, t.dataset.connectorKey, t.value);
    } catch (e) {
      showLoadError(e);
      return;
    }
    preview();
    $(t.id)?.focus();
  });
  $("page-prev").addEventListener("click", () => {
    app.page = Math.max(0, (app.page ?? 0) - 1);
    renderItems();
  });
  $("page-next").addEventListener("click", () => {
    app.page = (app.page ?? 0) + 1;
    renderItems();
  });
  $("source").addEventListener("change", () => {
    delete document.body.dataset.source;
    loadSource(Number($("source").value));
  });

  // Paste or drop your own.
  const dialog = $("paste-dialog");
  $("paste-open").addEventListener("click", () => {
    $("paste-error").hidden = true;
    dialog.showModal();
    $("paste-text").focus();
  });
  $("paste-cancel").addEventListener("click", () => dialog.close());
  $("paste-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    try {
      loadText($("paste-text").value, "pasted");
      dialog.close();
    } catch (e) {
      $("paste-error").hidden = false;
      $("paste-error").textContent = `${e.path ? e.path + ": " : ""}${bareMessage(e)}`;
    }
  });
  document.addEventListener("dragover", (ev) => {
    ev.preventDefault();
    $("drop-hint").hidden = false;
  });
  document.addEventListener("dragleave", (ev) => {
    if (!ev.relatedTarget) $("drop-hint").hidden = true;
  });
  document.addEventListener("drop", async (ev) => {
    ev.preventDefault();
    $("drop-hint").hidden = true;
    const file = ev.dataTransfer?.files?.[0];
    if (!file) return;
    if (app.view === "reconcile") {
      place(await file.text());
      return;
    }
    try {
      loadText(await file.text(), file.name);
    } catch (e) {
      showLoadError(e);
    }
  });
}
