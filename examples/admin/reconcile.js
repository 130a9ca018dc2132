// The reconciliation view (api.md section 9): an order and its gateway records pasted, dropped,
// loaded from an example or fetched from VTEX through make serve's proxy; per payment what the rules expect against what the gateway
// recorded, the drift marked, the findings with their severity, the notes and the explain lines.
// Every amount is the exact string `reconcile` wrote, formatted by Intl.NumberFormat; the only
// live region is the verdict.
import * as sp from "settlement-preview/web";
import { Money } from "./money.js";
import { $, esc, app, explainHtml } from "./page.js";

const BOXES = ["order", "transaction", "options"];
const FIGURES = ["settled", "cancelled", "refunded", "open"];
const SEVERITY = { money: "money at risk", stuck: "stuck", data: "data" };
/** The severities as the verdict counts them ("2 with money at risk, 1 stuck"). */
const COUNTED = { money: "with money at risk", stuck: "stuck", data: "about data only" };
const VERDICT = {
  matched: "Matched.",
  pending: "Pending.",
  difference: "Difference.",
  invalid: "Cannot be reconciled.",
};

/** The examples: the ready one (examples/reconcile), then the core's fixtures (tests/reconcile,
 *  which the server lists at /reconcile/index.json), each `{ order, transaction, options }`. */
const EXAMPLES = [{ label: "A return never refunded", url: "/examples/reconcile/return-not-refunded.json" }];

/** A fixture's label from its file name: "07-clp-canceled-but-settled-status-mismatch.json" →
 *  "Fixture 07: clp canceled but settled status mismatch". */
export const fixtureLabel = (file) => {
  const [, n, words] = /^(\d+)-(.*)\.json$/.exec(file) ?? [null, null, file.replace(/\.json$/, "")];
  return `${n ? `Fixture ${n}: ` : "Fixture: "}${words.replaceAll("-", " ")}`;
};

/** The examples' list in its select. */
const listExamples = () => {
  $("rec-source").innerHTML = app.examples.map((e, i) => `<option value="${i}">${esc(e.label)}</option>`).join("");
};

/** Adds the core's fixtures to the list of examples (a server without the mount: none). */
async function listFixtures() {
  try {
    const res = await fetch("/reconcile/index.json");
    if (!res.ok) return;
    const files = await res.json();
    for (const file of files) {
      app.examples.push({ label: fixtureLabel(file), url: `/reconcile/${encodeURIComponent(file)}` });
    }
    listExamples();
  } catch {
    // The ready example remains.
  }
}

/** A document's text in a box: pretty JSON, or empty for nothing. */
const pretty = (v) => (v === undefined || v === null ? "" : JSON.stringify(v, null, 2));

/** Fills the boxes from a `{ order, transaction?, options? }` document. */
function fill(doc) {
  $("rec-order").value = pretty(doc.order);
  $("rec-transaction").value = pretty(doc.transaction);
  $("rec-options").value = pretty(doc.options);
  $("rec-options-box").open = doc.options != null;
}

/** Which box a dropped or pasted document belongs to, by its shape: the three at once
 *  (`{ order, … }`), the gateway's records (settlements, refunds, cancellations, or a payments
 *  list without VTEX's order fields), or the order. */
function boxOf(doc) {
  if (doc && typeof doc === "object" && !Array.isArray(doc)) {
    if (doc.order && typeof doc.order === "object") return "all";
    const vtexOrder = "paymentData" in doc || "items" in doc || "totals" in doc;
    if (!vtexOrder && ("settlements" in doc || "refunds" in doc || "cancellations" in doc || Array.isArray(doc.payments))) {
      return "transaction";
    }
  }
  return "order";
}

/** Puts a document's text where its shape says it belongs, whichever box it was dropped on
 *  (the options box takes what is dropped on it; text that is not JSON stays where it was
 *  dropped, to be corrected there), and reconciles. */
export function place(text, into = undefined) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    $(`rec-${into ?? "order"}`).value = text;
    run();
    return;
  }
  const box = into === "options" ? "options" : boxOf(doc);
  if (box === "all") fill(doc);
  else $(`rec-${box}`).value = text;
  run();
  showResult();
}

export async function loadExample(index) {
  const example = app.examples[index];
  const res = await fetch(example.url);
  if (!res.ok) throw new Error(`${example.url}: ${res.status}`);
  fill(await res.json());
  run();
  showResult();
}

/** Whether `make serve`'s VTEX proxy is configured (examples/admin/README.md): then the view
 *  offers to fetch an order and its gateway records from the account by order id. */
async function offerVtex() {
  // A server without the proxy: pasting and dropping remain.
  const status = await proxyStatus();
  if (!status?.configured) return;
  $("rec-vtex-hint").textContent = `From the account ${status.account}, through this page's server (read-only).`;
  $("rec-vtex").hidden = false;
}

/** An order and its gateway records from VTEX, through make serve's proxy (the key and token
 *  stay in the server): Get order, then the active transaction's details, payments,
 *  settlements, refunds and cancellations, as the exporter gathers them (api.md section 9).
 *  `{ order, transaction }` (transaction null when the order names none); throws with the
 *  proxy's message. The preview view loads orders by id through it too. */
export async function readFromVtex(orderId) {
  const read = async (route) => {
    const res = await fetch(`/proxy/vtex/${route}`);
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(body.error?.message ?? `${route}: ${res.status}`);
    return body;
  };
  const order = await read(`orders/${encodeURIComponent(orderId)}`);
  const transactions = order.paymentData?.transactions ?? [];
  const id = (transactions.find((t) => t.isActive !== false) ?? transactions[0])?.transactionId;
  let transaction = null;
  if (id) {
    const lists = ["", "/payments", "/settlements", "/refunds", "/cancellations"];
    const [details, payments, settlements, refunds, cancellations] = await Promise.all(lists.map((l) => read(`transactions/${id}${l}`)));
    transaction = { ...details, payments, settlements, refunds, cancellations };
  }
  return { order, transaction };
}

/** `make serve`'s VTEX proxy: `{ configured, account? }`, or null when this server has none. */
export async function proxyStatus() {
  try {
    const res = await fetch("/proxy/vtex/status");
    return res.ok ? await res.json() : null;
  } catch {
    return null;
  }
}

/** The boxes filled from VTEX through the proxy; the options box stays as it is. */
export async function fetchFromVtex(orderId) {
  try {
    const { order, transaction } = await readFromVtex(orderId);
    $("rec-order").value = pretty(order);
    $("rec-transaction").value = pretty(transaction);
    run();
    showResult();
  } catch (e) {
    app.reconciliation = { error: e };
    verdict("invalid", `<strong>Could not fetch order ${esc(orderId)} from VTEX.</strong> ${esc(e.message)}`);
    clearResult();
  }
}

/** The boxes as JSON: `{ values }`, or `{ errors }` per box that is not JSON. */
function read() {
  const values = {};
  const errors = {};
  for (const box of BOXES) {
    const text = $(`rec-${box}`).value.trim();
    if (text === "") {
      values[box] = box === "order" ? undefined : null;
      continue;
    }
    try {
      values[box] = JSON.parse(text);
    } catch (e) {
      errors[box] = `Not JSON: ${e.message}`;
    }
  }
  return { values, errors };
}

function boxError(box, message) {
  const p = $(`rec-${box}-error`);
  p.hidden = !message;
  p.textContent = message ?? "";
  const area = $(`rec-${box}`);
  if (message) area.setAttribute("aria-invalid", "true");
  else area.removeAttribute("aria-invalid");
}

/** The verdict, the one live region: written only when it changes, so that a screen reader
 *  hears each new verdict once. */
function verdict(status, html) {
  const box = $("rec-verdict");
  const next = `<div class="verdict rec-${esc(status)}" data-verdict="${esc(status)}">${html}</div>`;
  if (box.innerHTML !== next) box.innerHTML = next;
}

function clearResult() {
  for (const id of ["rec-payments", "rec-findings", "rec-notes", "rec-explain"]) $(id).innerHTML = "";
}

/** After a whole document arrives (the example, a drop, a fetch), on a screen too narrow for
 *  the two panels side by side, the result is brought into view (below the boxes there). */
function showResult() {
  if (window.matchMedia("(max-width: 999px)").matches) $("rec-result-title").closest("section").scrollIntoView({ block: "start" });
}

/** Reconciles what the boxes hold now. */
export function run() {
  const { values, errors } = read();
  for (const box of BOXES) boxError(box, errors[box]);
  app.reconciliation = null;
  if (values.order === undefined && !Object.keys(errors).length) {
    verdict("idle", "<strong>Nothing to reconcile yet.</strong> Paste or drop an order and its gateway records, or load the example.");
    clearResult();
    return;
  }
  if (Object.keys(errors).length) {
    verdict("idle", `<strong>Not JSON yet.</strong> ${esc(Object.keys(errors).map(label).join(", "))}: see the box.`);
    clearResult();
    return;
  }
  const t0 = performance.now();
  let result;
  try {
    result = sp.reconcile(values.order, values.transaction, values.options ?? undefined);
  } catch (e) {
    // Only options throw (api.md section 9): said on the options box.
    $("rec-options-box").open = true;
    boxError("options", `${e.path ?? "options"}: ${e.message.replace(`${e.path}: `, "")}`);
    verdict("invalid", `<strong>The options are not valid.</strong> <code>${esc(e.path ?? "options")}</code>`);
    clearResult();
    app.reconciliation = { error: e };
    return;
  }
  $("rec-timing").textContent = `${(performance.now() - t0).toFixed(1)} ms`;
  app.reconciliation = { result, input: values };
  render(result);
}

const label = (box) => ({ order: "The order", transaction: "The gateway records", options: "The options" })[box];

/** Exact amounts of one result: the currency's digits read from an amount `reconcile` wrote. */
function moneyOf(r) {
  const any = r.payments[0]?.expected.settled ?? r.findings.find((f) => f.amount)?.amount ?? "0";
  const digits = (any.split(".")[1] ?? "").length;
  return new Money(r.currency ?? "XXX", digits);
}

function render(r) {
  if (r.status === "invalid") {
    const e = r.error ?? {};
    const box = (e.path ?? "").startsWith("transaction") ? "transaction" : "order";
    boxError(box, `${e.path}: ${e.message}`);
    verdict("invalid", `<strong>${VERDICT.invalid}</strong> <code data-path>${esc(e.path)}</code>: ${esc(e.message)}`);
    clearResult();
    return;
  }
  const m = moneyOf(r);
  const drifting = r.payments.filter((p) => p.status !== "matched").length;
  const bySeverity = Object.keys(SEVERITY)
    .map((s) => [s, r.findings.filter((f) => f.severity === s).length])
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${COUNTED[s]}`);
  const findings = `${r.findings.length} finding${r.findings.length === 1 ? "" : "s"}${bySeverity.length ? `: ${bySeverity.join(", ")}` : ""}`;
  const payments = `${drifting} of ${r.payments.length} payment${r.payments.length === 1 ? "" : "s"} off`;
  verdict(
    r.status,
    `<strong>${VERDICT[r.status] ?? esc(r.status)}</strong> Order <span data-k="rec.orderId">${esc(r.orderId ?? "(no id)")}</span> (${esc(r.currency)}): ${
      r.status === "matched" ? "every payment recorded as the rules expect." : `${payments}; ${findings}.`}`,
  );
  $("rec-payments").innerHTML = `<div class="rec-cards">${r.payments.map((p, i) => paymentCard(p, i, m)).join("")}</div>`;
  $("rec-findings").innerHTML = findingList(r, m);
  $("rec-notes").innerHTML = r.notes.length
    ? `<details class="notes rec-notes"><summary>${r.notes.length} note${r.notes.length === 1 ? "" : "s"} on how the documents were read</summary><ul>${r.notes
        .map((n) => `<li><span class="code">${esc(n.code)}</span> <code>${esc(n.path)}</code> ${esc(n.message)}</li>`)
        .join("")}</ul></details>`
    : "";
  $("rec-explain").innerHTML = explainHtml(r.explain, m, "Why: expected and recorded, line by line");
}

/** An amount with its exact string in data-amount: in the currency's format, or (`plain`, in
 *  the payment tables, whose header names the currency once) as a number in the page's locale. */
const amt = (m, key, value, plain = false) =>
  `<span class="amt" data-k="${esc(key)}" data-amount="${esc(value)}">${esc(plain ? m.plain.format(value) : m.show(value))}</span>`;

/** A payment: expected, recorded and drift per figure; a figure that drifts is marked by its
 *  row (a sign, a word for screen readers, a highlight), never by colour alone. */
function paymentCard(p, index, m) {
  const rows = FIGURES.map((k) => {
    const drift = p.drift[k];
    const off = m.minor(drift) !== 0n;
    const key = (side) => `rec.${p.id}.${side}.${k}`;
    return `<tr class="${off ? "drifted" : ""}" data-figure="${k}"${off ? ' data-drift="true"' : ""}>
      <th scope="row"><span class="key ${k}"></span>${k}</th>
      <td class="num">${amt(m, key("expected"), p.expected[k], true)}</td>
      <td class="num">${amt(m, key("recorded"), p.recorded[k], true)}</td>
      <td class="num drift">${off ? `<span class="mark" aria-hidden="true">≠</span><span class="sr-only">drift </span>${m.minor(drift) > 0n ? "+" : ""}` : ""}${amt(m, key("drift"), drift, true)}</td></tr>`;
  }).join("");
  return `<article class="payment rec-payment" data-payment="${esc(p.id)}" aria-labelledby="rec-pay-${index}">
    <header><h3 id="rec-pay-${index}">${esc(p.id)}</h3><span class="group">${esc(p.group)}</span>
    <span class="muted">in ${esc(m.currency)}</span>
    <span class="badge rec-${esc(p.status)}" data-status="${esc(p.status)}">${esc(p.status)}</span></header>
    <table class="figures rec-figures"><caption class="sr-only">${esc(p.id)}: expected, recorded and drift (recorded − expected), in ${esc(m.currency)}</caption>
    <thead><tr><th scope="col"><span class="sr-only">Figure</span></th><th scope="col" class="num">Expected</th><th scope="col" class="num">Recorded</th><th scope="col" class="num">Drift</th></tr></thead>
    <tbody>${rows}</tbody></table></article>`;
}

function findingList(r, m) {
  if (!r.findings.length) return "";
  const item = (f, i) => `<li class="finding sev-${esc(f.severity)}" data-code="${esc(f.code)}">
    <div class="finding-head"><span class="sev" data-severity="${esc(f.severity)}">${esc(SEVERITY[f.severity] ?? f.severity)}</span>
    <span class="code">${esc(f.code)}</span>${f.paymentId ? ` <span class="muted">${esc(f.paymentId)}</span>` : ""}${
      f.amount != null ? ` ${amt(m, `rec.finding.${i}.amount`, f.amount)}` : ""}</div>
    <p class="text">${esc(f.message)}</p></li>`;
  return `<div class="findings"><h3>Findings <span class="muted">(${r.findings.length})</span></h3><ul>${r.findings.map(item).join("")}</ul></div>`;
}

/** The view's own events: typing (reconciled a moment after the last keystroke), the example,
 *  clear, a file dropped on a box, and fetching from VTEX when the proxy is on. */
export function bindReconcile() {
  app.examples = [...EXAMPLES];
  listExamples();
  listFixtures();
  let timer;
  $("rec-form").addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 200);
  });
  $("rec-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    clearTimeout(timer);
    run();
  });
  // A pasted `{ order, transaction, options }` document fills the three boxes.
  $("rec-order").addEventListener("paste", (ev) => {
    const text = ev.clipboardData?.getData("text") ?? "";
    if ($("rec-order").value.trim() === "" && boxOf(safeParse(text)) === "all") {
      ev.preventDefault();
      place(text);
    }
  });
  $("rec-load").addEventListener("click", () => loadExample(Number($("rec-source").value)));
  $("rec-clear").addEventListener("click", () => {
    for (const box of BOXES) $(`rec-${box}`).value = "";
    run();
  });
  $("rec-vtex").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const id = $("rec-vtex-id").value.trim();
    if (id) fetchFromVtex(id);
  });
  offerVtex();
  for (const box of BOXES) {
    $(`rec-${box}`).addEventListener("drop", async (ev) => {
      const file = ev.dataTransfer?.files?.[0];
      if (!file) return;
      ev.preventDefault();
      ev.stopPropagation();
      $("drop-hint").hidden = true;
      place(await file.text(), box);
    });
  }
  run();
}

function safeParse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
