// CommonJS (node16/nodenext): `require` gets the CommonJS declarations.
import sp = require("settlement-preview");

export const version: string = sp.version();
export const settle: string = sp.preview(
  { currency: "BRL", transaction: { payments: [{ id: "p1", group: "creditCard", value: "100.00" }] } },
  { type: "invoice", number: "NF-1", value: "60.00" },
).settle;
