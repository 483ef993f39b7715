import { isDeepStrictEqual } from "node:util";
import type { HttpProbe } from "./probe.js";
import type { Verdict } from "./evidence.js";
import { roundMs } from "./evidence.js";
import type { Observation } from "./observe.js";

/** Judges one HTTP observation against the probe's expectations. */
export function judgeHttp(probe: HttpProbe, seen: Observation): Verdict {
  const target = `${probe.method} ${probe.url} (from ${probe.from})`;
  if (seen.error !== undefined || seen.status === undefined) {
    return { target, failures: [`no HTTP answer: ${seen.error ?? "unknown error"}`], passSummary: "", facts: { latencyMs: seen.elapsedMs }, hint: unreachableHint(probe) };
  }
  const failures = [...statusFailures(probe, seen.status, seen.statusText), ...headerFailures(probe, seen), ...bodyFailures(probe, seen.body ?? ""), ...latencyFailures(probe, seen.elapsedMs)];
  return {
    target,
    failures,
    // A 4xx accepted by an inferred "any answer below 500" proves the server is reachable, not that it works.
    passSummary: `${seen.status} ${seen.statusText ?? ""} in ${roundMs(seen.elapsedMs)}${seen.status >= 400 && probe.expect.status.length === 0 ? " (reachable: it answers, but not with a success)" : ""}`.replace("  ", " "),
    facts: httpFacts(seen),
    excerpt: seen.body,
    hint: statusHint(seen.status),
  };
}

function httpFacts(seen: Observation): Record<string, string | number> {
  const facts: Record<string, string | number> = { status: seen.status ?? 0, latencyMs: seen.elapsedMs };
  const header = (name: string) => seen.headers?.[name];
  for (const name of ["content-type", "server"]) {
    const value = header(name);
    if (typeof value === "string") facts[name] = value;
  }
  return facts;
}

function statusFailures(probe: HttpProbe, status: number, text: string | undefined): string[] {
  const accepted = probe.expect.status;
  const below = probe.expect.statusBelow ?? 400;
  const ok = accepted.length === 0 ? status < below : accepted.includes(status);
  return ok ? [] : [`expected status ${accepted.length === 0 ? `below ${below}` : accepted.join(" or ")}, got ${status} ${text ?? ""}`.trim()];
}

function headerFailures(probe: HttpProbe, seen: Observation): string[] {
  return Object.entries(probe.expect.headers).flatMap(([name, wanted]) => {
    const raw = seen.headers?.[name];
    const value = Array.isArray(raw) ? raw.join(", ") : raw;
    if (value === undefined) return [`expected header ${name}, but the response has none`];
    return value.includes(wanted) ? [] : [`expected header ${name} to contain ${JSON.stringify(wanted)}, got ${JSON.stringify(value)}`];
  });
}

function bodyFailures(probe: HttpProbe, body: string): string[] {
  const missing = probe.expect.bodyContains.filter((text) => !body.includes(text)).map((text) => `expected the body to contain ${JSON.stringify(text)}`);
  return [...missing, ...jsonFailures(probe.expect.json, body)];
}

function jsonFailures(expected: Readonly<Record<string, unknown>>, body: string): string[] {
  const paths = Object.entries(expected);
  if (paths.length === 0) return [];
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch {
    return [`expected a JSON body, got ${JSON.stringify(body.slice(0, 80))}`];
  }
  return paths.flatMap(([path, wanted]) => {
    const actual = valueAtPath(document, path);
    return isDeepStrictEqual(actual, wanted) ? [] : [`expected JSON ${path} = ${JSON.stringify(wanted)}, got ${actual === undefined ? "nothing" : JSON.stringify(actual)}`];
  });
}

/** `data.items.0.id` → document.data.items[0].id; undefined when any step is missing. */
export function valueAtPath(document: unknown, path: string): unknown {
  let current = document;
  for (const step of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}

function latencyFailures(probe: HttpProbe, elapsedMs: number): string[] {
  const bound = probe.expect.maxLatencyMs;
  return bound !== undefined && elapsedMs > bound ? [`expected an answer within ${roundMs(bound)}, took ${roundMs(elapsedMs)}`] : [];
}

function unreachableHint(probe: HttpProbe): string {
  const url = new URL(probe.url);
  return probe.from === "host"
    ? `nothing answered on ${url.host}: is the port published on 127.0.0.1 and the service running?`
    : `nothing answered at ${url.host} inside the project network: is the service running and listening on that port?`;
}

function statusHint(status: number): string | undefined {
  if (status === 502 || status === 504) return "the proxy answered but its upstream did not: look at the upstream service's health and logs";
  if (status >= 500) return "the service failed while answering: the body excerpt and the service's logs show why";
  if (status === 404) return "the path is not served: check the route or the proxy's location blocks";
  return undefined;
}
