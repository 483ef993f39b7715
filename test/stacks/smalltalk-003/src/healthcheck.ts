// Container healthcheck (the node image has no curl or wget): exit 0 only when the health
// server's URL (default /ready) answers 2xx within 1.5 s.
const port = process.env["HEALTH_PORT"] ?? "3001";
const url = `http://127.0.0.1:${port}${process.argv[2] ?? "/ready"}`;

fetch(url, { signal: AbortSignal.timeout(1500) })
  .then((response) => process.exit(response.ok ? 0 : 1))
  .catch(() => process.exit(1));
