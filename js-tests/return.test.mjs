// planReturn from the installed package (api.md section 7): the README's VTEX order
// (tests/vtex/orders/brl-gift-card-installments.json: 1001 2 × 50.00, 1002 1 × 30.00, discounts
// 15.00, shipping 20.00, value 135.00) invoiced whole, then returned. A returned unit refunds
// what the customer paid for it (1002: 30.00 list price, 26.54 paid), the numbers of the core's
// hand-written fixtures (tests/plan_return.rs); toVtexRequest sends it as an `Input` invoice and
// requires its issuanceDate.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import * as sp from "settlement-preview";

const fixture = JSON.parse(
  fs.readFileSync(path.join(process.env.SP_ROOT, "tests/vtex/orders/brl-gift-card-installments.json"), "utf8"),
);
const read = () => sp.fromVtex(fixture.order, null, fixture.options);
const all = [{ id: "1001", quantity: 2 }, { id: "1002", quantity: 1 }];

function invoicedWhole() {
  const { state } = read();
  const planned = sp.planInvoice(state, all);
  assert.equal(planned.operation.value, "135.00");
  const applied = sp.apply(state, planned.operation);
  assert.equal(applied.outcome.accepted, true);
  return applied.state;
}

test("a returned unit refunds what the customer paid for it, not its list price", () => {
  const state = invoicedWhole();
  const planned = sp.planReturn(state, [{ id: "1002", quantity: 1 }]);
  assert.deepEqual(planned, {
    operation: { type: "return", number: "RET-1", value: "26.54", items: [{ id: "1002", quantity: 1, price: "30.00" }] },
    breakdown: {
      items: "30.00", discounts: "3.46", shipping: "0.00", tax: "0.00", value: "26.54", remainingBefore: "135.00",
      lines: [{ id: "1002", quantity: 1, price: "30.00", discount: "3.46" }],
    },
  });
  const outcome = sp.preview(state, planned.operation);
  assert.equal(outcome.accepted, true);
  assert.equal(outcome.refund, "26.54");
  // With the unit's share of the shipping (20.00 by value: 4.62 on 1002) and a number.
  const shipped = sp.planReturn(state, [{ id: "1002", quantity: 1 }], { shipping: "proportional", number: "DEV-9" });
  assert.equal(shipped.breakdown.shipping, "4.62");
  assert.equal(shipped.operation.value, "31.16");
  assert.equal(shipped.operation.number, "DEV-9");
  // One unit of 1001: 50.00 − 5.77.
  assert.equal(sp.planReturn(state, [{ id: "1001", quantity: 1 }]).operation.value, "44.23");
});

test("returning every invoiced unit with proportional shares refunds the invoiced total", () => {
  let state = invoicedWhole();
  const options = { shipping: "proportional", tax: "proportional" };
  const values = [];
  for (const selection of [[{ id: "1001", quantity: 1 }], [{ id: "1002", quantity: 1 }], [{ id: "1001", quantity: 1 }]]) {
    const planned = sp.planReturn(state, selection, options);
    values.push(planned.operation.value);
    const applied = sp.apply(state, planned.operation);
    assert.equal(applied.outcome.accepted, true, JSON.stringify(applied.outcome.errors));
    state = applied.state;
  }
  // A unit of 1001: 50.00 − 5.77 + 7.69 of shipping; 1002: 30.00 − 3.46 + 4.62; the last unit of
  // 1001 takes what is left (51.92), and together they are the invoiced 135.00 exactly.
  assert.deepEqual(values, ["51.92", "31.16", "51.92"]);
  assert.equal(values.reduce((sum, v) => sum + BigInt(v.replace(".", "")), 0n), 13500n);
  // Nothing is left to return: the planner refuses a fourth unit.
  assert.throws(() => sp.planReturn(state, [{ id: "1001", quantity: 1 }], options), (e) => e.code === "INVALID_INPUT" && e.path.startsWith("selection"));
});

test("toVtexRequest sends a return as an Input invoice and requires its issuance date", () => {
  const state = invoicedWhole();
  const { operation } = sp.planReturn(state, [{ id: "1002", quantity: 1 }]);
  assert.deepEqual(sp.toVtexRequest(state, operation, { issuanceDate: "2026-12-02" }), {
    method: "POST",
    path: "/api/oms/pvt/orders/1300000000001-01/invoice",
    body: { type: "Input", invoiceNumber: "RET-1", invoiceValue: 2654, items: [{ id: "1002", price: 3000, quantity: 1 }], issuanceDate: "2026-12-02" },
  });
  for (const options of [undefined, { issuanceDate: "02/12/2026" }, { issuanceDate: "2026-13-45" }]) {
    assert.throws(() => sp.toVtexRequest(state, operation, options), (e) => e.code === "INVALID_INPUT" && e.path === "options.issuanceDate");
  }
});

test("planReturn's malformed input is INVALID_INPUT with a path", () => {
  const { state } = read();
  // Nothing invoiced yet: nothing to return.
  assert.throws(() => sp.planReturn(state, [{ id: "1002", quantity: 1 }]), (e) => e.code === "INVALID_INPUT" && e.path === "state.invoices");
  const invoiced = invoicedWhole();
  assert.throws(() => sp.planReturn(invoiced, [{ id: "1002", quantity: 2 }]), (e) => e.code === "INVALID_INPUT" && e.path.startsWith("selection[0]"));
  assert.throws(() => sp.planReturn(invoiced, [{ id: "1002", quantity: 1 }], { shipping: "first" }), (e) => e.code === "INVALID_INPUT" && e.path === "options.shipping");
});
