// Vitest (its default Node environment), no configuration: the package as a test imports it.
import { expect, test } from "vitest";
import * as sp from "settlement-preview";
import { compute } from "../shared/app.js";
import { DATA, EXPECT } from "../shared/data.js";
import { expectOutcome } from "./expect.js";

test("preview and simulate give the scenario's numbers (total mode: captures 100.00, the gateway settles 60.00)", () => {
  const { outcomes, samePreview } = compute(sp, DATA);
  expect(samePreview).toBe(true);
  expect(outcomes).toHaveLength(EXPECT.length);
  outcomes.forEach((outcome, i) => expectOutcome(outcome, EXPECT[i]));
  expect(outcomes[0].settle).toBe("100.00");
  expect(outcomes[0].gateway.settle).toBe("60.00");
});
