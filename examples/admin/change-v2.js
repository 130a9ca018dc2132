// Order modifications ("Change v2", api.md section 7; vtex-notes 5.2) on the admin page. The
// operator edits items — units removed in the item table, items added, an item replaced by
// another — and a manual discount, a manual increment and a reason; the page writes VTEX's v2
// request body from them (amounts in cents) and reads it back through fromVtexChange, which
// prices it from the order: an estimate, since VTEX recalculates shipping, promotions and taxes.
// VTEX's answer to the preview request (or a change's detail), pasted here, gives the exact
// value, its totalChangeValue, for as long as the change is the one VTEX previewed.
import * as sp from "settlement-preview/web";
import { Money } from "./money.js";
import { $, esc, app } from "./page.js";
import { input, selection, renderFields } from "./form.js";

export const LEAD =
  "Order modifications (VTEX's Change v2): remove units in the table, add or replace items, give a manual discount or increment. VTEX prices the change itself: send the preview request and paste its answer for the exact value.";

export function freshV2() {
  return { qty: new Map(), bad: new Map(), reason: "", discount: "", increment: "", added: [], replaced: [], pasted: null, pastedFor: null, pasteText: "", dropped: false };
}

const blankLine = () => ({ id: "", name: "", quantity: "1", price: "" });
const isBlank = (row) => !row.id.trim() && !row.name.trim() && !row.price.trim() && !(row.from ?? "");

/** An error of the form, with the field it is shown at (`field`) and where in the v2 body it
 *  is (`path`, for developers). */
const invalid = (message, field, path) => Object.assign(new Error(message), { code: "INVALID_INPUT", field, path });

/** An amount typed in the browser's locale ("10,50" in pt-BR) as VTEX's cents (1050): through
 *  the exact decimal string ("10.50", money.js), never a float. */
function centsOf(typed, label, field, path) {
  const decimal = app.money.fromLocal(typed);
  const cents = decimal == null ? null : Money.cents(decimal);
  if (cents == null || cents < 0) {
    throw invalid(`${label}: "${typed.trim()}" is not an amount of at least 0 in whole cents (VTEX takes cents)`, field, path);
  }
  return cents;
}

function unitsOf(typed, label, field, path) {
  const t = String(typed ?? "").trim();
  const n = /^\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(n) || n === 0) throw invalid(`${label}: "${t}" is not a whole number of units above 0`, field, path);
  return n;
}

/** A line that comes in (added, or what replaces): `{ id, quantity, price? }`; without a price
 *  VTEX (and the estimate) takes the order's unit price of that SKU. The name is the operator's
 *  (shown, not sent: v2's item has none, S1). */
function newLine(row, label, field, path) {
  const id = row.id.trim();
  if (!id) throw invalid(`${label}: the SKU id is missing`, field, `${path}.id`);
  const line = { id, quantity: unitsOf(row.quantity, `${label}: units`, field, `${path}.quantity`) };
  if (row.price.trim()) line.price = centsOf(row.price, `${label}: unit price`, field, `${path}.price`);
  return line;
}

/** VTEX's v2 request body the form describes (vtex-notes 5.2: `reason`, `remove` / `add` with
 *  their `items`, `replace[]` `{ from, to }`, `manualDiscountValue`, `manualIncrementValue`),
 *  or null when nothing is edited yet. */
export function v2Body(f) {
  const body = {};
  if (f.reason.trim()) body.reason = f.reason.trim();
  const removed = selection("changeV2").map(({ id, quantity }) => ({ id, quantity }));
  if (removed.length) body.remove = { items: removed };
  const added = [];
  f.added.forEach((row, i) => {
    if (!isBlank(row)) added.push(newLine(row, `Added item ${i + 1}`, "v2added", `add.items[${added.length}]`));
  });
  if (added.length) body.add = { items: added };
  const replace = [];
  f.replaced.forEach((row, i) => {
    if (isBlank(row)) return;
    const label = `Replacement ${i + 1}`;
    const at = `replace[${replace.length}]`;
    if (!row.from) throw invalid(`${label}: choose the item it replaces`, "v2replaced", `${at}.from`);
    const from = { id: row.from, quantity: unitsOf(row.fromQuantity, `${label}: units replaced`, "v2replaced", `${at}.from.items[0].quantity`) };
    replace.push({ from: { items: [from] }, to: { items: [newLine(row, label, "v2replaced", `${at}.to.items[0]`)] } });
  });
  if (replace.length) body.replace = replace;
  if (f.discount.trim()) body.manualDiscountValue = centsOf(f.discount, "Manual discount", "discount", "manualDiscountValue");
  if (f.increment.trim()) body.manualIncrementValue = centsOf(f.increment, "Manual increment", "increment", "manualIncrementValue");
  return Object.keys(body).some((k) => k !== "reason") ? body : null;
}

/** What VTEX's figure depends on: the body but its reason. */
const keyOf = (body) => JSON.stringify({ ...(body ?? {}), reason: undefined });

/** Whether a v2 document lists items of its own (a detail does; S1's preview answer gives
 *  totals only). */
const listsItems = (d) =>
  (d.add?.items?.length ?? 0) + (d.remove?.items?.length ?? 0) + (Array.isArray(d.replace) ? d.replace.length : 0) > 0;

/** The document read: VTEX's pasted answer over the form's body. Its items, when it lists
 *  any, else the form's; the form's reason, else the answer's. */
function overlay(built, pasted) {
  if (!built || !pasted) return built ?? pasted;
  const doc = { ...pasted };
  if (!listsItems(pasted)) {
    for (const k of ["add", "remove", "replace"]) {
      if (built[k]) doc[k] = built[k];
      else delete doc[k];
    }
  }
  for (const k of ["reason", "manualDiscountValue", "manualIncrementValue"]) if (built[k] != null) doc[k] = built[k];
  return doc;
}

/** What makes a pasted answer another change's than the form's: its manual values (when it
 *  gives them) or its items (when it lists them) differ. Prices are VTEX's to set. */
function mismatch(built, pasted) {
  for (const k of ["manualDiscountValue", "manualIncrementValue"]) {
    if (pasted[k] != null && pasted[k] !== (built[k] ?? 0)) return `its ${k} is ${JSON.stringify(pasted[k])}, the form's ${built[k] ?? 0}`;
  }
  if (!listsItems(pasted)) return null;
  const lines = (d) => {
    const units = (items) => (Array.isArray(items) ? items : []).map((it) => `${it?.id}×${it?.quantity}`).sort().join(",");
    const replace = (Array.isArray(d.replace) ? d.replace : []).map((r) => `${units(r?.from?.items)}→${units(r?.to?.items)}`).sort();
    return JSON.stringify([units(d.add?.items), units(d.remove?.items), replace]);
  };
  return lines(pasted) === lines(built) ? null : "its items are not the form's";
}

/** The request part of a v2 document: what was (or is to be) sent. */
const requestPart = (doc) =>
  Object.fromEntries(["reason", "add", "remove", "replace", "manualDiscountValue", "manualIncrementValue"].filter((k) => doc[k] != null).map((k) => [k, doc[k]]));

/** fromVtexChange's INVALID_INPUT at the form's field (or at the pasted answer's box). */
function located(e, pasted) {
  if (e?.code !== "INVALID_INPUT") return e;
  const path = e.path ?? "";
  e.field = pasted
    ? "v2paste"
    : /^change\.manualDiscountValue/.test(path) ? "discount"
    : /^change\.manualIncrementValue/.test(path) ? "increment"
    : /^change\.add\./.test(path) ? "v2added"
    : /^change\.replace/.test(path) ? "v2replaced"
    : /^change\.remove/.test(path) ? "items"
    : "operation";
  return e;
}

/** The v2 operation the form (and a pasted answer of VTEX) describes: `{ operation, v2 }`, or
 *  null with nothing to preview. `v2.requestOperation` is what the requests carry: the
 *  document's request part, read without VTEX's total. Sent back as a manual value, VTEX's
 *  recalculated shipping (S1's answer: totalChangeValue 420, all of it shipping) would be
 *  added a second time; the body VTEX previewed is the body to send. */
export function buildV2(f) {
  const built = v2Body(f);
  if (f.pasted && f.pastedFor !== keyOf(built)) {
    f.pasted = null;
    f.dropped = true;
  }
  // An answer for another change than the form's is not used: its figure is not this change's.
  const other = f.pasted && built ? mismatch(built, f.pasted) : null;
  const pasted = other ? null : f.pasted;
  if (!built && !pasted) return null;
  const doc = overlay(built, pasted);
  let read;
  try {
    read = sp.fromVtexChange(doc, app.state);
  } catch (e) {
    throw located(e, pasted);
  }
  const v2 = { doc, pasted: pasted != null, other, notes: read.notes, requestOperation: read.operation, requestError: null };
  if (doc.totalChangeValue != null) {
    try {
      v2.requestOperation = sp.fromVtexChange(requestPart(doc), app.state).operation;
    } catch (e) {
      v2.requestOperation = null;
      v2.requestError = e;
    }
  }
  return { operation: read.operation, v2 };
}

/** Reads the pasted answer (JSON object) for the change as the form has it now. */
function readPasted(f) {
  const box = $("err-v2paste");
  box.hidden = true;
  box.textContent = "";
  let doc;
  try {
    doc = JSON.parse(f.pasteText);
  } catch (e) {
    doc = e;
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc) || doc instanceof Error) {
    box.hidden = false;
    box.textContent = doc instanceof Error ? `Not JSON: ${doc.message}` : "Expected VTEX's answer: a JSON object such as { \"totalChangeValue\": 420, … }";
    return false;
  }
  let key;
  try {
    key = keyOf(v2Body(f));
  } catch {
    key = null;
  }
  f.pasted = doc;
  f.pastedFor = key;
  f.dropped = false;
  return true;
}

// ----- The form's v2 fields ----------------------------------------------------------------------

const cell = (list, i, key, label, value, extra = "") =>
  `<label class="v2-cell"><span>${label}</span><input id="v2-${list}-${key}-${i}" data-v2-list="${list}" data-v2-index="${i}" data-v2-key="${key}" value="${esc(value)}" spellcheck="false" ${extra}></label>`;

function lineCells(list, row, i) {
  const m = app.money;
  return cell(list, i, "id", "SKU", row.id) + cell(list, i, "name", "Name", row.name, `placeholder="optional"`) +
    cell(list, i, "quantity", "Units", row.quantity, `inputmode="numeric"`) +
    cell(list, i, "price", `Unit price (${esc(m.currency)})`, row.price, `inputmode="decimal" class="amount" placeholder="the order's"`);
}

function addedHtml(rows) {
  const line = (row, i) => `<div class="v2-line" data-v2-row="added-${i}" role="group" aria-label="Added item ${i + 1}">
    ${lineCells("added", row, i)}<button type="button" class="secondary small v2-drop" data-v2-drop="added" data-v2-index="${i}" aria-label="Remove added item ${i + 1}">×</button></div>`;
  return `<div class="field v2-lines" data-field="v2added"><span class="label" id="v2-added-title">Items added</span>
    ${rows.map(line).join("")}
    <button type="button" class="secondary small" data-v2-add="added" id="v2-add-added">Add an item</button>
    <p class="field-error" id="err-v2added" hidden></p></div>`;
}

function replacedHtml(rows) {
  const choices = app.units.filter((u) => u.available > 0);
  const line = (row, i) => {
    const options = [`<option value="">Choose an item…</option>`]
      .concat(choices.map((u) => `<option value="${esc(u.id)}" ${u.id === row.from ? "selected" : ""}>${esc(u.id)}${u.name ? ` — ${esc(u.name)}` : ""}</option>`))
      .join("");
    return `<div class="v2-line replace" data-v2-row="replaced-${i}" role="group" aria-label="Replacement ${i + 1}">
      <label class="v2-cell wide"><span>Replaces</span><select id="v2-replaced-from-${i}" data-v2-list="replaced" data-v2-index="${i}" data-v2-key="from">${options}</select></label>
      ${cell("replaced", i, "fromQuantity", "Units replaced", row.fromQuantity, `inputmode="numeric"`)}
      <span class="v2-by" aria-hidden="true">by</span>
      ${lineCells("replaced", row, i)}<button type="button" class="secondary small v2-drop" data-v2-drop="replaced" data-v2-index="${i}" aria-label="Remove replacement ${i + 1}">×</button></div>`;
  };
  return `<div class="field v2-lines" data-field="v2replaced"><span class="label">Items replaced</span>
    ${rows.map(line).join("")}
    <button type="button" class="secondary small" data-v2-add="replaced" id="v2-add-replaced">Replace an item</button>
    <p class="field-error" id="err-v2replaced" hidden></p></div>`;
}

/** The box for VTEX's answer (below the item table: it comes last, after the preview request). */
export function v2Paste(f) {
  return `<div class="field v2-paste" data-field="v2paste">
    <label for="f-v2paste">VTEX's answer <span class="muted">to the preview request, or a change's detail (JSON)</span></label>
    <textarea id="f-v2paste" rows="4" spellcheck="false" aria-describedby="err-v2paste v2-paste-state" placeholder='{ "totalChangeValue": 420, "totals": [ … ] }'>${esc(f.pasteText)}</textarea>
    <div class="copy-row"><button type="button" class="secondary small" id="v2-read-paste">Read VTEX's answer</button>
      <button type="button" class="secondary small" id="v2-forget" ${f.pasted ? "" : "disabled"}>Forget it</button>
      <span class="hint" id="v2-paste-state">${f.pasted ? "VTEX's figure is in use." : ""}</span></div>
    <p class="field-error" id="err-v2paste" hidden></p></div>`;
}

/** The v2 form's fields (form.js renders them in its grid). */
export function v2Fields(f) {
  const m = app.money;
  return input("reason", "Reason", f.reason, { placeholder: "e.g. the customer swapped a size" }) +
    input("discount", `Manual discount (${esc(m.currency)})`, f.discount, { inputmode: "decimal", placeholder: m.local("0"), hint: "manualDiscountValue, beyond what VTEX computes for the items" }) +
    input("increment", `Manual increment (${esc(m.currency)})`, f.increment, { inputmode: "decimal", placeholder: m.local("0"), hint: "manualIncrementValue" }) +
    addedHtml(f.added) + replacedHtml(f.replaced);
}

/** An input event of the v2 form: true when it changed the operation, "quiet" when not (the
 *  pasted text is read on its button), false when it is not the v2 form's. */
export function v2Input(t) {
  const f = app.form.changeV2;
  if (t.id === "f-v2paste") {
    f.pasteText = t.value;
    return "quiet";
  }
  if (t.dataset.v2List) {
    f[t.dataset.v2List][Number(t.dataset.v2Index)][t.dataset.v2Key] = t.value;
    return true;
  }
  return false;
}

/** A click in the v2 form: a line added or dropped, VTEX's answer read or forgotten. True when
 *  handled (the caller previews). */
export function v2Click(target) {
  const f = app.form.changeV2;
  const list = target.dataset.v2Add ?? target.dataset.v2Drop;
  if (list) {
    if (target.dataset.v2Add) f[list].push(list === "replaced" ? { ...blankLine(), from: "", fromQuantity: "1" } : blankLine());
    else f[list].splice(Number(target.dataset.v2Index), 1);
    renderFields();
    const last = f[list].length - 1;
    (target.dataset.v2Add ? $(list === "replaced" ? `v2-replaced-from-${last}` : `v2-added-id-${last}`) : $(`v2-add-${list}`))?.focus();
    return true;
  }
  if (target.id === "v2-read-paste") {
    if (!readPasted(f)) return false;
    renderFields();
    return true;
  }
  if (target.id === "v2-forget") {
    f.pasted = null;
    f.pasteText = "";
    f.dropped = false;
    renderFields();
    $("f-v2paste")?.focus();
    return true;
  }
  return false;
}

// ----- In the preview panel: where the change's value comes from ----------------------------------

/** VTEX's cents (an integer) as the currency's amount shown. */
const fromCents = (cents) => app.money.show(Money.centsText(cents));

/** The change's item lines in words, with the names the order or the operator gave. */
function linesHtml(op, f) {
  const m = app.money;
  const nameOf = (id) => app.units.find((u) => u.id === id)?.name || [...f.added, ...f.replaced].find((r) => r.id.trim() === id)?.name.trim() || "";
  const line = (it) => `${it.quantity} × ${esc(it.id)}${nameOf(it.id) ? ` ${esc(nameOf(it.id))}` : ""}${it.price != null ? ` at ${esc(m.show(it.price))}` : ""}`;
  const said = [["Removes", op.itemsRemoved], ["Adds", op.itemsAdded]].filter(([, l]) => l.length).map(([w, l]) => `${w} ${l.map(line).join(", ")}.`);
  return said.length ? `<p data-v2-lines>${said.join(" ")}</p>` : "";
}

/** Where the v2 change's value comes from (VTEX's totalChangeValue, or an estimate from the
 *  order's prices) and fromVtexChange's notes, above the figures. */
export function renderV2Read(r) {
  const box = $("v2-read");
  const f = app.form?.changeV2;
  if (app.kind !== "changeV2" || !f) {
    box.innerHTML = "";
    return;
  }
  const m = app.money;
  const state = $("v2-paste-state");
  if (state) state.textContent = r?.v2?.other ? "Not this change's answer." : f.pasted ? "VTEX's figure is in use." : f.dropped ? "The change was edited since: preview it again at VTEX." : "";
  if ($("v2-forget")) $("v2-forget").disabled = !f.pasted;
  const parts = [];
  if (r?.v2?.other) {
    parts.push(`<p class="v2-dropped" data-v2-other>VTEX's answer is for another change (${esc(r.v2.other)}): its figure is not used. Preview this change at VTEX and paste its answer.</p>`);
  }
  if (f.dropped) parts.push(`<p class="v2-dropped" data-v2-dropped>Edited since VTEX's preview: its figure no longer applies. Back to the estimate; preview again at VTEX.</p>`);
  const v2 = r?.v2;
  if (v2) {
    const op = r.operation;
    const delta = m.text(m.minor(op.increment) - m.minor(op.discount));
    const shown = `<strong data-v2-delta="${esc(delta)}">${m.minor(delta) > 0n ? "+" : ""}${esc(m.show(delta))}</strong>`;
    if (v2.doc.totalChangeValue != null) {
      const totals = Array.isArray(v2.doc.totals)
        ? v2.doc.totals.filter((t) => Number.isSafeInteger(t?.value)).map((t) => `${esc(t.name ?? t.id)} ${esc(fromCents(t.value))}`).join(" · ")
        : "";
      parts.push(`<p data-v2-source="vtex">VTEX's figure: the order changes by ${shown} (<code>totalChangeValue</code> ${esc(String(v2.doc.totalChangeValue))})${totals ? `: ${totals}` : ""}. The request below is the one VTEX previewed.</p>`);
    } else {
      parts.push(`<p data-v2-source="estimate">Estimated from this order's prices: the order changes by ${shown}. VTEX recalculates shipping, promotions and taxes: send the preview request below and paste its answer for the exact value.</p>`);
    }
    parts.push(linesHtml(op, f));
    // A body has no requestId (VTEX gives one on creation) and is an estimate: the sentence above
    // says so; the notes on a pasted document are all shown.
    const notes = v2.notes.filter((n) => v2.pasted || !["CHANGE_WITHOUT_REQUEST_ID", "CHANGE_V2_ESTIMATE"].includes(n.code));
    if (notes.length) {
      parts.push(`<ul class="v2-notes">${notes.map((n) => `<li><span class="code" data-note="${esc(n.code)}">${esc(n.code)}</span> ${esc(n.message)}</li>`).join("")}</ul>`);
    }
  }
  box.innerHTML = parts.length ? `<div class="v2-read"><h3>Order modifications (v2)</h3>${parts.join("")}</div>` : "";
}
