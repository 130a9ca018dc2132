// Issue 20, step 30: `Ledger.apply` of N Change v2 changes one at a time (the changes of
// examples/ledger_apply.rs: a discount of 0.01 and an increment of 0.02 in turn, every 7th a
// discount of the original value, refused, every 50th an earlier request id), for several
// builds of the package in ONE Node process, in turns:
//
//   node benches/js/ledger-apply.mjs DIR_A DIR_B [--sizes 1000,10000] [--rounds 3]
//
// Printed per build and size: the least CPU time (process.cpuUsage) of the rounds for the whole
// sequence on a fresh ledger, and a checksum of the outcomes (their JSON) that must agree.
import { createRequire } from "node:module";
import path from "node:path";

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : fallback;
};
const SIZES = opt("--sizes", "1000,10000").split(",").map(Number);
const ROUNDS = Number(opt("--rounds", "3"));
const require = createRequire(import.meta.url);
const dirs = args.map((d) => path.resolve(d));
const pkgs = dirs.map((d) => require(path.join(d, "node", "settlement_preview.cjs")));

const state = {
  currency: "BRL", status: "handling",
  items: [{ id: "A", quantity: 1, price: "60.00" }, { id: "B", quantity: 2, price: "20.00" }],
  transaction: { payments: [{ id: "card", group: "creditCard", value: "100.00", connector: { partialRefund: true } }] },
};
function changes(n) {
  return Array.from({ length: n }, (_, i) => {
    const op = { type: "change", api: "v2", requestId: `c-${i % 50 === 49 ? i - 1 : i}` };
    if (i % 7 === 6) op.discount = "100.00";
    else if (i % 2 === 0) op.discount = "0.01";
    else op.increment = "0.02";
    return op;
  });
}
function run(sp, ops) {
  const ledger = new sp.Ledger(state);
  let sum = 0;
  const c0 = process.cpuUsage();
  for (const op of ops) {
    const outcome = ledger.apply(op);
    sum = (sum * 31 + JSON.stringify(outcome).length + (outcome.accepted ? 1 : 0)) % 1_000_000_007;
  }
  const c = process.cpuUsage(c0);
  ledger.free();
  return { ms: (c.user + c.system) / 1000, sum };
}
for (const n of SIZES) {
  const ops = changes(n);
  const best = dirs.map(() => ({ ms: Infinity, sum: 0 }));
  for (let r = 0; r < ROUNDS; r++) {
    pkgs.forEach((sp, i) => {
      const { ms, sum } = run(sp, ops);
      if (ms < best[i].ms) best[i] = { ms, sum };
    });
  }
  dirs.forEach((d, i) => {
    const t = best[i].ms;
    console.log(`${n} changes, ${d}: ${t.toFixed(1)} ms (${(t / best[0].ms).toFixed(3)} of the first), checksum ${best[i].sum}`);
  });
}
