// `import` in Node: the CommonJS build (ready at load, no init call), so that `import` and
// `require` share one module instance. `export *`: every function the module has.
export * from "./settlement_preview.cjs";
