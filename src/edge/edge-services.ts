import type { Project, Service, ServicePort } from "../compose/model/project.js";
import { hasHealthcheck, isJob, networkKeysOf, volumeKeysOf } from "../plan/desired.js";
import { holderScript } from "./holder-script.js";

/** The image the port holder runs: the stock Node image berth's gate probes already use. */
export const holderImage = "node:20-bookworm-slim";
/** Label on a port holder naming the service it fronts. */
export const edgeForLabel = "io.berth.edge-for";

/** Why a service that publishes host ports gets no port holder, or undefined when it gets one. */
export function edgeBlocker(project: Project, service: Service): string | undefined {
  const published = (service.ports ?? []).filter((port) => port.published !== undefined);
  if (published.length === 0) return "publishes no host port";
  if (edgeOptOut(service)) return "x-berth.edge: false";
  if (published.some((port) => port.protocol !== "tcp")) return "publishes a UDP port (the holder forwards TCP only)";
  if (published.some((port) => port.published?.includes("-"))) return "publishes a port range";
  if (!hasHealthcheck(service)) return "no healthcheck to tell when a new container is ready";
  if (service.container_name) return "fixed container_name";
  if (service.network_mode) return `network_mode ${service.network_mode}`;
  if (volumeKeysOf(service).length > 0) return "mounts a named volume (stateful)";
  if (isJob(project, service.name)) return "a one-shot job";
  return undefined;
}

function edgeOptOut(service: Service): boolean {
  const berth = service["x-berth"];
  return typeof berth === "object" && berth !== null && (berth as Record<string, unknown>)["edge"] === false;
}

/**
 * Pure: the project berth deploys. Every stateless service with a healthcheck that publishes TCP
 * host ports (the nginx/SPA front of most stacks) is deployed without them, and a port holder
 * service `<name>-edge` publishes them instead and forwards to the service by name (see
 * holder-script.ts). The holder's definition depends only on the ports and the network, so it is
 * created once and never replaced by an update; the service behind it rolls start-first like any
 * other. The compose file itself is untouched: `docker compose up` publishes the ports directly.
 */
export function withEdges(project: Project): Project {
  const fronted = Object.values(project.services).filter((service) => edgeBlocker(project, service) === undefined);
  if (fronted.length === 0) return project;
  const services: Record<string, Service> = { ...project.services };
  for (const service of fronted) {
    const name = edgeNameOf(project, service.name);
    services[service.name] = { ...service, ports: (service.ports ?? []).filter((port) => port.published === undefined) };
    services[name] = holderService(name, service);
  }
  return { ...project, services };
}

/** `<service>-edge`, or `<service>-berth-edge` when the files already use that name. */
export function edgeNameOf(project: Project, service: string): string {
  const plain = `${service}-edge`;
  const taken = project.services[plain] && project.services[plain].labels?.[edgeForLabel] !== service;
  return taken ? `${service}-berth-edge` : plain;
}

/** The holder of a service's published ports, as a compose service. */
function holderService(name: string, service: Service): Service {
  const published = (service.ports ?? []).filter((port) => port.published !== undefined);
  const [network] = networkKeysOf(service);
  return {
    name,
    image: holderImage,
    command: ["node", "-e", holderScript],
    entrypoint: null,
    environment: { BERTH_EDGE_TARGET: service.name, BERTH_EDGE_PORTS: [...new Set(published.map((port) => port.target))].join(",") },
    ports: published.map((port): ServicePort => ({ ...port })),
    ...(service.networks && network ? { networks: { [network]: null } } : {}),
    depends_on: { [service.name]: { condition: "service_healthy", required: true } },
    labels: { [edgeForLabel]: service.name },
    restart: "unless-stopped",
    stop_grace_period: "2s",
    mem_limit: "64m",
    ...(service.logging ? { logging: service.logging } : {}),
  };
}

/** The service a holder fronts, read from its label; undefined for any other service. */
export function frontedBy(service: Service): string | undefined {
  return service.labels?.[edgeForLabel];
}
