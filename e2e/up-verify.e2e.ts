import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { docker, Scenario } from "./support/scenario.js";

// `berth up --verify`: the deployment proves itself in the same command, journals the run, and
// `berth report` then draws the startup timeline from that journal rather than from the engine.

const stack = new Scenario({
  project: "berthe2e-up-verify",
  cwd: join(import.meta.dirname, "stacks", "four-service"),
  // Images of its own (IMAGE_TAG): e2e/up.e2e.ts, which may run at the same time, rebuilds the
  // frontend's image with another build arg.
  env: { FRONTEND_PORT: "18290", HC_INTERVAL: "5s", BERTH_STABLE_MS: "1000", IMAGE_TAG: "verify" },
});
const stateDir = join(stack.env["BERTH_STATE_DIR"] ?? "", "berthe2e-up-verify");

interface UpVerifyJson {
  ok: boolean;
  services: { service: string; healthyAt: string | null }[];
  verify: { ok: boolean; runId: string; probes: { probe: string; ok: boolean }[]; reports: Record<string, string> };
}

describe("berth up --verify on the four-service stack", () => {
  afterAll(async () => {
    await stack.berth(["down", "-v"]);
    await stack.cleanup();
    await docker(["rmi", ...["frontend", "backend", "migrate"].map((service) => `berthe2e-four-${service}:verify`)]);
  });

  it("comes up, passes its probes, and keeps the run's journal and report", async () => {
    const result = await stack.berth(["up", "--verify", "--json", "--pull", "never"]);
    if (result.code !== 0) throw new Error(`berth up --verify exited ${result.code}:\n${result.stdout}${result.stderr}`);
    const up = JSON.parse(result.stdout) as UpVerifyJson;
    expect(up.ok).toBe(true);
    expect(up.verify.ok).toBe(true);
    expect(up.verify.probes.length).toBeGreaterThan(0);
    expect(up.verify.probes.every((probe) => probe.ok)).toBe(true);

    const runs = await readdir(join(stateDir, "runs"));
    expect(runs).toContain(up.verify.runId);
    const journal = (await readFile(join(stateDir, "runs", up.verify.runId, "journal.jsonl"), "utf8")).trim().split("\n").map((line) => JSON.parse(line) as { type: string; command?: string; ok?: boolean });
    expect(journal[0]).toMatchObject({ type: "run-started", command: "up --verify" });
    expect(journal.filter((entry) => entry.type === "service")).toHaveLength(up.services.length);
    expect(journal.some((entry) => entry.type === "evidence")).toBe(true);
    expect(journal.at(-1)).toMatchObject({ type: "run-finished", ok: true });
  });

  it("reports the startup timeline from the journal of that run", async () => {
    const report = await stack.berth(["report", "--format", "json"]);
    expect(report.code).toBe(0);
    const parsed = JSON.parse(report.stdout) as { timelineSource: string; verdict: { status: string } };
    expect(parsed.timelineSource).toBe("journal");
  });
});
