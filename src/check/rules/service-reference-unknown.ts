import { envSettings } from "../helpers/env-facts.js";
import { knownHostnames } from "../helpers/service-facts.js";
import { isLocalHost, parseUrl } from "../helpers/urls.js";
import { defineRule } from "../rule.js";

const hostKey = /(_HOST|_HOSTNAME|_SERVER)$/;
// Settings that say where the service itself listens or what it advertises, not what it connects to.
const listenerKey = /LISTEN|BIND|ADVERTISED/i;
const anyAddress = new Set(["0.0.0.0", "::", "[::]"]);
const connectionKey = /(DATABASE|DB|REDIS|CACHE|MONGO|POSTGRES|MYSQL|AMQP|RABBIT|KAFKA|QDRANT|CHROMA|ELASTIC|BACKEND|API|SERVICE)/i;

export const serviceReferenceUnknown = defineRule({
  id: "service-reference-unknown",
  group: "cross-file",
  severity: "error",
  title: "Connection points at a host no service provides",
  doc: {
    why: "Inside a container, `localhost` is the container itself, and a hostname must be a compose service (or alias) on a shared network. `DATABASE_URL=...@localhost:5432` or `QDRANT_HOST=vectordb` (service is called `qdrant`) fails with \"connection refused\" or \"name not resolved\".",
    example: "api:\n  environment:\n    REDIS_URL: redis://localhost:6379\n    QDRANT_HOST: vectordb",
    fix: "Use the service name as host (`redis://cache:6379`, `QDRANT_HOST=qdrant`).",
  },
  check(context, report) {
    const hosts = knownHostnames(context);
    const serviceCount = context.services.length;
    for (const setting of envSettings(context).filter((candidate) => candidate.source === "compose" && candidate.service !== undefined)) {
      const view = context.services.find((candidate) => candidate.name === setting.service);
      if (view?.service.network_mode !== undefined) continue;
      const url = parseUrl(setting.value);
      const host = url?.host ?? (hostKey.test(setting.key) && /^[a-z][a-z0-9_-]*$/i.test(setting.value) ? setting.value.toLowerCase() : undefined);
      if (host === undefined || !connectionKey.test(setting.key) || listenerKey.test(setting.key) || anyAddress.has(host)) continue;
      if (isLocalHost(host) && serviceCount > 1) {
        report({ at: setting.at, message: `${setting.key} of "${setting.service}" points at ${host}, which inside a container is the container itself`, hint: "use the service name of the target as host" });
      } else if (!isLocalHost(host) && !host.includes(".") && !hosts.has(host) && host !== "host-gateway") {
        report({ at: setting.at, message: `${setting.key} of "${setting.service}" points at "${host}", which is not a service of this project`, hint: `use one of: ${[...hosts].slice(0, 6).join(", ")}` });
      }
    }
  },
});
