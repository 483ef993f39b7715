import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, Scenario } from "./support/scenario.js";

// BuildKit builds (issue 15 item 6) on the real engine: a Dockerfile with `RUN --mount=type=cache`
// and `COPY --chmod` builds with `berth build` (output streamed) and `berth up --build`; a failing
// step is named with its output; DOCKER_BUILDKIT=0 takes the classic builder, which rejects it.

const project = "berthe2e-day2-bk";
const image = "berthe2e-day2-buildkit-app:e2e";
const stack = new Scenario({ project, cwd: join(import.meta.dirname, "stacks", "day2-buildkit"), env: { BERTH_STABLE_MS: "500" } });

describe("BuildKit builds", () => {
  beforeAll(async () => stack.cleanup());
  afterAll(async () => {
    await stack.berth(["down", "-v"]);
    await stack.cleanup();
    await docker(["rmi", "-f", image, "berthe2e-day2-buildkit-secretive:e2e", "berthe2e-day2-buildkit-offline:e2e"]);
  });

  it("berth build streams BuildKit's steps and builds RUN --mount=type=cache and COPY --chmod", async () => {
    const result = await stack.step("berth build", () => stack.berth(["build"]));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^app \| #\d+ \[stage-0 2\/4\] COPY --chmod=755 serve\.sh/m);
    expect(result.stdout).toMatch(/^app \| #\d+ \[stage-0 3\/4\] RUN --mount=type=cache/m);
    expect(result.stdout).toMatch(/^app: built berthe2e-day2-buildkit-app:e2e \([0-9a-f]{12}\)$/m);
    // Executable only through COPY --chmod: the file is 0644 in the repository.
    expect((await docker(["run", "--rm", "--entrypoint", "stat", image, "-c", "%a", "/usr/local/bin/serve.sh"])).trim()).toBe("755");
  });

  it("a failing step is named, with what it printed, and the build exits 1", async () => {
    const result = await stack.step("FAIL=1 berth build", () => stack.berth(["build", "app"], { FAIL: "1" }));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^app \| #\d+ the step says why it fails$/m);
    expect(result.stderr).toContain("error: app: executor failed running");
    expect(result.stderr).toContain('failing step 4/4: RUN if [ "1" = 1 ]');
    expect(result.stderr).toContain("    the step says why it fails");
  });

  it("berth up --build builds with BuildKit, streams the build as progress and starts the result", async () => {
    const result = await stack.step("berth up --build", () => stack.berth(["up", "--build"]));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/app building \(#\d+ \[stage-0 2\/4\] COPY --chmod=755/);
    const logs = await stack.berth(["logs", "app"]);
    expect(logs.stdout).toMatch(/app-1 \| serving build \d+/);
  });

  it("DOCKER_BUILDKIT=0 builds with the classic builder, which rejects COPY --chmod", async () => {
    const result = await stack.step("DOCKER_BUILDKIT=0 berth build", () => stack.berth(["build", "-q"], { DOCKER_BUILDKIT: "0" }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("the --chmod option requires BuildKit");
    expect(result.stderr).toMatch(/failing step 2\/\d+: COPY --chmod=755/);
  });

  it("a build secret is refused with the reason: berth opens no BuildKit session", async () => {
    const result = await stack.step("berth build secretive", () => stack.berth(["--profile", "secret", "build", "secretive"]));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("uses a build secret or ssh mount");
    expect(result.stderr).toContain("build secrets and ssh are not supported");
  });

  it("a # syntax= frontend no registry serves falls back to the classic builder, which builds the rest", async () => {
    const result = await stack.step("berth build offline", () => stack.berth(["--profile", "syntax", "build", "offline"]));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("BuildKit could not load the Dockerfile frontend that `# syntax=` names");
    expect(result.stdout).toContain("building with the classic builder");
    expect(result.stdout).toMatch(/^offline: built berthe2e-day2-buildkit-offline:e2e/m);
  });
});
