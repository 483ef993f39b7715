import { envSettings } from "../helpers/env-facts.js";
import { listeningPorts } from "../helpers/listening-ports.js";
import { publishedPorts, serviceByHost } from "../helpers/service-facts.js";
import { defaultPorts, parseUrl } from "../helpers/urls.js";
import { defineRule } from "../rule.js";

export const servicePortMismatch = defineRule({
  id: "service-port-mismatch",
  group: "cross-file",
  severity: "error",
  title: "Connection uses a port the target service does not listen on",
  doc: {
    why: "Between containers, the port is the one the target listens on inside its container, not the host port it is published on: `db:5433` fails when compose maps `5433:5432`.",
    example: "api:\n  environment:\n    DATABASE_URL: postgresql://app:pw@db:5433/app\ndb:\n  image: postgres:15\n  ports: [\"5433:5432\"]",
    fix: "Use the container port (`db:5432`); the published port is only for clients on the host.",
  },
  check(context, report) {
    for (const setting of envSettings(context).filter((candidate) => candidate.source === "compose")) {
      const url = parseUrl(setting.value);
      const target = url ? serviceByHost(context, url.host) : undefined;
      const port = url?.port ?? (url ? defaultPorts[url.scheme] : undefined);
      if (!url || !target || port === undefined || target.name === setting.service) continue;
      const listening = listeningPorts(target);
      if (listening.size === 0 || listening.has(port)) continue;
      const published = publishedPorts(target.service).find((candidate) => candidate.published === String(port));
      // Only published ports, a datastore's default and a build's own declarations say what a
      // container listens on; an image may listen on more ports than it publishes (n8n's task broker).
      if (!published && !target.datastore && !target.build) continue;
      const why = published ? ` (${port} is its published host port; inside the network it is ${published.target})` : "";
      const severity = published || target.datastore ? "error" : "warning";
      report({ severity,  at: setting.at, message: `${setting.key} of "${setting.service}" uses port ${port}, but "${target.name}" listens on ${[...listening].join(", ")}${why}`, hint: `use ${url.host}:${published?.target ?? [...listening][0]}` });
    }
  },
});
