// Writes the embedded copy of the .wasm for the entries that need no file and no init call
// (the package's default entry and its CommonJS build): the module compressed with raw DEFLATE
// (by Zopfli, below) and written as base64, inflated at load time by fflate's inflateSync, bundled in by
// esbuild (3.8 KB minified). fflate's code is wrapped in a function run on first use only
// (issue 20): its top level builds its Huffman tables (loops of 32,768 steps, run once in the
// interpreter), which took 3–7 ms of every cold start in Node, where zlib inflates instead. Measured on the 315 KB module: base64 of the raw bytes is 174 KB
// gzipped, hex 144 KB, base64 of the deflated bytes 131 KB, what the .wasm itself is (130.5 KB);
// inflating takes about 5 ms in a browser; Node inflates with its own zlib.
//
//   node .ci/embed-wasm.mjs <module.wasm> <out.js (ES module)> <out.cjs (CommonJS)> [<wasm-bytes.cjs>]
//
// <wasm-bytes.cjs>: pkg-template/node/wasm-bytes.cjs with this module's length and 64 of its
// bytes filled in (the CommonJS build reads the package's .wasm file in Node when it is this
// module, the embedded copy elsewhere; issue 20).
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { deflateRawSync, inflateRawSync } from "node:zlib";

// esbuild, fflate and @gfx/zopfli are js-tests' (pinned in its lockfile, installed by .ci/npm-deps).
const requireTools = createRequire(path.resolve("js-tests", "package.json"));
const { build } = requireTools("esbuild");
const [wasmPath, esmOut, cjsOut, loaderOut] = process.argv.slice(2).map((p) => path.resolve(p));
const bytes = fs.readFileSync(wasmPath);
// Zopfli (@gfx/zopfli, google/zopfli built to WebAssembly) writes the same raw DEFLATE that
// zlib and fflate inflate, 5.3 % smaller than zlib's level 9 (issue 20, step 14: 193,161 ->
// 182,872 B for the 463,556 B module, about 6 s of the build at its default 15 iterations; 5
// iterations 182,892 B, 50 iterations 182,841 B in 15 s). EMBED_ZLIB=1 takes zlib's level 9
// instead (a quick build, to compare).
const zlibLevel9 = deflateRawSync(bytes, { level: 9 });
const deflated = process.env.EMBED_ZLIB === "1" ? zlibLevel9 : Buffer.from(await requireTools("@gfx/zopfli").deflateAsync(bytes, { numiterations: 15 }));
if (!inflateRawSync(deflated).equals(bytes)) throw new Error("embed-wasm: DEFLATE did not round-trip");

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "embed-wasm-"));
const source = path.join(tmp, "embedded.js");
// fflate's inflateSync alone (tree-shaken), as the body of a function: nothing of it runs at
// import.
const shaken = await build({
  stdin: { contents: `export { inflateSync } from "fflate";`, resolveDir: path.resolve("js-tests"), loader: "js" },
  bundle: true,
  write: false,
  format: "esm",
  platform: "neutral",
  target: "es2020",
  nodePaths: [path.resolve("js-tests", "node_modules")],
  legalComments: "none",
  logLevel: "warning",
});
const exported = /export\s*\{\s*([\w$]+)(?:\s+as\s+inflateSync)?\s*\};?\s*$/;
const fflateCode = shaken.outputFiles[0].text;
if (!exported.test(fflateCode)) throw new Error("embed-wasm: fflate's bundle does not end with its one export");
fs.writeFileSync(source, `// fflate's inflateSync, made on first use (its top level builds tables).
let inflate;
function inflateOnFirstUse(data, options) {
  if (inflate === undefined) {
    inflate = (() => {
      ${fflateCode.replace(exported, "return $1;")}
    })();
  }
  return inflate(data, options);
}
const DEFLATED = ${JSON.stringify(deflated.toString("base64"))};
/** The WebAssembly module's bytes (${bytes.length}), inflated from the copy embedded here. */
export function wasmBytes() {
  // In Node (20.16+, 22.3+) its own zlib: about 3 ms where inflating in JavaScript takes 30 ms
  // or more, most of a cold start. process.getBuiltinModule is a call at run time, which no
  // bundler follows, so browser builds neither see nor need node:zlib; elsewhere, fflate.
  const node = typeof process === "object" && process !== null && typeof process.getBuiltinModule === "function";
  if (node) {
    const zlib = process.getBuiltinModule("zlib");
    const { Buffer } = process.getBuiltinModule("buffer");
    if (zlib && Buffer) return zlib.inflateRawSync(Buffer.from(DEFLATED, "base64"));
  }
  const binary = atob(DEFLATED);
  const packed = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) packed[i] = binary.charCodeAt(i);
  return inflateOnFirstUse(packed, { out: new Uint8Array(${bytes.length}) });
}
`);
// fflate's MIT notice goes with its code, as its license asks (read from the installed copy).
const fflateDir = path.dirname(requireTools.resolve("fflate/package.json"));
const copyright = fs.readFileSync(path.join(fflateDir, "LICENSE"), "utf8").match(/^Copyright .*$/m)?.[0];
if (!copyright) throw new Error("embed-wasm: no copyright line in fflate's LICENSE");
const fflateVersion = JSON.parse(fs.readFileSync(path.join(fflateDir, "package.json"), "utf8")).version;
const banner = `// settlement-preview: the WebAssembly module, embedded (DEFLATE, base64). Includes fflate ${fflateVersion}'s inflateSync (MIT License, ${copyright}, https://github.com/101arrowz/fflate).`;
const common = {
  entryPoints: [source],
  bundle: true,
  minify: true,
  platform: "neutral",
  target: "es2020",
  absWorkingDir: path.resolve("js-tests"),
  nodePaths: [path.resolve("js-tests", "node_modules")],
  banner: { js: banner },
  legalComments: "none",
  logLevel: "warning",
};
await build({ ...common, format: "esm", outfile: esmOut });
await build({ ...common, format: "cjs", outfile: cjsOut });

// Each output gives back exactly the module.
// Each output gives back exactly the module (the ES module read as one whatever package.json
// is beside it yet).
const esmCheck = path.join(tmp, "check.mjs");
fs.copyFileSync(esmOut, esmCheck);
for (const [out, { wasmBytes }] of [
  [esmOut, await import(pathToFileURL(esmCheck).href)],
  [cjsOut, createRequire(import.meta.url)(cjsOut)],
]) {
  if (!Buffer.from(wasmBytes()).equals(bytes)) throw new Error(`embed-wasm: ${out} does not give the module back`);
  // And so does the way without Node's zlib (browsers, older Node).
  const getBuiltinModule = process.getBuiltinModule;
  process.getBuiltinModule = undefined;
  try {
    if (!Buffer.from(wasmBytes()).equals(bytes)) throw new Error(`embed-wasm: ${out} does not give the module back without zlib`);
  } finally {
    process.getBuiltinModule = getBuiltinModule;
  }
}
fs.rmSync(tmp, { recursive: true, force: true });

if (loaderOut) {
  const SAMPLES = 64;
  const samples = Array.from({ length: SAMPLES }, (_, i) => bytes[Math.floor((bytes.length * i) / SAMPLES)]);
  let loader = fs.readFileSync(path.resolve("pkg-template", "node", "wasm-bytes.cjs"), "utf8");
  for (const [from, to] of [["const LENGTH = 0;", `const LENGTH = ${bytes.length};`], ["const SAMPLES = [];", `const SAMPLES = [${samples.join(",")}];`]]) {
    if (loader.split(from).length !== 2) throw new Error(`embed-wasm: expected ${JSON.stringify(from)} once in wasm-bytes.cjs`);
    loader = loader.replace(from, () => to);
  }
  fs.writeFileSync(loaderOut, loader);
}
console.log(`embed-wasm: ${bytes.length} bytes of .wasm, ${deflated.length} deflated (zlib's level 9: ${zlibLevel9.length}), ${fs.statSync(esmOut).size} bytes of JavaScript`);
