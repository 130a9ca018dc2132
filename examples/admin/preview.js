// The preview panel: runs the form's operation through the Ledger and shows the verdict, the
// totals, the payment cards, the order after, the warnings and the explanation.
import { $, esc, app, amount, explainHtml } from "./page.js";
import { RULE_FIELD, buildOperation, clearFieldErrors, fieldError, markItems, markItem, fieldOfPath, describe, boxed } from "./form.js";
import { operatorMessage, devPath } from "./words.js";
import { buildRequest } from "./request.js";
import { paymentCard } from "./cards.js";
import { renderV2Read } from "./change-v2.js";

// ----- Preview -------------------------------------------------------------------------------

/** Previews the form's operation now (through the Ledger), renders it, and schedules the VTEX
 *  request for right after the paint: the figures never wait for it, and when keystrokes come
 *  faster than requests, only the latest operation's is built. */
export function preview(inputAt = performance.now()) {
  let built = null;
  const t0 = performance.now();
  let result;
  app.generation = (app.generation ?? 0) + 1;
  try {
    built = buildOperation();
    if (!built) {
      result = { empty: true };
    } else {
      const outcome = app.ledger.preview(built.operation);
      result = { operation: built.operation, how: built.how, plan: built.plan, v2: built.v2, outcome, request: null, requestError: null };
    }
  } catch (e) {
    result = { operation: built?.operation ?? null, error: e };
  }
  result.ms = performance.now() - t0;
  result.generation = app.generation;
  app.last = result;
  renderPreview();
  if (result.outcome?.accepted) $("request").setAttribute("aria-busy", "true");
  else {
    $("request").innerHTML = "";
    $("request").dataset.generation = String(result.generation);
  }
  afterPaint(() => {
    // The timing label: from the input event to this frame's paint (what the operator waits),
    // and the engine's share of it.
    if (result === app.last) $("timing").textContent = `${Math.round(performance.now() - inputAt)} ms to paint · engine ${result.ms.toFixed(1)} ms`;
    if (result.outcome?.accepted) buildRequest(result);
  });
  return result;
}

/** Runs `f` right after the next frame is painted (a task queued from requestAnimationFrame),
 *  so that the VTEX request and the timing never delay the figures. */
export function afterPaint(f) {
  requestAnimationFrame(() => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      f();
    };
    port2.postMessage(null);
  });
}

export function renderPreview() {
  const r = app.last;
  const m = app.money;
  clearFieldErrors();
  const hint = $("hint-value");
  if (hint) hint.textContent = r?.how ?? "";
  const valueBox = $("f-value");
  if (valueBox && !app.form[app.kind].manual) valueBox.value = boxed(app.form[app.kind].value);
  const clear = () => ["totals", "order-after", "warnings", "explain", "request"].forEach((id) => ($(id).innerHTML = ""));
  const beforeCards = () => (app.state.transaction.payments.map((p, i) => paymentCard(p, null, i)).join(""));
  $("apply").disabled = !(r && r.outcome && r.outcome.accepted);
  renderV2Read(r);

  if (!r || r.empty) {
    $("verdict").innerHTML = `<div class="verdict idle"><strong>Nothing to preview yet.</strong> ${
      { change: "Remove an item or type a discount or an increment.", changeV2: "Remove units, add or replace an item, type a manual discount or increment, or paste VTEX's answer." }[app.kind] ??
      "Tick an item, or set the value by hand."}</div>`;
    clear();
    $("payments").innerHTML = beforeCards();
    announce();
    return;
  }
  if (r.error) {
    const e = r.error;
    const field = e.field ?? fieldOfPath(e.path);
    fieldError(field, esc(operatorMessage(e)), [e.code ?? "ERROR"]);
    if (e.item != null) markItem(e.item);
    const where = field === "operation" ? "" : ` <a href="#f-${esc(field)}" data-field-link="${esc(field)}">Go to the field</a>`;
    $("verdict").innerHTML = `<div class="verdict invalid" data-verdict="invalid"><strong>Not a valid operation:</strong>
      ${esc(operatorMessage(e))}${where}${devPath(e)}</div>`;
    clear();
    $("payments").innerHTML = beforeCards();
    announce();
    return;
  }
  const o = r.outcome;
  if (!o.accepted) {
    // Each broken rule in words with its numbers: the explanation's line of that rule, else
    // the rule's message.
    const why = (e) => (o.explain ?? []).filter((l) => l.code === e.code).map((l) => l.text).join(" ") || e.message;
    $("verdict").innerHTML = `<div class="verdict rejected" data-verdict="rejected"><strong>Rejected.</strong> Nothing would move.
      ${o.errors.length} rule${o.errors.length === 1 ? "" : "s"} broken:<ul class="rules">${o.errors
        .map((e) => `<li><span class="code" data-code="${esc(e.code)}">${esc(e.code)}</span> ${esc(why(e))}</li>`)
        .join("")}</ul></div>`;
    for (const e of o.errors) {
      const field = RULE_FIELD[e.code] ?? "operation";
      const target = $(`err-${field}`) ? field : field === "discount" && $("err-value") ? "value" : "operation";
      fieldError(target, `<span class="code">${esc(e.code)}</span> ${esc(why(e))}`, [e.code]);
      if (target === "items") markItems(e.code);
    }
    clear();
    $("payments").innerHTML = beforeCards();
    renderExplain(o);
    announce();
    return;
  }
  renderVerdict(r);
  const figures = (f, prefix) => ["settle", "cancel", "refund", "open"]
    .map((k) => `<div class="figure"><span class="label">${{ settle: "Settled", cancel: "Cancelled", refund: "Refunded", open: "Open after" }[k]}</span>${amount(`${prefix}.${k}`, f[k])}</div>`)
    .join("");
  $("totals").innerHTML = `<div class="totals">
    <div class="total-row"><h3>Provider <span class="muted">real money</span></h3>${figures(o, "outcome")}</div>
    <div class="total-row"><h3>Gateway <span class="muted">what the OMS records</span></h3>${figures(o.gateway, "outcome.gateway")}</div>
    ${m.minor(o.newCharge) ? `<p class="new-charge">New charge in a separate transaction: ${amount("outcome.newCharge", o.newCharge)}</p>` : ""}
  </div>`;
  $("payments").innerHTML = app.state.transaction.payments
    .map((p, i) => paymentCard(p, o.payments.find((x) => x.id === p.id), i))
    .join("");
  const ord = o.order;
  const arrow = (a, b, key) => (a === b ? `<span data-k="${key}">${esc(a)}</span>` : `${esc(a)} → <strong data-k="${key}">${esc(b)}</strong>`);
  $("order-after").innerHTML = `<div class="order-after"><h3>The order after</h3><dl>
    <div><dt>Status</dt><dd>${arrow(ord.statusBefore, ord.statusAfter, "order.statusAfter")}</dd></div>
    <div><dt>Value</dt><dd>${amount("order.valueAfter", ord.valueAfter)}</dd></div>
    <div><dt>Invoiced</dt><dd>${amount("order.invoicedAfter", ord.invoicedAfter)}</dd></div>
    <div><dt>Returned</dt><dd>${amount("order.returnedAfter", ord.returnedAfter)}</dd></div>
    <div><dt>Left to invoice</dt><dd>${amount("order.remainingToInvoice", ord.remainingToInvoice)}</dd></div>
    <div><dt>Transaction</dt><dd data-k="transactionStatus">${esc(o.transactionStatus)}</dd></div>
  </dl></div>`;
  $("warnings").innerHTML = o.warnings.length
    ? `<div class="warnings"><h3>Warnings</h3><ul>${o.warnings
        .map((w) => `<li><span class="code warn" data-code="${esc(w.code)}">${esc(w.code)}</span>${w.paymentId ? ` <span class="muted">${esc(w.paymentId)}</span>` : ""} ${esc(w.message)}</li>`)
        .join("")}</ul></div>`
    : "";
  renderExplain(o);
}

/** Whether an accepted outcome moves any money (in either view, or a new charge). */
export function movesMoney(o) {
  const m = app.money;
  const some = (f) => ["settle", "cancel", "refund"].some((k) => m.minor(f[k]) !== 0n);
  return some(o) || some(o.gateway) || m.minor(o.newCharge ?? "0") !== 0n;
}

/** The verdict of an accepted operation: "Accepted." while its VTEX request is being built;
 *  then either ready to send, "accepted by the rules, not ready to send: …" (toVtexRequest
 *  refused it: VTEX would, api.md section 7), or, said plainly, that it moves no money. Apply
 *  waits for a sendable request. The verdict is announced once, when it is final. */
export function renderVerdict(r) {
  const o = r.outcome;
  const warn = o.warnings.length ? ` · ${o.warnings.length} warning${o.warnings.length === 1 ? "" : "s"}` : "";
  const settled = r.request != null || r.requestError != null;
  const moves = movesMoney(o);
  let head = "Accepted.";
  let cls = "accepted";
  let tail = "";
  if (r.requestError) {
    head = "Accepted by the rules, not ready to send:";
    cls = "accepted unsendable";
    tail = ` ${esc(operatorMessage(r.requestError))}`;
  }
  if (!moves) {
    cls += " no-money";
    const why = o.warnings.map((w) => w.message).join(" ");
    tail += ` <span data-no-money>It moves no money: nothing is settled, cancelled or refunded.${why ? ` ${esc(why)}` : ""}</span>`;
  }
  $("verdict").innerHTML = `<div class="verdict ${cls}" data-verdict="accepted" data-ready="${settled ? String(!r.requestError) : "pending"}" data-moves="${moves}"><strong>${head}</strong>${tail} ${esc(describe(r.operation))}${warn}</div>`;
  $("apply").disabled = !(settled && !r.requestError);
  if (settled) announce();
}

/** The one live region: the verdict's text, once it is final, and only when it changed. */
export function announce() {
  const text = $("verdict").textContent.replace(/\s+/g, " ").trim();
  if ($("verdict-live").textContent !== text) $("verdict-live").textContent = text;
}

/** The explanation in words (api.md section 8), in the order the engine moved the money. */
export function renderExplain(o) {
  $("explain").innerHTML = explainHtml(o.explain ?? [], app.money);
}
