import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EngineError } from "../../common/errors.js";
import type { ContainerCreateRequest } from "../../engine/engine.js";
import { FakeEngine } from "../../engine/fake-engine.js";
import { composeLabel } from "../../engine/labels.js";
import { runCli } from "../main.js";
import { testIO } from "../testing/test-io.js";

/*
 * `berth run -d` whole, in-process, on an in-memory engine: the one-off container it creates
 * (compose's labels, no published ports unless asked, no service alias), what it refuses, and
 * that a one-off it could not start is never left behind.
 */
const engines = vi.hoisted(() => ({ current: undefined as unknown }));
vi.mock("../connect-engine.js", () => ({ connectEngine: async () => engines.current }));

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const compose = `name: shop
services:
  api:
    image: node:20-bookworm-slim
    ports: ["127.0.0.1:18080:3000"]
    environment: { MODE: web }
    depends_on: [db]
  db:
    image: postgres:15
  tool:
    image: shop/tool:missing
`;

async function shop({ dbRunning = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "berth-cli-run-"));
  dirs.push(dir);
  writeFileSync(join(dir, "compose.yaml"), compose);
  const engine = new FakeEngine({ images: ["node:20-bookworm-slim", "postgres:15"] });
  engines.current = engine;
  const created: ContainerCreateRequest[] = [];
  const create = engine.createContainer.bind(engine);
  engine.createContainer = async (request) => (created.push(request), create(request));
  const db = await engine.createContainer({ name: "shop-db-1", Image: "postgres:15", Labels: { [composeLabel.project]: "shop", [composeLabel.service]: "db", [composeLabel.number]: "1" } });
  if (dbRunning) await engine.startContainer(db);
  created.length = 0;
  const run = async (argv: readonly string[]) => {
    const { io, stdout, stderr } = testIO(dir, { DOCKER_HOST: "unix:///nonexistent/berth-test/docker.sock", BERTH_STATE_DIR: join(dir, ".state") });
    return { code: await runCli(argv, io), stdout: stdout.text, stderr: stderr.text };
  };
  return { engine, created, run };
}

describe("berth run -d", () => {
  it("starts a one-off container of the service with compose's one-off labels, without its published ports or alias, and prints its name", async () => {
    const { run, created, engine } = await shop();
    const result = await run(["run", "-d", "api", "node", "migrate.js"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(/^shop-api-run-[0-9a-f]{12}\n$/);
    const request = created.find((body) => body.name === result.stdout.trim())!;
    expect(request.Cmd).toEqual(["node", "migrate.js"]);
    expect(request.Labels).toMatchObject({ [composeLabel.project]: "shop", [composeLabel.service]: "api", [composeLabel.oneoff]: "True" });
    expect(request.HostConfig?.["PortBindings"] ?? {}).toEqual({});
    for (const endpoint of Object.values(request.NetworkingConfig?.EndpointsConfig ?? {})) expect(endpoint.Aliases).toEqual([]);
    expect(request.Env).toContain("MODE=web");
    const [summary] = await engine.listContainers({ labels: { [composeLabel.oneoff]: "True" } });
    expect(summary?.state).toBe("running");
  });

  it("takes --name, -e, -u, -w and --entrypoint, and publishes the service's ports with --service-ports", async () => {
    const { run, created } = await shop();
    const result = await run(["run", "-d", "--name", "shop-debug", "-e", "MODE=debug", "-u", "1000", "-w", "/srv", "--entrypoint", "sh", "--service-ports", "api"]);
    expect(result).toEqual({ code: 0, stdout: "shop-debug\n", stderr: "" });
    const request = created.find((body) => body.name === "shop-debug")!;
    expect(request.Env).toContain("MODE=debug");
    expect(request.Env).not.toContain("MODE=web");
    expect(request).toMatchObject({ User: "1000", WorkingDir: "/srv", Entrypoint: ["sh"] });
    expect(JSON.stringify(request.HostConfig?.["PortBindings"])).toContain("18080");
  });

  it("refuses while a dependency is not up, saying how to start it or skip it; --no-deps runs anyway", async () => {
    const { run, created } = await shop({ dbRunning: false });
    expect(await run(["run", "-d", "api"])).toEqual({ code: 1, stdout: "", stderr: "error: api depends on db, which is not up\n  hint: berth up db starts it first; --no-deps runs without it\n" });
    expect(created).toEqual([]);
    expect((await run(["run", "-d", "--no-deps", "api"])).code).toBe(0);
  });

  it("refuses a service whose image is not on the engine, pointing at berth up", async () => {
    const { run, created } = await shop();
    expect(await run(["run", "-d", "tool"])).toEqual({ code: 1, stdout: "", stderr: "error: tool: image shop/tool:missing is not on the engine\n  hint: berth up tool builds or pulls it (berth up --build rebuilds)\n" });
    expect(created).toEqual([]);
  });

  it("refuses -e without a value (exit 2) and an unknown service", async () => {
    const { run } = await shop();
    expect(await run(["run", "-d", "-e", "JUSTANAME", "api"])).toEqual({ code: 2, stdout: "", stderr: "error: -e JUSTANAME: expected NAME=VALUE\n" });
    expect((await run(["run", "-d", "nosuch"])).stderr).toContain("no such service: nosuch");
  });

  it("removes the one-off when the engine cannot start it, and reports the engine's error", async () => {
    const { run, engine } = await shop();
    engine.startContainer = async () => {
      throw new EngineError("engine.start", "driver failed programming external connectivity: port is already allocated");
    };
    const result = await run(["run", "-d", "--no-deps", "api"]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("port is already allocated");
    expect(await engine.listContainers({ labels: { [composeLabel.oneoff]: "True" }, includeStopped: true })).toEqual([]);
  });
});
