// The request to send to VTEX (toVtexRequest) for the latest accepted preview, built right
// after the figures are painted.
import * as sp from "settlement-preview/web";
import { $, esc, app } from "./page.js";
import { fieldError, fieldOfPath } from "./form.js";
import { operatorMessage, devPath } from "./words.js";
import { renderVerdict } from "./preview.js";

/** toVtexRequest's options: the invoice's issuance date, courier and tracking (what is given). */
export function requestOptions() {
  if (app.kind === "changeV2") return { changeApi: "v2" };
  const f = app.form[app.kind] ?? {};
  const options = {};
  for (const key of ["issuanceDate", "courier", "trackingNumber", "trackingUrl"]) {
    if (typeof f[key] === "string" && f[key].trim()) options[key] = f[key].trim();
  }
  return Object.keys(options).length ? options : undefined;
}

/** The account in the query, as VTEX's Order modifications routes take it (vtex/openapi-schemas,
 *  BrunoCollections "Create order modifications": `PATCH …/changes?accountName=`; "Preview order
 *  modifications": `POST …/changes/preview?an=`); the Orders API's other routes take none. */
const accountQuery = (path) =>
  !path.startsWith("/api/order-system/") ? "" : path.endsWith("/preview") ? "?an=${VTEX_ACCOUNT}" : "?accountName=${VTEX_ACCOUNT}";

/** The request as a curl command for a terminal: the account, app key and token are the
 *  shell's variables (VTEX_ACCOUNT, VTEX_APP_KEY, VTEX_APP_TOKEN), never values: the page has
 *  no credentials and a copied command carries none. */
export function curlOf(q) {
  const quote = (t) => `'${String(t).replaceAll("'", `'\\''`)}'`;
  return [
    `curl --fail-with-body -X ${q.method} "https://\${VTEX_ACCOUNT}.vtexcommercestable.com.br${q.path}${accountQuery(q.path)}"`,
    `  -H "X-VTEX-API-AppKey: \${VTEX_APP_KEY}" -H "X-VTEX-API-AppToken: \${VTEX_APP_TOKEN}"`,
    `  -H 'Content-Type: application/json' -H 'Accept: application/json'`,
    `  --data-raw ${quote(JSON.stringify(q.body))}`,
  ].join(" \\\n");
}

/** Copies text to the clipboard and says so next to the buttons. */
export async function copy(text, what, status = "copy-status") {
  app.copied = text;
  try {
    await navigator.clipboard.writeText(text);
    $(status).textContent = `${what} copied.`;
  } catch {
    $(status).textContent = `Could not copy: select the text below instead.`;
  }
}

/** The request that submits the previewed operation (toVtexRequest), if it is still the latest. */
export function buildRequest(result) {
  if (result !== app.last) return;
  try {
    // A v2 change sends the body VTEX previewed (change-v2.js), and can be previewed at VTEX.
    const v2 = result.v2;
    if (v2?.requestError) throw v2.requestError;
    const operation = v2 ? v2.requestOperation : result.operation;
    result.request = sp.toVtexRequest(app.state, operation, requestOptions());
    if (v2) result.previewRequest = sp.toVtexRequest(app.state, operation, { ...requestOptions(), preview: true });
  } catch (e) {
    result.requestError = e;
  }
  renderRequest(result);
  renderVerdict(result);
  // What VTEX needs to accept the request (a change's reason, say) is marked on its field.
  const e = result.requestError;
  if (e?.path) {
    const field = fieldOfPath(e.path);
    if (field !== "operation") fieldError(field, `${esc(operatorMessage(e))} <span class="muted">(needed by VTEX)</span>`, [e.code ?? "ERROR"]);
  }
  $("request").removeAttribute("aria-busy");
  $("request").dataset.generation = String(result.generation);
}

/** The request body, pretty; a long one (a 1 000-line invoice is ~7 000 lines) folded, so that
 *  laying it out never delays the next keystroke's paint (copy takes it whole). */
function body(b) {
  const text = JSON.stringify(b, null, 2);
  const pre = `<pre tabindex="0" aria-label="Request body" data-request>${esc(text)}</pre>`;
  const lines = text.split("\n").length;
  return lines <= 200 ? pre : `<details class="request-body"><summary>The body (${lines.toLocaleString()} lines)</summary>${pre}</details>`;
}

/** A v2 change's preview request (POST …/changes/preview: the same body, no side effect; VTEX
 *  answers with its totalChangeValue, vtex-notes 5.2). */
function previewHtml(q) {
  return `<div class="request" data-preview-block><h3>Preview it at VTEX first <span class="muted">no side effect</span></h3>
    <p><span class="method">${esc(q.method)}</span> <code data-preview-request-path>${esc(q.path)}</code></p>
    <p class="hint">The same body as the change below. VTEX answers with the change's exact value (<code>totalChangeValue</code>): paste its answer in the form.</p>
    <div class="copy-row"><button type="button" class="secondary small" id="copy-preview-request">Copy the preview request</button>
      <button type="button" class="secondary small" id="copy-preview-curl">Copy as curl</button> <span class="hint" id="copy-preview-status"></span></div></div>`;
}

export function renderRequest(r) {
  if (r.request) {
    const q = r.request;
    $("request").innerHTML = `${r.previewRequest ? previewHtml(r.previewRequest) : ""}<div class="request"><h3>${r.previewRequest ? "Then send the change" : "The request to send to VTEX"}</h3>
      <p><span class="method">${esc(q.method)}</span> <code data-request-path>${esc(q.path)}</code></p>
      <div class="copy-row"><button type="button" class="secondary small" id="copy-request">Copy the request</button>
        <button type="button" class="secondary small" id="copy-curl">Copy as curl</button> <span class="hint" id="copy-status"></span></div>
      ${body(q.body)}</div>`;
  } else if (r.requestError) {
    $("request").innerHTML = `<div class="request"><h3>The request to send to VTEX</h3><p class="request-error" data-request-error>Not ready to send: ${esc(operatorMessage(r.requestError))}</p>${devPath(r.requestError)}</div>`;
  } else {
    $("request").innerHTML = "";
  }
}
