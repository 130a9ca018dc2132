// A server component: preview runs on the server at request time (`next start`).
import * as sp from "settlement-preview";
import { compute } from "../../shared/app.js";
import { DATA } from "../../shared/data.js";
import { Table } from "./table.js";

export const dynamic = "force-dynamic";

export default function Page() {
  return <Table result={compute(sp, DATA)} operations={DATA.operations} where="server" />;
}
