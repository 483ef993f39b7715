import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { notFound } from "../../engine/fake-resources.js";
import { FakeEngine } from "../../engine/fake-engine.js";
import { composeLabel } from "../../engine/labels.js";
import { runCli } from "../main.js";
import { testIO } from "../testing/test-io.js";

/*
 * `berth verify` (declared exec probes) and `berth pull` run whole, in-process, on an in-memory
 * engine: the lines a user reads, the exit code, the report kept, and no secret printed.
 */
const engines = vi.hoisted(() => ({ current: undefined as unknown }));
vi.mock("../connect-engine.js", () => ({ connectEngine: async () => engines.current }));

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const secret = "sekrit-never-printed-9090";

/** A project whose api runs on a fake engine; `migrations ok` is what its check command prints. */
async function stack(compose: string, output = `migrations ok, DATABASE_PASSWORD=${secret}\n`) {
  const dir = mkdtempSync(join(tmpdir(), "berth-cli-verify-"));
  dirs.push(dir);
  writeFileSync(join(dir, "compose.yaml"), compose);
  const engine = new FakeEngine({
    images: ["node:20-bookworm-slim"],
    behave: () => ({ exec: (command) => (command.includes("broken") ? { exitCode: 2, stdout: "", output: "Error: relation \"notes\" does not exist\n" } : { stdout: output, output }) }),
  });
  engines.current = engine;
  const id = await engine.createContainer({ name: "shop-api-1", Image: "node:20-bookworm-slim", Labels: { [composeLabel.project]: "shop", [composeLabel.service]: "api", [composeLabel.number]: "1" } });
  await engine.startContainer(id);
  const state = join(dir, ".state");
  const run = async (argv: readonly string[]) => {
    const { io, stdout, stderr } = testIO(dir, { DOCKER_HOST: "unix:///nonexistent/berth-test/docker.sock", BERTH_STATE_DIR: state });
    const code = await runCli(argv, io);
    expect(stdout.text + stderr.text).not.toContain(secret);
    return { code, stdout: stdout.text, stderr: stderr.text };
  };
  return { engine, run, state };
}

const withProbes = `name: shop
services:
  api:
    image: node:20-bookworm-slim
    environment: { DATABASE_PASSWORD: ${secret} }
    x-berth:
      verify:
        - name: migrated
          exec: { command: [node, check.js], contains: migrations ok }
        - name: notes-table
          exec: { command: [node, check.js, broken] }
`;

describe("berth verify (declared exec probes)", () => {
  it("prints one line per probe, the evidence of the failed one, the verdict and the report's path; exits 1", async () => {
    const { run } = await stack(withProbes);
    const result = await run(["verify", "--infer", "never"]);
    expect(result.code).toBe(1);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toMatch(/^ok {3}migrated: exec in api: node check\.js: exit code 0 in \d+ ms$/);
    expect(lines.slice(1, 5)).toEqual([
      "FAIL notes-table: exec in api: node check.js broken: expected exit code 0, got 2",
      expect.stringMatching(/^ {7}observed: exitCode=2, durationMs=\d+$/),
      "       hint: the command's output above shows why",
      '       | Error: relation "notes" does not exist',
    ]);
    expect(result.stdout).toContain("1/2 probes passed; verdict FAIL\n  - probe notes-table failed: expected exit code 0, got 2\n");
    const report = /^report: (.+)$/m.exec(result.stdout)?.[1];
    expect(report).toBeDefined();
    expect(existsSync(report!)).toBe(true);
  });

  it("runs only the named probes and exits 0 when they pass, berth check's warnings staying warnings", async () => {
    const { run } = await stack(withProbes);
    const result = await run(["verify", "--infer", "never", "migrated"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("1/1 probes passed; verdict WARN\n  - warning: berth check found 1 warning(s)\n");
    expect(result.stdout).not.toContain("notes-table");
  });

  it("prints one JSON document with --json: ok, the verdict, each probe's evidence, the report paths", async () => {
    const { run } = await stack(withProbes);
    const result = await run(["verify", "--json", "--infer", "never"]);
    const parsed = JSON.parse(result.stdout) as { ok: boolean; project: string; verdict: { status: string }; probes: { probe: string; ok: boolean; excerpt?: string }[]; reports: Record<string, string> };
    expect(parsed).toMatchObject({ ok: false, project: "shop", verdict: { status: "fail" } });
    expect(parsed.probes.map((probe) => [probe.probe, probe.ok])).toEqual([["migrated", true], ["notes-table", false]]);
    expect(Object.keys(parsed.reports).sort()).toEqual(["html", "json", "md"]);
    expect(result.code).toBe(1);
  });

  it("prints the app's secret in probe output as ***", async () => {
    const { run } = await stack(withProbes.replace("[node, check.js, broken]", "[node, check.js]").replace("name: notes-table\n          exec: { command: [node, check.js] }", "name: notes-table\n          exec: { command: [node, check.js], contains: nothing-like-this }"));
    const result = await run(["verify", "--infer", "never"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("       | migrations ok, DATABASE_PASSWORD=***");
    expect(result.stdout).toContain('expected the output to contain "nothing-like-this"');
  });

  it("refuses a probe entry with no kind, naming the file, the key and the kinds there are (exit 1)", async () => {
    const { run } = await stack("name: shop\nservices:\n  api:\n    image: node:20-bookworm-slim\n    x-berth:\n      verify:\n        - name: oops\n          command: [true]\n");
    const result = await run(["verify"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/compose\.yaml:\d+:\d+/);
    expect(result.stderr).toContain("names no probe kind");
    expect(result.stderr).toMatch(/use exactly one of: http, .*exec/);
    expect(result.stdout).toBe("");
  });

  it("says when a probe's service is not running", async () => {
    const { run, engine } = await stack(withProbes);
    await engine.stopContainer("shop-api-1");
    const result = await run(["verify", "--infer", "never", "migrated"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^FAIL migrated: exec in api: node check\.js: .*api/m);
  });
});

const pullable = `name: shop
services:
  api: { image: node:20-bookworm-slim }
  worker: { image: node:20-bookworm-slim }
  db: { image: postgres:15 }
  site: { build: ./site }
  tool: { build: ./tool, image: shop/tool:1 }
`;

describe("berth pull", () => {
  it("pulls each image once, in order, leaving out services built here without an image name", async () => {
    const { run, engine } = await stack(pullable);
    const pulled: string[] = [];
    engine.pullImage = async (reference) => void pulled.push(reference);
    expect(await run(["pull"])).toEqual({ code: 0, stdout: "pulled node:20-bookworm-slim\npulled postgres:15\npulled shop/tool:1\n", stderr: "" });
    expect(pulled).toEqual(["node:20-bookworm-slim", "postgres:15", "shop/tool:1"]);
  });

  it("--ignore-buildable leaves out every service with a build section; -q prints nothing", async () => {
    const { run, engine } = await stack(pullable);
    const pulled: string[] = [];
    engine.pullImage = async (reference) => void pulled.push(reference);
    expect(await run(["pull", "-q", "--ignore-buildable"])).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(pulled).toEqual(["node:20-bookworm-slim", "postgres:15"]);
  });

  it("pulls what it can, names each failure and exits 1 with a hint, or 0 with --ignore-pull-failures", async () => {
    const { run, engine } = await stack(pullable);
    engine.pullImage = async (reference) => {
      if (reference === "postgres:15") throw notFound("pull access denied for postgres, repository does not exist");
    };
    const failed = await run(["pull", "db", "api"]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe("pulled node:20-bookworm-slim\n");
    expect(failed.stderr).toMatch(/^error: .*pull access denied for postgres.*\nhint: 1 image\(s\) could not be pulled; images already on this engine are used as they are by berth up\n$/);
    expect((await run(["pull", "--ignore-pull-failures", "db"])).code).toBe(0);
  });

  it("names a service the project does not have", async () => {
    const { run } = await stack(pullable);
    expect(await run(["pull", "nosuch"])).toMatchObject({ code: 1, stderr: expect.stringContaining("no such service: nosuch") });
  });
});
