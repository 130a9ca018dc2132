// examples/node/invoice.mjs, copied into this project (where the package is installed from its
// tarball) as a developer would copy it, runs and prints what the engine computes: the planned
// invoice, each payment's figures, and the request body that toVtexRequest gives.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import * as sp from "settlement-preview";

const exampleDir = path.join(process.env.SP_ROOT, "examples", "node");

test("examples/node/invoice.mjs runs from the installed package and prints the engine's numbers", () => {
  const dir = path.join(process.cwd(), "node-example");
  fs.mkdirSync(dir, { recursive: true });
  for (const file of ["invoice.mjs", "order.json", "connectors.json"]) {
    fs.copyFileSync(path.join(exampleDir, file), path.join(dir, file));
  }
  const printed = execFileSync(process.execPath, [path.join(dir, "invoice.mjs")], { cwd: dir, encoding: "utf8" });

  // The same flow, here.
  const order = JSON.parse(fs.readFileSync(path.join(dir, "order.json"), "utf8"));
  const connectors = JSON.parse(fs.readFileSync(path.join(dir, "connectors.json"), "utf8"));
  const { state, notes } = sp.fromVtex(order, undefined, { connectors });
  const { operation, breakdown } = sp.planInvoice(state, [{ id: "1001", quantity: 1 }]);
  const outcome = sp.preview(state, operation);
  assert.equal(outcome.accepted, true);
  const lines = printed.split("\n");
  assert.equal(lines[0], `Order ${state.orderId} (${state.currency}), value ${state.value}`);
  assert.ok(notes.length > 0);
  for (const n of notes) assert.ok(lines.includes(`  note ${n.code}: ${n.message}`), n.code);
  assert.ok(
    lines.includes(
      `Invoice ${operation.number} of ${operation.value}: items ${breakdown.items} − discounts ${breakdown.discounts}` +
        ` + shipping ${breakdown.shipping} + tax ${breakdown.tax}`,
    ),
  );
  for (const p of outcome.payments) {
    assert.ok(
      lines.includes(
        `  ${p.id}: provider settles ${p.settle} (open after ${p.open}); gateway settles ${p.gateway.settle} (open after ${p.gateway.open})`,
      ),
      p.id,
    );
  }
  // The request: the path, and the body exactly (its issuanceDate is the time it ran).
  const at = lines.findIndex((l) => l.startsWith("POST "));
  const body = JSON.parse(lines.slice(at + 1).join("\n"));
  assert.match(body.issuanceDate, /^\d{4}-\d\d-\d\dT/);
  const request = sp.toVtexRequest(state, operation, { issuanceDate: body.issuanceDate });
  assert.equal(lines[at], `${request.method} ${request.path}`);
  assert.deepEqual(body, request.body);
  // Cents, exactly the previewed value.
  assert.equal(String(body.invoiceValue), operation.value.replace(".", ""));
});

test("examples/node/reconcile.mjs reconciles a JSON Lines export from the installed package: a line per payment, damaged lines kept, exact totals", () => {
  const dir = path.join(process.cwd(), "node-example");
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(exampleDir, "reconcile.mjs"), path.join(dir, "reconcile.mjs"));
  const example = JSON.parse(fs.readFileSync(path.join(process.env.SP_ROOT, "examples", "reconcile", "return-not-refunded.json"), "utf8"));
  fs.writeFileSync(path.join(dir, "rec-connectors.json"), JSON.stringify(example.options.connectors));
  const { order, transaction } = example;
  const exportLines = [
    JSON.stringify({ order, transaction }),
    '{"order": {"orderId": "TRUNC',
    "",
    JSON.stringify({ order: { ...order, orderId: "NO-RECORDS-01" }, transaction: null }),
    "42",
    JSON.stringify({ order, transaction }),
  ];
  fs.writeFileSync(path.join(dir, "export.jsonl"), exportLines.join("\n") + "\n");
  let printed;
  let status = 0;
  try {
    printed = execFileSync(process.execPath, [path.join(dir, "reconcile.mjs"), "export.jsonl", "rec-connectors.json"], { cwd: dir, encoding: "utf8" });
  } catch (e) {
    status = e.status;
    printed = e.stdout;
  }
  assert.equal(status, 1, "differences found: exit code 1");
  const lines = printed.trimEnd().split("\n");

  const options = { connectors: example.options.connectors };
  const found = sp.reconcile(order, transaction, options);
  const none = sp.reconcile({ ...order, orderId: "NO-RECORDS-01" }, null, options);
  assert.equal(found.status, "difference");
  assert.notEqual(none.status, "matched");
  const drift = (p) => ["settled", "cancelled", "refunded", "open"].map((k) => `${k} ${p.drift[k]}`).join(", ");
  const codes = (r, p) => r.findings.filter((f) => f.paymentId === p.id || f.paymentId === undefined).map((f) => f.code);
  const row = (n, r, p) => `${n} ${r.orderId} ${p.id} ${p.status} ${r.currency} drift: ${drift(p)}${codes(r, p).length ? ` [${codes(r, p).join(" ")}]` : ""}`;
  assert.equal(lines[0], "1 1400000000002-01 VISA-1 difference BRL drift: settled 0.00, cancelled 0.00, refunded -50.00, open 0.00 [RETURN_NOT_REFUNDED]");
  assert.equal(lines[0], row(1, found, found.payments[0]));
  assert.match(lines[1], /^2 - invalid line: /, "a damaged line is a line of the report");
  assert.equal(lines[2], row(4, none, none.payments[0]));
  assert.equal(lines[3], "5 - invalid order: " + sp.reconcile(undefined, null).error.message);
  assert.equal(lines[4], lines[0].replace(/^1 /, "6 "));
  // The summary: every order counted once; the findings' amounts summed exactly per currency.
  const statuses = new Map();
  for (const s of ["difference", "invalid", none.status, "invalid", "difference"]) statuses.set(s, (statuses.get(s) ?? 0) + 1);
  assert.equal(lines[5], `orders: ${[...statuses].map(([s, n]) => `${n} ${s}`).join(", ")}`);
  const totals = new Map();
  for (const f of [found, none, found].flatMap((r) => r.findings)) {
    const t = totals.get(f.code) ?? { count: 0, cents: 0n };
    totals.set(f.code, { count: t.count + 1, cents: t.cents + BigInt((f.amount ?? "0.00").replace(".", "")) });
  }
  const money = (cents) => `${cents / 100n}.${String(cents % 100n).padStart(2, "0")}`;
  assert.deepEqual(
    lines.slice(6),
    [...totals].sort().map(([code, t]) => `  ${code}: ${t.count}, ${money(t.cents)} BRL`),
  );
  assert.ok(lines.includes("  RETURN_NOT_REFUNDED: 3, 150.00 BRL"), lines.join("\n"));
});

test("examples/node/change-v2.mjs previews VTEX's v2 answer with its totalChangeValue and prints the PATCH that VTEX previewed", () => {
  const dir = path.join(process.cwd(), "node-example");
  fs.mkdirSync(dir, { recursive: true });
  for (const file of ["change-v2.mjs", "change-v2-preview.json", "order.json", "connectors.json"]) {
    fs.copyFileSync(path.join(exampleDir, file), path.join(dir, file));
  }
  const run = (...args) => execFileSync(process.execPath, [path.join(dir, "change-v2.mjs"), ...args], { cwd: dir, encoding: "utf8" }).trimEnd().split("\n");
  const bodyAfter = (lines, head) => JSON.parse(lines.slice(lines.indexOf(head) + 1).join("\n"));
  const patch = "PATCH /api/order-system/orders/1300000000001-01/changes";

  // VTEX's documented answer (S1; vtex-notes 5.2): +4.20, all of it shipping. Neither payment
  // can grow (valueIncrease false): a new charge of 4.20; the body sent carries no 420 of its
  // own (VTEX adds its shipping again otherwise), only what was previewed.
  let lines = run();
  assert.equal(lines[0], "Order 1300000000001-01 (BRL), value 135.00");
  assert.equal(lines[1], "Change v2-1: increment 4.20, discount 0.00 (totalChangeValue 420)");
  assert.ok(lines.includes("  PAY-CC: settle 0.00, cancel 0.00, refund 0.00 (provider); settle 0.00, cancel 0.00, refund 0.00 (gateway)"));
  assert.ok(lines.includes("  new charge 4.20; order after: handling, value 139.20"));
  assert.deepEqual(bodyAfter(lines, patch), { reason: "I would like to receive a preview.", manualDiscountValue: 0, manualIncrementValue: 0 });

  // A change's detail that removes both units of 1001 (100.00) with a manual discount of 10.00:
  // VTEX's -110.00 cancels the card's 105.00 still open and refunds 5.00 of the gift card.
  const detail = {
    requestId: "r-1", status: "done", reason: "Out of stock",
    remove: { items: [{ id: "1001", quantity: 2, measurementUnit: "un", unitMultiplier: 1 }] },
    manualDiscountValue: 1000, manualIncrementValue: 0, totalChangeValue: -11000,
    totals: [{ id: "Items", name: "Items Total", value: -10000 }, { id: "ManualValues", name: "Manual Values Total", value: -1000 }],
  };
  fs.writeFileSync(path.join(dir, "detail.json"), JSON.stringify(detail));
  lines = run("order.json", "detail.json");
  assert.equal(lines[1], "Change r-1: increment 0.00, discount 110.00 (totalChangeValue -11000)");
  assert.ok(lines.includes("  PAY-GC: settle 0.00, cancel 0.00, refund 5.00 (provider); settle 0.00, cancel 0.00, refund 5.00 (gateway)"));
  assert.ok(lines.includes("  PAY-CC: settle 0.00, cancel 105.00, refund 0.00 (provider); settle 0.00, cancel 105.00, refund 0.00 (gateway)"));
  assert.ok(lines.includes("  new charge 0.00; order after: handling, value 25.00"));
  const body = bodyAfter(lines, patch);
  assert.deepEqual(body, { reason: "Out of stock", remove: { items: [{ id: "1001", quantity: 2 }] }, manualDiscountValue: 1000, manualIncrementValue: 0 });

  // The same through the package here: the figures are the engine's for VTEX's value.
  const order = JSON.parse(fs.readFileSync(path.join(dir, "order.json"), "utf8"));
  const connectors = JSON.parse(fs.readFileSync(path.join(dir, "connectors.json"), "utf8"));
  const { state } = sp.fromVtex(order, undefined, { connectors });
  const outcome = sp.preview(state, sp.fromVtexChange(detail, state).operation);
  assert.equal(outcome.refund, "5.00");
  assert.equal(outcome.cancel, "105.00");
});
