// make test-ecosystem: the package from its `npm pack` tarball in every tool front-end code runs
// in. The tools are this directory's devDependencies (their current releases, one lockfile,
// installed by `.ci/npm-deps ecosystem`); the tarball is unpacked into node_modules/
// settlement-preview exactly as `npm install <tarball>` lays out a package without
// dependencies; apps/shared/data.js is written from a public scenario; then
// ecosystem.test.mjs builds and runs one small app per tool (headless Chromium for the
// browser ones) and checks the numbers.
//
//   node run.mjs                 every tool (after `make pkg`)
//   ONLY=vite8,jest node run.mjs   the tests whose names contain one of these words
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const pkgDir = path.join(root, "pkg");
if (!fs.existsSync(path.join(pkgDir, "package.json"))) {
  console.error("ecosystem/run.mjs: no pkg/ — run `make pkg` first");
  process.exit(2);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "settlement-preview-eco-"));
const packed = JSON.parse(
  execFileSync("npm", ["pack", pkgDir, "--json", "--pack-destination", tmp, "--loglevel=error"], { encoding: "utf8" }),
)[0];
const tarball = path.join(tmp, packed.filename);
console.log(`ecosystem: packed ${packed.filename}: ${packed.size} bytes, ${packed.unpackedSize} unpacked, ${packed.entryCount} files`);

const installed = path.join(here, "node_modules", "settlement-preview");
fs.rmSync(installed, { recursive: true, force: true });
fs.mkdirSync(installed, { recursive: true });
execFileSync("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"]);
fs.rmSync(tmp, { recursive: true, force: true });

// The data every app previews: a public scenario, its states, operations and expectations.
const scenarioFile = path.join(root, "tests", "scenarios", "public", "02-total-mode-overcapture-refund.json");
const scenario = JSON.parse(fs.readFileSync(scenarioFile, "utf8"));
const data = { state: scenario.state, operations: scenario.steps.map((s) => s.operation) };
const expect = scenario.steps.map((s) => s.expect);
const banner = `// Written by run.mjs from tests/scenarios/public/${path.basename(scenarioFile)}; not committed.\n`;
fs.writeFileSync(path.join(here, "apps", "shared", "data.js"),
  `${banner}export const DATA = ${JSON.stringify(data)};\nexport const EXPECT = ${JSON.stringify(expect)};\n`);
fs.writeFileSync(path.join(here, "apps", "shared", "data.cjs"),
  `${banner}exports.DATA = ${JSON.stringify(data)};\nexports.EXPECT = ${JSON.stringify(expect)};\n`);

const only = process.env.ONLY ? ["--test-name-pattern", process.env.ONLY.split(",").join("|")] : [];
const started = Date.now();
const run = spawnSync(process.execPath, ["--test", "--test-reporter=spec", "--test-concurrency=1", ...only, "ecosystem.test.mjs"], {
  cwd: here,
  stdio: "inherit",
  env: { ...process.env, SP_ROOT: root, NEXT_TELEMETRY_DISABLED: "1", CI: "1" },
});
console.log(`ecosystem: ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(run.status ?? 1);
