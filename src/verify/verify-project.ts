import type { Project } from "../compose/model/project.js";
import type { Engine } from "../engine/engine.js";
import { isNginxImage } from "../check/knowledge/service-kinds.js";
import { isOpinion } from "../report/verdict.js";
import { explainWebsocketFailures } from "./explain-websocket.js";
import { inferProbes } from "./infer-probes.js";
import { declaredProbes } from "./parse-probes.js";
import type { Evidence, Probe } from "./probe.js";
import { runProbes } from "./run-probes.js";
import { findServiceContainer } from "./service-container.js";

/** `auto`: declared probes, or inferred ones when the stack declares none. */
export type InferMode = "auto" | "always" | "never";

export interface VerifyOptions {
  readonly engine: Engine;
  readonly project: Project;
  readonly signal?: AbortSignal;
  readonly infer?: InferMode;
  readonly observerImage?: string;
  /** Run only the probes with these names. */
  readonly only?: readonly string[];
  /** Where the probes run and where nginx configs come from, when not this engine's containers (a Swarm manager). */
  readonly target?: ProbeTarget;
}

/** A deployment target other than one engine's containers: it runs the probes and reads nginx configs its own way. */
export interface ProbeTarget {
  runProbes(probes: readonly Probe[]): Promise<Evidence[]>;
  nginxConfigs(): Promise<Record<string, string>>;
}

export interface VerifyOutcome {
  readonly probes: readonly Probe[];
  readonly evidence: readonly Evidence[];
  readonly ok: boolean;
}

/** `berth verify` without the CLI: choose the probes, run them, return the evidence. */
export async function verifyProject(options: VerifyOptions): Promise<VerifyOutcome> {
  const probes = (await chooseProbes(options)).filter((probe) => options.only === undefined || options.only.length === 0 || options.only.includes(probe.name));
  const observed = options.target ? await options.target.runProbes(probes) : await runProbes(probes, { engine: options.engine, project: options.project, ...(options.signal ? { signal: options.signal } : {}), ...(options.observerImage ? { observerImage: options.observerImage } : {}) });
  // nginx configs are read again only when a websocket probe failed, to name the location at fault.
  const wsFailed = observed.some((e) => e.kind === "websocket" && !e.ok);
  const evidence = wsFailed ? explainWebsocketFailures(observed, probes, options.project, await nginxConfigsOf(options)) : observed;
  // An inferred opinion that failed is a warning in the report, never a failed verify (docs/verdict.md).
  return { probes, evidence, ok: evidence.every((e) => e.ok || isOpinion(e)) };
}

async function chooseProbes(options: VerifyOptions): Promise<Probe[]> {
  const declared = declaredProbes(options.project);
  const mode = options.infer ?? "auto";
  if (mode === "never" || (mode === "auto" && declared.length > 0)) return declared;
  const inferred = inferProbes(options.project, { nginxConfigs: await nginxConfigsOf(options) });
  const names = new Set(declared.map((probe) => probe.name));
  return [...declared, ...inferred.filter((probe) => !names.has(probe.name))];
}

const nginxConfigsOf = (options: VerifyOptions): Promise<Record<string, string>> => (options.target ? options.target.nginxConfigs() : readNginxConfigs(options.engine, options.project));

/**
 * `nginx -T` of each running service that may be nginx (an nginx image, or any published service:
 * a custom image built FROM nginx says nothing in its name), as nginx itself resolved it.
 */
async function readNginxConfigs(engine: Engine, project: Project): Promise<Record<string, string>> {
  const configs: Record<string, string> = {};
  for (const service of Object.values(project.services).filter((s) => isNginxImage(s.image) || (s.ports ?? []).some((p) => p.published !== undefined))) {
    const details = await findServiceContainer({ engine, projectName: project.name }, service.name);
    if (details?.State.Running !== true) continue;
    const result = await engine.exec(details.Id, { command: ["nginx", "-T"], timeoutMs: 10_000 }).catch(() => undefined);
    if (result?.exitCode === 0 && /configuration file/.test(result.stdout + result.stderr)) configs[service.name] = result.stdout;
  }
  return configs;
}
