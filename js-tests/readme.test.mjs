// The READMEs' examples run as written and print what their comments say: the npm README's
// Node example (CommonJS) and the project README's JavaScript one (ES module).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const pkgDir = path.dirname(fileURLToPath(import.meta.resolve("settlement-preview/package.json")));

/** The ```js blocks of a Markdown text. */
const jsBlocks = (markdown) => [...markdown.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);

/** Runs `code` as `file` in the consumer project; checks each `console.log(…)` line printed
 *  what the `// comment` at its end says. */
function runsAsWritten(code, file) {
  const expected = code
    .split("\n")
    .filter((line) => line.includes("console.log("))
    .map((line) => /\/\/\s*(.*)$/.exec(line)[1].trim());
  assert.ok(expected.length > 0);
  const script = path.join(process.cwd(), "test", file);
  fs.writeFileSync(script, code);
  const printed = execFileSync(process.execPath, [script], { encoding: "utf8" }).trim().split("\n");
  assert.deepEqual(printed, expected);
}

test("the npm README's Node examples run and print what they say", () => {
  const readme = fs.readFileSync(path.join(pkgDir, "README.md"), "utf8");
  const code = jsBlocks(readme.slice(readme.indexOf("## Node"), readme.indexOf("## Browsers"))).join("\n");
  assert.ok(code.includes('require("settlement-preview")'));
  runsAsWritten(code, "readme-example.cjs");
});

test("the project README's JavaScript example runs and prints what it says", () => {
  const blocks = jsBlocks(fs.readFileSync(path.join(process.env.SP_ROOT, "README.md"), "utf8"));
  assert.equal(blocks.length, 1);
  assert.ok(blocks[0].includes('from "settlement-preview"'));
  runsAsWritten(blocks[0], "root-readme-example.mjs");
});
