// VTEX in, VTEX out from the installed package (api.md section 7): a VTEX-shaped order
// (tests/vtex/orders/brl-gift-card-installments.json) through fromVtex → planInvoice → preview →
// toVtexRequest → apply → planCloseOut → toVtexRequest, in Node and in headless Chromium (the
// web build after `await init()`), with the same numbers as the Rust round trip.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import * as sp from "settlement-preview";
import { inChromium, skipBrowser } from "./browser.lib.mjs";

const fixture = JSON.parse(
  fs.readFileSync(path.join(process.env.SP_ROOT, "tests/vtex/orders/brl-gift-card-installments.json"), "utf8"),
);
const webDir = path.dirname(fileURLToPath(import.meta.resolve("settlement-preview/web")));

/** The whole flow; runs in Node and, through its source, in a page. */
export function vtexFlow(sp, order, options) {
  const caught = (f) => {
    try {
      f();
      return null;
    } catch (e) {
      return { isError: e instanceof Error, code: e.code, path: e.path };
    }
  };
  const { state, notes } = sp.fromVtex(order, null, options);
  const planned = sp.planInvoice(state, [{ id: "1001", quantity: 1 }], { shipping: "first", tax: "proportional" });
  const outcome = sp.preview(state, planned.operation);
  const request = sp.toVtexRequest(state, planned.operation, { issuanceDate: "2026-03-03T10:00:00-03:00" });
  const after = sp.apply(state, planned.operation).state;
  const close = sp.planCloseOut(after);
  const closeRequest = sp.toVtexRequest(after, close);
  const closed = sp.apply(after, close);
  return {
    notes: notes.map((n) => n.code),
    value: state.value,
    planned,
    settle: [outcome.gateway.settle, outcome.settle],
    request,
    closeRequest,
    closed: [closed.outcome.gateway.cancel, closed.state.status, closed.state.transaction.status],
    nothingToClose: caught(() => sp.planCloseOut(state)),
    badCents: caught(() => sp.fromVtex({ ...order, value: 12.5 })),
    noOrderId: caught(() => sp.toVtexRequest({ ...state, orderId: undefined }, planned.operation)),
    badSelection: caught(() => sp.planInvoice(state, [{ id: "1001", quantity: 3 }])),
  };
}

function assertFlow(r) {
  assert.deepEqual(r.notes, ["SELLING_PRICE_DIFFERS", "SHIPPING_DISCOUNT_ON_ITEM", "INSTALLMENT_INTEREST", "AUTO_SETTLED"]);
  assert.equal(r.value, "135.00");
  assert.deepEqual(r.planned, {
    operation: { type: "invoice", number: "NF-1", value: "64.23", items: [{ id: "1001", quantity: 1, price: "50.00" }] },
    breakdown: {
      items: "50.00", discounts: "5.77", shipping: "20.00", tax: "0.00", value: "64.23", remainingBefore: "135.00",
      lines: [{ id: "1001", quantity: 1, price: "50.00", discount: "5.77" }],
    },
  });
  assert.deepEqual(r.settle, ["34.23", "34.23"]);
  assert.deepEqual(r.request, {
    method: "POST",
    path: "/api/oms/pvt/orders/1300000000001-01/invoice",
    body: {
      type: "Output", invoiceNumber: "NF-1", invoiceValue: 6423,
      items: [{ id: "1001", price: 5000, quantity: 1 }], issuanceDate: "2026-03-03T10:00:00-03:00",
    },
  });
  assert.equal(r.closeRequest.path, "/api/oms/pvt/orders/1300000000001-01/changes");
  assert.deepEqual(
    { ...r.closeRequest.body, reason: undefined },
    {
      requestId: "close-out-1", reason: undefined, discountValue: 7077, incrementValue: 0,
      itemsRemoved: [{ id: "1001", price: 5000, quantity: 1 }, { id: "1002", price: 3000, quantity: 1 }], itemsAdded: [],
    },
  );
  assert.deepEqual(r.closed, ["70.77", "invoiced", "finished"]);
  assert.deepEqual(r.nothingToClose, { isError: true, code: "NOTHING_TO_CLOSE", path: "state" });
  assert.deepEqual(r.badCents, { isError: true, code: "INVALID_INPUT", path: "order.value" });
  assert.deepEqual(r.noOrderId, { isError: true, code: "INVALID_INPUT", path: "state.orderId" });
  assert.deepEqual(r.badSelection, { isError: true, code: "INVALID_INPUT", path: "selection[0].quantity" });
}

test("Node: a VTEX order → plan → preview → request, and the close-out", () => {
  assertFlow(vtexFlow(sp, fixture.order, fixture.options));
  // The module keeps working after the errors.
  assert.equal(sp.fromVtex(fixture.order, null, fixture.options).state.value, "135.00");
});

const PAGE = `<!doctype html><meta charset="utf-8"><title>settlement-preview vtex</title>
<script type="module">
  import init, * as sp from "/pkg/web/settlement_preview.js";
  await init();
  ${vtexFlow.toString()}
  window.flow = (order, options) => vtexFlow(sp, order, options);
  window.ready = true;
</script>`;

test("Chromium: the same flow with the web build", { skip: skipBrowser, timeout: 120_000 }, async () => {
  await inChromium(PAGE, "pkg/web", webDir, async (page) => {
    const r = await page.evaluate(({ order, options }) => window.flow(order, options), fixture);
    assertFlow(r);
    assert.deepEqual(r, vtexFlow(sp, fixture.order, fixture.options));
  });
});

// VTEX's documents are wider than our shapes (VTEX's Get order example has 53 fields at its top
// level, ~50 per item, and fields keep being added): the bounds of the walk are wider for
// fromVtex's order and transaction, still finite, and our own shapes keep theirs.
test("Node: a VTEX order with 300 fields per object reads as the narrow one; ours keep 64", () => {
  const wide = (o, n) => {
    const out = { ...o };
    for (let i = 0; i < n; i++) out[`vtexField${i}`] = { nested: [i, `${i}`] };
    return out;
  };
  const order = wide(
    { ...fixture.order, items: fixture.order.items.map((item) => wide(item, 300)) },
    300,
  );
  assert.ok(Object.keys(order).length > 300 && Object.keys(order.items[0]).length > 300);
  const narrow = sp.fromVtex(fixture.order, null, fixture.options);
  assert.deepEqual(sp.fromVtex(order, null, fixture.options), narrow);

  const tooWide = wide(fixture.order, 2000);
  assert.throws(() => sp.fromVtex(tooWide, null, fixture.options), (e) =>
    e.code === "INVALID_INPUT" && e.path === "order" && /too many fields: at most 1024, got 20\d\d/.test(e.message));
  assert.throws(() => sp.preview(wide(narrow.state, 100), { type: "cancel" }), (e) =>
    e.code === "INVALID_INPUT" && e.path === "state" && /too many fields: at most 64/.test(e.message));
});
