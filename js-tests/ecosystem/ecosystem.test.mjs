// One small app per tool (apps/), built or run by that tool's current release with no
// configuration of the package (no plugin, loader, option or init call), from the installed
// tarball; each app previews the steps of a public scenario and renders a table; the test opens
// it in headless Chromium (Debian's /usr/bin/chromium through playwright-core; never a
// downloaded browser) on 127.0.0.1 and checks the numbers against the scenario's `expect`
// (api.md section 6), and the table's cells. Run by run.mjs (make test-ecosystem).
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { match } from "../scenarios.lib.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, ".out");
const app = (...p) => path.join(here, "apps", ...p);
const modules = path.join(here, "node_modules");
const { EXPECT } = await import(pathToFileURL(app("shared", "data.js")).href);
const version = (name) => JSON.parse(fs.readFileSync(path.join(modules, name, "package.json"), "utf8")).version;
const PACKAGE_VERSION = version("settlement-preview");

/** The rows of the closing table: tool, version, what ran, the numbers seen. */
const rows = [];
let browser;

before(async () => {
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    timeout: 60_000,
  });
});

after(async () => {
  await browser?.close();
  const table = ["| tool | version | what ran | provider settle / gateway settle (step 0) |", "|---|---|---|---|",
    ...rows.map((r) => `| ${r.tool} | ${r.version} | ${r.what} | ${r.numbers} |`)].join("\n");
  fs.writeFileSync(path.join(out, "table.md"), `${table}\n`);
  console.log(`\n${table}\n`);
});

/** Checks what an app computed (its #result JSON) and showed (its table cells). */
function checkResult(result, cells) {
  assert.equal(result.version, PACKAGE_VERSION);
  assert.equal(result.samePreview, true, "preview differs from simulate's first outcome");
  assert.equal(result.outcomes.length, EXPECT.length);
  EXPECT.forEach((expect, i) => {
    try {
      match(expect, result.outcomes[i]);
    } catch (e) {
      e.message = `step ${i}: ${e.message}`;
      throw e;
    }
  });
  if (cells) {
    const cell = (step, field) => cells.find(([s, f]) => s === String(step) && f === field)?.[2];
    assert.equal(cell(0, "settle"), EXPECT[0].settle);
    assert.equal(cell(0, "gateway.settle"), EXPECT[0].gateway.settle);
    assert.equal(cell(1, "refund"), EXPECT[1].refund);
  }
  return `${result.outcomes[0].settle} / ${result.outcomes[0].gateway.settle}`;
}

/** Opens `url` in Chromium, waits for the app, checks it; fails on any page error. */
async function checkPage(url, ready = '#app[data-ready="true"]') {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  // A failed request is a problem (named by its URL), except the browser's own favicon probe.
  page.on("response", (r) => r.status() >= 400 && !r.url().endsWith("/favicon.ico") && problems.push(`${r.status()} ${r.url()}`));
  page.on("console", (m) => m.type() === "error" && !m.text().startsWith("Failed to load resource") && problems.push(m.text()));
  try {
    await page.goto(url);
    await page.waitForSelector(ready, { timeout: 20_000 }).catch((e) => {
      throw new Error(`${url}: the app did not render (${e.message.split("\n")[0]}); page problems: ${JSON.stringify(problems)}`);
    });
    const result = JSON.parse(await page.textContent("#result"));
    const cells = await page.$$eval("td[data-field]", (tds) =>
      tds.map((td) => [td.closest("tr").dataset.step, td.dataset.field, td.textContent]));
    assert.deepEqual(problems, []);
    return checkResult(result, cells);
  } finally {
    await page.close();
  }
}

/** Opens `url` and waits for the page's first error; resolves to its text (a test that a
 *  configuration line is still needed). */
async function pageError(url) {
  const page = await browser.newPage();
  try {
    const error = page.waitForEvent("pageerror", { timeout: 30_000 });
    await page.goto(url);
    return String(await error);
  } finally {
    await page.close();
  }
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".css": "text/css" };

/** A static server of `dir` on 127.0.0.1 (index.html at /); resolves to its base URL and a close. */
function serve(dir) {
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const file = path.join(dir, path.normalize(pathname.endsWith("/") ? `${pathname}index.html` : pathname));
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" }).end(fs.readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() })));
}

async function servePage(dir, page = "") {
  const { url, close } = await serve(dir);
  try {
    return await checkPage(url + page);
  } finally {
    close();
  }
}

/** The .wasm files a build wrote (the default entry's builds must have none: it embeds it). */
const wasmFiles = (dir) => fs.readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith(".wasm"));

const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, "127.0.0.1", () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});

/** Runs a tool's command line (node + its bin script, or `command`) in this directory; throws
 *  its output on failure, returns it otherwise. */
function cli(args, options = {}) {
  const run = spawnSync(options.command ?? process.execPath, args, { cwd: here, encoding: "utf8", env: { ...process.env, ...options.env }, timeout: 600_000 });
  if (run.status !== 0) throw new Error(`${args.join(" ")} exited ${run.status}:\n${run.stdout}\n${run.stderr}`.slice(-6000));
  return `${run.stdout}${run.stderr}`;
}

// ----- Vite 6, 7 and 8: the build and the dev server --------------------------------------------

for (const vite of ["vite6", "vite7", "vite8"]) {
  const v = version(vite);
  const load = () => import(vite);
  const cacheDir = path.join(out, vite, "cache");
  for (const [appName, what] of [["vite", "default entry"], ["vite-web", "/web + ?url + init"], ["vite-web-noarg", "/web + init()"]]) {
    test(`${vite} (${v}) build: ${what}`, { timeout: 300_000 }, async () => {
      const { build } = await load();
      const outDir = path.join(out, vite, appName, "dist");
      await build({ root: app(appName), configFile: false, logLevel: "warn", cacheDir, build: { outDir, emptyOutDir: true } });
      // /web: the .wasm is in the build (?url, or init()'s new URL); the default entry: not.
      assert.equal(wasmFiles(outDir).length, appName === "vite" ? 0 : 1, wasmFiles(outDir).join(", "));
      const numbers = await servePage(outDir);
      rows.push({ tool: `Vite ${vite.slice(4)}`, version: v, what: `build, ${what}`, numbers });
    });
    // The one line of configuration measured necessary: Vite 6 and 7 pre-bundle the package in
    // dev (esbuild), which moves the glue away from its .wasm, so `init()` with no argument
    // fetches a wrong URL (Vite answers with index.html); excluding the package from the
    // pre-bundling keeps them together. Vite 8 (Rolldown) needs nothing. The default entry
    // and `?url` need nothing in any of them.
    const exclude = appName === "vite-web-noarg" && vite !== "vite8";
    test(`${vite} (${v}) dev server: ${what}${exclude ? " with optimizeDeps.exclude" : ""}`, { timeout: 300_000 }, async () => {
      const { createServer } = await load();
      const port = await freePort();
      const server = await createServer({
        root: app(appName), configFile: false, logLevel: "warn", cacheDir: path.join(cacheDir, "dev"),
        server: { host: "127.0.0.1", port, strictPort: true },
        ...(exclude ? { optimizeDeps: { exclude: ["settlement-preview"] } } : {}),
      });
      await server.listen();
      try {
        const numbers = await checkPage(`http://127.0.0.1:${port}/`);
        rows.push({ tool: `Vite ${vite.slice(4)}`, version: v, what: `dev server, ${what}${exclude ? " + optimizeDeps.exclude (the one config line)" : ""}`, numbers });
      } finally {
        await server.close();
      }
    });
    if (exclude) {
      // The line is still needed: without it, init() fetches Vite's index.html as the .wasm.
      test(`${vite} (${v}) dev server: ${what} without optimizeDeps.exclude fails (the README's line is needed)`, { timeout: 120_000 }, async () => {
        const { createServer } = await load();
        const port = await freePort();
        const server = await createServer({
          root: app(appName), configFile: false, logLevel: "silent", cacheDir: path.join(cacheDir, "dev-without"),
          server: { host: "127.0.0.1", port, strictPort: true },
        });
        await server.listen();
        try {
          assert.match(await pageError(`http://127.0.0.1:${port}/`), /WebAssembly|MIME|magic/);
        } finally {
          await server.close();
        }
      });
    }
  }
}

// ----- webpack 5 ------------------------------------------------------------------------------------

test(`webpack (${version("webpack")}) production build, webpack's defaults (./src/index.js)`, { timeout: 300_000 }, async () => {
  const { default: webpack } = await import("webpack");
  const dist = path.join(out, "webpack");
  const stats = await new Promise((resolve, reject) => {
    const compiler = webpack({ context: app("webpack"), mode: "production", output: { path: dist } });
    compiler.run((err, s) => compiler.close(() => (err ? reject(err) : resolve(s))));
  });
  const json = stats.toJson({ all: false, errors: true, warnings: true });
  assert.deepEqual(json.errors, []);
  // Tolerated: webpack's performance hint, should the bundle (with the embedded module) pass 244 KiB.
  for (const w of json.warnings) assert.match(w.message, /size limit|performance recommendations/, w.message);
  assert.deepEqual(wasmFiles(dist), []);
  fs.writeFileSync(path.join(dist, "index.html"),
    '<!doctype html><meta charset="utf-8"><div id="app"></div><script src="main.js"></script>');
  const numbers = await servePage(dist);
  rows.push({ tool: "webpack 5", version: version("webpack"), what: `build (no warning but ${json.warnings.length} size hints)`, numbers });
});

// ----- esbuild -----------------------------------------------------------------------------------------

test(`esbuild (${version("esbuild")}) --bundle`, { timeout: 300_000 }, async () => {
  const dist = path.join(out, "esbuild");
  fs.mkdirSync(dist, { recursive: true });
  // esbuild's defaults: an IIFE for the browser, loaded by a classic <script>.
  const log = cli([app("esbuild", "main.js"), "--bundle", `--outdir=${dist}`], { command: path.join(modules, ".bin", "esbuild") });
  assert.doesNotMatch(log, /warning|error/i, log);
  fs.copyFileSync(app("esbuild", "index.html"), path.join(dist, "index.html"));
  const numbers = await servePage(dist);
  rows.push({ tool: "esbuild", version: version("esbuild"), what: "--bundle (its defaults: IIFE, browser)", numbers });
});

// ----- Rollup 4 ---------------------------------------------------------------------------------------

test(`rollup (${version("rollup")}) with @rollup/plugin-node-resolve (${version("@rollup/plugin-node-resolve")})`, { timeout: 300_000 }, async () => {
  const { rollup } = await import("rollup");
  const { nodeResolve } = await import("@rollup/plugin-node-resolve");
  const dist = path.join(out, "rollup");
  const warnings = [];
  const bundle = await rollup({ input: app("rollup", "main.js"), plugins: [nodeResolve()], onwarn: (w) => warnings.push(w.message) });
  await bundle.write({ dir: dist, format: "es" });
  await bundle.close();
  assert.deepEqual(warnings, []);
  fs.copyFileSync(app("rollup", "index.html"), path.join(dist, "index.html"));
  const numbers = await servePage(dist);
  rows.push({ tool: "Rollup 4", version: version("rollup"), what: "build (node-resolve, as for any npm package)", numbers });
});

// ----- Parcel 2 ---------------------------------------------------------------------------------------

test(`parcel (${version("parcel")}) build index.html`, { timeout: 600_000 }, async () => {
  const dist = path.join(out, "parcel", "dist");
  cli([path.join(modules, "parcel", "lib", "bin.js"), "build", app("parcel", "index.html"), "--dist-dir", dist,
    "--cache-dir", path.join(out, "parcel", "cache"), "--no-autoinstall", "--log-level", "warn"]);
  assert.deepEqual(wasmFiles(dist), []);
  const numbers = await servePage(dist);
  rows.push({ tool: "Parcel 2", version: version("parcel"), what: "build", numbers });
});

// ----- A plain <script type="module">, no bundler -----------------------------------------------------

test("plain <script type=module>: settlement-preview/web + await init(), and the default entry with no init", { timeout: 120_000 }, async () => {
  const { url, close } = await serve(here);
  try {
    const web = await checkPage(`${url}apps/plain/index.html`);
    rows.push({ tool: "<script type=module>", version: `Chromium ${browser.version()}`, what: "/web + await init()", numbers: web });
    const embedded = await checkPage(`${url}apps/plain/default.html`);
    rows.push({ tool: "<script type=module>", version: `Chromium ${browser.version()}`, what: "default entry, no init", numbers: embedded });
  } finally {
    close();
  }
});

// ----- Next.js: next build (Turbopack, its default, and webpack), next start; a server component,
// a client component, a route handler ---------------------------------------------------------------

for (const [bundler, flags] of [["Turbopack", []], ["webpack", ["--webpack"]]]) {
  test(`next (${version("next")}) build${flags.map((f) => ` ${f}`).join("")} + start: server component, client component, route handler`, { timeout: 900_000 }, async () => {
    const next = path.join(modules, "next", "dist", "bin", "next");
    const nextApp = app("next");
    fs.rmSync(path.join(nextApp, ".next"), { recursive: true, force: true });
    const log = cli([next, "build", ...flags, nextApp]);
    assert.match(log, /\/client/, log);
    const port = await freePort();
    const server = spawn(process.execPath, [next, "start", nextApp, "-H", "127.0.0.1", "-p", String(port)], {
      cwd: here, stdio: ["ignore", "pipe", "pipe"], env: process.env,
    });
    let output = "";
    server.stdout.on("data", (d) => (output += d));
    server.stderr.on("data", (d) => (output += d));
    try {
      const base = `http://127.0.0.1:${port}`;
      for (let i = 0; ; i++) {
        try {
          if ((await fetch(`${base}/api/preview`)).ok) break;
        } catch {}
        if (i > 120) throw new Error(`next start did not answer:\n${output}`);
        await new Promise((r) => setTimeout(r, 500));
      }
      const api = await (await fetch(`${base}/api/preview`)).json();
      assert.equal(api.version, PACKAGE_VERSION);
      match(EXPECT[0], api.outcome);
      const serverPage = await checkPage(`${base}/`, '#app[data-where="server"]');
      const clientPage = await checkPage(`${base}/client`, '#app[data-where="browser"]');
      rows.push({ tool: `Next.js (${bundler})`, version: version("next"), what: "server component (next start)", numbers: serverPage });
      rows.push({ tool: `Next.js (${bundler})`, version: version("next"), what: "client component (prerendered, then in the browser)", numbers: clientPage });
      rows.push({ tool: `Next.js (${bundler})`, version: version("next"), what: "route handler", numbers: `${api.outcome.settle} / ${api.outcome.gateway.settle}` });
      assert.doesNotMatch(output, /Error|ENOENT/, output);
    } finally {
      server.kill();
    }
  });
}

// ----- TypeScript 7 (the native compiler): the declarations as consumers compile them --------------

test(`typescript (${version("typescript7")}): the declarations compile under node16, nodenext and bundler, skipLibCheck false, lib ES2022 + DOM; a default import does not`, { timeout: 300_000 }, () => {
  const tsc = path.join(modules, "typescript7", "bin", "tsc");
  const dir = path.join(out, "typescript");
  fs.mkdirSync(dir, { recursive: true });
  const compile = (name, files, module, moduleResolution) => {
    const config = path.join(dir, `tsconfig.${name}.json`);
    fs.writeFileSync(config, JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, lib: ["ES2022", "DOM"], target: "ES2022", module, moduleResolution, types: [] },
      files: files.map((f) => app("typescript", f)),
    }));
    return spawnSync(process.execPath, [tsc, "-p", config], { cwd: here, encoding: "utf8" });
  };
  for (const [module, resolution] of [["node16", "node16"], ["nodenext", "nodenext"], ["esnext", "bundler"]]) {
    const files = resolution === "bundler" ? ["consumer.ts"] : ["consumer.ts", "consumer-cjs.cts"];
    const ok = compile(resolution, files, module, resolution);
    assert.equal(ok.status, 0, `${resolution}: ${ok.stdout}${ok.stderr}`);
    const bad = compile(`${resolution}-default`, ["default-import.ts"], module, resolution);
    assert.match(bad.stdout, /TS1192/, `${resolution}: ${bad.stdout}${bad.stderr}`);
  }
  rows.push({ tool: "TypeScript 7", version: version("typescript7"), what: "tsc: node16, nodenext, bundler; default import refused", numbers: "(types)" });
});

// ----- Vitest and Jest: real test files in those runners ---------------------------------------------

test(`vitest (${version("vitest")}) run: a Node-environment test and a jsdom one (jsdom ${version("jsdom")})`, { timeout: 300_000 }, () => {
  const report = path.join(out, "vitest.json");
  fs.mkdirSync(out, { recursive: true });
  cli([path.join(modules, "vitest", "vitest.mjs"), "run", "--root", app("vitest"), "--reporter=json", `--outputFile=${report}`]);
  const json = JSON.parse(fs.readFileSync(report, "utf8"));
  assert.equal(json.numFailedTests, 0);
  assert.equal(json.numPassedTests, 2);
  rows.push({ tool: "Vitest", version: version("vitest"), what: "node + jsdom environments, 2 tests", numbers: `${EXPECT[0].settle} / ${EXPECT[0].gateway.settle} (asserted in the runner)` });
});

test(`jest (${version("jest")}) with jest-environment-jsdom (${version("jest-environment-jsdom")})`, { timeout: 300_000 }, () => {
  const report = path.join(out, "jest.json");
  cli([path.join(modules, "jest", "bin", "jest.js"), "--rootDir", app("jest"), "--ci", "--json", `--outputFile=${report}`]);
  const json = JSON.parse(fs.readFileSync(report, "utf8"));
  assert.equal(json.numFailedTests, 0);
  assert.equal(json.numPassedTests, 4);
  rows.push({ tool: "Jest 30", version: version("jest"), what: "jsdom + node environments, 4 tests", numbers: `${EXPECT[0].settle} / ${EXPECT[0].gateway.settle} (asserted in the runner)` });
});
