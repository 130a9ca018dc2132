"use client";
// A client component: rendered on the server when `next build` prerenders it, then in the
// browser, where the effect computes again and marks the page `data-where="browser"`.
import { useEffect, useState } from "react";
import * as sp from "settlement-preview";
import { compute } from "../../../shared/app.js";
import { DATA } from "../../../shared/data.js";
import { Table } from "../table.js";

export default function ClientPage() {
  const [state, setState] = useState(() => ({ result: compute(sp, DATA), where: "prerendered" }));
  useEffect(() => setState({ result: compute(sp, DATA), where: "browser" }), []);
  return <Table result={state.result} operations={DATA.operations} where={state.where} />;
}
