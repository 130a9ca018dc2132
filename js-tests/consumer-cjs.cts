// Compiled by types.test.mjs as CommonJS (node16/nodenext): `require` gets the CommonJS
// declarations (node/settlement_preview.d.cts), the same API.
import sp = require("settlement-preview");

const outcome: sp.Outcome = sp.preview(
  { currency: "BRL", transaction: { payments: [{ id: "p1", group: "creditCard", value: "100.00" }] } },
  { type: "invoice", number: "NF-1", value: "60.00" },
);
export const settle: string = outcome.settle;
export const version: string = sp.version();
