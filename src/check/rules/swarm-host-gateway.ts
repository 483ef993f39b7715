import { defineRule } from "../rule.js";
import { writtenAt } from "./swarm-support.js";

/** `host.docker.internal:host-gateway` (or `=`): the host name, when the entry maps it to the gateway. */
function gatewayHost(entry: string): string | undefined {
  const match = /^\s*([^:=\s]+)\s*[:=]\s*host-gateway\s*$/.exec(entry);
  return match?.[1];
}

export const swarmHostGateway = defineRule({
  id: "swarm-host-gateway",
  group: "compose",
  severity: "warning",
  title: "Swarm: host-gateway is the gateway of the task's node",
  doc: {
    why: "`extra_hosts: [\"host.docker.internal:host-gateway\"]` names the machine the container runs on. On one engine that is the machine you run berth and the stack on; on Swarm the engine of the node that runs the task resolves it, to that node's own bridge gateway (measured on engine 20.10: 172.17.0.1 of the node). A service that reaches something on your machine this way (berth serve's /metrics, a database on the host) reaches the node instead, and the node it lands on changes when the task is rescheduled.",
    example: "services:\n  prometheus:\n    image: prom/prometheus:v2.42.0\n    extra_hosts:\n      - \"host.docker.internal:host-gateway\"",
    fix: "Reach what runs outside the stack by an address every node can route to (a DNS name or IP of that machine), or run it as a service of the stack and reach it by its service name over an overlay network. Pin the service with `deploy.placement.constraints` only if the thing it reaches really runs on every candidate node.",
  },
  check(context, report) {
    for (const view of context.services) {
      const entries = view.service.extra_hosts ?? [];
      entries.forEach((entry, index) => {
        const host = gatewayHost(entry);
        if (host === undefined) return;
        const base = ["services", view.name, "extra_hosts"];
        const at = writtenAt(context, [...base, index]) ?? writtenAt(context, [...base, host]) ?? writtenAt(context, base);
        if (at === undefined) return;
        report({
          at,
          message: `service "${view.name}" maps ${host} to host-gateway: on Swarm that is the gateway of whichever node runs the task, not the machine you deploy from`,
          hint: `reach that machine by an address the nodes can route to, or run what ${host} serves as a service of the stack`,
        });
      });
    }
  },
});
