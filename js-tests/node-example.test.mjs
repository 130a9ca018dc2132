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
