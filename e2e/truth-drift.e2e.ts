import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, Scenario } from "./support/scenario.js";

// Drift from the image (issue 14 item 9): a module copied into a running container (`docker cp`,
// the root cause of one of our users' reports) is lost on the next recreate. berth verify warns,
// naming the file, and fails nothing; files on the volume or in /tmp are not drift.

const stack = new Scenario({ project: "berthe2e-truth-drift", cwd: join(import.meta.dirname, "stacks", "truth-drift") });
const container = "berthe2e-truth-drift-api-1";
let scratch = "";

describe("berth verify on a container that drifted from its image", () => {
  beforeAll(async () => {
    await stack.cleanup();
    scratch = await mkdtemp(join(tmpdir(), "berth-drift-"));
    await writeFile(join(scratch, "reports.js"), "module.exports = () => 'report';\n");
  });
  afterAll(async () => {
    await stack.berth(["down", "-v"]);
    await stack.cleanup();
    await rm(scratch, { recursive: true, force: true });
  });

  it("passes without a warning while the container is as its image made it", async () => {
    const up = await stack.berth(["up", "--pull", "never"]);
    expect(up.code, up.stdout + up.stderr).toBe(0);
    const verify = await stack.berth(["verify"]);
    await stack.step("verify passes, no drift warning", async () => {
      expect(verify.code, verify.stdout + verify.stderr).toBe(0);
      expect(verify.stdout).not.toContain("neither its image nor a volume");
    });
  });

  it("warns, naming the file copied in, and still passes; the volume and /tmp are not drift", async () => {
    await docker(["cp", join(scratch, "reports.js"), `${container}:/app/reports.js`]);
    await docker(["cp", join(scratch, "reports.js"), `${container}:/data/kept.js`]);
    await docker(["cp", join(scratch, "reports.js"), `${container}:/tmp/scratch.js`]);
    const verify = await stack.berth(["verify"]);
    await stack.step("exit 0 with one drift warning naming /app/reports.js only", async () => {
      expect(verify.code, verify.stdout + verify.stderr).toBe(0);
      expect(verify.stdout).toMatch(/warning: service api has 1 file\(s\) in its container that are in neither its image nor a volume \(\/app\/reports\.js\): the next recreate loses them/);
      expect(verify.stdout).not.toContain("/data/kept.js");
      expect(verify.stdout).not.toContain("/tmp/scratch.js");
    });
    const report = await stack.berth(["report", "--format", "json"]);
    await stack.step("the report carries it as a warning, never a reason", async () => {
      const json = JSON.parse(report.stdout) as { verdict: { status: string; reasons: string[]; warnings: string[] }; services: { service: string; drift?: string[] }[] };
      expect(json.verdict.reasons).toEqual([]);
      expect(json.verdict.warnings.some((w) => w.includes("/app/reports.js"))).toBe(true);
      expect(json.services.find((s) => s.service === "api")?.drift).toEqual(["/app/reports.js"]);
    });
  });
});
