import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { projectStateDir } from "../../deploy/state-dir.js";
import { FakeEngine } from "../../engine/fake-engine.js";
import { composeLabel } from "../../engine/labels.js";
import { recordRelease } from "../../release/release-store.js";
import type { Release } from "../../release/release.js";
import { runCli } from "../main.js";
import { testIO } from "../testing/test-io.js";

/*
 * What `berth rollback` and `berth migrate` refuse, whole and in-process on an in-memory engine:
 * the message names what is missing and the hint says what to do; nothing is changed.
 */
const engines = vi.hoisted(() => ({ current: undefined as unknown }));
vi.mock("../connect-engine.js", () => ({ connectEngine: async () => engines.current }));

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function project(compose: string) {
  const dir = mkdtempSync(join(tmpdir(), "berth-cli-rollback-"));
  dirs.push(dir);
  writeFileSync(join(dir, "compose.yaml"), compose);
  const engine = new FakeEngine({ images: ["node:20-bookworm-slim", "postgres:15"] });
  engines.current = engine;
  const env = { DOCKER_HOST: "unix:///nonexistent/berth-test/docker.sock", BERTH_STATE_DIR: join(dir, ".state") };
  const run = async (argv: readonly string[]) => {
    const { io, stdout, stderr } = testIO(dir, env);
    return { code: await runCli(argv, io), stdout: stdout.text, stderr: stderr.text };
  };
  return { engine, run, stateDir: projectStateDir("shop", env) };
}

const shop = "name: shop\nservices:\n  api:\n    image: node:20-bookworm-slim\n  db:\n    image: postgres:15\n";

/** A deployed `up` of api, running the image `imageId`. */
const deployed = (imageId: string, command: Release["command"] = "up"): Omit<Release, "id"> => ({
  at: "2026-12-01T10:00:00.000Z",
  project: "shop",
  command,
  outcome: command === "up" ? "deployed" : "done",
  changes: [],
  services: [{ service: "api", image: "node:20-bookworm-slim", imageId, configHash: "h" }],
  diagnoses: [],
});

describe("berth rollback refuses", () => {
  it("when no earlier deployed release is recorded, pointing at berth history (exit 1)", async () => {
    const { run } = await project(shop);
    expect(await run(["rollback"])).toEqual({
      code: 1,
      stdout: "",
      stderr: "error: no earlier deployed release of shop is recorded\n  hint: `berth history` lists what was recorded; rollback needs two deployed releases\n",
    });
  });

  it("when the only other record is a down, which is never a rollback target", async () => {
    const { run, stateDir } = await project(shop);
    await recordRelease(stateDir, deployed(`sha256:${"1".repeat(64)}`));
    await recordRelease(stateDir, { ...deployed("", "down"), services: [], note: "removed 2 containers" });
    expect((await run(["rollback"])).stderr).toContain("no earlier deployed release of shop is recorded");
  });

  it("when the image of the release to return to is gone from the engine, naming it and the service", async () => {
    const { run, stateDir, engine } = await project(shop);
    const current = (await engine.inspectImage("node:20-bookworm-slim"))!.Id;
    await recordRelease(stateDir, deployed(`sha256:${"0".repeat(64)}`));
    await recordRelease(stateDir, deployed(current));
    const id = await engine.createContainer({ name: "shop-api-1", Image: "node:20-bookworm-slim", Labels: { [composeLabel.project]: "shop", [composeLabel.service]: "api", [composeLabel.number]: "1" } });
    await engine.startContainer(id);
    engine.calls.length = 0;
    const result = await run(["rollback"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("error: image 000000000000 of api (node:20-bookworm-slim) is no longer on this engine\n  hint: it was removed (docker image prune?); rebuild that version and run berth up instead\n");
    expect(engine.calls.filter((call) => /^(create|stop|destroy) /.test(call))).toEqual([]);
  });
});

describe("berth migrate refuses", () => {
  it("a project without a Postgres service, saying how to name one (exit 2)", async () => {
    const { run } = await project("name: shop\nservices:\n  api:\n    image: node:20-bookworm-slim\n");
    expect(await run(["migrate", "--status"])).toEqual({ code: 2, stdout: "", stderr: "error: berth migrate needs one Postgres service and the project has no Postgres service\n  hint: name it: --service NAME or x-berth.migrate.service\n" });
  });

  it("a project with two, listing them", async () => {
    const { run } = await project(`${shop}  replica:\n    image: postgres:15\n`);
    expect((await run(["migrate", "--dry-run"])).stderr).toContain("the project has 2 Postgres services (db, replica)\n");
  });

  it("a --service the project does not have", async () => {
    const { run } = await project(shop);
    expect(await run(["migrate", "--service", "nosuch"])).toMatchObject({ code: 2, stderr: "error: no such service: nosuch\n" });
  });

  it("an x-berth.migrate that is not a mapping, naming the file and line", async () => {
    const { run } = await project(`${shop}x-berth:\n  migrate: migrations/\n`);
    const result = await run(["migrate", "--status"]);
    expect(result.code).toBe(1);
    // Line 8, column 3: the `migrate:` key itself.
    expect(result.stderr).toMatch(/^error: \/.+\/compose\.yaml:8:3: x-berth\.migrate must be a mapping \(service, dir, database, user\)\n$/);
  });
});
