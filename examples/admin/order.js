// The order: where orders come from (the examples, the scenarios, the VTEX fixtures, a large
// synthetic order, a pasted or dropped document), loading one into a Ledger, its units per item,
// and the summary and notes above the form.
import * as sp from "settlement-preview/web";
import { Money } from "./money.js";
import { $, esc, app, amount } from "./page.js";
import { bareMessage } from "./words.js";
import { freshForm, renderFields, renderHistory, renderTabs } from "./form.js";
import { renderItems } from "./items.js";
import { preview } from "./preview.js";

// ----- Loading -------------------------------------------------------------------------------

export const LARGE_ITEMS = 1000;

/** What a pasted, dropped or fetched document is, and the state it gives: a scenario
 *  (`{ state, steps }`), a simulation (`{ state, operations }`), VTEX's "Get order" JSON (read by
 *  fromVtex, with `vtexOptions`), `{ order, transaction?, options? }` (the arguments of
 *  fromVtex), or a state. */
export function read(doc, label, vtexOptions = undefined) {
  const isObject = doc && typeof doc === "object" && !Array.isArray(doc);
  if (isObject && doc.state && (Array.isArray(doc.steps) || Array.isArray(doc.operations))) {
    return { label, state: doc.state, options: doc.options };
  }
  if (isObject && doc.order && typeof doc.order === "object") {
    const { state, notes } = sp.fromVtex(doc.order, doc.transaction, doc.options ?? vtexOptions);
    return { label, state, notes, vtex: true, assumed: assumedConnectors(doc.order, notes), dates: vtexDates(doc.order) };
  }
  if (isObject && (Array.isArray(doc.totals) || doc.paymentData || doc.packageAttachment)) {
    const { state, notes } = sp.fromVtex(doc, undefined, vtexOptions);
    return { label, state, notes, vtex: true, assumed: assumedConnectors(doc, notes), dates: vtexDates(doc) };
  }
  return { label, state: doc };
}

/** When each of a VTEX order's invoices was issued and each change received (the state has no
 *  dates): `invoice:<number>` → `issuanceDate`, `change:<requestId>` → `receivedDate` (or `date`). */
export function vtexDates(order) {
  const dates = new Map();
  for (const p of order?.packageAttachment?.packages ?? []) {
    const date = p?.issuanceDate ?? p?.invoicedDate;
    if (p?.invoiceNumber != null && typeof date === "string") dates.set(`invoice:${p.invoiceNumber}`, date);
  }
  for (const c of order?.changesAttachment?.changesData ?? []) {
    const date = c?.receivedDate ?? c?.receipt?.date ?? c?.date;
    if (c?.requestId != null && typeof date === "string") dates.set(`change:${c.requestId}`, date);
  }
  return dates;
}

/** The ids of the payments whose protocol and mode fromVtex assumed (its CONNECTOR_ASSUMED notes:
 *  VTEX's order does not say which its connector uses, api.md section 7), found by following each
 *  note's path (`order.paymentData.transactions[0].payments[1]`) into the order. */
export function assumedConnectors(order, notes) {
  const ids = new Set();
  for (const n of notes ?? []) {
    if (n.code !== "CONNECTOR_ASSUMED") continue;
    let at = { order };
    for (const [, key, index] of n.path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) at = at?.[key ?? Number(index)];
    if (at && typeof at === "object" && at.id != null) ids.add(String(at.id));
  }
  return ids;
}

/** Sets a payment's connector `key` (`protocol` or `mode`) to `value` in the state the page
 *  previews on (and in the loaded order, so that Reset keeps it): the operator says what VTEX's
 *  data does not. The ledger is rebuilt on the new state; the form stays as it is. */
export function setConnector(paymentId, key, value) {
  const patch = (state) => {
    for (const p of state?.transaction?.payments ?? []) {
      if (p.id === paymentId) p.connector = { ...(p.connector ?? {}), [key]: value };
    }
  };
  const current = structuredClone(app.state);
  patch(current);
  const ledger = new sp.Ledger(current, app.base.options ?? undefined);
  app.ledger.free();
  app.ledger = ledger;
  patch(app.base.state);
  app.base.assumed?.delete(paymentId);
  refreshState();
  renderSummary();
}

/** A synthetic order of `n` items and two payments: the page must keep up with it. */
export function largeOrder(n) {
  const items = Array.from({ length: n }, (_, i) => ({
    id: `SKU-${String(i + 1).padStart(4, "0")}`,
    name: `Item ${i + 1}`,
    quantity: 1 + (i % 3),
    price: `${(i % 97) + 1}.${String((i * 37) % 100).padStart(2, "0")}`,
  }));
  const money = new Money("BRL", 2);
  const total = money.sum(items.map((it) => money.times(it.price, it.quantity)));
  const gift = "100.00";
  return {
    orderId: "LARGE-1000-01",
    currency: "BRL",
    status: "handling",
    items,
    transaction: {
      payments: [
        { id: "gift", group: "giftCard", value: gift, connector: { mode: "partial" }, settled: gift, captured: gift },
        { id: "card", group: "creditCard", value: money.text(money.minor(total) - money.minor(gift)), connector: { mode: "total" } },
      ],
    },
  };
}

export async function fetchJson(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return res.json();
}

export async function listSources() {
  const sources = [
    {
      label: "Example: a VTEX order (examples/node/order.json)",
      load: async () =>
        read(await fetchJson("/examples/node/order.json"), "vtex", { connectors: await fetchJson("/examples/node/connectors.json") }),
    },
    { label: "Example: gift card + credit card (examples/order.json)", load: async () => read(await fetchJson("/examples/order.json"), "example") },
  ];
  const list = (url) => fetchJson(url).catch(() => []);
  for (const file of await list("/scenarios/index.json")) {
    sources.push({
      label: `Scenario ${file.replace(/\.json$/, "")}`,
      load: async () => read(await fetchJson(`/scenarios/${file}`), file),
    });
  }
  // The VTEX fixtures of tests/vtex/orders: { order | orderFile, transaction?, options? }.
  for (const file of await list("/vtex/index.json")) {
    sources.push({
      label: `VTEX order ${file.replace(/\.json$/, "")}`,
      load: async () => {
        const doc = await fetchJson(`/vtex/orders/${file}`);
        const order = doc.order ?? (await fetchJson(`/vtex/${doc.orderFile}`));
        return read({ order, transaction: doc.transaction, options: doc.options }, file);
      },
    });
  }
  sources.push({ label: `Large order: ${LARGE_ITEMS.toLocaleString()} items`, load: async () => ({ label: "large", state: largeOrder(LARGE_ITEMS) }) });
  return sources;
}

export function showLoadError(e) {
  const box = $("load-error");
  if (!e) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  // A document's error names its place in the JSON (the path, once: the message may repeat it).
  box.innerHTML = `<strong>This order cannot be loaded.</strong> ${e.path ? `<code>${esc(e.path)}</code>: ` : ""}${esc(bareMessage(e))}`;
}

/** Loads a document: validates it through a Ledger (it throws INVALID_INPUT with a path). */
export function load(loaded) {
  const ledger = new sp.Ledger(loaded.state, loaded.options ?? undefined);
  app.ledger?.free();
  app.ledger = ledger;
  app.base = loaded;
  app.history = [];
  app.undo = [];
  app.dates = new Map(loaded.dates ?? []);
  refreshState();
  app.form = freshForm();
  app.page = 0;
  showLoadError(null);
  renderNotes();
  renderAll();
}

export function refreshState() {
  app.state = app.ledger.state();
  app.stateGeneration = (app.stateGeneration ?? 0) + 1;
  app.money = Money.of(app.state);
  app.units = unitsOf(app.state);
}

// ----- The order's units (ordered, added, removed, invoiced, returned) per item id ------------

export function unitsOf(state) {
  const byId = new Map();
  const row = (it) => {
    let r = byId.get(it.id);
    if (!r) {
      r = { id: it.id, name: it.name ?? "", price: it.price ?? null, ordered: 0, added: 0, removed: 0, invoiced: 0, returned: 0 };
      byId.set(it.id, r);
    }
    if (r.price == null && it.price != null) r.price = it.price;
    if (!r.name && it.name) r.name = it.name;
    return r;
  };
  for (const it of state.items) row(it).ordered += it.quantity;
  for (const c of state.changes ?? []) {
    for (const it of c.itemsRemoved ?? []) row(it).removed += it.quantity;
    for (const it of c.itemsAdded ?? []) row(it).added += it.quantity;
  }
  for (const inv of state.invoices ?? []) {
    for (const it of inv.items ?? []) {
      if (inv.type === "output") row(it).invoiced += it.quantity;
      else row(it).returned += it.quantity;
    }
  }
  const money = Money.of(state);
  const invoiced = money.sum((state.invoices ?? []).filter((i) => i.type === "output").map((i) => i.value));
  const full = state.status === "invoiced" || (money.minor(invoiced) === money.minor(state.value) && money.minor(state.value) > 0n);
  return [...byId.values()].map((r) => {
    const available = Math.max(0, r.ordered + r.added - r.removed);
    // Units that count as invoiced for a return (semantics 6.2, policy): the listed ones, or
    // every unit once the order is fully invoiced.
    const invoicedForReturn = full ? Math.max(available, r.invoiced) : r.invoiced;
    return {
      ...r,
      available,
      toInvoice: Math.max(0, available - r.invoiced),
      toRemove: Math.max(0, available - r.invoiced),
      toReturn: Math.max(0, invoicedForReturn - r.returned),
    };
  });
}

/** How many units of an item the current operation kind can take. */
export function limitOf(u, kind) {
  // v2 removes no unit of an item once one is invoiced (S12 SalesOrderSystem046; the engine's
  // ITEM_ALREADY_INVOICED): v1 removes the units not invoiced.
  if (kind === "changeV2") return u.invoiced > 0 ? 0 : u.toRemove;
  return kind === "invoice" ? u.toInvoice : kind === "return" ? u.toReturn : u.toRemove;
}

// ----- Summary, notes, history -------------------------------------------------------------

export function renderSummary() {
  const s = app.state;
  const m = app.money;
  const invoiced = m.sum((s.invoices ?? []).filter((i) => i.type === "output").map((i) => i.value));
  const returned = m.sum((s.invoices ?? []).filter((i) => i.type === "input").map((i) => i.value));
  const left = s.status === "canceled" ? m.text(0n) : m.text(m.minor(s.value) - m.minor(invoiced));
  $("summary").innerHTML = `<div class="summary-grid">
    <div><span class="label">Order</span><strong>${esc(s.orderId ?? "(no id)")}</strong></div>
    <div><span class="label">Status</span><span class="status">${esc(s.status)}</span></div>
    <div><span class="label">Value</span>${amount("state.value", s.value)}</div>
    <div><span class="label">Invoiced</span>${amount("state.invoiced", invoiced)}</div>
    <div><span class="label">Returned</span>${amount("state.returned", returned)}</div>
    <div><span class="label">Left to invoice</span>${amount("state.left", left)}</div>

    <div><span class="label">Transaction</span>${esc(s.transaction.status)}</div>
    <div class="wide"><span class="label">Payments</span><span>${s.transaction.payments
      .map((p) => `${esc(p.id)} <span class="muted">(${esc(p.group)})</span> ${amount(`state.payment.${p.id}`, p.value)}`)
      .join(" · ")}</span></div>
  </div>`;
}

export function renderNotes() {
  const notes = app.base?.notes ?? [];
  $("notes").hidden = !notes.length;
  $("notes").innerHTML = notes.length
    ? `<details><summary>${notes.length} note${notes.length === 1 ? "" : "s"} on how the VTEX order was read</summary><ul>${notes
        .map((n) => `<li><span class="code">${esc(n.code)}</span> <code>${esc(n.path)}</code> ${esc(n.message)}</li>`)
        .join("")}</ul></details>`
    : "";
}

export function renderAll() {
  renderSummary();
  renderTabs();
  renderFields();
  renderItems();
  renderHistory();
  preview();
}

export function loadText(text, label) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw Object.assign(new Error(`not JSON: ${e.message}`), { path: "" });
  }
  loadDoc(doc, label);
}

/** Loads a document and lists it among the orders ("Your order (label)"), once. */
export function loadDoc(doc, label) {
  load(read(doc, label));
  // The same document again: its entry is chosen, not a second one added.
  const key = JSON.stringify(doc);
  const known = app.sources.findIndex((s) => s.key === key);
  if (known >= 0) {
    $("source").value = String(known);
    return;
  }
  const option = document.createElement("option");
  option.value = String(app.sources.length);
  option.textContent = `Your order (${label})`;
  app.sources.push({ label, key, load: async () => read(doc, label) });
  $("source").append(option);
  $("source").value = option.value;
}

export async function loadSource(index) {
  try {
    load(await app.sources[index].load());
  } catch (e) {
    showLoadError(e);
  }
  document.body.dataset.source = String(index);
}
