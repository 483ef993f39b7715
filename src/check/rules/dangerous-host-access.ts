import { defineRule, type Report } from "../rule.js";
import type { CheckContext, ServiceView } from "../context.js";

const sensitiveSources = /^\/(var\/run\/docker\.sock|run\/docker\.sock|etc|root|proc|sys|boot|dev)?$|^\/(var\/run|run)\/docker\.sock$/;

export const dangerousHostAccess = defineRule({
  id: "dangerous-host-access",
  group: "compose",
  severity: "warning",
  title: "Container gets control of the host",
  doc: {
    why: "Declared on purpose more often than not (a reverse proxy reading the socket), hence a warning: the Docker socket, `privileged: true`, `network_mode: host`, `pid: host` and mounts of `/`, `/etc` or `/proc` let the container (and anyone who breaks into it) act as root on the host.",
    example: "services:\n  agent:\n    volumes: [\"/var/run/docker.sock:/var/run/docker.sock\"]",
    fix: "Remove the access; if a tool truly needs the socket, put a socket proxy with a read-only allow list in front, and silence the finding with `# berth-ignore dangerous-host-access reason`.",
  },
  check(context, report) {
    for (const view of context.services) checkService(context, view, report);
  },
});

function checkService(context: CheckContext, view: ServiceView, report: Report): void {
  const flag = (path: (string | number)[], what: string) =>
    report({ at: context.locate(["services", view.name, ...path]), message: `"${view.name}" ${what}`, hint: "remove it, or justify it with `# berth-ignore dangerous-host-access <reason>`" });
  const service = view.service;
  if (service.privileged === true) flag(["privileged"], "runs privileged");
  if (service.network_mode === "host") flag(["network_mode"], "uses the host network");
  if (service["pid"] === "host") flag(["pid"], "shares the host PID namespace");
  (service.volumes ?? []).forEach((volume, index) => {
    if (volume.type === "bind" && volume.source !== undefined && sensitiveSources.test(volume.source)) flag(["volumes", index], `mounts the host path ${volume.source}`);
  });
}
