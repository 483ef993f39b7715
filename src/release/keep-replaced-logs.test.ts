import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRedactor } from "../common/redact.js";
import { FakeEngine } from "../engine/fake-engine.js";
import { composeLabel } from "../engine/labels.js";
import { keepingReplacedLogs, keepLogsOf, type KeepLogsOptions } from "./keep-replaced-logs.js";
import { readPreviousLogs } from "./previous-logs.js";

let stateDir: string;
let engine: FakeEngine;
let options: KeepLogsOptions;

beforeEach(async () => {
  stateDir = await mkdtemp(join(tmpdir(), "berth-keep-"));
  engine = new FakeEngine({ images: ["shop-api:2"] });
  options = { stateDir, project: "shop", removedBy: "up", redact: createRedactor(["s3cret-password"]).text, now: () => new Date("2026-12-07T20:05:00Z") };
});
afterEach(async () => {
  await rm(stateDir, { recursive: true, force: true });
});

async function container(labels: Record<string, string>, name = "shop-api-1"): Promise<string> {
  const id = await engine.createContainer({ name, Image: "shop-api:2", Labels: labels });
  await engine.startContainer(id);
  return id;
}

const service = (project = "shop", oneoff = "False") => ({ [composeLabel.project]: project, [composeLabel.service]: "api", [composeLabel.number]: "2", [composeLabel.oneoff]: oneoff });

describe("keeping the output of containers up and rollback remove", () => {
  it("a removed service container leaves its last lines (redacted), its image and its times", async () => {
    const id = await container(service());
    engine.writeLog(id, "connecting to postgres://app:s3cret-password@db/app\n");
    engine.writeLog(id, "listening on 8080\n", "stderr");
    await keepingReplacedLogs(engine, options).removeContainer(id, { force: true });
    expect(await engine.inspectContainer(id)).toBeUndefined();
    const [kept] = (await readPreviousLogs(stateDir))["api"] ?? [];
    expect(kept).toMatchObject({ service: "api", number: 2, id: id.slice(0, 12), name: "shop-api-1", image: "shop-api:2", removedBy: "up", removedAt: "2026-12-07T20:05:00.000Z", truncated: false });
    expect(kept?.lines).toEqual(["connecting to postgres://app:***@db/app", "listening on 8080"]);
    expect(JSON.stringify(kept)).not.toContain("s3cret-password");
  });

  it("a replica renamed <short id>_<name> on its way out is kept under its own name", async () => {
    const id = await container(service());
    await engine.renameContainer(id, `${id.slice(0, 12)}_shop-api-1`);
    await keepingReplacedLogs(engine, options).removeContainer(id, { force: true });
    expect((await readPreviousLogs(stateDir))["api"]?.[0]?.name).toBe("shop-api-1");
  });

  it("one-off containers, other projects' and unlabelled helpers are not kept", async () => {
    expect(await keepLogsOf(engine, await container(service("shop", "True"), "shop-api-run-1"), options)).toBe(false);
    expect(await keepLogsOf(engine, await container(service("other"), "other-api-1"), options)).toBe(false);
    expect(await keepLogsOf(engine, await container({}, "helper"), options)).toBe(false);
    expect(await readPreviousLogs(stateDir)).toEqual({});
  });

  it("a container that is already gone, or a state folder that cannot be written, never stops the removal", async () => {
    expect(await keepLogsOf(engine, "nosuch", options)).toBe(false);
    const id = await container(service());
    await writeFile(join(stateDir, "a-file"), "");
    const broken = keepingReplacedLogs(engine, { ...options, stateDir: join(stateDir, "a-file", "shop") });
    await broken.removeContainer(id, { force: true });
    expect(await engine.inspectContainer(id)).toBeUndefined();
  });

  it("every other call goes through to the engine as it is", async () => {
    const wrapped = keepingReplacedLogs(engine, options);
    const id = await wrapped.createContainer({ name: "shop-api-1", Image: "shop-api:2", Labels: service() });
    expect((await wrapped.inspectContainer(id))?.Name).toBe("shop-api-1");
    expect(await readPreviousLogs(stateDir)).toEqual({});
  });
});
