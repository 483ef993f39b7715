import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { previousDeployed, type Release } from "./release.js";
import { readReleases, recordRelease, releasesPath } from "./release-store.js";
import { renderHistory } from "./render-history.js";

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

function draft(outcome: Release["outcome"], to: string): Omit<Release, "id"> {
  return {
    at: "2026-11-23T08:30:00.000Z",
    project: "shop",
    command: "up",
    outcome,
    changes: [{ service: "api", fromImageId: "sha256:aaaaaaaaaaaaaaaa", toImageId: `sha256:${to}`, cause: "image app:2 changed" }],
    services: [{ service: "api", image: "app:2", imageId: `sha256:${to}`, configHash: "h" }],
    diagnoses: outcome === "deployed" ? [] : ["api: unhealthy: GET /ready answered 503"],
  };
}

describe("release store", () => {
  it("numbers releases, reads them back oldest first and skips a torn last line", async () => {
    const dir = await mkdtemp(join(tmpdir(), "berth-release-"));
    dirs.push(dir);
    expect(await readReleases(dir)).toEqual([]);
    await recordRelease(dir, draft("deployed", "bbbbbbbbbbbbbbbb"));
    await recordRelease(dir, draft("rolled-back", "cccccccccccccccc"));
    await readFile(releasesPath(dir), "utf8").then((text) => import("node:fs/promises").then((fs) => fs.writeFile(releasesPath(dir), `${text}{"id":3,`)));
    expect((await readReleases(dir)).map((r) => [r.id, r.outcome])).toEqual([
      [1, "deployed"],
      [2, "rolled-back"],
    ]);
  });

  it("finds the deployed release before the latest deployed one", () => {
    const releases = ["deployed", "deployed", "rolled-back", "deployed"].map((outcome, i) => ({ ...draft(outcome as Release["outcome"], "d"), id: i + 1 }));
    expect(previousDeployed(releases)?.id).toBe(2);
    expect(previousDeployed(releases.slice(0, 1))).toBeUndefined();
  });

  it("renders history newest first with short image ids and diagnoses", () => {
    const history = renderHistory([{ ...draft("deployed", "bbbbbbbbbbbbbbbb"), id: 1 }, { ...draft("rolled-back", "cccccccccccccccc"), id: 2 }]);
    expect(history).toBe(
      [
        "#2  2026-11-23T08:30:00.000Z  rolled-back up",
        "    api: aaaaaaaaaaaa -> cccccccccccc (image app:2 changed)",
        "    ! api: unhealthy: GET /ready answered 503",
        "#1  2026-11-23T08:30:00.000Z  deployed    up",
        "    api: aaaaaaaaaaaa -> bbbbbbbbbbbb (image app:2 changed)",
        "",
      ].join("\n"),
    );
  });
});
