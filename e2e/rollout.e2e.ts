import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLoad, type LoadReport } from "./stacks/rollout/load-client.js";
import { docker, Scenario } from "./support/scenario.js";

// Issue 7 acceptance: `berth up` rolls a new backend image start-first while a bounded loopback
// client (50 req/s for 20 s) goes through nginx: no failed request and no outage-sized gap. A backend
// that never turns healthy, or turns healthy but fails its `gate: true` probe, is rolled back
// with the old one answering throughout; `berth history` and `berth rollback` read the release
// records; a berth killed mid-rollout leaves a state the next `up` converges from, under load.

const PORT = "18931";
// A gap this long means requests waited for a replacement (docker-compose's recreate shows 0.7-1.4 s
// here). The 100 ms target is measured by bench/rollout.bench.ts, not asserted: on a shared 2-core
// runner scheduling alone adds tens of milliseconds to a loopback client's gaps.
const outageGapMs = 500;
const stack = new Scenario({
  project: "berthe2e-rollout",
  cwd: join(import.meta.dirname, "stacks", "rollout"),
  env: { FRONTEND_PORT: PORT, BERTH_STABLE_MS: "500" },
});
const url = `http://127.0.0.1:${PORT}/api/version`;
/** Another tag of the frontend image the last step deploys (issue 17 item 5). */
const retagged = "berthe2e-rollout-frontend:retagged";

async function up(version: string) {
  return stack.berth(["up", "--json", "--wait-timeout", "60"], { APP_VERSION: version });
}

/** Builds the backend image of a version before any load: only the update itself is measured. */
async function buildBackend(version: string): Promise<void> {
  const args = ["build", "-q", "-t", `berthe2e-rollout-backend:${version}`, "--build-arg", `APP_VERSION=${version}`, "backend"];
  const built = await stack.command("docker", args, { DOCKER_BUILDKIT: "0" });
  if (built.code !== 0) throw new Error(`building ${version} failed: ${built.stderr}`);
}

/**
 * Runs `berth up` for a version under load. The load starts when berth announces the rollout,
 * so it covers the successor's start, gate, discovery switch, drain and stop, but not the test
 * harness compiling berth's TypeScript sources at start-up (about 150 ms of both cores here;
 * the built CLI users run does not do that, and bench/rollout.bench.ts measures it end to end).
 */
async function upUnderLoad(version: string, seconds = 20, announce = "rolling:"): Promise<{ load: LoadReport; code: number; stdout: string; stderr: string }> {
  await buildBackend(version);
  // BERTH_TRACE: the rollout's steps on stderr, the address keeper's among them.
  const runner = new Scenario({ ...stack.options, env: { ...stack.options.env, APP_VERSION: version, BERTH_TRACE: "1" } });
  const { child, done } = runner.startBerth(["up", "--json", "--wait-timeout", "60"]);
  await Promise.race([printed(child, announce), done]);
  const load = await runLoad(url, 50, seconds);
  const result = await done;
  stack.note(`berth up (${version}) -> exit ${result.code}\n${result.stdout}\n${result.stderr}`);
  stack.note(`load during ${version}: ${JSON.stringify(load)}`);
  console.log(`load during up ${version}: sent ${load.sent}, failed ${load.failed}, longest gap ${load.longestGapMs} ms, versions ${load.versions.join(">")}`);
  return { load, code: result.code, stdout: result.stdout, stderr: result.stderr };
}

/** Resolves when berth prints a progress line containing `text` (on stderr with --json). */
function printed(child: ChildProcess, text: string): Promise<void> {
  let seen = "";
  return new Promise<void>((resolve) => child.stderr?.on("data", (chunk: Buffer) => (seen += chunk.toString()).includes(text) && resolve()));
}

async function backendContainers(): Promise<string> {
  const ps = await docker(["ps", "-a", "--filter", "label=com.docker.compose.service=backend", "--filter", "label=com.docker.compose.project=berthe2e-rollout", "--format", "{{.Names}}"]);
  return ps.trim().split("\n").sort().join(" ");
}

async function version(): Promise<string> {
  const response = await fetch(url);
  return ((await response.json()) as { version: string }).version;
}

describe("zero-downtime rolling updates", () => {
  beforeAll(async () => {
    await stack.cleanup();
    await stack.command("rm", ["-rf", join(stack.env["BERTH_STATE_DIR"] as string, "berthe2e-rollout")]);
    await buildBackend("v1");
    await stack.command("docker", ["build", "-q", "-t", "berthe2e-rollout-frontend:dev", "frontend"], { DOCKER_BUILDKIT: "0" });
    const first = await up("v1");
    if (first.code !== 0) throw new Error(`initial up failed\n${first.stdout}\n${first.stderr}\n${await stack.explain()}`);
  }, 180_000);
  afterAll(async () => {
    await stack.cleanup();
    for (const tag of ["v1", "v2", "broken-v3", "wrongbody-v4"]) await docker(["rmi", `berthe2e-rollout-backend:${tag}`]);
    await docker(["rmi", retagged]);
  });

  it("updates the backend under load with no failed request and no outage", async () => {
    const { load, code, stdout, stderr } = await stack.step("up v2 under load", () => upUnderLoad("v2"));
    await stack.step("berth up succeeded with a rollout", async () => {
      expect(code, stdout).toBe(0);
      // The drain follows the running nginx's DNS cache (nginx -T: resolver valid=1s), not a fixed 6 s:
      // at most valid= + 1.25 s, less when the join left time before nginx's next whole second.
      const settle = /serving beside the old replica\(s\) for (\d+) ms while frontend's nginx re-resolves backend within 2 s \(resolver valid=1s\)/.exec(stderr);
      expect(settle, stderr).not.toBeNull();
      expect(Number(settle?.[1])).toBeGreaterThanOrEqual(1100);
      expect(Number(settle?.[1])).toBeLessThanOrEqual(2250);
      // The stopped backend's address went to the keeper, so nginx's cached answers naming it are refused at once.
      expect(stderr).toMatch(/backend: berthe2e-rollout-backend-1: address keeper: kept the old address on berthe2e-rollout_default/);
      const result = JSON.parse(stdout) as { rollouts?: { service: string; status: string }[] };
      expect(result.rollouts).toEqual([expect.objectContaining({ service: "backend", status: "replaced" })]);
    });
    await stack.step("no request failed and no gap of an outage's length", async () => {
      expect(load.failures).toEqual([]);
      expect(load.ok).toBe(load.sent);
      expect(load.longestGapMs).toBeLessThan(outageGapMs);
      expect(load.versions).toEqual(["v1", "v2"]);
    });
    expect(await version()).toBe("v2");
  }, 120_000);

  it("rolls back a backend that never turns healthy, the old one answering throughout", async () => {
    const { load, code, stdout } = await stack.step("up broken-v3 under load", () => upUnderLoad("broken-v3"));
    await stack.step("exit non-zero with a diagnosis", async () => {
      expect(code).toBe(1);
      const result = JSON.parse(stdout) as { ok: boolean; rollouts: { status: string; failure: { reason: string } }[]; services: { service: string; diagnoses: { code: string }[] }[] };
      expect(result.ok).toBe(false);
      expect(result.rollouts[0]).toMatchObject({ status: "rolled-back", failure: { reason: "unhealthy" } });
      expect(result.services.find((s) => s.service === "backend")?.diagnoses.map((d) => d.code)).toContain("unhealthy");
    });
    await stack.step("no request failed; v2 answered throughout", async () => {
      expect(load.failures).toEqual([]);
      expect(load.versions).toEqual(["v2"]);
      expect(load.longestGapMs).toBeLessThan(outageGapMs);
    });
    const ps = await docker(["ps", "-a", "--filter", "label=com.docker.compose.service=backend", "--filter", "label=com.docker.compose.project=berthe2e-rollout", "--format", "{{.Names}} {{.Image}}"]);
    expect(ps.trim()).toBe("berthe2e-rollout-backend-1 berthe2e-rollout-backend:v2");
    const history = await stack.berth(["history"]);
    await stack.step("history shows the rollback", async () => {
      expect(history.code).toBe(0);
      const newest = history.stdout.split("\n#")[0] ?? "";
      expect(newest).toMatch(/^#3 .* rolled-back +up\n +backend: \w{12} -> \w{12} \((new image; )?config changed .*\)\n +! backend: unhealthy: .*; rolled-back/);
      expect(history.stdout).toMatch(/#2 .* deployed +up\n +backend: \w{12} -> \w{12}/);
    });
  }, 120_000);

  it("berth rollback returns to the previous deployed release (v1) without failed requests", async () => {
    const loading = runLoad(url, 50, 15);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const result = await stack.berth(["rollback"], { APP_VERSION: "v2" });
    const load = await loading;
    stack.note(`load during rollback: ${JSON.stringify(load)}`);
    await stack.step("rollback succeeded", async () => {
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^rollback to #1: deployed \(recorded as #4\)/);
      expect(load.failures).toEqual([]);
    });
    expect(await version()).toBe("v1");
  }, 120_000);

  it("rolls back a healthy backend whose gate probe fails, naming the probe, the old one answering throughout", async () => {
    const { load, code, stdout } = await stack.step("up wrongbody-v4 under load", () => upUnderLoad("wrongbody-v4", 10));
    await stack.step("exit non-zero with the gate probe's diagnosis", async () => {
      expect(code).toBe(1);
      const result = JSON.parse(stdout) as { rollouts: { status: string; failure: { reason: string } }[]; services: { service: string; diagnoses: { code: string; message: string }[] }[] };
      expect(result.rollouts[0]).toMatchObject({ status: "rolled-back", failure: { reason: "verify" } });
      const diagnosis = result.services.find((s) => s.service === "backend")?.diagnoses[0];
      expect(diagnosis?.code).toBe("gate-probe-failed");
      expect(diagnosis?.message).toMatch(/^backend is healthy but gate probe backend-selftest failed on berthe2e-rollout-backend-1_next: expected JSON status = "ok", got "degraded"$/);
    });
    await stack.step("no request failed; v1 (restored by the rollback) answered throughout", async () => {
      expect(load.failures).toEqual([]);
      expect(load.versions).toEqual(["v1"]);
      expect(load.longestGapMs).toBeLessThan(outageGapMs);
    });
    expect(await backendContainers()).toBe("berthe2e-rollout-backend-1");
    expect(await version()).toBe("v1");
  }, 120_000);

  it("converges after berth is killed mid-rollout, with no failed request", async () => {
    const runner = new Scenario({ ...stack.options, env: { ...stack.options.env, APP_VERSION: "v2" } });
    const { child, done } = runner.startBerth(["up", "--json", "--wait-timeout", "60"]);
    // Killed while old and new serve side by side: the successor is in discovery, not yet renamed.
    await Promise.race([printed(child, "serving beside the old replica"), done]);
    child.kill("SIGKILL");
    await done;
    expect(await backendContainers()).toBe("berthe2e-rollout-backend-1 berthe2e-rollout-backend-1_next");
    const { load, code, stderr } = await stack.step("up v2 again under load", () => upUnderLoad("v2", 20, "interrupted rollout"));
    await stack.step("the leftover successor is removed and the update rolls again", async () => {
      expect(code).toBe(0);
      expect(stderr).toContain("backend: left by an interrupted rollout: remove berthe2e-rollout-backend-1_next");
      expect(load.failures).toEqual([]);
      expect(load.longestGapMs).toBeLessThan(outageGapMs);
    });
    expect(await backendContainers()).toBe("berthe2e-rollout-backend-1");
    expect(await version()).toBe("v2");
  }, 120_000);

  // Last: it records a release of its own, which the history and rollback steps above count on not existing.
  it("replaces the published frontend (a new nginx image) under load behind its port holder: no failed request", async () => {
    const built = await stack.command("docker", ["build", "-q", "-t", "berthe2e-rollout-frontend:dev", "--label", "berthe2e.frontend-release=2", "frontend"], { DOCKER_BUILDKIT: "0" });
    expect(built.code, built.stderr).toBe(0);
    const holderBefore = await docker(["inspect", "-f", "{{.Id}}", "berthe2e-rollout-frontend-edge-1"]);
    const { load, code, stdout } = await stack.step("up with a new frontend image under load", () => upUnderLoad("v2", 15));
    await stack.step("the frontend rolled start-first; the port holder stayed", async () => {
      expect(code, stdout).toBe(0);
      const result = JSON.parse(stdout) as { rollouts?: { service: string; status: string }[] };
      expect(result.rollouts).toEqual([expect.objectContaining({ service: "frontend", status: "replaced" })]);
      expect(await docker(["inspect", "-f", "{{.Id}}", "berthe2e-rollout-frontend-edge-1"])).toBe(holderBefore);
    });
    await stack.step("no request failed and no gap of an outage's length", async () => {
      expect(load.failures).toEqual([]);
      expect(load.ok).toBe(load.sent);
      expect(load.longestGapMs).toBeLessThan(outageGapMs);
      expect(load.versions).toEqual(["v2"]);
    });
  }, 120_000);

  // Issue 17 item 5, on the stack as the tests above leave it (no deploy of its own): a plan only.
  it("keeps the running frontend when its image: names a new tag of the same image id, and says why", async () => {
    await stack.step("a new tag of the running frontend's image keeps the container, and the plan says why", async () => {
      await docker(["tag", "berthe2e-rollout-frontend:dev", retagged]);
      const dir = await mkdtemp(join(tmpdir(), "berthe2e-retag-"));
      const override = join(dir, "retag.yaml");
      await writeFile(override, `services:\n  frontend:\n    image: ${retagged}\n`);
      const plan = await stack.berth(["-f", "compose.yaml", "-f", override, "up", "--dry-run", "--json"], { APP_VERSION: await version() }).finally(() => rm(dir, { recursive: true, force: true }));
      expect(plan.code, plan.stderr).toBe(0);
      expect((await docker(["inspect", "-f", "{{index .Config.Labels \"io.berth.image-ref\"}}", "berthe2e-rollout-frontend-1"])).trim()).toBe("berthe2e-rollout-frontend:dev");
      expect(plan.stdout).toMatch(new RegExp(`kept: berthe2e-rollout-frontend-1: ${retagged} is the same image \\(sha256:\\w{12}\\) as berthe2e-rollout-frontend:dev, which it runs; nothing else changed`));
      expect(plan.stdout).not.toMatch(/frontend.*(recreate-container|start-first)/);
    });
  }, 60_000);
});
