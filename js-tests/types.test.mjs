// The TypeScript declarations: golden files (a change to the public types shows in review), no
// `any` in the public API, a strict consumer compiled against the installed package, and the
// engine's real inputs and outputs (every scenario) compiled as typed literals, so that a field
// the Rust types write and the declarations lack (or the other way round) fails here.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { apply, reconcile } from "settlement-preview";
import { loadScenarios } from "./scenarios.lib.mjs";

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.resolve("settlement-preview/package.json"))));
const golden = path.join(process.env.SP_JS_TESTS, "golden");
const project = process.cwd();

for (const [built, name] of [
  ["index.d.ts", "settlement_preview.d.ts"],
  ["web/settlement_preview.d.ts", "settlement_preview.web.d.ts"],
]) {
  test(`${built} matches golden/${name}`, () => {
    const actual = fs.readFileSync(path.join(pkgDir, built), "utf8");
    if (process.env.UPDATE_GOLDEN) {
      fs.mkdirSync(golden, { recursive: true });
      fs.writeFileSync(path.join(golden, name), actual);
    }
    const expected = fs.readFileSync(path.join(golden, name), "utf8");
    assert.equal(actual, expected, `the declarations changed: review, then UPDATE_GOLDEN=1 make test-js`);
  });
}

test("the ES module and CommonJS declarations are the same", () => {
  assert.equal(
    fs.readFileSync(path.join(pkgDir, "index.d.ts"), "utf8"),
    fs.readFileSync(path.join(pkgDir, "node/settlement_preview.d.cts"), "utf8"),
  );
});

test("no `any` in the public API", () => {
  const dts = fs.readFileSync(path.join(pkgDir, "index.d.ts"), "utf8");
  assert.doesNotMatch(dts, /\bany\b/);
  // The web build adds InitOutput (the raw WebAssembly exports); nothing else may use `any`.
  const web = fs.readFileSync(path.join(pkgDir, "web/settlement_preview.d.ts"), "utf8");
  const withoutInitOutput = web.replace(/export interface InitOutput \{[^}]*\}/, "");
  assert.doesNotMatch(withoutInitOutput, /\bany\b/);
  for (const sig of [
    "export function preview(state: OrderStateInput, operation: Operation, options?: Options | null): Outcome;",
    "export function apply(state: OrderStateInput, operation: Operation, options?: Options | null): Applied;",
    "export function simulate(state: OrderStateInput, operations: Operation[], options?: Options | null): Simulation;",
    "export function version(): string;",
    "export function planReturn(state: OrderStateInput, selection: Selection, options?: PlanReturnOptions | null): PlannedReturn;",
    "export function reconcile(order: VtexOrder, transaction: GatewayTransaction | null, options?: ReconcileOptions | null): Reconciliation;",
    "constructor(state: OrderStateInput, options?: Options | null);",
    "apply(operation: Operation): Outcome;",
    "preview(operation: Operation): Outcome;",
    "state(): OrderState;",
    "free(): void;",
  ]) {
    assert.ok(dts.includes(sig), `missing: ${sig}`);
  }
});

const tsc = path.join(process.env.SP_JS_TESTS, "node_modules", "typescript", "bin", "tsc");

/** Runs `tsc --strict --noEmit` on `files` (paths under the project), with `options` over the
 *  defaults (nodenext, es2022, skipLibCheck); returns tsc's output, or throws it. */
function compile(name, files, options = {}) {
  const config = path.join(project, `tsconfig.${name}.json`);
  fs.writeFileSync(config, JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: "es2022", module: "nodenext", moduleResolution: "nodenext",
      types: [], skipLibCheck: true, ...options,
    },
    files,
  }));
  return execFileSync(process.execPath, [tsc, "-p", config], { cwd: project, encoding: "utf8", stdio: "pipe" });
}

// Every moduleResolution, with lib ["es2022", "dom"] (no `esnext.disposable`: the package
// declares Symbol.dispose itself, pkg-template/dispose.d.ts) and with the disposable lib (the two
// declarations merge), always skipLibCheck: false, so the package's own declarations are checked.
const RESOLUTIONS = [
  ["node10", "esnext"], ["node16", "node16"], ["nodenext", "nodenext"], ["bundler", "esnext"],
];
for (const [resolution, module] of RESOLUTIONS) {
  for (const lib of [["es2022", "dom"], ["es2022", "dom", "esnext.disposable"]]) {
    test(`tsc --strict accepts the consumer (moduleResolution ${resolution}, lib ${lib}, skipLibCheck false)`, () => {
      const options = { module, moduleResolution: resolution, lib, skipLibCheck: false, noUnusedLocals: false };
      const files = ["test/consumer.ts", "test/consumer-web.ts"];
      // node16/nodenext read a .cts as CommonJS: `require` gets the CommonJS declarations.
      if (["node16", "nodenext"].includes(resolution)) files.push("test/consumer-cjs.cts");
      try {
        compile(`${resolution}.${lib.length}`, files, options);
      } catch (e) {
        assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
      }
    });
  }
  test(`tsc refuses a default import (moduleResolution ${resolution}): the package has none`, () => {
    const bad = path.join(project, "test", `default-${resolution}.ts`);
    fs.writeFileSync(bad, 'import sp from "settlement-preview";\nexport const v: string = sp.version();\n');
    const options = { module, moduleResolution: resolution, lib: ["es2022", "dom"], skipLibCheck: false, esModuleInterop: true };
    assert.throws(() => compile(`default-${resolution}`, [`test/default-${resolution}.ts`], options), (e) => /TS1192/.test(e.stdout), e => e);
  });
}

test("tsc catches a wrong use (the check is not vacuous)", () => {
  const bad = path.join(project, "test", "bad.ts");
  fs.writeFileSync(bad, 'import { preview } from "settlement-preview";\nconst n: number = preview({ currency: "BRL", transaction: { payments: [] } }, { type: "cancel" }).settle;\nexport { n };\n');
  assert.throws(() => compile("bad", ["test/bad.ts"], { skipLibCheck: false }), (e) => /TS2322/.test(e.stdout));
});

/** A TypeScript module that declares each value as a fresh literal of its type: tsc then checks
 *  excess and missing fields and every string union, field by field. */
function typedLiterals(values) {
  const types = [...new Set(values.map(([type]) => type))].join(", ");
  const lines = values.map(([type, value], i) => `export const v${i}: ${type} = ${JSON.stringify(value)};`);
  return `import type { ${types} } from "settlement-preview";\n${lines.join("\n")}\n`;
}

/** The reconciliation fixtures (tests/reconcile, the core's) and the admin page's examples
 *  (examples/reconcile): their options and transactions as given, and what `reconcile` returns. */
function reconcileValues() {
  const values = [];
  for (const dir of [["tests", "reconcile"], ["examples", "reconcile"]]) {
    const full = path.join(process.env.SP_ROOT, ...dir);
    if (!fs.existsSync(full)) continue;
    for (const file of fs.readdirSync(full).filter((f) => f.endsWith(".json"))) {
      const { order, transaction = null, options, expect } = JSON.parse(fs.readFileSync(path.join(full, file), "utf8"));
      if (options) values.push(["ReconcileOptions", options]);
      // A transaction the reconciliation refuses (invalid at a `transaction…` path, such as a
      // status written as a number) is not a value of the declarations, by design.
      const refused = expect?.status === "invalid" && expect.error?.path?.startsWith("transaction");
      if (transaction && typeof transaction === "object" && !Array.isArray(transaction) && !refused) values.push(["GatewayTransaction", transaction]);
      values.push(["Reconciliation", reconcile(order, transaction, options)]);
    }
  }
  return values;
}

/** Every scenario's states, operations and options as given, and what `apply` returns; and the
 *  reconciliations. */
function realValues() {
  const values = reconcileValues();
  for (const { scenario } of loadScenarios()) {
    let state = scenario.state;
    values.push(["OrderStateInput", state]);
    if (scenario.options) values.push(["Options", scenario.options]);
    for (const step of scenario.steps) {
      if (step.expect.throws) continue;
      values.push(["Operation", step.operation]);
      const applied = apply(state, step.operation, scenario.options);
      values.push(["Applied", applied], ["OrderStateInput", applied.state]);
      state = applied.state;
    }
  }
  return values;
}

const VALUES = realValues();

test("the engine's real inputs and outputs type-check against the declarations (tsc --strict)", () => {
  const values = VALUES;
  assert.ok(values.length > 200, `${values.length} values`);
  const outcomes = values.filter(([type]) => type === "Applied").map(([, a]) => a.outcome);
  const reconciled = values.filter(([type]) => type === "Reconciliation").map(([, r]) => r);
  // Reconciliations with findings, with payments, and an invalid one (its error).
  assert.ok(reconciled.some((r) => r.findings.length > 0) && reconciled.some((r) => r.payments.length > 0), "reconciliations");
  assert.ok(reconciled.some((r) => r.error !== undefined), "an invalid reconciliation");
  // The literals reach every code the engine has and the main shapes' optional parts.
  assert.ok(outcomes.some((o) => o.errors.length > 0) && outcomes.some((o) => o.warnings.length > 0));
  assert.ok(outcomes.some((o) => o.events.some((e) => e.paymentId === undefined)));
  fs.writeFileSync(path.join(project, "test", "values.ts"), typedLiterals(values));
  try {
    compile("values", ["test/values.ts"]);
  } catch (e) {
    assert.fail(`tsc refused a real value:\n${e.stdout.slice(0, 4000)}`);
  }
});

test("tsc refuses a value with a field the declarations do not have (the check is not vacuous)", () => {
  const [, applied] = VALUES.find(([type]) => type === "Applied");
  const extra = { ...applied, outcome: { ...applied.outcome, settled: "1.00" } };
  const code = { ...applied, outcome: { ...applied.outcome, warnings: [{ code: "TOTAL_CAPTURED", message: "" }] } };
  for (const [name, value, error] of [["extra", extra, /TS2353|TS2561/], ["code", code, /TS2322|TS2820/]]) {
    fs.writeFileSync(path.join(project, "test", `bad-${name}.ts`), typedLiterals([["Applied", value]]));
    assert.throws(() => compile(`bad-${name}`, [`test/bad-${name}.ts`]), (e) => error.test(e.stdout), name);
  }
});
