// The item table of the operation's form: 50 rows a page, filtered by id or name, a tick and a
// quantity per item.
import { $, esc, app } from "./page.js";
import { limitOf } from "./order.js";

/** Rows per page of the item list: a 1 000-item order stays quick to lay out on every keystroke. */
export const PAGE_SIZE = 50;

/** The indexes (into app.units) of the items the filter keeps. */
export function filtered() {
  const needle = $("item-filter").value.trim().toLowerCase();
  const out = [];
  app.units.forEach((u, i) => {
    if (!needle || u.id.toLowerCase().includes(needle) || u.name.toLowerCase().includes(needle)) out.push(i);
  });
  return out;
}

/** The rendered row of item `i`, when it is on the current page. */
export const rowOf = (i) => document.querySelector(`#items-body tr[data-row="${i}"]`);

export function renderItems() {
  if (app.kind === "cancel") return;
  const m = app.money;
  const f = app.form[app.kind];
  const action = { invoice: "Invoice", change: "Remove", changeV2: "Remove", return: "Return" }[app.kind];
  const left = { invoice: "Left to invoice", change: "Removable", changeV2: "Removable", return: "Returnable" }[app.kind];
  $("items-title").textContent = { invoice: "Items to invoice", change: "Items to remove", changeV2: "Units to remove", return: "Items returned" }[app.kind];
  $("items-head").innerHTML = `<tr>
    <th scope="col" class="tick"><span class="sr-only">Select</span></th>
    <th scope="col">Item</th>
    <th scope="col" class="num">Unit price</th>
    <th scope="col" class="num">Ordered</th>
    <th scope="col" class="num">Invoiced</th>
    <th scope="col" class="num">${left}</th>
    <th scope="col" class="num">${action}</th>
    <th scope="col" class="num">Line</th></tr>`;
  const keep = filtered();
  const pages = Math.max(1, Math.ceil(keep.length / PAGE_SIZE));
  app.page = Math.min(app.page ?? 0, pages - 1);
  const shown = keep.slice(app.page * PAGE_SIZE, (app.page + 1) * PAGE_SIZE);
  const rows = shown.map((i) => {
    const u = app.units[i];
    const max = limitOf(u, app.kind);
    const q = f.qty.get(u.id) ?? 0;
    const price = u.price ?? "";
    const line = lineTotal(u, q);
    const typed = f.bad?.get(u.id);
    const label = `${u.id}${u.name ? ` — ${u.name}` : ""}`;
    return `<tr data-id="${esc(u.id)}" data-row="${i}" class="${q > 0 ? "on" : ""} ${max === 0 ? "spent" : ""}">
      <td class="tick"><input type="checkbox" id="t-${i}" data-tick="${i}" ${q > 0 ? "checked" : ""} ${max === 0 && q === 0 ? "disabled" : ""}
        aria-label="${esc(action)} ${esc(label)}"></td>
      <td class="item"><label for="t-${i}"><span class="sku">${esc(u.id)}</span> ${u.name ? `<span class="name">${esc(u.name)}</span>` : ""}</label></td>
      <td class="num" ${price ? `data-amount="${esc(price)}"` : ""}>${price ? esc(m.show(price)) : "—"}</td>
      <td class="num">${u.available}${u.removed ? `<span class="muted" title="removed by changes"> (−${u.removed})</span>` : ""}</td>
      <td class="num">${u.invoiced}</td>
      <td class="num">${max}</td>
      <td class="num qty"><input type="text" inputmode="numeric" autocomplete="off" data-qty="${i}" id="q-${i}" value="${esc(typed ?? q)}"
        ${typed != null ? 'aria-invalid="true"' : ""} aria-label="Units to ${esc(action.toLowerCase())}: ${esc(label)}" aria-describedby="err-items"></td>
      <td class="num line" id="l-${i}">${line ? esc(m.show(line)) : ""}</td></tr>`;
  });
  $("items-body").innerHTML = rows.join("");
  $("pager").hidden = pages <= 1;
  $("page-prev").disabled = app.page === 0;
  $("page-next").disabled = app.page >= pages - 1;
  $("page-info").textContent = `${(app.page * PAGE_SIZE + 1).toLocaleString()}–${(app.page * PAGE_SIZE + shown.length).toLocaleString()} of ${keep.length.toLocaleString()}`;
  app.filteredCount = keep.length;
  renderCount();
}

/** "1,000 items · 3 selected". */
export function renderCount() {
  const needle = $("item-filter").value.trim();
  const picked = [...(app.form[app.kind].qty?.values() ?? [])].filter((q) => q > 0).length;
  $("items-count").textContent = `${app.units.length.toLocaleString()} items${
    needle ? `, ${app.filteredCount.toLocaleString()} match “${needle}”` : ""} · ${picked.toLocaleString()} selected`;
}

/** A row's line total: its units at its price, none when the units are over what is left (the
 *  row is marked instead: a total for units that cannot be taken would mislead). */
export function lineTotal(u, q) {
  return u.price != null && q > 0 && q <= limitOf(u, app.kind) ? app.money.times(u.price, q) : null;
}

export function setQty(i, q, { fromInput = false } = {}) {
  const u = app.units[i];
  const f = app.form[app.kind];
  const tr = rowOf(i);
  if (!Number.isSafeInteger(q) || q < 0) q = 0;
  if (!fromInput) f.bad?.delete(u.id);
  if (q > 0) f.qty.set(u.id, q);
  else f.qty.delete(u.id);
  if (tr) {
    tr.classList.toggle("on", q > 0);
    tr.querySelector("input[data-tick]").checked = q > 0;
    if (!fromInput) tr.querySelector("input[data-qty]").value = String(q);
    const line = lineTotal(u, q);
    $(`l-${i}`).textContent = line ? app.money.show(line) : "";
  }
}
