/**
 * The program of an edge port holder: a small, long-lived container that owns a service's
 * published host ports and forwards every connection to whichever containers currently answer to
 * the service's name. It runs as `node -e <script>` in the stock `node:20-bookworm-slim` image, so
 * no image has to be built or pulled from anywhere but where that image comes from; it is
 * configured by its environment:
 *
 *   BERTH_EDGE_TARGET  the DNS name to forward to (the service name), or a comma list of hosts
 *   BERTH_EDGE_PORTS   the container ports to listen on, comma separated, each forwarded to the same
 *                      port upstream (or `LISTEN:UPSTREAM`)
 *
 * HTTP/1.x connections (the first bytes are a request line) are proxied request by request: the
 * client's keep-alive connection stays with the holder, each request goes upstream on its own
 * connection, and a request whose connect failed (nobody listening, or a reset as the old container
 * stops) is retried on the next address, as is an idempotent one whose connection closed before
 * any answer. A client
 * therefore never sees a replacement. Upgrades (websockets) and any other protocol (TLS, a
 * database, server-first protocols after 300 ms of client silence) are forwarded byte for byte;
 * only their connect is retried. Names are re-resolved in the background every 250 ms; a request
 * never waits for DNS while addresses are known.
 *
 * Kept as plain CommonJS text (not a compiled function) so what runs in the container is exactly
 * what is reviewed here; holder-script.test.ts runs it with the local node against real sockets.
 */
/** How long the holder caches the addresses a name resolves to. */
export const holderCacheMs = 250;

export const holderScript = String.raw`"use strict";
const net = require("net"), http = require("http"), dns = require("dns");
const target = String(process.env.BERTH_EDGE_TARGET || "");
const ports = String(process.env.BERTH_EDGE_PORTS || "").split(",").filter(Boolean).map((p) => p.split(":").map(Number)).map(([l, u]) => [l, u || l]).filter(([l, u]) => l > 0 && u > 0);
if (!target || ports.length === 0) { console.error("edge: BERTH_EDGE_TARGET and BERTH_EDGE_PORTS are required"); process.exit(2); }
const CONNECT_MS = 1000, RETRY_FOR_MS = 5000, BUFFER_LIMIT = 1 << 20;
const idempotent = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"]);
const hopByHop = new Set(["connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"]);
let cache = { at: 0, list: [] }, turn = 0;

let refreshing = null;
function refresh() {
  if (refreshing) return refreshing;
  const names = target.split(",").map((s) => s.trim()).filter(Boolean);
  // A lookup that does not answer within 2 s keeps the known list (and lets the next one try).
  const lookup = (name) => new Promise((ok) => {
    const timer = setTimeout(() => ok(null), 2000);
    dns.lookup(name, { all: true, family: 4 }, (e, list) => { clearTimeout(timer); ok(e ? [] : list.map((a) => a.address)); });
  });
  refreshing = Promise.all(names.map((name) => net.isIP(name) ? [name] : lookup(name)))
    .then((lists) => {
      refreshing = null;
      if (lists.some((list) => list === null)) return cache.list;
      cache = { at: Date.now(), list: [...new Set(lists.flat())] };
      return cache.list;
    });
  return refreshing;
}

/**
 * The addresses, never waiting on DNS while some are known: a stale list is used at once and
 * refreshed in the background (Docker's resolver answers slowly when the engine is busy, and a
 * request must not wait for it). fresh: wait for a new answer (every known address failed).
 */
function resolve(fresh) {
  if (fresh || cache.list.length === 0) return refresh();
  if (Date.now() - cache.at >= ${holderCacheMs}) refresh();
  return Promise.resolve(cache.list);
}

/** Addresses to try, in a rotating order, re-resolved once the list is used up, until RETRY_FOR_MS. */
async function* candidates() {
  const until = Date.now() + RETRY_FOR_MS;
  for (let round = 0; Date.now() < until; round++) {
    if (round > 0) await new Promise((r) => setTimeout(r, 100));
    const list = await resolve(round > 0);
    const start = turn++;
    for (let i = 0; i < list.length; i++) yield list[(start + i) % list.length];
  }
}

function connectTcp(address, port) {
  return new Promise((ok, fail) => {
    const socket = net.connect({ host: address, port });
    const timer = setTimeout(() => { const e = new Error("connect timeout"); e.code = "ECONNTIMEOUT"; socket.destroy(); fail(e); }, CONNECT_MS);
    socket.once("connect", () => { clearTimeout(timer); ok(socket); });
    socket.once("error", (e) => { clearTimeout(timer); fail(e); });
  });
}

async function openUpstream(port) {
  let last;
  for await (const address of candidates()) {
    // A connect that failed in any way sent nothing: the next address is always safe to try.
    try { return await connectTcp(address, port); } catch (e) { last = e; }
  }
  throw last || new Error("no address for " + target);
}

function pipeBoth(a, b) {
  a.pipe(b); b.pipe(a);
  const end = () => { a.destroy(); b.destroy(); };
  a.on("error", end); b.on("error", end); a.on("close", end); b.on("close", end);
}

function forwardHeaders(req) {
  const headers = {};
  for (const [k, v] of Object.entries(req.headers)) if (!hopByHop.has(k)) headers[k] = v;
  const client = (req.socket.remoteAddress || "").replace(/^::ffff:/, "");
  headers["x-forwarded-for"] = req.headers["x-forwarded-for"] ? req.headers["x-forwarded-for"] + ", " + client : client;
  headers["x-forwarded-proto"] = headers["x-forwarded-proto"] || "http";
  headers["connection"] = "close";
  return headers;
}

/** One attempt upstream; resolves with the response, rejects with {retry} telling whether another address may be tried. */
function attempt(socket, req, port, headers, body) {
  return new Promise((ok, fail) => {
    const up = http.request({ createConnection: () => socket, host: socket.remoteAddress, port, method: req.method, path: req.url, headers, agent: false });
    let answered = false;
    up.once("response", (res) => { answered = true; ok(res); });
    up.once("error", (e) => fail({ error: e, retry: !answered && idempotent.has(req.method) }));
    if (Buffer.isBuffer(body)) up.end(body); else { body.pipe(up); }
  });
}

function readBody(req) {
  return new Promise((ok) => {
    const chunks = []; let size = 0, streaming = false;
    req.on("data", (c) => {
      if (streaming) return;
      chunks.push(c); size += c.length;
      if (size > BUFFER_LIMIT) { streaming = true; req.pause(); req.unshift(Buffer.concat(chunks)); ok(req); }
    });
    req.on("end", () => { if (!streaming) ok(Buffer.concat(chunks)); });
  });
}

/** A request slower than 1 s says where its time went (at most one line a second). */
let lastSlowLog = 0;
function noteSlow(req, started, phases) {
  const total = Date.now() - started;
  if (total < 1000 || Date.now() - lastSlowLog < 1000) return;
  lastSlowLog = Date.now();
  console.error("edge: slow " + req.method + " " + req.url + ": " + total + " ms (" + phases.join(", ") + ")");
}

async function proxy(req, res, port) {
  const started = Date.now(), phases = [];
  const body = await readBody(req);
  const headers = forwardHeaders(req);
  if (Buffer.isBuffer(body) && (body.length > 0 || req.headers["content-length"] !== undefined)) headers["content-length"] = String(body.length);
  let last;
  for await (const address of candidates()) {
    let socket;
    const t = Date.now();
    // Any connect failure (refused, reset while the old container stops listening, timeout) sent nothing.
    try { socket = await connectTcp(address, port); } catch (e) { last = e; phases.push(address + " " + (e.code || e.message) + " after " + (Date.now() - t) + " ms"); continue; }
    phases.push("connect " + address + " " + (Date.now() - t) + " ms");
    try {
      const a = Date.now();
      const up = await attempt(socket, req, port, headers, body);
      phases.push("answer " + (Date.now() - a) + " ms");
      noteSlow(req, started, phases);
      const out = {};
      for (const [k, v] of Object.entries(up.headers)) if (!hopByHop.has(k)) out[k] = v;
      res.writeHead(up.statusCode || 502, up.statusMessage, out);
      up.pipe(res);
      up.on("error", () => res.destroy());
      return;
    } catch (failure) { last = failure.error; if (!failure.retry || !Buffer.isBuffer(body)) break; }
  }
  console.error("edge: " + req.method + " " + req.url + " -> " + target + ":" + port + " failed: " + (last && last.message));
  if (!res.headersSent) { res.writeHead(502, { "content-type": "text/plain" }); res.end("edge: no container of " + target + " answered on port " + port + "\n"); } else res.destroy();
}

async function upgrade(req, socket, head, port) {
  socket.on("error", () => socket.destroy());
  let upstream;
  try { upstream = await openUpstream(port); } catch { socket.destroy(); return; }
  const lines = [req.method + " " + req.url + " HTTP/" + req.httpVersion];
  for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(req.rawHeaders[i] + ": " + req.rawHeaders[i + 1]);
  upstream.write(lines.join("\r\n") + "\r\n\r\n");
  if (head && head.length) upstream.write(head);
  pipeBoth(socket, upstream);
}

async function raw(client, first, port) {
  client.pause();
  let upstream;
  try { upstream = await openUpstream(port); } catch { client.destroy(); return; }
  if (first) upstream.write(first);
  pipeBoth(client, upstream);
  client.resume();
}

const servers = ports.map(([listen, port]) => {
  const web = http.createServer((req, res) => { proxy(req, res, port).catch(() => res.destroy()); });
  web.on("upgrade", (req, socket, head) => { upgrade(req, socket, head, port); });
  web.on("clientError", (e, socket) => socket.destroy());
  web.keepAliveTimeout = 65000;
  const listener = net.createServer({ pauseOnConnect: true }, (client) => {
    client.on("error", () => client.destroy());
    const silent = setTimeout(() => { client.removeListener("data", sniff); raw(client, null, port); }, 300);
    const sniff = (chunk) => {
      clearTimeout(silent);
      client.pause();
      if (/^(GET|HEAD|POST|PUT|DELETE|OPTIONS|PATCH|TRACE) /.test(chunk.toString("latin1", 0, 8))) { client.unshift(chunk); web.emit("connection", client); client.resume(); }
      else raw(client, chunk, port);
    };
    client.once("data", sniff);
    client.resume();
  });
  listener.listen(listen, () => console.log("edge: listening on " + listen + ", forwarding to " + target + ":" + port));
  return listener;
});

function stop() { for (const s of servers) s.close(); setTimeout(() => process.exit(0), 1000).unref(); }
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
`;
