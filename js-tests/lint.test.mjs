// The tarball as the npm ecosystem's linters see it: publint --strict (every suggestion an
// error) and @arethetypeswrong/cli (types resolve as the JavaScript does, in every
// moduleResolution, from CommonJS and from ES modules). The one problem allowed is what an
// ES-module-only entry inherently is: `settlement-preview/web` (an ES module that finds its
// .wasm with import.meta.url) is reachable from CommonJS only through `import()`. The .wasm
// subpath (for `?url` imports) is a file, not a module: attw is told so.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";

const bin = (name) => path.join(process.env.SP_JS_TESTS, "node_modules", ".bin", name);
const tarball = process.env.SP_TARBALL;

test("publint --strict finds nothing in the tarball", () => {
  const run = spawnSync(bin("publint"), ["--strict", tarball], { encoding: "utf8" });
  assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
  assert.match(run.stdout, /All good!/, run.stdout);
});

test("@arethetypeswrong/cli: every entry resolves, typed, everywhere; /web is ES-module-only", () => {
  const out = path.join(process.cwd(), "attw.json");
  const fd = fs.openSync(out, "w");
  // Written to a file: attw exits before a pipe of more than 64 KB is drained.
  const run = spawnSync(bin("attw"), [tarball, "--format", "json", "--exclude-entrypoints", "./settlement_preview_bg.wasm"], {
    stdio: ["ignore", fd, "pipe"],
    encoding: "utf8",
  });
  fs.closeSync(fd);
  const report = JSON.parse(fs.readFileSync(out, "utf8"));
  const entrypoints = Object.keys(report.analysis.entrypoints).sort();
  assert.deepEqual(entrypoints, [".", "./package.json", "./web"]);
  assert.deepEqual(report.analysis.problems, [
    { kind: "CJSResolvesToESM", entrypoint: "./web", resolutionKind: "node16-cjs" },
  ], run.stderr);
  // The main entry, types and JavaScript: CommonJS for require, ES modules for import.
  const main = report.analysis.entrypoints["."].resolutions;
  const files = (kind) => [main[kind].resolution.fileName, main[kind].implementationResolution.fileName]
    .map((f) => f.replace("/node_modules/settlement-preview/", ""));
  assert.deepEqual(files("node16-cjs"), ["node/settlement_preview.d.cts", "node/settlement_preview.cjs"]);
  assert.deepEqual(files("node16-esm"), ["index.d.ts", "node/index.mjs"]);
  assert.deepEqual(files("bundler"), ["index.d.ts", "index.js"]);
  assert.deepEqual(files("node10"), ["index.d.ts", "node/settlement_preview.cjs"]);
});
