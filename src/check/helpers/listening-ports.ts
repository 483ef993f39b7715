import type { ServiceView } from "../context.js";
import { environmentOf } from "./service-facts.js";

/**
 * Ports a service's container listens on, from what the stack states: datastore defaults,
 * `expose`, port targets, Dockerfile EXPOSE, a PORT variable. Empty when nothing says.
 */
export function listeningPorts(view: ServiceView): Set<number> {
  const ports = new Set<number>();
  if (view.datastore) ports.add(view.datastore.port);
  for (const port of view.service.ports ?? []) ports.add(port.target);
  for (const exposed of view.service.expose ?? []) ports.add(Number(String(exposed).split("/")[0]));
  const instructions = view.build?.stage ? view.build.stage.instructions : [];
  for (const expose of instructions.filter((instruction) => instruction.keyword === "EXPOSE")) for (const arg of expose.args) ports.add(Number(arg.split("/")[0]));
  const env = environmentOf(view.service);
  for (const key of ["PORT", "APP_PORT", "SERVER_PORT", "HTTP_PORT"]) if (env[key] !== undefined && /^\d+$/.test(env[key]!)) ports.add(Number(env[key]));
  // The command that actually runs (compose's, else the image's CMD/ENTRYPOINT) beats a stale EXPOSE.
  for (const match of commandLine(view).matchAll(/--(?:port|bind)[= ](?:[\d.]+:)?(\d+)|-p\s+(\d+)|:(\d{2,5})\b/g)) ports.add(Number(match[1] ?? match[2] ?? match[3]));
  if (/(^|\/)nginx(:|$)/.test(view.baseImage ?? "")) ports.add(80);
  return new Set([...ports].filter((port) => Number.isFinite(port) && port > 0));
}

function commandLine(view: ServiceView): string {
  const instructions = view.build?.stage?.instructions ?? [];
  const image = instructions.filter((instruction) => instruction.keyword === "ENTRYPOINT" || (view.service.command === null && instruction.keyword === "CMD")).flatMap((instruction) => instruction.args);
  return [...(view.service.entrypoint ?? []), ...(view.service.command ?? []), ...image].join(" ");
}
