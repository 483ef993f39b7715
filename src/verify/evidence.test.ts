import { describe, expect, it } from "vitest";
import { excerptOf, roundMs, toEvidence, type Verdict } from "./evidence.js";
import type { Probe } from "./probe.js";

const probe: Probe = {
  name: "api-health",
  kind: "http",
  service: "api",
  timeoutMs: 5000,
  from: "host",
  method: "GET",
  url: "http://127.0.0.1:8080/health",
  headers: {},
  expect: { status: [200], headers: {}, json: {}, bodyContains: [] },
  location: { file: "compose.yaml", line: 12, column: 7 },
};
const startedAt = new Date("2026-01-02T03:04:05.000Z");
const verdict = (over: Partial<Verdict>): Verdict => ({ target: "http://127.0.0.1:8080/health", failures: [], passSummary: "200 OK in 14 ms", facts: { status: 200 }, ...over });

describe("toEvidence", () => {
  it("passes with the pass summary and leaves the hint out", () => {
    const evidence = toEvidence(probe, verdict({ hint: "check the logs" }), startedAt, 14.4);
    expect(evidence).toEqual({
      probe: "api-health", kind: "http", service: "api", target: "http://127.0.0.1:8080/health", ok: true, summary: "200 OK in 14 ms",
      failures: [], facts: { status: 200 }, startedAt: "2026-01-02T03:04:05.000Z", durationMs: 14, location: { file: "compose.yaml", line: 12, column: 7 },
    });
  });
  it("fails with every failure in the summary, the hint and the excerpt", () => {
    const evidence = toEvidence(probe, verdict({ failures: ["status 502, expected 200", "body lacks \"ok\""], hint: "is the upstream up?", excerpt: "  <html>Bad Gateway</html>\n" }), startedAt, 30);
    expect(evidence).toMatchObject({ ok: false, summary: 'status 502, expected 200; body lacks "ok"', hint: "is the upstream up?", excerpt: "<html>Bad Gateway</html>" });
  });
  it("leaves out an empty excerpt and the fields a probe did not set", () => {
    const bare: Probe = { name: "db", kind: "tcp", timeoutMs: 1000, from: "network", host: "db", port: 5432 };
    const evidence = toEvidence(bare, verdict({ excerpt: "" }), startedAt, 1);
    expect(Object.keys(evidence).filter((key) => ["excerpt", "service", "location", "inferredFrom", "hint"].includes(key))).toEqual([]);
  });
  it("keeps what the probe was inferred from", () => {
    expect(toEvidence({ ...probe, inferredFrom: "ports 8080:80" }, verdict({}), startedAt, 1).inferredFrom).toBe("ports 8080:80");
  });
});

describe("excerptOf", () => {
  it("keeps short text whole, trimmed", () => expect(excerptOf("\n  Traceback: boom  \n")).toBe("Traceback: boom"));
  it("cuts long text at 600 characters and says how much is left", () => {
    expect(excerptOf("x".repeat(650))).toBe(`${"x".repeat(600)} …(50 more characters)`);
  });
  it("rounds milliseconds for display", () => expect(roundMs(13.6)).toBe("14 ms"));
});
