import { envSettings } from "../helpers/env-facts.js";
import { serviceByHost } from "../helpers/service-facts.js";
import { parseUrl } from "../helpers/urls.js";
import { defineRule } from "../rule.js";
import type { CheckContext } from "../context.js";
import type { Location } from "../finding.js";

/** Every service `name` waits for, directly or through the services it depends on. */
export function dependsOn(context: CheckContext, name: string): Set<string> {
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

/** A service that connects to another one (a URL or *_HOST in its compose environment). */
export interface ServiceConnection {
  readonly from: string;
  readonly to: string;
  readonly key: string;
  readonly at: Location;
}

/** Each pair of services where one connects to the other, once, at the first setting that says so. */
export function serviceConnections(context: CheckContext): ServiceConnection[] {
  const found = new Map<string, ServiceConnection>();
  for (const setting of envSettings(context).filter((candidate) => candidate.source === "compose" && candidate.service !== undefined)) {
    const url = parseUrl(setting.value);
    const host = url?.host ?? (/_HOST$/.test(setting.key) ? setting.value : undefined);
    const target = host ? serviceByHost(context, host) : undefined;
    const from = context.services.find((candidate) => candidate.name === setting.service)?.name;
    if (!target || from === undefined || target.name === from || found.has(`${from}>${target.name}`)) continue;
    found.set(`${from}>${target.name}`, { from, to: target.name, key: setting.key, at: setting.at });
  }
  return [...found.values()];
}

export const urlDependencyUndeclared = defineRule({
  id: "url-dependency-undeclared",
  group: "cross-file",
  severity: "warning",
  title: "Service talks to another without depends_on",
  doc: {
    why: "Without `depends_on`, compose may start the app before the database or vector store it connects to: the first connection fails, and apps that do not retry crash at boot. With `--target swarm` the finding is an info and asks for no `depends_on`: Swarm ignores it and starts every service at once, so the app itself must retry (swarm-depends-on-ignored speaks where `depends_on` is written).",
    example: "backend:\n  environment:\n    QDRANT_URL: http://qdrant:6333\n  # no depends_on: [qdrant]",
    fix: "Add `depends_on: { qdrant: { condition: service_healthy } }` (with a healthcheck on qdrant), or make the client retry. On Swarm: make the client retry at boot and fail its healthcheck until the dependency answers.",
  },
  check(context, report) {
    for (const connection of serviceConnections(context)) {
      if (dependsOn(context, connection.from).has(connection.to)) continue;
      report({ at: connection.at, message: `"${connection.from}" connects to "${connection.to}" (${connection.key}) but does not depend on it`, hint: `add depends_on: { ${connection.to}: { condition: service_healthy } }` });
    }
  },
});
