// The size budget: the optimised .wasm of the web build at most 205 KB gzipped (150 KB before
// the VTEX adapters and planners of issue 10, which add about 45 KB gzipped; issue 13's
// boundary, which reads arguments as JSON text, adds serde_json's exact number reading, about
// 7 KB, mostly tables).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BUDGET = 205_000;
const webDir = path.dirname(fileURLToPath(import.meta.resolve("settlement-preview/web")));

test(`the web build's .wasm is at most ${BUDGET} bytes gzipped`, (t) => {
  const gz = (f) => {
    const raw = fs.readFileSync(path.join(webDir, f));
    return { raw: raw.length, gzipped: gzipSync(raw, { level: 9 }).length };
  };
  const wasm = gz("settlement_preview_bg.wasm");
  const glue = gz("settlement_preview.js");
  const line = `size: .wasm ${wasm.raw} bytes, ${wasm.gzipped} gzipped; JS glue ${glue.raw} bytes, ${glue.gzipped} gzipped`;
  t.diagnostic(line);
  console.log(line);
  assert.ok(wasm.gzipped <= BUDGET, line);
  // The optimised module still validates.
  assert.ok(WebAssembly.validate(fs.readFileSync(path.join(webDir, "settlement_preview_bg.wasm"))));
});
