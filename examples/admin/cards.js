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

export function paymentCard(p, figures, index) {
  const m = app.money;
  const { before, after } = paymentLedgers(p, figures);
  const views = [
    ["gateway", "Gateway", "what the OMS records"],
    ["provider", "Provider", "real money"],
  ];
  const connector = `${p.connector?.protocol ?? "ppp"} · ${p.connector?.mode ?? "total"} mode`;
  const grew = after.value !== before.value;
  let html = `<article class="payment" data-payment="${esc(p.id)}" aria-labelledby="pay-${index}">
    <header><h3 id="pay-${index}">${esc(p.id)}</h3><span class="group">${esc(p.group)}</span>
    <span class="muted">${esc(connector)}</span>
    <span class="auth">authorized ${amount(`payment.${p.id}.value.before`, before.value)}${grew ? ` → ${amount(`payment.${p.id}.value.after`, after.value, "changed")}` : ""}</span></header>`;
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
