// The admin page's server (examples/admin/serve.mjs, `make serve`) under hostile requests
// (issue 22), on 127.0.0.1: each hostile request gets an answer, and the next ordinary request
// is served (the server survives). Its VTEX proxy against two stubs of VTEX (the OMS and the
// Payments Gateway) on other loopback ports that record what reaches them: the credentials
// (fake, made here) arrive there as headers and nowhere else (not in an answer, a header or a
// log line); a bad id, another route, another method, another Origin, Host or site never
// reaches them; VTEX's 404, 500, redirects, garbage, cut connections and silence are answered.
// In Chromium (when present): the README's loadFromVtex works on the page, another origin's
// fetch (a page on another port, a rebinding DNS name) is refused. The README's route and error
// tables are checked against what the proxy does.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import util from "node:util";
import { fileURLToPath } from "node:url";
import * as sp from "settlement-preview";
import { launchChromium, skipBrowser } from "./browser.lib.mjs";

const root = process.env.SP_ROOT;
const serveMjs = path.join(root, "examples", "admin", "serve.mjs");
const { start, guarded, vtexConfig, MAX_PATH, MAX_HEADER_BYTES } = await import(serveMjs);
const installed = path.dirname(fileURLToPath(import.meta.resolve("settlement-preview/package.json")));
const fixture = (...p) => fs.readFileSync(path.join(root, "tests", "vtex", ...p), "utf8");

// Fake credentials, new on every run (never a real secret in a file).
const KEY = `vtexappkey-teststore-${crypto.randomBytes(8).toString("hex").toUpperCase()}`;
const TOKEN = crypto.randomBytes(50).toString("hex").toUpperCase();
const leaks = (s) => String(s).includes(KEY) || String(s).includes(TOKEN);

const ORDER = "1300000000001-01";
const TX = "D3640578F8124C50CB42BD3F8D282CD9";
const PAY = "B2949D0A45244825B177D2F9F96DC711";
// A fixture with gateway data (tests/vtex/orders), its ids made VTEX-shaped (32 hex digits), as
// the stubs serve it, piece by piece, for the README's example.
const TX2 = "0A1B2C3D4E5F60718293A4B5C6D7E8F9";
const PAY2 = "F9E8D7C6B5A4938271605F4E3D2C1B0A";
const withGateway = JSON.parse(fixture("orders", "cop-pse-return-with-gateway-data.json")
  .replaceAll('"TX-CO"', `"${TX2}"`).replaceAll("/TX-CO/", `/${TX2}/`).replaceAll('"PSE-1"', `"${PAY2}"`));

// ----- Raw HTTP ---------------------------------------------------------------------------------

/** Every proxy error `code` an answer carried in this file (checked against the README). */
const codesSeen = new Set();
function noteCode(body) {
  try {
    const code = JSON.parse(body)?.error?.code;
    if (code) codesSeen.add(code);
  } catch {
    // not JSON: a static route's text
  }
}

/** Parses what came back on a socket: each response's status, headers and body (1xx skipped). */
function parse(data) {
  const responses = [];
  let rest = data;
  while (rest.length) {
    const end = rest.indexOf("\r\n\r\n");
    if (end < 0) break;
    const [statusLine, ...lines] = rest.slice(0, end).toString("latin1").split("\r\n");
    const headers = {};
    for (const l of lines) {
      const i = l.indexOf(":");
      headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
    }
    const status = Number(statusLine.split(" ")[1]);
    const length = Number(headers["content-length"] ?? 0);
    const body = rest.subarray(end + 4, end + 4 + length);
    rest = rest.subarray(end + 4 + length);
    if (status >= 100 && status < 200) continue;
    noteCode(body.toString("utf8"));
    responses.push({ status, headers, body: body.toString("utf8"), raw: data.toString("latin1") });
  }
  return responses;
}

/** Sends `request` (bytes as written) on a new connection; resolves to the first response (and
 *  `all`, every response) once the server closes the connection or `ms` pass. */
function raw(port, request, ms = 1500) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    const chunks = [];
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      const all = parse(Buffer.concat(chunks));
      resolve({ ...(all[0] ?? { status: 0, headers: {}, body: "" }), all });
    };
    const timer = setTimeout(done, ms);
    socket.on("data", (c) => chunks.push(c));
    socket.on("close", done);
    socket.on("error", (e) => (e.code === "ECONNRESET" || e.code === "EPIPE" ? done() : reject(e)));
    socket.write(request);
  });
}

/** An ordinary GET through Node's client (Host as given, or the server's own). */
function get(port, target, headers = {}, method = "GET") {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: target, method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        noteCode(body);
        resolve({
          status: res.statusCode,
          headers: res.headers,
          rawHeaders: res.rawHeaders,
          bytes: Buffer.concat(chunks).length,
          body,
          json: () => JSON.parse(body),
        });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

// ----- The server under test, the stubs of VTEX, a copy of the package ----------------------

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sp-server-test-"));
const pkgCopy = path.join(tmp, "pkg");
const logs = [];
/** @type {{ oms: any[], gateway: any[] }} what reached each stub: { method, url, headers } */
const seen = { oms: [], gateway: [] };
const stubs = {};
let server;
let port;

/** A stub of one VTEX host: records each request and answers from `routes` (by path), 404 else. */
function stub(name, routes) {
  const s = http.createServer((req, res) => {
    seen[name].push({ method: req.method, url: req.url, headers: req.headers });
    const route = routes[req.url];
    if (!route) return res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"message":"no such route in the stub"}}');
    route(req, res);
  });
  return new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve(s)));
}
const json = (status, body, headers = {}) => (req, res) =>
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers }).end(body);
const hung = []; // responses the "slow" route never ends (ended in `after`)
const slowClosed = []; // resolvers: the next "slow" request's connection closed

before(async () => {
  fs.cpSync(installed, pkgCopy, { recursive: true, dereference: true });
  // What the symlink and directory cases need, in the copy (the installed package is shared).
  fs.writeFileSync(path.join(tmp, "secret.json"), '{"secret":"outside the root"}');
  fs.mkdirSync(path.join(tmp, "secretdir"));
  fs.writeFileSync(path.join(tmp, "secretdir", "secret.json"), '{"secret":"outside the root"}');
  fs.symlinkSync(path.join(tmp, "secret.json"), path.join(pkgCopy, "outside.json"));
  fs.symlinkSync("../secret.json", path.join(pkgCopy, "outside-relative.json"));
  fs.symlinkSync(path.join(tmp, "secretdir"), path.join(pkgCopy, "outdir"));
  fs.symlinkSync("package.json", path.join(pkgCopy, "inside.json"));
  fs.symlinkSync("loop-b", path.join(pkgCopy, "loop-a"));
  fs.symlinkSync("loop-a", path.join(pkgCopy, "loop-b"));
  fs.symlinkSync("nowhere.json", path.join(pkgCopy, "dangling.json"));
  spawnSync("mkfifo", [path.join(pkgCopy, "fifo.json")]);
  fs.writeFileSync(path.join(pkgCopy, "big.bin"), crypto.randomBytes(4 * 1024 * 1024));

  const order = fixture("orders", "vtex-example-get-order.json");
  stubs.oms = await stub("oms", {
    [`/api/oms/pvt/orders/${ORDER}`]: json(200, order, {
      // An upstream that echoes the credentials in headers: none may reach the page.
      "x-echo-appkey": KEY,
      "set-cookie": `VtexIdclientAutCookie=${TOKEN}; Path=/`,
    }),
    [`/api/oms/pvt/orders/${withGateway.order.orderId}`]: json(200, JSON.stringify(withGateway.order)),
    "/api/oms/pvt/orders/404-01": json(404, '{"error":{"code":"OMS003","message":"Order not found"}}'),
    "/api/oms/pvt/orders/500-01": (req, res) => res.writeHead(500, { "content-type": "text/plain" }).end("Internal Server Error"),
    "/api/oms/pvt/orders/403-01": json(403, '{"Message":"Access denied"}'),
    "/api/oms/pvt/orders/429-01": json(429, '{"Message":"Too many requests"}'),
    "/api/oms/pvt/orders/html-01": (req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html>maintenance</html>"),
    "/api/oms/pvt/orders/redirect-01": (req, res) =>
      res.writeHead(302, { location: `http://127.0.0.1:${stubs.oms.address().port}/api/oms/pvt/orders/${ORDER}` }).end(),
    // An upstream that puts what it received (the credentials) in its JSON body.
    "/api/oms/pvt/orders/echo-01": (req, res) => json(200, JSON.stringify({ orderId: "echo-01", got: req.headers }))(req, res),
    "/api/oms/pvt/orders/cut-01": (req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"orderId":"cut-');
      setTimeout(() => res.destroy(), 20);
    },
    "/api/oms/pvt/orders/slow-01": (req, res) => {
      hung.push(res);
      req.on("close", () => slowClosed.at(-1)?.());
    },
    "/api/oms/pvt/orders/big-01": (req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let n = 0;
      const more = () => {
        while (n++ < 17) if (!res.write(chunk)) return res.once("drain", more);
        res.end("{}");
      };
      res.on("error", () => {});
      more();
    },
  });
  const records = '{"requests":[],"actions":[]}';
  stubs.gateway = await stub("gateway", {
    [`/api/pvt/transactions/${TX}`]: json(200, fixture("vtex-examples", "gateway-transaction-details.json")),
    [`/api/pvt/transactions/${TX}/settlements`]: json(200, fixture("vtex-examples", "gateway-settlements.json")),
    [`/api/pvt/transactions/${TX}/payments/${PAY}`]: json(200, fixture("vtex-examples", "gateway-payment-details.json")),
    [`/api/pvt/transactions/${TX}/payments`]: json(200, "[]"),
    [`/api/pvt/transactions/${TX}/refunds`]: json(200, records),
    [`/api/pvt/transactions/${TX}/cancellations`]: json(200, records),
    ...(() => {
      const { payments, settlements, refunds, ...details } = withGateway.transaction;
      return {
        [`/api/pvt/transactions/${TX2}`]: json(200, JSON.stringify(details)),
        [`/api/pvt/transactions/${TX2}/payments`]: json(200, JSON.stringify(payments)),
        [`/api/pvt/transactions/${TX2}/settlements`]: json(200, JSON.stringify(settlements)),
        [`/api/pvt/transactions/${TX2}/refunds`]: json(200, JSON.stringify(refunds)),
        [`/api/pvt/transactions/${TX2}/cancellations`]: json(200, records),
      };
    })(),
  });
  server = await start({
    pkgDir: pkgCopy,
    port: 0,
    env: {
      VTEX_ACCOUNT: "teststore",
      VTEX_APP_KEY: KEY,
      VTEX_APP_TOKEN: TOKEN,
      VTEX_OMS_BASE: `http://127.0.0.1:${stubs.oms.address().port}`,
      VTEX_GATEWAY_BASE: `http://127.0.0.1:${stubs.gateway.address().port}`,
    },
    log: (line) => logs.push(line),
    upstreamTimeoutMs: 300,
  });
  port = server.address().port;
});

after(() => {
  for (const res of hung) res.destroy();
  server?.close();
  server?.closeAllConnections();
  for (const s of Object.values(stubs)) {
    s.close();
    s.closeAllConnections();
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

const H = () => `Host: 127.0.0.1:${port}\r\nConnection: close\r\n`;
const line = (method, target, extra = "") => `${method} ${target} HTTP/1.1\r\n${H()}${extra}\r\n`;

/** The ordinary request that must succeed after each hostile one: the package's manifest. */
async function alive(after) {
  const res = await get(port, "/pkg/package.json");
  assert.equal(res.status, 200, `the server answers after ${after}`);
  assert.equal(res.json().name, "settlement-preview", `the package's manifest after ${after}`);
}

// ----- Hostile requests -------------------------------------------------------------------------

describe("hostile requests: each answered, then the next one served", () => {
  const cases = [
    // [name, request, status, check?]
    ["a malformed percent-encoding (issue 22: it ended the process)", () => line("GET", "/pkg/%"), 400],
    ["a truncated percent-encoding", () => line("GET", "/pkg/package.json%"), 400],
    ["an invalid UTF-8 sequence", () => line("GET", "/pkg/%E0%A4%A"), 400],
    ["a lone surrogate", () => line("GET", "/pkg/%ED%A0%80.json"), 400],
    ["a NUL in the path", () => line("GET", "/pkg/package.json%00.js"), 400],
    ["a malformed percent-encoding on the page's own mount", () => line("GET", "/%zz"), 400],
    ["a path over MAX_PATH (414)", () => line("GET", `/pkg/${"a".repeat(MAX_PATH)}`), 414],
    ["a request line over the header limit (431)", () => line("GET", `/pkg/${"a".repeat(MAX_HEADER_BYTES + 10)}`), 431],
    ["a header over the header limit (431)", () => line("GET", "/pkg/package.json", `X-Big: ${"b".repeat(MAX_HEADER_BYTES + 10)}\r\n`), 431],
    ["many headers over the limit together (431)", () => line("GET", "/pkg/package.json",
      Array.from({ length: 400 }, (_, i) => `X-H${i}: ${"c".repeat(60)}\r\n`).join("")), 431],
    ["a header without a colon", () => line("GET", "/pkg/package.json", "Not a header\r\n"), 400],
    ["a control character in a header value", () => line("GET", "/pkg/package.json", "X-A: a\x01b\r\n"), 400],
    ["garbage instead of a request line", () => "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 400],
    ["an unknown HTTP version", () => `GET /pkg/package.json HTTP/9.9\r\n${H()}\r\n`, 400],
    ["POST", () => line("POST", "/pkg/package.json", "Content-Length: 0\r\n"), 405, (r) => assert.equal(r.headers.allow, "GET, HEAD")],
    ["PUT with a body", () => line("PUT", "/pkg/package.json", "Content-Length: 5\r\n") + "hello", 405, (r) => assert.equal(r.headers.allow, "GET, HEAD")],
    ["DELETE", () => line("DELETE", "/pkg/package.json"), 405, (r) => assert.equal(r.headers.allow, "GET, HEAD")],
    ["OPTIONS *", () => line("OPTIONS", "*"), 405, (r) => assert.equal(r.headers.allow, "GET, HEAD")],
    ["TRACE", () => line("TRACE", "/"), 405],
    ["PROPFIND (a method Node knows)", () => line("PROPFIND", "/pkg/"), 405],
    ["a method Node does not know", () => line("BREW", "/pkg/package.json"), 405, (r) => assert.equal(r.headers.allow, "GET, HEAD")],
    ["CONNECT (a tunnel)", () => `CONNECT 127.0.0.1:22 HTTP/1.1\r\n${H()}\r\n`, 405],
    ["a GET with a body", () => line("GET", "/pkg/package.json", "Content-Length: 5\r\n") + "hello", 400,
      (r) => assert.equal(r.headers.connection, "close")],
    ["a chunked GET", () => line("GET", "/pkg/package.json", "Transfer-Encoding: chunked\r\n") + "5\r\nhello\r\n0\r\n\r\n", 400],
    ["Content-Length and Transfer-Encoding together", () =>
      line("GET", "/pkg/package.json", "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n") + "0\r\n\r\n", 400],
    ["a GET whose body is a second request (smuggling): one answer, connection closed", () => {
      const smuggled = `GET /pkg/inside.json HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`;
      return line("GET", "/pkg/package.json", `Content-Length: ${smuggled.length}\r\n`) + smuggled;
    }, 400, (r) => assert.equal(r.all.length, 1, "one response only")],
    ["an absolute URL as the target", () => line("GET", "http://evil.example/pkg/package.json"), 400],
    ["a protocol-relative target", () => line("GET", "//evil.example/pkg/package.json"), 404],
    ["no Host (HTTP/1.0)", () => "GET /pkg/package.json HTTP/1.0\r\n\r\n", 400],
    ["no Host (HTTP/1.1)", () => "GET /pkg/package.json HTTP/1.1\r\nConnection: close\r\n\r\n", 400],
    ["two Host headers", () => `GET /pkg/package.json HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nHost: evil.example\r\nConnection: close\r\n\r\n`, 400],
    ["another Host (DNS rebinding)", () => `GET /pkg/package.json HTTP/1.1\r\nHost: evil.example:${port}\r\nConnection: close\r\n\r\n`, 403],
    ["this host on another port", () => `GET /pkg/package.json HTTP/1.1\r\nHost: 127.0.0.1:${port + 1}\r\nConnection: close\r\n\r\n`, 403],
    ["a loopback-looking name", () => `GET /pkg/package.json HTTP/1.1\r\nHost: localhost.evil.example:${port}\r\nConnection: close\r\n\r\n`, 403],
    ["another Origin", () => line("GET", "/pkg/package.json", "Origin: http://evil.example\r\n"), 403],
    ["Origin: null (a sandboxed frame, a file:// page)", () => line("GET", "/pkg/package.json", "Origin: null\r\n"), 403],
    ["Sec-Fetch-Site: cross-site", () => line("GET", "/pkg/package.json", "Sec-Fetch-Site: cross-site\r\n"), 403],
    ["a directory", () => line("GET", "/pkg/web"), 404],
    ["a directory with a slash", () => line("GET", "/pkg/web/"), 404],
    ["a mount's root", () => line("GET", "/pkg/"), 404],
    ["..", () => line("GET", "/pkg/../../Cargo.toml"), 404],
    ["%2e%2e", () => line("GET", "/pkg/%2e%2e/%2e%2e/Cargo.toml"), 404],
    ["..%2f", () => line("GET", "/pkg/..%2f..%2fCargo.toml"), 404],
    ["..%5c (a backslash)", () => line("GET", "/vtex/..%5c..%5cCargo.toml"), 404],
    ["%252e (double encoding)", () => line("GET", "/pkg/%252e%252e/%252e%252e/Cargo.toml"), 404],
    ["an absolute path after the prefix", () => line("GET", "/pkg//etc/passwd"), 404],
    ["a symlink to a file out of the root", () => line("GET", "/pkg/outside.json"), 404],
    ["a relative symlink out of the root", () => line("GET", "/pkg/outside-relative.json"), 404],
    ["a file through a symlinked directory out of the root", () => line("GET", "/pkg/outdir/secret.json"), 404],
    ["a symlink loop", () => line("GET", "/pkg/loop-a"), 404],
    ["a dangling symlink", () => line("GET", "/pkg/dangling.json"), 404],
    ["a FIFO (would block a reader)", () => line("GET", "/pkg/fifo.json"), 404],
    ["a file name over the system's limit", () => line("GET", `/pkg/${"n".repeat(300)}.json`), 404],
    ["a path through a file", () => line("GET", "/pkg/package.json/x"), 404],
    ["Expect: 100-continue without a body", () => line("GET", "/pkg/package.json", "Expect: 100-continue\r\n"), 200],
    ["an Expect Node does not know", () => line("GET", "/pkg/package.json", "Expect: teapot\r\n"), 417],
    ["an Upgrade to websocket (not taken)", () => line("GET", "/pkg/package.json", "Upgrade: websocket\r\nConnection: Upgrade\r\n"), 200],
  ];
  for (const [name, request, status, check] of cases) {
    test(name, async () => {
      const res = await raw(port, request());
      assert.equal(res.status, status, `${name}: ${res.raw.slice(0, 200)}`);
      assert.ok(!res.body.includes("outside the root"), `${name}: nothing from outside the root`);
      check?.(res);
      await alive(name);
    });
  }

  test("a symlink inside its root is served; HEAD has the length and no body", async () => {
    const res = await get(port, "/pkg/inside.json");
    assert.equal(res.status, 200);
    assert.equal(res.json().name, "settlement-preview");
    const head = await raw(port, line("HEAD", "/pkg/package.json"));
    assert.equal(head.status, 200);
    assert.equal(Number(head.headers["content-length"]), fs.statSync(path.join(pkgCopy, "package.json")).size);
    assert.equal(head.body, "");
  });

  test("a keep-alive connection: a bad request on it does not spoil the next", async () => {
    const h = `Host: 127.0.0.1:${port}\r\n`;
    const res = await raw(port, `GET /pkg/% HTTP/1.1\r\n${h}\r\nGET /pkg/package.json HTTP/1.1\r\n${h}Connection: close\r\n\r\n`);
    assert.deepEqual(res.all.map((r) => r.status), [400, 200]);
  });

  test("clients that go away mid-file, mid-request and before a word", async () => {
    for (let i = 0; i < 10; i++) {
      await new Promise((resolve) => {
        const socket = net.connect(port, "127.0.0.1");
        socket.once("data", () => {
          socket.destroy(); // after the first chunk of a 4 MB file
          setTimeout(resolve, 10);
        });
        socket.on("error", resolve);
        socket.write(line("GET", "/pkg/big.bin"));
      });
    }
    // A request cut off in its headers, and a connection that says nothing.
    await new Promise((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.write(`GET /pkg/package.json HTTP/1.1\r\nHost: 127.0`);
        setTimeout(() => socket.destroy(), 20);
      });
      socket.on("close", resolve);
    });
    await new Promise((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => socket.destroy());
      socket.on("close", resolve);
    });
    // The whole file is still served, in full, to a client that stays.
    const res = await get(port, "/pkg/big.bin");
    assert.equal(res.status, 200);
    assert.equal(res.bytes, 4 * 1024 * 1024);
    await alive("clients that went away");
  });

  test("the page, its files and the listings are still served as before", async () => {
    const page = await get(port, "/");
    assert.equal(page.status, 200);
    assert.match(page.body, /<script type="importmap">\{"imports":\{"settlement-preview\/web":"\/pkg\/web\//);
    assert.equal((await get(port, "/app.js")).status, 200);
    const orders = await get(port, "/vtex/index.json");
    assert.ok(orders.json().includes("vtex-example-get-order.json"));
    assert.equal((await get(port, "/vtex/orders/vtex-example-get-order.json")).status, 200);
    assert.equal((await get(port, "/examples/order.json")).status, 200);
    // The reconciliation fixtures (tests/reconcile), listed and served, and nothing beside them.
    const fixtures = (await get(port, "/reconcile/index.json")).json();
    assert.deepEqual(fixtures, fs.readdirSync(path.join(root, "tests", "reconcile")).filter((f) => f.endsWith(".json")).sort());
    assert.ok(fixtures.includes("01-matched-brl-partial-invoices-and-return.json"));
    const first = await get(port, "/reconcile/01-matched-brl-partial-invoices-and-return.json");
    assert.equal(first.status, 200);
    assert.equal(first.json().expect.status, "matched");
    assert.equal((await get(port, "/reconcile/../vtex/orders/vtex-example-get-order.json")).status, 404);
    assert.equal((await get(port, "/reconcile/%2e%2e/Cargo.toml")).status, 404);
    assert.equal(page.headers["x-content-type-options"], "nosniff");
    assert.equal(page.headers["cross-origin-resource-policy"], "same-origin");
    // Its own names: localhost and [::1] with this port, and the Origin of its page.
    assert.equal((await get(port, "/pkg/package.json", { host: `localhost:${port}`, origin: `http://localhost:${port}` })).status, 200);
    assert.equal((await get(port, "/pkg/package.json", { host: `[::1]:${port}` })).status, 200);
    assert.equal((await get(port, "/pkg/package.json", { "sec-fetch-site": "same-origin", origin: `http://127.0.0.1:${port}` })).status, 200);
  });
});

describe("a handler's throw: one answer and one log line, never the end of the process", () => {
  test("sync throw → 500, rejection → 500, URIError → 400, a throw mid-answer → that answer cut", async () => {
    const lines = [];
    const handlers = {
      "/sync": () => {
        throw new Error("sync boom");
      },
      "/async": async () => {
        await new Promise((r) => setTimeout(r, 5));
        throw new TypeError("async boom");
      },
      "/uri": () => decodeURIComponent("%"),
      "/mid": (req, res) => {
        res.writeHead(200, { "content-length": "100" });
        res.write("partial");
        throw new Error("mid boom");
      },
      "/ok": (req, res) => res.end("ok"),
    };
    const s = http.createServer(guarded((req, res) => handlers[req.url](req, res), (l) => lines.push(l)));
    await new Promise((r) => s.listen(0, "127.0.0.1", r));
    const p = s.address().port;
    try {
      const expect = [["/sync", 500, "sync boom"], ["/async", 500, "async boom"], ["/uri", 400, "URI malformed"]];
      for (const [target, status, message] of expect) {
        const before = lines.length;
        const res = await raw(p, `GET ${target} HTTP/1.1\r\nHost: x\r\n\r\n`);
        assert.equal(res.status, status, target);
        assert.ok(!res.body.includes(message), `${target}: the error's message stays in the log`);
        assert.equal(lines.length, before + 1, `${target}: one log line`);
        assert.match(lines.at(-1), new RegExp(`GET "${target}": ${status} .*${message}`));
        assert.ok(!lines.at(-1).includes("\n"), "one line, no stack");
        assert.equal((await get(p, "/ok")).body, "ok");
      }
      // The answer under way is cut (the socket destroyed, maybe before its first bytes left):
      // never a complete 100-byte body, never a second status line.
      const res = await raw(p, "GET /mid HTTP/1.1\r\nHost: x\r\n\r\n");
      assert.ok(res.all.length <= 1 && !(res.body.length >= 100), `cut: ${JSON.stringify(res.raw)}`);
      assert.ok([0, 200].includes(res.status), `no error status after a 200 was sent: ${res.status}`);
      assert.match(lines.at(-1), /GET "\/mid": 500 Error: mid boom/);
      assert.equal((await get(p, "/ok")).body, "ok");
    } finally {
      s.close();
    }
  });
});

// ----- The VTEX proxy ---------------------------------------------------------------------------

/** Runs `fn`, then checks that no request reached either stub meanwhile. */
async function unreached(label, fn) {
  const before = [seen.oms.length, seen.gateway.length];
  await fn();
  assert.deepEqual([seen.oms.length, seen.gateway.length], before, `${label}: nothing reached VTEX`);
}

/** A proxy answer holds no credential: neither in the body nor in any header. */
function clean(res, label) {
  assert.ok(!leaks(res.body), `${label}: no credential in the body`);
  assert.ok(!leaks(res.rawHeaders.join("\n")), `${label}: no credential in a header`);
  assert.equal(res.headers["set-cookie"], undefined, `${label}: no upstream header passed on`);
  assert.equal(res.headers["x-echo-appkey"], undefined, `${label}: no upstream header passed on`);
}

describe("the VTEX proxy", () => {
  test("Get order: the stub receives the credentials, the page gets VTEX's JSON and nothing else", async () => {
    const before = seen.oms.length;
    const res = await get(port, `/proxy/vtex/orders/${ORDER}`);
    assert.equal(res.status, 200);
    assert.match(res.headers["content-type"], /^application\/json/);
    assert.deepEqual(res.json(), JSON.parse(fixture("orders", "vtex-example-get-order.json")));
    clean(res, "Get order");
    assert.equal(seen.oms.length, before + 1);
    const sent = seen.oms.at(-1);
    assert.equal(sent.method, "GET");
    assert.equal(sent.url, `/api/oms/pvt/orders/${ORDER}`);
    assert.equal(sent.headers["x-vtex-api-appkey"], KEY);
    assert.equal(sent.headers["x-vtex-api-apptoken"], TOKEN);
    assert.equal(sent.headers.accept, "application/json");
    assert.equal(sent.headers.host, `127.0.0.1:${stubs.oms.address().port}`);
    assert.equal(sent.headers.cookie, undefined);
  });

  test("the gateway's reads go to the gateway's host, each to its route", async () => {
    const routes = [
      [`transactions/${TX}`, `/api/pvt/transactions/${TX}`, "gateway-transaction-details.json"],
      [`transactions/${TX}/settlements`, `/api/pvt/transactions/${TX}/settlements`, "gateway-settlements.json"],
      [`transactions/${TX}/payments/${PAY}`, `/api/pvt/transactions/${TX}/payments/${PAY}`, "gateway-payment-details.json"],
      [`transactions/${TX}/payments`, `/api/pvt/transactions/${TX}/payments`, null],
      [`transactions/${TX}/refunds`, `/api/pvt/transactions/${TX}/refunds`, null],
      [`transactions/${TX}/cancellations`, `/api/pvt/transactions/${TX}/cancellations`, null],
      [`transactions/${TX.toLowerCase()}`, `/api/pvt/transactions/${TX.toLowerCase()}`, undefined],
    ];
    for (const [local, upstream, file] of routes) {
      const omsBefore = seen.oms.length;
      const res = await get(port, `/proxy/vtex/${local}`);
      assert.equal(seen.gateway.at(-1).url, upstream, local);
      assert.equal(seen.gateway.at(-1).headers["x-vtex-api-apptoken"], TOKEN, local);
      assert.equal(seen.oms.length, omsBefore, `${local}: not to the OMS`);
      clean(res, local);
      if (file === undefined) continue; // the stub knows only the upper-case id: its 404
      assert.equal(res.status, 200, local);
      if (file) assert.deepEqual(res.json(), JSON.parse(fixture("vtex-examples", file)), local);
    }
  });

  test("the query is never forwarded; the status route says which account", async () => {
    await get(port, `/proxy/vtex/orders/${ORDER}?host=evil.example&url=http://evil.example/&an=1`);
    assert.equal(seen.oms.at(-1).url, `/api/oms/pvt/orders/${ORDER}`);
    const status = await get(port, "/proxy/vtex/status");
    assert.deepEqual(status.json(), { configured: true, account: "teststore" });
    clean(status, "status");
  });

  test("a bad id never reaches VTEX (400 bad-id)", async () => {
    const bad = [
      "orders/..", "orders/%2e%2e", "orders/a%2Fb", "orders/-01", "orders/_01", `orders/${"1".repeat(65)}`,
      "orders/a.b", "orders/a%20b", "orders/%00", `orders/${ORDER}%3Fx=1`, "orders/%C3%A9", "orders/", "orders/%",
      `orders/${ORDER}%0d%0aX-Injected:%201`, "orders/seq%2F..%2F..%2Fapi",
      `transactions/${TX.slice(1)}`, `transactions/${TX}0`, `transactions/${"G".repeat(32)}`, "transactions/..",
      `transactions/${TX}/payments/${PAY.slice(2)}`, `transactions/%2e%2e/settlements`, `transactions/${TX}/payments/..`,
    ];
    for (const target of bad) {
      await unreached(target, async () => {
        const res = await get(port, `/proxy/vtex/${target}`);
        assert.equal(res.status, 400, target);
        assert.equal(res.json().error.code, "bad-id", target);
      });
    }
  });

  test("no route outside the allow-list reaches VTEX (404 no-such-route)", async () => {
    const other = [
      "", "orders", `orders/${ORDER}/invoice`, `orders/${ORDER}/cancel`, `orders/${ORDER}/`, `orders/${ORDER}/payment-transaction`,
      `api/oms/pvt/orders/${ORDER}`, `transactions/${TX}/interactions`, `transactions/${TX}/settlement-request`,
      `transactions/${TX}/refunding-request`, `transactions/${TX}/capabilities`, `transactions/${TX}/settlements/x`,
      `transactions/${TX}/payments/${PAY}/x`, `transactions/${TX}/refunds/${PAY}`, "transactions",
      "https://evil.example/x", "/evil.example/x", "http:%2F%2Fevil.example", "status/x", "%2e%2e/%2e%2e/pkg/package.json",
      `orders%2F${ORDER}`,
    ];
    for (const target of other) {
      await unreached(target, async () => {
        const res = await get(port, `/proxy/vtex/${target}`);
        assert.equal(res.status, 404, target);
        assert.equal(res.json().error.code, "no-such-route", target);
      });
    }
    await unreached("/proxy/vtex", async () => assert.equal((await get(port, "/proxy/vtex")).status, 404));
  });

  test("GET only: every other method is 405 with Allow: GET, and reaches nothing", async () => {
    for (const method of ["POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]) {
      await unreached(method, async () => {
        const res = await raw(port, line(method, `/proxy/vtex/orders/${ORDER}`, method === "POST" ? "Content-Length: 2\r\n" : "") +
          (method === "POST" ? "{}" : ""));
        assert.equal(res.status, 405, method);
        assert.equal(res.headers.allow, "GET", method);
      });
    }
    await unreached("a GET with a body", async () => {
      const res = await raw(port, line("GET", `/proxy/vtex/orders/${ORDER}`, "Content-Length: 2\r\n") + "{}");
      assert.equal(res.status, 400);
    });
  });

  test("another Origin, Host or site is refused (403) and reaches nothing", async () => {
    const refused = [
      { origin: "http://evil.example" },
      { origin: "null" },
      { origin: `http://127.0.0.1:${port + 1}` },
      { origin: `https://127.0.0.1:${port}` },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" }, // another port of localhost is the same site
      { host: `evil.example:${port}` }, // a rebinding DNS name
      { host: `127.0.0.1:${port + 1}` },
      { host: "127.0.0.1" },
    ];
    for (const headers of refused) {
      await unreached(JSON.stringify(headers), async () => {
        const res = await get(port, `/proxy/vtex/orders/${ORDER}`, headers);
        assert.equal(res.status, 403, JSON.stringify(headers));
      });
    }
    // The page's own requests: its Origin, same-origin, a navigation.
    for (const headers of [{ origin: `http://127.0.0.1:${port}`, "sec-fetch-site": "same-origin" },
      { host: `localhost:${port}`, origin: `http://localhost:${port}` }, { "sec-fetch-site": "none" }]) {
      assert.equal((await get(port, `/proxy/vtex/orders/${ORDER}`, headers)).status, 200, JSON.stringify(headers));
    }
  });

  test("VTEX's failures: 404, 500, 403, 429, not JSON, a redirect, a cut answer, silence", async () => {
    const expect = [
      ["404-01", 404, "not-found", 404],
      ["500-01", 502, "upstream-error", 500],
      ["403-01", 502, "upstream-refused", 403],
      ["429-01", 502, "upstream-throttled", 429],
      ["html-01", 502, "upstream-not-json", 200],
      ["redirect-01", 502, "upstream-error", 302],
      ["cut-01", 502, "upstream-unreachable", undefined],
      ["slow-01", 504, "upstream-timeout", undefined],
      ["big-01", 502, "upstream-too-large", undefined],
    ];
    for (const [id, status, code, upstreamStatus] of expect) {
      const before = seen.oms.length;
      const t0 = Date.now();
      const res = await get(port, `/proxy/vtex/orders/${id}`);
      assert.equal(res.status, status, id);
      const { error } = res.json();
      assert.equal(error.code, code, id);
      assert.equal(error.upstreamStatus, upstreamStatus, id);
      assert.equal(typeof error.message, "string");
      clean(res, id);
      assert.equal(seen.oms.length, before + 1, `${id}: one request (a redirect is not followed)`);
      if (id === "slow-01") assert.ok(Date.now() - t0 < 3000, "the timeout ends the wait");
      await alive(id);
    }
    // VTEX's own error body goes with its status.
    const missing = await get(port, "/proxy/vtex/orders/404-01");
    assert.deepEqual(missing.json().error.upstream, { error: { code: "OMS003", message: "Order not found" } });
  });

  test("an upstream that echoes the credentials in its body: redacted before the page sees it", async () => {
    const res = await get(port, "/proxy/vtex/orders/echo-01");
    assert.equal(res.status, 200);
    clean(res, "echo");
    const { got } = res.json();
    assert.equal(got["x-vtex-api-appkey"], "[redacted]");
    assert.equal(got["x-vtex-api-apptoken"], "[redacted]");
  });

  test("a page that goes away cancels its VTEX request", { timeout: 10_000 }, async () => {
    const s = await start({
      pkgDir: pkgCopy, port: 0, log: (l) => logs.push(l), upstreamTimeoutMs: 60_000,
      env: { VTEX_ACCOUNT: "teststore", VTEX_APP_KEY: KEY, VTEX_APP_TOKEN: TOKEN, VTEX_OMS_BASE: `http://127.0.0.1:${stubs.oms.address().port}` },
    });
    try {
      const closed = new Promise((resolve) => slowClosed.push(resolve));
      const before = seen.oms.length;
      const socket = net.connect(s.address().port, "127.0.0.1");
      socket.on("error", () => {});
      socket.write(`GET /proxy/vtex/orders/slow-01 HTTP/1.1\r\nHost: 127.0.0.1:${s.address().port}\r\n\r\n`);
      while (seen.oms.length === before) await new Promise((r) => setTimeout(r, 5));
      socket.destroy();
      // Without the cancellation the stub's connection would stay open for the 60 s upstream
      // timeout, and this test fail at its own 10 s.
      await closed;
      assert.equal((await get(s.address().port, "/pkg/package.json")).status, 200);
    } finally {
      s.close();
    }
  });

  test("VTEX unreachable: 502, the server stays", async () => {
    const closed = net.createServer();
    await new Promise((r) => closed.listen(0, "127.0.0.1", r));
    const deadPort = closed.address().port;
    await new Promise((r) => closed.close(r));
    const s = await start({
      pkgDir: pkgCopy, port: 0, log: (l) => logs.push(l),
      env: { VTEX_ACCOUNT: "teststore", VTEX_APP_KEY: KEY, VTEX_APP_TOKEN: TOKEN, VTEX_OMS_BASE: `http://127.0.0.1:${deadPort}` },
    });
    try {
      const res = await get(s.address().port, `/proxy/vtex/orders/${ORDER}`);
      assert.equal(res.status, 502);
      assert.equal(res.json().error.code, "upstream-unreachable");
      clean(res, "unreachable");
      assert.equal((await get(s.address().port, "/pkg/package.json")).status, 200);
    } finally {
      s.close();
    }
  });

  test("without credentials the proxy answers 503 and says what to set", async () => {
    for (const [env, missing] of [
      [{}, ["VTEX_ACCOUNT", "VTEX_APP_KEY", "VTEX_APP_TOKEN"]],
      [{ VTEX_ACCOUNT: "teststore", VTEX_APP_KEY: KEY, VTEX_APP_TOKEN: "" }, ["VTEX_APP_TOKEN"]],
    ]) {
      const s = await start({ pkgDir: pkgCopy, port: 0, env, log: (l) => logs.push(l) });
      try {
        await unreached("not configured", async () => {
          const res = await get(s.address().port, `/proxy/vtex/orders/${ORDER}`);
          assert.equal(res.status, 503);
          assert.equal(res.json().error.code, "not-configured");
          assert.match(res.json().error.message, /set VTEX_ACCOUNT, VTEX_APP_KEY, VTEX_APP_TOKEN/);
          assert.deepEqual(res.json().error.missing, missing);
          clean(res, "not configured");
        });
        const status = (await get(s.address().port, "/proxy/vtex/status")).json();
        assert.equal(status.configured, false);
        assert.deepEqual(status.missing, missing);
      } finally {
        s.close();
      }
    }
  });

  test("the settings: checked, the hosts are VTEX's own, the credentials in no printable form", async () => {
    const env = { VTEX_ACCOUNT: "mystore", VTEX_APP_KEY: KEY, VTEX_APP_TOKEN: TOKEN };
    const config = vtexConfig(env);
    assert.equal(config.omsBase, "https://mystore.vtexcommercestable.com.br");
    assert.equal(config.gatewayBase, "https://mystore.vtexpayments.com.br");
    assert.ok(!leaks(JSON.stringify(config)) && !leaks(util.inspect(config, { depth: 5 })) && !leaks(String(config)));
    assert.equal(config.headers()["x-vtex-api-apptoken"], TOKEN);
    const refused = [
      ["VTEX_ACCOUNT", "evil.example/x"], ["VTEX_ACCOUNT", "MyStore"], ["VTEX_ACCOUNT", "my store"], ["VTEX_ACCOUNT", "-x"],
      ["VTEX_ACCOUNT", "x".repeat(64)], ["VTEX_ACCOUNT", "a@evil.example"],
      ["VTEX_APP_TOKEN", `${TOKEN}\r\nX-Evil: 1`], ["VTEX_APP_KEY", `${KEY} x`], ["VTEX_APP_TOKEN", `"${TOKEN}"`],
      ["VTEX_OMS_BASE", "http://10.0.0.1:8080"], ["VTEX_OMS_BASE", "https://127.0.0.1:9"], ["VTEX_GATEWAY_BASE", "http://127.0.0.1:9/api"],
      ["VTEX_GATEWAY_BASE", "http://user:pw@127.0.0.1:9"], ["VTEX_OMS_BASE", "http://localhost.evil.example:9"],
      ["VTEX_OMS_BASE", "http://127.0.0.1.nip.io:9"], ["VTEX_OMS_BASE", "not a url"],
    ];
    for (const [name, value] of refused) {
      assert.throws(() => vtexConfig({ ...env, [name]: value }), (e) => {
        assert.ok(e.message.includes(name), `${name}=${JSON.stringify(value)}: the message names it`);
        assert.ok(!leaks(e.message), `${name}: no credential in the message`);
        return true;
      }, `${name}=${JSON.stringify(value)}`);
    }
    await assert.rejects(start({ pkgDir: pkgCopy, port: 0, env: { ...env, VTEX_ACCOUNT: "evil.example" } }), /VTEX_ACCOUNT/);
    await assert.rejects(start({ pkgDir: pkgCopy, port: 0, host: "0.0.0.0", env: {} }), /not a loopback address/);
  });
});

test("in Chromium: the page's fetch works; another origin's, and a rebinding name's, are refused", { skip: skipBrowser, timeout: 60_000 }, async () => {
  // Another site on another loopback port (its own tiny server), and a DNS name mapped to
  // 127.0.0.1 (what a rebinding attack gets).
  const evil = http.createServer((req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>evil</title>"));
  await new Promise((r) => evil.listen(0, "127.0.0.1", r));
  const browser = await launchChromium({ args: ["--host-resolver-rules=MAP rebind.test 127.0.0.1"] });
  const proxyUrl = `http://127.0.0.1:${port}/proxy/vtex/orders/${ORDER}`;
  const tryFetch = (page, url, mode) => page.evaluate(async ([u, m]) => {
    try {
      const r = await fetch(u, { mode: m });
      return { status: r.status, type: r.type, text: m === "no-cors" ? "" : await r.text() };
    } catch (e) {
      return { error: String(e) };
    }
  }, [url, mode]);
  try {
    const page = await browser.newPage();
    // The README's example, on the server's own page (its import map resolves the package).
    await page.goto(`http://127.0.0.1:${port}/`);
    const readme = fs.readFileSync(path.join(root, "examples", "admin", "README.md"), "utf8");
    const [example] = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
    assert.match(example, /async function loadFromVtex/);
    const run = (orderId) => page.evaluate(`(async () => {
      ${example}
      const sp = await import("settlement-preview/web");
      await sp.default();
      try {
        return { loaded: await loadFromVtex(sp, ${JSON.stringify(orderId)}, ${JSON.stringify(withGateway.options)}) };
      } catch (e) {
        return { threw: e.message };
      }
    })()`);
    const gatewayBefore = seen.gateway.length;
    const { loaded } = await run(withGateway.order.orderId);
    const { payments, settlements, refunds, status } = withGateway.transaction;
    const cancellations = { requests: [], actions: [] };
    assert.deepEqual(loaded, sp.fromVtex(withGateway.order, { status, payments, settlements, refunds, cancellations }, withGateway.options));
    assert.equal(seen.gateway.length, gatewayBefore + 5, "the transaction and its four lists");
    // The gateway's records made the ledgers (the fixture's figures: 350 000.00 COP settled,
    // 50 000.00 refunded), not a replay of the order's history.
    const [payment] = loaded.state.transaction.payments;
    assert.deepEqual([payment.id, payment.settled, payment.refunded], [PAY2, "350000.00", "50000.00"]);
    assert.deepEqual((await run("404-01")).threw, "VTEX has no such order");

    const own = await tryFetch(page, `/proxy/vtex/orders/${ORDER}`, "same-origin");
    assert.equal(own.status, 200);
    assert.equal(JSON.parse(own.text).orderId, JSON.parse(fixture("orders", "vtex-example-get-order.json")).orderId);
    assert.ok(!leaks(own.text));

    await unreached("another origin's page", async () => {
      await page.goto(`http://127.0.0.1:${evil.address().port}/`);
      const cors = await tryFetch(page, proxyUrl, "cors");
      assert.ok(cors.error, `a cross-origin fetch fails: ${JSON.stringify(cors)}`);
      // no-cors: the 403 carries Cross-Origin-Resource-Policy: same-origin, so Chromium does
      // not even hand over an opaque response.
      const opaque = await tryFetch(page, proxyUrl, "no-cors");
      assert.ok(opaque.error, `a no-cors fetch is blocked: ${JSON.stringify(opaque)}`);
      await page.evaluate((u) => new Promise((r) => {
        const img = new Image();
        img.onload = img.onerror = r;
        img.src = u;
      }), proxyUrl);
    });
    await unreached("a rebinding name", async () => {
      const res = await page.goto(`http://rebind.test:${port}/`);
      assert.equal(res.status(), 403);
      const fromRebound = await tryFetch(page, `/proxy/vtex/orders/${ORDER}`, "same-origin");
      assert.equal(fromRebound.status, 403);
    });
  } finally {
    await browser.close();
    evil.close();
  }
});

test("the README's route table is what the proxy forwards; its error table is what it answers", async () => {
  const readme = fs.readFileSync(path.join(root, "examples", "admin", "README.md"), "utf8");
  const fill = (route) => route.replace("{orderId}", ORDER).replace("{transactionId}", TX).replace("{paymentId}", PAY);
  const rows = [...readme.matchAll(/^\| `\/proxy\/vtex\/([^`]+)` \| (?:`([^`]+)`|nothing)[^|]*\| (OMS|gateway|none) \|$/gm)];
  assert.equal(rows.length, 8, "the README's routes");
  for (const [, local, upstream, host] of rows) {
    const before = [seen.oms.length, seen.gateway.length];
    const res = await get(port, `/proxy/vtex/${fill(local)}`);
    assert.equal(res.status, 200, local);
    if (host === "none") {
      assert.deepEqual([seen.oms.length, seen.gateway.length], before, local);
      continue;
    }
    const stubSeen = seen[host === "OMS" ? "oms" : "gateway"];
    assert.equal(stubSeen.at(-1).url, fill(upstream), local);
  }
  const documented = new Set([...readme.matchAll(/^\| \d{3} \| `([a-z-]+)` \|/gm)].map((m) => m[1]));
  assert.deepEqual([...codesSeen].sort(), [...documented].sort(), "every code documented was answered here, and no other");
});

test("no log line carries a credential; each proxied request is one line", () => {
  assert.ok(logs.length > 0);
  for (const l of logs) assert.ok(!leaks(l), `a log line leaks: ${l.slice(0, 80)}`);
  assert.ok(logs.some((l) => /^proxy GET 127\.0\.0\.1:\d+\/api\/oms\/pvt\/orders\/1300000000001-01: 200 /.test(l)), logs.join("\n"));
  assert.ok(logs.every((l) => !l.includes("\n")));
});
