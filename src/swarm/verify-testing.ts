import type { SwarmTask } from "./swarm-port.js";
import type { ServiceSpec } from "./swarm-spec.js";
import type { LiveService, PlacedNode } from "./verify-facts.js";

// Fixtures of a three-node cluster for the unit tests of verify's Swarm side (never for e2e).

export const nodes: PlacedNode[] = [
  { ID: "n1", Description: { Hostname: "node-1" }, Status: { State: "ready", Addr: "172.21.0.2" }, Spec: { Role: "manager", Labels: { "berth.node": "1" } } },
  { ID: "n2", Description: { Hostname: "node-2" }, Status: { State: "ready", Addr: "172.21.0.3" }, Spec: { Role: "worker", Labels: { "berth.node": "2" } } },
  { ID: "n3", Description: { Hostname: "node-3" }, Status: { State: "ready", Addr: "172.21.0.4" }, Spec: { Role: "worker", Labels: { "berth.node": "3" } } },
];

/** A service as the manager returns it, with what verify reads. */
export function liveService(id: string, name: string, template: Partial<ServiceSpec["TaskTemplate"]> & { image?: string; env?: string[]; mounts?: { Type: string; Source: string; Target: string }[] }, ports: { PublishedPort: number; PublishMode: "host" | "ingress" }[] = []): LiveService {
  const { image = "postgres:15", env = [], mounts = [], ...rest } = template;
  return {
    ID: id,
    Version: { Index: 10 },
    Spec: {
      Name: name,
      Labels: { "com.docker.stack.namespace": "shop" },
      TaskTemplate: { ContainerSpec: { Image: image, Labels: {}, Env: env, Mounts: mounts as never }, ...rest },
      Mode: { Replicated: { Replicas: 1 } },
      EndpointSpec: { Mode: "dnsrr", Ports: ports.map((port) => ({ Protocol: "tcp", TargetPort: 8080, ...port })) },
    },
  };
}

export const task = (id: string, service: string, node: string, state = "running", desired = "running"): SwarmTask => ({ ID: id, ServiceID: service, NodeID: node, Slot: 1, DesiredState: desired, Status: { State: state, ContainerStatus: { ContainerID: `c-${id}` } as never } });
