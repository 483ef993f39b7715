// Backend of the e2e stack: plain node:http, no dependencies. /health answers 200 only when
// Postgres and Redis accept TCP connections; /api/hello says who answered.
"use strict";
const http = require("node:http");
const net = require("node:net");
const os = require("node:os");

const port = Number(process.env.PORT || 3000);

function reachable(host, targetPort) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: targetPort, timeout: 1000 });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.on("connect", () => done(true));
    socket.on("error", () => done(false));
    socket.on("timeout", () => done(false));
  });
}

const server = http.createServer(async (req, res) => {
  if (req.url === "/health" || req.url === "/api/health") {
    const [postgres, redis] = await Promise.all([reachable(process.env.POSTGRES_HOST, 5432), reachable(process.env.REDIS_HOST, 6379)]);
    res.writeHead(postgres && redis ? 200 : 503, { "content-type": "application/json" });
    return res.end(JSON.stringify({ postgres, redis }));
  }
  if (req.url === "/api/hello") {
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(JSON.stringify({ message: "hello from the backend", host: os.hostname() }));
  }
  res.writeHead(404).end();
});

server.listen(port, () => console.log(`listening on ${port}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
