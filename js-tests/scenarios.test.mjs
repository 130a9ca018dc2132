// Every conformance scenario (tests/scenarios/public and extra) through the installed package:
// `simulate` and `apply` with `import`, a `Ledger` with `require`; the final states agree. And
// at every step, with the explanation on and off, the outcome `preview`, `Ledger.preview` and
// `Ledger.apply` build from its tokens is `JSON.parse` of its JSON text (issue 20, step 29).
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";
import * as esm from "settlement-preview";
import { assertBuiltIsParsed, builtAndParsed, explainOnAndOff, loadScenarios, runWithLedger, runWithSimulate } from "./scenarios.lib.mjs";

const cjs = createRequire(import.meta.url)("settlement-preview");
const scenarios = loadScenarios();

test("there are scenarios", () => {
  assert.ok(scenarios.filter((s) => s.file.startsWith("public/")).length >= 16);
});

for (const { file, scenario } of scenarios) {
  test(`${file}: ${scenario.name}`, () => {
    const viaSimulate = runWithSimulate(esm, scenario);
    const viaLedger = runWithLedger(cjs, scenario);
    assert.deepEqual(viaLedger, viaSimulate, "the Ledger's final state differs from simulate's");
    for (const options of explainOnAndOff(scenario)) {
      assertBuiltIsParsed(builtAndParsed(esm, scenario, options), `explain: ${options?.explain !== false}`);
      assertBuiltIsParsed(builtAndParsed(cjs, scenario, options), `require, explain: ${options?.explain !== false}`);
    }
  });
}
