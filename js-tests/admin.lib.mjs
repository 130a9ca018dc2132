// What the admin page's Chromium tests share (admin.test.mjs, admin-v2.test.mjs): the page
// served by examples/admin/serve.mjs from the installed package, opened in headless Chromium,
// and every amount it shows checked against the engine in Node.
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as sp from "settlement-preview";
import { launchChromium } from "./browser.lib.mjs";

export const root = process.env.SP_ROOT;
export const pkgDir = path.dirname(fileURLToPath(import.meta.resolve("settlement-preview/package.json")));
export const outDir = path.join(process.env.SP_JS_TESTS, "out");

// ----- Exact amounts in the test (the engine writes every amount at the currency's digits) ----
const scaleOf = (a) => (String(a).split(".")[1] ?? "").length;
function big(a, scale) {
  const [w, f = ""] = String(a).replace(/^-/, "").split(".");
  const v = BigInt(w + f.padEnd(scale, "0"));
  return String(a).startsWith("-") ? -v : v;
}
function text(v, scale) {
  const neg = v < 0n;
  const s = (neg ? -v : v).toString().padStart(scale + 1, "0");
  return `${neg ? "-" : ""}${scale ? `${s.slice(0, -scale)}.${s.slice(-scale)}` : s}`;
}
/** a − b − c… of amount strings at one scale. */
const minus = (a, ...rest) => {
  const scale = scaleOf(a);
  return text(rest.reduce((acc, x) => acc - big(x, scale), big(a, scale)), scale);
};

/** What every `data-k` amount on the page must be, from the engine: the ledgers before (the
 *  state the page previews on) and after (`apply`), and the outcome's figures. */
export function expected(state, operation, options) {
  const { state: after, outcome } = sp.apply(state, operation, options);
  const exp = new Map();
  for (const k of ["settle", "cancel", "refund", "open"]) {
    exp.set(`outcome.${k}`, outcome[k]);
    exp.set(`outcome.gateway.${k}`, outcome.gateway[k]);
  }
  exp.set("outcome.newCharge", outcome.newCharge);
  for (const k of ["valueAfter", "invoicedAfter", "returnedAfter", "remainingToInvoice"]) exp.set(`order.${k}`, outcome.order[k]);
  const views = (p) => ({
    gateway: { settled: p.settled, open: minus(p.value, p.settled, p.cancelled), cancelled: p.cancelled, refunded: p.refunded },
    provider: { settled: p.captured, open: minus(p.value, p.captured, p.voided), cancelled: p.voided, refunded: p.providerRefunded },
  });
  for (const [when, s] of [["before", state], ["after", outcome.accepted ? after : state]]) {
    for (const p of s.transaction.payments) {
      exp.set(`payment.${p.id}.value.${when}`, p.value);
      for (const [view, figures] of Object.entries(views(p))) {
        for (const [k, v] of Object.entries(figures)) exp.set(`payment.${p.id}.${view}.${k}.${when}`, v);
      }
    }
  }
  return { exp, outcome };
}

/** Every amount in the preview panel: its key, the exact amount it carries and the text shown,
 *  with the text the page's Intl.NumberFormat gives that exact amount. */
export const shownAmounts = (page) =>
  page.evaluate(() => {
    const cur = window.admin.state.currency;
    const digits = (window.admin.state.value.split(".")[1] ?? "").length;
    const fmt = new Intl.NumberFormat(undefined, { style: "currency", currency: cur, minimumFractionDigits: digits, maximumFractionDigits: digits });
    return [...document.querySelectorAll("#preview [data-k][data-amount]")].map((el) => ({
      key: el.dataset.k,
      amount: el.dataset.amount,
      shown: el.textContent,
      formatted: fmt.format(el.dataset.amount),
      right: getComputedStyle(el.closest("td, .figure, dd") ?? el).textAlign,
    }));
  });

/** Checks the page's preview against the engine; returns the outcome. `requestOperation`: the
 *  operation the request must carry when it is not the previewed one (a v2 change previewed at
 *  VTEX's figure sends the body VTEX previewed). */
export async function checkAgainstEngine(page, label, { requestOperation } = {}) {
  await page.waitForFunction(() => window.admin.settled);
  const { state, last, options, requestOptions } = await page.evaluate(() => ({
    state: window.admin.state,
    last: window.admin.last,
    options: window.admin.options,
    requestOptions: window.admin.requestOptions,
  }));
  assert.ok(last?.operation, `${label}: the page previewed an operation`);
  const { exp, outcome } = expected(state, last.operation, options ?? undefined);
  assert.deepEqual(last.outcome, outcome, `${label}: the page's outcome is the engine's`);
  const shown = await shownAmounts(page);
  assert.ok(shown.length > 0, `${label}: amounts shown`);
  for (const s of shown) {
    assert.ok(exp.has(s.key), `${label}: ${s.key} is a known figure`);
    assert.equal(s.amount, exp.get(s.key), `${label}: ${s.key}`);
    assert.equal(s.shown, s.formatted, `${label}: ${s.key} is shown in the currency's format`);
  }
  // Each payment: 4 figures × 2 views × before/after, plus its authorization; one view when the
  // gateway's figures are the provider's (then they must be, figure by figure).
  const cards = await page.$$eval("#payments [data-payment]", (els) => els.map((el) => [el.dataset.payment, el.dataset.views]));
  const views = new Map(cards);
  for (const [id, n] of cards) {
    if (n !== "one") continue;
    for (const k of ["settled", "open", "cancelled", "refunded"]) {
      for (const when of ["before", "after"]) {
        assert.equal(exp.get(`payment.${id}.provider.${k}.${when}`), exp.get(`payment.${id}.gateway.${k}.${when}`), `${label}: ${id} shown once: the views agree on ${k} ${when}`);
      }
    }
  }
  if (outcome.accepted) {
    for (const p of state.transaction.payments) {
      const n = shown.filter((s) => s.key.startsWith(`payment.${p.id}.`)).length;
      assert.ok(n >= (views.get(p.id) === "one" ? 9 : 17), `${label}: every figure of ${p.id} is shown (${n})`);
    }
    const status = await page.textContent('#preview [data-k="order.statusAfter"]');
    assert.equal(status, outcome.order.statusAfter);
    const warnings = await page.$$eval("#warnings [data-code]", (els) => els.map((e) => e.dataset.code));
    assert.deepEqual(warnings, outcome.warnings.map((w) => w.code), `${label}: warnings`);
    for (const cell of shown.filter((s) => s.key.startsWith("payment.") && !s.key.includes(".value."))) {
      assert.equal(cell.right, "right", `${label}: ${cell.key} right-aligned`);
    }
  }
  // The request panel: toVtexRequest's request for this operation (or why there is none).
  if (outcome.accepted) {
    let request;
    try {
      request = sp.toVtexRequest(state, requestOperation ?? last.operation, requestOptions);
    } catch (e) {
      assert.equal(last.requestError?.message, e.message, `${label}: the request's error`);
    }
    if (request) {
      assert.deepEqual(last.request, request, `${label}: the request`);
      assert.equal(await page.textContent("[data-request-path]"), request.path);
      assert.deepEqual(JSON.parse(await page.textContent("[data-request]")), request.body, `${label}: the request body shown`);
      if (last.operation.api === "v2") {
        const preview = sp.toVtexRequest(state, requestOperation ?? last.operation, { ...requestOptions, preview: true });
        assert.deepEqual(last.previewRequest, preview, `${label}: the preview request`);
        assert.equal(await page.textContent("[data-preview-request-path]"), preview.path);
      }
    }
  } else {
    assert.equal(await page.$("[data-request]"), null, `${label}: no request for a rejected operation`);
  }
  assert.ok(outcome.explain.length > 0, `${label}: the outcome explains itself`);
  {
    const lines = await page.$$eval("#explain li .text", (els) => els.map((e) => e.textContent));
    assert.deepEqual(lines, outcome.explain.map((l) => l.text), `${label}: the explanation`);
    const tags = await page.$$eval("#explain li .tag", (els) => els.length);
    assert.equal(tags, outcome.explain.filter((l) => l.amount != null).length, `${label}: a tag per line that moves money`);
  }
  return { outcome, operation: last.operation, state };
}

export async function withPage(fn, serverOptions = {}, { clock, ...pageOptions } = {}) {
  const { start } = await import(path.join(root, "examples", "admin", "serve.mjs"));
  const server = await start({ pkgDir, port: 0, ...serverOptions });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, ...pageOptions });
    if (clock) await page.clock.setFixedTime(clock);
    const problems = [];
    page.on("pageerror", (e) => problems.push(String(e)));
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction("window.ready === true", null, { timeout: 30_000 });
    await fn(page);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.close();
  }
}

export const sourceIndex = async (page, prefix) => {
  const labels = await page.evaluate(() => window.admin.sources());
  const i = labels.findIndex((l) => l.startsWith(prefix));
  assert.ok(i >= 0, `a source "${prefix}" (${labels.join("; ")})`);
  return i;
};
/** Chooses a source in the order picker and waits until it is loaded (and loaded well). */
export const select = async (page, prefix) => {
  const i = String(await sourceIndex(page, prefix));
  await page.selectOption("#source", i);
  await page.waitForFunction((i) => document.body.dataset.source === i, i);
  assert.equal(await page.isHidden("#load-error"), true, `${prefix} loads`);
};
