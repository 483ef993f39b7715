import { basename } from "node:path";
import type { Project } from "../compose/model/project.js";
import type { GateProbeFailure } from "../deploy/diagnose/gate-failed.js";
import type { ContainerDetails, Engine } from "../deploy/engine-port.js";
import { runExecProbe } from "../verify/exec-probe.js";
import { isNetworkProbe, runNetworkProbes, type NetworkProbe } from "../verify/network-probes.js";
import type { Observer } from "../verify/observe.js";
import { declaredProbes } from "../verify/parse-probes.js";
import type { Evidence, ExecProbe, Probe } from "../verify/probe.js";
import { networkFor } from "../verify/run-probes.js";
import type { VerifyVerdict } from "./rollout-outcome.js";
import { standingObserver, type StandingObserver } from "./standing-observer.js";

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
  /** Observes network probes from inside a network (default: a standing observer container, standing-observer.ts). */
  readonly observerFor?: (network: string) => Observer;
}

/** A rollout's gate probes: `verify` is the rollout's hook, `warm` starts what it needs early, `close` removes it. */
export interface GateVerifier {
  readonly verify: (service: string, containerId: string) => Promise<VerifyVerdict>;
  /** Starts the observer a service's network probes need, beside the successor's own start. */
  readonly warm: (service: string) => void;
  /** Removes the observers started; call once the rollouts are over. */
  readonly close: () => Promise<void>;
}

/**
 * Runs a service's gate probes against its new container (healthy, not yet in discovery):
 * network probes from inside the service's network at the container's own address, exec probes in
 * the container. Undefined when the project declares no gate probe.
 */
export function gateVerifier(options: GateVerifierOptions): GateVerifier | undefined {
  if (options.gates.size === 0) return undefined;
  const standing = new Map<string, StandingObserver>();
  const observerOf = (network: string): Observer => {
    if (options.observerFor) return options.observerFor(network);
    const existing = standing.get(network) ?? standingObserver({ engine: options.engine, project: options.project.name, network });
    standing.set(network, existing);
    return existing.observe;
  };
  const verify = async (service: string, containerId: string): Promise<VerifyVerdict> => {
    const probes = options.gates.get(service) ?? [];
    if (probes.length === 0) return { ok: true, detail: "no gate probes" };
    const details = await options.engine.inspectContainer(containerId);
    if (!details) return { ok: false, detail: `the new container ${containerId.slice(0, 12)} is gone` };
    const evidence = await runGates(probes, details, service, { ...options, observerOf });
    const failed = evidence.filter((e) => !e.ok).map(failureOf);
    if (failed.length === 0) return { ok: true, detail: `${probes.length} gate probe(s) passed` };
    const first = failed[0] as GateProbeFailure;
    return { ok: false, detail: `gate probe ${first.probe}: ${first.failures.join("; ")}`, container: details.Name, failed };
  };
  const warm = (service: string): void => {
    if ((options.gates.get(service) ?? []).some(isNetworkProbe)) observerOf(networkFor(options.project, service));
  };
  const close = async (): Promise<void> => {
    await Promise.all([...standing.values()].map((observer) => observer.close()));
    standing.clear();
  };
  return { verify, warm, close };
}

/**
 * Network probes go to the container's address on the service's network. A container without one
 * (network_mode, which also means stop-first) is probed by name: its old one is stopped by then.
 */
async function runGates(probes: readonly GateProbe[], details: ContainerDetails, service: string, options: GateVerifierOptions & { observerOf: (network: string) => Observer }): Promise<Evidence[]> {
  const network = networkFor(options.project, service);
  const address = details.NetworkSettings.Networks[network]?.IPAddress || undefined;
  const aimed = probes.filter(isNetworkProbe).map((p) => (address ? aimAt(p, address) : p));
  const seen = await runNetworkProbes(aimed, options.observerOf(network));
  const execs: Evidence[] = [];
  for (const probe of probes) if (probe.kind === "exec") execs.push(await runExecProbe(probe, { engine: options.engine, projectName: options.project.name, signal: options.signal }, details.Id));
  const at = ` at ${details.Name}${address ? ` (${address})` : ""}`;
  return [...seen, ...execs].map((e) => ({ ...e, target: `${e.target}${at}` }));
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
