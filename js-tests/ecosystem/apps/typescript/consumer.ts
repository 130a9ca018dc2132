// Compiled by TypeScript 7 (tsc --strict, skipLibCheck false, lib ES2022 + DOM) under node16,
// nodenext and bundler resolution: the package's declarations as an ES module consumer sees them.
import { Ledger, preview, simulate } from "settlement-preview";
import type { OrderStateInput, Outcome, Simulation } from "settlement-preview";
import init, { initSync } from "settlement-preview/web";

const state: OrderStateInput = {
  currency: "BRL",
  items: [{ id: "A", quantity: 1, price: "60.00" }, { id: "B", quantity: 1, price: "40.00" }],
  transaction: { payments: [{ id: "p1", group: "creditCard", value: "100.00", connector: { mode: "total" } }] },
};
const outcome: Outcome = preview(state, { type: "invoice", number: "NF-1", value: "60.00" });
export const settle: string = outcome.settle;
export const gatewaySettle: string = outcome.gateway.settle;
export const run: Simulation = simulate(state, [{ type: "cancel" }]);
new Ledger(state)[Symbol.dispose]();
// @ts-expect-error: amounts come back as strings
export const wrong: number = outcome.settle;
export { init, initSync };
