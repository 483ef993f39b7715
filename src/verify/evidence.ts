import type { Evidence, Probe } from "./probe.js";

/** The parts of Evidence a judge decides; the rest comes from the probe itself. */
export interface Verdict {
  readonly target: string;
  readonly failures: readonly string[];
  /** One line for a passing probe (`200 OK in 14 ms`); a failing one is summed up by its first failure. */
  readonly passSummary: string;
  readonly facts: Evidence["facts"];
  readonly excerpt?: string | undefined;
  readonly hint?: string | undefined;
}

export function toEvidence(probe: Probe, verdict: Verdict, startedAt: Date, durationMs: number): Evidence {
  const ok = verdict.failures.length === 0;
  return {
    probe: probe.name,
    kind: probe.kind,
    ...(probe.service === undefined ? {} : { service: probe.service }),
    ...(probe.inferredFrom === undefined ? {} : { inferredFrom: probe.inferredFrom }),
    target: verdict.target,
    ok,
    summary: ok ? verdict.passSummary : verdict.failures.join("; "),
    failures: verdict.failures,
    facts: verdict.facts,
    ...(verdict.excerpt === undefined || verdict.excerpt === "" ? {} : { excerpt: excerptOf(verdict.excerpt) }),
    ...(ok || verdict.hint === undefined ? {} : { hint: verdict.hint }),
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(durationMs),
    ...(probe.location === undefined ? {} : { location: probe.location }),
  };
}

const excerptLimit = 600;

/** The head of a long text, trimmed, with a marker when cut. */
export function excerptOf(text: string): string {
  const trimmed = text.trim();
  return trimmed.length <= excerptLimit ? trimmed : `${trimmed.slice(0, excerptLimit)} …(${trimmed.length - excerptLimit} more characters)`;
}

export const roundMs = (ms: number): string => `${Math.round(ms)} ms`;
