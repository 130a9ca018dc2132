// `reconcile` from the installed package (api.md section 9): the core's fixtures
// (tests/reconcile/*.json, `{ order, transaction, options?, expect }`, each written by hand) run
// through the package and compared with `expect` exactly, with `import`, with `require`, with
// the web build in Node (initSync) and in headless Chromium (after `await init()`); then hostile
// documents, which never throw (a result with status `invalid`, `error` naming the place), and
// bad options, which do (INVALID_INPUT with the option's path).
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import * as sp from "settlement-preview";
import * as web from "settlement-preview/web";
import { inChromium, skipBrowser } from "./browser.lib.mjs";
import { ROOT } from "./scenarios.lib.mjs";

const cjs = createRequire(import.meta.url)("settlement-preview");
const webDir = path.dirname(fileURLToPath(import.meta.resolve("settlement-preview/web")));
web.initSync({ module: fs.readFileSync(path.join(webDir, "settlement_preview_bg.wasm")) });

/** Every fixture of tests/reconcile: `{ file, fixture }`. */
function loadFixtures() {
  const dir = path.join(ROOT, "tests", "reconcile");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => ({ file, fixture: JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) }));
}
const FIXTURES = loadFixtures();

/** `expect` compared with the result exactly: every key `expect` names, deeply, and no key of
 *  the result's top level that `expect` leaves out except `explain` and `notes` (a fixture may
 *  leave those long lists to the Rust harness). */
function assertExpected(actual, expect, label) {
  const skippable = new Set(["explain", "notes"]);
  for (const key of Object.keys(actual)) {
    assert.ok(key in expect || skippable.has(key), `${label}: expect leaves out \`${key}\``);
  }
  const shown = Object.fromEntries(Object.keys(expect).map((k) => [k, actual[k]]));
  assert.deepEqual(shown, expect, label);
}

test("the core's fixtures exist and cover every status", () => {
  assert.ok(FIXTURES.length >= 4, `${FIXTURES.length} fixtures in tests/reconcile (the core's, branch reconcile)`);
  const statuses = new Set(FIXTURES.map(({ fixture }) => fixture.expect.status));
  for (const s of ["matched", "difference", "pending", "invalid"]) assert.ok(statuses.has(s), `no fixture of status ${s}`);
});

for (const { file, fixture } of FIXTURES) {
  test(`${file}: import, require and the web build give \`expect\` exactly`, () => {
    const { order, transaction = null, options } = fixture;
    const got = sp.reconcile(order, transaction, options);
    assertExpected(got, fixture.expect, file);
    assert.deepEqual(cjs.reconcile(order, transaction, options), got, `${file}: require differs`);
    assert.deepEqual(web.reconcile(order, transaction, options), got, `${file}: the web build differs`);
    // Amounts are exact decimal strings, never numbers.
    for (const p of got.payments) {
      for (const side of ["expected", "recorded", "drift"]) {
        for (const [k, v] of Object.entries(p[side])) assert.match(v, /^-?\d+(\.\d+)?$/, `${file}: ${p.id}.${side}.${k}`);
      }
    }
    // explain: false leaves the lines out and changes nothing else.
    const quiet = sp.reconcile(order, transaction, { ...options, explain: false });
    assert.deepEqual(quiet.explain, []);
    assert.deepEqual({ ...quiet, explain: got.explain }, got, `${file}: explain: false changed more than explain`);
  });
}

/** Every fixture through `sp` (runs in Node and, through its source, in a page). */
export function reconcileAll(sp, fixtures) {
  return fixtures.map(({ order, transaction, options }) => {
    try {
      return sp.reconcile(order, transaction ?? null, options);
    } catch (e) {
      return { threw: { isError: e instanceof Error, code: e.code, path: e.path, message: e.message } };
    }
  });
}

const PAGE = `<!doctype html><meta charset="utf-8"><title>settlement-preview reconcile</title>
<script type="module">
  import init, * as sp from "/pkg/web/settlement_preview.js";
  await init();
  ${reconcileAll.toString()}
  window.reconcileAll = (fixtures) => reconcileAll(sp, fixtures);
  window.ready = true;
</script>`;

test("Chromium: every fixture through the web build gives what Node gives, and `expect`", { skip: skipBrowser, timeout: 120_000 }, async () => {
  assert.ok(FIXTURES.length > 0, "no fixtures");
  const fixtures = FIXTURES.map(({ fixture }) => fixture);
  await inChromium(PAGE, "pkg/web", webDir, async (page) => {
    const got = await page.evaluate((f) => window.reconcileAll(f), fixtures);
    assert.deepEqual(got, reconcileAll(sp, fixtures));
    got.forEach((r, i) => assertExpected(r, fixtures[i].expect, `Chromium ${FIXTURES[i].file}`));
  });
});

// ----- Hostile documents: never thrown, a result that says where ------------------------------

const example = JSON.parse(fs.readFileSync(path.join(ROOT, "examples", "reconcile", "return-not-refunded.json"), "utf8"));
const GOOD = sp.reconcile(example.order, example.transaction, example.options);

/** `r` is an `invalid` result whose error is INVALID_INPUT at `where` (exact, or a RegExp). */
function invalidAt(r, where, label) {
  assert.equal(r.status, "invalid", `${label}: status`);
  assert.deepEqual(r.payments, [], `${label}: no payments`);
  assert.equal(r.error?.code, "INVALID_INPUT", `${label}: ${JSON.stringify(r.error)}`);
  assert.equal(typeof r.error.message, "string");
  assert.ok(r.error.message.length > 0 && r.error.message.length < 4096, `${label}: message`);
  if (where instanceof RegExp) assert.match(r.error.path, where, `${label}: path`);
  else assert.equal(r.error.path, where, `${label}: path (${r.error.message})`);
}

const throwing = (o, key) => Object.defineProperty({ ...o }, key, { enumerable: true, get() { throw new Error("boom"); } });
const wide = (o, n) => {
  const out = { ...o };
  for (let i = 0; i < n; i++) out[`f${i}`] = i;
  return out;
};
const { order, transaction, options } = example;
const item0 = (patch) => ({ ...order, items: [{ ...order.items[0], ...patch }, ...order.items.slice(1)] });
const action0 = (patch) => ({
  ...transaction,
  settlements: { ...transaction.settlements, actions: [{ ...transaction.settlements.actions[0], ...patch }, ...transaction.settlements.actions.slice(1)] },
});

// [label, order, transaction, where]: what the bindings' walk refuses (exact paths) and what
// the core cannot read (a path under the document).
const HOSTILE = [
  ["no order at all", undefined, transaction, "order"],
  ["order null", null, transaction, /^order/],
  ["order a number", 42, transaction, /^order/],
  ["order a string", "{\"orderId\":1}", transaction, /^order/],
  ["order an array", [order], transaction, /^order/],
  ["order {}", {}, transaction, /^order/],
  ["an item price that is a function", item0({ price: () => 1 }), transaction, "order.items[0].price"],
  ["an item price NaN", item0({ price: NaN }), transaction, "order.items[0].price"],
  ["an item price a BigInt", item0({ price: 10000n }), transaction, "order.items[0].price"],
  ["an item price a symbol", item0({ price: Symbol("x") }), transaction, "order.items[0].price"],
  ["an item price 12.5 cents", item0({ price: 12.5 }), transaction, /^order\.items\[0\]\.price/],
  ["a getter that throws", throwing(order, "value"), transaction, "order.value"],
  ["a Date as the order", new Date(0), transaction, "order"],
  ["a Map as the transaction", order, new Map(), "transaction"],
  ["a class instance in the transaction", order, { ...transaction, payments: [new (class Payment {})()] }, "transaction.payments[0]"],
  ["too many fields", wide(order, 2000), transaction, "order"],
  ["nested 40 deep", { ...order, deep: JSON.parse("[".repeat(40) + "]".repeat(40)) }, transaction, /^order\.deep/],
  ["a million items", { ...order, items: new Array(1_000_000).fill(order.items[0]) }, transaction, "order.items"],
  ["an action value that is a function", order, action0({ value: () => 1 }), "transaction.settlements.actions[0].value"],
  ["an action value Infinity", order, action0({ value: Infinity }), "transaction.settlements.actions[0].value"],
  ["an action value a decimal string with letters", order, action0({ value: "11x" }), /^transaction\.settlements\.actions\[0\]\.value/],
  ["an action value of 1.5 cents", order, action0({ value: 1.5 }), /^transaction\.settlements\.actions\[0\]\.value/],
  ["a transaction that is a string", order, "Finished", /^transaction/],
  ["payments that is an object", order, { ...transaction, payments: { id: "VISA-1" } }, /^transaction\.payments/],
];

for (const [label, build] of [["nodejs build", sp], ["web build", web]]) {
  test(`${label}: ${HOSTILE.length} hostile documents never throw: status invalid, the path of the fault`, () => {
    for (const [name, o, t, where] of HOSTILE) {
      let r;
      assert.doesNotThrow(() => {
        r = build.reconcile(o, t, options);
      }, name);
      invalidAt(r, where, name);
      // The module goes on: the example reconciles as before.
      assert.deepEqual(build.reconcile(order, transaction, options), GOOD, `${name}: the module no longer works`);
    }
  });
}

test("the example reconciles (the guard of the hostile cases): the return's refund is missing", () => {
  assert.equal(GOOD.orderId, "1400000000002-01");
  assert.equal(GOOD.currency, "BRL");
  assert.equal(GOOD.status, "difference");
  const card = GOOD.payments.find((p) => p.id === "VISA-1");
  assert.deepEqual(
    [card.expected, card.recorded, card.drift],
    [
      { settled: "260.00", cancelled: "0.00", refunded: "50.00", open: "0.00" },
      { settled: "260.00", cancelled: "0.00", refunded: "0.00", open: "0.00" },
      { settled: "0.00", cancelled: "0.00", refunded: "-50.00", open: "0.00" },
    ],
  );
  assert.ok(GOOD.findings.some((f) => f.code === "RETURN_NOT_REFUNDED" && f.paymentId === "VISA-1" && f.amount === "50.00" && f.severity === "money"));
  assert.equal(GOOD.error, undefined);
});

test("a missing transaction (null or undefined) reads as no records at all, not as an error", () => {
  const none = sp.reconcile(order, null, options);
  assert.notEqual(none.status, "invalid");
  assert.deepEqual(sp.reconcile(order, undefined, options), none);
  assert.ok(none.payments.length > 0);
  assert.ok(none.payments.every((p) => p.recorded.settled === "0.00" && p.recorded.refunded === "0.00"));
});

// ----- Bad options: thrown, with their path --------------------------------------------------

test("bad options throw INVALID_INPUT with the option's path, also when the documents are bad", () => {
  const refused = (fn, where, label) => {
    let caught;
    try {
      fn();
    } catch (e) {
      caught = e;
    }
    assert.ok(caught instanceof Error, `${label}: nothing (or not an Error) was thrown`);
    assert.equal(caught.code, "INVALID_INPUT", label);
    if (where instanceof RegExp) assert.match(caught.path, where, label);
    else assert.equal(caught.path, where, `${label}: ${caught.message}`);
    assert.ok(caught.message.startsWith(`${caught.path}: `), caught.message);
  };
  for (const build of [sp, web, cjs]) {
    refused(() => build.reconcile(order, transaction, { explain: "yes" }), "options.explain", "explain a string");
    refused(() => build.reconcile(order, transaction, { split: "evenly" }), "options.split", "an unknown split");
    refused(() => build.reconcile(order, transaction, { connectors: { byGroup: { creditCard: { mode: "sometimes" } } } }), "options.connectors.byGroup.creditCard.mode", "an unknown mode");
    refused(() => build.reconcile(order, transaction, { currency: "XYZ" }), "options.currency", "an unknown currency");
    refused(() => build.reconcile(order, transaction, { explain: () => true }), "options.explain", "a function");
    refused(() => build.reconcile(order, transaction, throwing({}, "split")), "options.split", "a getter that throws");
    refused(() => build.reconcile(order, transaction, "explain"), "options", "options a string");
    // The options are checked first: bad options throw even when the documents are unreadable.
    refused(() => build.reconcile(42, () => 0, { explain: 1 }), "options.explain", "bad options and bad documents");
    assert.deepEqual(build.reconcile(order, transaction, options), GOOD, "the module keeps working");
  }
});
