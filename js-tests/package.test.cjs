// `require("settlement-preview")` from the installed tarball: no init call.
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { test } = require("node:test");
const sp = require("settlement-preview");

const root = process.env.SP_ROOT;
const example = JSON.parse(fs.readFileSync(path.join(root, "examples", "order.json"), "utf8"));

test("require previews the built-in example with no init call", () => {
  const outcome = sp.preview(example.state, example.operations[0]);
  assert.equal(outcome.accepted, true);
  assert.match(outcome.settle, /^\d+\.\d{2}$/);
  const { outcomes, state } = sp.simulate(example.state, example.operations);
  assert.equal(outcomes.length, example.operations.length);
  assert.equal(typeof state.value, "string");
});

test("require resolves the node build and exports the API", () => {
  assert.match(require.resolve("settlement-preview"), /node[\\/]settlement_preview\.cjs$/);
  for (const name of ["preview", "apply", "simulate", "Ledger", "version"]) {
    assert.equal(typeof sp[name], "function", name);
  }
});

test("version() is the package's version, which is Cargo.toml's", () => {
  const pkg = require("settlement-preview/package.json");
  assert.equal(sp.version(), pkg.version);
  const cargo = fs.readFileSync(path.join(root, "Cargo.toml"), "utf8");
  assert.equal(pkg.version, /^version = "(.*)"$/m.exec(cargo)[1]);
});

test("the tarball holds one .wasm, the embedded copies, the builds and nothing stray", () => {
  // The bindings' own JavaScript (inline_js in src/bindings.rs): one snippet per build, in the
  // folder wasm-bindgen names after the crate.
  const snippet = /^(node|web)\/snippets\/settlement-preview-[0-9a-f]+\/inline\d+\.c?js$/;
  const all = JSON.parse(process.env.SP_PACKED_FILES).sort();
  assert.deepEqual(all.filter((f) => snippet.test(f)).map((f) => f.split("/")[0]), ["node", "web"]);
  const files = all.filter((f) => !snippet.test(f));
  assert.deepEqual(files, [
    "LICENSE", "README.md", "embedded.js", "index.d.ts", "index.js",
    "node/embedded.cjs", "node/index.mjs", "node/settlement_preview.cjs", "node/settlement_preview.d.cts",
    "node/wasm-bytes.cjs",
    "package.json", "settlement_preview.js",
    "web/settlement_preview.d.ts", "web/settlement_preview.js", "web/settlement_preview_bg.wasm",
  ]);
});

test("the CommonJS build takes the package's .wasm file in Node, and its embedded copy when the file is not that module", () => {
  // node/wasm-bytes.cjs (issue 20: cold start): the file when it is this build's module, else
  // the embedded copy, which gives the same bytes.
  const dir = path.dirname(require.resolve("settlement-preview"));
  const file = fs.readFileSync(path.join(dir, "..", "web", "settlement_preview_bg.wasm"));
  const embedded = Buffer.from(require(path.join(dir, "embedded.cjs")).wasmBytes());
  assert.ok(embedded.equals(file));
  const loader = fs.readFileSync(path.join(dir, "wasm-bytes.cjs"), "utf8");
  assert.match(loader, new RegExp(`const LENGTH = ${file.length};`));
  const load = (source) => {
    const module = { exports: {} };
    let embeddedRead = false;
    const fakeRequire = (p) => {
      assert.equal(p, "./embedded.cjs");
      embeddedRead = true;
      return { wasmBytes: () => embedded };
    };
    new Function("module", "exports", "require", "__dirname", source)(module, module.exports, fakeRequire, dir);
    const bytes = Buffer.from(module.exports());
    assert.ok(bytes.equals(file));
    return embeddedRead;
  };
  assert.equal(load(loader), false, "the file, in Node");
  // Another module of the same length (one byte changed), or no file: the embedded copy.
  const changed = loader.replace(/const SAMPLES = \[(\d+)/, (_, first) => `const SAMPLES = [${(Number(first) + 1) % 256}`);
  assert.notEqual(changed, loader);
  assert.equal(load(changed), true, "a different module");
  assert.equal(load(loader.replace("/../web/", "/../nowhere/")), true, "no file");
  const getBuiltinModule = process.getBuiltinModule;
  process.getBuiltinModule = undefined;
  try {
    assert.equal(load(loader), true, "no process.getBuiltinModule");
  } finally {
    process.getBuiltinModule = getBuiltinModule;
  }
});
