import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { docker, Scenario } from "./support/scenario.js";

// `berth up` under interruption: two at once never interleave, Ctrl-C stops cleanly, and a
// berth killed midway leaves a state the next `up` converges from.

const project = "berthe2e-up-resilience";
const stack = new Scenario({ project, cwd: join(import.meta.dirname, "stacks", "slow-pair"), env: { BERTH_STABLE_MS: "500" } });

async function containers(): Promise<string[]> {
  const out = await docker(["ps", "-a", "--filter", `label=com.docker.compose.project=${project}`, "--format", "{{.Names}} {{.State}}"]);
  return out.split("\n").filter(Boolean).sort();
}

async function untilSomeContainer(): Promise<void> {
  for (let i = 0; i < 200 && (await containers()).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
}

describe("berth up under interruption", () => {
  beforeEach(async () => stack.cleanup());
  afterAll(async () => stack.cleanup());

  it("runs two concurrent ups one after the other", async () => {
    const first = stack.startBerth(["up", "--pull", "never"]);
    await untilSomeContainer();
    const second = await stack.berth(["up", "--pull", "never"]);
    const firstResult = await first.done;
    await stack.step("both succeed, the second after waiting", async () => {
      expect(firstResult.code).toBe(0);
      expect(second.code).toBe(0);
      expect(second.stderr).toContain("waiting for another berth");
      expect(await containers()).toEqual([`${project}-app-1 running`, `${project}-db-1 running`]);
    });
  });

  it("stops cleanly on Ctrl-C and the next up converges", async () => {
    const run = stack.startBerth(["up", "--pull", "never"]);
    await untilSomeContainer();
    run.child.kill("SIGINT");
    const interrupted = await run.done;
    await stack.step("interrupted with 130, app never started", async () => {
      expect(interrupted.code).toBe(130);
      expect(interrupted.stdout).toContain("interrupted");
      expect(await containers()).not.toContain(`${project}-app-1 running`);
    });
    await stack.step("the next up converges", async () => expect((await stack.berth(["up", "--pull", "never"])).code).toBe(0));
  });

  it("recovers from a berth killed midway (stale lock, half-made stack)", async () => {
    const run = stack.startBerth(["up", "--pull", "never"]);
    await untilSomeContainer();
    run.child.kill("SIGKILL");
    await run.done;
    const next = await stack.berth(["up", "--pull", "never"]);
    await stack.step("the next up converges", async () => {
      expect(next.code).toBe(0);
      expect(await containers()).toEqual([`${project}-app-1 running`, `${project}-db-1 running`]);
    });
  });

  it("lists and takes down a stack by project name alone, without its compose file", async () => {
    expect((await stack.berth(["up", "--pull", "never"])).code).toBe(0);
    const elsewhere = new Scenario({ project, cwd: mkdtempSync(join(tmpdir(), "berth-e2e-noname-")) });
    const ps = await elsewhere.berth(["ps", "-p", project]);
    const down = await elsewhere.berth(["down", "-p", project, "-t", "1"]);
    await stack.step("ps and down found the stack by its labels", async () => {
      expect(ps.stdout).toMatch(new RegExp(`${project}-app-1\\s+app\\s+Up`));
      expect(down.code).toBe(0);
      expect(await containers()).toEqual([]);
    });
  });
});
