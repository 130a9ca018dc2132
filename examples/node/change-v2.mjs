// An order modification (VTEX's "Change v2") previewed with VTEX's own figure, before it is sent.
//
//   npm install settlement-preview
//   node change-v2.mjs [order.json] [answer.json]
//        (defaults: ./order.json, and ./change-v2-preview.json: VTEX's documented answer to
//        POST /api/order-system/orders/{orderId}/changes/preview)
//
// 1. read VTEX's "Get order" JSON into a state (fromVtex),
// 2. read VTEX's answer to the preview request (or a change's detail) into the `change`
//    operation (fromVtexChange): its value is VTEX's totalChangeValue, exactly (VTEX
//    recalculates shipping, promotions and taxes; the preview must not re-derive them),
// 3. preview what it does to each payment: VTEX's answer does not say (preview),
// 4. print the PATCH to send (toVtexRequest, changeApi "v2"): the body VTEX previewed, read
//    without its total, so that VTEX's recalculated shipping is not sent back as a manual value.
import fs from "node:fs";
import { fromVtex, fromVtexChange, preview, toVtexRequest } from "settlement-preview";

const read = (file) => JSON.parse(fs.readFileSync(file, "utf8"));
const order = read(process.argv[2] ?? new URL("./order.json", import.meta.url));
const answer = read(process.argv[3] ?? new URL("./change-v2-preview.json", import.meta.url));
// Which gateway mode each connector uses is not in VTEX's data: say it (default ppp + total).
const connectors = read(new URL("./connectors.json", import.meta.url));

// 1. VTEX's order → a state.
const { state } = fromVtex(order, undefined, { connectors });
console.log(`Order ${state.orderId} (${state.currency}), value ${state.value}`);

// 2. VTEX's answer → the change, at VTEX's value; the notes say what was decided.
const { operation, notes } = fromVtexChange(answer, state);
console.log(`Change ${operation.requestId}: increment ${operation.increment}, discount ${operation.discount} (totalChangeValue ${answer.totalChangeValue ?? "absent: an estimate"})`);
for (const note of notes) console.log(`  note ${note.code}: ${note.message}`);

// 3. What it does to each payment.
const outcome = preview(state, operation);
if (!outcome.accepted) {
  for (const e of outcome.errors) console.log(`  rejected ${e.code}: ${e.message}`);
  process.exit(1);
}
for (const p of outcome.payments) {
  console.log(`  ${p.id}: settle ${p.settle}, cancel ${p.cancel}, refund ${p.refund} (provider); settle ${p.gateway.settle}, cancel ${p.gateway.cancel}, refund ${p.gateway.refund} (gateway)`);
}
console.log(`  new charge ${outcome.newCharge}; order after: ${outcome.order.statusAfter}, value ${outcome.order.valueAfter}`);
for (const w of outcome.warnings) console.log(`  warning ${w.code}: ${w.message}`);

// 4. The request VTEX previewed, to send: its request fields, without VTEX's totals.
const sent = {};
for (const key of ["reason", "add", "remove", "replace", "manualDiscountValue", "manualIncrementValue"]) {
  if (answer[key] != null) sent[key] = answer[key];
}
const request = toVtexRequest(state, fromVtexChange(sent, state).operation, { changeApi: "v2" });
console.log(`${request.method} ${request.path}`);
console.log(JSON.stringify(request.body, null, 2));
