import type { Service } from "../../compose/model/project.js";
import type { CheckContext, ServiceView } from "../context.js";

/** A service that runs once and exits (migrations, seeders), so health and restart rules skip it. */
export function isOneShot(context: CheckContext, view: ServiceView): boolean {
  const mode = view.service.deploy?.mode;
  if (mode === "replicated-job" || mode === "global-job") return true;
  const neverRestarted = view.service.restart === "no" || view.service.deploy?.restart_policy?.condition === "none";
  if (neverRestarted && /migrat|seed|init|setup/i.test(view.name)) return true;
  return context.services.some((other) => other.service.depends_on?.[view.name]?.condition === "service_completed_successfully");
}

/** The healthcheck test as one command line, or undefined when there is none or it is disabled. */
export function healthcheckLine(service: Service): string | undefined {
  const test = service.healthcheck?.test;
  if (!test || service.healthcheck?.disable === true || test[0] === "NONE") return undefined;
  if (test[0] === "CMD-SHELL") return test.slice(1).join(" ");
  return (test[0] === "CMD" ? test.slice(1) : test).join(" ");
}

/** Whether the final Dockerfile stage declares a HEALTHCHECK other than NONE. */
export function imageHasHealthcheck(view: ServiceView): boolean {
  const checks = view.build?.stage?.instructions.filter((instruction) => instruction.keyword === "HEALTHCHECK") ?? [];
  return checks.length > 0 && checks.at(-1)?.args[0]?.toUpperCase() !== "NONE";
}

export function hasHealthcheck(view: ServiceView): boolean {
  return healthcheckLine(view.service) !== undefined || (view.service.healthcheck === undefined && imageHasHealthcheck(view));
}

/** The service's environment with null (pass-through) values dropped. */
export function environmentOf(service: Service): Record<string, string> {
  return Object.fromEntries(Object.entries(service.environment ?? {}).filter((entry): entry is [string, string] => entry[1] !== null));
}

const secretKeyPattern = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?|_PASS$|^PASS$)/i;
const notSecretPattern = /(_FILE|_PATH|_URL|_HOST|_PORT|_USER|_NAME|_EXPIRE|_LENGTH|_TTL|_ALGORITHM|_ISSUER)$/i;

/** Whether an environment key names a secret (password, token, key) rather than a reference to one. */
export const isSecretKey = (key: string): boolean => secretKeyPattern.test(key) && !notSecretPattern.test(key);

/** Host ports a service publishes, with the host IP they bind (undefined: all interfaces). */
export function publishedPorts(service: Service): { index: number; hostIp: string | undefined; published: string; target: number; protocol: string }[] {
  return (service.ports ?? []).flatMap((port, index) =>
    port.published === undefined || port.published === "" ? [] : [{ index, hostIp: port.host_ip, published: port.published, target: port.target, protocol: port.protocol }],
  );
}

export const isLoopback = (ip: string | undefined): boolean => ip !== undefined && /^(127\.|::1$|\[::1\]$|localhost$)/.test(ip);

/** Every service name and network alias another container may use as a hostname. */
export function knownHostnames(context: CheckContext): ReadonlySet<string> {
  const cached = hostnameCache.get(context);
  if (cached) return cached;
  const names = collectHostnames(context);
  hostnameCache.set(context, names);
  return names;
}

const hostnameCache = new WeakMap<CheckContext, ReadonlySet<string>>();

function collectHostnames(context: CheckContext): Set<string> {
  const names = new Set<string>();
  for (const view of context.services) {
    names.add(view.name);
    if (view.service.container_name) names.add(view.service.container_name);
    if (view.service.hostname) names.add(view.service.hostname);
    for (const network of Object.values(view.service.networks ?? {})) for (const alias of network?.aliases ?? []) names.add(alias);
  }
  for (const name of Object.keys(context.project.meta.disabledServices)) names.add(name);
  return names;
}

/** The view of a service by name or alias. */
export function serviceByHost(context: CheckContext, host: string): ServiceView | undefined {
  return context.services.find((view) => view.name === host) ?? context.services.find((view) => view.name === host || view.service.container_name === host || view.service.hostname === host ||
    Object.values(view.service.networks ?? {}).some((network) => network?.aliases?.includes(host)));
}
