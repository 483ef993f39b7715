import type { SwarmOverview } from "../swarm-view.js";
import type { MetricFamily } from "./prom-text.js";

/**
 * The Swarm families, only when the engine is a manager: each node up or not, and per service the
 * tasks Swarm wants, the ones that really run (on a ready node) and the ones lost with a node.
 */
export function swarmFamilies(stacks: readonly { readonly project: string; readonly overview: SwarmOverview }[]): MetricFamily[] {
  if (stacks.length === 0) return [];
  const per = <T>(list: (overview: SwarmOverview) => readonly T[], sample: (project: string, item: T) => MetricFamily["samples"][number]) =>
    stacks.flatMap(({ project, overview }) => list(overview).map((item) => sample(project, item)));
  const services = (overview: SwarmOverview) => overview.services;
  return [
    {
      name: "berth_swarm_node_up",
      help: "1 when the Swarm node is ready (its managers hear its heartbeat), else 0; labelled with its role and availability.",
      type: "gauge",
      samples: per((overview) => overview.nodes, (project, node) => ({ labels: { project, node: node.name, role: node.role, availability: node.availability }, value: node.state === "ready" ? 1 : 0 })),
    },
    {
      name: "berth_swarm_service_up",
      help: "1 when every task the service should run runs on a ready node (a job: its completions are done or a task runs), else 0.",
      type: "gauge",
      samples: per(services, (project, service) => ({ labels: { project, service: service.service }, value: service.ok ? 1 : 0 })),
    },
    {
      name: "berth_swarm_service_tasks_desired",
      help: "Tasks the service should run: its replicas (replicated), one per node it was placed on (global), its completions (job).",
      type: "gauge",
      samples: per(services, (project, service) => ({ labels: { project, service: service.service }, value: service.desired })),
    },
    {
      name: "berth_swarm_service_tasks_running",
      help: "Tasks of the service running on a ready node; a task on a down node does not count, whatever it last reported.",
      type: "gauge",
      samples: per(services, (project, service) => ({ labels: { project, service: service.service }, value: service.running })),
    },
    {
      name: "berth_swarm_service_tasks_lost",
      help: "Tasks of the service that were live on a node that is no longer ready.",
      type: "gauge",
      samples: per(services, (project, service) => ({ labels: { project, service: service.service }, value: service.lost.length })),
    },
  ];
}
