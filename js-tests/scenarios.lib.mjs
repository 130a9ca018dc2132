// The conformance scenarios and api.md section 6's matching rules, shared by the test files.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

export const ROOT = process.env.SP_ROOT ?? path.resolve(import.meta.dirname, "../..");

/** Every scenario file, `{ file, scenario }`, public ones first. */
export function loadScenarios() {
  const out = [];
  for (const dir of ["public", "extra"]) {
    const full = path.join(ROOT, "tests", "scenarios", dir);
    if (!fs.existsSync(full)) continue;
    for (const file of fs.readdirSync(full).filter((f) => f.endsWith(".json")).sort()) {
      out.push({ file: `${dir}/${file}`, scenario: JSON.parse(fs.readFileSync(path.join(full, file), "utf8")) });
    }
  }
  return out;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Compares two decimal strings exactly ("60" equals "60.00"), without floating point. */
function sameDecimal(a, b) {
  const norm = (s) => {
    let [int, frac = ""] = s.replace(/^-/, "").split(".");
    int = int.replace(/^0+(?=\d)/, "");
    frac = frac.replace(/0+$/, "");
    const zero = /^0*$/.test(int) && frac === "";
    return `${s.startsWith("-") && !zero ? "-" : ""}${int}.${frac}`;
  };
  return norm(a) === norm(b);
}

/** api.md section 6: `expect` is a partial outcome. Throws an AssertionError on a mismatch. */
export function match(expect, actual, at = "") {
  if (expect !== null && typeof expect === "object" && !Array.isArray(expect)) {
    assert.ok(actual !== null && typeof actual === "object", `${at}: expected an object, got ${JSON.stringify(actual)}`);
    for (const [key, ev] of Object.entries(expect)) {
      const where = `${at}.${key}`;
      assert.ok(key in actual, `${where}: missing`);
      const av = actual[key];
      if (at === "" && key === "errors") {
        const want = [...new Set(ev)].sort();
        const got = [...new Set(av.map((e) => e.code))].sort();
        assert.deepEqual(got, want, `${where}: expected ${want}, got ${got}`);
      } else if (at === "" && key === "warnings") {
        const got = new Set(av.map((w) => w.code));
        for (const code of ev) assert.ok(got.has(code), `${where}: ${code} missing from ${[...got]}`);
      } else if (at === "" && key === "payments") {
        for (const ep of ev) {
          const ap = av.find((p) => p.id === ep.id);
          assert.ok(ap, `${where}: no payment ${ep.id}`);
          match(ep, ap, `${where}[${ep.id}]`);
        }
      } else {
        match(ev, av, where);
      }
    }
  } else if (Array.isArray(expect)) {
    assert.ok(Array.isArray(actual), `${at}: expected an array`);
    assert.equal(actual.length, expect.length, `${at}: expected ${expect.length} entries, got ${actual.length}`);
    expect.forEach((ev, i) => match(ev, actual[i], `${at}[${i}]`));
  } else if (typeof expect === "string" && typeof actual === "string" && DECIMAL.test(expect) && DECIMAL.test(actual)) {
    assert.ok(sameDecimal(expect, actual), `${at}: expected ${expect}, got ${actual}`);
  } else {
    assert.deepEqual(actual, expect, `${at}: expected ${JSON.stringify(expect)}, got ${JSON.stringify(actual)}`);
  }
}

/** An amount string at the outcome's scale as an integer of minor units (exact). */
function minor(amount) {
  return BigInt(amount.replace(".", ""));
}

/**
 * api.md section 8 on an explained outcome: it has lines; a money line names payment, view,
 * figure and an amount above zero; for every payment, view and figure the money lines add up to
 * the outcome's figure; every warning and every error has a line with its code.
 */
export function checkExplain(outcome, at = "") {
  assert.ok(Array.isArray(outcome.explain) && outcome.explain.length > 0, `${at}: no explanation`);
  for (const [i, line] of outcome.explain.entries()) {
    const where = `${at}: explain[${i}] ${JSON.stringify(line)}`;
    assert.equal(typeof line.code, "string", where);
    assert.match(line.rule, /^[3-6](\.[1-4])?$/, where);
    assert.ok(typeof line.text === "string" && line.text.length > 0, where);
    const money = ["view", "figure", "amount"].filter((k) => k in line);
    assert.ok(money.length === 0 || (money.length === 3 && "paymentId" in line), `${where}: a money line names payment, view, figure and amount`);
    if ("amount" in line) assert.ok(minor(line.amount) > 0n, `${where}: amount not above zero`);
  }
  for (const p of outcome.payments) {
    for (const [view, figures] of [["gateway", p.gateway], ["provider", p]]) {
      for (const figure of ["settle", "cancel", "refund"]) {
        const told = outcome.explain
          .filter((l) => l.paymentId === p.id && l.view === view && l.figure === figure)
          .reduce((sum, l) => sum + minor(l.amount), 0n);
        assert.equal(told, minor(figures[figure]), `${at}: payment ${p.id} ${view} ${figure}: the explanation moves ${told} minor units, the figure is ${figures[figure]}`);
      }
    }
  }
  const codes = new Set(outcome.explain.map((l) => l.code));
  for (const w of outcome.warnings) assert.ok(codes.has(w.code), `${at}: warning ${w.code} has no line`);
  for (const e of outcome.errors) assert.ok(codes.has(e.code), `${at}: error ${e.code} has no line`);
}

/**
 * A throwing step may name the error's `path` (under `operation`, as `preview` and `apply` name
 * it; `simulate` names the same field under `operations[i]`) and its exact `message` (what
 * was expected, without the path the Error's message starts with).
 */
export function matchThrown(expect, error, root = "operation") {
  if (expect.path !== undefined) {
    const want = expect.path.replace(/^operation(?=$|[.[])/, root);
    assert.equal(error.path, want, `path of ${error.message}`);
  }
  // The Error's message is "<path>: <what was expected>".
  if (expect.message !== undefined) assert.equal(error.message, `${error.path}: ${expect.message}`, `message at ${error.path}`);
}

/** Asserts that `fn` throws the package's INVALID_INPUT error; returns it. */
export function assertInvalidInput(fn, pathPrefix) {
  let caught;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught !== undefined, "expected INVALID_INPUT, nothing was thrown");
  assert.ok(caught instanceof Error, `expected an Error, got ${caught}`);
  assert.equal(caught.code, "INVALID_INPUT", `code of ${caught}`);
  assert.equal(typeof caught.path, "string");
  assert.equal(typeof caught.message, "string");
  assert.ok(caught.message.length > 0);
  if (pathPrefix !== undefined) {
    assert.ok(
      caught.path === pathPrefix || caught.path.startsWith(`${pathPrefix}.`) || caught.path.startsWith(`${pathPrefix}[`),
      `path ${caught.path} is not under ${pathPrefix}`,
    );
  }
  return caught;
}

/**
 * Runs a scenario through `simulate` (the prefix of well-formed operations, each time from the
 * initial state, so that every outcome is checked as `simulate` gives it) and through `apply`,
 * chaining states. Returns the final state.
 */
export function runWithSimulate(sp, scenario) {
  const { state, options, steps } = scenario;
  const ops = [];
  let previous = [];
  let chained = state;
  let final = state;
  steps.forEach((step, i) => {
    const label = `step ${i}`;
    if (step.expect.throws) {
      assert.equal(step.expect.throws, "INVALID_INPUT");
      const e = assertInvalidInput(() => sp.simulate(state, [...ops, step.operation], options), `operations[${ops.length}]`);
      assert.ok(e.path.startsWith(`operations[${ops.length}]`), `${label}: path ${e.path}`);
      matchThrown(step.expect, e, `operations[${ops.length}]`);
      matchThrown(step.expect, assertInvalidInput(() => sp.apply(chained, step.operation, options), "operation"));
      matchThrown(step.expect, assertInvalidInput(() => sp.preview(chained, step.operation, options), "operation"));
      return;
    }
    ops.push(step.operation);
    const sim = sp.simulate(state, ops, options);
    assert.equal(sim.outcomes.length, ops.length);
    assert.deepEqual(sim.outcomes.slice(0, -1), previous, `${label}: earlier outcomes changed`);
    previous = sim.outcomes;
    const outcome = sim.outcomes.at(-1);
    try {
      match(step.expect, outcome);
      checkExplain(outcome, label);
    } catch (e) {
      e.message = `${label}: ${e.message}\n  actual: ${JSON.stringify(outcome)}`;
      throw e;
    }
    const previewed = sp.preview(chained, step.operation, options);
    const applied = sp.apply(chained, step.operation, options);
    assert.deepEqual(previewed, outcome, `${label}: preview differs from simulate`);
    assert.deepEqual(applied.outcome, outcome, `${label}: apply differs from simulate`);
    chained = applied.state;
    final = sim.state;
  });
  if (ops.length > 0) assert.deepEqual(chained, final, "apply's chained state differs from simulate's");
  return final;
}

/** Runs a scenario through a `Ledger`: preview == apply at every step. Returns the final state. */
export function runWithLedger(sp, scenario) {
  const ledger = new sp.Ledger(scenario.state, scenario.options);
  try {
    scenario.steps.forEach((step, i) => {
      const label = `step ${i}`;
      if (step.expect.throws) {
        matchThrown(step.expect, assertInvalidInput(() => ledger.preview(step.operation), "operation"));
        matchThrown(step.expect, assertInvalidInput(() => ledger.apply(step.operation), "operation"));
        return;
      }
      const previewed = ledger.preview(step.operation);
      const outcome = ledger.apply(step.operation);
      assert.deepEqual(previewed, outcome, `${label}: preview differs from apply`);
      try {
        match(step.expect, outcome);
        checkExplain(outcome, label);
      } catch (e) {
        e.message = `${label}: ${e.message}\n  actual: ${JSON.stringify(outcome)}`;
        throw e;
      }
    });
    return ledger.state();
  } finally {
    ledger.free();
  }
}

/**
 * Issue 20, step 29: `preview`, `Ledger.preview` and `Ledger.apply` build their outcome in
 * JavaScript from its tokens (src/outcome.rs `Form`); `apply` (with its state) still parses
 * the crate's JSON text of the same outcome. For every well-formed step of `scenario`, run with
 * `options`: `[label, built, parsed]`, the `JSON.stringify` (key order included) of each built
 * outcome and of `apply`'s, which must be equal. Self-contained (no imports), so that a page can
 * run it too (web.test.mjs: Chromium reads the tokens with TextDecoder, Node with Buffer).
 */
export function builtAndParsed(sp, scenario, options) {
  const out = [];
  let state = scenario.state;
  const ledger = new sp.Ledger(state, options);
  try {
    scenario.steps.forEach((step, i) => {
      let applied;
      try {
        applied = sp.apply(state, step.operation, options);
      } catch {
        return; // INVALID_INPUT: no outcome (the scenario tests check the error).
      }
      const parsed = JSON.stringify(applied.outcome);
      out.push([`step ${i}: preview`, JSON.stringify(sp.preview(state, step.operation, options)), parsed]);
      out.push([`step ${i}: Ledger.preview`, JSON.stringify(ledger.preview(step.operation)), parsed]);
      out.push([`step ${i}: Ledger.apply`, JSON.stringify(ledger.apply(step.operation)), parsed]);
      state = applied.state;
    });
  } finally {
    ledger.free();
  }
  return out;
}

/** The scenario's options with the explanation on (as the scenario says) and off. */
export function explainOnAndOff(scenario) {
  return [scenario.options, { ...(scenario.options ?? {}), explain: false }];
}

/** Asserts that every built outcome of `builtAndParsed` is the parsed one, text for text. */
export function assertBuiltIsParsed(pairs, at) {
  assert.ok(pairs.length > 0, `${at}: no outcome compared`);
  for (const [label, built, parsed] of pairs) assert.equal(built, parsed, `${at} ${label}: the built outcome differs from JSON.parse of its JSON text`);
}

/** Strings that a separator, an escape or Latin-1 would get wrong (issue 20, step 29). */
export const HOSTILE_WORDS = [
  "a\x1fb", "\x00\x01\x02\x1f\x7f\x80\x9f", "q\"uo\\te/", "é日本", "😀x😀", "\uFEFFbom", "l\u2028s\u2029",
  "\ud800lone", "x".repeat(1000), "A".repeat(63), "B".repeat(64), "\u00ff\u0100",
];
/** A scenario whose ids, invoice numbers, request id and reasons are `w`: five payments (a line
 *  of the split order names them all), an invoice, a zero invoice (rejected), a change, a return,
 *  a cancellation. */
export function hostileScenario(w) {
  const pay = (id, group, value, connector) => ({ id, group, value, connector });
  return {
    state: {
      orderId: w, currency: "BRL", status: "handling",
      items: [{ id: `I${w}`, quantity: 2, price: "10.00", name: w }],
      transaction: { payments: [
        pay(`p${w}`, "giftCard", "5.00", { mode: "hold" }), pay(w, "creditCard", "5.00", { mode: "total" }),
        pay(`q${w}`, "creditCard", "4.00", { mode: "partial" }), pay(`r${w}`, "creditCard", "3.00", { mode: "partial" }),
        pay(`s${w}`, "promissory", "3.00", { mode: "partial", partialRefund: false }),
      ] },
    },
    steps: [
      { operation: { type: "invoice", number: w, value: "10.00" } },
      { operation: { type: "invoice", number: `N${w}`, value: "0.00" } },
      { operation: { type: "change", requestId: w, discount: "2.00", reason: w } },
      { operation: { type: "return", number: `R${w}`, value: "1.00" } },
      { operation: { type: "cancel", reason: w } },
    ],
  };
}
