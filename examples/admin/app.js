// The admin page: load an order, build an operation, see what it does to the money as you type.
// Plain ES modules and the package's `web` build; no framework. Every amount shown is a string
// the engine wrote (or an exact BigInt sum of such strings), formatted by Intl.NumberFormat.
import init, * as sp from "settlement-preview/web";
import { Money } from "./money.js";

const $ = (id) => document.getElementById(id);
const esc = (s) =>
  String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

const LARGE_ITEMS = 1000;

/** Where each rule's message goes in the form (api.md section 2). */
const RULE_FIELD = {
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

const LEADS = {
  invoice: "Tick the items and quantities to invoice. The value follows the items unless you set it.",
  change: "Remove items, give a discount or an increment. With a discount or an increment, that is the change's whole delta (VTEX v1).",
  return: "Tick the returned items. A return refunds only once the order is fully invoiced.",
  cancel: "Cancel the whole order: everything settled is refunded, everything open is released.",
};

const app = {
  sources: [], // { label, load: async () => ({ state, options, vtex? }) }
  base: null, // the loaded order: { state, options, notes, vtex }
  ledger: null,
  state: null, // the ledger's state, as the engine writes it
  money: null,
  units: [], // per item id, see unitsOf
  kind: "invoice",
  form: null,
  history: [],
  last: null, // { operation, outcome, request, error, ms }
};

// ----- Loading -------------------------------------------------------------------------------

/** What a pasted, dropped or fetched document is, and the state it gives: a scenario
 *  (`{ state, steps }`), a simulation (`{ state, operations }`), VTEX's "Get order" JSON (read by
 *  fromVtex, with `vtexOptions`), `{ order, transaction?, options? }` (the arguments of
 *  fromVtex), or a state. */
function read(doc, label, vtexOptions = undefined) {
  const isObject = doc && typeof doc === "object" && !Array.isArray(doc);
  if (isObject && doc.state && (Array.isArray(doc.steps) || Array.isArray(doc.operations))) {
    return { label, state: doc.state, options: doc.options };
  }
  if (isObject && doc.order && typeof doc.order === "object") {
    const { state, notes } = sp.fromVtex(doc.order, doc.transaction, doc.options ?? vtexOptions);
    return { label, state, notes, vtex: true };
  }
  if (isObject && (Array.isArray(doc.totals) || doc.paymentData || doc.packageAttachment)) {
    const { state, notes } = sp.fromVtex(doc, undefined, vtexOptions);
    return { label, state, notes, vtex: true };
  }
  return { label, state: doc };
}

/** A synthetic order of `n` items and two payments: the page must keep up with it. */
function largeOrder(n) {
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

async function fetchJson(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return res.json();
}

async function listSources() {
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

function showLoadError(e) {
  const box = $("load-error");
  if (!e) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  box.innerHTML = `<strong>This order cannot be loaded.</strong> ${e.path ? `<code>${esc(e.path)}</code>: ` : ""}${esc(e.message)}`;
}

/** Loads a document: validates it through a Ledger (it throws INVALID_INPUT with a path). */
function load(loaded) {
  const ledger = new sp.Ledger(loaded.state, loaded.options ?? undefined);
  app.ledger?.free();
  app.ledger = ledger;
  app.base = loaded;
  app.history = [];
  refreshState();
  app.form = freshForm();
  app.page = 0;
  showLoadError(null);
  renderNotes();
  renderAll();
}

function refreshState() {
  app.state = app.ledger.state();
  app.money = Money.of(app.state);
  app.units = unitsOf(app.state);
}

// ----- The order's units (ordered, added, removed, invoiced, returned) per item id ------------

function unitsOf(state) {
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
function limitOf(u, kind) {
  return kind === "invoice" ? u.toInvoice : kind === "return" ? u.toReturn : u.toRemove;
}

// ----- The form --------------------------------------------------------------------------------

function nextNumber(prefix) {
  const used = new Set((app.state.invoices ?? []).map((i) => i.number));
  for (let n = 1; ; n++) if (!used.has(`${prefix}-${n}`)) return `${prefix}-${n}`;
}

function nextRequestId() {
  const used = new Set((app.state.changes ?? []).map((c) => c.requestId));
  for (let n = 1; ; n++) if (!used.has(`change-${n}`)) return `change-${n}`;
}

/** Today's date (the invoice's issuanceDate by default: VTEX requires one). */
function today() {
  return new Date().toISOString().slice(0, 10);
}

/** toVtexRequest's options: the invoice's issuance date. */
function requestOptions() {
  const date = app.form[app.kind]?.issuanceDate;
  return date ? { issuanceDate: date } : undefined;
}

function freshForm() {
  return {
    invoice: { qty: new Map(), number: nextNumber("NF"), value: "", manual: false, shipping: "first", tax: "proportional", issuanceDate: today() },
    change: { qty: new Map(), requestId: nextRequestId(), reason: "", discount: "", increment: "" },
    return: { qty: new Map(), number: nextNumber("R"), value: "", manual: false, issuanceDate: today() },
    cancel: { reason: "" },
  };
}

const input = (id, label, value, { hint = "", inputmode = "text", disabled = false, placeholder = "" } = {}) => `
  <div class="field" data-field="${id}">
    <label for="f-${id}">${label}</label>
    <input id="f-${id}" name="${id}" value="${esc(value)}" inputmode="${inputmode}" ${disabled ? "disabled" : ""}
      placeholder="${esc(placeholder)}" aria-describedby="err-${id}${hint ? ` hint-${id}` : ""}" spellcheck="false">
    ${hint ? `<p class="hint" id="hint-${id}">${hint}</p>` : ""}
    <p class="field-error" id="err-${id}" role="alert" hidden></p>
  </div>`;

const select = (id, label, value, options) => `
  <div class="field" data-field="${id}">
    <label for="f-${id}">${label}</label>
    <select id="f-${id}" name="${id}">${options.map(([v, t]) => `<option value="${v}" ${v === value ? "selected" : ""}>${t}</option>`).join("")}</select>
  </div>`;

function renderFields() {
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

/** Rows per page of the item list: a 1 000-item order stays quick to lay out on every keystroke. */
const PAGE_SIZE = 50;

/** The indexes (into app.units) of the items the filter keeps. */
function filtered() {
  const needle = $("item-filter").value.trim().toLowerCase();
  const out = [];
  app.units.forEach((u, i) => {
    if (!needle || u.id.toLowerCase().includes(needle) || u.name.toLowerCase().includes(needle)) out.push(i);
  });
  return out;
}

/** The rendered row of item `i`, when it is on the current page. */
const rowOf = (i) => document.querySelector(`#items-body tr[data-row="${i}"]`);

function renderItems() {
  if (app.kind === "cancel") return;
  const m = app.money;
  const f = app.form[app.kind];
  const action = { invoice: "Invoice", change: "Remove", return: "Return" }[app.kind];
  const left = { invoice: "Left to invoice", change: "Removable", return: "Returnable" }[app.kind];
  $("items-title").textContent = { invoice: "Items to invoice", change: "Items to remove", return: "Items returned" }[app.kind];
  $("items-head").innerHTML = `<tr>
    <th scope="col" class="tick"><span class="sr-only">Select</span></th>
    <th scope="col">Item</th>
    <th scope="col" class="num">Unit price</th>
    <th scope="col" class="num">Ordered</th>
    <th scope="col" class="num">Invoiced</th>
    <th scope="col" class="num">${left}</th>
    <th scope="col" class="num">${action}</th>
    <th scope="col" class="num">Line</th></tr>`;
  const keep = filtered();
  const pages = Math.max(1, Math.ceil(keep.length / PAGE_SIZE));
  app.page = Math.min(app.page ?? 0, pages - 1);
  const shown = keep.slice(app.page * PAGE_SIZE, (app.page + 1) * PAGE_SIZE);
  const rows = shown.map((i) => {
    const u = app.units[i];
    const max = limitOf(u, app.kind);
    const q = f.qty.get(u.id) ?? 0;
    const price = u.price ?? "";
    const line = u.price != null && q > 0 ? m.times(u.price, q) : null;
    const label = `${u.id}${u.name ? ` — ${u.name}` : ""}`;
    return `<tr data-id="${esc(u.id)}" data-row="${i}" class="${q > 0 ? "on" : ""} ${max === 0 ? "spent" : ""}">
      <td class="tick"><input type="checkbox" id="t-${i}" data-tick="${i}" ${q > 0 ? "checked" : ""} ${max === 0 && q === 0 ? "disabled" : ""}
        aria-label="${esc(action)} ${esc(label)}"></td>
      <td class="item"><label for="t-${i}"><span class="sku">${esc(u.id)}</span> ${u.name ? `<span class="name">${esc(u.name)}</span>` : ""}</label></td>
      <td class="num" ${price ? `data-amount="${esc(price)}"` : ""}>${price ? esc(m.show(price)) : "—"}</td>
      <td class="num">${u.available}${u.removed ? `<span class="muted" title="removed by changes"> (−${u.removed})</span>` : ""}</td>
      <td class="num">${u.invoiced}</td>
      <td class="num">${max}</td>
      <td class="num qty"><input type="number" min="0" step="1" inputmode="numeric" data-qty="${i}" id="q-${i}" value="${q}"
        aria-label="Units to ${esc(action.toLowerCase())}: ${esc(label)}" aria-describedby="err-items"></td>
      <td class="num line" id="l-${i}">${line ? esc(m.show(line)) : ""}</td></tr>`;
  });
  $("items-body").innerHTML = rows.join("");
  $("pager").hidden = pages <= 1;
  $("page-prev").disabled = app.page === 0;
  $("page-next").disabled = app.page >= pages - 1;
  $("page-info").textContent = `${(app.page * PAGE_SIZE + 1).toLocaleString()}–${(app.page * PAGE_SIZE + shown.length).toLocaleString()} of ${keep.length.toLocaleString()}`;
  app.filteredCount = keep.length;
  renderCount();
}

/** "1,000 items · 3 selected". */
function renderCount() {
  const needle = $("item-filter").value.trim();
  const picked = [...(app.form[app.kind].qty?.values() ?? [])].filter((q) => q > 0).length;
  $("items-count").textContent = `${app.units.length.toLocaleString()} items${
    needle ? `, ${app.filteredCount.toLocaleString()} match “${needle}”` : ""} · ${picked.toLocaleString()} selected`;
}

/** The selection as `[{ id, quantity, price }]`, in the order's item order. */
function selection(kind) {
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
function buildOperation() {
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

// ----- Preview -------------------------------------------------------------------------------

/** Previews the form's operation now (through the Ledger), renders it, and schedules the VTEX
 *  request for right after the paint: the figures never wait for it, and when keystrokes come
 *  faster than requests, only the latest operation's is built. */
function preview() {
  let built = null;
  const t0 = performance.now();
  let result;
  app.generation = (app.generation ?? 0) + 1;
  try {
    built = buildOperation();
    if (!built) {
      result = { empty: true };
    } else {
      const outcome = app.ledger.preview(built.operation);
      result = { operation: built.operation, how: built.how, plan: built.plan, outcome, request: null, requestError: null };
    }
  } catch (e) {
    result = { operation: built?.operation ?? null, error: e };
  }
  result.ms = performance.now() - t0;
  result.generation = app.generation;
  app.last = result;
  renderPreview();
  if (result.outcome?.accepted) {
    $("request").setAttribute("aria-busy", "true");
    setTimeout(() => buildRequest(result), 0);
  } else {
    $("request").innerHTML = "";
    $("request").dataset.generation = String(result.generation);
  }
  return result;
}

/** The request that submits the previewed operation (toVtexRequest), if it is still the latest. */
function buildRequest(result) {
  if (result !== app.last) return;
  try {
    result.request = sp.toVtexRequest(app.state, result.operation, requestOptions());
  } catch (e) {
    result.requestError = e;
  }
  renderRequest(result);
  // What VTEX needs to accept the request (a change's reason, say) is marked on its field.
  const e = result.requestError;
  if (e?.path) {
    const field = fieldOfPath(e.path);
    if (field !== "operation") fieldError(field, `${esc(e.message)} <span class="muted">(needed by VTEX)</span>`, [e.code ?? "ERROR"]);
  }
  $("request").removeAttribute("aria-busy");
  $("request").dataset.generation = String(result.generation);
}

const amount = (key, value, cls = "") =>
  `<span class="amt ${cls}" data-k="${esc(key)}" data-amount="${esc(value)}">${esc(app.money.show(value))}</span>`;

/** One view of a payment: the ledger's four figures, before and after. */
function ledgerOf(p, view) {
  return view === "gateway"
    ? { settled: p.settled, open: p.open, cancelled: p.cancelled, refunded: p.refunded, authorized: p.value }
    : { settled: p.captured, open: p.providerOpen, cancelled: p.voided, refunded: p.providerRefunded, authorized: p.value };
}

/** A payment's ledgers before and after the operation: the state's, plus what the outcome
 *  moved (its figures are this operation's; open is after). */
function paymentLedgers(p, figures) {
  const m = app.money;
  const gOpen = m.text(m.minor(p.value) - m.minor(p.settled) - m.minor(p.cancelled));
  const pOpen = m.text(m.minor(p.value) - m.minor(p.captured) - m.minor(p.voided));
  const before = { ...p, open: gOpen, providerOpen: pOpen };
  if (!figures) return { before, after: before };
  const g = figures.gateway;
  const after = {
    ...p,
    settled: m.add(p.settled, g.settle),
    cancelled: m.add(p.cancelled, g.cancel),
    refunded: m.add(p.refunded, g.refund),
    open: g.open,
    captured: m.add(p.captured, figures.settle),
    voided: m.add(p.voided, figures.cancel),
    providerRefunded: m.add(p.providerRefunded, figures.refund),
    providerOpen: figures.open,
  };
  // The authorization after (an increase grows it): what is settled and cancelled, plus open.
  after.value = m.text(m.minor(after.settled) + m.minor(after.cancelled) + m.minor(after.open));
  return { before, after };
}

function bar(ledger, label) {
  const m = app.money;
  const whole = m.minor(ledger.authorized);
  const net = m.minor(ledger.settled) - m.minor(ledger.refunded);
  const parts = [
    ["settled", net],
    ["open", m.minor(ledger.open)],
    ["cancelled", m.minor(ledger.cancelled)],
    ["refunded", m.minor(ledger.refunded)],
  ];
  const title = parts.map(([k, v]) => `${k} ${m.show(m.text(v))}`).join(", ");
  return `<div class="bar" role="img" aria-label="${esc(label)}: ${esc(title)}" title="${esc(title)}">${parts
    .map(([k, v]) => {
      const pct = Money.percent(v, whole);
      return pct > 0 ? `<span class="seg ${k}" style="width:${pct}%"></span>` : "";
    })
    .join("")}</div>`;
}

function paymentCard(p, figures, index) {
  const m = app.money;
  const { before, after } = paymentLedgers(p, figures);
  const views = [
    ["gateway", "Gateway", "what the OMS records"],
    ["provider", "Provider", "real money"],
  ];
  const connector = `${p.connector?.protocol ?? "ppp"} · ${p.connector?.mode ?? "total"} mode`;
  const grew = after.value !== before.value;
  let html = `<article class="payment" data-payment="${esc(p.id)}" aria-labelledby="pay-${index}">
    <header><h3 id="pay-${index}">${esc(p.id)}</h3><span class="group">${esc(p.group)}</span>
    <span class="muted">${esc(connector)}</span>
    <span class="auth">authorized ${amount(`payment.${p.id}.value.before`, before.value)}${grew ? ` → ${amount(`payment.${p.id}.value.after`, after.value, "changed")}` : ""}</span></header>`;
  for (const [view, title, sub] of views) {
    const b = ledgerOf(before, view);
    const a = ledgerOf(after, view);
    html += `<div class="view"><div class="view-head"><strong>${title}</strong> <span class="muted">${sub}</span></div>
      <div class="bars"><span class="bar-label">before</span>${bar(b, `${p.id} ${view} before`)}
      <span class="bar-label">after</span>${bar(a, `${p.id} ${view} after`)}</div>
      <table class="figures"><thead><tr><th scope="col"><span class="sr-only">Figure</span></th><th scope="col" class="num">Before</th><th scope="col" class="num">After</th><th scope="col" class="num">Change</th></tr></thead><tbody>`;
    for (const key of ["settled", "open", "cancelled", "refunded"]) {
      const delta = m.text(m.minor(a[key]) - m.minor(b[key]));
      const changed = m.minor(delta) !== 0n;
      html += `<tr class="${changed ? "changed" : ""}"><th scope="row"><span class="key ${key}"></span>${key}</th>
        <td class="num">${amount(`payment.${p.id}.${view}.${key}.before`, b[key])}</td>
        <td class="num">${amount(`payment.${p.id}.${view}.${key}.after`, a[key], changed ? "changed" : "")}</td>
        <td class="num delta">${changed ? `${m.minor(delta) > 0n ? "+" : ""}${esc(m.show(delta))}` : "—"}</td></tr>`;
    }
    html += `</tbody></table></div>`;
  }
  return html + `</article>`;
}

function clearFieldErrors() {
  for (const el of document.querySelectorAll("#op-form .field-error")) {
    el.hidden = true;
    el.textContent = "";
  }
  for (const el of document.querySelectorAll("#op-form [aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const tr of document.querySelectorAll("#items-body tr.bad")) tr.classList.remove("bad");
}

function fieldError(field, html, codes = []) {
  const box = $(`err-${field}`) ?? $("err-operation");
  box.hidden = false;
  box.innerHTML += `<span class="err-line" data-codes="${esc(codes.join(" "))}">${html}</span>`;
  const control = $(`f-${field}`);
  if (control) control.setAttribute("aria-invalid", "true");
}

/** Marks the item rows a rule is about: quantities above what is left, or (a change) units
 *  already invoiced. */
function markItems(code) {
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
function fieldOfPath(path = "") {
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

function renderPreview() {
  const r = app.last;
  const m = app.money;
  clearFieldErrors();
  const hint = $("hint-value");
  if (hint) hint.textContent = r?.how ?? "";
  const valueBox = $("f-value");
  if (valueBox && !app.form[app.kind].manual) valueBox.value = app.form[app.kind].value;
  $("timing").textContent = r ? `${r.ms.toFixed(1)} ms` : "";
  const clear = () => ["totals", "order-after", "warnings", "explain", "request"].forEach((id) => ($(id).innerHTML = ""));
  const beforeCards = () => (app.state.transaction.payments.map((p, i) => paymentCard(p, null, i)).join(""));
  $("apply").disabled = !(r && r.outcome && r.outcome.accepted);

  if (!r || r.empty) {
    $("verdict").innerHTML = `<div class="verdict idle"><strong>Nothing to preview yet.</strong> ${
      app.kind === "change" ? "Remove an item or type a discount or an increment." : "Tick an item, or set the value by hand."}</div>`;
    clear();
    $("payments").innerHTML = beforeCards();
    return;
  }
  if (r.error) {
    const e = r.error;
    const field = fieldOfPath(e.path);
    fieldError(field, `${esc(e.message)} <code>${esc(e.path ?? "")}</code>`, [e.code ?? "ERROR"]);
    $("verdict").innerHTML = `<div class="verdict invalid" data-verdict="invalid"><strong>Not a valid operation.</strong>
      <span class="code">${esc(e.code ?? "ERROR")}</span> at <code data-path>${esc(e.path ?? "")}</code>: ${esc(e.message)}</div>`;
    clear();
    $("payments").innerHTML = beforeCards();
    return;
  }
  const o = r.outcome;
  if (!o.accepted) {
    // Each broken rule in words with its numbers: the explanation's line of that rule, else
    // the rule's message.
    const why = (e) => (o.explain ?? []).filter((l) => l.code === e.code).map((l) => l.text).join(" ") || e.message;
    $("verdict").innerHTML = `<div class="verdict rejected" data-verdict="rejected"><strong>Rejected.</strong> Nothing would move.
      ${o.errors.length} rule${o.errors.length === 1 ? "" : "s"} broken:<ul class="rules">${o.errors
        .map((e) => `<li><span class="code" data-code="${esc(e.code)}">${esc(e.code)}</span> ${esc(why(e))}</li>`)
        .join("")}</ul></div>`;
    for (const e of o.errors) {
      const field = RULE_FIELD[e.code] ?? "operation";
      const target = $(`err-${field}`) ? field : field === "discount" && $("err-value") ? "value" : "operation";
      fieldError(target, `<span class="code">${esc(e.code)}</span> ${esc(why(e))}`, [e.code]);
      if (target === "items") markItems(e.code);
    }
    clear();
    $("payments").innerHTML = beforeCards();
    renderExplain(o);
    return;
  }
  const warn = o.warnings.length ? ` · ${o.warnings.length} warning${o.warnings.length === 1 ? "" : "s"}` : "";
  $("verdict").innerHTML = `<div class="verdict accepted" data-verdict="accepted"><strong>Accepted.</strong> ${esc(describe(r.operation))}${warn}</div>`;
  const figures = (f, prefix) => ["settle", "cancel", "refund", "open"]
    .map((k) => `<div class="figure"><span class="label">${{ settle: "Settled", cancel: "Cancelled", refund: "Refunded", open: "Open after" }[k]}</span>${amount(`${prefix}.${k}`, f[k])}</div>`)
    .join("");
  $("totals").innerHTML = `<div class="totals">
    <div class="total-row"><h3>Provider <span class="muted">real money</span></h3>${figures(o, "outcome")}</div>
    <div class="total-row"><h3>Gateway <span class="muted">what the OMS records</span></h3>${figures(o.gateway, "outcome.gateway")}</div>
    ${m.minor(o.newCharge) ? `<p class="new-charge">New charge in a separate transaction: ${amount("outcome.newCharge", o.newCharge)}</p>` : ""}
  </div>`;
  $("payments").innerHTML = app.state.transaction.payments
    .map((p, i) => paymentCard(p, o.payments.find((x) => x.id === p.id), i))
    .join("");
  const ord = o.order;
  const arrow = (a, b, key) => (a === b ? `<span data-k="${key}">${esc(a)}</span>` : `${esc(a)} → <strong data-k="${key}">${esc(b)}</strong>`);
  $("order-after").innerHTML = `<div class="order-after"><h3>The order after</h3><dl>
    <div><dt>Status</dt><dd>${arrow(ord.statusBefore, ord.statusAfter, "order.statusAfter")}</dd></div>
    <div><dt>Value</dt><dd>${amount("order.valueAfter", ord.valueAfter)}</dd></div>
    <div><dt>Invoiced</dt><dd>${amount("order.invoicedAfter", ord.invoicedAfter)}</dd></div>
    <div><dt>Returned</dt><dd>${amount("order.returnedAfter", ord.returnedAfter)}</dd></div>
    <div><dt>Left to invoice</dt><dd>${amount("order.remainingToInvoice", ord.remainingToInvoice)}</dd></div>
    <div><dt>Transaction</dt><dd data-k="transactionStatus">${esc(o.transactionStatus)}</dd></div>
  </dl></div>`;
  $("warnings").innerHTML = o.warnings.length
    ? `<div class="warnings"><h3>Warnings</h3><ul>${o.warnings
        .map((w) => `<li><span class="code warn" data-code="${esc(w.code)}">${esc(w.code)}</span>${w.paymentId ? ` <span class="muted">${esc(w.paymentId)}</span>` : ""} ${esc(w.message)}</li>`)
        .join("")}</ul></div>`
    : "";
  renderExplain(o);
}

/** The explanation in words (api.md section 8), in the order the engine moved the money; a
 *  line that moves money carries a tag: its payment, view, figure and amount. */
function renderExplain(o) {
  const lines = o.explain ?? [];
  const tag = (l) =>
    l.amount != null
      ? `<span class="tag ${esc(l.figure)}" title="moves money">${esc(l.paymentId ?? "")} · ${esc(l.view)} ${esc(l.figure)} ${esc(app.money.show(l.amount))}</span>`
      : "";
  $("explain").innerHTML = lines.length
    ? `<div class="explain"><h3>Why</h3><ol>${lines
        .map((l) => `<li data-explain="${esc(l.code)}"><span class="text">${esc(l.text)}</span>${tag(l)}</li>`)
        .join("")}</ol></div>`
    : "";
}

function renderRequest(r) {
  if (r.request) {
    const q = r.request;
    $("request").innerHTML = `<div class="request"><h3>The request to send to VTEX</h3>
      <p><span class="method">${esc(q.method)}</span> <code data-request-path>${esc(q.path)}</code></p>
      <pre tabindex="0" aria-label="Request body" data-request>${esc(JSON.stringify(q.body, null, 2))}</pre></div>`;
  } else if (r.requestError) {
    $("request").innerHTML = `<div class="request"><h3>The request to send to VTEX</h3><p class="request-error" data-request-error>Not ready to send: ${esc(r.requestError.message)}${
      r.requestError.path ? ` <code>${esc(r.requestError.path)}</code>` : ""}</p></div>`;
  } else {
    $("request").innerHTML = "";
  }
}

function describe(op) {
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

// ----- Summary, notes, history -------------------------------------------------------------

function renderSummary() {
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

function renderNotes() {
  const notes = app.base?.notes ?? [];
  $("notes").hidden = !notes.length;
  $("notes").innerHTML = notes.length
    ? `<details><summary>${notes.length} note${notes.length === 1 ? "" : "s"} on how the VTEX order was read</summary><ul>${notes
        .map((n) => `<li><span class="code">${esc(n.code)}</span> <code>${esc(n.path)}</code> ${esc(n.message)}</li>`)
        .join("")}</ul></details>`
    : "";
}

function renderHistory() {
  $("history").innerHTML = app.history.map((h) => `<li>${esc(h)}</li>`).join("");
}

function renderTabs() {
  for (const tab of document.querySelectorAll("#tabs [role=tab]")) {
    const on = tab.dataset.kind === app.kind;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    if (on) $("op-form").setAttribute("aria-labelledby", tab.id);
  }
}

function renderAll() {
  renderSummary();
  renderTabs();
  renderFields();
  renderItems();
  renderHistory();
  preview();
}

// ----- Events ----------------------------------------------------------------------------------

function setQty(i, q, { fromInput = false } = {}) {
  const u = app.units[i];
  const f = app.form[app.kind];
  const tr = rowOf(i);
  if (!Number.isSafeInteger(q) || q < 0) q = 0;
  if (q > 0) f.qty.set(u.id, q);
  else f.qty.delete(u.id);
  if (tr) {
    tr.classList.toggle("on", q > 0);
    tr.querySelector("input[data-tick]").checked = q > 0;
    if (!fromInput) tr.querySelector("input[data-qty]").value = String(q);
    $(`l-${i}`).textContent = u.price != null && q > 0 ? app.money.show(app.money.times(u.price, q)) : "";
  }
}

function bind() {
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
    try {
      loadText(await file.text(), file.name);
    } catch (e) {
      showLoadError(e);
    }
  });
}

function loadText(text, label) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw Object.assign(new Error(`not JSON: ${e.message}`), { path: "" });
  }
  load(read(doc, label));
  const option = document.createElement("option");
  option.value = String(app.sources.length);
  option.textContent = `Your order (${label})`;
  app.sources.push({ label, load: async () => read(doc, label) });
  $("source").append(option);
  $("source").value = option.value;
}

async function loadSource(index) {
  try {
    load(await app.sources[index].load());
  } catch (e) {
    showLoadError(e);
  }
  document.body.dataset.source = String(index);
}

// ----- Start ------------------------------------------------------------------------------------

await init();
$("version").textContent = `settlement-preview ${sp.version()}`;
app.sources = await listSources();
$("source").innerHTML = app.sources.map((s, i) => `<option value="${i}">${esc(s.label)}</option>`).join("");
bind();
await loadSource(0);

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
  sources: () => app.sources.map((s) => s.label),
  selectSource: (i) => loadSource(i),
};
window.ready = true;
