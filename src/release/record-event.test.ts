import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { downNote } from "../cli/commands/down.js";
import { eventRelease, recordEvent } from "./record-event.js";
import { previousDeployed, type Release } from "./release.js";
import { readReleases, recordRelease } from "./release-store.js";
import { renderHistory } from "./render-history.js";

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

function deployed(imageId: string): Omit<Release, "id"> {
  return {
    at: "2026-12-07T18:00:00.000Z",
    project: "shop",
    command: "up",
    outcome: "deployed",
    changes: [{ service: "api", fromImageId: undefined, toImageId: imageId, cause: "created" }],
    services: [{ service: "api", image: "app:1", imageId, configHash: "h" }],
    diagnoses: [],
  };
}

describe("down, restore and migrate in history", () => {
  it("an event is a release without images, done or failed, with its note", () => {
    expect(eventRelease({ project: "shop", command: "down", ok: true, note: "removed 2 containers, 1 network" }, "2026-12-07T18:40:00.000Z")).toEqual({
      at: "2026-12-07T18:40:00.000Z",
      project: "shop",
      command: "down",
      outcome: "done",
      note: "removed 2 containers, 1 network",
      changes: [],
      services: [],
      diagnoses: [],
    });
    const failed = eventRelease({ project: "shop", command: "restore", ok: false, note: "restored db from db-1.sql.gz", failure: "db: row counts differ" }, "t");
    expect(failed).toMatchObject({ outcome: "failed", diagnoses: ["db: row counts differ"] });
  });

  it("history shows each event with its note, newest first, between the deployments", async () => {
    const stateDir = await mkdtemp(join(tmpdir(), "berth-events-"));
    dirs.push(stateDir);
    await recordRelease(stateDir, deployed("sha256:111111111111aaaa"));
    await recordEvent(stateDir, { project: "shop", command: "migrate", ok: true, note: "applied 2 migration(s) to db: 001_init.sql, 002_users.sql", at: "2026-12-07T18:01:00.000Z" });
    await recordEvent(stateDir, { project: "shop", command: "restore", ok: false, note: "restored db from db-1.sql.gz", failure: "db: row counts differ", at: "2026-12-07T18:02:00.000Z" });
    await recordEvent(stateDir, { project: "shop", command: "down", ok: true, note: "removed 1 container, 1 network", at: "2026-12-07T18:03:00.000Z" });
    expect(renderHistory(await readReleases(stateDir))).toBe(
      [
        "#4  2026-12-07T18:03:00.000Z  done        down",
        "    removed 1 container, 1 network",
        "#3  2026-12-07T18:02:00.000Z  failed      restore",
        "    restored db from db-1.sql.gz",
        "    ! db: row counts differ",
        "#2  2026-12-07T18:01:00.000Z  done        migrate",
        "    applied 2 migration(s) to db: 001_init.sql, 002_users.sql",
        "#1  2026-12-07T18:00:00.000Z  deployed    up",
        "    api: - -> 111111111111 (created)",
        "",
      ].join("\n"),
    );
  });

  it("an event is never a rollback target, even when it is the latest record", async () => {
    const stateDir = await mkdtemp(join(tmpdir(), "berth-events-"));
    dirs.push(stateDir);
    await recordRelease(stateDir, deployed("sha256:1"));
    await recordEvent(stateDir, { project: "shop", command: "down", ok: true, note: "removed 1 container" });
    expect(previousDeployed(await readReleases(stateDir))).toBeUndefined();
    await recordRelease(stateDir, deployed("sha256:2"));
    await recordEvent(stateDir, { project: "shop", command: "migrate", ok: true, note: "applied 1 migration(s) to db: 003.sql" });
    expect(previousDeployed(await readReleases(stateDir))?.id).toBe(1);
  });

  it("down's note counts what it removed, singular and plural", () => {
    expect(downNote({ containers: ["a", "b"], networks: ["n"], volumes: [], images: [] })).toBe("removed 2 containers, 1 network");
    expect(downNote({ containers: ["a"], networks: [], volumes: ["v1", "v2"], images: ["i"] })).toBe("removed 1 container, 2 volumes, 1 image");
  });
});
