// Runs the JavaScript tests against the package the way a user gets it: `npm pack ../pkg`,
// `npm install <tarball>` into a fresh project in a temporary directory, the test files copied
// into that project (so that `import "settlement-preview"` and `require("settlement-preview")`
// resolve through the installed package's `exports`), then `node --test` there.
//
//   node run.mjs            (after `make pkg`; `make test-js` does both)
//   KEEP=1 node run.mjs     keeps the temporary project and prints where it is
//   UPDATE_GOLDEN=1 ...     rewrites golden/*.d.ts from the package instead of comparing
//   SOAK=40000 ...          then runs soak.mjs (that many calls) against the installed package
//   SOAK_ONLY=1 SOAK=...    only the soak (make soak)
//   ONLY=vtex,errors ...    only the test files whose names contain one of these
//   PATTERN=regex ...       only the tests whose names match (node --test-name-pattern)
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const pkgDir = path.join(root, "pkg");
if (!fs.existsSync(path.join(pkgDir, "package.json"))) {
  console.error("run.mjs: no pkg/ — run `make pkg` first");
  process.exit(2);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "settlement-preview-js-"));
const npm = (args, cwd) =>
  execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });

let status = 1;
try {
  const packed = JSON.parse(npm(["pack", pkgDir, "--json", "--pack-destination", tmp], tmp));
  const tarball = path.join(tmp, packed[0].filename);
  console.log(`run.mjs: packed ${packed[0].filename} (${packed[0].entryCount} files, ${packed[0].size} bytes)`);

  const project = path.join(tmp, "consumer");
  fs.mkdirSync(path.join(project, "test"), { recursive: true });
  fs.writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2),
  );
  // The package has no dependencies: nothing is fetched.
  npm(["install", "--offline", tarball], project);

  for (const file of fs.readdirSync(here)) {
    if (/\.(test\.(mjs|cjs)|lib\.mjs|ts|cts)$/.test(file) || file === "soak.mjs") {
      fs.copyFileSync(path.join(here, file), path.join(project, "test", file));
    }
  }
  const only = process.env.ONLY ? process.env.ONLY.split(",") : null;
  const tests = fs.readdirSync(path.join(project, "test"))
    .filter((f) => /\.test\.(mjs|cjs)$/.test(f) && (!only || only.some((o) => f.includes(o))))
    .sort();
  const env = {
    ...process.env,
    SP_ROOT: root,
    SP_JS_TESTS: here,
    SP_TARBALL: tarball,
    SP_PACKED_FILES: JSON.stringify(packed[0].files.map((f) => f.path)),
  };
  const run = process.env.SOAK_ONLY ? { status: 0 } : spawnSync(
    process.execPath,
    ["--test", "--test-reporter=spec", "--test-concurrency=2",
      ...(process.env.PATTERN ? [`--test-name-pattern=${process.env.PATTERN}`] : []), ...tests.map((f) => path.join("test", f))],
    {
      cwd: project,
      stdio: "inherit",
      env,
    },
  );
  status = run.status ?? 1;
  if (status === 0 && process.env.SOAK) {
    const soak = spawnSync(process.execPath, ["--expose-gc", path.join("test", "soak.mjs"), process.env.SOAK], {
      cwd: project,
      stdio: "inherit",
      env,
    });
    status = soak.status ?? 1;
  }
} finally {
  if (process.env.KEEP) {
    console.log(`run.mjs: kept ${tmp}`);
  } else {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
process.exit(status);
