import type { ServicePort } from "../../compose/model/project.js";
import { defineRule, type Report } from "../rule.js";
import type { CheckContext, ServiceView } from "../context.js";
import { placementMaxReplicasPerNode, runsSeveralTasks } from "./swarm-support.js";

const anyAddress = new Set(["", "0.0.0.0", "::", "[::]"]);

export const swarmPublishedPort = defineRule({
  id: "swarm-published-port",
  group: "compose",
  severity: "warning",
  title: "Swarm: published ports lose their address and go through the routing mesh",
  doc: {
    why: "A Swarm port has no host address: `docker stack deploy` drops the `127.0.0.1:` of `127.0.0.1:8080:80`, so the port opens on every interface. In the default `ingress` mode every node of the cluster answers on it and forwards through the routing mesh, which needs the service's virtual IP (IPVS in the kernel; nested Docker-in-Docker nodes have none and answer \"no route to host\"). In `host` mode only the node running the task listens, and two tasks of the service on one node conflict. `endpoint_mode: dnsrr` cannot be combined with ingress ports at all.",
    example: "services:\n  web:\n    image: nginx:1.22\n    ports:\n      - \"127.0.0.1:8080:80\"",
    fix: "Publish on Swarm deliberately: a firewall or a load balancer in front of the nodes for a public port, `mode: host` with `deploy.placement.max_replicas_per_node: 1` (or `mode: global`) where the routing mesh is unavailable, and no published port at all for datastores.",
  },
  check(context, report) {
    for (const view of context.services) {
      (view.service.ports ?? []).forEach((port, index) => checkPort(context, view, port, index, report));
    }
  },
});

function checkPort(context: CheckContext, view: ServiceView, port: ServicePort, index: number, report: Report): void {
  const at = context.locate(["services", view.name, "ports", index]);
  const published = port.published ?? "a port Swarm picks (30000-32767)";
  const label = `service "${view.name}" port ${published}:${port.target}`;
  if (port.host_ip !== undefined && !anyAddress.has(port.host_ip)) {
    const scope = port.mode === "host" ? "every interface of the node running the task" : "every interface of every node";
    const mesh = port.mode === "host" ? "" : " through the ingress routing mesh (IPVS)";
    report({ at, severity: "error", message: `${label}: Swarm has no host address, so ${port.host_ip} is dropped and the port opens on ${scope}${mesh}`, hint: "do not publish what must stay private (reach it over the overlay network); firewall the nodes for what must be public" });
    return;
  }
  const endpointMode = view.service.deploy?.["endpoint_mode"];
  if (port.mode !== "host" && endpointMode === "dnsrr") {
    report({ at, severity: "error", message: `${label}: Swarm refuses an ingress-mode port on a service with endpoint_mode dnsrr ("port published with ingress mode can't be used with dnsrr mode")`, hint: "publish it with `mode: host`, or use endpoint_mode vip" });
    return;
  }
  if (port.mode !== "host") {
    report({ at, severity: "info", message: `${label} is published through the ingress routing mesh: every node answers on it, through the service's virtual IP (IPVS)`, hint: "where nodes have no IPVS (nested Docker-in-Docker nodes), publish with `mode: host` and use endpoint_mode dnsrr" });
    return;
  }
  if (runsSeveralTasks(view.service) && view.service.deploy?.mode !== "global" && placementMaxReplicasPerNode(view.service) !== 1) {
    report({ at, message: `${label} is host-mode with several replicas: two tasks on one node need the same port, and the second stays pending ("host-mode port already in use")`, hint: "set deploy.placement.max_replicas_per_node: 1 (with at least as many nodes as replicas) or deploy.mode: global" });
  }
}
