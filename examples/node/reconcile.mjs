// Reconciling a store's export from Node: what the rules expect of each payment against what the
// Payments Gateway recorded, order by order (api.md section 9).
//
//   npm install settlement-preview
//   node reconcile.mjs export.jsonl [connectors.json]     (or: … | node reconcile.mjs - …)
//
// The export is JSON Lines, one `{ "order": …, "transaction": … }` per line (VTEX's Get order
// document and the gateway's records, as the CLI's `settlement-preview reconcile` reads them);
// the connectors say which gateway mode each payment's connector uses (default ppp + total).
// It prints one line per order × payment (a damaged line is an `invalid` line: nothing is
// dropped), then the orders by status and the findings by code with their total per currency,
// summed exactly (BigInt minor units of the decimal strings, never floating point). Exit code:
// 0 when every order matched, 1 when not. (For millions of orders on every core, the CLI.)
import fs from "node:fs";
import readline from "node:readline";
import { reconcile } from "settlement-preview";

const [input = "-", connectorsFile] = process.argv.slice(2);
const options = connectorsFile ? { connectors: JSON.parse(fs.readFileSync(connectorsFile, "utf8")), explain: false } : { explain: false };

/** An exact sum of decimal strings of one currency: BigInt minor units and the scale. */
function add(total, amount) {
  const scale = (amount.split(".")[1] ?? "").length;
  const minor = BigInt(amount.replace(".", ""));
  return total ? { minor: total.minor + minor, scale } : { minor, scale };
}
const text = ({ minor, scale }) => {
  const digits = (minor < 0n ? -minor : minor).toString().padStart(scale + 1, "0");
  const whole = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return `${minor < 0n ? "-" : ""}${whole}`;
};

const byStatus = new Map();
const byCode = new Map(); // code → { count, totals: Map<currency, sum> }
const stream = input === "-" ? process.stdin : fs.createReadStream(input);
let line = 0;
for await (const raw of readline.createInterface({ input: stream, crlfDelay: Infinity })) {
  line += 1;
  if (raw.trim() === "") continue;
  let r;
  try {
    const { order, transaction = null } = JSON.parse(raw);
    r = reconcile(order, transaction, options);
  } catch (e) {
    // Not JSON, or not an object: reconcile itself never throws on a document.
    r = { orderId: null, status: "invalid", payments: [], findings: [], error: { path: "line", message: e.message } };
  }
  byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
  for (const f of r.findings) {
    const entry = byCode.get(f.code) ?? { count: 0, totals: new Map() };
    entry.count += 1;
    if (f.amount != null) entry.totals.set(r.currency, add(entry.totals.get(r.currency), f.amount));
    byCode.set(f.code, entry);
  }
  if (r.status === "invalid") {
    console.log(`${line} ${r.orderId ?? "-"} invalid ${r.error.path}: ${r.error.message}`);
    continue;
  }
  for (const p of r.payments) {
    const codes = r.findings.filter((f) => f.paymentId === p.id || f.paymentId === undefined).map((f) => f.code);
    const drift = ["settled", "cancelled", "refunded", "open"].map((k) => `${k} ${p.drift[k]}`).join(", ");
    console.log(`${line} ${r.orderId} ${p.id} ${p.status} ${r.currency} drift: ${drift}${codes.length ? ` [${codes.join(" ")}]` : ""}`);
  }
}

console.log(`orders: ${[...byStatus].map(([s, n]) => `${n} ${s}`).join(", ")}`);
for (const [code, { count, totals }] of [...byCode].sort()) {
  console.log(`  ${code}: ${count}${[...totals].map(([cur, sum]) => `, ${text(sum)} ${cur}`).join("")}`);
}
process.exitCode = [...byStatus.keys()].every((s) => s === "matched") ? 0 : 1;
