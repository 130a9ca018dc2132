// A partial invoice of a VTEX order, previewed before it is sent.
//
//   npm install settlement-preview
//   node invoice.mjs [order.json] [SKU=QTY,…]      (defaults: ./order.json, 1001=1)
//
// 1. read VTEX's "Get order" JSON into a state (fromVtex),
// 2. plan the invoice of some units (planInvoice: their price, less their share of the
//    discounts, plus the shipping and tax shares),
// 3. preview what it does to each payment (preview),
// 4. print the request to send to VTEX's Orders API (toVtexRequest), in cents.
import fs from "node:fs";
import { fromVtex, planInvoice, preview, toVtexRequest } from "settlement-preview";

const orderFile = process.argv[2] ?? new URL("./order.json", import.meta.url);
const picked = process.argv[3] ?? "1001=1";

// GET /api/oms/pvt/orders/{orderId}, as VTEX returns it (amounts in cents).
const order = JSON.parse(fs.readFileSync(orderFile, "utf8"));
// Which gateway mode each connector uses is not in VTEX's data: say it (default ppp + total).
const connectors = JSON.parse(fs.readFileSync(new URL("./connectors.json", import.meta.url), "utf8"));

// 1. VTEX's order → a state; the notes say what was decided on ambiguous data.
const { state, notes } = fromVtex(order, undefined, { connectors });
console.log(`Order ${state.orderId} (${state.currency}), value ${state.value}`);
for (const note of notes) console.log(`  note ${note.code}: ${note.message}`);

// 2. The invoice of the picked units.
const selection = picked.split(",").map((entry) => {
  const [id, quantity] = entry.split("=");
  return { id, quantity: Number(quantity) };
});
const { operation, breakdown: b } = planInvoice(state, selection);
console.log(
  `Invoice ${operation.number} of ${operation.value}: items ${b.items} − discounts ${b.discounts}` +
    ` + shipping ${b.shipping} + tax ${b.tax}`,
);

// 3. What it does to the money.
const outcome = preview(state, operation);
if (!outcome.accepted) {
  for (const e of outcome.errors) console.log(`  rejected ${e.code}: ${e.message}`);
  process.exit(1);
}
for (const p of outcome.payments) {
  console.log(
    `  ${p.id}: provider settles ${p.settle} (open after ${p.open}); gateway settles ${p.gateway.settle} (open after ${p.gateway.open})`,
  );
}
console.log(`  order after: ${outcome.order.statusAfter}, left to invoice ${outcome.order.remainingToInvoice}`);
for (const w of outcome.warnings) console.log(`  warning ${w.code}: ${w.message}`);
for (const line of outcome.explain ?? []) console.log(`  why: ${line.text}`);

// 4. The request that submits exactly what was previewed.
const request = toVtexRequest(state, operation, { issuanceDate: new Date().toISOString() });
console.log(`${request.method} ${request.path}`);
console.log(JSON.stringify(request.body, null, 2));
