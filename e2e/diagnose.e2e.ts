import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { docker, Scenario } from "./support/scenario.js";

// Every diagnosis code of `berth up`, provoked for real: one small stack per code under
// stacks/diagnose/<code>/, and `berth up --json` must name the code for the failing service.

interface Diagnosis {
  code: string;
  message: string;
  evidence: Record<string, unknown>;
  hint: string;
}

interface UpJson {
  ok: boolean;
  services: { service: string; state: string; diagnoses: Diagnosis[] }[];
}

interface Case {
  readonly code: string;
  readonly service: string;
  readonly check?: (diagnosis: Diagnosis) => void;
}

const cases: readonly Case[] = [
  { code: "build-failed", service: "app", check: (d) => expect(d.evidence["step"]).toMatch(/RUN echo "compiling the app" && make app/) },
  { code: "image-not-found", service: "cache", check: (d) => expect(d.evidence["image"]).toBe("redis:7.9-typo") },
  { code: "port-in-use", service: "web", check: (d) => expect(String(d.evidence["heldBy"])).toMatch(/process \d+/) },
  { code: "exit-nonzero", service: "worker", check: (d) => expect(d.evidence).toMatchObject({ exitCode: 3, logTail: expect.stringContaining("fatal: cannot open") }) },
  { code: "oom-killed", service: "hog" },
  { code: "crash-loop", service: "api", check: (d) => expect(d.evidence["logTail"]).toContain("license server unreachable") },
  { code: "unhealthy", service: "cache" },
  { code: "healthcheck-command-missing", service: "cache", check: (d) => expect(d.evidence["output"]).toMatch(/curl/) },
  { code: "mount-source-missing", service: "web", check: (d) => expect(d.evidence["source"]).toMatch(/conf\/site\.conf$/) },
  { code: "permission-denied", service: "app", check: (d) => expect(d.evidence).toMatchObject({ user: "node", line: expect.stringContaining("/data/state.json") }) },
  { code: "missing-env", service: "api", check: (d) => expect(d.evidence).toMatchObject({ variable: "DATABASE_URL", inContainer: "empty" }) },
  { code: "dependency-failed", service: "api", check: (d) => expect(d.evidence["blockedBy"]).toEqual(["db"]) },
  { code: "no-output", service: "job", check: (d) => expect(JSON.stringify(d.evidence["diagnosticRun"])).toContain("test -f /etc/job.conf") },
];

const scenarios: Scenario[] = [];

/** Holds 127.0.0.1:18120 the way a forgotten dev server would. */
function holdPort(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

describe("berth up diagnoses", () => {
  afterAll(async () => {
    for (const scenario of scenarios) await scenario.cleanup();
  });

  for (const testCase of cases) {
    it(`names ${testCase.code}`, async () => {
      const scenario = new Scenario({
        project: `berthe2e-up-diag-${testCase.code}`,
        cwd: join(import.meta.dirname, "stacks", "diagnose", testCase.code),
        env: { BERTH_STABLE_MS: "2000" },
      });
      scenarios.push(scenario);
      await scenario.cleanup();
      const blocker = testCase.code === "port-in-use" ? await holdPort(18120) : undefined;
      try {
        const result = await scenario.berth(["up", "--json", "--pull", "never", "--wait-timeout", "60"]);
        await scenario.step(`up fails with ${testCase.code}`, async () => {
          expect(result.code).toBe(1);
          const parsed = JSON.parse(result.stdout) as UpJson;
          expect(parsed.ok).toBe(false);
          const diagnoses = parsed.services.find((s) => s.service === testCase.service)?.diagnoses ?? [];
          expect(diagnoses.map((d) => d.code)).toContain(testCase.code);
          const diagnosis = diagnoses.find((d) => d.code === testCase.code) as Diagnosis;
          expect(diagnosis.message.length).toBeGreaterThan(10);
          expect(diagnosis.hint.length).toBeGreaterThan(10);
          testCase.check?.(diagnosis);
        });
      } finally {
        blocker?.close();
        await scenario.berth(["down", "-v", "--rmi", "local"]);
      }
    });
  }
});

describe("berth up honours pull_policy (no registry answers here)", () => {
  const localCopy = "127.0.0.1:18449/berthe2e-h3/cache:1";
  const scenarios: Scenario[] = [];
  afterAll(async () => {
    for (const scenario of scenarios) await scenario.cleanup();
    await docker(["rmi", localCopy]);
  });

  async function upIn(stack: string): Promise<{ code: number; diagnoses: Diagnosis[] }> {
    const scenario = new Scenario({ project: `berthe2e-h3-${stack}`, cwd: join(import.meta.dirname, "stacks", "diagnose", stack), env: {} });
    scenarios.push(scenario);
    await scenario.cleanup();
    const result = await scenario.berth(["up", "--json", "--wait-timeout", "30"]);
    const parsed = JSON.parse(result.stdout) as UpJson;
    return { code: result.code, diagnoses: parsed.services.find((s) => s.service === "cache")?.diagnoses ?? [] };
  }

  it("always: the pull fails and berth says the local copy exists instead of running it", async () => {
    await docker(["tag", "debian:bookworm-slim", localCopy]);
    const { code, diagnoses } = await upIn("pull-failed");
    expect(code).toBe(1);
    expect(diagnoses.map((d) => d.code)).toEqual(["pull-failed"]);
    expect(diagnoses[0]?.message).toMatch(/registry did not answer/);
    expect(diagnoses[0]?.evidence).toMatchObject({ image: localCopy, localCopy: true, error: expect.stringMatching(/connection refused/) });
    expect(diagnoses[0]?.hint).toContain("pull_policy: missing");
    expect(await docker(["ps", "-aq", "--filter", "label=com.docker.compose.project=berthe2e-h3-pull-failed"])).toBe("");
  });

  it("never: a missing image is image-not-found, with the policy in the message", async () => {
    const { code, diagnoses } = await upIn("pull-never");
    expect(code).toBe(1);
    expect(diagnoses.map((d) => d.code)).toEqual(["image-not-found"]);
    expect(diagnoses[0]?.message).toContain("pull_policy is never");
  });
});
