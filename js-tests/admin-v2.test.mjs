// The admin page's Change v2 tab (Order modifications, api.md section 7; vtex-notes 5.2) in
// headless Chromium: a change built by editing items (units removed, an item added, an item
// replaced, a manual discount, typed in pt-BR) previews exactly what the package computes in
// Node for the same body; VTEX's documented preview answer (examples/node/change-v2-preview.json,
// S1), pasted, gives the operation at its totalChangeValue and the body VTEX previewed; the v2
// rules' rejections are shown in their words. Saves js-tests/out/admin-v2-{390,1024,1440}.png.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import * as sp from "settlement-preview";
import { skipBrowser } from "./browser.lib.mjs";
import { root, outDir, checkAgainstEngine, withPage, select } from "./admin.lib.mjs";

const readJson = (...parts) => JSON.parse(fs.readFileSync(path.join(root, ...parts), "utf8"));
const documented = readJson("examples", "node", "change-v2-preview.json");

/** The state of examples/node/order.json as the page reads it (its connectors given). */
function exampleState() {
  const order = readJson("examples", "node", "order.json");
  return sp.fromVtex(order, undefined, { connectors: readJson("examples", "node", "connectors.json") }).state;
}

/** The row index of item `id` in the item table. */
const rowOf = (page, id) => page.$$eval("#items-body tr", (rows, id) => rows.findIndex((r) => r.dataset.id === id), id);

/** Builds, on the Change v2 tab of the VTEX example, a change by editing items (pt-BR amounts). */
async function buildChange(page) {
  await select(page, "Example: a VTEX order");
  await page.click("#tab-change-v2");
  assert.match(await page.textContent("#verdict"), /Nothing to preview yet/);
  await page.fill(`#q-${await rowOf(page, "1001")}`, "1");
  await page.click("#v2-add-added");
  await page.fill("#v2-added-id-0", "X-9");
  await page.fill("#v2-added-name-0", "Caneca");
  await page.fill("#v2-added-price-0", "10,50");
  await page.click("#v2-add-replaced");
  await page.selectOption("#v2-replaced-from-0", "1002");
  await page.fill("#v2-replaced-id-0", "1003");
  await page.fill("#v2-replaced-price-0", "28,00");
  await page.fill("#f-discount", "2,25");
  await page.fill("#f-reason", "Troca de tamanho");
}

test("admin page, Change v2: a change built by editing items previews what the package computes for its v2 body, to the cent", { skip: skipBrowser, timeout: 120_000 }, async () => {
  await withPage(async (page) => {
    await buildChange(page);
    const r = await checkAgainstEngine(page, "v2: built by editing items");
    // The body the page writes: typed "10,50" is 1050 cents, "2,25" is 225, never a float.
    const body = {
      reason: "Troca de tamanho",
      remove: { items: [{ id: "1001", quantity: 1 }] },
      add: { items: [{ id: "X-9", quantity: 1, price: 1050 }] },
      replace: [{ from: { items: [{ id: "1002", quantity: 1 }] }, to: { items: [{ id: "1003", quantity: 1, price: 2800 }] } }],
      manualDiscountValue: 225,
    };
    const state = exampleState();
    assert.deepEqual(r.state, state);
    const { operation, notes } = sp.fromVtexChange(body, state);
    assert.deepEqual(r.operation, operation, "the operation is fromVtexChange's for that body");
    assert.deepEqual(notes.map((n) => n.code), ["CHANGE_WITHOUT_REQUEST_ID", "CHANGE_V2_ESTIMATE"]);
    // 135.00 − 50.00 − 30.00 + 10.50 + 28.00 − 2.25 = 91.25: the 43.75 comes off the card's
    // 105.00 still open (partial mode), the settled gift card keeps its 30.00.
    assert.equal(operation.discount, "43.75");
    assert.deepEqual(operation.itemsAdded, [{ id: "X-9", quantity: 1, price: "10.50" }, { id: "1003", quantity: 1, price: "28.00" }]);
    const outcome = sp.preview(state, operation);
    assert.deepEqual(r.outcome, outcome);
    const byId = Object.fromEntries(outcome.payments.map((p) => [p.id, p]));
    assert.deepEqual([byId["PAY-CC"].cancel, byId["PAY-CC"].gateway.cancel, byId["PAY-CC"].open], ["43.75", "43.75", "61.25"]);
    assert.deepEqual([byId["PAY-GC"].settle, byId["PAY-GC"].cancel, byId["PAY-GC"].refund], ["0.00", "0.00", "0.00"]);
    assert.equal(await page.getAttribute('#payments [data-k="payment.PAY-CC.gateway.cancelled.after"]', "data-amount"), "43.75");
    // Where the value comes from: an estimate, said so, with the exact delta.
    assert.equal(await page.getAttribute("#v2-read [data-v2-source]", "data-v2-source"), "estimate");
    assert.equal(await page.getAttribute("#v2-read [data-v2-delta]", "data-v2-delta"), "-43.75");
    assert.match(await page.textContent("#v2-read [data-v2-lines]"), /^Removes 1 × 1001 Camiseta, 1 × 1002 Boné\. Adds 1 × X-9 Caneca at R\$\s10,50, 1 × 1003 at R\$\s28,00\.$/);
    // The PATCH and the preview POST (checked against toVtexRequest above): the items and the
    // manual discount, in cents; the replacement goes as its removal and its addition.
    const last = await page.evaluate(() => window.admin.last);
    assert.equal(last.request.method, "PATCH");
    assert.equal(last.previewRequest.path, "/api/order-system/orders/1300000000001-01/changes/preview");
    assert.deepEqual(last.request.body, {
      reason: "Troca de tamanho",
      add: { items: [{ id: "X-9", quantity: 1, price: 1050 }, { id: "1003", quantity: 1, price: 2800 }] },
      remove: { items: [{ id: "1001", quantity: 1 }, { id: "1002", quantity: 1 }] },
      manualDiscountValue: 225,
      manualIncrementValue: 0,
    });
    // Copy as curl: the preview request, with the shell's variables for the credentials.
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.click("#copy-preview-curl");
    await page.waitForFunction(() => /curl command copied/.test(document.getElementById("copy-preview-status").textContent));
    const curl = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(curl, /-X POST "https:\/\/\$\{VTEX_ACCOUNT\}\.vtexcommercestable\.com\.br\/api\/order-system\/orders\/1300000000001-01\/changes\/preview\?an=\$\{VTEX_ACCOUNT\}"/);
    assert.match(curl, /X-VTEX-API-AppToken: \$\{VTEX_APP_TOKEN\}/);
    assert.deepEqual(JSON.parse(/--data-raw '(.*)'$/s.exec(curl)[1]), last.previewRequest.body);
    await page.click("#copy-curl");
    await page.waitForFunction(() => /curl command copied/.test(document.getElementById("copy-status").textContent));
    assert.match(await page.evaluate(() => navigator.clipboard.readText()), /-X PATCH "[^"]*\/orders\/1300000000001-01\/changes\?accountName=\$\{VTEX_ACCOUNT\}"/);

    // VTEX's answer for another change (S1's: no manual discount, the form's is 2,25): its
    // figure is not used; said so, the estimate stays.
    await page.fill("#f-v2paste", JSON.stringify(documented));
    await page.click("#v2-read-paste");
    const other = await checkAgainstEngine(page, "v2: another change's answer");
    assert.deepEqual(other.operation, operation);
    assert.match(await page.textContent("#v2-read [data-v2-other]"), /manualDiscountValue is 0, the form's 225/);
    await page.click("#v2-forget");

    // Not an amount: INVALID_INPUT on the added line, nothing previewed.
    await page.fill("#v2-added-price-0", "10,5,0");
    assert.equal(await page.getAttribute("#verdict [data-verdict]", "data-verdict"), "invalid");
    assert.match(await page.textContent("#err-v2added"), /Added item 1: unit price: "10,5,0" is not an amount/);
    // Apply: the change joins the order's history, and the next one is v2-2.
    await page.fill("#v2-added-price-0", "10,50");
    await checkAgainstEngine(page, "v2: built again");
    await page.click("#apply");
    assert.match(await page.textContent("#history"), /Change v2-1/);
    assert.equal(await page.evaluate(() => window.admin.state.value), "91.25");
  }, {}, { locale: "pt-BR" });
});

test("admin page, Change v2: VTEX's documented preview answer, pasted, gives the operation at its totalChangeValue and the body VTEX previewed", { skip: skipBrowser, timeout: 120_000 }, async () => {
  await withPage(async (page) => {
    await select(page, "Example: a VTEX order");
    await page.click("#tab-change-v2");
    const state = exampleState();

    // The answer alone (S1: +4.20, all of it shipping).
    await page.fill("#f-v2paste", JSON.stringify(documented));
    await page.click("#v2-read-paste");
    const sent = { reason: "I would like to receive a preview.", manualDiscountValue: 0, manualIncrementValue: 0 };
    let r = await checkAgainstEngine(page, "v2: S1's answer", { requestOperation: sp.fromVtexChange(sent, state).operation });
    assert.deepEqual(r.operation, sp.fromVtexChange(documented, state).operation);
    assert.equal(r.operation.increment, "4.20");
    assert.equal(r.operation.api, "v2");
    // Neither payment may grow: the 4.20 is a new charge.
    assert.equal(r.outcome.newCharge, "4.20");
    assert.equal(await page.getAttribute('#totals [data-k="outcome.newCharge"]', "data-amount"), "4.20");
    assert.equal(await page.getAttribute("#v2-read [data-v2-source]", "data-v2-source"), "vtex");
    assert.equal(await page.getAttribute("#v2-read [data-v2-delta]", "data-v2-delta"), "4.20");
    assert.match(await page.textContent("#v2-read"), /Shipping Total R\$\s?4\.20/);
    // The body VTEX previewed, not VTEX's 4.20 sent back as a manual increment (VTEX would add
    // its shipping a second time): toVtexRequest of the answer's own operation would say 420.
    let last = await page.evaluate(() => window.admin.last);
    assert.deepEqual(last.request.body, sent);
    assert.equal(sp.toVtexRequest(state, r.operation, { changeApi: "v2" }).body.manualIncrementValue, 420);

    // Built first, then VTEX's answer: the form's items at VTEX's figure; the body is the form's.
    await page.click("#v2-forget");
    await page.fill(`#q-${await rowOf(page, "1001")}`, "1");
    await page.fill("#f-reason", "I would like to receive a preview.");
    r = await checkAgainstEngine(page, "v2: one unit of 1001 removed, estimated");
    assert.equal(r.operation.discount, "50.00");
    await page.fill("#f-v2paste", JSON.stringify({ ...documented, totalChangeValue: -4580, totals: [...documented.totals, { id: "Items", name: "Items Total", value: -5000 }] }));
    await page.click("#v2-read-paste");
    const built = { reason: "I would like to receive a preview.", remove: { items: [{ id: "1001", quantity: 1 }] } };
    r = await checkAgainstEngine(page, "v2: VTEX's figure for the built change", {
      requestOperation: sp.fromVtexChange({ ...built, manualDiscountValue: 0, manualIncrementValue: 0 }, state).operation,
    });
    assert.deepEqual([r.operation.discount, r.operation.increment], ["45.80", "0.00"]);
    assert.deepEqual(r.operation.itemsRemoved, [{ id: "1001", quantity: 1 }]);
    assert.equal(r.outcome.payments.find((p) => p.id === "PAY-CC").cancel, "45.80");
    last = await page.evaluate(() => window.admin.last);
    assert.deepEqual(last.request.body, { ...built, manualDiscountValue: 0, manualIncrementValue: 0 });
    // Edited since: VTEX's figure no longer applies, back to the estimate, said so.
    await page.fill(`#q-${await rowOf(page, "1001")}`, "2");
    r = await checkAgainstEngine(page, "v2: edited after VTEX's answer");
    assert.equal(r.operation.discount, "100.00");
    assert.ok(await page.$("#v2-read [data-v2-dropped]"));
    assert.equal(await page.getAttribute("#v2-read [data-v2-source]", "data-v2-source"), "estimate");

    // A pasted request body (no totals): priced from the order, noted as an estimate.
    await page.fill(`#q-${await rowOf(page, "1001")}`, "0");
    await page.fill("#f-reason", "");
    await page.fill("#f-v2paste", JSON.stringify({ reason: "Size", remove: { items: [{ id: "1002", quantity: 1 }] } }));
    await page.click("#v2-read-paste");
    r = await checkAgainstEngine(page, "v2: a pasted request body");
    assert.equal(r.operation.discount, "30.00");
    assert.deepEqual(await page.$$eval("#v2-read [data-note]", (els) => els.map((e) => e.dataset.note)), ["CHANGE_WITHOUT_REQUEST_ID", "CHANGE_V2_ESTIMATE"]);
    // Not JSON: said next to the box.
    await page.fill("#f-v2paste", "{ totalChangeValue: 420");
    await page.click("#v2-read-paste");
    assert.match(await page.textContent("#err-v2paste"), /Not JSON/);
  });
});

test("admin page, Change v2: the v2 rules' rejections in their words, next to their fields", { skip: skipBrowser, timeout: 120_000 }, async () => {
  await withPage(async (page) => {
    await select(page, "VTEX order brl-change-v2-history");
    await page.click("#tab-change-v2");
    // fromVtex's state of the fixture (its v2 history replayed), as the page's Ledger holds it.
    const fixture = readJson("tests", "vtex", "orders", "brl-change-v2-history.json");
    const state = new sp.Ledger(sp.fromVtex(fixture.order, null, fixture.options).state).state();
    assert.deepEqual(await page.evaluate(() => window.admin.state), state);
    assert.deepEqual([state.value, state.invoices.map((i) => i.number)], ["75.00", ["NF-1"]]);

    // SKU 1 was invoiced (NF-1): v2 may not replace it (S12 SalesOrderSystem046).
    await page.click("#v2-add-replaced");
    await page.selectOption("#v2-replaced-from-0", "1");
    await page.fill("#v2-replaced-id-0", "Z");
    await page.fill("#v2-replaced-price-0", "50.00");
    await page.fill("#f-reason", "Swap");
    let r = await checkAgainstEngine(page, "v2: replacing an invoiced item");
    const body = { reason: "Swap", replace: [{ from: { items: [{ id: "1", quantity: 1 }] }, to: { items: [{ id: "Z", quantity: 1, price: 5000 }] } }] };
    const refused = sp.preview(state, sp.fromVtexChange(body, state).operation);
    assert.deepEqual(r.outcome, refused);
    assert.deepEqual(refused.errors.map((e) => e.code), ["ITEM_ALREADY_INVOICED"]);
    const words = refused.explain.find((l) => l.code === "ITEM_ALREADY_INVOICED").text;
    assert.match(words, /Order modifications \(v2\) cannot remove or replace/);
    assert.ok((await page.textContent("#verdict")).includes(words));
    assert.ok((await page.textContent("#err-items")).includes(words));
    assert.equal(await page.$("[data-request]"), null);

    // A manual discount at the original order value (S10, CHK0034): refused in words, at the
    // discount; every broken rule the package finds is listed.
    await page.click('[data-v2-drop="replaced"]');
    await page.fill("#f-discount", "1000");
    r = await checkAgainstEngine(page, "v2: a discount over the original value");
    const codes = r.outcome.errors.map((e) => e.code);
    assert.ok(codes.includes("CHANGE_EXCEEDS_ORDER_VALUE"), codes.join());
    assert.deepEqual(await page.$$eval("#verdict [data-code]", (els) => els.map((e) => e.dataset.code)), codes);
    const exceeds = r.outcome.explain.find((l) => l.code === "CHANGE_EXCEEDS_ORDER_VALUE").text;
    assert.ok((await page.textContent("#err-discount")).includes(exceeds), exceeds);

    // One unit of 1001 invoiced: v1 may still remove the other, v2 none (the table says so).
    await select(page, "Example: a VTEX order");
    await page.click("#tab-invoice");
    await page.fill(`#q-${await rowOf(page, "1001")}`, "1");
    await checkAgainstEngine(page, "an invoice of one unit of 1001");
    await page.click("#apply");
    const removable = async () => page.$eval('#items-body tr[data-id="1001"]', (tr) => tr.cells[5].textContent);
    await page.click("#tab-change");
    assert.equal(await removable(), "1");
    await page.click("#tab-change-v2");
    assert.equal(await removable(), "0");
    await page.fill(`#q-${await rowOf(page, "1001")}`, "1");
    await page.fill("#f-reason", "Out of stock");
    r = await checkAgainstEngine(page, "v2: removing the other unit of an invoiced item");
    assert.deepEqual(r.outcome.errors.map((e) => e.code), ["ITEM_ALREADY_INVOICED"]);
  });
});

test("admin page, Change v2: layout at 390, 1,024 and 1,440 px", { skip: skipBrowser, timeout: 120_000 }, async () => {
  fs.mkdirSync(outDir, { recursive: true });
  for (const width of [390, 1024, 1440]) {
    await withPage(async (page) => {
      await buildChange(page);
      await page.fill("#f-v2paste", JSON.stringify(documented));
      await checkAgainstEngine(page, `v2 at ${width} px`);
      // Nothing scrolls sideways; every v2 line stays within the form.
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, `${width} px: no sideways scroll`);
      const outside = await page.$$eval("#op-form .v2-line, #op-form .v2-paste", (els) => {
        const form = document.getElementById("op-form").getBoundingClientRect();
        return els.filter((e) => e.getBoundingClientRect().right > form.right + 1).length;
      });
      assert.equal(outside, 0, `${width} px: the v2 lines fit the form`);
      await page.screenshot({ path: path.join(outDir, `admin-v2-${width}.png`), fullPage: true });
    }, {}, { locale: "pt-BR", viewport: { width, height: 900 } });
  }
});
