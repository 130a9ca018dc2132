// Jest 30 in its default Node environment, no configuration.
const sp = require("settlement-preview");
const { DATA, EXPECT } = require("../shared/data.cjs");
const { expectOutcome } = require("./expect.cjs");

test("preview and simulate give the scenario's numbers in Jest's Node environment", () => {
  const { outcomes } = sp.simulate(DATA.state, DATA.operations);
  outcomes.forEach((outcome, i) => expectOutcome(outcome, EXPECT[i]));
  expect(outcomes[0].settle).toBe("100.00");
  expect(outcomes[0].gateway.settle).toBe("60.00");
});
