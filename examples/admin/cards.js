// The payment cards: per payment, the gateway's and the provider's ledgers before and after
// the operation, with a bar each.
import { Money } from "./money.js";
import { esc, app, amount } from "./page.js";

/** One view of a payment: the ledger's four figures, before and after. */
export function ledgerOf(p, view) {
  return view === "gateway"
    ? { settled: p.settled, open: p.open, cancelled: p.cancelled, refunded: p.refunded, authorized: p.value }
    : { settled: p.captured, open: p.providerOpen, cancelled: p.voided, refunded: p.providerRefunded, authorized: p.value };
}

/** A payment's ledgers before and after the operation: the state's, plus what the outcome
 *  moved (its figures are this operation's; open is after). */
export function paymentLedgers(p, figures) {
  const m = app.money;
  const gOpen = m.text(m.minor(p.value) - m.minor(p.settled) - m.minor(p.cancelled));
  const pOpen = m.text(m.minor(p.value) - m.minor(p.captured) - m.minor(p.voided));
  const before = { ...p, open: gOpen, providerOpen: pOpen };
  if (!figures) return { before, after: before };
  const g = figures.gateway;
  const after = {
    ...p,
    settled: m.add(p.settled, g.settle),
    cancelled: m.add(p.cancelled, g.cancel),
    refunded: m.add(p.refunded, g.refund),
    open: g.open,
    captured: m.add(p.captured, figures.settle),
    voided: m.add(p.voided, figures.cancel),
    providerRefunded: m.add(p.providerRefunded, figures.refund),
    providerOpen: figures.open,
  };
  // The authorization after (an increase grows it): what is settled and cancelled, plus open.
  after.value = m.text(m.minor(after.settled) + m.minor(after.cancelled) + m.minor(after.open));
  return { before, after };
}

export function bar(ledger, label) {
  const m = app.money;
  const whole = m.minor(ledger.authorized);
  const net = m.minor(ledger.settled) - m.minor(ledger.refunded);
  const parts = [
    ["settled", net],
    ["open", m.minor(ledger.open)],
    ["cancelled", m.minor(ledger.cancelled)],
    ["refunded", m.minor(ledger.refunded)],
  ];
  const title = parts.map(([k, v]) => `${k} ${m.show(m.text(v))}`).join(", ");
  return `<div class="bar" role="img" aria-label="${esc(label)}: ${esc(title)}" title="${esc(title)}">${parts
    .map(([k, v]) => {
      const pct = Money.percent(v, whole);
      return pct > 0 ? `<span class="seg ${k}" style="width:${pct}%"></span>` : "";
    })
    .join("")}</div>`;
}

/** What each protocol and mode means for the money (semantics: the connector decides whether
 *  the provider settles per invoice, at the end, or holds the authorization). */
const PROTOCOLS = [["ppp", "PPP"], ["legacy", "legacy"]];
const MODES = [
  ["partial", "partial (settles each invoice)"],
  ["total", "total (all on the first invoice)"],
  ["hold", "hold (settles once invoiced)"],
];

/** The payment's protocol and mode, at the top of its card, as two selects the operator can
 *  set (the preview follows at once); when fromVtex assumed them, said there. */
export function connectorControls(p, index) {
  const protocol = p.connector?.protocol ?? "ppp";
  const mode = p.connector?.mode ?? "total";
  const assumed = app.base?.assumed?.has(p.id);
  const options = (list, value) => list.map(([v, t]) => `<option value="${v}" ${v === value ? "selected" : ""}>${esc(t)}</option>`).join("");
  return `<div class="connector${assumed ? " assumed" : ""}" data-connector="${esc(p.id)}">
    <label>Protocol <select id="pc-${index}" data-connector-key="protocol" data-payment-id="${esc(p.id)}">${options(PROTOCOLS, protocol)}</select></label>
    <label>Mode <select id="pm-${index}" data-connector-key="mode" data-payment-id="${esc(p.id)}">${options(MODES, mode)}</select></label>
    ${assumed ? `<p class="assumed-note" data-assumed>Assumed: VTEX's order does not say which protocol and mode this payment's connector uses, so ${esc(protocol)} + ${esc(mode)} is assumed. Check it with the payment provider and set it here: the money below depends on it.</p>` : ""}
  </div>`;
}

export function paymentCard(p, figures, index) {
  const m = app.money;
  const { before, after } = paymentLedgers(p, figures);
  // When the gateway's and the provider's figures are the same before and after (partial mode,
  // nothing held), one table says so instead of two identical ones.
  const same = [before, after].every((l) => {
    const g = ledgerOf(l, "gateway");
    const pr = ledgerOf(l, "provider");
    return ["settled", "open", "cancelled", "refunded"].every((k) => m.minor(g[k]) === m.minor(pr[k]));
  });
  const views = same
    ? [["gateway", "Gateway = provider", "what the OMS records is the real money here"]]
    : [
        ["gateway", "Gateway", "what the OMS records"],
        ["provider", "Provider", "real money"],
      ];
  const grew = after.value !== before.value;
  let html = `<article class="payment" data-payment="${esc(p.id)}" data-views="${same ? "one" : "two"}" aria-labelledby="pay-${index}">
    <header><h3 id="pay-${index}">${esc(p.id)}</h3><span class="group">${esc(p.group)}</span>
    <span class="auth">authorized ${amount(`payment.${p.id}.value.before`, before.value)}${grew ? ` → ${amount(`payment.${p.id}.value.after`, after.value, "changed")}` : ""}</span></header>
    ${connectorControls(p, index)}`;
  for (const [view, title, sub] of views) {
    const b = ledgerOf(before, view);
    const a = ledgerOf(after, view);
    html += `<div class="view"><div class="view-head"><strong>${title}</strong> <span class="muted">${sub}</span></div>
      <div class="bars"><span class="bar-label">before</span>${bar(b, `${p.id} ${view} before`)}
      <span class="bar-label">after</span>${bar(a, `${p.id} ${view} after`)}</div>
      <table class="figures"><thead><tr><th scope="col"><span class="sr-only">Figure</span></th><th scope="col" class="num">Before</th><th scope="col" class="num">After</th><th scope="col" class="num">Change</th></tr></thead><tbody>`;
    for (const key of ["settled", "open", "cancelled", "refunded"]) {
      const delta = m.text(m.minor(a[key]) - m.minor(b[key]));
      const changed = m.minor(delta) !== 0n;
      html += `<tr class="${changed ? "changed" : ""}"><th scope="row"><span class="key ${key}"></span>${key}</th>
        <td class="num">${amount(`payment.${p.id}.${view}.${key}.before`, b[key])}</td>
        <td class="num">${amount(`payment.${p.id}.${view}.${key}.after`, a[key], changed ? "changed" : "")}</td>
        <td class="num delta">${changed ? `${m.minor(delta) > 0n ? "+" : ""}${esc(m.show(delta))}` : "—"}</td></tr>`;
    }
    html += `</tbody></table></div>`;
  }
  return html + `</article>`;
}
