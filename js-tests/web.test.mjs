// The `web` build: in Node through initSync({ module: bytes }) with every scenario, and in
// headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core) after `await init()`.
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import * as node from "settlement-preview";
import * as web from "settlement-preview/web";
import { ROOT, loadScenarios, match, runWithLedger, runWithSimulate } from "./scenarios.lib.mjs";

const webDir = path.dirname(fileURLToPath(import.meta.resolve("settlement-preview/web")));
const scenarios = loadScenarios();
const example = JSON.parse(fs.readFileSync(path.join(ROOT, "examples", "order.json"), "utf8"));

test("web build in Node: initSync, then every scenario", () => {
  web.initSync({ module: fs.readFileSync(path.join(webDir, "settlement_preview_bg.wasm")) });
  assert.equal(web.version(), node.version());
  for (const { file, scenario } of scenarios) {
    try {
      assert.deepEqual(runWithLedger(web, scenario), runWithSimulate(web, scenario));
    } catch (e) {
      e.message = `${file}: ${e.message}`;
      throw e;
    }
  }
});

/** Each step's result, as the browser page computes it (see PAGE below). */
function stepResults(sp, scenario) {
  const ops = [];
  return scenario.steps.map((step) => {
    try {
      const { outcomes } = sp.simulate(scenario.state, [...ops, step.operation], scenario.options);
      ops.push(step.operation);
      return { outcome: outcomes.at(-1) };
    } catch (e) {
      return { threw: { isError: e instanceof Error, code: e.code, path: e.path, message: e.message } };
    }
  });
}

const PAGE = `<!doctype html><meta charset="utf-8"><title>settlement-preview</title>
<script type="module">
  import init, * as sp from "/pkg/web/settlement_preview.js";
  await init();
  ${stepResults.toString()}
  window.stepResults = (scenario) => stepResults(sp, scenario);
  window.sp = sp;
  window.ready = true;
</script>`;

function serve() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    if (url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html" }).end(PAGE);
      return;
    }
    const rel = url.pathname.replace(/^\/pkg\/web\//, "");
    const file = path.join(webDir, path.normalize(rel));
    if (!url.pathname.startsWith("/pkg/web/") || !file.startsWith(webDir) || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const type = file.endsWith(".wasm") ? "application/wasm" : "text/javascript";
    res.writeHead(200, { "content-type": type }).end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const CHROMIUM = "/usr/bin/chromium";
const haveChromium = fs.existsSync(CHROMIUM);
const mustRun = process.env.REQUIRE_BROWSER === "1";

test("web build in headless Chromium: await init(), every scenario, errors", { skip: !haveChromium && !mustRun && "no /usr/bin/chromium (make test-js installs it)", timeout: 120_000 }, async () => {
  const require = createRequire(path.join(process.env.SP_JS_TESTS, "package.json"));
  const { chromium } = require("playwright-core");
  const server = await serve();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
    timeout: 60_000,
  });
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(String(e)));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction("window.ready === true", null, { timeout: 30_000 });
    assert.deepEqual(problems, []);
    assert.equal(await page.evaluate("navigator.userAgent.includes('HeadlessChrome') || navigator.userAgent.includes('Chrome')"), true);

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

    for (const { file, scenario } of scenarios) {
      const got = await page.evaluate((s) => window.stepResults(s), scenario);
      assert.deepEqual(got, stepResults(node, scenario), `${file}: the browser differs from Node`);
      scenario.steps.forEach((step, i) => {
        if (step.expect.throws) {
          assert.equal(got[i].threw?.code, step.expect.throws, `${file} step ${i}`);
          assert.equal(got[i].threw.isError, true);
        } else {
          match(step.expect, got[i].outcome);
        }
      });
    }
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.close();
  }
});
