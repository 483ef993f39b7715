// A backend that says which version it is, and drains on SIGTERM: it stops accepting
// connections at once (a proxy retries elsewhere on "connection refused"), finishes in-flight
// requests, and exits. A version starting with "broken" never reports ready; one starting with
// "wrongbody" is ready but its self-test answers "degraded" (what a gate probe catches).
import http from "node:http";
import { setTimeout } from "node:timers";

const version = process.env.APP_VERSION || "dev";
let draining = false;

const server = http.createServer((req, res) => {
  if (req.url === "/ready") {
    const ready = !draining && !version.startsWith("broken");
    res.writeHead(ready ? 200 : 503, { "content-type": "text/plain" });
    return res.end(ready ? "ready\n" : "not ready\n");
  }
  if (req.url === "/api/selftest") {
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(JSON.stringify({ status: version.startsWith("wrongbody") ? "degraded" : "ok" }));
  }
  if (req.url === "/api/version") {
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(JSON.stringify({ version }));
  }
  res.writeHead(404);
  res.end();
});

server.listen(3000, () => console.log(`backend ${version} listening on 3000`));

process.on("SIGTERM", () => {
  console.log("SIGTERM: draining");
  draining = true;
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 4000).unref();
});
