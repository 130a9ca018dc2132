// @vitest-environment jsdom
// Vitest with jsdom: the app renders its table into the document.
import { expect, test } from "vitest";
import * as sp from "settlement-preview";
import { render } from "../shared/app.js";
import { DATA, EXPECT } from "../shared/data.js";
import { expectOutcome } from "./expect.js";

test("the app renders the scenario's numbers in jsdom", () => {
  const root = document.body.appendChild(document.createElement("div"));
  const { outcomes } = render(sp, root, DATA);
  outcomes.forEach((outcome, i) => expectOutcome(outcome, EXPECT[i]));
  const cell = (step, field) => root.querySelector(`tr[data-step="${step}"] td[data-field="${field}"]`).textContent;
  expect(cell(0, "settle")).toBe(EXPECT[0].settle);
  expect(cell(0, "gateway.settle")).toBe(EXPECT[0].gateway.settle);
  expect(cell(1, "refund")).toBe(EXPECT[1].refund);
});
