import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Project } from "../compose/model/project.js";
import { archiveEntries } from "../deploy/test-archive.js";
import { FakeEngine } from "../engine/fake-engine.js";
import { testProject } from "../plan/test-project.js";
import { deployProject } from "./deploy-project.js";

// berth up with secrets: and configs: on a fake engine: the order of engine calls (a copied file
// lands between create and start), what the create body mounts, what a changed value recreates,
// and what an unset variable costs (nothing that runs).

const dir = mkdtempSync(join(tmpdir(), "berth-deploy-files-"));
writeFileSync(join(dir, "db_password.txt"), "pw-from-file\n");

function project(environment: Record<string, string>): Project {
  // Healthchecks: the fake engine reports them healthy at once, so no stability window is waited.
  const healthcheck = { test: ["CMD", "true"], interval: "5s" };
  const base = testProject("shop", {
    db: { image: "postgres:15", healthcheck, secrets: [{ source: "db_pw", target: "/run/secrets/db_pw" }] },
    api: { image: "node:20", healthcheck, secrets: [{ source: "api_key", target: "/run/secrets/api_key", mode: "0400", uid: "1000" }] },
  });
  return {
    ...base,
    secrets: { db_pw: { name: "shop_db_pw", file: join(dir, "db_password.txt") }, api_key: { name: "shop_api_key", environment: "API_KEY" } },
    meta: { ...base.meta, environment },
  };
}

function deploy(engine: FakeEngine, environment: Record<string, string>) {
  return deployProject({ engine, project: project(environment), signal: new AbortController().signal, waitTimeoutMs: 5_000, stableMs: 0, build: "missing", removeOrphans: false, forceRecreate: false, pull: "never" });
}

async function filesIn(archive: Buffer): Promise<Record<string, string>> {
  const entries = await archiveEntries(archive);
  return Object.fromEntries(entries.map((e) => [e.name, `${(e.mode ?? 0).toString(8)} ${e.uid ?? 0} ${e.content}`]));
}

const containerCalls = (engine: FakeEngine, name: string) => engine.calls.filter((call) => call.endsWith(` ${name}`) || call.includes(` ${name} `));

describe("deployProject with secrets and configs", () => {
  it("binds the file secret and copies the environment one in between create and start", async () => {
    const engine = new FakeEngine({ images: ["postgres:15", "node:20"] });
    const result = await deploy(engine, { API_KEY: "key-from-env" });
    expect(result.ok).toBe(true);
    expect(containerCalls(engine, "shop-api-1")).toEqual(["create shop-api-1", "copy shop-api-1 /", "start shop-api-1"]);
    expect(containerCalls(engine, "shop-db-1")).toEqual(["create shop-db-1", "start shop-db-1"]);
    const api = (await engine.listContainers()).find((c) => c.name === "shop-api-1");
    const archives = engine.copiedArchives(api?.id ?? "");
    expect(await filesIn(archives[0]?.archive as Buffer)).toEqual({ "run/secrets/api_key": "400 1000 key-from-env" });
    const db = await engine.inspectContainer("shop-db-1");
    expect(JSON.stringify(db)).not.toContain("pw-from-file");
  });

  it("recreates only the service whose secret changed", async () => {
    const engine = new FakeEngine({ images: ["postgres:15", "node:20"] });
    await deploy(engine, { API_KEY: "key-from-env" });
    const before = engine.calls.length;
    const again = await deploy(engine, { API_KEY: "key-rotated" });
    expect(again.ok).toBe(true);
    const changes = engine.calls.slice(before).filter((call) => !call.startsWith("exec"));
    expect(changes.some((call) => call.includes("shop-api-1"))).toBe(true);
    expect(changes.some((call) => call.includes("shop-db-1"))).toBe(false);
    const api = (await engine.listContainers()).find((c) => c.name === "shop-api-1");
    expect(await filesIn(engine.copiedArchives(api?.id ?? "")[0]?.archive as Buffer)).toEqual({ "run/secrets/api_key": "400 1000 key-rotated" });
  });

  it("fails the service naming the unset variable, creating nothing, and keeps a running container", async () => {
    const fresh = new FakeEngine({ images: ["postgres:15", "node:20"] });
    const failed = await deploy(fresh, {});
    expect(failed.ok).toBe(false);
    expect(JSON.stringify(failed)).toContain('secrets.api_key: environment variable \\"API_KEY\\" is not set');
    expect(fresh.calls.some((call) => call.includes("shop-api-1"))).toBe(false);

    const running = new FakeEngine({ images: ["postgres:15", "node:20"] });
    await deploy(running, { API_KEY: "key-from-env" });
    const before = running.calls.length;
    const unset = await deploy(running, {});
    expect(unset.ok).toBe(false);
    expect(running.calls.slice(before).filter((call) => call.includes("shop-api-1") && !call.startsWith("exec"))).toEqual([]);
    expect((await running.inspectContainer("shop-api-1"))?.State.Running).toBe(true);
  });
});
