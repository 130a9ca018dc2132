// `import "settlement-preview"` in Node from the installed tarball: no init call, and the same
// module instance as `require`.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
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

test("the exports map: node import, web and bundler subpaths", async () => {
  const resolved = import.meta.resolve("settlement-preview");
  assert.match(resolved, /\/node\/index\.mjs$/);
  assert.match(import.meta.resolve("settlement-preview/web"), /\/web\/settlement_preview\.js$/);
  assert.match(import.meta.resolve("settlement-preview/bundler"), /\/bundler\/settlement_preview\.js$/);
  const pkg = createRequire(import.meta.url)("settlement-preview/package.json");
  assert.deepEqual(Object.keys(pkg.exports["."]), ["node", "module", "browser", "types", "default"]);
  assert.equal(pkg.exports["."].browser.default, "./web/settlement_preview.js");
  assert.equal(pkg.exports["."].module.default, "./bundler/settlement_preview.js");
  assert.ok(Array.isArray(pkg.sideEffects));
});

test("the bundler build runs where ES module integration of .wasm exists (node --experimental-wasm-modules)", () => {
  const code = `import { preview, version } from "settlement-preview/bundler";
    const ex = ${JSON.stringify(example)};
    console.log(JSON.stringify({ version: version(), outcome: preview(ex.state, ex.operations[0]) }));`;
  const out = execFileSync(process.execPath, ["--experimental-wasm-modules", "--no-warnings", "--input-type=module", "-e", code], {
    cwd: process.cwd(),
    encoding: "utf8",
  });
  const got = JSON.parse(out);
  assert.equal(got.version, version());
  assert.deepEqual(got.outcome, preview(example.state, example.operations[0]));
});
