import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { closeFakeEngineApis, fakeEngineApi } from "../../engine/testing/fake-engine-api.js";
import { runCli } from "../main.js";
import { testIO } from "../testing/test-io.js";

afterEach(closeFakeEngineApis);

/** A project on an engine that answers only ping: every case here must end before any container call. */
async function project(compose: string) {
  const dir = mkdtempSync(join(tmpdir(), "berth-backup-errors-"));
  writeFileSync(join(dir, "compose.yaml"), compose);
  const { dockerHost } = await fakeEngineApi({ "GET /_ping": (_, response) => response.end("OK") });
  const run = async (argv: readonly string[]) => {
    const { io, stdout, stderr } = testIO(dir, { DOCKER_HOST: dockerHost, BERTH_STATE_DIR: join(dir, ".state") });
    return { code: await runCli(argv, io), stdout: stdout.text, stderr: stderr.text };
  };
  return { dir, run };
}

const shop = "name: shop\nservices:\n  db:\n    image: postgres:15\n  api:\n    image: node:20-bookworm-slim\n";

describe("berth backup: what it refuses before touching a container", () => {
  it("says so, with the key to add, when no service has a backup driver", async () => {
    const { run } = await project("name: web\nservices:\n  api:\n    image: node:20-bookworm-slim\n");
    const result = await run(["backup"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("project web has no service with a backup driver");
    expect(result.stderr).toContain("services.NAME.x-berth.backup.driver: postgres | redis | volume");
  });
  it("names an unknown service", async () => {
    const { run } = await project(shop);
    expect(await run(["backup", "cache"])).toMatchObject({ code: 2, stdout: "", stderr: expect.stringContaining("no such service: cache") });
  });
  it("lists an empty backups folder as empty", async () => {
    const { dir, run } = await project(shop);
    expect(await run(["backup", "--list", "--dir", join(dir, "none")])).toEqual({ code: 0, stdout: `no backups in ${join(dir, "none")}\n`, stderr: "" });
  });
});

describe("berth restore --check: what it refuses before touching a container", () => {
  it("explains latest and points at the list when there is no backup", async () => {
    const { dir, run } = await project(shop);
    const result = await run(["restore", "--check", "--dir", join(dir, "b"), "db", "latest"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`no backup "latest" of db in ${join(dir, "b", "db")} (latest is the newest backup whose restore drill passed)`);
    expect(result.stderr).toContain("list them: berth backup --list db");
  });
  it("counts manifests it refused in the hint", async () => {
    const { dir, run } = await project(shop);
    mkdirSync(join(dir, "b", "db"), { recursive: true });
    writeFileSync(join(dir, "b", "db", "old.dump.manifest.json"), "{ not json");
    const result = await run(["restore", "--check", "--dir", join(dir, "b"), "db", "db-1.dump"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("1 manifest(s) there were refused as not written by berth");
  });
  it("refuses a service without a backup driver", async () => {
    const { run } = await project(shop);
    const result = await run(["restore", "--check", "api", "latest"]);
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: "error: service api has no backup driver: its image (node:20-bookworm-slim) is not one berth knows\n  hint: declare one: services.api.x-berth.backup.driver: postgres | redis | volume\n",
    });
  });
});
