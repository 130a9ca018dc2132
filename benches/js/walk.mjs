// The walk of src/bindings.rs (`jsonText`, issue 20, step 15) of two revisions side by side,
// without building the package: the inline JavaScript is taken from `git show REV:src/bindings.rs`.
//
//   node benches/js/walk.mjs diff REV_A REV_B [N]    N (20 000) random hostile values through
//       both walks: the same bytes (takeText; takeString where a revision has it), or the same
//       refusal (path and message), and the same getters and proxy traps run in the same order.
//       Field names are checked against the same maxText every call (as the bindings pass it).
//   node benches/js/walk.mjs bench REV_A REV_B [--items N | --op listing|plain] [--rounds R]
//       jsonText + takeText of bench.mjs's state of N (1 000) items (or of ab.mjs's operation),
//       CPU time per call against its floor
//       JSON.parse(JSON.stringify(state)), in one process, R (5) rounds in turns.
// REV may also be a path to a bindings.rs. Exit status 1 when `diff` finds a difference.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const option = (name, d) => { const i = args.indexOf(name); return i >= 0 ? Number(args.splice(i, 2)[1]) : d; };
const ITEMS = option("--items", 1000), ROUNDS = option("--rounds", 5);
// --op listing | plain: bench ledger.preview's operation instead of a state (ab.mjs's invoice
// listing 10 items, or without items), against JSON.parse(JSON.stringify(op)).
const oi = args.indexOf("--op"), OP = oi >= 0 ? args.splice(oi, 2)[1] : undefined;
const [mode, revA, revB, n] = args;
if (!["diff", "bench"].includes(mode) || !revB) {
  console.error("usage: node benches/js/walk.mjs diff|bench REV_A REV_B [N] [--items N] [--rounds R]");
  process.exit(2);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "walk-"));
async function load(rev, i) {
  const src = fs.existsSync(rev) ? fs.readFileSync(rev, "utf8") : execFileSync("git", ["show", `${rev}:src/bindings.rs`], { encoding: "utf8", maxBuffer: 1 << 26 });
  const start = src.indexOf('inline_js = r#"') + 'inline_js = r#"'.length;
  const file = path.join(tmp, `walk-${i}.mjs`);
  fs.writeFileSync(file, src.slice(start, src.indexOf('"#)]', start)));
  return import(pathToFileURL(file).href);
}
const A = await load(revA, 0), B = await load(revB, 1);
const memory = new WebAssembly.Memory({ initial: 64, maximum: 4096 });

if (mode === "bench") {
  // bench.mjs's order: N items of 2 units at 10.00, 2 payments, 3 invoices.
  const value = 20 * ITEMS;
  const state = {
    orderId: "BENCH-01", currency: "BRL", status: "handling",
    items: Array.from({ length: ITEMS }, (_, i) => ({ id: `SKU-${i}`, quantity: 2, price: "10.00", name: `Item ${i}` })),
    invoices: Array.from({ length: 3 }, (_, i) => ({ type: "output", number: `E-${i}`, value: "0.10" })),
    transaction: { payments: [0, 1].map((p) => ({ id: `p${p}`, group: "creditCard", value: (value / 2).toFixed(2), connector: { mode: "partial" }, settled: p === 0 ? "0.30" : "0.00" })) },
  };
  const ops = {
    listing: { type: "invoice", number: "NF-ITEMS", value: "100.00", items: Array.from({ length: 10 }, (_, i) => ({ id: `SKU-${i}`, quantity: 1, price: "10.00" })) },
    plain: { type: "invoice", number: "NF-NEW", value: "10.00" },
  };
  const input = OP === undefined ? state : ops[OP];
  let sink;
  const cpuTime = (fn) => {
    const batch = (k) => { const c0 = process.cpuUsage(); for (let i = 0; i < k; i++) sink = fn(); const c = process.cpuUsage(c0); return c.user + c.system; };
    let k = 1;
    while (batch(k) < 30_000) k *= 2;
    let best = Infinity;
    for (let b = 0; b < 5; b++) best = Math.min(best, batch(k) / k);
    return best;
  };
  // Since step 24 a text of at most `room` bytes (4,096, as the bindings keep) is copied by
  // jsonText itself.
  const cross = (m) => () => {
    const units = m.jsonText(input, 32, 200000, 64, 10000, 1024, memory, 0, 4096);
    if (units === -2) return m.takeString().length;
    if (m.jsonText.length >= 9 && units <= 4096) return units;
    return m.takeText(memory, 0, units * 3);
  };
  const floor = () => JSON.parse(JSON.stringify(input));
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const runs = [[], []];
  for (let r = 0; r < ROUNDS; r++) {
    [A, B].forEach((m, i) => { const t = cpuTime(cross(m)); runs[i].push([t, t / cpuTime(floor)]); });
  }
  [revA, revB].forEach((rev, i) => {
    const t = median(runs[i].map((x) => x[0])), f = median(runs[i].map((x) => x[1]));
    console.log(`${rev}: ${t.toFixed(1)} µs, ${f.toFixed(3)} of the floor, ${(t / median(runs[0].map((x) => x[0]))).toFixed(3)} of ${revA}'s time`);
  });
  console.log(`${OP === undefined ? `${ITEMS} items` : `the ${OP} operation`}, ${ROUNDS} rounds, load average ${os.loadavg().map((l) => l.toFixed(2)).join(", ")}`);
  process.exit(0);
}

// ----- diff: random hostile values ----------------------------------------------------------
let seed = 1;
const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const int = (n) => Math.floor(rnd() * n);
let log = [];
const STRINGS = ["", "a", "SKU-1", "10.00", "é", "日本", "😀", "\ud800", "\udc00x", "a\ud83d", "\u0000", "\u001f", "\"", "\\", "\n\t", "\u007f", "\u2028", "x".repeat(40), "ok\ud800\udc00", "\ufeff", "é".repeat(30), "a\"b\\c", "__proto__", "constructor", "k".repeat(1025), "é".repeat(600), "😀".repeat(600), "😀".repeat(1100), "\ud800".repeat(1030), "k".repeat(1024), "toString", "0", "1", "-1", "4294967295", "length"];
const NUMBERS = [0, -0, 1, -1, 2, 1.5, 0.1, 0.1 + 0.2, 2 ** 53, 2 ** 53 - 1, -(2 ** 53), 2 ** 53 + 2, 2 ** 60, 1e21, 1e15, 1e-7, 5e-324, 1.7976931348623157e308, NaN, Infinity, -Infinity, 123456789012345.67, 1658206780088562.25, 12345678901234.1875, 4294967295, 4294967296, -2147483648, 2147483648, 1e300, 9.999999999999999e22];
function str() { return rnd() < 0.7 ? pick(STRINGS) : Array.from({ length: int(6) }, () => pick(STRINGS)).join(""); }
function key() { return rnd() < 0.6 ? pick(["id", "quantity", "price", "name", "value", "items", "a", "b"]) : str(); }
let callback = null;
function value(depth) {
  const r = rnd();
  if (depth > 6 || (depth > 3 && r < 0.5)) return rnd() < 0.5 ? pick(NUMBERS) : str();
  if (r > 0.995) { let x = value(7); for (let i = 0, n = int(45); i < n; i++) x = rnd() < 0.5 ? [x] : { x }; return x; }
  if (r < 0.1) return pick(NUMBERS);
  if (r < 0.13) return rnd() * 10 ** (int(40) - 20) * (rnd() < 0.5 ? -1 : 1);
  if (r < 0.25) return str();
  if (r < 0.28) return pick([null, undefined, true, false]);
  if (r < 0.29) return pick([1n, () => 1, Symbol("s"), new Date(0), new Map(), new Set(), new (class Foo {})(), new Number(1), new String("s"), new Uint8Array(2), /x/, Object.create({ a: 1 }), Object.create(Object.create(null)), Object.create(null)]);
  if (r < 0.55) {
    const n = rnd() < 0.1 ? int(30) : int(5);
    const a = Array.from({ length: n }, () => value(depth + 1));
    if (rnd() < 0.1 && n > 0) delete a[int(n)];
    if (rnd() < 0.05) a.extra = 1;
    if (rnd() < 0.05) a.length += 3;
    if (rnd() < 0.1) return proxify(a, depth);
    if (rnd() < 0.05) Object.defineProperty(a, int(n + 1), { get() { log.push(["aget"]); if (rnd() < 0.3) throw new Error("agetter"); return value(depth + 1); }, enumerable: true, configurable: true });
    return a;
  }
  const o = rnd() < 0.05 ? Object.create(null) : {};
  const n = rnd() < 0.05 ? int(80) : int(6);
  for (let i = 0; i < n; i++) {
    const k = key();
    const t = rnd();
    if (t < 0.05) Object.defineProperty(o, k, { get() { log.push(["get", k]); if (rnd() < 0.3) throw pick([new Error("boom"), 42, "str", { message: 1 }, new TypeError("t")]); if (callback && rnd() < 0.3) callback(); return value(depth + 1); }, enumerable: true, configurable: true });
    else if (t < 0.07) Object.defineProperty(o, k, { value: 1, enumerable: false, configurable: true, writable: true });
    else if (t < 0.09) Object.defineProperty(o, k, { value: undefined, enumerable: true, configurable: true, writable: true });
    else if (k === "__proto__") Object.defineProperty(o, k, { value: value(depth + 1), enumerable: true, configurable: true, writable: true });
    else Object.defineProperty(o, k, { value: value(depth + 1), enumerable: true, configurable: true, writable: true });
  }
  if (rnd() < 0.03) o[Symbol("k")] = 1;
  if (rnd() < 0.08) return proxify(o, depth);
  return o;
}
function proxify(t, depth) {
  const bad = rnd() < 0.4 ? pick(["get", "ownKeys", "getPrototypeOf", "getOwnPropertyDescriptor", "has"]) : "";
  const odd = Array.isArray(t) && rnd() < 0.4 ? pick([1.5, -1, NaN, "5", 1e12, 2.5, -0, Infinity, undefined, 10001, 3]) : null;
  const h = {};
  for (const trap of ["get", "ownKeys", "getPrototypeOf", "getOwnPropertyDescriptor", "has"]) {
    h[trap] = (...a) => {
      log.push([trap, typeof a[1] === "symbol" ? "sym" : a[1]]);
      if (trap === bad && rnd() < 0.5) throw new Error(`trap ${trap}`);
      if (trap === "get" && a[1] === "length" && odd !== null) return odd;
      return Reflect[trap](...a);
    };
  }
  if (rnd() < 0.05) { const { proxy, revoke } = Proxy.revocable(t, h); revoke(); return proxy; }
  return new Proxy(t, h);
}
// Since step 24 jsonText copies a text of at most `room` bytes into `memory` itself (no
// takeText); a revision before that ignores the last three arguments. `room` is 0 or 256 on
// alternate values, so that both ways are compared.
let room = 0;
function run(m, v, limits) {
  const units = m.jsonText(v, ...limits, memory, 0, room);
  if (units >= 0) {
    const w = m.jsonText.length >= 9 && units <= room ? units : m.takeText(memory, 0, units * 3 + 8);
    return "T" + Buffer.from(memory.buffer, 0, w).toString("latin1");
  }
  if (units === -2) return "T" + Buffer.from(m.takeString(), "utf8").toString("latin1");
  return "R" + m.takeRefusal(0) + "\u0001" + m.takeRefusal(1);
}
const N = Number(n ?? 20000);
let diffs = 0, refusals = 0;
for (let c = 0; c < N; c++) {
  const s0 = (c * 2654435761) >>> 0;
  const outs = [];
  for (const m of [A, B]) {
    seed = s0;
    const limits = rnd() < 0.5 ? [32, 200000, 64, 10000, 1024] : [1 + int(8), 1 + int(60), int(10), int(12), 1024];
    const reenter = rnd() < 0.1;
    room = c % 2 === 0 ? 0 : 256;
    log = [];
    callback = reenter ? () => log.push(["inner", run(m, value(3), limits)]) : null;
    const v = rnd() < 0.02 ? pick([undefined, null, 1, "s", NaN, 1n]) : value(0);
    let out;
    try { out = run(m, v, limits); } catch (e) { out = "X" + e; }
    outs.push([out, JSON.stringify(log)]);
  }
  if (outs[0][0][0] === "R") refusals++;
  if (outs[0][0] !== outs[1][0] || outs[0][1] !== outs[1][1]) {
    if (diffs++ < 5) console.log(`case ${c}:\n A ${outs[0][0].slice(0, 300)}\n B ${outs[1][0].slice(0, 300)}\n traps A ${outs[0][1].slice(0, 300)}\n traps B ${outs[1][1].slice(0, 300)}`);
  }
}
console.log(`${N} values, ${refusals} refused, ${diffs} differences`);
process.exit(diffs ? 1 : 0);
