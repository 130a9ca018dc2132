// The Node benchmark of the built npm package (make bench, issue 13). In one process, side by
// side: preview, ledger.preview, ledger.apply and simulate (10 operations) against the floor
// JSON.parse(JSON.stringify(state)), on orders of 10, 100, 1 000 and 10 000 items; then cold
// start in fresh processes and the package's sizes. Writes the tables to BENCHMARKS.md.
//
//   node benches/js/bench.mjs [--pkg DIR] [--out FILE] [--native FILE] [--quick]
//
// --pkg      the built package (default: pkg/, from `make pkg`)
// --out      where to write the report (default: BENCHMARKS.md; "-" prints only)
// --native   the output of `cargo bench --bench engine`, copied into the report
// --reconcile  benches/reconcile.sh's Markdown section, copied into the report
// --python   benches/python.py's Markdown section (target/bench-python.md), copied in when present
// --quick    a short run (fewer samples), to try the script
// --crossing only issue 20's ratios (a preview against its floor), cold start and the sizes,
//            printed; BENCHMARKS.md is not written
//
// Medians (p50) of mitata's samples. Each figure is the time of one call, the JavaScript value
// in and the JavaScript value out included: what a user of the package waits for.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";
import { do_not_optimize, measure } from "mitata";

// mitata collects garbage between samples with `gc()`, which needs --expose-gc (without it,
// it allocates a gigabyte instead): run again with it.
if (typeof globalThis.gc !== "function") {
  const again = spawnSync(process.execPath, ["--expose-gc", ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(again.status ?? 1);
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..", "..");
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const QUICK = args.includes("--quick");
const PKG = path.resolve(arg("--pkg", path.join(ROOT, "pkg")));
const OUT = arg("--out", path.join(ROOT, "BENCHMARKS.md"));
const NATIVE = arg("--native", null);
// --reconcile: benches/reconcile.sh's section (target/bench-reconcile.md), copied in as it is.
const RECONCILE = arg("--reconcile", null);
// --python: benches/python.py's section (`make bench-python`), copied in as it is.
const PYTHON = arg("--python", null);
// What `require` and Node's `import` of the package load (the layout of pkg/, or of an older one).
const first = (...files) => files.map((f) => path.join(PKG, ...f.split("/"))).find((f) => fs.existsSync(f));
const NODE_ENTRY = first("node/settlement_preview.cjs", "node/settlement_preview.js") ?? path.join(PKG, "node", "settlement_preview.cjs");
const ESM_ENTRY = path.join(PKG, "node", "index.mjs");
if (!fs.existsSync(NODE_ENTRY)) {
  console.error(`bench: no package at ${PKG} (run make pkg first)`);
  process.exit(2);
}
const sp = createRequire(import.meta.url)(NODE_ENTRY);
const { Ledger, preview, simulate } = sp;

// ----- The orders ---------------------------------------------------------------------------

const SIZES = [10, 100, 1_000, 10_000];
const SHAPES = [
  { payments: 2, invoices: 3 },
  { payments: 5, invoices: 200 },
];
const LISTED = 1_000;

/** An order of `items` items (2 units at 10.00 each), `payments` card payments in partial
 * mode sharing the value, and `invoices` earlier output invoices of 0.10 (settled on the first
 * payment), in `handling`. */
function order(items, payments, invoices) {
  const value = 20 * items; // major units
  const list = Array.from({ length: items }, (_, i) => ({ id: `SKU-${i}`, quantity: 2, price: "10.00", name: `Item ${i}` }));
  const earlier = Array.from({ length: invoices }, (_, i) => ({ type: "output", number: `E-${i}`, value: "0.10" }));
  const invoiced = (invoices * 10) / 100;
  const share = Math.floor((value * 100) / payments); // minor units
  const pays = Array.from({ length: payments }, (_, p) => {
    const minor = p === payments - 1 ? value * 100 - share * (payments - 1) : share;
    return {
      id: `p${p}`,
      group: "creditCard",
      value: (minor / 100).toFixed(2),
      connector: { mode: "partial" },
      settled: p === 0 ? invoiced.toFixed(2) : "0.00",
    };
  });
  return { orderId: "BENCH-01", currency: "BRL", status: "handling", items: list, invoices: earlier, transaction: { payments: pays } };
}

function operations(items) {
  const listed = Math.min(LISTED, items);
  return {
    "invoice, no items": { type: "invoice", number: "NF-NEW", value: "10.00" },
    [`invoice, ${listed.toLocaleString("en")} items`]: {
      type: "invoice",
      number: "NF-ITEMS",
      value: (10 * listed).toFixed(2),
      items: Array.from({ length: listed }, (_, i) => ({ id: `SKU-${i}`, quantity: 1, price: "10.00" })),
    },
    "change (discount)": { type: "change", requestId: "c-new", reason: "bench", discount: "5.00" },
    return: { type: "return", number: "R-NEW", value: "0.10" },
  };
}
const TEN = Array.from({ length: 10 }, (_, i) => ({ type: "invoice", number: `S-${i}`, value: "1.00" }));

// ----- Measuring ----------------------------------------------------------------------------

const CPU_TIME = (QUICK ? 40 : 200) * 1e6; // ns of samples per figure
const opts = (extra = {}) => ({ min_cpu_time: CPU_TIME, min_samples: QUICK ? 4 : 12, ...extra });

/** The median time of one call of `fn`, in µs. */
async function time(fn, extra) {
  const stats = await measure(() => do_not_optimize(fn()), opts(extra));
  return stats.p50 / 1e3;
}

/** The median time of `fn(ledger)` on a fresh ledger each call: its construction, and the
 * garbage that leaves, are not timed (a collection runs before each sample). */
async function timeOnFresh(state, fn) {
  const made = [];
  const stats = await measure(
    function* () {
      yield {
        [0]() {
          // Few ledgers alive at once: a batch of 4 096 ledgers of 10 000 items would take
          // gigabytes; those of earlier samples are freed here.
          if (made.length >= 64) made.shift().free();
          const ledger = new Ledger(state);
          made.push(ledger);
          return ledger;
        },
        bench(ledger) {
          do_not_optimize(fn(ledger));
        },
      };
    },
    opts({ batch_samples: 16, batch_unroll: 1, inner_gc: true }),
  );
  for (const ledger of made) ledger.free();
  return stats.p50 / 1e3;
}

function check(outcome, what) {
  if (!outcome || outcome.accepted !== true) {
    throw new Error(`bench: ${what} was not accepted: ${JSON.stringify(outcome?.errors)}`);
  }
}

// ----- Issue 20: a preview against its floor ---------------------------------------------
//
// The floors of issue 20, each measured in this process next to the call it bounds, in
// alternating rounds (the machine is shared: a ratio of two figures taken together is what
// holds). `ledger.preview` against `JSON.parse` of its own outcome's JSON text (the least it
// costs to materialise that outcome in JavaScript), with the explanation and without;
// `preview` against `JSON.parse(JSON.stringify(state))`; `ledger.preview` at 10,000 items
// against 10.
//
// These figures are the process's CPU time per call (process.cpuUsage), not wall time: on a
// loaded machine a wall-clock median moves by 3× between runs as the process is descheduled,
// CPU time does not. Each is the least of 5 batches of at least 30 ms of CPU (20 with --quick).
const ROUNDS = QUICK ? 2 : 5;
let sink;
function cpuTime(fn) {
  const batch = (n) => {
    const c0 = process.cpuUsage();
    for (let i = 0; i < n; i++) sink = fn();
    const c = process.cpuUsage(c0);
    return c.user + c.system; // µs
  };
  let n = 1;
  while (batch(n) < (QUICK ? 20_000 : 30_000)) n *= 2;
  let best = Infinity;
  for (let b = 0; b < 5; b++) best = Math.min(best, batch(n) / n);
  return best;
}
async function pair(a, b) {
  const ratios = [], as = [], bs = [];
  for (let i = 0; i < ROUNDS; i++) {
    const ta = cpuTime(a), tb = cpuTime(b);
    as.push(ta), bs.push(tb), ratios.push(ta / tb);
  }
  return { a: median(as), b: median(bs), ratio: median(ratios) };
}
async function crossing() {
  const out = [];
  const state10 = order(10, 2, 3);
  const ops10 = operations(10);
  for (const [label, op] of [["invoice, no items", ops10["invoice, no items"]], ["invoice listing 10 items", ops10["invoice, 10 items"]]]) {
    for (const explain of [true, false]) {
      const ledger = new Ledger(state10, explain ? undefined : { explain: false });
      const outcome = ledger.preview(op);
      check(outcome, `ledger.preview (${label})`);
      const text = JSON.stringify(outcome);
      const p = await pair(() => ledger.preview(op), () => JSON.parse(text));
      ledger.free();
      out.push({ call: `ledger.preview, ${label}, order of 10 items${explain ? "" : ", `explain: false`"}`, floor: `JSON.parse of its outcome (${text.length.toLocaleString("en")} B)`, ...p, target: 2 });
    }
  }
  for (const items of [1_000, 10_000]) {
    const state = order(items, 2, 3);
    const op = operations(items)["invoice, no items"];
    const p = await pair(() => preview(state, op), () => JSON.parse(JSON.stringify(state)));
    out.push({ call: `preview, invoice, ${items.toLocaleString("en")} items`, floor: "JSON.parse(JSON.stringify(state))", ...p, target: 2 });
  }
  {
    const big = new Ledger(order(10_000, 2, 3)), small = new Ledger(state10);
    const op = ops10["invoice, no items"];
    const p = await pair(() => big.preview(op), () => small.preview(op));
    big.free(), small.free();
    out.push({ call: "ledger.preview, invoice, 10,000 items", floor: "ledger.preview at 10 items", ...p, target: 2 });
  }
  return out;
}
function crossingTable(found, cold) {
  const t = [];
  t.push("| call | floor | call | floor | call / floor | target |");
  t.push("|---|---|---:|---:|---:|---:|");
  for (const r of found) t.push(`| ${r.call} | ${r.floor} | ${fmt(r.a)} | ${fmt(r.b)} | ${r.ratio.toFixed(2)} | ≤ ${r.target} |`);
  if (cold) t.push(`| \`require\` + first \`preview\` (fresh process) | | ${fmt(cold.total * 1000)} | | | ≤ 20 ms |`);
  return t;
}

const rows = [];
const t0 = Date.now();
const ISSUE20 = args.includes("--crossing");
const crossed = await crossing();
for (const r of crossed) console.error(`bench: ${r.call}: ${fmt(r.a)} vs ${fmt(r.b)} (${r.floor}): ${r.ratio.toFixed(2)}`);

for (const shape of ISSUE20 ? [] : SHAPES) {
  for (const items of SIZES) {
    const state = order(items, shape.payments, shape.invoices);
    const ops = operations(items);
    const row = { ...shape, items, fns: {} };
    row.floor = await time(() => JSON.parse(JSON.stringify(state)));
    const ledger = new Ledger(state);
    // Without the explanations' text (an option older packages do not have).
    let quiet;
    try {
      quiet = new Ledger(state, { explain: false });
    } catch {}
    if (quiet) {
      row.quiet = await time(() => quiet.preview(ops["invoice, no items"]));
      quiet.free();
    }
    for (const [name, op] of Object.entries(ops)) {
      check(preview(state, op), `${name} on ${items} items`);
      const key = name.startsWith("invoice, ") && name !== "invoice, no items" ? "invoice, listed items" : name;
      row.fns[key] = {
        label: name,
        preview: await time(() => preview(state, op)),
        "ledger.preview": await time(() => ledger.preview(op)),
        "ledger.apply": await timeOnFresh(state, (l) => l.apply(op)),
      };
    }
    ledger.free();
    const sim = simulate(state, TEN);
    sim.outcomes.forEach((o, i) => check(o, `simulate step ${i}`));
    row.simulate = await time(() => simulate(state, TEN));
    rows.push(row);
    const f = row.fns["invoice, no items"];
    console.error(
      `bench: ${items} items, ${shape.payments} payments, ${shape.invoices} invoices: floor ${fmt(row.floor)}, preview ${fmt(f.preview)}, ledger.preview ${fmt(f["ledger.preview"])}`,
    );
  }
}
const measuredFor = Math.round((Date.now() - t0) / 1000);

// ----- Cold start ---------------------------------------------------------------------------

const COLD_RUNS = QUICK ? 3 : 11;
const coldState = order(10, 2, 3);
const coldOp = operations(10)["invoice, no items"];
function cold(kind, n = COLD_RUNS) {
  const load =
    kind === "require"
      ? `const sp = require(${JSON.stringify(NODE_ENTRY)});`
      : `const sp = await import(${JSON.stringify(new URL(`file://${ESM_ENTRY}`).href)});`;
  const script = `
    const { performance } = require("node:perf_hooks");
    const state = ${JSON.stringify(coldState)}, op = ${JSON.stringify(coldOp)};
    (async () => {
      const t0 = performance.now();
      ${load}
      const t1 = performance.now();
      const outcome = sp.preview(state, op);
      const t2 = performance.now();
      if (!outcome.accepted) process.exit(3);
      process.stdout.write(JSON.stringify({ load: t1 - t0, first: t2 - t1, total: t2 - t0 }));
    })();`;
  const runs = [];
  for (let i = 0; i < n; i++) {
    const started = process.hrtime.bigint();
    const out = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    const wall = Number(process.hrtime.bigint() - started) / 1e6;
    if (out.status !== 0) throw new Error(`bench: cold start (${kind}) failed: ${out.stderr}`);
    runs.push({ ...JSON.parse(out.stdout), wall });
  }
  const med = (k) => median(runs.map((r) => r[k]));
  return { load: med("load"), first: med("first"), total: med("total"), wall: med("wall") };
}
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
if (ISSUE20) {
  // --crossing: only issue 20's ratios, cold start and the sizes (printed, BENCHMARKS.md untouched).
  const c = cold("require", 5);
  const lines = crossingTable(crossed, c);
  for (const f of ["web/settlement_preview_bg.wasm", "embedded.js"]) {
    const raw = fs.readFileSync(path.join(PKG, ...f.split("/")));
    lines.push(`${f}: ${raw.length} B, ${gzipSync(raw, { level: 9 }).length} B gzipped`);
  }
  lines.push(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(", ")}`);
  console.log(lines.join("\n"));
  process.exit(0);
}
const bare = median(
  Array.from({ length: COLD_RUNS }, () => {
    const started = process.hrtime.bigint();
    spawnSync(process.execPath, ["-e", "0"]);
    return Number(process.hrtime.bigint() - started) / 1e6;
  }),
);
const coldRequire = cold("require");
const coldImport = cold("import");

// ----- Sizes --------------------------------------------------------------------------------

function size(file) {
  const raw = fs.readFileSync(file);
  return { raw: raw.length, gz: gzipSync(raw, { level: 9 }).length };
}
const sizes = [
  [".wasm (`/web`; the one module of every build)", "web/settlement_preview_bg.wasm"],
  ["embedded.js (the same module embedded, default entry)", "embedded.js"],
  ["glue: web (ES module; also the default entry's)", "web/settlement_preview.js"],
  ["glue: node (CommonJS)", "node/settlement_preview.cjs"],
  ["glue: node (CommonJS, older layout)", "node/settlement_preview.js"],
  ["glue: bundler (ES module, older layout)", "bundler/settlement_preview_bg.js"],
].map(([name, f]) => [name, path.join(PKG, ...f.split("/"))])
  .filter(([, f]) => fs.existsSync(f)).map(([name, f]) => ({ name, ...size(f) }));
for (const dir of ["node", "web", "bundler"]) {
  const snippets = path.join(PKG, dir, "snippets");
  if (fs.existsSync(snippets)) {
    const files = fs.readdirSync(snippets, { recursive: true }).map((f) => path.join(snippets, f)).filter((f) => fs.statSync(f).isFile());
    const all = files.map((f) => size(f)).reduce((a, b) => ({ raw: a.raw + b.raw, gz: a.gz + b.gz }), { raw: 0, gz: 0 });
    sizes.push({ name: `glue: ${dir} snippets (generated from bindings.rs)`, ...all });
  }
}

// ----- The report ---------------------------------------------------------------------------

function fmt(us) {
  if (us >= 10_000) return `${(us / 1000).toFixed(1)} ms`;
  if (us >= 1_000) return `${(us / 1000).toFixed(2)} ms`;
  if (us >= 100) return `${us.toFixed(0)} µs`;
  if (us >= 10) return `${us.toFixed(1)} µs`;
  return `${us.toFixed(2)} µs`;
}
const ratio = (a, b) => (a / b).toFixed(2);
const KINDS = ["invoice, no items", "invoice, listed items", "change (discount)", "return"];
const FNS = ["preview", "ledger.preview", "ledger.apply"];

const lines = [];
const w = (s = "") => lines.push(s);
let machine;
try {
  machine = execFileSync("uname", ["-srm"], { encoding: "utf8" }).trim();
} catch {
  machine = `${os.type()} ${os.release()} ${os.arch()}`;
}
const cpus = os.cpus();
w("# Benchmarks");
w();
w("Written by `make bench` (`benches/js/bench.mjs` on the built package, after the native");
w("`cargo bench --bench engine`). Rerun it to get the figures of your machine.");
w();
w(`- Machine: ${cpus.length} × ${cpus[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${machine}; Node ${process.version}.`);
w(`- Load average when the run ended: ${os.loadavg().map((l) => l.toFixed(2)).join(", ")} (a shared 2-core machine: other builds and tests ran at the same time, so treat small differences as noise).`);
w(`- Date: ${new Date().toISOString().replace(/\.\d+Z$/, "Z")}. Command: \`make bench\` (\`node benches/js/bench.mjs${args.length ? " " + args.join(" ") : ""}\`). The table took ${measuredFor} s${QUICK ? " (--quick: few samples)" : ""}.`);
w("- Every figure is the median (p50, mitata) of one call from JavaScript, the value in and the");
w("  value out included. `floor` is `JSON.parse(JSON.stringify(state))`: the least any call that");
w("  takes the state as a JavaScript value and gives a fresh one back could cost.");
w("- Orders: N items of 2 units at 10.00, P card payments in partial mode, K earlier output");
w("  invoices of 0.10 (settled). Operations: an invoice of 10.00 without items; an invoice listing");
w(`  ${LISTED.toLocaleString("en")} items (every item of a smaller order); a change with a discount of 5.00; a return of 0.10;`);
w("  `simulate` runs 10 invoices of 1.00. `ledger.apply` runs on a fresh `Ledger` each call (its");
w("  construction not timed).");
w();
for (const shape of SHAPES) {
  const mine = rows.filter((r) => r.payments === shape.payments && r.invoices === shape.invoices);
  w(`## ${shape.payments} payments, ${shape.invoices} earlier invoices`);
  w();
  w("| items | floor | preview | ledger.preview | ledger.preview, `explain: false` | ledger.apply | preview / floor | ledger.preview / floor | simulate (10 ops) |");
  w("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of mine) {
    const f = r.fns["invoice, no items"];
    const quiet = r.quiet === undefined ? "" : fmt(r.quiet);
    w(`| ${r.items.toLocaleString("en")} | ${fmt(r.floor)} | ${fmt(f.preview)} | ${fmt(f["ledger.preview"])} | ${quiet} | ${fmt(f["ledger.apply"])} | ${ratio(f.preview, r.floor)} | ${ratio(f["ledger.preview"], r.floor)} | ${fmt(r.simulate)} |`);
  }
  w();
  w("The invoice without items, above. Every operation:");
  w();
  w(`| items | operation | preview | ledger.preview | ledger.apply | preview / floor |`);
  w("|---:|---|---:|---:|---:|---:|");
  for (const r of mine) {
    for (const k of KINDS) {
      const f = r.fns[k];
      w(`| ${r.items.toLocaleString("en")} | ${f.label} | ${fmt(f.preview)} | ${fmt(f["ledger.preview"])} | ${fmt(f["ledger.apply"])} | ${ratio(f.preview, r.floor)} |`);
    }
  }
  w();
  w("Growth per ×10 items (time at 10N / time at N; 10 means linear):");
  w();
  w("| call | operation | 10→100 | 100→1,000 | 1,000→10,000 | 10→10,000 |");
  w("|---|---|---:|---:|---:|---:|");
  const series = [["floor", null, (r) => r.floor], ["simulate (10 ops)", null, (r) => r.simulate]];
  for (const fn of FNS) for (const k of KINDS) series.push([fn, k, (r) => r.fns[k][fn]]);
  for (const [fn, k, get] of series) {
    const g = (a, b) => ratio(get(mine[b]), get(mine[a]));
    w(`| ${fn} | ${k ?? ""} | ${g(0, 1)} | ${g(1, 2)} | ${g(2, 3)} | ${g(0, 3)} |`);
  }
  w();
}
w("## Issue 20: a preview against its floor");
w();
w("Each ratio of two figures measured side by side in this run (the median of " + ROUNDS + " alternating rounds),");
w("in CPU time of the process per call (the least of 5 batches), which a loaded machine disturbs far less than wall time:");
w("`ledger.preview` against `JSON.parse` of its own outcome's JSON text (what materialising that");
w("outcome in JavaScript costs at least), `preview` against the JSON round trip of its state.");
w();
for (const l of crossingTable(crossed, coldRequire)) w(l);
w();
// The steps of issue 20, measured one by one with `--crossing` (benches/js/issue-20.md, kept as
// written: the figures of the builds before each change cannot be rerun from this tree).
const STEPS = path.join(HERE, "issue-20.md");
if (fs.existsSync(STEPS)) {
  w(fs.readFileSync(STEPS, "utf8").trimEnd());
  w();
}
w("## Cold start (fresh processes)");
w();
w(`Median of ${COLD_RUNS} fresh \`node\` processes, timed inside each: loading the package, then the first`);
w(`\`preview\` (10 items). A bare \`node -e 0\` takes ${fmt(bare * 1000)} of wall time here; "process" is the whole`);
w("process's wall time for comparison.");
w();
w("| how | load | first preview | load + first preview | process |");
w("|---|---:|---:|---:|---:|");
w(`| \`require\` (CommonJS) | ${fmt(coldRequire.load * 1000)} | ${fmt(coldRequire.first * 1000)} | ${fmt(coldRequire.total * 1000)} | ${fmt(coldRequire.wall * 1000)} |`);
w(`| \`import\` (ES module) | ${fmt(coldImport.load * 1000)} | ${fmt(coldImport.first * 1000)} | ${fmt(coldImport.total * 1000)} | ${fmt(coldImport.wall * 1000)} |`);
w();
w("## Sizes");
w();
w("| file | bytes | gzipped (level 9) |");
w("|---|---:|---:|");
for (const s of sizes) w(`| ${s.name} | ${s.raw.toLocaleString("en")} | ${s.gz.toLocaleString("en")} |`);
w();
if (NATIVE && fs.existsSync(NATIVE)) {
  w("## Native (cargo bench --bench engine)");
  w();
  w("The engine without WebAssembly or JavaScript: the same orders, typed values in and out.");
  w();
  w("```");
  w(fs.readFileSync(NATIVE, "utf8").trimEnd());
  w("```");
  w();
}
// The sections this run does not measure are kept from the report it replaces, as they were
// (each says when and how it was measured): reconciliation and Python when their files are
// not given or not there, and always the admin page's keystrokes, which only
// `admin-keystroke.mjs --write` measures (a browser).
const previous = OUT !== "-" && fs.existsSync(OUT) ? fs.readFileSync(OUT, "utf8") : "";
const section = (file, heading) => {
  if (file && fs.existsSync(file)) return fs.readFileSync(file, "utf8").trimEnd();
  const at = previous.indexOf(`\n${heading}\n`);
  if (at < 0) return undefined;
  const next = previous.slice(at + 1).search(/\n(## |<!-- )/);
  return (next < 0 ? previous.slice(at + 1) : previous.slice(at + 1, at + 1 + next)).trimEnd();
};
const keystrokes = /<!-- admin-keystroke: start -->[\s\S]*?<!-- admin-keystroke: end -->/.exec(previous)?.[0];
for (const kept of [
  section(RECONCILE, "## Reconciliation"),
  keystrokes,
  section(PYTHON, "## Python and Spark"),
]) {
  if (kept === undefined) continue;
  w(kept);
  w();
}
const report = lines.join("\n");
console.log(report);
if (OUT !== "-") {
  fs.writeFileSync(OUT, report);
  console.error(`bench: wrote ${OUT}`);
}
// Raw figures for scripts (compare two runs): BENCH_JSON=file.
if (process.env.BENCH_JSON) {
  fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify({ rows, coldRequire, coldImport, sizes, bare }, null, 1));
}
