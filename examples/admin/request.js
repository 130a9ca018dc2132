// The request to send to VTEX (toVtexRequest) for the latest accepted preview, built right
// after the figures are painted.
import * as sp from "settlement-preview/web";
import { $, esc, app } from "./page.js";
import { fieldError, fieldOfPath } from "./form.js";

/** toVtexRequest's options: the invoice's issuance date. */
export function requestOptions() {
  const date = app.form[app.kind]?.issuanceDate;
  return date ? { issuanceDate: date } : undefined;
}

/** The request that submits the previewed operation (toVtexRequest), if it is still the latest. */
export function buildRequest(result) {
  if (result !== app.last) return;
  try {
    result.request = sp.toVtexRequest(app.state, result.operation, requestOptions());
  } catch (e) {
    result.requestError = e;
  }
  renderRequest(result);
  // What VTEX needs to accept the request (a change's reason, say) is marked on its field.
  const e = result.requestError;
  if (e?.path) {
    const field = fieldOfPath(e.path);
    if (field !== "operation") fieldError(field, `${esc(e.message)} <span class="muted">(needed by VTEX)</span>`, [e.code ?? "ERROR"]);
  }
  $("request").removeAttribute("aria-busy");
  $("request").dataset.generation = String(result.generation);
}

export function renderRequest(r) {
  if (r.request) {
    const q = r.request;
    $("request").innerHTML = `<div class="request"><h3>The request to send to VTEX</h3>
      <p><span class="method">${esc(q.method)}</span> <code data-request-path>${esc(q.path)}</code></p>
      <pre tabindex="0" aria-label="Request body" data-request>${esc(JSON.stringify(q.body, null, 2))}</pre></div>`;
  } else if (r.requestError) {
    $("request").innerHTML = `<div class="request"><h3>The request to send to VTEX</h3><p class="request-error" data-request-error>Not ready to send: ${esc(r.requestError.message)}${
      r.requestError.path ? ` <code>${esc(r.requestError.path)}</code>` : ""}</p></div>`;
  } else {
    $("request").innerHTML = "";
  }
}
