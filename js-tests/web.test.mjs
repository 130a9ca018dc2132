// The `web` build: in Node through initSync({ module: bytes }) with every scenario, and in
// headless Chromium after `await init()`.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import * as node from "settlement-preview";
import * as web from "settlement-preview/web";
import { assertScenariosInPage, inChromium, skipBrowser, stepResults } from "./browser.lib.mjs";
import { ROOT, assertBuiltIsParsed, builtAndParsed, explainOnAndOff, loadScenarios, runWithLedger, runWithSimulate } from "./scenarios.lib.mjs";

const webDir = path.dirname(fileURLToPath(import.meta.resolve("settlement-preview/web")));
const scenarios = loadScenarios();
const example = JSON.parse(fs.readFileSync(path.join(ROOT, "examples", "order.json"), "utf8"));

test("web build in Node: initSync, then every scenario", () => {
  web.initSync({ module: fs.readFileSync(path.join(webDir, "settlement_preview_bg.wasm")) });
  assert.equal(web.version(), node.version());
  for (const { file, scenario } of scenarios) {
    try {
      assert.deepEqual(runWithLedger(web, scenario), runWithSimulate(web, scenario));
      for (const options of explainOnAndOff(scenario)) assertBuiltIsParsed(builtAndParsed(web, scenario, options), "web");
    } catch (e) {
      e.message = `${file}: ${e.message}`;
      throw e;
    }
  }
});

const PAGE = `<!doctype html><meta charset="utf-8"><title>settlement-preview</title>
<script type="module">
  import init, * as sp from "/pkg/web/settlement_preview.js";
  await init();
  ${stepResults.toString()}
  ${builtAndParsed.toString()}
  window.stepResults = (scenario) => stepResults(sp, scenario);
  window.builtAndParsed = (scenario, options) => builtAndParsed(sp, scenario, options);
  window.sp = sp;
  window.ready = true;
</script>`;

test("web build in headless Chromium: await init(), every scenario, errors", { skip: skipBrowser, timeout: 120_000 }, async () => {
  await inChromium(PAGE, "pkg/web", webDir, async (page) => {
    // The example, and an error object as the browser sees it; the module works after it.
    const fromBrowser = await page.evaluate((ex) => {
      const first = window.sp.preview(ex.state, ex.operations[0]);
      let error;
      try {
        window.sp.preview(ex.state, { ...ex.operations[0], value: "6O.00" });
      } catch (e) {
        error = { isError: e instanceof Error, code: e.code, path: e.path, message: e.message };
      }
      const ledger = new window.sp.Ledger(ex.state);
      const after = ledger.apply(ex.operations[0]);
      ledger.free();
      return { first, error, after, version: window.sp.version() };
    }, example);
    assert.deepEqual(fromBrowser.first, node.preview(example.state, example.operations[0]));
    assert.deepEqual(fromBrowser.after, fromBrowser.first);
    assert.equal(fromBrowser.version, node.version());
    assert.equal(fromBrowser.error.isError, true);
    assert.equal(fromBrowser.error.code, "INVALID_INPUT");
    assert.equal(fromBrowser.error.path, "operation.value");

    await assertScenariosInPage(page, node);
    // The outcomes built from their tokens, read by TextDecoder (no Buffer in a page): JSON.parse
    // of their JSON text, at every step of every scenario, explained or not (issue 20, step 29).
    for (const { file, scenario } of scenarios) {
      for (const options of explainOnAndOff(scenario)) {
        const pairs = await page.evaluate(([s, o]) => window.builtAndParsed(s, o), [scenario, options ?? null]);
        assertBuiltIsParsed(pairs, `Chromium, ${file}`);
      }
    }
  });
});
