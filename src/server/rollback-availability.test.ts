import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FakeEngine } from "../engine/fake-engine.js";
import { testProject } from "../plan/test-project.js";
import type { Release } from "../release/release.js";
import { recordRelease } from "../release/release-store.js";
import { backUpNow } from "./actions/back-up-now.js";
import { rollbackAvailability } from "./rollback-availability.js";
import { serveProject } from "./served-project.js";

async function stateWith(...releases: [Release["command"], Release["outcome"]][]): Promise<string> {
  const stateDir = mkdtempSync(join(tmpdir(), "berth-rollback-avail-"));
  for (const [command, outcome] of releases) await recordRelease(stateDir, { at: "2026-11-23T08:00:00.000Z", project: "p", command, outcome, changes: [], services: [], diagnoses: [] });
  return stateDir;
}

describe("rollbackAvailability", () => {
  it("counts only deployed up and rollback releases, so failed deploys, downs and restores never make one available", async () => {
    const stateDir = await stateWith(["up", "deployed"], ["up", "failed"], ["up", "rolled-back"], ["down", "done"], ["restore", "done"]);
    expect(await rollbackAvailability(stateDir)).toEqual({ available: false, reason: "rollback needs two deployed releases; 1 recorded (see berth history)" });
  });

  it("targets the deployed release before the latest deployed one, a rollback counting as a deployment", async () => {
    expect(await rollbackAvailability(await stateWith(["up", "deployed"], ["up", "deployed"], ["up", "failed"]))).toEqual({ available: true, targetRelease: 1 });
    expect(await rollbackAvailability(await stateWith(["up", "deployed"], ["up", "deployed"], ["rollback", "deployed"]))).toEqual({ available: true, targetRelease: 2 });
  });
});

describe("backUpNow", () => {
  it("answers, without touching the engine, that a project with nothing to back up has no backup driver", async () => {
    const engine = new FakeEngine({ images: ["nginx:1.22"] });
    const served = serveProject(testProject("site", { web: { image: "nginx:1.22" } }), { BERTH_STATE_DIR: "/nonexistent/berth-state" }, "/");
    const result = await backUpNow(engine, served, new AbortController().signal, { env: {}, cwd: "/", berthVersion: "0.0.0" });
    expect(result).toEqual({ ok: false, summary: "project site has no service with a backup driver" });
    expect(engine.calls).toEqual([]);
  });
});
