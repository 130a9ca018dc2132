// Change v2 ("Order modifications", api.md section 7, vtex-notes 5.2) from the installed
// package: fromVtex with a v2 history (options.changesV2), fromVtexChange, the engine's v2
// rules, and toVtexRequest's PATCH / preview requests, with the numbers of the Rust tests
// (tests/vtex.rs `change_v2_history_joins_the_replay`).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import * as sp from "settlement-preview";

const fixture = JSON.parse(
  fs.readFileSync(path.join(process.env.SP_ROOT, "tests/vtex/orders/brl-change-v2-history.json"), "utf8"),
);

test("fromVtex replays the done v2 changes and notes the others", () => {
  const { state, notes } = sp.fromVtex(fixture.order, null, fixture.options);
  assert.deepEqual(state, fixture.expect.state);
  assert.equal(state.value, "75.00");
  assert.deepEqual(
    notes.map((n) => [n.code, n.path]),
    [
      ["CHANGE_V2_STATUS_ASSUMED", "options.changesV2.requests[0].status"],
      ["CHANGE_V2_NOT_DONE", "options.changesV2.requests[2]"],
      ["CHANGE_V2_NOT_DONE", "options.changesV2.requests[3]"],
    ],
  );
});

test("fromVtexChange → preview → toVtexRequest v2, and the v2 rules", () => {
  const { state } = sp.fromVtex(fixture.order, null, fixture.options);
  // A done detail removing the other SKU 8: VTEX's value, -2500 cents.
  const detail = {
    requestId: "r-10", status: "done", reason: "Out of stock",
    remove: { items: [{ id: "8", quantity: 1, measurementUnit: "un", unitMultiplier: 1 }] },
    manualDiscountValue: 0, manualIncrementValue: 0, totalChangeValue: -2500,
  };
  const { operation, notes } = sp.fromVtexChange(detail, state);
  assert.deepEqual(notes, []);
  assert.deepEqual(operation, {
    type: "change", requestId: "r-10", reason: "Out of stock", discount: "25.00", increment: "0.00",
    itemsRemoved: [{ id: "8", quantity: 1 }], itemsAdded: [], api: "v2",
  });
  // 100.00 authorized, 50.00 settled, 25.00 cancelled: the 25.00 still open is cancelled, and
  // the value meets the 50.00 invoiced: the order closes out.
  const outcome = sp.preview(state, operation);
  assert.equal(outcome.accepted, true);
  assert.equal(outcome.gateway.cancel, "25.00");
  assert.equal(outcome.cancel, "25.00");
  assert.equal(outcome.refund, "0.00");
  assert.equal(outcome.order.valueAfter, "50.00");
  assert.equal(outcome.order.statusAfter, "invoiced");

  const patch = sp.toVtexRequest(state, operation, { changeApi: "v2" });
  assert.deepEqual(patch, {
    method: "PATCH",
    path: "/api/order-system/orders/v12772213qst-02/changes",
    body: { reason: "Out of stock", remove: { items: [{ id: "8", quantity: 1 }] }, manualDiscountValue: 0, manualIncrementValue: 0 },
  });
  // A v2 operation goes to v2 without the option; the preview request is a POST.
  assert.deepEqual(sp.toVtexRequest(state, operation), patch);
  const previewRequest = sp.toVtexRequest(state, operation, { changeApi: "v2", preview: true });
  assert.equal(previewRequest.method, "POST");
  assert.equal(previewRequest.path, "/api/order-system/orders/v12772213qst-02/changes/preview");
  // The account VTEX's OpenAPI asks for in the query: `accountName` on the PATCH, `an` on the
  // preview (tests/vtex.rs `change_v2_requests_replace_a_sku_in_place_and_name_the_account`).
  assert.equal(
    sp.toVtexRequest(state, operation, { account: "storename" }).path,
    "/api/order-system/orders/v12772213qst-02/changes?accountName=storename",
  );
  assert.equal(
    sp.toVtexRequest(state, operation, { changeApi: "v2", preview: true, account: "storename" }).path,
    "/api/order-system/orders/v12772213qst-02/changes/preview?an=storename",
  );
  assert.throws(() => sp.toVtexRequest(state, operation, { account: "" }), { path: "options.account" });
  // VTEX's create-body example (S1): a weighable SKU replaced by another on the same line reads
  // as a removal and an addition; a SKU removed and added again is written back as `replace`.
  const reweighed = sp.fromVtexChange(
    { reason: "re-weighed", replace: [{ from: { items: [{ id: "8", quantity: 1 }] }, to: { items: [{ id: "8", quantity: 1, price: 2600 }] } }] },
    state,
    { requestId: "r-11" },
  );
  assert.deepEqual(sp.toVtexRequest(state, reweighed.operation).body, {
    reason: "re-weighed",
    replace: [{ from: { items: [{ id: "8", quantity: 1 }] }, to: { items: [{ id: "8", quantity: 1, price: 2600 }] } }],
    manualDiscountValue: 0,
    manualIncrementValue: 0,
  });

  // VTEX's preview response (S1 example): totalChangeValue 420, shipping recalculated.
  const previewed = sp.fromVtexChange(
    { reason: "I would like to receive a preview.", manualDiscountValue: 0, manualIncrementValue: 0, totalChangeValue: 420,
      totals: [{ id: "ManualValues", name: "Manual Values Total", value: 0 }, { id: "Shipping", name: "Shipping Total", value: 420 }] },
    state,
  );
  assert.equal(previewed.operation.increment, "4.20");
  assert.equal(previewed.operation.requestId, "v2-3");
  const up = sp.preview(state, previewed.operation);
  assert.equal(up.accepted, true);
  assert.equal(up.order.valueAfter, "79.20");
  // 100.00 authorized less 25.00 cancelled covers 75.00: the 4.20 beyond is a new charge (the
  // card's connector does not allow value increase).
  assert.equal(up.newCharge, "4.20");
  assert.ok(up.warnings.some((w) => w.code === "NEW_TRANSACTION_FOR_INCREASE"));

  // SKU 1 is invoiced (NF-1): v2 may not remove it (SalesOrderSystem046).
  const removeInvoiced = sp.fromVtexChange(
    { requestId: "r-11", remove: { items: [{ id: "1", quantity: 1 }] }, totalChangeValue: -5000 }, state,
  ).operation;
  const refused = sp.preview(state, removeInvoiced);
  assert.equal(refused.accepted, false);
  assert.deepEqual(refused.errors.map((e) => e.code).sort(), ["CHANGE_BELOW_INVOICED", "ITEM_ALREADY_INVOICED"]);
  assert.ok(refused.explain.some((l) => l.code === "ITEM_ALREADY_INVOICED" && l.text.includes("Order modifications (v2)")));
});

test("fromVtexChange throws with the path of what it cannot read", () => {
  const { state } = sp.fromVtex(fixture.order, null, fixture.options);
  assert.throws(
    () => sp.fromVtexChange({ add: { items: [{ id: "Z", quantity: 1 }] } }, state),
    (e) => e.code === "INVALID_INPUT" && e.path === "change.add.items[0].price",
  );
  assert.throws(
    () => sp.toVtexRequest(state, { type: "invoice", number: "N", value: "1.00" }, { preview: true }),
    (e) => e.code === "INVALID_INPUT" && e.path === "options.preview",
  );
});

test("fromVtexChange's options.requestId names a request body; unknown options throw", () => {
  const { state } = sp.fromVtex(fixture.order, null, fixture.options);
  // A PATCH body has no id: one unit of SKU 8 (25.00 in the state) out, estimated from the state.
  const body = { reason: "one unit less", remove: { items: [{ id: "8", quantity: 1 }] } };
  const { operation, notes } = sp.fromVtexChange(body, state, { requestId: "chg-77" });
  assert.equal(operation.requestId, "chg-77");
  assert.equal(operation.discount, "25.00");
  assert.deepEqual(notes.map((n) => n.code), ["CHANGE_V2_ESTIMATE"]);
  assert.equal(sp.fromVtexChange(body, state).operation.requestId, "v2-3");
  assert.throws(() => sp.fromVtexChange(body, state, { requestID: "x" }), {
    code: "INVALID_INPUT", path: "options.requestID",
  });
  assert.throws(() => sp.fromVtexChange(body, state, { requestId: "" }), {
    code: "INVALID_INPUT", path: "options.requestId",
  });
});
