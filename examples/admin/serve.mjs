// A tiny static server for the admin page (no dependencies): `make serve`, or
//   node examples/admin/serve.mjs [--pkg DIR] [--port 8080]
// It serves, on 127.0.0.1 only:
//   /                      the page (index.html, with an import map that points the bare
//                          specifier `settlement-preview/web` at the package's own `./web` export)
//   /*.js, /*.css          the page's files (this directory)
//   /pkg/…                 the package directory (DIR: ../../pkg by default, or an installed
//                          node_modules/settlement-preview)
//   /examples/…            the repository's examples (examples/order.json, VTEX orders)
//   /scenarios/index.json  the public scenarios' file names; /scenarios/<file> each one
//   /vtex/index.json       the VTEX order fixtures' file names (tests/vtex/orders/); /vtex/… the files
// The page imports the package the way an application does (`import init, * as sp from
// "settlement-preview/web"`); only the import map knows where the files are.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".ts": "text/plain; charset=utf-8",
};

/** The file an `exports` entry names for a browser that imports ES modules. */
function pick(entry) {
  if (typeof entry === "string") return entry;
  if (entry && typeof entry === "object") {
    for (const condition of ["browser", "import", "default"]) {
      if (condition in entry) {
        const found = pick(entry[condition]);
        if (found) return found;
      }
    }
  }
  return null;
}

/** The package's `settlement-preview/web` entry, relative to its directory (`./web/…js`). */
export function webEntry(pkgDir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8"));
  const entry = pick(manifest.exports?.["./web"]);
  if (!entry) throw new Error(`${pkgDir}/package.json exports no "./web" entry`);
  return entry;
}

/** A file under `root` for a URL path below `prefix`, or null (never outside `root`). */
function under(root, urlPath, prefix) {
  const rest = decodeURIComponent(urlPath.slice(prefix.length));
  const file = path.resolve(root, "." + path.posix.normalize("/" + rest));
  return file === root || file.startsWith(root + path.sep) ? file : null;
}

/** Starts the server; resolves to the `http.Server` (its port: `server.address().port`). */
export function start({ pkgDir = path.join(repo, "pkg"), port = 8080, host = "127.0.0.1" } = {}) {
  pkgDir = path.resolve(pkgDir);
  const entry = webEntry(pkgDir).replace(/^\.\//, "");
  const importMap = JSON.stringify({ imports: { "settlement-preview/web": `/pkg/${entry}` } });
  const scenarioDir = path.join(repo, "tests", "scenarios", "public");
  const vtexDir = path.join(repo, "tests", "vtex");
  const mounts = [
    ["/vtex/", vtexDir],
    ["/pkg/", pkgDir],
    ["/examples/", path.join(repo, "examples")],
    ["/scenarios/", scenarioDir],
    ["/", here],
  ];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    const send = (status, type, body) =>
      res.writeHead(status, { "content-type": type, "cache-control": "no-store" }).end(body);
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, "text/plain", "GET only\n");
    if (url.pathname === "/" || url.pathname === "/index.html") {
      const html = fs.readFileSync(path.join(here, "index.html"), "utf8")
        .replace("<!-- import map -->", `<script type="importmap">${importMap}</script>`);
      return send(200, TYPES[".html"], html);
    }
    const listing = { "/scenarios/index.json": scenarioDir, "/vtex/index.json": path.join(vtexDir, "orders") }[url.pathname];
    if (listing) {
      const files = fs.existsSync(listing) ? fs.readdirSync(listing).filter((f) => f.endsWith(".json")).sort() : [];
      return send(200, TYPES[".json"], JSON.stringify(files));
    }
    for (const [prefix, root] of mounts) {
      if (!url.pathname.startsWith(prefix)) continue;
      const file = under(root, url.pathname, prefix);
      if (file && fs.existsSync(file) && fs.statSync(file).isFile()) {
        return send(200, TYPES[path.extname(file)] ?? "application/octet-stream", fs.readFileSync(file));
      }
      break;
    }
    send(404, "text/plain", "not found\n");
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
  };
  const pkgDir = option("--pkg", path.join(repo, "pkg"));
  if (!fs.existsSync(path.join(pkgDir, "package.json"))) {
    console.error(`serve: no package in ${pkgDir} (make pkg builds it; make serve does both)`);
    process.exit(2);
  }
  const port = Number(option("--port", process.env.PORT ?? 8080));
  try {
    const server = await start({ pkgDir, port });
    console.log(`The admin page: http://127.0.0.1:${server.address().port}/   (Ctrl-C stops it)`);
  } catch (e) {
    console.error(e.code === "EADDRINUSE" ? `serve: port ${port} is in use (make serve PORT=8081)` : `serve: ${e.message}`);
    process.exit(2);
  }
}
