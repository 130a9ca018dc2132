// The app every tool builds: previews the steps of a scenario with the package and renders a
// table of what each step does (provider and gateway views), plus the outcomes as JSON for the
// test to compare with the scenario's `expect`. `data.js` is written by run.mjs from
// tests/scenarios/public/02-total-mode-overcapture-refund.json (total mode: the invoice of
// 60.00 captures 100.00 at the provider while the gateway settles 60.00).
export const FIELDS = [
  ["settle", (o) => o.settle],
  ["open", (o) => o.open],
  ["refund", (o) => o.refund],
  ["gateway.settle", (o) => o.gateway.settle],
  ["gateway.open", (o) => o.gateway.open],
  ["gateway.cancel", (o) => o.gateway.cancel],
  ["transactionStatus", (o) => o.transactionStatus],
];

/** What the app shows: one outcome per step (simulate), the first also through preview. */
export function compute(sp, { state, operations }) {
  const { outcomes } = sp.simulate(state, operations);
  const first = sp.preview(state, operations[0]);
  return { version: sp.version(), outcomes, samePreview: JSON.stringify(first) === JSON.stringify(outcomes[0]) };
}

/** Renders `compute`'s result into `root` (DOM). */
export function render(sp, root, data) {
  const result = compute(sp, data);
  const doc = root.ownerDocument;
  const table = doc.createElement("table");
  const head = table.createTHead().insertRow();
  for (const name of ["step", ...FIELDS.map(([f]) => f)]) head.insertCell().textContent = name;
  const body = table.createTBody();
  result.outcomes.forEach((outcome, i) => {
    const row = body.insertRow();
    row.dataset.step = String(i);
    row.insertCell().textContent = data.operations[i].type;
    for (const [field, get] of FIELDS) {
      const cell = row.insertCell();
      cell.dataset.field = field;
      cell.textContent = get(outcome);
    }
  });
  const json = doc.createElement("pre");
  json.id = "result";
  json.textContent = JSON.stringify(result);
  root.replaceChildren(table, json);
  root.dataset.ready = "true";
  return result;
}
