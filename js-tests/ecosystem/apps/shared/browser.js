// The browser entry most apps share: the package's default entry, no init call.
import * as sp from "settlement-preview";
import { render } from "./app.js";
import { DATA } from "./data.js";

render(sp, document.getElementById("app"), DATA);
