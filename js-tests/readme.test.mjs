// The npm README's Node examples run as written (CommonJS) and print what their comments say.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const pkgDir = path.dirname(fileURLToPath(import.meta.resolve("settlement-preview/package.json")));

test("the README's Node examples run and print what they say", () => {
  const readme = fs.readFileSync(path.join(pkgDir, "README.md"), "utf8");
  const node = readme.slice(readme.indexOf("## Node"), readme.indexOf("## Browsers"));
  const code = [...node.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]).join("\n");
  assert.ok(code.includes('require("settlement-preview")'));
  const expected = code
    .split("\n")
    .filter((line) => line.includes("console.log("))
    .map((line) => /\/\/\s*(.*)$/.exec(line)[1].trim());
  const file = path.join(process.cwd(), "test", "readme-example.cjs");
  fs.writeFileSync(file, code);
  const printed = execFileSync(process.execPath, [file], { encoding: "utf8" }).trim().split("\n");
  assert.deepEqual(printed, expected);
});
