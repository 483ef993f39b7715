import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ExecRequest } from "../../engine/engine.js";
import { FakeEngine } from "../../engine/fake-engine.js";
import { composeLabel } from "../../engine/labels.js";
import { runCli } from "../main.js";
import { testIO } from "../testing/test-io.js";

/*
 * `logs`, `exec`, `down`, `history` and `port` run whole, in-process, on an in-memory engine
 * holding the project's containers: what is printed, the exit code, what is never printed.
 * DOCKER_HOST points nowhere and `down` gets `--target engine`: nothing here asks a real engine
 * (not even whether it is a Swarm manager).
 */
const engines = vi.hoisted(() => ({ current: undefined as unknown }));
vi.mock("../connect-engine.js", () => ({ connectEngine: async () => engines.current }));

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const token = "tok-never-printed-5521";
const compose = `name: shop
services:
  api:
    image: node:20-bookworm-slim
    deploy: { replicas: 2 }
    environment: { API_TOKEN: ${token} }
  db:
    image: postgres:15
`;

/** The project on a fake engine: api-1 and api-2 running and logging, db-1 exited. */
async function shop() {
  const dir = mkdtempSync(join(tmpdir(), "berth-cli-verbs-"));
  dirs.push(dir);
  writeFileSync(join(dir, "compose.yaml"), compose);
  const engine = new FakeEngine({
    images: ["node:20-bookworm-slim", "postgres:15"],
    behave: (request) => ({
      ...(request.name === "shop-db-1" ? { exitOnStart: 1 } : {}),
      exec: (command) => (command[0] === "false" ? { exitCode: 3, stderr: "failed on purpose\n" } : command[0] === "missing" ? { exitCode: -1 } : { stdout: `ran ${command.join(" ")}\n` }),
    }),
  });
  engines.current = engine;
  const execs: ExecRequest[] = [];
  const exec = engine.exec.bind(engine);
  engine.exec = async (id, request) => (execs.push(request), exec(id, request));
  for (const [service, number] of [["api", 1], ["api", 2], ["db", 1]] as const) {
    const name = `shop-${service}-${number}`;
    await engine.createContainer({ name, Image: service === "db" ? "postgres:15" : "node:20-bookworm-slim", Labels: { [composeLabel.project]: "shop", [composeLabel.service]: service, [composeLabel.number]: String(number) } });
    await engine.startContainer(name);
  }
  // One chunk per line, as the engine's tail counts lines.
  for (const line of ["listening on 3000\n", `token is ${token}\n`]) engine.writeLog("shop-api-1", line);
  for (const line of ["listening on 3000\n", "partial line"]) engine.writeLog("shop-api-2", line);
  engine.writeLog("shop-db-1", "database system is shut down\n", "stderr");
  const run = async (argv: readonly string[]) => {
    const { io, stdout, stderr } = testIO(dir, { DOCKER_HOST: "unix:///nonexistent/berth-test/docker.sock", BERTH_STATE_DIR: join(dir, ".state") });
    const code = await runCli(argv, io);
    expect(stdout.text + stderr.text).not.toContain(token);
    return { code, stdout: stdout.text, stderr: stderr.text };
  };
  return { dir, engine, execs, run };
}

describe("berth logs", () => {
  it("prefixes every line with service-number, padded to the widest, a partial last line too, the project's secrets as ***", async () => {
    const { run } = await shop();
    const result = await run(["logs"]);
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n")).toEqual([
      "api-1 | listening on 3000",
      "api-1 | token is ***",
      "api-2 | listening on 3000",
      "api-2 | partial line",
      "db-1  | database system is shut down",
      "",
    ]);
  });

  it("prints only the named service, only the last --tail lines, and without prefix on --no-log-prefix", async () => {
    const { run } = await shop();
    expect((await run(["logs", "--tail", "1", "--no-log-prefix", "api"])).stdout).toBe("token is ***\npartial line\n");
    expect((await run(["logs", "--tail", "all", "db"])).stdout).toBe("db-1 | database system is shut down\n");
  });

  it("refuses --previous with --follow, and a --tail that is not a count, before the engine (exit 2)", async () => {
    const { run, engine } = await shop();
    const calls = engine.calls.length;
    expect(await run(["logs", "--previous", "-f"])).toEqual({ code: 2, stdout: "", stderr: "error: --previous prints what was kept of removed containers: it cannot --follow\n" });
    expect(await run(["logs", "--tail", "1.5"])).toMatchObject({ code: 2, stderr: "error: --tail must be a number of lines, got 1.5\n" });
    expect(engine.calls.length).toBe(calls);
  });

  it("--previous says when no replaced container was kept", async () => {
    const { run } = await shop();
    expect(await run(["logs", "--previous"])).toEqual({ code: 0, stdout: "", stderr: "no service has a previous container kept (berth keeps the last lines of containers that up and rollback replace)\n" });
    expect((await run(["logs", "--previous", "api"])).stderr).toBe("api: no previous container kept (berth keeps the last lines of containers that up and rollback replace)\n");
  });

  it("names an unknown service", async () => {
    const { run } = await shop();
    expect(await run(["logs", "nosuch"])).toMatchObject({ code: 1, stderr: expect.stringContaining("no such service: nosuch (project shop)") });
  });
});

describe("berth exec", () => {
  it("runs the command in the first replica and passes its output through", async () => {
    const { run, execs } = await shop();
    expect(await run(["exec", "api", "ls", "-la", "/srv"])).toEqual({ code: 0, stdout: "ran ls -la /srv\n", stderr: "" });
    expect(execs[0]).toMatchObject({ command: ["ls", "-la", "/srv"] });
    expect(execs[0]!.env).toBeUndefined();
  });

  it("exits with the command's exit code and prints its stderr on stderr", async () => {
    const { run } = await shop();
    expect(await run(["exec", "api", "false"])).toEqual({ code: 3, stdout: "", stderr: "failed on purpose\n" });
  });

  it("exits 126 when the engine could not run the command at all", async () => {
    const { run } = await shop();
    expect((await run(["exec", "api", "missing"])).code).toBe(126);
  });

  it("passes -e, -u, -w and --index to the engine", async () => {
    const { run, execs } = await shop();
    expect((await run(["exec", "-e", "A=1", "-e", "B=x=y", "-u", "node", "-w", "/srv", "--index", "2", "api", "env"])).code).toBe(0);
    expect(execs[0]).toMatchObject({ command: ["env"], env: ["A=1", "B=x=y"], user: "node", workingDir: "/srv" });
  });

  it("refuses -e without a value (exit 2), and says how to start a service that is not running (exit 1)", async () => {
    const { run } = await shop();
    expect(await run(["exec", "-e", "NOVALUE", "api", "env"])).toEqual({ code: 2, stdout: "", stderr: "error: -e NOVALUE: expected NAME=VALUE\n" });
    expect(await run(["exec", "db", "psql"])).toEqual({ code: 1, stdout: "", stderr: "error: db has no running container\n  hint: berth ps db shows its state; berth up db starts it\n" });
    expect((await run(["exec", "--index", "3", "api", "ls"])).stderr).toContain("error: api has no running container number 3\n");
  });
});

describe("berth down and history", () => {
  it("--dry-run lists what down would remove and removes nothing", async () => {
    const { run, engine } = await shop();
    const result = await run(["down", "--target", "engine", "--dry-run"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("would remove container shop-api-1\n");
    expect(result.stdout).toContain("would remove container shop-db-1\n");
    expect(result.stdout).toMatch(/shop: dry run, nothing removed \(\d+ object\(s\) would be\)\n$/);
    expect(await engine.listContainers({ includeStopped: true })).toHaveLength(3);
  });

  it("removes the project's containers, says how many, and records the down in history", async () => {
    const { run, engine } = await shop();
    expect(await run(["history"])).toEqual({ code: 0, stdout: "no deployments recorded yet (berth up records one per run that changes something)\n", stderr: "" });
    const result = await run(["down", "--target", "engine"]);
    expect(result).toMatchObject({ code: 0, stdout: expect.stringMatching(/shop: removed 3 container\(s\), \d+ network\(s\), 0 volume\(s\)\n$/), stderr: "" });
    expect(await engine.listContainers({ includeStopped: true })).toEqual([]);
    const history = await run(["history"]);
    expect(history.stdout).toMatch(/^#1 {2}\S+ {2}done {8}down\n {4}removed 3 containers\n$/);
    const records = JSON.parse((await run(["history", "--json"])).stdout) as { command: string; note: string }[];
    expect(records).toMatchObject([{ command: "down", note: "removed 3 containers" }]);
  });

  it("-q removes quietly, and a second down that removes nothing records nothing", async () => {
    const { run } = await shop();
    expect(await run(["down", "--target", "engine", "-q"])).toEqual({ code: 0, stdout: "", stderr: "" });
    expect((await run(["down", "--target", "engine"])).stdout).toBe("shop: removed 0 container(s), 0 network(s), 0 volume(s)\n");
    expect(JSON.parse((await run(["history", "--json"])).stdout)).toHaveLength(1);
  });

  it("history works with only -p where no compose file is found", async () => {
    const { run, dir } = await shop();
    await run(["down", "--target", "engine", "-q"]);
    const elsewhere = mkdtempSync(join(tmpdir(), "berth-cli-nofile-"));
    dirs.push(elsewhere);
    const { io, stdout } = testIO(elsewhere, { DOCKER_HOST: "unix:///nonexistent/berth-test/docker.sock", BERTH_STATE_DIR: join(dir, ".state") });
    expect(await runCli(["-p", "shop", "history"], io)).toBe(0);
    expect(stdout.text).toContain("removed 3 containers");
  });
});

describe("berth port", () => {
  it("says the port is not published, with the key to add, when no binding exists", async () => {
    const { run } = await shop();
    expect(await run(["port", "api", "3000"])).toEqual({ code: 1, stdout: "", stderr: 'error: api does not publish 3000/tcp\n  hint: publish it under services.api.ports, e.g. "127.0.0.1:8080:3000", and run berth up\n' });
    expect((await run(["port", "--protocol", "udp", "--index", "5", "api", "53"])).stderr).toContain("error: api does not publish 53/udp (it has no container)\n");
  });

  it("prints the host address of a published port", async () => {
    const { run, engine } = await shop();
    const inspect = engine.inspectContainer.bind(engine);
    engine.inspectContainer = async (id) => {
      const details = await inspect(id);
      return details && { ...details, NetworkSettings: { ...details.NetworkSettings, Ports: { "3000/tcp": [{ HostIp: "127.0.0.1", HostPort: "8080" }] } } };
    };
    expect(await run(["port", "api", "3000"])).toEqual({ code: 0, stdout: "127.0.0.1:8080\n", stderr: "" });
  });
});

describe("berth images", () => {
  it("lists the image each container runs, one id per image with -q, every field with --json", async () => {
    const { run } = await shop();
    const table = (await run(["images"])).stdout.split("\n");
    expect(table[0]).toMatch(/^CONTAINER +REPOSITORY +TAG +IMAGE ID +SIZE$/);
    expect(table.slice(1, 4).map((line) => line.split(/ +/).slice(0, 3))).toEqual([
      ["shop-api-1", "node", "20-bookworm-slim"],
      ["shop-api-2", "node", "20-bookworm-slim"],
      ["shop-db-1", "postgres", "15"],
    ]);
    const ids = (await run(["images", "-q"])).stdout.trim().split("\n");
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    const rows = JSON.parse((await run(["images", "--json", "db"])).stdout) as { container: string; repository: string; tag: string; retagged: boolean }[];
    expect(rows).toMatchObject([{ container: "shop-db-1", repository: "postgres", tag: "15", retagged: false }]);
  });

  it("marks a container whose tag now names a newer image", async () => {
    const { run, engine } = await shop();
    const inspect = engine.inspectImage.bind(engine);
    engine.inspectImage = async (reference) => {
      const image = await inspect(reference);
      return reference === "postgres:15" && image ? { ...image, Id: `sha256:${"9".repeat(64)}` } : image;
    };
    expect((await run(["images", "db"])).stdout).toContain("15 (tag now names a newer image)");
  });
});
