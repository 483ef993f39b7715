import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, Scenario } from "./support/scenario.js";

// `berth run` before any `up` (issue 15, found during the session): it failed with "network
// …_backend not found" and left its container behind. It must create what it needs, as compose run does.

const project = "berthe2e-day2-run-first";
const stack = new Scenario({ project, cwd: join(import.meta.dirname, "stacks", "day2-run-first") });
const label = `label=com.docker.compose.project=${project}`;

describe("berth run before any up", () => {
  beforeAll(async () => {
    await stack.cleanup();
  });
  afterAll(async () => {
    await stack.berth(["down", "-v"]);
    await stack.cleanup();
  });

  it("creates the service's network and volume as up would, runs the job and leaves nothing behind with --rm", async () => {
    expect((await docker(["network", "ls", "-q", "--filter", label])).trim()).toBe("");
    const result = await stack.step("run --rm before up", () => stack.berth(["run", "--rm", "job"]));
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain("job ran");
    expect((await docker(["ps", "-aq", "--filter", label])).trim()).toBe("");
    expect((await docker(["network", "ls", "--format", "{{.Name}}", "--filter", label])).trim()).toBe(`${project}_backend`);
    expect((await docker(["volume", "ls", "--format", "{{.Name}}", "--filter", label])).trim()).toBe(`${project}_jobdata`);
  });

  it("a second run reuses them, and down -v removes them", async () => {
    const again = await stack.berth(["run", "--rm", "job", "node", "-e", "console.log(require('fs').readFileSync('/data/mark', 'utf8'))"]);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout.trim()).toBe("x");
    const down = await stack.berth(["down", "-v"]);
    expect(down.code).toBe(0);
    expect((await docker(["network", "ls", "-q", "--filter", label])).trim()).toBe("");
    expect((await docker(["volume", "ls", "-q", "--filter", label])).trim()).toBe("");
  });

  it("up --no-deps web deploys web alone, not the db it depends on", async () => {
    const result = await stack.step("up --no-deps web", () => stack.berth(["up", "--no-deps", "web"]));
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect((await docker(["ps", "-a", "--format", "{{.Names}}", "--filter", label])).trim()).toBe(`${project}-web-1`);
    expect(result.stdout + result.stderr).not.toContain("orphan");
  });

  it("top lists the processes of the running web container", async () => {
    const result = await stack.berth(["top", "web"]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^${project}-web-1\nUID +PID +PPID +C +STIME +TTY +TIME +CMD\n`));
    expect(result.stdout).toMatch(/sleep 100000/);
  });
});
