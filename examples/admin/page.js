// What every part of the admin page shares: the page's state (`app`), element lookup, HTML
// escaping, and how an amount is shown (the exact string in data-amount, formatted for people).

export const $ = (id) => document.getElementById(id);
export const esc = (s) =>
  String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

export const app = {
  sources: [], // { label, load: async () => ({ state, options, vtex? }) }
  base: null, // the loaded order: { state, options, notes, vtex }
  ledger: null,
  state: null, // the ledger's state, as the engine writes it
  money: null,
  units: [], // per item id, see unitsOf
  kind: "invoice",
  form: null,
  history: [],
  last: null, // { operation, outcome, request, error, ms }
};

export const amount = (key, value, cls = "") =>
  `<span class="amt ${cls}" data-k="${esc(key)}" data-amount="${esc(value)}">${esc(app.money.show(value))}</span>`;
