// Malformed input is thrown as an Error with code INVALID_INPUT, a path and a message that says
// what was expected; business rules are outcomes; the module (and a Ledger) keeps working.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { Ledger, apply, preview, simulate } from "settlement-preview";
import { ROOT, assertInvalidInput } from "./scenarios.lib.mjs";

const example = JSON.parse(fs.readFileSync(path.join(ROOT, "examples", "order.json"), "utf8"));
const { state } = example;
const invoice = example.operations[0];

/** Throws INVALID_INPUT at exactly `where`; returns the error. */
function throwsAt(where, fn) {
  const e = assertInvalidInput(fn);
  assert.equal(e.path, where, `path of: ${e.message}`);
  return e;
}

test("an error is a real Error with code, path and a message", () => {
  const e = throwsAt("state.ammount", () => preview({ ...state, ammount: "1.00" }, invoice));
  assert.ok(e instanceof Error);
  assert.equal(Object.prototype.toString.call(e), "[object Error]");
  assert.equal(e.code, "INVALID_INPUT");
  assert.match(e.message, /unknown field `ammount`/);
  assert.equal(typeof e.stack, "string");
});

test("paths name the argument and the place", () => {
  const pay = (p) => ({ ...state, transaction: { payments: [{ ...state.transaction.payments[0], ...p }] } });
  throwsAt("state.transaction.payments[0].value", () => preview(pay({ value: "1e2" }), invoice));
  throwsAt("state.transaction.payments[0].value", () => preview(pay({ value: "12.345" }), invoice));
  throwsAt("state.currency", () => preview({ ...state, currency: "XXX" }, invoice));
  throwsAt("state.status", () => preview({ ...state, status: "shipped" }, invoice));
  throwsAt("operation.items[1].quantity", () =>
    preview(state, { ...invoice, items: [invoice.items[0], { id: "B", quantity: 0 }] }));
  throwsAt("operation.items[0].quantity", () => preview(state, { ...invoice, items: [{ id: "A", quantity: 1.5 }] }));
  throwsAt("operation.type", () => preview(state, { ...invoice, type: "refund" }));
  // A missing field is named itself, so that a form can mark it (api.md section 2).
  assert.equal(throwsAt("operation.number", () => preview(state, { type: "invoice", value: "1.00" })).message, "operation.number: missing field `number`");
  assert.equal(throwsAt("state.transaction.payments[0].group", () => {
    const { group, ...payment } = state.transaction.payments[0];
    return preview({ ...state, transaction: { ...state.transaction, payments: [payment] } }, invoice);
  }).message, "state.transaction.payments[0].group: missing field `group`");
  throwsAt("operations[2].value", () => simulate(state, [invoice, { type: "cancel" }, { type: "invoice", number: "NF-9" }]));
  throwsAt("operation", () => preview(state, "invoice"));
  assert.match(throwsAt("operation", () => preview(state)).message, /missing: got undefined/);
  assert.match(throwsAt("state", () => preview(undefined, invoice)).message, /missing/);
  assert.match(throwsAt("state", () => preview(null, invoice)).message, /null/);
  throwsAt("options.split", () => preview(state, invoice, { split: "random" }));
  throwsAt("options.splitt", () => preview(state, invoice, { splitt: "listed" }));
  throwsAt("operations", () => simulate(state, invoice));
  throwsAt("operations[1].value", () => simulate(state, [invoice, { ...invoice, number: "NF-9", value: "x" }]));
});

test("numbers: finite ones read through their shortest decimal form; the rest refused", () => {
  assert.equal(preview(state, { ...invoice, value: 60 }).accepted, true);
  assert.deepEqual(preview(state, { ...invoice, value: 60.0 }), preview(state, invoice));
  throwsAt("operation.value", () => preview(state, { ...invoice, value: 0.1 + 0.2 }));
  for (const bad of [NaN, Infinity, -Infinity]) {
    const e = throwsAt("operation.value", () => preview(state, { ...invoice, value: bad }));
    assert.match(e.message, /finite/);
  }
  throwsAt("operation.value", () => preview(state, { ...invoice, value: 60n }));
  throwsAt("operation.items[0].quantity", () => preview(state, { ...invoice, items: [{ id: "A", quantity: 2 ** 53 }] }));
});

test("not JSON data: functions, symbols, Maps, Dates, class instances, deep nesting", () => {
  throwsAt("operation.reason", () => preview(state, { type: "cancel", reason: () => "x" }));
  throwsAt("operation.reason", () => preview(state, { type: "cancel", reason: Symbol("x") }));
  throwsAt("operation", () => preview(state, new Map([["type", "cancel"]])));
  throwsAt("operation.reason", () => preview(state, { type: "cancel", reason: new Date() }));
  class Cancel { constructor() { this.type = "cancel"; } }
  throwsAt("operation", () => preview(state, new Cancel()));
  let deep = {};
  for (let i = 0; i < 1000; i++) deep = { x: deep };
  const e = assertInvalidInput(() => preview(state, { type: "cancel", reason: deep }), "operation.reason");
  assert.match(e.message, /nested too deeply/);
  // `undefined` is an absent field; a null-prototype object is plain.
  assert.equal(preview(state, { type: "cancel", reason: undefined }).accepted, true);
  assert.equal(preview(state, Object.assign(Object.create(null), { type: "cancel" })).accepted, true);
});

test("__proto__ as an own key is an unknown field", () => {
  throwsAt("operation.__proto__", () => preview(state, JSON.parse('{"type":"cancel","__proto__":{"reason":"x"}}')));
});

test("a list longer than 10 000 entries fails fast, before it is read", () => {
  // "Before it is read": not one entry is looked at (counted through a proxy), which is what
  // makes the refusal fast whatever the machine's load (the time itself is a benchmark's).
  let entriesRead = 0;
  const items = new Proxy(new Array(1_000_000).fill({ id: "A", quantity: 1 }), {
    get(target, key, receiver) {
      if (typeof key === "string" && /^\d+$/.test(key)) entriesRead += 1;
      return Reflect.get(target, key, receiver);
    },
  });
  const e = throwsAt("operation.items", () => preview(state, { ...invoice, items }));
  assert.match(e.message, /at most 10000/);
  assert.equal(entriesRead, 0, "entries of the over-long list were read");
  throwsAt("operations", () => simulate(state, new Array(10_001).fill({ type: "cancel" })));
});

test("getters and proxies that throw are INVALID_INPUT, not a crash", () => {
  const getter = { type: "cancel", get reason() { throw new Error("boom"); } };
  const e = throwsAt("operation.reason", () => preview(state, getter));
  assert.match(e.message, /boom/);
  const proxy = new Proxy({}, { ownKeys() { throw new Error("trap"); } });
  throwsAt("operation", () => preview(state, proxy));
  const { proxy: revoked, revoke } = Proxy.revocable({}, {});
  revoke();
  throwsAt("operation", () => preview(state, revoked));
});

test("business rules are outcomes, never exceptions", () => {
  const outcome = preview(state, { ...invoice, value: "1000.00" });
  assert.equal(outcome.accepted, false);
  assert.deepEqual(outcome.errors.map((e) => e.code), ["INVOICE_EXCEEDS_REMAINING"]);
  assert.equal(typeof outcome.errors[0].message, "string");
  assert.deepEqual(outcome.warnings, []);
});

test("the module keeps working after every kind of error", () => {
  const good = preview(state, invoice);
  for (let i = 0; i < 200; i++) {
    assertInvalidInput(() => preview(state, { ...invoice, value: i % 2 ? NaN : "bad" }));
    assertInvalidInput(() => simulate(state, [invoice, { type: "nope" }]));
  }
  assert.deepEqual(preview(state, invoice), good);
  assert.deepEqual(apply(state, invoice).outcome, good);
});

test("a Ledger keeps working after errors, also ones thrown from inside a read", () => {
  const ledger = new Ledger(state);
  const first = ledger.preview(invoice);
  assertInvalidInput(() => ledger.apply({ type: "invoice" }), "operation");
  assertInvalidInput(() => ledger.apply({ type: "cancel", get reason() { throw new Error("boom"); } }), "operation");
  // Re-entrant use from a getter while apply holds the ledger: refused inside, reported as
  // INVALID_INPUT, and the ledger is not poisoned.
  assertInvalidInput(() => ledger.apply({ type: "cancel", get reason() { return ledger.preview(invoice).settle; } }));
  assert.deepEqual(ledger.preview(invoice), first);
  assert.deepEqual(ledger.apply(invoice), first);
  assert.equal(ledger.state().invoices.length, 1);
  assert.equal(ledger.preview(invoice).accepted, true); // the number is reused: a warning
  assertInvalidInput(() => new Ledger({ ...state, currency: "ZZZ" }), "state.currency");
  ledger.free();
  assert.throws(() => ledger.preview(invoice));
});

test("apply returns a new state object and leaves the input alone", () => {
  const before = structuredClone(state);
  const { state: after, outcome } = apply(state, invoice);
  assert.equal(outcome.accepted, true);
  assert.deepEqual(state, before);
  assert.notEqual(after, state);
  assert.equal(after.invoices.length, 1);
  assert.equal(typeof after.value, "string");
  // A returned state is valid input (and the rules see the invoice in it).
  assert.deepEqual(preview(after, { type: "cancel" }).errors.map((e) => e.code), ["CANCEL_AFTER_INVOICE"]);
});
