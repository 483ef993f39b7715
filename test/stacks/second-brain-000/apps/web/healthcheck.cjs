// Container healthcheck (the node image has no curl): exit 0 only when the URL answers 2xx in 2 s.
"use strict";
const url = process.argv[2] ?? "http://127.0.0.1:3000/api/health";
fetch(url, { signal: AbortSignal.timeout(2000) })
  .then((response) => process.exit(response.ok ? 0 : 1))
  .catch(() => process.exit(1));
