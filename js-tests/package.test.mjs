// `import "settlement-preview"` in Node from the installed tarball: no init call, and the same
// module instance as `require`.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { test } from "node:test";
import * as sp from "settlement-preview";
import { Ledger, preview, simulate, version } from "settlement-preview";

const example = JSON.parse(fs.readFileSync(path.join(process.env.SP_ROOT, "examples", "order.json"), "utf8"));

test("import previews the built-in example with no init call", () => {
  const outcome = preview(example.state, example.operations[0]);
  assert.equal(outcome.accepted, true);
  const ledger = new Ledger(example.state);
  const { outcomes } = simulate(example.state, example.operations);
  for (const [i, op] of example.operations.entries()) {
    assert.deepEqual(ledger.preview(op), outcomes[i]);
    assert.deepEqual(ledger.apply(op), outcomes[i]);
  }
  ledger.free();
  assert.match(version(), /^\d+\.\d+\.\d+/);
});

test("import and require share one module instance", () => {
  const cjs = createRequire(import.meta.url)("settlement-preview");
  assert.equal(cjs.Ledger, sp.Ledger);
  assert.ok(new cjs.Ledger(example.state) instanceof sp.Ledger);
});

test("the exports map: Node gets the CommonJS build, everything else the embedded ES module, /web and the .wasm", () => {
  assert.match(import.meta.resolve("settlement-preview"), /\/node\/index\.mjs$/);
  assert.match(import.meta.resolve("settlement-preview/web"), /\/web\/settlement_preview\.js$/);
  assert.match(import.meta.resolve("settlement-preview/settlement_preview_bg.wasm"), /\/web\/settlement_preview_bg\.wasm$/);
  const pkg = createRequire(import.meta.url)("settlement-preview/package.json");
  assert.equal(pkg.type, "module");
  assert.deepEqual(Object.keys(pkg.exports["."]), ["node", "require", "default"]);
  assert.equal(pkg.exports["."].default.default, "./index.js");
  assert.equal(pkg.exports["."].require.default, "./node/settlement_preview.cjs");
  assert.ok(Array.isArray(pkg.sideEffects) && pkg.sideEffects.includes("./index.js"));
});

test("the default entry (what bundlers and browsers get) runs in Node too: no init call, the same results", async () => {
  const pkgDir = path.dirname(fileURLToPath(import.meta.resolve("settlement-preview/package.json")));
  const esm = await import(pathToFileURL(path.join(pkgDir, "index.js")).href);
  // Its own glue (the web build's without the line naming the .wasm file): no import.meta.
  assert.doesNotMatch(fs.readFileSync(path.join(pkgDir, "settlement_preview.js"), "utf8"), /import\.meta/);
  for (const name of Object.keys(sp)) assert.equal(typeof esm[name], typeof sp[name], name);
  const { outcomes } = esm.simulate(example.state, example.operations);
  assert.deepEqual(outcomes, simulate(example.state, example.operations).outcomes);
});

test("every export of the CommonJS build reaches import (export *), the same in the default entry", async () => {
  const cjs = Object.keys(createRequire(import.meta.url)("settlement-preview")).sort();
  assert.deepEqual(Object.keys(sp).sort(), cjs);
  const pkgDir = path.dirname(fileURLToPath(import.meta.resolve("settlement-preview/package.json")));
  const esm = await import(pathToFileURL(path.join(pkgDir, "index.js")).href);
  // The default entry re-exports the web glue, whose initSync comes along (harmless: it
  // returns at once once initialised).
  assert.deepEqual(Object.keys(esm).filter((k) => k !== "initSync").sort(), cjs);
});

test("without TextDecoder and TextEncoder (as in jsdom), both builds fall back to their own UTF-8", () => {
  const pkgDir = path.dirname(fileURLToPath(import.meta.resolve("settlement-preview/package.json")));
  const defaultEntry = JSON.stringify(pathToFileURL(path.join(pkgDir, "index.js")).href);
  let invalidValueMessage;
  try {
    preview(example.state, { type: "invoice", number: "N", value: "x" });
  } catch (e) {
    invalidValueMessage = e.message;
  }
  assert.match(invalidValueMessage, /^operation\.value: /);
  for (const load of ['createRequire(import.meta.url)("settlement-preview")', `await import(${defaultEntry})`]) {
    const script = `import { createRequire } from "node:module";
      delete globalThis.TextDecoder; delete globalThis.TextEncoder;
      const sp = ${load};
      const ex = ${JSON.stringify(example)};
      const out = sp.apply({ ...ex.state, orderId: "pedido-ção-€-😀" }, ex.operations[0]);
      let error; try { sp.preview(ex.state, { type: "invoice", number: "N", value: "x" }); } catch (e) { error = e.message; }
      console.log(JSON.stringify({ fallback: typeof TextDecoder, orderId: out.state.orderId, settle: out.outcome.settle, error }));`;
    const got = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }));
    assert.equal(got.fallback, "undefined", load);
    assert.equal(got.orderId, "pedido-ção-€-😀", load);
    assert.equal(got.settle, preview(example.state, example.operations[0]).settle, load);
    assert.equal(got.error, invalidValueMessage, load);
  }
});
