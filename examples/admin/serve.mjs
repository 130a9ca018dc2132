// A tiny server for the admin page (no dependencies): `make serve`, or
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
//   /reconcile/index.json  the reconciliation fixtures' file names (tests/reconcile/, each
//                          `{ description, order, transaction, options, expect }`); /reconcile/<file>
//   /proxy/vtex/…          a read-only proxy to ONE VTEX account (Get order, the gateway's reads),
//                          credentials from the environment, added here and never sent to the page
//                          (README.md, "Loading an order from VTEX": routes, answers, security)
// The page imports the package the way an application does (`import init, * as sp from
// "settlement-preview/web"`); only the import map knows where the files are.
//
// Hostile requests (issue 22): every request gets an answer and the server keeps serving. A
// request that cannot be parsed is answered from 'clientError' (400, 431 for headers over
// MAX_HEADER_BYTES, 405 for a method Node does not know); a request target over MAX_PATH bytes is
// 414; a malformed percent-encoding or a NUL is 400; a method other than GET/HEAD is 405 with
// `Allow`; a GET or HEAD with a body is 400 (and the connection closed: the body is never read);
// another Host than this server's loopback name and port (DNS rebinding), another Origin, or
// `Sec-Fetch-Site: cross-site` is 403; a directory, a missing file, a path out of its root or a
// symlink whose target is out of its root is 404; a client that goes away mid-file ends that
// stream only; anything else a handler throws is a 500 and one log line.
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import path from "node:path";
import { pipeline } from "node:stream";
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
  ".md": "text/plain; charset=utf-8",
};

/** The longest request target answered (bytes of the path and query as sent): longer is 414. */
export const MAX_PATH = 2048;
/** Node's limit on the request line and headers together: over it is 431 (from 'clientError'). */
export const MAX_HEADER_BYTES = 16 * 1024;
/** How long the proxy waits for VTEX, the whole answer included: then 504. */
export const UPSTREAM_TIMEOUT_MS = 15_000;
/** The largest VTEX answer the proxy passes on (a 1 000-item order is ~1 MB): over it is 502. */
export const UPSTREAM_MAX_BYTES = 16 * 1024 * 1024;
/** The names a loopback server is reached by (the Host header, the Origin). */
const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"];
const STATIC_METHODS = "GET, HEAD";
/** Errors of the file system that mean "no such file here": a 404, not a 500. */
const NOT_FOUND = new Set(["ENOENT", "ENOTDIR", "ELOOP", "EISDIR", "ENAMETOOLONG"]);

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

/** Whether `file` is `root` or below it (both absolute, resolved). */
const inside = (root, file) => file === root || file.startsWith(root + path.sep);

// ----- The VTEX proxy's configuration ----------------------------------------------------------

/** A VTEX account name: one DNS label (it becomes `{account}.vtexcommercestable.com.br`). */
const ACCOUNT = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** An app key or token: what VTEX issues (letters, digits, `-`), with room for base64's
 *  characters; never a quote, backslash, space or control character (it goes into a header,
 *  and it is redacted from JSON text without breaking it). */
const SECRET = /^[A-Za-z0-9_.~+/=-]{1,1024}$/;
const CREDENTIALS = ["VTEX_ACCOUNT", "VTEX_APP_KEY", "VTEX_APP_TOKEN"];

/** A test-only base URL (VTEX_OMS_BASE, VTEX_GATEWAY_BASE): honoured only as a plain http
 *  origin on loopback, so that a stub can stand in for VTEX; anything else is refused. */
function loopbackBase(name, value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  const plain = url && url.protocol === "http:" && LOOPBACK_NAMES.includes(url.hostname) &&
    !url.username && !url.password && url.pathname === "/" && !url.search && !url.hash;
  if (!plain) {
    throw new Error(`${name} must be a loopback http origin such as http://127.0.0.1:9999 (a test-only setting)`);
  }
  return url.origin;
}

/**
 * The proxy's configuration from the environment: `{ configured: false, missing }` when any of
 * VTEX_ACCOUNT, VTEX_APP_KEY, VTEX_APP_TOKEN is unset or empty; else `{ configured: true,
 * account, omsBase, gatewayBase, headers(), redact(text) }`. The hosts are VTEX's documented
 * servers (S1 `https://{accountName}.vtexcommercestable.com.br`, S3
 * `https://{accountName}.vtexpayments.com.br`); VTEX_OMS_BASE / VTEX_GATEWAY_BASE replace them
 * for tests, on loopback only. Throws for a value that is set but invalid; the message names the
 * variable and never shows a key or token. The credentials are reachable only through
 * `headers()` (a function: JSON.stringify and util.inspect of the object do not show them).
 */
export function vtexConfig(env = process.env) {
  const missing = CREDENTIALS.filter((name) => !env[name]);
  if (missing.length) return { configured: false, missing };
  const account = env.VTEX_ACCOUNT;
  if (!ACCOUNT.test(account)) {
    throw new Error("VTEX_ACCOUNT must be an account name: lowercase letters, digits and '-' (1 to 63)");
  }
  for (const name of ["VTEX_APP_KEY", "VTEX_APP_TOKEN"]) {
    if (!SECRET.test(env[name])) {
      throw new Error(`${name} must be letters, digits and -_.~+/= only (its value is not shown)`);
    }
  }
  const key = env.VTEX_APP_KEY;
  const token = env.VTEX_APP_TOKEN;
  const omsBase = env.VTEX_OMS_BASE
    ? loopbackBase("VTEX_OMS_BASE", env.VTEX_OMS_BASE)
    : `https://${account}.vtexcommercestable.com.br`;
  const gatewayBase = env.VTEX_GATEWAY_BASE
    ? loopbackBase("VTEX_GATEWAY_BASE", env.VTEX_GATEWAY_BASE)
    : `https://${account}.vtexpayments.com.br`;
  return {
    configured: true,
    account,
    omsBase,
    gatewayBase,
    headers: () => ({
      accept: "application/json",
      "content-type": "application/json",
      "x-vtex-api-appkey": key,
      "x-vtex-api-apptoken": token,
    }),
    /** `text` with every occurrence of the key and the token replaced. */
    redact: (text) => String(text).split(token).join("[redacted]").split(key).join("[redacted]"),
  };
}

// ----- The VTEX proxy's routes -----------------------------------------------------------------

export const PROXY_PREFIX = "/proxy/vtex/";
const notConfigured = "the VTEX proxy is off: set VTEX_ACCOUNT, VTEX_APP_KEY, VTEX_APP_TOKEN in make serve's environment";
/** An order id as VTEX writes it (`1300000000001-01`, `v123456abc-01`, `seq501456`). */
const ORDER_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** A Payments Gateway transaction or payment id: 32 hex digits (S3's examples). */
const HEX_ID = /^[0-9A-Fa-f]{32}$/;
/** The gateway's lists read for reconciliation: `settlements` is S3's documented GET; `payments`,
 *  `refunds` and `cancellations` are the links of S3's transaction details, in the shape the
 *  engine's `fromVtex` reads (bindings.d.ts VtexTransaction). */
const GATEWAY_LISTS = new Set(["payments", "settlements", "refunds", "cancellations"]);

/**
 * The allow-list: the upstream request for a local proxy path (the raw segments after
 * PROXY_PREFIX, never percent-decoded), `{ error }` for a known route with a bad id, or null.
 * Only these routes exist; the host is always the configured one; the query is never forwarded.
 */
export function proxyRoute(segments) {
  const bad = (name, pattern) => ({ error: `${name} must match ${pattern.source}` });
  const [kind, id, list, paymentId, ...more] = segments;
  if (more.length) return null;
  if (kind === "orders" && segments.length === 2) {
    if (!ORDER_ID.test(id)) return bad("orderId", ORDER_ID);
    return { base: "omsBase", path: `/api/oms/pvt/orders/${id}` };
  }
  if (kind !== "transactions" || segments.length < 2) return null;
  if (segments.length > 2 && !GATEWAY_LISTS.has(list)) return null;
  if (segments.length === 4 && list !== "payments") return null;
  if (!HEX_ID.test(id)) return bad("transactionId", HEX_ID);
  if (segments.length === 4 && !HEX_ID.test(paymentId)) return bad("paymentId", HEX_ID);
  return { base: "gatewayBase", path: `/api/pvt/transactions/${segments.slice(1).join("/")}` };
}

/** One GET to VTEX: resolves to `{ status, type, body }` (body a Buffer); rejects with an Error
 *  whose `code` is `timeout`, `too-large`, `aborted` (`signal`) or `unreachable`. Redirects are
 *  not followed (a 3xx is an answer like any other). */
function upstreamGet(url, headers, { timeoutMs, maxBytes, signal }) {
  return new Promise((resolve, reject) => {
    let req;
    let settled = false;
    const settle = (fn, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", abort);
      fn(value);
    };
    const fail = (code, message) => {
      settle(reject, Object.assign(new Error(message), { code }));
      req?.destroy();
    };
    const timer = setTimeout(() => fail("timeout", `no answer in ${timeoutMs} ms`), timeoutMs);
    const abort = () => fail("aborted", "the page went away");
    signal?.addEventListener("abort", abort, { once: true });
    const get = url.protocol === "https:" ? https.get : http.get;
    req = get(url, { headers, agent: false }, (res) => {
      const chunks = [];
      let size = 0;
      res.on("data", (chunk) => {
        size += chunk.length;
        if (size > maxBytes) fail("too-large", `the answer is over ${maxBytes} bytes`);
        else chunks.push(chunk);
      });
      res.on("end", () =>
        settle(resolve, { status: res.statusCode, type: res.headers["content-type"] ?? "", body: Buffer.concat(chunks) }));
      res.on("error", (e) => fail("unreachable", e.message));
      res.on("close", () => fail("unreachable", "the connection closed before the answer ended"));
    });
    req.on("error", (e) => fail("unreachable", e.message));
    if (signal?.aborted) abort();
  });
}

// ----- Answers ---------------------------------------------------------------------------------

/** Headers on every answer: nothing cached, no type sniffing, not readable or framed by
 *  another origin. */
const BASE_HEADERS = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "cross-origin-resource-policy": "same-origin",
  "x-frame-options": "DENY",
};

function send(res, status, type, body, extra = {}) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { ...BASE_HEADERS, "content-type": type, "content-length": Buffer.byteLength(body), ...extra });
  res.end(body);
}
const text = (res, status, message, extra) => send(res, status, "text/plain; charset=utf-8", `${message}\n`, extra);
/** A proxy error: `{ "error": { "code", "message", "upstreamStatus"? } }`. */
const jsonError = (res, status, code, message, extra = {}, headers) =>
  send(res, status, TYPES[".json"], JSON.stringify({ error: { code, message, ...extra } }), headers);

/** An error as one log line's worth: its code or name and message, no stack. */
const describe = (e) => `${e?.code ?? e?.name ?? "Error"}: ${e?.message ?? String(e)}`;

/**
 * The per-request guard: runs `handle(req, res)` (sync or async) so that whatever it throws
 * becomes one log line and an answer (400 for a URIError, 500 otherwise; a response already
 * under way is cut), never an uncaught exception that ends the process.
 */
export function guarded(handle, log) {
  return (req, res) => {
    req.on("error", () => {}); // a client that goes away: nothing to answer
    res.on("error", () => {});
    const failed = (e) => {
      const bad = e instanceof URIError;
      log(`${req.method} ${JSON.stringify(String(req.url).slice(0, 200))}: ${bad ? 400 : 500} ${describe(e)}`);
      if (res.headersSent) res.destroy();
      else text(res, bad ? 400 : 500, bad ? "bad request" : "internal error", { connection: "close" });
    };
    try {
      Promise.resolve(handle(req, res)).catch(failed);
    } catch (e) {
      failed(e);
    }
  };
}

/** A log line: one line (control characters shown as `?`), time-stamped. */
const defaultLog = (line) => process.stderr.write(`${new Date().toISOString()} serve: ${line}\n`);

// ----- The server ------------------------------------------------------------------------------

/**
 * Starts the server; resolves to the `http.Server` (its port: `server.address().port`).
 * `env`: where the VTEX settings come from (process.env); `log(line)`: one line per error or
 * proxied request (stderr); `upstreamTimeoutMs`: the proxy's wait for VTEX. Throws (rejects)
 * for a host that is not loopback or an invalid VTEX setting.
 */
export async function start({
  pkgDir = path.join(repo, "pkg"),
  port = 8080,
  host = "127.0.0.1",
  env = process.env,
  log = defaultLog,
  upstreamTimeoutMs = UPSTREAM_TIMEOUT_MS,
} = {}) {
  if (!["127.0.0.1", "::1", "localhost"].includes(host)) {
    throw new Error(`serve: ${host} is not a loopback address (the page's server binds to loopback only)`);
  }
  pkgDir = path.resolve(pkgDir);
  const entry = webEntry(pkgDir).replace(/^\.\//, "");
  const importMap = JSON.stringify({ imports: { "settlement-preview/web": `/pkg/${entry}` } });
  const vtex = vtexConfig(env);
  const scrub = (line) => String(line).replace(/[\x00-\x1f\x7f]/g, "?");
  const say = vtex.configured ? (line) => log(scrub(vtex.redact(line))) : (line) => log(scrub(line));
  const scenarioDir = path.join(repo, "tests", "scenarios", "public");
  const vtexDir = path.join(repo, "tests", "vtex");
  const reconcileDir = path.join(repo, "tests", "reconcile");
  const realOrNull = (dir) => {
    try {
      return fs.realpathSync(dir);
    } catch {
      return null;
    }
  };
  // Each mount: its URL prefix, its directory as named and as resolved (symlinks followed once,
  // here), so that a file is served only when its real path is under the real root.
  const mounts = [
    ["/vtex/", vtexDir],
    ["/reconcile/", reconcileDir],
    ["/pkg/", pkgDir],
    ["/examples/", path.join(repo, "examples")],
    ["/scenarios/", scenarioDir],
    ["/", here],
  ].map(([prefix, root]) => ({ prefix, root, real: realOrNull(root) }));
  const listings = {
    "/scenarios/index.json": scenarioDir,
    "/vtex/index.json": path.join(vtexDir, "orders"),
    "/reconcile/index.json": reconcileDir,
  };

  let port_ = port;
  /** This server's own names, `127.0.0.1:PORT` and the like (Host), and its origins. */
  const hosts = () => LOOPBACK_NAMES.map((name) => `${name}:${port_}`);
  const origins = () => hosts().map((h) => `http://${h}`);

  /** A file under a mount for the raw (still percent-encoded) rest of the path. */
  async function serveFile(req, res, mount, rest) {
    let decoded;
    try {
      decoded = decodeURIComponent(rest);
    } catch {
      return text(res, 400, "bad request: malformed percent-encoding");
    }
    if (decoded.includes("\0")) return text(res, 400, "bad request: NUL in the path");
    const file = path.resolve(mount.root, "." + path.posix.normalize("/" + decoded));
    if (!mount.real || !inside(mount.root, file)) return text(res, 404, "not found");
    let handle;
    try {
      const real = await fs.promises.realpath(file);
      if (!inside(mount.real, real)) return text(res, 404, "not found");
      if (!(await fs.promises.stat(real)).isFile()) return text(res, 404, "not found");
      // O_NOFOLLOW | O_NONBLOCK: a swap of the file for a symlink or a FIFO after the checks
      // fails here instead of escaping the root or hanging.
      handle = await fs.promises.open(real, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
      const stat = await handle.stat();
      if (!stat.isFile()) {
        await handle.close();
        return text(res, 404, "not found");
      }
      res.writeHead(200, {
        ...BASE_HEADERS,
        "content-type": TYPES[path.extname(real)] ?? "application/octet-stream",
        "content-length": stat.size,
      });
      if (req.method === "HEAD") {
        await handle.close();
        return res.end();
      }
    } catch (e) {
      await handle?.close().catch(() => {});
      if (NOT_FOUND.has(e.code)) return text(res, 404, "not found");
      throw e;
    }
    // The file streams; a client that goes away ends the stream (ERR_STREAM_PREMATURE_CLOSE),
    // which is no error of the server's. The stream closes the file.
    pipeline(handle.createReadStream(), res, (e) => {
      if (e && e.code !== "ERR_STREAM_PREMATURE_CLOSE") say(`GET ${mount.prefix}…: stream ${describe(e)}`);
    });
  }

  /** A proxy route (a GET without a body): the allow-list, then VTEX. Its answers are JSON. */
  async function serveProxy(req, res, rawPath) {
    const segments = rawPath.slice(PROXY_PREFIX.length).split("/");
    if (segments.length === 1 && segments[0] === "status") {
      return send(res, 200, TYPES[".json"], JSON.stringify(
        vtex.configured
          ? { configured: true, account: vtex.account }
          : { configured: false, missing: vtex.missing, message: notConfigured },
      ));
    }
    const route = proxyRoute(segments);
    if (!route) return jsonError(res, 404, "no-such-route", "the VTEX proxy has no such route (README.md lists them)");
    if (route.error) return jsonError(res, 400, "bad-id", route.error);
    if (!vtex.configured) return jsonError(res, 503, "not-configured", notConfigured, { missing: vtex.missing });

    const url = new URL(route.path, vtex[route.base]);
    const started = Date.now();
    const gone = new AbortController();
    res.on("close", () => gone.abort());
    let answer;
    try {
      answer = await upstreamGet(url, vtex.headers(), {
        timeoutMs: upstreamTimeoutMs,
        maxBytes: UPSTREAM_MAX_BYTES,
        signal: gone.signal,
      });
    } catch (e) {
      if (e.code === "aborted") return;
      say(`proxy GET ${url.host}${url.pathname}: ${describe(e)}`);
      const timeout = e.code === "timeout";
      return jsonError(
        res,
        timeout ? 504 : 502,
        timeout ? "upstream-timeout" : e.code === "too-large" ? "upstream-too-large" : "upstream-unreachable",
        timeout ? `VTEX did not answer in ${upstreamTimeoutMs} ms` : vtex.redact(`VTEX could not be read: ${e.message}`),
      );
    }
    const { status } = answer;
    say(`proxy GET ${url.host}${url.pathname}: ${status} (${Date.now() - started} ms, ${answer.body.length} bytes)`);
    const body = vtex.redact(answer.body.toString("utf8"));
    let json;
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
    if (status >= 200 && status < 300) {
      if (json === undefined) {
        return jsonError(res, 502, "upstream-not-json", `VTEX answered ${status} with no JSON`, { upstreamStatus: status });
      }
      return send(res, 200, TYPES[".json"], body);
    }
    // VTEX's own error body ({ error: { code, message } } or the like) goes with it, when JSON.
    const upstream = json === undefined ? {} : { upstream: json };
    if (status === 404) {
      return jsonError(res, 404, "not-found", `VTEX has no such ${route.base === "omsBase" ? "order" : "record"}`, { upstreamStatus: status, ...upstream });
    }
    const code = status === 401 || status === 403 ? "upstream-refused" : status === 429 ? "upstream-throttled" : "upstream-error";
    const why = {
      "upstream-refused": "VTEX refused the app key and token (its role needs OMS \"View order\" and PCI Gateway \"View Payment Data\")",
      "upstream-throttled": "VTEX asks to slow down (429)",
      "upstream-error": `VTEX answered ${status}`,
    }[code];
    return jsonError(res, 502, code, why, { upstreamStatus: status, ...upstream });
  }

  async function handle(req, res) {
    const target = req.url;
    if (Buffer.byteLength(target) > MAX_PATH) {
      return text(res, 414, `the request target is over ${MAX_PATH} bytes`, { connection: "close" });
    }
    // Origin-form only ("/path?query"): an absolute URL names no file here; "*" (OPTIONS *) is
    // a method this server does not have.
    if (target === "*") return text(res, 405, "GET and HEAD only", { allow: STATIC_METHODS });
    if (!target.startsWith("/")) return text(res, 400, "bad request: the target must be a path", { connection: "close" });
    // One Host, and it must be there (Node keeps the first of several: refuse the ambiguity).
    const hostCount = req.rawHeaders.filter((h, i) => i % 2 === 0 && h.toLowerCase() === "host").length;
    if (hostCount !== 1) return text(res, 400, "bad request: one Host header is needed", { connection: "close" });
    const hostHeader = req.headers.host.toLowerCase();
    if (!hosts().includes(hostHeader)) {
      return text(res, 403, `forbidden: this server answers as ${hosts().join(", ")} only`, { connection: "close" });
    }
    const origin = req.headers.origin;
    const site = req.headers["sec-fetch-site"];
    const rawPath = target.split("?")[0];
    const proxied = rawPath.startsWith(PROXY_PREFIX) || rawPath === PROXY_PREFIX.slice(0, -1);
    // Another origin (or "null") and a cross-site request are refused; for the proxy, also
    // same-site (another port of localhost is the same site).
    if (
      (origin !== undefined && !origins().includes(origin.toLowerCase())) ||
      site === "cross-site" ||
      (proxied && site === "same-site")
    ) {
      return proxied
        ? jsonError(res, 403, "cross-origin", "the VTEX proxy answers this server's own page only", {}, { connection: "close" })
        : text(res, 403, "forbidden: another origin", { connection: "close" });
    }
    // A request with a body is refused unread and the connection closed (what follows on it
    // could be taken for the next request): no route here takes one.
    const length = req.headers["content-length"];
    const body = req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
    const close = body ? { connection: "close" } : {};
    if (proxied) {
      if (req.method !== "GET") {
        return jsonError(res, 405, "method-not-allowed", "the VTEX proxy answers GET only", {}, { allow: "GET", ...close });
      }
      if (body) return jsonError(res, 400, "body", "a GET has no body", {}, close);
      return serveProxy(req, res, rawPath);
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      return text(res, 405, "GET and HEAD only", { allow: STATIC_METHODS, ...close });
    }
    if (body) return text(res, 400, "bad request: a GET has no body", close);
    if (rawPath === "/" || rawPath === "/index.html") {
      const html = (await fs.promises.readFile(path.join(here, "index.html"), "utf8"))
        .replace("<!-- import map -->", `<script type="importmap">${importMap}</script>`);
      return send(res, 200, TYPES[".html"], html);
    }
    const listing = listings[rawPath];
    if (listing) {
      const files = await fs.promises.readdir(listing).catch(() => []);
      return send(res, 200, TYPES[".json"], JSON.stringify(files.filter((f) => f.endsWith(".json")).sort()));
    }
    const mount = mounts.find((m) => rawPath.startsWith(m.prefix));
    return serveFile(req, res, mount, rawPath.slice(mount.prefix.length));
  }

  const server = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES }, guarded(handle, say));
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  // What Node cannot parse (a malformed request line or header, headers over MAX_HEADER_BYTES,
  // an unknown method, a request that took too long) has no request object: the answer is
  // written to the socket, when nothing has been written on it yet, and the connection closed.
  server.on("clientError", (e, socket) => {
    if (e.code === "ECONNRESET" || e.code === "EPIPE") return socket.destroy();
    // A method is a word Node does not know (405); other bytes (a TLS hello on the plain port)
    // are no request at all (400).
    const word = e.code === "HPE_INVALID_METHOD" && /^[A-Za-z][A-Za-z-]* /.test(e.rawPacket?.toString("latin1") ?? "");
    const status = { HPE_HEADER_OVERFLOW: 431, ERR_HTTP_REQUEST_TIMEOUT: 408 }[e.code] ?? (word ? 405 : 400);
    say(`client error ${e.code ?? "?"}: ${status}`);
    if (socket.writable && socket.bytesWritten === 0) {
      const reason = http.STATUS_CODES[status];
      const allow = status === 405 ? `Allow: ${STATIC_METHODS}\r\n` : "";
      const body = `${reason}\n`;
      socket.end(`HTTP/1.1 ${status} ${reason}\r\n${allow}Connection: close\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      socket.setTimeout(1000, () => socket.destroy());
    } else {
      socket.destroy();
    }
  });
  // CONNECT (a tunnel) is no method of this server's.
  server.on("connect", (req, socket) => {
    socket.on("error", () => {});
    socket.end(`HTTP/1.1 405 Method Not Allowed\r\nAllow: ${STATIC_METHODS}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  port_ = server.address().port;
  server.on("error", (e) => say(`server: ${describe(e)}`));
  return server;
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
    const vtex = vtexConfig(process.env);
    console.log(`The admin page: http://127.0.0.1:${server.address().port}/   (Ctrl-C stops it)`);
    console.log(
      vtex.configured
        ? `VTEX proxy: account ${vtex.account} (${vtex.omsBase}, ${vtex.gatewayBase}), GET only, at ${PROXY_PREFIX}`
        : `VTEX proxy: off (set ${vtex.missing.join(", ")} to load orders by id)`,
    );
  } catch (e) {
    console.error(e.code === "EADDRINUSE" ? `serve: port ${port} is in use (make serve PORT=8081)` : `serve: ${e.message}`);
    process.exit(2);
  }
}
