// Errors in the operator's words. INVALID_INPUT carries a path for developers
// (`options.issuanceDate`, `selection[0].quantity`) and a message that may start with that
// path; the operator sees the field's name and what is wrong, once, next to the field; the
// path, the code and the raw message stay in a developer view (a closed <details>).
import { esc } from "./page.js";

/** The fields' names as the form labels them. */
const LABELS = {
  issuanceDate: "Issuance date",
  reason: "Reason",
  value: "Value",
  number: "Number",
  discount: "Discount",
  increment: "Increment",
  requestId: "Request id",
  quantity: "Quantity",
  shipping: "Shipping",
  tax: "Tax",
  items: "Items",
  itemsRemoved: "Items removed",
  itemsAdded: "Items added",
  price: "Price",
  courier: "Courier",
  trackingNumber: "Tracking number",
  trackingUrl: "Tracking URL",
};

/** The message without the path it may start with (once or more: "a.b: a.b: unknown field"). */
export function bareMessage(e) {
  let msg = String(e?.message ?? e ?? "");
  const path = e?.path ?? "";
  while (path && msg.startsWith(`${path}: `)) msg = msg.slice(path.length + 2);
  return msg;
}

/** What the operator reads: no path, the field by its label ("Issuance date is missing: VTEX
 *  requires the invoice's issuance date"). */
export function operatorMessage(e) {
  let msg = bareMessage(e)
    .replace(/^missing field `(\w+)`/, (_, f) => `${LABELS[f] ?? f} is missing`)
    .replace(/`(\w+)`/g, (_, f) => LABELS[f] ?? f);
  // The field it is about, by its label, when the message does not start with it.
  const field = /(\w+)(?:\[\d+\])?$/.exec(e?.path ?? "")?.[1];
  const label = LABELS[field];
  if (label && !msg.startsWith(label)) msg = `${label}: ${msg}`;
  return msg.charAt(0).toUpperCase() + msg.slice(1);
}

/** The developer view of an error: its code, path and message, closed by default. */
export const devPath = (e) =>
  e?.path != null || e?.code
    ? `<details class="dev"><summary>For developers</summary><span class="code">${esc(e.code ?? "ERROR")}</span> at <code data-path>${esc(e.path ?? "")}</code>: ${esc(bareMessage(e))}</details>`
    : "";
