import { get } from "node:http";

// The container healthcheck (the image has no curl or wget): exit 0 only on HTTP 200 within 2 s.
// Usage: node dist/healthcheck.js [/ready]
const path = process.argv[2] ?? "/ready";
const request = get({ host: "127.0.0.1", port: Number(process.env["PORT"] ?? 3000), path, timeout: 2000 }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
request.on("timeout", () => request.destroy(new Error("timeout")));
request.on("error", () => process.exit(1));
