// A route handler: server code that calls preview on each request.
import { preview, version } from "settlement-preview";
import { DATA } from "../../../../shared/data.js";

export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ version: version(), outcome: preview(DATA.state, DATA.operations[0]) });
}
