import type { Project } from "../compose/model/project.js";
import type { Evidence, Probe } from "./probe.js";
import { upgradeGap } from "./nginx-locations.js";

/**
 * Sharpens the evidence of a failed websocket probe that went through an nginx service: names
 * the location that served it and the directives it lacks to forward the upgrade.
 */
export function explainWebsocketFailures(evidence: readonly Evidence[], probes: readonly Probe[], project: Project, nginxConfigs: Readonly<Record<string, string>>): Evidence[] {
  return evidence.map((item) => {
    const probe = probes.find((p) => p.name === item.probe);
    if (item.ok || probe?.kind !== "websocket" || item.facts["upgraded"] === true || item.facts["status"] === undefined) return item;
    const url = new URL(probe.url);
    const proxy = Object.values(project.services).find((s) => (s.ports ?? []).some((p) => p.published === url.port));
    const config = proxy === undefined ? undefined : nginxConfigs[proxy.name];
    const gap = config === undefined ? undefined : upgradeGap(config, url.pathname);
    if (proxy === undefined || gap === undefined || gap.missing.length === 0) return item;
    const hint = `nginx location ${gap.location} of ${proxy.name} (nginx -T line ${gap.line}) does not forward the upgrade: add ${gap.missing.join("; ")}`;
    return { ...item, hint, facts: { ...item.facts, proxyLocation: `${proxy.name} ${gap.location}` } };
  });
}
