// The operation's form: the fields of each kind (invoice, change, return, cancel), the
// operation they describe, and where each broken rule or INVALID_INPUT path is shown in it.
import * as sp from "settlement-preview/web";
import { $, esc, app } from "./page.js";
import { limitOf } from "./order.js";
import { rowOf } from "./items.js";

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

/** Today's date (the invoice's issuanceDate by default: VTEX requires one). */
export function today() {
  return new Date().toISOString().slice(0, 10);
}

export function freshForm() {
  return {
    invoice: { qty: new Map(), number: nextNumber("NF"), value: "", manual: false, shipping: "first", tax: "proportional", issuanceDate: today() },
    change: { qty: new Map(), requestId: nextRequestId(), reason: "", discount: "", increment: "" },
    return: { qty: new Map(), number: nextNumber("R"), value: "", manual: false, issuanceDate: today() },
    cancel: { reason: "" },
  };
}

export const input = (id, label, value, { hint = "", inputmode = "text", disabled = false, placeholder = "" } = {}) => `
  <div class="field" data-field="${id}">
    <label for="f-${id}">${label}</label>
    <input id="f-${id}" name="${id}" value="${esc(value)}" inputmode="${inputmode}" ${disabled ? "disabled" : ""}
      placeholder="${esc(placeholder)}" aria-describedby="err-${id}${hint ? ` hint-${id}` : ""}" spellcheck="false">
    ${hint ? `<p class="hint" id="hint-${id}">${hint}</p>` : ""}
    <p class="field-error" id="err-${id}" role="alert" hidden></p>
  </div>`;

export const select = (id, label, value, options) => `
  <div class="field" data-field="${id}">
    <label for="f-${id}">${label}</label>
    <select id="f-${id}" name="${id}">${options.map(([v, t]) => `<option value="${v}" ${v === value ? "selected" : ""}>${t}</option>`).join("")}</select>
  </div>`;

export function renderFields() {
  const f = app.form[app.kind];
  const m = app.money;
  let html = "";
  if (app.kind === "invoice" || app.kind === "return") {
    html += input("number", app.kind === "invoice" ? "Invoice number" : "Return number", f.number);
    html += input("issuanceDate", "Issuance date", f.issuanceDate, { placeholder: "YYYY-MM-DD" });
    html += `<div class="field value-field" data-field="value">
      <label for="f-value">Value (${esc(m.currency)})</label>
      <div class="value-row">
        <input id="f-value" name="value" class="amount" inputmode="decimal" value="${esc(f.value)}" ${f.manual ? "" : "readonly"}
          aria-describedby="err-value hint-value" spellcheck="false">
        <label class="check"><input type="checkbox" id="f-manual" name="manual" ${f.manual ? "checked" : ""}> set by hand</label>
      </div>
      <p class="hint" id="hint-value"></p>
      <p class="field-error" id="err-value" role="alert" hidden></p>
    </div>`;
    if (app.kind === "invoice") {
      const shares = [["first", "On the first invoice"], ["proportional", "Spread over the items"], ["last", "On the last invoice"], ["none", "Not on this invoice"]];
      html += select("shipping", "Shipping share", f.shipping, shares);
      html += select("tax", "Tax share", f.tax, shares);
    }
  } else if (app.kind === "change") {
    html += input("requestId", "Request id", f.requestId);
    html += input("reason", "Reason", f.reason, { placeholder: "e.g. out of stock" });
    html += input("discount", `Discount (${esc(m.currency)})`, f.discount, { inputmode: "decimal", placeholder: m.text(0n) });
    html += input("increment", `Increment (${esc(m.currency)})`, f.increment, { inputmode: "decimal", placeholder: m.text(0n) });
    html += `<div class="field"><span class="label">Close out</span><button type="button" class="secondary" id="close-out">Plan the close-out</button>
      <p class="hint">The change that closes a partially invoiced order: the uninvoiced units removed, discount = value − invoiced.</p></div>`;
  } else {
    html += input("reason", "Reason", f.reason, { placeholder: "e.g. customer asked" });
  }
  $("fields").innerHTML = html;
  $("op-lead").textContent = LEADS[app.kind];
  $("items-block").hidden = app.kind === "cancel";
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
  if (kind === "cancel") return { operation: { type: "cancel", ...(f.reason ? { reason: f.reason } : {}) } };
  if (kind === "change") {
    const items = selection("change");
    if (!items.length && !f.discount.trim() && !f.increment.trim()) return null;
    const operation = { type: "change", requestId: f.requestId, ...(f.reason ? { reason: f.reason } : {}) };
    if (f.discount.trim()) operation.discount = f.discount.trim();
    if (f.increment.trim()) operation.increment = f.increment.trim();
    operation.itemsRemoved = items;
    operation.itemsAdded = [];
    return { operation };
  }
  const items = selection(kind);
  if (!items.length && !f.manual) return null;
  let value = f.value;
  let how = "";
  let plan = null;
  if (!f.manual) {
    if (kind === "invoice") {
      plan = sp.planInvoice(app.state, items.map(({ id, quantity }) => ({ id, quantity })), {
        number: f.number,
        shipping: f.shipping,
        tax: f.tax,
      });
      value = plan.operation.value;
      const b = plan.breakdown;
      how = `Planned: items ${m.show(b.items)} − their share of discounts ${m.show(b.discounts)} + shipping ${m.show(b.shipping)} + tax ${m.show(b.tax)}.`;
    } else {
      const priced = items.filter((i) => i.price != null);
      value = m.sum(priced.map((i) => m.times(i.price, i.quantity)));
      // A return's value is what the customer paid for the units: their unit prices here; the
      // order's discounts (and any shipping refunded) are the operator's to add by hand.
      const discounts = m.minor(app.state.discounts ?? "0") ?? 0n;
      how = `The returned units at their unit prices (${items.length} line${items.length === 1 ? "" : "s"}).${
        discounts > 0n ? ` The order has ${m.show(app.state.discounts)} of discounts: set the value by hand to refund what was paid.` : ""}`;
    }
    f.value = value;
  }
  const operation = plan && !f.manual ? plan.operation : { type: kind, number: f.number, value: value.trim(), items };
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

/** An INVALID_INPUT path (`operation.items[2].quantity`) as the field it names. */
export function fieldOfPath(path = "") {
  const m = /^(?:operation\.(\w+)|(selection))(?:\[(\d+)\])?/.exec(path);
  if (!m) return "operation";
  const [, field, whole, index] = m;
  const name = field ?? whole;
  if (name === "items" || name === "itemsRemoved" || name === "selection") {
    if (index != null) {
      const id = selection(app.kind)[Number(index)]?.id;
      const tr = rowOf(app.units.findIndex((u) => u.id === id));
      if (tr) {
        tr.classList.add("bad");
        tr.querySelector("input[data-qty]")?.setAttribute("aria-invalid", "true");
      }
    }
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
      if (op.discount) parts.push(`discount ${m.show(op.discount)}`);
      if (op.increment) parts.push(`increment ${m.show(op.increment)}`);
      if (n) parts.push(`${n} item line${n === 1 ? "" : "s"} removed`);
      return `Change ${op.requestId}: ${parts.join(", ")}.`;
    }
    default:
      return "Cancel the order.";
  }
}

export function renderHistory() {
  $("history").innerHTML = app.history.map((h) => `<li>${esc(h)}</li>`).join("");
}

export function renderTabs() {
  for (const tab of document.querySelectorAll("#tabs [role=tab]")) {
    const on = tab.dataset.kind === app.kind;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    if (on) $("op-form").setAttribute("aria-labelledby", tab.id);
  }
}
