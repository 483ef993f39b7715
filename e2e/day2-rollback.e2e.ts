import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, Scenario } from "./support/scenario.js";

// A rollback sticks (issue 15 item 3): version 1 deployed, version 2 deployed (a code change that
// a plain up rebuilds), `berth rollback` back to 1; a plain `berth up`, and one that adds a profile
// service, keep version 1 and say so; `berth up --release latest` deploys version 2 again.

const project = "berthe2e-day2-rollback";
const image = "berthe2e-day2-rollback-app:e2e";
const dir = mkdtempSync(join(tmpdir(), "berth-day2-rollback-"));
cpSync(join(import.meta.dirname, "stacks", "day2-rollback"), dir, { recursive: true });
const stack = new Scenario({ project, cwd: dir, env: { BERTH_STABLE_MS: "500" } });
const stateDir = join(stack.env["BERTH_STATE_DIR"] as string, project);
const imageIds = new Set<string>();

async function appImageId(): Promise<string> {
  const id = (await docker(["ps", "-q", "--filter", `label=com.docker.compose.project=${project}`, "--filter", "label=com.docker.compose.service=app"])).trim().split("\n")[0] ?? "";
  return (await docker(["inspect", "-f", "{{.Image}}", id])).trim();
}

async function servedVersion(): Promise<string> {
  const id = (await docker(["ps", "-q", "--filter", `label=com.docker.compose.project=${project}`, "--filter", "label=com.docker.compose.service=app"])).trim().split("\n")[0] ?? "";
  const script = "require('http').get('http://127.0.0.1:8080', (r) => r.on('data', (d) => process.stdout.write(d)))";
  return (await docker(["exec", id, "node", "-e", script])).trim();
}

async function tagId(): Promise<string> {
  return (await docker(["image", "inspect", "-f", "{{.Id}}", image])).trim();
}

describe("a rollback sticks until the user deploys a new build or says so", () => {
  beforeAll(async () => {
    await stack.cleanup();
    rmSync(stateDir, { recursive: true, force: true });
    const first = await stack.berth(["up", "-q"]);
    if (first.code !== 0) throw new Error(`first up: ${first.stdout}${first.stderr}`);
    imageIds.add(await tagId());
    writeFileSync(join(dir, "app", "version.txt"), "2\n");
    const second = await stack.berth(["up", "-q"]);
    if (second.code !== 0) throw new Error(`second up: ${second.stdout}${second.stderr}`);
    imageIds.add(await tagId());
  }, 240_000);
  afterAll(async () => {
    await stack.berth(["down", "-v"]);
    await stack.cleanup();
    for (const id of imageIds) await docker(["rmi", "-f", id]).catch(() => "");
    rmSync(stateDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it("version 2 runs before the rollback", async () => {
    expect(await servedVersion()).toBe("version 2");
  });

  it("rollback returns to version 1 and pins it; logs --previous shows the containers up and rollback replaced", async () => {
    const version2 = (await docker(["ps", "-q", "--filter", `label=com.docker.compose.project=${project}`, "--filter", "label=com.docker.compose.service=app"])).trim();
    const result = await stack.step("rollback", () => stack.berth(["rollback"]));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/rollback to #1: deployed/);
    expect(await servedVersion()).toBe("version 1");
    expect(JSON.parse(readFileSync(join(stateDir, "pins.json"), "utf8"))).toEqual([expect.objectContaining({ service: "app", image, release: 1 })]);
    // The version 1 container the second up replaced, then the version 2 one the rollback replaced.
    const previous = await stack.step("logs --previous app", () => stack.berth(["logs", "--previous", "app"]));
    expect(previous.code).toBe(0);
    const heading = (by: string) => new RegExp(`--- ${project}-app-\\d+: previous container [0-9a-f]{12}, image ${image} \\([0-9a-f]{12}\\), output from \\S+Z to \\S+Z, removed by ${by} at \\S+Z\n`);
    expect(previous.stdout).toMatch(new RegExp(`${heading("up").source}app-1 \\| serving version 1\n${heading("rollback").source}app-1 \\| serving version 2\n$`));
    expect(previous.stdout).toContain(`previous container ${version2.slice(0, 12)},`);
  });

  it("a plain up keeps version 1 and says why", async () => {
    const before = await appImageId();
    const plan = await stack.berth(["up", "--dry-run"]);
    expect(plan.stdout + plan.stderr).toMatch(/PINNED: app stays on image [0-9a-f]{12}, not berthe2e-day2-rollback-app:e2e \([0-9a-f]{12}\) \(rollback to #1\); berth up --release latest deploys/);
    const result = await stack.step("plain up after rollback", () => stack.berth(["up"]));
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).toContain("PINNED: app stays on image");
    expect(await appImageId()).toBe(before);
    expect(await servedVersion()).toBe("version 1");
  });

  it("adding a profile service keeps the rollback too", async () => {
    const result = await stack.step("up --profile monitoring sidecar", () => stack.berth(["up", "--profile", "monitoring", "sidecar"]));
    expect(result.code).toBe(0);
    expect(await servedVersion()).toBe("version 1");
  });

  it("history names image changes, and a rollback that changes nothing is not recorded", async () => {
    const history = await stack.berth(["history"]);
    expect(history.stdout).toMatch(/#3 .* deployed +rollback to #1\n +app: [0-9a-f]{12} -> [0-9a-f]{12} \(rollback to #1 \(image [0-9a-f]{12}\)\)/);
    expect(history.stdout).toMatch(/#2 .* deployed +up\n +app: [0-9a-f]{12} -> [0-9a-f]{12} \(image berthe2e-day2-rollback-app:e2e rebuilt/);
    // The latest deployed release is #4 (the sidecar added); the one before it, #3, already runs.
    const releases = readFileSync(join(stateDir, "releases.jsonl"), "utf8").trim().split("\n").length;
    const result = await stack.step("rollback with nothing to change", () => stack.berth(["rollback"]));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("rollback to #3: nothing to do, every service already runs the images of that release (not recorded)");
    expect(readFileSync(join(stateDir, "releases.jsonl"), "utf8").trim().split("\n").length).toBe(releases);
    expect(await servedVersion()).toBe("version 1");
  });

  it("up --release latest deploys version 2 and lifts the pin", async () => {
    const result = await stack.step("up --release latest", () => stack.berth(["up", "--release", "latest"]));
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).toMatch(/app: no longer pinned to image [0-9a-f]{12} of #3 \(--release latest\)/);
    expect(await servedVersion()).toBe("version 2");
    expect(await appImageId()).toBe(await tagId());
    const again = await stack.berth(["up", "--dry-run"]);
    expect(again.stdout + again.stderr).not.toContain("PINNED");
  });

  it("down is recorded in history too, and is never a rollback target", async () => {
    const down = await stack.step("down", () => stack.berth(["down"]));
    expect(down.code).toBe(0);
    const history = await stack.berth(["history"]);
    expect(history.stdout).toMatch(/^#6 .* done +down\n +removed 2 containers, 1 network\n/);
  });
});
