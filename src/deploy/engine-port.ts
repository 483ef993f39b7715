/**
 * deploy/ talks to the engine only through src/engine's `Engine` interface; this module names
 * the parts it uses, and the narrow probe result diagnoses keep as evidence.
 */
export type { ContainerDetails, ContainerSummary, Engine, EngineEvent, HealthLogEntry } from "../engine/engine.js";

/** What diagnoses keep of one exec'd healthcheck probe. */
export interface ProbeResult {
  readonly exitCode: number;
  readonly output: string;
  readonly timedOut: boolean;
}
