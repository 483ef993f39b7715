import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, Scenario } from "./support/scenario.js";

// Never deploy stale code (issue 15 item 2): an image berth built records a digest of its inputs;
// after a code change a plain `berth up` rebuilds and rolls the service (the plan says why), and
// `berth up --no-build` keeps the old image with a loud warning. The stack is a copy, edited here.

const project = "berthe2e-day2-stale";
const image = "berthe2e-day2-stale:e2e";
const dir = mkdtempSync(join(tmpdir(), "berth-day2-stale-"));
cpSync(join(import.meta.dirname, "stacks", "day2-buildkit"), dir, { recursive: true });
writeFileSync(join(dir, "compose.yaml"), readFileSync(join(dir, "compose.yaml"), "utf8").replace("berthe2e-day2-buildkit-app:e2e", image));
const stack = new Scenario({ project, cwd: dir, env: { BERTH_STABLE_MS: "500" } });

function editServeScript(from: string, to: string): void {
  const path = join(dir, "app", "serve.sh");
  writeFileSync(path, readFileSync(path, "utf8").replace(from, to));
}

describe("a code change is never deployed stale", () => {
  beforeAll(async () => {
    await stack.cleanup();
    const first = await stack.berth(["up", "-q"]);
    if (first.code !== 0) throw new Error(`first up: ${first.stdout}${first.stderr}`);
  });
  afterAll(async () => {
    await stack.berth(["down", "-v"]);
    await stack.cleanup();
    await docker(["rmi", "-f", image]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("records what the image was built from as a label", async () => {
    expect((await docker(["inspect", "-f", '{{index .Config.Labels "io.berth.build-digest"}}', image])).trim()).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await stack.berth(["up", "--dry-run"])).stdout).not.toContain("build-image");
  });

  it("a file the .dockerignore leaves out changes nothing", async () => {
    writeFileSync(join(dir, "app", "secret.txt"), "not part of the build\n");
    expect((await stack.berth(["up", "--dry-run"])).stdout).not.toContain("build-image");
  });

  it("after a code change a plain up rebuilds, says why, and the new code runs", async () => {
    editServeScript("serving build", "serving changed build");
    const plan = await stack.berth(["up", "--dry-run"]);
    expect(plan.stdout).toContain("build-image, build context changed since the image was built");
    const result = await stack.step("up after the change", () => stack.berth(["up"]));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("app building (build context changed since the image was built)");
    expect(result.stdout).toContain(`image ${image} rebuilt (its build context changed)`);
    expect((await stack.berth(["logs", "app"])).stdout).toMatch(/serving changed build/);
  });

  it("up --no-build keeps the old image and says loudly that it is stale", async () => {
    editServeScript("serving changed build", "serving changed again build");
    const result = await stack.step("up --no-build", () => stack.berth(["up", "--no-build"]));
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).toContain(`STALE IMAGE: app: its build context, Dockerfile or build args changed since ${image} was built; --no-build runs the old build`);
    expect((await stack.berth(["logs", "app"])).stdout).not.toMatch(/serving changed again build/);
  });
});
