// The package through a real bundler with no configuration: webpack 5 bundles
// `import … from "settlement-preview"` for the browser (no experiments, no loader); the exports
// map must hand it the default entry (the embedded module), and the bundle must run every
// scenario in headless Chromium with no init call. (make test-ecosystem tries every other tool.)
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { test } from "node:test";
import * as node from "settlement-preview";
import { assertScenariosInPage, inChromium, skipBrowser, stepResults } from "./browser.lib.mjs";
import { ROOT } from "./scenarios.lib.mjs";

const example = JSON.parse(fs.readFileSync(path.join(ROOT, "examples", "order.json"), "utf8"));
const project = process.cwd();
const dist = path.join(project, "dist");

/** Bundles `entry` (source text) with webpack for the browser; resolves to the stats as JSON. */
function bundle(entry) {
  const require = createRequire(path.join(process.env.SP_JS_TESTS, "package.json"));
  const webpack = require("webpack");
  fs.writeFileSync(path.join(project, "test", "bundle-entry.mjs"), entry);
  const compiler = webpack({
    context: project,
    mode: "production",
    target: "web",
    devtool: false,
    entry: "./test/bundle-entry.mjs",
    output: { path: dist, publicPath: "/dist/", clean: true },
    performance: { hints: false },
  });
  return new Promise((resolve, reject) => {
    compiler.run((err, stats) => {
      compiler.close(() => {});
      if (err) return reject(err);
      const json = stats.toJson({ all: false, errors: true, warnings: true, assets: true, modules: true, nestedModules: true });
      if (stats.hasErrors()) return reject(new Error(JSON.stringify(json.errors, null, 1).slice(0, 4000)));
      resolve(json);
    });
  });
}

const ENTRY = `import * as sp from "settlement-preview";
${stepResults.toString()}
window.sp = sp;
window.stepResults = (scenario) => stepResults(sp, scenario);
window.ready = true;
`;

const PAGE = `<!doctype html><meta charset="utf-8"><title>settlement-preview (webpack)</title>
<script src="/dist/main.js"></script>`;

test("webpack bundles the default entry with no configuration; the bundle runs every scenario in headless Chromium", { skip: skipBrowser, timeout: 180_000 }, async () => {
  const stats = await bundle(ENTRY);
  assert.deepEqual(stats.warnings, []);
  const names = (list) => list.flatMap((m) => [m.name, ...names(m.modules ?? [])]);
  const modules = names(stats.modules).join("\n");
  assert.match(modules, /settlement-preview\/index\.js/);
  assert.match(modules, /settlement-preview\/embedded\.js/);
  assert.doesNotMatch(modules, /settlement-preview\/node\//);
  // Nothing names the .wasm file: webpack copies none into the build.
  assert.deepEqual(stats.assets.filter((a) => a.name.endsWith(".wasm")), []);

  await inChromium(PAGE, "dist", dist, async (page) => {
    const fromBrowser = await page.evaluate((ex) => {
      const ledger = new window.sp.Ledger(ex.state);
      const applied = ex.operations.map((op) => ledger.apply(op));
      ledger.free();
      return { first: window.sp.preview(ex.state, ex.operations[0]), applied, version: window.sp.version() };
    }, example);
    assert.equal(fromBrowser.version, node.version());
    assert.deepEqual(fromBrowser.first, node.preview(example.state, example.operations[0]));
    assert.deepEqual(fromBrowser.applied, node.simulate(example.state, example.operations).outcomes);
    await assertScenariosInPage(page, node);
  });
});
