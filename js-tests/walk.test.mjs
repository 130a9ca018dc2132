// The walk that turns each JavaScript argument into JSON text for the .wasm (src/bindings.rs,
// `jsonText`; issue 20: it writes the text as UTF-8 bytes itself since step 15, before that a
// string per value that TextEncoder encoded). Its edges, pinned exactly as the string walk gave
// them: the text (read back through the state `apply` returns, or an outcome) and every
// refusal's path and message, in the order its checks are made. Getters and proxies that throw,
// sparse arrays, array-likes of odd lengths, lone surrogates, escapes, -0, 2^53, 1e21, field
// names that need escaping or encoding, own `__proto__` keys, texts far longer than the walk's
// first room, and calls made from inside a walk (a getter that previews) that write their own
// text while the outer walk's is half written.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { Ledger, apply, preview } from "settlement-preview";
import { ROOT } from "./scenarios.lib.mjs";

const example = JSON.parse(fs.readFileSync(path.join(ROOT, "examples", "order.json"), "utf8"));
const { state } = example;
const invoice = example.operations[0];

/** A string of more than 100 units as its length and a digest of its UTF-16 units. */
const short = (s) => (typeof s === "string" && s.length > 100
  ? `${s.length} units, sha256 ${createHash("sha256").update(Buffer.from(s, "utf16le")).digest("hex").slice(0, 16)}`
  : s);
/** What a call gave: `{ ok }` (what `pick` takes of its result) or `{ path, message }`. */
function result(fn, pick = (r) => r) {
  try {
    return { ok: short(pick(fn())) };
  } catch (e) {
    assert.equal(e.code, "INVALID_INPUT", String(e));
    return { path: short(e.path), message: short(e.message) };
  }
}
const withItem = (item) => ({ ...invoice, items: [{ id: "A", quantity: 1, price: "60.00", ...item }] });
const orderId = (id) => result(() => apply({ ...state, orderId: id }, invoice), (r) => r.state.orderId);
const settle = (op) => result(() => preview(state, op), (r) => r.settle);
const arrayLike = (length, entry) => new Proxy([], { get: (t, k) => (k === "length" ? length : entry) });

const STRINGS = {
  "a lone high surrogate": "\ud800",
  "a lone low surrogate between letters": "a\udc00b",
  "a high surrogate at the end": "ab\udbff",
  "two high surrogates then a low one": "\ud800\ud800\udc00",
  "a pair": "\udbff\udfff",
  "an emoji": "pedido-😀",
  "Latin-1 and the euro": "pedido-ção-€",
  "escapes": "\"\\/\b\f\n\r\t",
  "control characters, DEL, U+0080, U+2028, U+2029, the BOM": "\u0000\u001f\u007f\u0080\u2028\u2029\ufeff",
  "quotes around non-ASCII": "\"é\"",
};

const CASES = {
  ...Object.fromEntries(Object.entries(STRINGS).map(([label, s]) => [`orderId: ${label}`, () => orderId(s)])),
  "orderId: 1024 characters of 2 units each": () => result(() => apply({ ...state, orderId: "😀".repeat(1024) }, invoice), (r) => r.state.orderId.length),
  "orderId: 1025 characters": () => orderId("é".repeat(1025)),
  "quantity: -0": () => settle(withItem({ quantity: -0 })),
  "quantity: 2^53 - 1": () => settle(withItem({ quantity: 2 ** 53 - 1 })),
  "quantity: 2^53": () => settle(withItem({ quantity: 2 ** 53 })),
  "quantity: 2^53 + 2": () => settle(withItem({ quantity: 2 ** 53 + 2 })),
  "quantity: 1e21": () => settle(withItem({ quantity: 1e21 })),
  "quantity: -1e21": () => settle(withItem({ quantity: -1e21 })),
  "quantity: 5e-324": () => settle(withItem({ quantity: 5e-324 })),
  "quantity: 1.7976931348623157e308": () => settle(withItem({ quantity: 1.7976931348623157e308 })),
  "value: -0": () => settle({ ...invoice, value: -0 }),
  "value: 60": () => settle({ ...invoice, value: 60 }),
  "value: 1e21": () => settle({ ...invoice, value: 1e21 }),
  "value: 1e-7": () => settle({ ...invoice, value: 1e-7 }),
  "value: 0.1 + 0.2": () => settle({ ...invoice, value: 0.1 + 0.2 }),
  "value: a number with no exact text": () => settle({ ...invoice, value: 1658206780088562.25 }),
  "value: -Infinity": () => settle({ ...invoice, value: -Infinity }),
  "value: a boxed Number": () => settle({ ...invoice, value: new Number(60) }),
  "value: a BigInt": () => settle({ ...invoice, value: 60n }),
  'a field name with a quote': () => settle({ ...invoice, 'a"b': 1 }),
  "a field name with a backslash": () => settle({ ...invoice, "a\\b": 1 }),
  "a field name with a newline and a NUL": () => settle({ ...invoice, "a\n\u0000": 1 }),
  "a field name in Latin-1": () => settle({ ...invoice, "ação": 1 }),
  "a field name of an emoji": () => settle({ ...invoice, "😀": 1 }),
  "a field name with a lone surrogate": () => settle({ ...invoice, "k\ud800": 1 }),
  "a field name of U+2028": () => settle({ ...invoice, "\u2028": 1 }),
  "a field name of 1024 characters": () => settle({ ...invoice, ["k".repeat(1024)]: 1 }),
  "a field name of 1025 characters": () => settle({ ...invoice, ["k".repeat(1025)]: 1 }),
  "a field name of 1024 emoji (2048 units)": () => settle({ ...invoice, ["😀".repeat(1024)]: 1 }),
  "a field name of 1025 emoji": () => settle({ ...invoice, ["😀".repeat(1025)]: 1 }),
  "a field name of 1025 lone surrogates": () => settle({ ...invoice, ["\udc00".repeat(1025)]: 1 }),
  "a long field name before a getter that throws": () => settle({ ["k".repeat(1025)]: 1, get type() { throw new Error("not read"); } }),
  "an undefined field is absent": () => settle({ ...invoice, reason: undefined }),
  "an undefined field with a long name is refused": () => settle({ ...invoice, ["k".repeat(1025)]: undefined }),
  "own __proto__ (JSON.parse)": () => settle(JSON.parse(`{"__proto__":1,${JSON.stringify(invoice).slice(1)}`)),
  "a null-prototype operation": () => settle(Object.assign(Object.create(null), invoice)),
  "an operation from another realm": () => settle(vm.runInNewContext(`(${JSON.stringify(invoice)})`)),
  "an operation whose prototype's prototype is null": () => settle(Object.assign(Object.create(Object.create(null)), invoice)),
  "an operation whose prototype is not plain": () => settle(Object.setPrototypeOf({ ...invoice }, { reason: "x" })),
  "a hole in items": () => settle({ ...invoice, items: [, { id: "A", quantity: 1, price: "60.00" }] }),
  "items: new Array(2)": () => settle({ ...invoice, items: new Array(2) }),
  "items with a field besides its entries": () => settle({ ...invoice, items: Object.assign([{ id: "A", quantity: 1, price: "60.00" }], { extra: 1 }) }),
  "items whose length is 1.5": () => settle({ ...invoice, items: arrayLike(1.5, { id: "A", quantity: 1, price: "60.00" }) }),
  "items whose length is -1": () => settle({ ...invoice, items: arrayLike(-1, { id: "A", quantity: 1, price: "60.00" }) }),
  "items whose length is NaN": () => settle({ ...invoice, items: arrayLike(NaN, {}) }),
  "items whose length is Infinity": () => settle({ ...invoice, items: arrayLike(Infinity, {}) }),
  "items whose length is 10000.5": () => settle({ ...invoice, items: arrayLike(10000.5, {}) }),
  'items whose length is "1"': () => settle({ ...invoice, items: arrayLike("1", {}) }),
  "a getter that throws an Error": () => settle({ ...invoice, get number() { throw new Error("boom"); } }),
  "a getter that throws a TypeError": () => settle({ ...invoice, get number() { throw new TypeError("typed"); } }),
  "a getter that throws a number": () => settle({ ...invoice, get number() { throw 42; } }),
  "a getter that throws a string": () => settle({ ...invoice, get number() { throw "a string"; } }),
  "a getter that throws an Error whose message throws": () => settle({ ...invoice, get number() { const e = new Error(); Object.defineProperty(e, "message", { get() { throw new Error("again"); } }); throw e; } }),
  "an entry's getter that throws": () => settle({ ...invoice, items: Object.defineProperty([], 0, { get() { throw new Error("entry"); }, enumerable: true }) }),
  "a Proxy whose get throws": () => settle(new Proxy({ ...invoice }, { get() { throw new Error("trap get"); } })),
  "a Proxy whose ownKeys throws": () => settle(new Proxy({ ...invoice }, { ownKeys() { throw new Error("trap ownKeys"); } })),
  "a Proxy whose getOwnPropertyDescriptor throws": () => settle(new Proxy({ ...invoice }, { getOwnPropertyDescriptor() { throw new Error("trap gOPD"); } })),
  "a Proxy whose getPrototypeOf throws": () => settle(new Proxy({ ...invoice }, { getPrototypeOf() { throw new Error("trap proto"); } })),
  "a revoked Proxy for items": () => { const { proxy, revoke } = Proxy.revocable([], {}); revoke(); return settle({ ...invoice, items: proxy }); },
  "a Proxy that reads through": () => settle(new Proxy({ ...invoice }, {})),
  "33 levels": () => { let v = "x"; for (let i = 0; i < 33; i++) v = { v }; return settle({ type: "cancel", reason: v }); },
  "a Map deep inside": () => settle({ type: "cancel", reason: [[{ m: new Map() }]] }),
  "a Date's name": () => settle({ ...invoice, value: new Date(0) }),
  "a class whose constructor's name throws": () => { class C {} Object.defineProperty(C, "name", { get() { throw new Error("name"); } }); return settle(new C()); },
  "a class named with a lone surrogate": () => { class C {} Object.defineProperty(C, "name", { value: "C\ud800" }); return settle(new C()); },
  "200 001 values": () => settle({ ...invoice, items: new Array(10_000).fill({ id: "A", quantity: 1, price: "1.00", name: "n", note: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] }) }),
};

// What the string walk gave (main at 1540c86), case by case.
const EXPECTED = {
  "orderId: a lone high surrogate":
    {"ok": "\ufffd"},
  "orderId: a lone low surrogate between letters":
    {"ok": "a\ufffdb"},
  "orderId: a high surrogate at the end":
    {"ok": "ab\ufffd"},
  "orderId: two high surrogates then a low one":
    {"ok": "\ufffd\ud800\udc00"},
  "orderId: a pair":
    {"ok": "\udbff\udfff"},
  "orderId: an emoji":
    {"ok": "pedido-\ud83d\ude00"},
  "orderId: Latin-1 and the euro":
    {"ok": "pedido-\u00e7\u00e3o-\u20ac"},
  "orderId: escapes":
    {"ok": "\"\\/\b\f\n\r\t"},
  "orderId: control characters, DEL, U+0080, U+2028, U+2029, the BOM":
    {"ok": "\u0000\u001f\u007f\u0080\u2028\u2029\ufeff"},
  "orderId: quotes around non-ASCII":
    {"ok": "\"\u00e9\""},
  "orderId: 1024 characters of 2 units each":
    {"ok": 2048},
  "orderId: 1025 characters":
    {"path": "state.orderId", "message": "state.orderId: expected at most 1024 characters"},
  "quantity: -0":
    {"path": "operation.items[0].quantity", "message": "operation.items[0].quantity: expected a whole number of units from 1 to 9007199254740991, got 0"},
  "quantity: 2^53 - 1":
    {"path": "operation.items[0]", "message": "operation.items[0]: quantity \u00d7 price is out of range"},
  "quantity: 2^53":
    {"path": "operation.items[0].quantity", "message": "110 units, sha256 91087cb923a02caa"},
  "quantity: 2^53 + 2":
    {"path": "operation.items[0].quantity", "message": "110 units, sha256 b66fa882eb4c612f"},
  "quantity: 1e21":
    {"path": "operation.items[0].quantity", "message": "116 units, sha256 3697786529babb59"},
  "quantity: -1e21":
    {"path": "operation.items[0].quantity", "message": "117 units, sha256 90a1342d779ac118"},
  "quantity: 5e-324":
    {"path": "operation.items[0].quantity", "message": "420 units, sha256 67023fd09f6b2da9"},
  "quantity: 1.7976931348623157e308":
    {"path": "operation.items[0].quantity", "message": "403 units, sha256 9b62f8a42b33a642"},
  "value: -0":
    {"ok": "0.00"},
  "value: 60":
    {"ok": "30.00"},
  "value: 1e21":
    {"path": "operation.value", "message": "operation.value: amount out of range: at most 15 integer digits, got \"1000000000000000000000\""},
  "value: 1e-7":
    {"path": "operation.value", "message": "operation.value: too many decimals: no currency has more than 3, got \"0.0000001\""},
  "value: 0.1 + 0.2":
    {"path": "operation.value", "message": "operation.value: too many decimals: no currency has more than 3, got \"0.30000000000000004\""},
  "value: a number with no exact text":
    {"path": "operation.value", "message": "operation.value: amount out of range: at most 15 integer digits, got \"1658206780088562.2\""},
  "value: -Infinity":
    {"path": "operation.value", "message": "operation.value: expected a finite number, got -inf"},
  "value: a boxed Number":
    {"path": "operation.value", "message": "operation.value: expected a plain object, got a Number"},
  "value: a BigInt":
    {"path": "operation.value", "message": "operation.value: expected a decimal string or a number, got a BigInt"},
  "a field name with a quote":
    {"path": "operation.a\"b", "message": "operation.a\"b: unknown field `a\"b`, expected one of `number`, `value`, `items`"},
  "a field name with a backslash":
    {"path": "operation.a\\b", "message": "operation.a\\b: unknown field `a\\b`, expected one of `number`, `value`, `items`"},
  "a field name with a newline and a NUL":
    {"path": "operation.a\n\u0000", "message": "operation.a\n\u0000: unknown field `a\n\u0000`, expected one of `number`, `value`, `items`"},
  "a field name in Latin-1":
    {"path": "operation.a\u00e7\u00e3o", "message": "operation.a\u00e7\u00e3o: unknown field `a\u00e7\u00e3o`, expected one of `number`, `value`, `items`"},
  "a field name of an emoji":
    {"path": "operation.\ud83d\ude00", "message": "operation.\ud83d\ude00: unknown field `\ud83d\ude00`, expected one of `number`, `value`, `items`"},
  "a field name with a lone surrogate":
    {"path": "operation.k\ufffd", "message": "operation.k\ufffd: unknown field `k\ufffd`, expected one of `number`, `value`, `items`"},
  "a field name of U+2028":
    {"path": "operation.\u2028", "message": "operation.\u2028: unknown field `\u2028`, expected one of `number`, `value`, `items`"},
  "a field name of 1024 characters":
    {"path": "1034 units, sha256 e5c88b2525b5f961", "message": "2120 units, sha256 632a811fcac42367"},
  "a field name of 1025 characters":
    {"path": "operation", "message": "operation: a field name longer than 1024 characters"},
  "a field name of 1024 emoji (2048 units)":
    {"path": "2058 units, sha256 9de5dbc341178801", "message": "4168 units, sha256 2a2e737299dba674"},
  "a field name of 1025 emoji":
    {"path": "operation", "message": "operation: a field name longer than 1024 characters"},
  "a field name of 1025 lone surrogates":
    {"path": "operation", "message": "operation: a field name longer than 1024 characters"},
  "a long field name before a getter that throws":
    {"path": "operation", "message": "operation: a field name longer than 1024 characters"},
  "an undefined field is absent":
    {"ok": "30.00"},
  "an undefined field with a long name is refused":
    {"path": "operation", "message": "operation: a field name longer than 1024 characters"},
  "own __proto__ (JSON.parse)":
    {"path": "operation.__proto__", "message": "operation.__proto__: unknown field `__proto__`, expected one of `number`, `value`, `items`"},
  "a null-prototype operation":
    {"ok": "30.00"},
  "an operation from another realm":
    {"ok": "30.00"},
  "an operation whose prototype's prototype is null":
    {"ok": "30.00"},
  "an operation whose prototype is not plain":
    {"path": "operation", "message": "operation: expected a plain object, got a Object"},
  "a hole in items":
    {"path": "operation.items[0]", "message": "operation.items[0]: invalid type: null, expected struct ItemDto"},
  "items: new Array(2)":
    {"path": "operation.items[0]", "message": "operation.items[0]: invalid type: null, expected struct ItemDto"},
  "items with a field besides its entries":
    {"ok": "30.00"},
  "items whose length is 1.5":
    {"ok": "30.00"},
  "items whose length is -1":
    {"ok": "30.00"},
  "items whose length is NaN":
    {"ok": "30.00"},
  "items whose length is Infinity":
    {"path": "operation.items", "message": "operation.items: too many entries: at most 10000, got inf"},
  "items whose length is 10000.5":
    {"path": "operation.items", "message": "operation.items: too many entries: at most 10000, got 10000.5"},
  "items whose length is \"1\"":
    {"path": "operation.items", "message": "operation.items: expected an array whose length is a number"},
  "a getter that throws an Error":
    {"path": "operation.number", "message": "operation.number: could not read the value: boom"},
  "a getter that throws a TypeError":
    {"path": "operation.number", "message": "operation.number: could not read the value: typed"},
  "a getter that throws a number":
    {"path": "operation.number", "message": "operation.number: could not read the value: an exception"},
  "a getter that throws a string":
    {"path": "operation.number", "message": "operation.number: could not read the value: a string"},
  "a getter that throws an Error whose message throws":
    {"path": "operation.number", "message": "operation.number: could not read the value: an exception"},
  "an entry's getter that throws":
    {"path": "operation.items[0]", "message": "operation.items[0]: could not read the value: entry"},
  "a Proxy whose get throws":
    {"path": "operation.type", "message": "operation.type: could not read the value: trap get"},
  "a Proxy whose ownKeys throws":
    {"path": "operation", "message": "operation: could not read the value: trap ownKeys"},
  "a Proxy whose getOwnPropertyDescriptor throws":
    {"path": "operation", "message": "operation: could not read the value: trap gOPD"},
  "a Proxy whose getPrototypeOf throws":
    {"path": "operation", "message": "operation: could not read the value: trap proto"},
  "a revoked Proxy for items":
    {"path": "operation.items", "message": "operation.items: could not read the value: Cannot perform 'IsArray' on a proxy that has been revoked"},
  "a Proxy that reads through":
    {"ok": "30.00"},
  "33 levels":
    {"path": "operation.reason.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v", "message": "116 units, sha256 652b068babe4500e"},
  "a Map deep inside":
    {"path": "operation.reason[0][0].m", "message": "operation.reason[0][0].m: expected a plain object, got a Map"},
  "a Date's name":
    {"path": "operation.value", "message": "operation.value: expected a plain object, got a Date"},
  "a class whose constructor's name throws":
    {"path": "operation", "message": "operation: expected a plain object, got an object that is not plain"},
  "a class named with a lone surrogate":
    {"path": "operation", "message": "operation: expected a plain object, got a C\ufffd"},
  "200 001 values":
    {"path": "operation.items[9523].note", "message": "operation.items[9523].note: input too large: more than 200000 values in one argument"}
};

test(`the walk's ${Object.keys(CASES).length} edges give exactly what they gave`, () => {
  const got = Object.fromEntries(Object.entries(CASES).map(([label, run]) => [label, run()]));
  if (process.env.WALK_PRINT) fs.writeFileSync(process.env.WALK_PRINT, JSON.stringify(got, null, 1) + "\n");
  for (const label of Object.keys(CASES)) assert.deepEqual(got[label], EXPECTED[label], label);
  assert.deepEqual(Object.keys(EXPECTED).sort(), Object.keys(CASES).sort());
});

// Item names of every kind: escapes, Latin-1, emoji, lone surrogates (made U+FFFD).
const NAMES = Object.values(STRINGS);
const wellFormed = (s) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
const bigState = (n, name = (i) => `${NAMES[i % NAMES.length]} ${i}`) => ({
  ...state,
  items: Array.from({ length: n }, (_, i) => ({ id: `SKU-${i}`, quantity: 1, price: "0.01", name: name(i) })),
  transaction: { payments: [{ id: "card", group: "creditCard", value: (n / 100).toFixed(2), connector: { mode: "partial" } }] },
});
const names = (s) => s.items.map((item) => item.name);

test("texts far longer than the walk's first room (64 KB) read back whole", () => {
  for (const n of [3_000, 10_000]) {
    const ascii = bigState(n, (i) => `Item ${i} `.padEnd(40, "x"));
    assert.deepEqual(names(apply(ascii, { type: "cancel" }).state), names(ascii), `${n} ASCII names`);
    const mixed = bigState(n);
    assert.deepEqual(names(apply(mixed, { type: "cancel" }).state), names(mixed).map(wellFormed), `${n} names of every kind`);
  }
});

test("a call made from inside a walk writes its own text and leaves the outer one whole", () => {
  const inner = bigState(3_000);
  const innerSettle = preview(inner, { type: "invoice", number: "N", value: "1.00" }).settle;
  const seen = [];
  const outer = bigState(2_000, (i) => `Item ${i} ção`);
  // The 1,000th name's getter makes a call that writes more than the walk's first room, one
  // that is refused, and one through a Ledger, while the outer walk has half its text written.
  Object.defineProperty(outer.items[1_000], "name", {
    enumerable: true,
    get() {
      seen.push(preview(inner, { type: "invoice", number: "N", value: "1.00" }).settle);
      seen.push(result(() => preview(inner, { type: "invoice", number: "N", value: NaN })));
      const ledger = new Ledger(inner);
      seen.push(ledger.preview({ type: "invoice", number: "N", value: "1.00" }).settle);
      ledger.free();
      return "from the getter";
    },
  });
  const got = apply(outer, { type: "cancel" }).state;
  const want = names(bigState(2_000, (i) => `Item ${i} ção`));
  want[1_000] = "from the getter";
  assert.deepEqual(names(got), want);
  assert.deepEqual(seen, [innerSettle, { path: "operation.value", message: "operation.value: expected a finite number, got NaN" }, innerSettle]);
});

test("a text the walk copies straight into the .wasm's memory stays whole when a getter grows that memory", () => {
  // Since step 24 an operation's text is copied into the module's memory by the walk's own
  // crossing, through a view of that memory kept between calls. A getter that makes a call
  // of 10 MB of text grows the memory (which detaches the kept view's buffer) while the outer
  // walk is under way; the outer text is then copied through a new view, whole.
  const huge = bigState(10_000, (i) => `${i} `.padEnd(1_000, "y"));
  const hugeSettle = preview(huge, { type: "invoice", number: "N", value: "1.00" }).settle;
  const seen = [];
  const op = { type: invoice.type, get number() { seen.push(preview(huge, { type: "invoice", number: "N", value: "1.00" }).settle); return invoice.number; } };
  for (const key of Object.keys(invoice)) if (!(key in op)) op[key] = invoice[key];
  const ledger = new Ledger(state);
  const want = ledger.preview(invoice);
  assert.deepEqual(ledger.preview(op), want);
  assert.deepEqual(preview(state, op), preview(state, invoice));
  assert.deepEqual(seen, [hugeSettle, hugeSettle]);
  ledger.free();
});
