import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildDigestLabel, contextDigest } from "../engine/context-digest.js";
import type { ContainerFilter, ContainerSummary } from "../engine/engine.js";
import { FakeEngine } from "../engine/fake-engine.js";
import { composeLabel } from "../engine/labels.js";
import { testProject } from "../plan/test-project.js";
import { listProjectContainers } from "./list-containers.js";
import { observeProject } from "./observe.js";

const row = (name: string, state: string, status: string, labels: Record<string, string>, extra: Partial<ContainerSummary> = {}): ContainerSummary => ({
  id: `${name}-0123456789abcdef`, name, image: "app:1", imageId: "sha256:0123456789abcdef0123", state, status, created: 1, ports: [], networks: [], ...extra,
  labels: { [composeLabel.project]: "shop", ...labels },
});
const service = (name: string, number = "1") => ({ [composeLabel.service]: name, [composeLabel.number]: number });

/** A FakeEngine whose container list is exactly the given rows, as the engine's list API gives them. */
class ListedEngine extends FakeEngine {
  constructor(private readonly rows: ContainerSummary[]) {
    super({ images: ["app:1"] });
  }
  override async listContainers(_filter?: ContainerFilter): Promise<ContainerSummary[]> {
    return this.rows;
  }
}

describe("observeProject", () => {
  it("reads exit codes and health from the engine's status text, and numbers, one-offs and hashes from labels", async () => {
    const engine = new ListedEngine([
      row("/shop-db-1", "running", "Up 3 minutes (healthy)", { ...service("db"), [composeLabel.configHash]: "h-db" }),
      row("shop-api-2", "running", "Up 2 seconds (health: starting)", service("api", "2")),
      row("shop-api-1", "running", "Up 1 hour (unhealthy)", service("api")),
      row("shop-migrate-1", "exited", "Exited (137) 5 minutes ago", service("migrate")),
      row("shop-api-run-1", "exited", "Exited (0) 1 second ago", { ...service("api"), [composeLabel.oneoff]: "True" }),
      row("shop-odd-1", "weird", "Something new", service("odd")),
      row("hand-made", "running", "Up 1 second", {}),
    ]);
    const observed = await observeProject(engine, testProject("shop", { api: { image: "app:1" } }));
    expect(observed.containers.map((c) => [c.name, c.service, c.number, c.status, c.exitCode, c.health, c.oneoff])).toEqual([
      ["shop-db-1", "db", 1, "running", 0, "healthy", false],
      ["shop-api-2", "api", 2, "running", 0, "starting", false],
      ["shop-api-1", "api", 1, "running", 0, "unhealthy", false],
      ["shop-migrate-1", "migrate", 1, "exited", 137, undefined, false],
      ["shop-api-run-1", "api", 1, "exited", 0, undefined, true],
      ["shop-odd-1", "odd", 1, "dead", 0, undefined, false],
    ]);
    expect(observed.containers[0]?.configHash).toBe("h-db");
    expect(observed.containers[1]?.configHash).toBeUndefined();
  });

  it("finds the project's networks, volumes and the ids of the images its services use, present ones only", async () => {
    const engine = new FakeEngine({ images: ["app:1"] });
    await engine.createNetwork({ name: "shop_default", labels: { [composeLabel.project]: "shop" } });
    await engine.createNetwork({ name: "other_default", labels: { [composeLabel.project]: "other" } });
    await engine.createVolume({ name: "shop_data", labels: { [composeLabel.project]: "shop" } });
    const observed = await observeProject(engine, testProject("shop", { api: { image: "app:1" }, cache: { image: "redis:7" }, worker: { image: "app:1" } }));
    expect(observed.networks.map((n) => n.name)).toEqual(["shop_default"]);
    expect(observed.volumes.map((v) => v.name)).toEqual(["shop_data"]);
    expect(observed.images).toEqual({ "app:1": (await engine.inspectImage("app:1"))?.Id });
    expect(observed.staleImages).toBeUndefined();
  });

  it("calls a built image stale when its recorded build digest is not the digest of its context now, and says why", async () => {
    const context = mkdtempSync(join(tmpdir(), "berth-observe-"));
    writeFileSync(join(context, "Dockerfile"), "FROM app:1\n");
    const engine = new FakeEngine();
    const recorded = await contextDigest({ context, args: {} });
    engine.resources.addImage(["shop-api"], { [buildDigestLabel]: recorded });
    engine.resources.addImage(["shop-worker"], {});
    const project = testProject("shop", { api: { build: { context } }, worker: { build: { context } } });
    expect((await observeProject(engine, project)).staleImages).toBeUndefined();
    writeFileSync(join(context, "server.js"), "console.log('changed')\n");
    expect((await observeProject(engine, project)).staleImages).toEqual({ "shop-api": "api: its build context, Dockerfile or build args changed since shop-api was built" });
  });
});

describe("listProjectContainers", () => {
  it("gives berth ps its rows: short ids, health and exit code from the status, published ports only, one-offs left out, sorted", async () => {
    const engine = new ListedEngine([
      row("shop-web-2", "running", "Up 1 minute (healthy)", service("web", "2"), { ports: [{ ip: "127.0.0.1", privatePort: 80, publicPort: 8081, type: "tcp" }, { privatePort: 443, type: "tcp" }] }),
      row("shop-web-1", "running", "Up 1 minute (health: starting)", service("web")),
      row("shop-db-1", "exited", "Exited (3) 2 seconds ago", service("db")),
      row("shop-web-run-1", "running", "Up 1 second", { ...service("web"), [composeLabel.oneoff]: "true" }),
    ]);
    const rows = await listProjectContainers(engine, "shop");
    expect(rows.map((r) => [r.name, r.id, r.number, r.health, r.exitCode, r.imageId, r.ports])).toEqual([
      ["shop-db-1", "shop-db-1-01", 1, null, 3, "0123456789ab", []],
      ["shop-web-1", "shop-web-1-0", 1, "starting", null, "0123456789ab", []],
      ["shop-web-2", "shop-web-2-0", 2, "healthy", null, "0123456789ab", ["127.0.0.1:8081->80/tcp"]],
    ]);
    expect((await listProjectContainers(engine, "shop", ["db"])).map((r) => r.name)).toEqual(["shop-db-1"]);
  });
});
