// The size budget: at most 222 KB gzipped for the browser download (150 KB before the VTEX
// adapters and planners of issue 10, which add about 45 KB gzipped; 200 KB before the
// explanations of issue 11, every outcome's `explain`, which add about 10 KB; 215 KB before
// issue 13's boundary, which reads arguments as JSON text and so adds serde_json's exact
// number reading, about 7 KB, mostly tables), both ways it is
// downloaded: the .wasm of `/web` and the default entry's embedded copy (embedded.js), which
// bundlers put in the bundle.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BUDGET = 222_000;
const webDir = path.dirname(fileURLToPath(import.meta.resolve("settlement-preview/web")));

test(`the .wasm, and its copy embedded in the default entry, are each at most ${BUDGET} bytes gzipped`, (t) => {
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
  const embedded = gz("../embedded.js");
  const embeddedLine = `size: embedded.js ${embedded.raw} bytes, ${embedded.gzipped} gzipped`;
  t.diagnostic(embeddedLine);
  console.log(embeddedLine);
  assert.ok(embedded.gzipped <= BUDGET, embeddedLine);
  // The embedded copy costs at most 3% over the .wasm, in the download.
  assert.ok(embedded.gzipped <= wasm.gzipped * 1.03, `${embeddedLine} vs ${line}`);
  // The optimised module still validates.
  assert.ok(WebAssembly.validate(fs.readFileSync(path.join(webDir, "settlement_preview_bg.wasm"))));
});
