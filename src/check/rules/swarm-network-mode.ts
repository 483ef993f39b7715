import { defineRule } from "../rule.js";
import { writtenAt } from "./swarm-support.js";

function effectOf(mode: string): { effect: string; fix: string } {
  if (mode === "host") return { effect: "the task joins the stack's overlay network instead of the node's network: its ports are not on the node", fix: "publish the ports with `mode: host`, or attach the service to the predefined network: `networks: { hostnet: {} }` with `hostnet: { external: true, name: host }`" };
  if (mode === "none") return { effect: "the task gets the stack's default network", fix: "attach the service to the predefined network `none` (external, name: none)" };
  if (/^(service|container):/.test(mode)) return { effect: `the task does not share ${mode.split(":")[1] ?? "that"}'s network namespace (Swarm has no sidecar namespaces); it reaches it over the network, not localhost`, fix: "put both on one overlay network and reach the other by its service name" };
  return { effect: "the task gets the stack's default network", fix: "use `networks:` with an overlay network" };
}

export const swarmNetworkMode = defineRule({
  id: "swarm-network-mode",
  group: "compose",
  severity: "warning",
  title: "Swarm: network_mode is ignored",
  doc: {
    why: "`docker stack deploy` ignores `network_mode`: every task joins the stack's overlay networks. A service written for `network_mode: host` no longer listens on the node's ports, and one written for `network_mode: service:vpn` no longer shares the other's localhost.",
    example: "services:\n  exporter:\n    image: node-exporter:1.7\n    network_mode: host",
    fix: "Use Swarm's networks: an overlay network shared with the services it talks to, host-mode published ports, or the predefined `host` network declared external.",
  },
  check(context, report) {
    for (const view of context.services) {
      const mode = view.service.network_mode;
      const at = writtenAt(context, ["services", view.name, "network_mode"]);
      if (mode === undefined || at === undefined) continue;
      const { effect, fix } = effectOf(mode);
      report({ at, message: `service "${view.name}": network_mode ${mode} is ignored on Swarm: ${effect}`, hint: fix });
    }
  },
});
