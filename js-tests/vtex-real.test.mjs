// The real, public VTEX documents of tests/vtex/real (provenance in its SOURCES.md) through the
// installed package: the same files and hand-written figures as tests/vtex_real.rs checks
// natively. fromVtex's state value, figures, items, payments (id, group, authorization,
// connector, ledger), invoices and note codes; the reconciliation's status and figures where
// the document has the gateway's records.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import * as sp from "settlement-preview";

const dir = path.join(process.env.SP_ROOT, "tests", "vtex", "real");
const read = (d) =>
  fs
    .readdirSync(d)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => ({ name: f.replace(/\.json$/, ""), c: JSON.parse(fs.readFileSync(path.join(d, f), "utf8")) }));
const CASES = read(dir);
// Real data published only in part (SOURCES.md, "Fragments"): the same figures, no items.
const FRAGMENTS = read(path.join(dir, "fragments"));

test("the real documents are there", () => {
  assert.ok(CASES.length >= 8, `${CASES.length} real documents`);
  assert.ok(FRAGMENTS.length >= 2, `${FRAGMENTS.length} real fragments`);
});

function figures(name, c) {
  const e = c.expect;
  const { state, notes } = sp.fromVtex(c.order, null, c.options ?? null);
  for (const key of ["orderId", "currency", "status", "value", "shipping", "discounts", "tax"]) {
    assert.equal(state[key], e[key], `${name}: ${key}`);
  }
  assert.equal(state.transaction.status, e.transactionStatus, `${name}: transaction.status`);
  assert.deepEqual(state.items.map(({ id, quantity, price }) => ({ id, quantity, price })), e.items);
  assert.deepEqual(
    state.transaction.payments.map((p) => ({
      id: p.id, group: p.group, value: p.value, protocol: p.connector.protocol, mode: p.connector.mode,
      settled: p.settled, cancelled: p.cancelled, refunded: p.refunded,
    })),
    e.payments,
  );
  assert.deepEqual(state.invoices.map(({ type, number, value }) => ({ type, number, value })), e.invoices);
  assert.deepEqual(notes.map((n) => n.code).sort(), [...e.notes].sort());
  // The state is the engine's input: a cancellation previews to an outcome.
  assert.ok("accepted" in sp.preview(state, { type: "cancel" }));
  if (c.transaction) {
    const r = sp.reconcile(c.order, c.transaction, c.options ?? null);
    assert.equal(r.status, e.reconcile.status, `${name}: reconcile status`);
    e.reconcile.payments.forEach((p, i) => {
      for (const figure of ["expected", "recorded", "drift"]) {
        assert.deepEqual(r.payments[i][figure], p[figure], `${name}: payments[${i}].${figure}`);
      }
    });
    assert.deepEqual(r.findings.map((f) => f.code).sort(), [...e.reconcile.findings].sort());
  }
}

for (const { name, c } of CASES) {
  test(`real document ${name} maps to its hand-written figures`, () => figures(name, c));

  test(`real document ${name}, damaged, is an error with a path`, () => {
    const order = structuredClone(c.order);
    order.items[0].quantity = "x";
    assert.throws(() => sp.fromVtex(order, null, c.options ?? null), (err) => {
      assert.equal(err.code, "INVALID_INPUT");
      assert.equal(err.path, "order.items[0].quantity");
      return true;
    });
  });
}

for (const { name, c } of FRAGMENTS) {
  test(`real fragment ${name} maps to its hand-written figures`, () => figures(name, c));

  test(`real fragment ${name} adds only its published totals' sum`, () => {
    const keys = Object.keys(c.order).sort();
    assert.deepEqual(keys, [...c.fragment.published, ...Object.keys(c.fragment.added)].sort());
    assert.deepEqual(Object.keys(c.fragment.added), ["value"]);
    assert.equal(c.order.value, c.order.totals.reduce((a, t) => a + t.value, 0));
  });

  test(`real fragment ${name}, damaged, is an error with a path`, () => {
    const order = structuredClone(c.order);
    order.paymentData.transactions[0].payments[0].value = "x";
    assert.throws(() => sp.fromVtex(order, null, c.options ?? null), (err) => {
      assert.equal(err.code, "INVALID_INPUT");
      assert.equal(err.path, "order.paymentData.transactions[0].payments[0].value");
      return true;
    });
  });
}
