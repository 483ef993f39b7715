import { describe, expect, it } from "vitest";
import { composeLabel } from "../engine/labels.js";
import { FakeEngine } from "../engine/fake-engine.js";
import { runHealthProbe } from "./health-probe.js";

const probe = { kind: "health", name: "api-health", service: "api" } as const;
const labels = { [composeLabel.project]: "shop", [composeLabel.service]: "api", [composeLabel.oneoff]: "False" };

async function apiContainer(exitCode: number): Promise<FakeEngine> {
  const engine = new FakeEngine({ images: ["node:20"], behave: () => ({ health: "starting", exec: () => ({ exitCode, stdout: exitCode === 0 ? "ok" : "refused" }) }) });
  const id = await engine.createContainer({ name: "shop-api-1", Image: "node:20", Labels: labels, Healthcheck: { Test: ["CMD", "node", "check.js"] } });
  await engine.startContainer(id);
  return engine;
}

describe("runHealthProbe", () => {
  it("runs the healthcheck itself while the engine has not checked yet, and passes on exit 0", async () => {
    const engine = await apiContainer(0);
    const evidence = await runHealthProbe(probe as never, { engine, projectName: "shop" });
    expect(evidence.summary).toContain("berth ran the healthcheck");
    expect(evidence.ok).toBe(true);
    expect(evidence.facts).toMatchObject({ checkedBy: "berth", exitCode: 0 });
  });

  it("fails with the command's exit code and output when the healthcheck fails", async () => {
    const evidence = await runHealthProbe(probe as never, { engine: await apiContainer(1), projectName: "shop" });
    expect(evidence.ok).toBe(false);
    expect(evidence.summary).toContain("exited 1");
  });
});
