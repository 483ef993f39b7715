import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, Scenario } from "./support/scenario.js";
import { waitFor } from "./support/wait-for.js";

// The day-2 verbs on the real engine (issue 15): global options before the verb, exec, run,
// restart with up's health gates, stop/start/kill/rm, images, port, and ps naming the release.

const project = "berthe2e-day2-verbs";
const stack = new Scenario({
  project,
  cwd: join(import.meta.dirname, "stacks", "day2-verbs"),
  env: { WEB_PORT: "18461", BERTH_STABLE_MS: "1000" },
});

async function berthOk(args: string[]): Promise<string> {
  const result = await stack.berth(args);
  if (result.code !== 0) throw new Error(`berth ${args.join(" ")} exited ${result.code}: ${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** The state of the web and cache containers and any one-off job (other helpers berth may add are left out). */
async function containers(): Promise<string[]> {
  const out = await docker(["ps", "-a", "--filter", `label=com.docker.compose.project=${project}`, "--format", "{{.Names}} {{.State}}"]);
  const ours = new RegExp(`^${project}-(web-1|cache-1|job-run-[0-9a-f]+) `);
  return out.split("\n").filter((line) => ours.test(line)).sort();
}

describe("day-2 verbs on a real stack", () => {
  beforeAll(async () => {
    await stack.cleanup();
    await stack.step("up", () => berthOk(["up", "-q"]));
  });
  afterAll(async () => {
    await stack.berth(["--profile", "flaky", "down", "-v"]);
    await stack.cleanup();
  });

  it("takes compose's options before the verb: -f names the file, logs' own -f still follows", async () => {
    const ps = await stack.step("berth -f compose.yaml -p … ps", () => berthOk(["-f", "compose.yaml", "-p", project, "ps"]));
    expect(ps).toMatch(new RegExp(`${project}-web-1\\s+web\\s+Up .*\\s+nginx:1\\.22\\s+[0-9a-f]{12}`));
    const logs = await stack.step("berth -f compose.yaml logs --tail 5 web", () => berthOk(["-f", "compose.yaml", "logs", "--tail", "5", "web"]));
    expect(logs).toContain("web-1");
    const unknown = await stack.berth(["logs", "nosuch"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no such service: nosuch");
  });

  it("ps shows the image id each container runs, the one the engine reports", async () => {
    const rows = JSON.parse(await berthOk(["ps", "--json"])) as { service: string; imageId: string }[];
    const engineId = (await docker(["inspect", "-f", "{{.Image}}", `${project}-web-1`])).trim().replace("sha256:", "").slice(0, 12);
    expect(rows.find((row) => row.service === "web")?.imageId).toBe(engineId);
  });

  it("exec runs a TTY-less command and passes its exit code through", async () => {
    const result = await stack.step("exec exit 7", () => stack.berth(["exec", "web", "sh", "-c", "echo out; echo err >&2; exit 7"]));
    expect(result.code).toBe(7);
    expect(result.stdout).toBe("out\n");
    expect(result.stderr).toBe("err\n");
    const env = await stack.berth(["exec", "-e", "WHO=berth", "web", "sh", "-c", 'echo "hi $WHO"']);
    expect([env.code, env.stdout]).toEqual([0, "hi berth\n"]);
    const stopped = await stack.berth(["exec", "job", "true"]);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain("job has no running container");
  });

  it("cp copies out of and into the running container through the archive API", async () => {
    const local = await mkdtemp(join(tmpdir(), "berth-e2e-cp-"));
    try {
      const out = await stack.step("cp web:/etc/nginx/conf.d DIR", () => stack.berth(["cp", "web:/etc/nginx/conf.d", local]));
      expect([out.code, out.stderr]).toEqual([0, `copied ${project}-web-1:/etc/nginx/conf.d to ${local} (1 file, ${(await docker(["exec", `${project}-web-1`, "stat", "-c", "%s", "/etc/nginx/conf.d/default.conf"])).trim()} B)\n`]);
      expect(await readFile(join(local, "conf.d", "default.conf"), "utf8")).toContain("server {");
      await mkdir(join(local, "site", "deep"), { recursive: true });
      await writeFile(join(local, "site", "index.html"), "copied by berth cp\n");
      await writeFile(join(local, "site", "deep", "x.txt"), "x\n", { mode: 0o640 });
      const into = await stack.step("cp DIR/site/. web:/usr/share/nginx/html/berth-cp", () => stack.berth(["cp", `${join(local, "site")}/.`, "web:/usr/share/nginx/html/berth-cp"]));
      expect(into.code).toBe(0);
      // nginx serves what was copied in; the files are root's, with their modes.
      expect(await (await fetch("http://127.0.0.1:18461/berth-cp/index.html")).text()).toBe("copied by berth cp\n");
      expect(await docker(["exec", `${project}-web-1`, "stat", "-c", "%a %U", "/usr/share/nginx/html/berth-cp/index.html", "/usr/share/nginx/html/berth-cp/deep/x.txt"])).toBe("644 root\n640 root\n");
      const missing = await stack.berth(["cp", "web:/nope/file", local]);
      expect([missing.code, missing.stderr]).toEqual([1, `error: ${project}-web-1: no such file or folder /nope/file inside the container\n  hint: berth exec web ls -la /nope lists what is there\n`]);
      const noContainer = await stack.berth(["cp", join(local, "site"), "job:/tmp"]);
      expect([noContainer.code, noContainer.stderr]).toEqual([1, "error: job has no container to copy into\n  hint: berth up job creates it\n"]);
    } finally {
      await rm(local, { recursive: true, force: true });
    }
  });

  it("run --rm runs a one-off job with the service's settings and removes it", async () => {
    const result = await stack.step("run --rm job", () => stack.berth(["run", "--rm", "-e", "GREETING=hi", "job"]));
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("hi from the job\nPONG\n");
    expect((await containers()).filter((line) => line.includes("-job-"))).toEqual([]);
    const failing = await stack.berth(["run", "--rm", "--entrypoint", "sh", "job", "-c", "exit 3"]);
    expect(failing.code).toBe(3);
  });

  it("run wants the dependencies up unless --no-deps", async () => {
    await berthOk(["stop", "cache"]);
    const refused = await stack.berth(["run", "--rm", "job"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("job depends on cache, which is not up");
    const without = await stack.berth(["run", "--rm", "--no-deps", "--entrypoint", "", "job", "echo", "alone"]);
    expect([without.code, without.stdout]).toEqual([0, "alone\n"]);
    await berthOk(["start", "cache"]);
  });

  it("stop, start, kill and rm act on the named service only", async () => {
    expect(await berthOk(["stop", "cache"])).toBe(`${project}-cache-1  stopped\n`);
    expect(await containers()).toEqual([`${project}-cache-1 exited`, `${project}-web-1 running`]);
    const started = await berthOk(["start", "cache"]);
    expect(started).toMatch(/cache-1 {2}running after \d+\.\d s/);
    expect(await berthOk(["kill", "-s", "SIGTERM", "cache"])).toBe(`${project}-cache-1  sent SIGTERM\n`);
    await docker(["wait", `${project}-cache-1`]);
    const refused = await stack.berth(["rm", "cache"]);
    expect(refused.code).toBe(2);
    expect(await berthOk(["rm", "-f", "cache"])).toBe(`${project}-cache-1  removed\n`);
    expect(await containers()).toEqual([`${project}-web-1 running`]);
    await berthOk(["up", "-q"]);
  });

  it("restart keeps up's health gates: healthy again is exit 0, unhealthy after the restart is exit 1", async () => {
    const ok = await stack.step("restart web", () => stack.berth(["restart", "web"]));
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/web-1 {2}healthy after \d+\.\d s/);
    await stack.step("up the flaky profile", () => berthOk(["--profile", "flaky", "up", "-q", "flaky"]));
    const bad = await stack.step("restart flaky", () => stack.berth(["--profile", "flaky", "restart", "--wait-timeout", "20", "flaky"]));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/flaky-1 {2}not healthy: (unhealthy|timeout)/);
  });

  it("events streams the stack's container events until Ctrl-C", async () => {
    const { child, done } = stack.startBerth(["events", "--json", "cache"]);
    let streamed = "";
    child.stdout?.on("data", (chunk: Buffer) => (streamed += chunk.toString()));
    // berth does not say when its stream is open: restart until a whole restart (kill, die,
    // start, restart) shows up in it (one that began before it connected shows only its end),
    // rather than guess how long it takes to start.
    const restartSeen = async () => (["kill", "die", "start", "restart"].every((action) => streamed.includes(`"action":"${action}"`)) ? true : undefined);
    for (let attempt = 0; attempt < 10 && !(await restartSeen()); attempt++) {
      await berthOk(["restart", "--no-wait", "cache"]);
      await waitFor("the restart in berth events", restartSeen, 5_000, 100).catch(() => undefined);
    }
    child.kill("SIGINT");
    const result = await done;
    expect(result.code).toBe(0);
    const events = result.stdout.split("\n").filter(Boolean).map((line) => JSON.parse(line) as { action: string; service: string });
    expect(events.map((event) => event.action)).toEqual(expect.arrayContaining(["kill", "die", "start", "restart"]));
    expect(new Set(events.map((event) => event.service))).toEqual(new Set(["cache"]));
  });

  it("down --dry-run lists what down would remove and removes nothing", async () => {
    const before = await containers();
    const result = await stack.step("down --dry-run -v", () => stack.berth(["down", "--dry-run", "-v"]));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`would remove container ${project}-web-1`);
    expect(result.stdout).toContain(`would remove network ${project}_default`);
    expect(result.stdout).toMatch(/dry run, nothing removed \(\d+ object\(s\) would be\)/);
    expect(await containers()).toEqual(before);
  });

  it("pull says which image could not be pulled and exits 1", async () => {
    const result = await stack.step("pull mirror", () => stack.berth(["--profile", "registry", "pull", "mirror"]));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: pulling 127.0.0.1:18462/berth-e2e/none:1");
    const ignored = await stack.berth(["--profile", "registry", "pull", "--ignore-pull-failures", "mirror"]);
    expect(ignored.code).toBe(0);
  });

  it("images and port show what runs and where it listens", async () => {
    const images = await berthOk(["images", "web"]);
    expect(images).toMatch(new RegExp(`${project}-web-1\\s+nginx\\s+1\\.22\\s+[0-9a-f]{12}\\s+\\d+(\\.\\d+)?MB`));
    expect(await berthOk(["port", "web", "80"])).toBe("127.0.0.1:18461\n");
    const unpublished = await stack.berth(["port", "web", "443"]);
    expect(unpublished.code).toBe(1);
    expect(unpublished.stderr).toContain("web does not publish 443/tcp");
  });
});
