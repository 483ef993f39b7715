import { basename } from "node:path";
import type { Project } from "../compose/model/project.js";
import type { GateProbeFailure } from "../deploy/diagnose/gate-failed.js";
import type { ContainerDetails, Engine } from "../deploy/engine-port.js";
import { runExecProbe } from "../verify/exec-probe.js";
import { isNetworkProbe, runNetworkProbes, type NetworkProbe } from "../verify/network-probes.js";
import type { Observer } from "../verify/observe.js";
import { observeInNetwork } from "../verify/observe-in-network.js";
import { declaredProbes } from "../verify/parse-probes.js";
import type { Evidence, ExecProbe, Probe } from "../verify/probe.js";
import { networkFor } from "../verify/run-probes.js";
import type { VerifyVerdict } from "./rollout-outcome.js";

/** The kinds parse-probes accepts with `gate: true`. */
export type GateProbe = NetworkProbe | ExecProbe;

/** Pure: each service's `gate: true` probes. Throws the located ConfigError of a malformed spec. */
export function gateProbesByService(project: Project): Map<string, GateProbe[]> {
  const gates = new Map<string, GateProbe[]>();
  for (const probe of declaredProbes(project).filter(isGateProbe)) {
    const service = probe.service as string;
    gates.set(service, [...(gates.get(service) ?? []), probe]);
  }
  return gates;
}

function isGateProbe(probe: Probe): probe is GateProbe {
  return probe.gate === true && probe.service !== undefined && (isNetworkProbe(probe) || probe.kind === "exec");
}

/**
 * Pure: a network probe sent to one container's address instead of the service name, which
 * during a rollout still resolves to the old container. The Host header keeps the name the
 * probe was written with, so virtual hosts answer as they would through the name.
 */
export function aimAt(probe: NetworkProbe, address: string): NetworkProbe {
  if (probe.kind === "tcp") return { ...probe, host: address };
  const url = new URL(probe.url);
  const host = url.host;
  url.hostname = address;
  if (probe.kind === "websocket") return { ...probe, url: url.toString() };
  const named = Object.keys(probe.headers).some((name) => name.toLowerCase() === "host");
  return { ...probe, url: url.toString(), headers: named ? probe.headers : { ...probe.headers, Host: host } };
}

export interface GateVerifierOptions {
  readonly engine: Engine;
  readonly project: Project;
  readonly signal: AbortSignal;
  readonly gates: ReadonlyMap<string, readonly GateProbe[]>;
  /** Observes network probes from inside a network (default: a throwaway observer container). */
  readonly observerFor?: (network: string) => Observer;
}

/**
 * The rollout's `verify` hook: runs a service's gate probes against its new container (healthy,
 * not yet in discovery), network probes from inside the service's network at the container's own
 * address, exec probes in the container. Undefined when the project declares no gate probe.
 */
export function gateVerifier(options: GateVerifierOptions): ((service: string, containerId: string) => Promise<VerifyVerdict>) | undefined {
  if (options.gates.size === 0) return undefined;
  return async (service, containerId) => {
    const probes = options.gates.get(service) ?? [];
    if (probes.length === 0) return { ok: true, detail: "no gate probes" };
    const details = await options.engine.inspectContainer(containerId);
    if (!details) return { ok: false, detail: `the new container ${containerId.slice(0, 12)} is gone` };
    const evidence = await runGates(probes, details, service, options);
    const failed = evidence.filter((e) => !e.ok).map(failureOf);
    if (failed.length === 0) return { ok: true, detail: `${probes.length} gate probe(s) passed` };
    const first = failed[0] as GateProbeFailure;
    return { ok: false, detail: `gate probe ${first.probe}: ${first.failures.join("; ")}`, container: details.Name, failed };
  };
}

/**
 * Network probes go to the container's address on the service's network. A container without one
 * (network_mode, which also means stop-first) is probed by name: its old one is stopped by then.
 */
async function runGates(probes: readonly GateProbe[], details: ContainerDetails, service: string, options: GateVerifierOptions): Promise<Evidence[]> {
  const network = networkFor(options.project, service);
  const address = details.NetworkSettings.Networks[network]?.IPAddress || undefined;
  const aimed = probes.filter(isNetworkProbe).map((p) => (address ? aimAt(p, address) : p));
  const seen = await runNetworkProbes(aimed, observerOf(options, network));
  const execs: Evidence[] = [];
  for (const probe of probes) if (probe.kind === "exec") execs.push(await runExecProbe(probe, { engine: options.engine, projectName: options.project.name, signal: options.signal }, details.Id));
  const at = ` at ${details.Name}${address ? ` (${address})` : ""}`;
  return [...seen, ...execs].map((e) => ({ ...e, target: `${e.target}${at}` }));
}

function observerOf(options: GateVerifierOptions, network: string): Observer {
  return options.observerFor?.(network) ?? observeInNetwork({ engine: options.engine, project: options.project.name, network, signal: options.signal });
}

function failureOf(evidence: Evidence): GateProbeFailure {
  const location = evidence.location;
  return {
    probe: evidence.probe,
    target: evidence.target,
    failures: evidence.failures,
    ...(evidence.excerpt === undefined ? {} : { excerpt: evidence.excerpt }),
    ...(location ? { declaredAt: `${basename(location.file)}:${location.line}` } : {}),
  };
}
