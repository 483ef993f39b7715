import { publishedPorts } from "../helpers/service-facts.js";
import { defineRule } from "../rule.js";
import type { Location } from "../finding.js";
import type { CheckContext } from "../context.js";

// berth check loads every profile; services of profiles that never overlap never run together.
function canRunTogether(context: CheckContext, a: string, b: string): boolean {
  const profilesOf = (name: string) => context.project.services[name]?.profiles ?? [];
  const [left, right] = [profilesOf(a), profilesOf(b)];
  return left.length === 0 || right.length === 0 || left.some((profile) => right.includes(profile));
}

export const duplicateHostPort = defineRule({
  id: "duplicate-host-port",
  group: "compose",
  severity: "error",
  title: "Two services publish the same host port",
  doc: {
    why: "Only one container can bind a host address and port: the second fails to start with \"port is already allocated\".",
    example: "services:\n  web:\n    ports: [\"8080:80\"]\n  admin:\n    ports: [\"8080:8080\"]",
    fix: "Give each service its own host port, or put both behind the reverse proxy.",
  },
  check(context, report) {
    const seen = new Map<string, { service: string; at: Location }>();
    for (const view of context.services) {
      for (const port of publishedPorts(view.service)) {
        const ip = port.hostIp ?? "0.0.0.0";
        const key = `${port.published}/${port.protocol}`;
        const at = context.locate(["services", view.name, "ports", port.index]);
        const clash = [...seen.entries()].find(([other, owner]) => other.endsWith(` ${key}`) && (other.startsWith("0.0.0.0 ") || ip === "0.0.0.0" || other.startsWith(`${ip} `)) && canRunTogether(context, owner.service, view.name));
        if (clash && clash[1].service !== view.name) report({ at, message: `host port ${port.published} is also published by "${clash[1].service}"`, hint: "use a different host port for one of them" });
        if (!clash) seen.set(`${ip} ${key}`, { service: view.name, at });
      }
    }
  },
});
