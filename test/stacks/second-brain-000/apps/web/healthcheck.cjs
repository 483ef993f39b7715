// Container healthcheck (the node image has no curl): exit 0 only when the URL answers 2xx in 1.5 s.
"use strict";
const url = process.argv[2] ?? "http://127.0.0.1:3000/api/health";
fetch(url, { signal: AbortSignal.timeout(1500) })
  .then((response) => process.exit(response.ok ? 0 : 1))
  .catch(() => process.exit(1));
