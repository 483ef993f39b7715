// Backend of the verify e2e stack: plain node:http and a minimal WebSocket echo at /ws, no
// dependencies (so the stack needs no build). /api/health says which greeting it was given.
"use strict";
const http = require("node:http");
const crypto = require("node:crypto");

const server = http.createServer((req, res) => {
  if (req.url === "/api/health") {
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(JSON.stringify({ status: "ok", greeting: process.env.GREETING_WORD || "" }));
  }
  // Without Upgrade headers (a proxy that drops them) /ws is a plain GET: answer 426 like ws does.
  if (req.url === "/ws") return res.writeHead(426, { "content-type": "text/plain" }).end("Upgrade Required");
  res.writeHead(404, { "content-type": "text/plain" }).end("not found");
});

server.on("upgrade", (req, socket) => {
  if (req.url !== "/ws") return socket.destroy();
  const accept = crypto.createHash("sha1").update(req.headers["sec-websocket-key"] + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest("base64");
  socket.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n\r\n");
  socket.on("data", (chunk) => {
    const length = chunk[1] & 0x7f;
    const mask = chunk.subarray(2, 6);
    const text = Buffer.from(chunk.subarray(6, 6 + length).map((byte, i) => byte ^ mask[i % 4])).toString();
    const reply = Buffer.from("echo:" + text);
    socket.write(Buffer.concat([Buffer.from([0x81, reply.length]), reply]));
  });
  socket.on("error", () => socket.destroy());
});

server.listen(3000, () => console.log("listening on 3000"));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
