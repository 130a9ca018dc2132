// A soak (issue 4): many previews and applies from Node against the installed package, through
// Ledgers (created and freed) and the stateless calls (preview, apply, simulate, and reconcile
// of issue 16 on a VTEX order with its gateway records, readable or not), a mix of
// accepted operations, business-rule rejections and INVALID_INPUT. It prints the WebAssembly
// memory and the process memory after warm-up and at the end, and fails on growth.
//
//   node --expose-gc soak.mjs [CALLS]    (run.mjs runs it from the installed tarball when SOAK=CALLS)
//
// The package does not expose its WebAssembly memory, and should not have to: this script wraps
// the `WebAssembly.Instance` constructor before it loads the package, so it sees the instance
// that the nodejs build creates at load time and reads `instance.exports.memory` (and the table
// of JavaScript values wasm-bindgen keeps, when the module exports one).
//
// Bounds, and why they are not flaky:
// - WebAssembly memory never shrinks and only grows when the allocator runs out. After the
//   warm-up has run every kind of call, a loop that frees what it allocates reuses the same
//   memory: any growth at all beyond WASM_SLACK_PAGES (2 pages, 128 KiB, for allocator
//   fragmentation) means something is kept per call. A leak of even 16 bytes a call is 1.6 MB
//   over 100 000 calls: 25 pages, far above the bound.
// - The wasm-bindgen table of JavaScript values must come back to its size after warm-up
//   (a leaked JsValue is one slot a call): at most TABLE_SLACK slots more.
// - Process memory is measured after `global.gc()`; the V8 heap of a loop that keeps nothing
//   stays flat, but JIT code and caches move by a few MB: heapUsed may grow by at most 8 MiB,
//   rss (which also holds the WebAssembly memory, checked exactly above, and allocator pages
//   the OS has not taken back) by at most 64 MiB.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const CALLS = Number(process.argv[2] ?? process.env.SOAK ?? 40_000);
const WASM_SLACK_PAGES = 2;
const TABLE_SLACK = 64;
const HEAP_SLACK = 8 * 2 ** 20;
const RSS_SLACK = 64 * 2 ** 20;
const PAGE = 65_536;

if (typeof global.gc !== "function") {
  console.error("soak.mjs: run with node --expose-gc");
  process.exit(2);
}

// See every instance the package creates.
const instances = [];
const RealInstance = WebAssembly.Instance;
WebAssembly.Instance = new Proxy(RealInstance, {
  construct(target, args, newTarget) {
    const instance = Reflect.construct(target, args, newTarget);
    instances.push(instance);
    return instance;
  },
});
const require = createRequire(path.join(process.cwd(), "package.json"));
const sp = require("settlement-preview");
WebAssembly.Instance = RealInstance;
assert.equal(instances.length, 1, "expected the package to create one WebAssembly instance");
const exports = instances[0].exports;
assert.ok(exports.memory instanceof WebAssembly.Memory, "no exported memory");
const table = Object.values(exports).find((v) => v instanceof WebAssembly.Table);

// ----- The workload -----------------------------------------------------------------------------
const ROOT = process.env.SP_ROOT ?? path.resolve(import.meta.dirname, "..");
const example = JSON.parse(fs.readFileSync(path.join(ROOT, "examples", "order.json"), "utf8"));
const { state, operations } = example;
const invoice = operations[0];
const EXPECTED = {
  preview: sp.preview(state, invoice),
  rejected: sp.preview(state, { ...invoice, value: "1000.00" }),
  simulate: sp.simulate(state, operations),
};
// Reconciliation: VTEX's documents, a result with findings, and an unreadable order (a result too).
const rec = JSON.parse(fs.readFileSync(path.join(ROOT, "examples", "reconcile", "return-not-refunded.json"), "utf8"));
const unreadable = { ...rec.order, value: "26x" };
EXPECTED.reconcile = sp.reconcile(rec.order, rec.transaction, rec.options);
EXPECTED.unreadable = sp.reconcile(unreadable, rec.transaction, rec.options);
assert.equal(EXPECTED.reconcile.status, "difference");
assert.equal(EXPECTED.unreadable.status, "invalid");
assert.equal(EXPECTED.preview.accepted, true);
assert.equal(EXPECTED.rejected.accepted, false);
const bad = [
  () => sp.preview(state, { ...invoice, value: "12,00" }),
  () => sp.apply(state, { ...invoice, items: [{ id: "A", quantity: -0 }] }),
  () => sp.simulate(state, [invoice, { type: "refund" }]),
  () => new sp.Ledger({ ...state, currency: "XXX" }),
  () => sp.preview(state, { type: "cancel", reason: NaN }),
  () => sp.preview(state, new Map()),
];

let calls = 0;
let invalid = 0;
let rejected = 0;
let checked = 0;

function throwsInvalid(fn) {
  try {
    fn();
  } catch (e) {
    if (e?.code !== "INVALID_INPUT") throw e;
    invalid++;
    return;
  }
  throw new Error("expected INVALID_INPUT");
}

/** One round: about 12 calls into the module; every 500th round compares results in full. */
function round(i) {
  const check = i % 500 === 0;
  // Stateless.
  const p = sp.preview(state, invoice);
  const r = sp.preview(state, { ...invoice, value: "1000.00" });
  const a = sp.apply(state, invoice);
  calls += 3;
  if (!r.accepted) rejected++;
  throwsInvalid(bad[i % bad.length]);
  calls++;
  // A ledger: created, previews and applies, its state read, freed.
  const ledger = new sp.Ledger(state);
  try {
    const lp = ledger.preview(invoice);
    const la = ledger.apply(invoice);
    const lr = ledger.apply({ ...invoice, number: "NF-X", value: "1000.00" });
    throwsInvalid(() => ledger.apply({ ...invoice, ammount: "1.00" }));
    const next = ledger.preview(operations[1 + (i % (operations.length - 1))]);
    calls += 5;
    if (!lr.accepted) rejected++;
    if (check) {
      assert.deepEqual(p, EXPECTED.preview);
      assert.deepEqual(r, EXPECTED.rejected);
      assert.deepEqual(a.outcome, EXPECTED.preview);
      assert.deepEqual(lp, EXPECTED.preview);
      assert.deepEqual(la, EXPECTED.preview);
      assert.deepEqual(ledger.state(), a.state);
      assert.equal(typeof next.accepted, "boolean");
      checked++;
    }
  } finally {
    ledger.free();
  }
  // A reconciliation every other round, an unreadable order every tenth.
  if (i % 2 === 0) {
    const rc = sp.reconcile(rec.order, rec.transaction, rec.options);
    calls++;
    if (check) assert.deepEqual(rc, EXPECTED.reconcile);
  }
  if (i % 10 === 5) {
    const ru = sp.reconcile(unreadable, rec.transaction, rec.options);
    calls++;
    if (ru.status === "invalid") invalid++;
  }
  // A whole simulation now and then (it runs every operation of the example).
  if (i % 10 === 0) {
    const s = sp.simulate(state, operations);
    calls++;
    if (check) assert.deepEqual(s, EXPECTED.simulate);
  }
}

function measure() {
  global.gc();
  global.gc();
  const { rss, heapUsed } = process.memoryUsage();
  return { wasm: exports.memory.buffer.byteLength, table: table?.length ?? null, rss, heapUsed };
}

const mib = (n) => `${(n / 2 ** 20).toFixed(1)} MiB`;
const show = (m) =>
  `wasm ${m.wasm} bytes (${m.wasm / PAGE} pages), table ${m.table ?? "n/a"}, rss ${mib(m.rss)}, heapUsed ${mib(m.heapUsed)}`;

// Warm-up: every kind of call, enough for the allocator and the JIT to settle.
const WARMUP = 2_000;
for (let i = 0; i < WARMUP; i++) round(i);
const start = measure();
console.log(`soak: start (after ${WARMUP} warm-up rounds): ${show(start)}`);

const began = process.hrtime.bigint();
calls = 0;
invalid = 0;
rejected = 0;
let i = 0;
let lastReport = began;
while (calls < CALLS) {
  round(i++);
  if (i % 20_000 === 0) {
    const now = process.hrtime.bigint();
    if (now - lastReport > BigInt(process.env.SOAK_REPORT_NS ?? 30_000_000_000)) {
      lastReport = now;
      console.log(`soak: ${calls} calls, wasm ${exports.memory.buffer.byteLength / PAGE} pages, table ${table?.length}`);
    }
  }
}
const seconds = Number(process.hrtime.bigint() - began) / 1e9;
const end = measure();
console.log(`soak: end   (${calls} calls in ${i} rounds, ${seconds.toFixed(1)} s, ${Math.round(calls / seconds)} calls/s; ` +
  `${rejected} rejected, ${invalid} INVALID_INPUT, ${checked} rounds checked in full): ${show(end)}`);

// Known issue, measured apart: a JavaScript exception caught while reading input (a getter or a
// proxy trap that throws) costs one slot of wasm-bindgen's value table that is not reused (the
// slot is cleared, so the thrown object itself is not kept): 4 bytes of WebAssembly memory for
// its free list and 8 of table, for each such exception. It is printed here, and bounded so
// that it cannot get worse unnoticed; the main loop above does not throw from getters.
const EXCEPTIONS = 2_000;
const touched = () => {
  let n = 0;
  for (let k = 0; k < (table?.length ?? 0); k++) if (table.get(k) !== undefined) n++;
  return n;
};
const beforeExceptions = touched();
for (let k = 0; k < EXCEPTIONS; k++) {
  throwsInvalid(() => sp.preview(state, { type: "cancel", get reason() { throw new Error("boom"); } }));
}
const perException = (touched() - beforeExceptions) / EXCEPTIONS;
console.log(`soak: ${EXCEPTIONS} caught JavaScript exceptions: ${perException.toFixed(2)} value-table slots each (known issue)`);
if (table && perException > 1.05) {
  console.error(`soak: FAILED: caught exceptions leak ${perException} table slots each (known: at most 1)`);
  process.exit(1);
}

// The module still gives the right numbers.
assert.deepEqual(sp.preview(state, invoice), EXPECTED.preview);
const problems = [];
if (end.wasm - start.wasm > WASM_SLACK_PAGES * PAGE) {
  problems.push(`WebAssembly memory grew by ${(end.wasm - start.wasm) / PAGE} pages (at most ${WASM_SLACK_PAGES})`);
}
if (table && end.table - start.table > TABLE_SLACK) {
  problems.push(`the JavaScript value table grew by ${end.table - start.table} slots (at most ${TABLE_SLACK})`);
}
if (end.heapUsed - start.heapUsed > HEAP_SLACK) {
  problems.push(`heapUsed grew by ${mib(end.heapUsed - start.heapUsed)} (at most ${mib(HEAP_SLACK)})`);
}
if (end.rss - start.rss > RSS_SLACK) {
  problems.push(`rss grew by ${mib(end.rss - start.rss)} (at most ${mib(RSS_SLACK)})`);
}
if (problems.length) {
  console.error(`soak: FAILED\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log("soak: ok (no growth beyond the bounds)");
