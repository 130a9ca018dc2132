// Headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core; never a downloaded
// browser) and a small static server on 127.0.0.1, shared by the browser tests.
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { loadScenarios, match, matchThrown } from "./scenarios.lib.mjs";

const CHROMIUM = "/usr/bin/chromium";

/** The `skip` option of a browser test: set (with a reason) only when Chromium is missing and
 *  the run does not demand it (`make test-js` sets REQUIRE_BROWSER=1 and installs Chromium). */
export const skipBrowser =
  !fs.existsSync(CHROMIUM) && process.env.REQUIRE_BROWSER !== "1" && "no /usr/bin/chromium (make test-js installs it)";

/** Each step's result through `sp.simulate` (the steps so far, then this one): an outcome, or
 *  what was thrown. Runs in Node and, through its source, in a page. */
export function stepResults(sp, scenario) {
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

/** Serves `html` at `/` and the files of `dir` at `/${prefix}/…`. */
function serve(html, prefix, dir) {
  const types = { ".wasm": "application/wasm", ".js": "text/javascript", ".mjs": "text/javascript" };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    if (url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html" }).end(html);
      return;
    }
    const file = path.join(dir, path.normalize(url.pathname.slice(prefix.length + 2)));
    if (!url.pathname.startsWith(`/${prefix}/`) || !file.startsWith(dir) || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" }).end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Opens `html` (served with the files of `dir` under `/${prefix}/`) in headless Chromium, waits
 *  for `window.ready`, runs `fn(page)`, and fails on any uncaught page error. */
/** Debian's Chromium, headless, through js-tests' playwright-core (never a downloaded browser). */
/** Headless Chromium; `args`: more command-line switches (e.g. --host-resolver-rules). */
export async function launchChromium({ args = [] } = {}) {
  const require = createRequire(path.join(process.env.SP_JS_TESTS, "package.json"));
  const { chromium } = require("playwright-core");
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", ...args],
    timeout: 60_000,
  });
}

export async function inChromium(html, prefix, dir, fn) {
  const server = await serve(html, prefix, dir);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(String(e)));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction("window.ready === true", null, { timeout: 30_000 });
    assert.equal(await page.evaluate("navigator.userAgent.includes('Chrome')"), true);
    await fn(page);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.close();
  }
}

/** Every scenario through the page's `window.stepResults`: the same results as `reference` (the
 *  package in Node) step by step, and each step as its `expect` says (api.md section 6). */
export async function assertScenariosInPage(page, reference) {
  for (const { file, scenario } of loadScenarios()) {
    const got = await page.evaluate((s) => window.stepResults(s), scenario);
    assert.deepEqual(got, stepResults(reference, scenario), `${file}: the browser differs from Node`);
    let accepted = 0;
    scenario.steps.forEach((step, i) => {
      if (step.expect.throws) {
        assert.equal(got[i].threw?.code, step.expect.throws, `${file} step ${i}`);
        assert.equal(got[i].threw.isError, true);
        matchThrown(step.expect, got[i].threw, `operations[${accepted}]`);
      } else {
        accepted += 1;
        try {
          match(step.expect, got[i].outcome);
        } catch (e) {
          e.message = `${file} step ${i}: ${e.message}`;
          throw e;
        }
      }
    });
  }
}
