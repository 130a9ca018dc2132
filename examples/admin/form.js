// The operation's form: the fields of each kind (invoice, change, return, cancel), the
// operation they describe, and where each broken rule or INVALID_INPUT path is shown in it.
import * as sp from "settlement-preview/web";
import { $, esc, app } from "./page.js";
import { limitOf } from "./order.js";
import { rowOf } from "./items.js";
import { LEAD as V2_LEAD, freshV2, v2Fields, v2Paste, buildV2 } from "./change-v2.js";

// ----- The form --------------------------------------------------------------------------------

/** Where each rule's message goes in the form (api.md section 2). */
export const RULE_FIELD = {
  AMOUNT_NOT_POSITIVE: "value",
  INVOICE_EXCEEDS_REMAINING: "value",
  RETURN_EXCEEDS_INVOICED: "value",
  ORDER_NOT_INVOICEABLE: "operation",
  UNKNOWN_ITEM: "items",
  ITEM_QUANTITY_EXCEEDED: "items",
  ITEM_ALREADY_INVOICED: "items",
  AMOUNT_NEGATIVE: "discount",
  CHANGE_EXCEEDS_ORDER_VALUE: "discount",
  CHANGE_BELOW_INVOICED: "discount",
  CHANGE_EMPTY: "discount",
  INCREASE_NOT_ALLOWED: "increment",
  CHANGE_NOT_ALLOWED_IN_STATUS: "operation",
  CHANGE_ON_INVOICED_ORDER: "operation",
  CHANGE_ON_FINISHED_TRANSACTION: "operation",
  CHANGE_LIMIT_REACHED: "operation",
  REFUND_NOT_SUPPORTED: "operation",
  CANCEL_AFTER_INVOICE: "operation",
  ORDER_ALREADY_CANCELED: "operation",
};

export const LEADS = {
  invoice: "Tick the items and quantities to invoice. The value follows the items unless you set it.",
  change: "Remove items, give a discount or an increment. With a discount or an increment, that is the change's whole delta (VTEX v1).",
  changeV2: V2_LEAD,
  return: "Tick the returned items. A return refunds only once the order is fully invoiced.",
  cancel: "Cancel the whole order: everything settled is refunded, everything open is released.",
};

export function nextNumber(prefix) {
  const used = new Set((app.state.invoices ?? []).map((i) => i.number));
  for (let n = 1; ; n++) if (!used.has(`${prefix}-${n}`)) return `${prefix}-${n}`;
}

export function nextRequestId() {
  const used = new Set((app.state.changes ?? []).map((c) => c.requestId));
  for (let n = 1; ; n++) if (!used.has(`change-${n}`)) return `change-${n}`;
}

/** Today's date in the operator's time zone, YYYY-MM-DD (the invoice's issuanceDate by default:
 *  VTEX requires one). Not the UTC date: in São Paulo after 21:00 that is already tomorrow. */
export function today(now = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function freshForm() {
  return {
    invoice: {
      qty: new Map(), bad: new Map(), number: nextNumber("NF"), value: "", manual: false, shipping: "first", tax: "proportional",
      issuanceDate: today(), courier: "", trackingNumber: "", trackingUrl: "",
    },
    change: { qty: new Map(), bad: new Map(), requestId: nextRequestId(), reason: "", discount: "", increment: "", added: [] },
    changeV2: freshV2(),
    return: { qty: new Map(), bad: new Map(), number: nextNumber("RET"), value: "", manual: false, shipping: "none", tax: "none", issuanceDate: today() },
    cancel: { reason: "" },
  };
}

export const input = (id, label, value, { hint = "", inputmode = "text", disabled = false, placeholder = "" } = {}) => `
  <div class="field" data-field="${id}">
    <label for="f-${id}">${label}</label>
    <input id="f-${id}" name="${id}" value="${esc(value)}" inputmode="${inputmode}" ${disabled ? "disabled" : ""}
      placeholder="${esc(placeholder)}" aria-describedby="err-${id}${hint ? ` hint-${id}` : ""}" spellcheck="false">
    ${hint ? `<p class="hint" id="hint-${id}">${hint}</p>` : ""}
    <p class="field-error" id="err-${id}" hidden></p>
  </div>`;

export const select = (id, label, value, options) => `
  <div class="field" data-field="${id}">
    <label for="f-${id}">${label}</label>
    <select id="f-${id}" name="${id}">${options.map(([v, t]) => `<option value="${v}" ${v === value ? "selected" : ""}>${t}</option>`).join("")}</select>
  </div>`;

/** A planned amount as its box shows it (the browser's locale); anything else as it is. */
export const boxed = (value) => (app.money.minor(value) != null ? app.money.local(value) : value ?? "");

export function renderFields() {
  const f = app.form[app.kind];
  const m = app.money;
  let html = "";
  if (app.kind === "invoice" || app.kind === "return") {
    html += input("number", app.kind === "invoice" ? "Invoice number" : "Return number", f.number);
    html += input("issuanceDate", "Issuance date", f.issuanceDate, {
      placeholder: "YYYY-MM-DD",
      hint: "ISO 8601: 2026-03-02, or a time with its offset (2026-03-02T21:30:00-03:00). VTEX requires it.",
    });
    html += `<div class="field value-field" data-field="value">
      <label for="f-value">Value (${esc(m.currency)})</label>
      <div class="value-row">
        <input id="f-value" name="value" class="amount" inputmode="decimal" value="${esc(f.manual ? f.value : boxed(f.value))}" ${f.manual ? "" : "readonly"}
          aria-describedby="err-value hint-value" spellcheck="false">
        <label class="check"><input type="checkbox" id="f-manual" name="manual" ${f.manual ? "checked" : ""}> set by hand</label>
      </div>
      <p class="hint" id="hint-value"></p>
      <p class="field-error" id="err-value" hidden></p>
    </div>`;
    if (app.kind === "invoice") {
      const shares = [["first", "On the first invoice"], ["proportional", "Spread over the items"], ["last", "On the last invoice"], ["none", "Not on this invoice"]];
      html += select("shipping", "Shipping share", f.shipping, shares);
      html += select("tax", "Tax share", f.tax, shares);
      html += input("courier", "Courier", f.courier, { placeholder: "optional" });
      html += input("trackingNumber", "Tracking number", f.trackingNumber, { placeholder: "optional" });
      html += input("trackingUrl", "Tracking URL", f.trackingUrl, { placeholder: "optional", inputmode: "url" });
    } else {
      const refunds = [["none", "Kept by the store"], ["proportional", "Refunded: the units' share"]];
      html += select("shipping", "Shipping", f.shipping, refunds);
      html += select("tax", "Tax", f.tax, refunds);
    }
  } else if (app.kind === "change") {
    html += input("requestId", "Request id", f.requestId);
    html += input("reason", "Reason", f.reason, { placeholder: "e.g. out of stock" });
    html += input("discount", `Discount (${esc(m.currency)})`, f.discount, { inputmode: "decimal", placeholder: m.text(0n) });
    html += input("increment", `Increment (${esc(m.currency)})`, f.increment, { inputmode: "decimal", placeholder: m.text(0n) });
    html += addedHtml(f.added);
    html += `<div class="field"><span class="label">Close out</span><button type="button" class="secondary" id="close-out">Plan the close-out</button>
      <p class="hint">The change that closes a partially invoiced order: the uninvoiced units removed, discount = value − invoiced.</p></div>`;
  } else if (app.kind === "changeV2") {
    html += v2Fields(f);
  } else {
    html += input("reason", "Reason", f.reason, { placeholder: "e.g. customer asked" });
  }
  $("fields").innerHTML = html;
  $("fields-after").innerHTML = app.kind === "changeV2" ? v2Paste(f) : "";
  $("op-lead").textContent = LEADS[app.kind];
  $("items-block").hidden = app.kind === "cancel";
}

/** The planner's result for this form (planInvoice or planReturn), remembered for the same
 *  state, kind, selection and shares: typing the number (a pure function of which the number is
 *  no input but its own field) re-plans nothing on the 1 000-item order. A number the planner
 *  might refuse (empty, very long) always goes to it, so that its error is its own. */
let lastPlan = null;
function planned(kind, f, items) {
  const selection = items.map(({ id, quantity }) => ({ id, quantity }));
  const key = `${app.stateGeneration}|${kind}|${f.shipping}|${f.tax}|${selection.map((s) => `${s.id}\u0000${s.quantity}`).join("\u0001")}`;
  const plain = f.number !== "" && f.number.length <= 256;
  if (plain && lastPlan?.key === key) {
    return { ...lastPlan.plan, operation: { ...lastPlan.plan.operation, number: f.number } };
  }
  const plan = (kind === "invoice" ? sp.planInvoice : sp.planReturn)(app.state, selection, { number: f.number, shipping: f.shipping, tax: f.tax });
  lastPlan = { key, plan };
  return plan;
}

/** The change's added items: a row each (id, units, unit price in the browser's locale). */
function addedHtml(added) {
  const row = (a, i) => `<tr data-added-row="${i}">
      <td><input id="a-id-${i}" data-added="${i}" data-added-key="id" value="${esc(a.id)}" aria-label="Added item ${i + 1}: SKU id" spellcheck="false"></td>
      <td class="num"><input id="a-quantity-${i}" data-added="${i}" data-added-key="quantity" value="${esc(a.quantity)}" inputmode="numeric" aria-label="Added item ${i + 1}: units"></td>
      <td class="num"><input id="a-price-${i}" data-added="${i}" data-added-key="price" value="${esc(a.price)}" inputmode="decimal" class="amount" aria-label="Added item ${i + 1}: unit price"></td>
      <td><button type="button" class="secondary small" data-added-remove="${i}" aria-label="Remove added item ${i + 1}">×</button></td></tr>`;
  return `<div class="field added-field" data-field="itemsAdded">
    <span class="label" id="added-title">Items added</span>
    ${added.length ? `<table class="added" aria-labelledby="added-title"><thead><tr><th scope="col">SKU</th><th scope="col" class="num">Units</th><th scope="col" class="num">Unit price</th><th scope="col"><span class="sr-only">Remove</span></th></tr></thead><tbody>${added.map(row).join("")}</tbody></table>` : ""}
    <button type="button" class="secondary small" id="add-item">Add an item</button>
    <p class="field-error" id="err-itemsAdded" hidden></p>
  </div>`;
}

/** The change's added items as operation items; an invalid number of units is named. */
function addedItems(f) {
  const m = app.money;
  const out = [];
  f.added.forEach((a, i) => {
    if (!a.id.trim() && !a.quantity.trim() && !a.price.trim()) return;
    const units = a.quantity.trim();
    if (!/^\d+$/.test(units) || !Number.isSafeInteger(Number(units))) {
      throw Object.assign(new Error(`Added item ${i + 1}: "${units}" is not a whole number of units`), { code: "INVALID_INPUT", path: `itemsAdded[${i}]` });
    }
    const item = { id: a.id.trim(), quantity: Number(units) };
    if (a.price.trim()) item.price = m.fromLocal(a.price) ?? a.price.trim();
    out.push(item);
  });
  return out;
}

/** The selection as `[{ id, quantity, price }]`, in the order's item order. */
export function selection(kind) {
  const f = app.form[kind];
  const list = [];
  for (const u of app.units) {
    const q = f.qty.get(u.id) ?? 0;
    if (q > 0) list.push(u.price != null ? { id: u.id, quantity: q, price: u.price } : { id: u.id, quantity: q });
  }
  return list;
}

/** The operation the form describes, plus how its value was found. Null when the form is
 *  still empty (nothing to preview yet). */
export function buildOperation() {
  const m = app.money;
  const kind = app.kind;
  const f = app.form[kind];
  for (const [id, typed] of f.bad ?? []) {
    const why = /^\d+$/.test(typed) ? "is more units than can be counted exactly" : "is not a whole number of units (digits only: 0, 1, 2…)";
    throw Object.assign(new Error(`Units of ${id}: "${typed}" ${why}`), { code: "INVALID_INPUT", path: `items[${id}]`, item: id });
  }
  if (kind === "cancel") return { operation: { type: "cancel", ...(f.reason ? { reason: f.reason } : {}) } };
  if (kind === "changeV2") return buildV2(f);
  if (kind === "change") {
    const items = selection("change");
    const added = addedItems(f);
    if (!items.length && !added.length && !f.discount.trim() && !f.increment.trim()) return null;
    const operation = { type: "change", requestId: f.requestId, ...(f.reason ? { reason: f.reason } : {}) };
    // Typed in the browser's locale ("10,50" in pt-BR): the engine's decimal string, exactly;
    // what is no amount goes as typed, for the engine to refuse with its path.
    if (f.discount.trim()) operation.discount = m.fromLocal(f.discount) ?? f.discount.trim();
    if (f.increment.trim()) operation.increment = m.fromLocal(f.increment) ?? f.increment.trim();
    operation.itemsRemoved = items;
    operation.itemsAdded = added;
    return { operation };
  }
  const items = selection(kind);
  if (!items.length && !f.manual) return null;
  let value = f.value;
  let how = "";
  let plan = null;
  if (!f.manual) {
    // The planners (api.md section 7): an invoice's value is the units' price less their share
    // of the discounts plus the shipping and tax chosen; a return's is what the customer paid
    // for the units (planReturn), never their list price.
    plan = planned(kind, f, items);
    value = plan.operation.value;
    const b = plan.breakdown;
    how = `${kind === "invoice" ? "Planned" : "What the customer paid"}: items ${m.show(b.items)} − their share of discounts ${m.show(b.discounts)} + shipping ${m.show(b.shipping)} + tax ${m.show(b.tax)}.`;
    f.value = value;
  }
  const operation = plan && !f.manual ? plan.operation : { type: kind, number: f.number, value: m.fromLocal(value) ?? value.trim(), items };
  return { operation, how, plan };
}

export function clearFieldErrors() {
  for (const el of document.querySelectorAll("#op-form .field-error")) {
    el.hidden = true;
    el.textContent = "";
  }
  for (const el of document.querySelectorAll("#op-form [aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const tr of document.querySelectorAll("#items-body tr.bad")) tr.classList.remove("bad");
}

export function fieldError(field, html, codes = []) {
  const box = $(`err-${field}`) ?? $("err-operation");
  box.hidden = false;
  box.innerHTML += `<span class="err-line" data-codes="${esc(codes.join(" "))}">${html}</span>`;
  const control = $(`f-${field}`);
  if (control) control.setAttribute("aria-invalid", "true");
}

/** Marks the item rows a rule is about: quantities above what is left, or (a change) units
 *  already invoiced. */
export function markItems(code) {
  for (const tr of $("items-body").rows) {
    const u = app.units[Number(tr.dataset.row)];
    const q = app.form[app.kind].qty.get(u.id) ?? 0;
    const bad = q > 0 && (code === "ITEM_ALREADY_INVOICED" ? u.invoiced > 0 : code === "UNKNOWN_ITEM" || q > limitOf(u, app.kind));
    if (bad) {
      tr.classList.add("bad");
      tr.querySelector("input[data-qty]")?.setAttribute("aria-invalid", "true");
    }
  }
}

/** Marks item `id`'s row (when it is on the page) and its units box. */
export function markItem(id) {
  const tr = rowOf(app.units.findIndex((u) => u.id === id));
  if (tr) {
    tr.classList.add("bad");
    tr.querySelector("input[data-qty]")?.setAttribute("aria-invalid", "true");
  }
}

/** An INVALID_INPUT path (`operation.items[2].quantity`, `options.issuanceDate`) as the field it
 *  names. */
export function fieldOfPath(path = "") {
  if (/^items\[/.test(path ?? "")) return "items";
  if (/^itemsAdded\[/.test(path ?? "")) return "itemsAdded";
  const m = /^(?:(?:operation|options)\.(\w+)|(selection))(?:\[(\d+)\])?/.exec(path ?? "");
  if (!m) return "operation";
  const [, field, whole, index] = m;
  const name = field ?? whole;
  if (name === "items" || name === "itemsRemoved" || name === "selection") {
    if (index != null) markItem(selection(app.kind)[Number(index)]?.id);
    return "items";
  }
  return $(`err-${name}`) ? name : "operation";
}

export function describe(op) {
  const m = app.money;
  const n = (op.items ?? op.itemsRemoved ?? []).length;
  switch (op.type) {
    case "invoice":
      return `Invoice ${op.number} of ${m.show(op.value)} for ${n} item line${n === 1 ? "" : "s"}.`;
    case "return":
      return `Return ${op.number} of ${m.show(op.value)} for ${n} item line${n === 1 ? "" : "s"}.`;
    case "change": {
      const parts = [];
      // A v2 operation carries both figures, one of them 0: only what is not 0 is said.
      const said = (a) => a && (op.api !== "v2" || m.minor(a) !== 0n);
      if (said(op.discount)) parts.push(`discount ${m.show(op.discount)}`);
      if (said(op.increment)) parts.push(`increment ${m.show(op.increment)}`);
      if (n) parts.push(`${n} item line${n === 1 ? "" : "s"} removed`);
      const k = (op.itemsAdded ?? []).length;
      if (k) parts.push(`${k} item line${k === 1 ? "" : "s"} added`);
      return `Change ${op.requestId}${op.api === "v2" ? " (v2)" : ""}: ${parts.join(", ") || "no value, no items"}.`;
    }
    default:
      return "Cancel the order.";
  }
}

/** The order's history: its invoices, returns and changes (those it came with and those
 *  applied here), each with its number, amount and date when known (VTEX's issuanceDate and
 *  receivedDate, or the date given here); Undo takes back the last apply. */
export function renderHistory() {
  const s = app.state;
  const m = app.money;
  const when = (key) => (app.dates?.get(key) ? ` · <time data-date>${esc(app.dates.get(key))}</time>` : "");
  const units = (items) => {
    const n = (items ?? []).reduce((a, it) => a + it.quantity, 0);
    return n ? ` · ${n} unit${n === 1 ? "" : "s"}` : "";
  };
  const rows = [];
  for (const inv of s.invoices ?? []) {
    rows.push(`<li data-history="${inv.type === "output" ? "invoice" : "return"}"><strong>${inv.type === "output" ? "Invoice" : "Return"} ${esc(inv.number)}</strong> <span data-amount="${esc(inv.value)}">${esc(m.show(inv.value))}</span>${units(inv.items)}${when(`invoice:${inv.number}`)}</li>`);
  }
  for (const c of s.changes ?? []) {
    const parts = [];
    if (c.discount && m.minor(c.discount)) parts.push(`discount ${esc(m.show(c.discount))}`);
    if (c.increment && m.minor(c.increment)) parts.push(`increment ${esc(m.show(c.increment))}`);
    if (c.itemsRemoved?.length) parts.push(`${c.itemsRemoved.length} removed`);
    if (c.itemsAdded?.length) parts.push(`${c.itemsAdded.length} added`);
    rows.push(`<li data-history="change"><strong>Change ${esc(c.requestId)}</strong> ${parts.join(", ")}${c.reason ? ` · “${esc(c.reason)}”` : ""}${when(`change:${c.requestId}`)}</li>`);
  }
  $("history").innerHTML = rows.join("") || `<li class="muted">No invoices, returns or changes yet.</li>`;
  $("undo").disabled = !app.undo?.length;
}

export function renderTabs() {
  for (const tab of document.querySelectorAll("#tabs [role=tab]")) {
    const on = tab.dataset.kind === app.kind;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    if (on) $("op-form").setAttribute("aria-labelledby", tab.id);
  }
}
