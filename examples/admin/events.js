// The operation form's events, the order picker, and pasting or dropping your own order.
import * as sp from "settlement-preview/web";
import { $, esc, app } from "./page.js";
import { showLoadError, load, refreshState, limitOf, renderAll, loadText, loadSource } from "./order.js";
import { freshForm, renderFields, fieldError, describe, renderTabs } from "./form.js";
import { filtered, renderItems, renderCount, setQty } from "./items.js";
import { preview } from "./preview.js";
import { place } from "./reconcile.js";

// ----- Events ----------------------------------------------------------------------------------

export function bind() {
  $("op-form").addEventListener("input", (ev) => {
    const t = ev.target;
    const f = app.form[app.kind];
    if (t.dataset.qty != null) {
      const q = t.value === "" ? 0 : Number(t.value);
      setQty(Number(t.dataset.qty), Number.isSafeInteger(q) ? q : 0, { fromInput: true });
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
    preview();
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
  $("fields").addEventListener("click", (ev) => {
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
    if (!r?.outcome?.accepted) return;
    app.ledger.apply(r.operation);
    app.history.push(`${describe(r.operation)} → ${r.outcome.order.statusAfter}, provider settled ${app.money.show(r.outcome.settle)}, refunded ${app.money.show(r.outcome.refund)}`);
    refreshState();
    app.form = freshForm();
    renderAll();
  });
  $("reset").addEventListener("click", () => load(app.base));
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
      $("paste-error").textContent = `${e.path ? e.path + ": " : ""}${e.message}`;
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
