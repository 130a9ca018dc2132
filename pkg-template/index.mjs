// `import` in Node: the CommonJS build (it loads the .wasm synchronously), so no init call is
// needed and `import` and `require` share one module instance.
export {
  Ledger, apply, fromVtex, planCloseOut, planInvoice, preview, simulate, toVtexRequest, version,
} from "./settlement_preview.js";
