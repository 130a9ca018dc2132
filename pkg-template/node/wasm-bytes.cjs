// The .wasm's bytes for the CommonJS build (issue 20: cold start). In Node, the package's own
// file, web/settlement_preview_bg.wasm, read as it is: about 1 ms, where the embedded copy
// (embedded.cjs: its 260 KB of base64 parsed, node:zlib loaded, the module inflated) takes
// 4–9 ms of a cold start. The file is taken only when it is this build's module (its length
// and 64 of its bytes, written here by .ci/embed-wasm.mjs); anywhere else (a bundle that moved
// this file, as Next.js does for server code; a browser bundle that took this build through
// `require`; Node before 20.16; Deno) the embedded copy, which needs nothing beside it.
"use strict";
const LENGTH = 0; // the module's length (.ci/embed-wasm.mjs)
const SAMPLES = []; // its bytes at LENGTH * i / SAMPLES.length (.ci/embed-wasm.mjs)

function fromFile() {
  // A call at run time (Node 20.16+, 22.3+), which no bundler follows: browser builds neither
  // see nor need node:fs.
  if (typeof process !== "object" || process === null || typeof process.getBuiltinModule !== "function") return undefined;
  if (typeof __dirname !== "string" || LENGTH === 0) return undefined;
  // Deno checks file reads against its permissions (a read could prompt): the embedded copy.
  if (typeof globalThis.Deno === "object" && globalThis.Deno !== null) return undefined;
  try {
    const fs = process.getBuiltinModule("fs");
    const bytes = fs.readFileSync(`${__dirname}/../web/settlement_preview_bg.wasm`);
    if (bytes.length !== LENGTH) return undefined;
    for (let i = 0; i < SAMPLES.length; i++) {
      if (bytes[Math.floor((LENGTH * i) / SAMPLES.length)] !== SAMPLES[i]) return undefined;
    }
    return bytes;
  } catch {
    return undefined;
  }
}

module.exports = function wasmBytes() {
  return fromFile() ?? require("./embedded.cjs").wasmBytes();
};
