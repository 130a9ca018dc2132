/**
 * @jest-environment jsdom
 */
// Jest 30 with jsdom, no configuration (no transform, no moduleNameMapper, no setup file): the
// package resolves to its CommonJS build (jsdom's "browser" condition, then "require"), which
// embeds the module and falls back to its own UTF-8 where jsdom has no TextDecoder.
const sp = require("settlement-preview");
const { DATA, EXPECT } = require("../shared/data.cjs");
const { expectOutcome } = require("./expect.cjs");

test("Jest resolves the CommonJS build, in jsdom", () => {
  expect(require.resolve("settlement-preview")).toMatch(/node[\\/]settlement_preview\.cjs$/);
  expect(typeof window).toBe("object");
});

test("the app renders the scenario's numbers into the jsdom document", () => {
  const { outcomes } = sp.simulate(DATA.state, DATA.operations);
  outcomes.forEach((outcome, i) => expectOutcome(outcome, EXPECT[i]));
  expect(sp.preview(DATA.state, DATA.operations[0])).toEqual(outcomes[0]);
  const table = document.body.appendChild(document.createElement("table"));
  outcomes.forEach((o, i) => {
    const row = table.insertRow();
    row.dataset.step = String(i);
    for (const [field, value] of [["settle", o.settle], ["gateway.settle", o.gateway.settle], ["refund", o.refund]]) {
      const cell = row.insertCell();
      cell.dataset.field = field;
      cell.textContent = value;
    }
  });
  const cell = (step, field) => document.querySelector(`tr[data-step="${step}"] td[data-field="${field}"]`).textContent;
  expect(cell(0, "settle")).toBe("100.00");
  expect(cell(0, "gateway.settle")).toBe("60.00");
  expect(cell(1, "refund")).toBe(EXPECT[1].refund);
});

test("errors are real Errors with code and path, in jsdom", () => {
  let error;
  try {
    sp.preview(DATA.state, { type: "invoice", number: "NF-9" });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(Error);
  expect(error.code).toBe("INVALID_INPUT");
  expect(error.path).toBe("operation.value");
});
