// Issue 20's ratios for several builds of the package side by side in ONE Node process (the
// machine is shared: figures taken in turns in one process are what compare):
//
//   node benches/js/ab.mjs DIR_A DIR_B [DIR_C ...] [--rounds N] [--cold N]
//
// Each DIR is a built package (`make pkg`, copied aside). For each of bench.mjs's --crossing
// calls, in alternating rounds: the call on every build and its floor, in CPU time per call
// (process.cpuUsage, the least of 5 batches of at least 30 ms); printed: the median call time
// per build, its ratio to the floor, and its time against the first build's. --cold N: only
// cold start, `require` + the first `preview` (10 items) in N fresh processes per build, the
// builds in turns: the median wall time and CPU time (process.cpuUsage) of the two, measured
// inside each process.
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import os from "node:os";
import { spawnSync } from "node:child_process";

const args = process.argv.slice(2);
const ri = args.indexOf("--rounds");
const ROUNDS = ri >= 0 ? Number(args.splice(ri, 2)[1]) : 5;
const ci = args.indexOf("--cold");
const COLD = ci >= 0 ? Number(args.splice(ci, 2)[1]) : 0;
const dirs = args.map((d) => path.resolve(d));
const require = createRequire(import.meta.url);
const pkgs = dirs.map((d) => require(path.join(d, "node", "settlement_preview.cjs")));

// The orders of bench.mjs (kept the same: N items of 2 units at 10.00, 2 payments, 3 invoices).
function order(items, payments, invoices) {
  const value = 20 * items;
  const list = Array.from({ length: items }, (_, i) => ({ id: `SKU-${i}`, quantity: 2, price: "10.00", name: `Item ${i}` }));
  const earlier = Array.from({ length: invoices }, (_, i) => ({ type: "output", number: `E-${i}`, value: "0.10" }));
  const invoiced = (invoices * 10) / 100;
  const share = Math.floor((value * 100) / payments);
  const pays = Array.from({ length: payments }, (_, p) => {
    const minor = p === payments - 1 ? value * 100 - share * (payments - 1) : share;
    return { id: `p${p}`, group: "creditCard", value: (minor / 100).toFixed(2), connector: { mode: "partial" }, settled: p === 0 ? invoiced.toFixed(2) : "0.00" };
  });
  return { orderId: "BENCH-01", currency: "BRL", status: "handling", items: list, invoices: earlier, transaction: { payments: pays } };
}
const noItems = { type: "invoice", number: "NF-NEW", value: "10.00" };
if (COLD > 0) {
  const runs = dirs.map(() => []);
  for (let r = 0; r < COLD; r++) {
    dirs.forEach((d, i) => {
      const script = `
        const { performance } = require("node:perf_hooks");
        const state = ${JSON.stringify(order(10, 2, 3))}, op = ${JSON.stringify(noItems)};
        const c0 = process.cpuUsage(), t0 = performance.now();
        const sp = require(${JSON.stringify(path.join(d, "node", "settlement_preview.cjs"))});
        if (!sp.preview(state, op).accepted) process.exit(3);
        const c = process.cpuUsage(c0);
        process.stdout.write(JSON.stringify({ wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 }));`;
      const out = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
      if (out.status !== 0) throw new Error(`cold start failed: ${out.stderr}`);
      runs[i].push(JSON.parse(out.stdout));
    });
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  dirs.forEach((d, i) => {
    console.log(`${path.basename(d)}: require + first preview, median of ${COLD}: wall ${median(runs[i].map((r) => r.wall)).toFixed(1)} ms, CPU ${median(runs[i].map((r) => r.cpu)).toFixed(1)} ms`);
  });
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(", ")}`);
  process.exit(0);
}
const listing = { type: "invoice", number: "NF-ITEMS", value: "100.00", items: Array.from({ length: 10 }, (_, i) => ({ id: `SKU-${i}`, quantity: 1, price: "10.00" })) };

let sink;
function cpuTime(fn) {
  const batch = (n) => {
    const c0 = process.cpuUsage();
    for (let i = 0; i < n; i++) sink = fn();
    const c = process.cpuUsage(c0);
    return c.user + c.system;
  };
  let n = 1;
  while (batch(n) < 30_000) n *= 2;
  let best = Infinity;
  for (let b = 0; b < 5; b++) best = Math.min(best, batch(n) / n);
  return best;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const state10 = order(10, 2, 3);
const cases = [];
for (const [label, op] of [["ledger.preview, 10 items", noItems], ["ledger.preview, listing 10 items", listing]]) {
  for (const explain of [true, false]) {
    const ledgers = pkgs.map((sp) => new sp.Ledger(state10, explain ? undefined : { explain: false }));
    const text = JSON.stringify(ledgers[0].preview(op));
    for (const l of ledgers) if (JSON.stringify(l.preview(op)) !== text) throw new Error("the builds' outcomes differ");
    cases.push({ label: `${label}${explain ? "" : ", explain: false"}`, calls: ledgers.map((l) => () => l.preview(op)), floor: () => JSON.parse(text) });
  }
}
for (const items of [1_000, 10_000]) {
  const state = order(items, 2, 3);
  cases.push({ label: `preview, ${items} items`, calls: pkgs.map((sp) => () => sp.preview(state, noItems)), floor: () => JSON.parse(JSON.stringify(state)) });
}
{
  const big = pkgs.map((sp) => new sp.Ledger(order(10_000, 2, 3)));
  const small = pkgs.map((sp) => new sp.Ledger(state10));
  cases.push({ label: "ledger.preview 10k / 10", calls: big.map((l) => () => l.preview(noItems)), floors: small.map((l) => () => l.preview(noItems)) });
}

const names = dirs.map((d) => path.basename(d));
console.log(`| call | ${names.map((n) => `${n}: µs, / floor, vs first`).join(" | ")} |`);
console.log(`|---|${names.map(() => "---:").join("|")}|`);
for (const c of cases) {
  const times = pkgs.map(() => []), ratios = pkgs.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < pkgs.length; i++) {
      const t = cpuTime(c.calls[i]);
      const f = cpuTime(c.floors ? c.floors[i] : c.floor);
      times[i].push(t), ratios[i].push(t / f);
    }
  }
  const first = median(times[0]);
  console.log(`| ${c.label} | ${pkgs.map((_, i) => `${median(times[i]).toFixed(1)} · ${median(ratios[i]).toFixed(2)} · ${(median(times[i]) / first).toFixed(2)}`).join(" | ")} |`);
}
for (const d of dirs) {
  const e = fs.readFileSync(path.join(d, "embedded.js"));
  console.log(`${path.basename(d)}: embedded.js ${gzipSync(e, { level: 9 }).length} B gzipped`);
}
console.log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(", ")}`);
