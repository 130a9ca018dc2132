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

/** Explanation lines (api.md section 8) as a list, in the order the engine wrote them; a line
 *  that moves money carries a tag: its payment, view, figure and amount (`money` formats it). */
export function explainHtml(lines, money, title = "Why") {
  const tag = (l) =>
    l.amount != null
      ? `<span class="tag ${esc(l.figure)}" title="moves money">${esc(l.paymentId ?? "")} · ${esc(l.view)} ${esc(l.figure)} ${esc(money.show(l.amount))}</span>`
      : "";
  return lines.length
    ? `<div class="explain"><h3>${esc(title)}</h3><ol>${lines
        .map((l) => `<li data-explain="${esc(l.code)}"><span class="text">${esc(l.text)}</span>${tag(l)}</li>`)
        .join("")}</ol></div>`
    : "";
}
