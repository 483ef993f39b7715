/**
 * The network observer: plain Node (builtins only, CommonJS for `node -e`), so the very same text
 * runs on this machine for published ports and inside a throwaway `node` container on the project
 * network, where no berth code is installed. It only observes (status, headers, body, upgrade,
 * frames, timings); berth judges the observations in TypeScript (judge-*.ts).
 *
 * Input: argv[1] is a JSON list of ObserveRequest. Output: one JSON line, a list of Observation.
 * The WebSocket client is a minimal RFC 6455 one (masked text frames out, unmasked frames in)
 * because a container of the bare node image has no `ws` package.
 */
export const observerScript = String.raw`
const http = require("node:http"), https = require("node:https"), net = require("node:net"), crypto = require("node:crypto");
const LIMIT = 4096;
const now = () => performance.now();
const since = (t) => Math.round((now() - t) * 10) / 10;
const errorText = (e) => (e && e.code ? e.code + ": " : "") + (e && e.message ? e.message : String(e));

function observeHttp(r) {
  return new Promise((resolve) => {
    const started = now();
    const url = new URL(r.url);
    const lib = url.protocol === "https:" ? https : http;
    let settled = false;
    const done = (o) => { if (!settled) { settled = true; clearTimeout(timer); resolve(Object.assign({ id: r.id, elapsedMs: since(started) }, o)); } };
    const req = lib.request(url, { method: r.method, headers: r.headers, rejectUnauthorized: false }, (res) => {
      const firstByteMs = since(started);
      const chunks = []; let size = 0;
      res.on("data", (c) => { if (size < LIMIT) { chunks.push(c); size += c.length; } });
      res.on("end", () => done({ status: res.statusCode, statusText: res.statusMessage, headers: res.headers, body: Buffer.concat(chunks).toString("utf8").slice(0, LIMIT), firstByteMs }));
      res.on("error", (e) => done({ error: errorText(e) }));
    });
    const timer = setTimeout(() => { done({ error: "timed out after " + r.timeoutMs + " ms" }); req.destroy(); }, r.timeoutMs);
    req.on("error", (e) => done({ error: errorText(e) }));
    if (r.body !== undefined) req.write(r.body);
    req.end();
  });
}

function encodeText(text) {
  const payload = Buffer.from(text, "utf8"), mask = crypto.randomBytes(4);
  let header;
  if (payload.length < 126) header = Buffer.from([0x81, 0x80 | payload.length]);
  else { header = Buffer.alloc(4); header[0] = 0x81; header[1] = 0x80 | 126; header.writeUInt16BE(payload.length, 2); }
  const masked = Buffer.alloc(payload.length);
  for (let i = 0; i < payload.length; i++) masked[i] = payload[i] ^ mask[i % 4];
  return Buffer.concat([header, mask, masked]);
}

function frameReader(onFrame) {
  let buffer = Buffer.alloc(0);
  return (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      if (buffer.length < 2) return;
      const opcode = buffer[0] & 0x0f, masked = (buffer[1] & 0x80) !== 0;
      let length = buffer[1] & 0x7f, offset = 2;
      if (length === 126) { if (buffer.length < 4) return; length = buffer.readUInt16BE(2); offset = 4; }
      else if (length === 127) { if (buffer.length < 10) return; length = Number(buffer.readBigUInt64BE(2)); offset = 10; }
      const maskAt = offset; if (masked) offset += 4;
      if (buffer.length < offset + length) return;
      const payload = Buffer.from(buffer.subarray(offset, offset + length));
      if (masked) for (let i = 0; i < payload.length; i++) payload[i] ^= buffer[maskAt + (i % 4)];
      buffer = buffer.subarray(offset + length);
      onFrame(opcode, payload);
    }
  };
}

function socketioUrl(url) {
  if (!url.searchParams.has("EIO")) url.searchParams.set("EIO", "4");
  if (!url.searchParams.has("transport")) url.searchParams.set("transport", "websocket");
  return url;
}

function observeWebsocket(r) {
  return new Promise((resolve) => {
    const started = now();
    const url = new URL(r.url);
    const secure = url.protocol === "wss:" || url.protocol === "https:";
    url.protocol = secure ? "https:" : "http:";
    if (r.socketio) socketioUrl(url);
    const key = crypto.randomBytes(16).toString("base64");
    const accept = crypto.createHash("sha1").update(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest("base64");
    const state = { id: r.id, url: url.pathname + url.search, upgraded: false, received: [] };
    let settled = false, socket;
    const done = (o) => { if (settled) return; settled = true; clearTimeout(timer); if (socket) socket.destroy(); resolve(Object.assign(state, { elapsedMs: since(started) }, o)); };
    const timer = setTimeout(() => done({ error: "timed out after " + r.timeoutMs + " ms" + (state.upgraded ? " waiting for a message" : " waiting for the upgrade") }), r.timeoutMs);
    const headers = Object.assign({ Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Key": key, "Sec-WebSocket-Version": "13" }, r.headers || {});
    const req = (secure ? https : http).request(url, { headers, rejectUnauthorized: false });
    req.on("error", (e) => done({ error: errorText(e) }));
    req.on("response", (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => done({ status: res.statusCode, statusText: res.statusMessage, headers: res.headers, body: Buffer.concat(chunks).toString("utf8").slice(0, LIMIT) }));
    });
    req.on("upgrade", (res, sock, head) => {
      socket = sock;
      Object.assign(state, { upgraded: true, status: res.statusCode, headers: res.headers, acceptValid: res.headers["sec-websocket-accept"] === accept, upgradeMs: since(started) });
      const send = (text) => { state.sent = text; sock.write(encodeText(text)); };
      const read = frameReader((opcode, payload) => {
        if (opcode === 8) return done({ closedCode: payload.length >= 2 ? payload.readUInt16BE(0) : 0 });
        if (opcode !== 1 && opcode !== 2) return;
        const text = payload.toString("utf8").slice(0, LIMIT);
        state.received.push(text);
        if (r.socketio) {
          if (text.startsWith("0") && state.sent === undefined) return send("40");
          if (text === "2") return sock.write(encodeText("3"));
          if (text.startsWith("40") || text.startsWith("44")) return done({ roundTripMs: since(started) });
          return;
        }
        return done({ roundTripMs: since(started) });
      });
      sock.on("data", read);
      sock.on("error", (e) => done({ error: errorText(e) }));
      sock.on("close", () => done({ error: "connection closed by the server" }));
      if (head && head.length) read(head);
      if (!r.socketio) { if (r.send === undefined) done({}); else send(r.send); }
    });
    req.end();
  });
}

function observeTcp(r) {
  return new Promise((resolve) => {
    const started = now();
    const socket = net.connect({ host: r.host, port: r.port });
    let settled = false;
    const done = (o) => { if (!settled) { settled = true; clearTimeout(timer); socket.destroy(); resolve(Object.assign({ id: r.id, elapsedMs: since(started) }, o)); } };
    const timer = setTimeout(() => done({ error: "timed out after " + r.timeoutMs + " ms" }), r.timeoutMs);
    socket.on("connect", () => done({ connected: true, remote: socket.remoteAddress + ":" + socket.remotePort }));
    socket.on("error", (e) => done({ error: errorText(e) }));
  });
}

const observers = { http: observeHttp, websocket: observeWebsocket, tcp: observeTcp };
Promise.all(JSON.parse(process.argv[1]).map((r) => observers[r.kind](r))).then((all) => {
  process.stdout.write(JSON.stringify(all) + "\n");
  process.exit(0);
});
`;
