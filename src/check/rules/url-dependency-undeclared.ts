import { envSettings } from "../helpers/env-facts.js";
import { serviceByHost } from "../helpers/service-facts.js";
import { parseUrl } from "../helpers/urls.js";
import { defineRule } from "../rule.js";
import type { CheckContext } from "../context.js";

/** Every service `name` waits for, directly or through the services it depends on. */
function dependsOn(context: CheckContext, name: string): Set<string> {
  const seen = new Set<string>();
  const queue = Object.keys(context.project.services[name]?.depends_on ?? {});
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (seen.has(next)) continue;
    seen.add(next);
    queue.push(...Object.keys(context.project.services[next]?.depends_on ?? {}));
  }
  return seen;
}

export const urlDependencyUndeclared = defineRule({
  id: "url-dependency-undeclared",
  group: "cross-file",
  severity: "warning",
  title: "Service talks to another without depends_on",
  doc: {
    why: "Without `depends_on`, compose may start the app before the database or vector store it connects to: the first connection fails, and apps that do not retry crash at boot.",
    example: "backend:\n  environment:\n    QDRANT_URL: http://qdrant:6333\n  # no depends_on: [qdrant]",
    fix: "Add `depends_on: { qdrant: { condition: service_healthy } }` (with a healthcheck on qdrant), or make the client retry.",
  },
  check(context, report) {
    const reported = new Set<string>();
    for (const setting of envSettings(context).filter((candidate) => candidate.source === "compose" && candidate.service !== undefined)) {
      const url = parseUrl(setting.value);
      const host = url?.host ?? (/_HOST$/.test(setting.key) ? setting.value : undefined);
      const target = host ? serviceByHost(context, host) : undefined;
      const view = context.services.find((candidate) => candidate.name === setting.service);
      if (!target || !view || target.name === view.name || dependsOn(context, view.name).has(target.name) || reported.has(`${view.name}>${target.name}`)) continue;
      reported.add(`${view.name}>${target.name}`);
      report({ at: setting.at, message: `"${view.name}" connects to "${target.name}" (${setting.key}) but does not depend on it`, hint: `add depends_on: { ${target.name}: { condition: service_healthy } }` });
    }
  },
});
