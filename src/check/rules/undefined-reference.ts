import type { Project, Service } from "../../compose/model/project.js";
import { defineRule, type Report } from "../rule.js";
import type { CheckContext } from "../context.js";

export const undefinedReference = defineRule({
  id: "undefined-reference",
  group: "compose",
  severity: "error",
  title: "Reference to an undefined service, volume, network or secret",
  doc: {
    why: "`depends_on`, `network_mode: service:`, `volumes_from`, named volumes, networks and secrets must be defined; compose refuses the project otherwise (\"service refers to undefined volume\").",
    example: "services:\n  db:\n    image: postgres:15\n    volumes: [\"pgdata:/var/lib/postgresql/data\"]\n# no top-level volumes: pgdata",
    fix: "Define the missing item at the top level (`volumes: { pgdata: {} }`) or fix the name.",
  },
  check(context, report) {
    for (const view of context.services) checkService(context, view.name, view.service, report);
  },
});

function checkService(context: CheckContext, name: string, service: Service, report: Report): void {
  const project = context.project;
  const missing = (kind: string, ref: string, path: (string | number)[]) =>
    report({ at: context.locate(["services", name, ...path]), message: `service "${name}" refers to undefined ${kind} "${ref}"`, hint: `define ${kind} "${ref}" or fix the name` });
  for (const dependency of Object.keys(service.depends_on ?? {})) if (!isService(project, dependency)) missing("service", dependency, ["depends_on", dependency]);
  const viaMode = /^service:(.+)$/.exec(service.network_mode ?? "")?.[1];
  if (viaMode !== undefined && !isService(project, viaMode)) missing("service", viaMode, ["network_mode"]);
  (service.volumes ?? []).forEach((volume, index) => {
    if (volume.type === "volume" && volume.source && !(volume.source in project.volumes)) missing("volume", volume.source, ["volumes", index]);
  });
  for (const network of Object.keys(service.networks ?? {})) if (network !== "default" && !(network in project.networks)) missing("network", network, ["networks", network]);
  (service.secrets ?? []).forEach((secret, index) => {
    if (!(secret.source in project.secrets)) missing("secret", secret.source, ["secrets", index]);
  });
}

const isService = (project: Project, name: string) => name in project.services || name in project.meta.disabledServices;
