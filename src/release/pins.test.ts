import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { testProject } from "../plan/test-project.js";
import { decidePins, pinnedImages, pinsAfterRollback, pinsPath, readPins, writePins, type Pin } from "./pins.js";

const project = testProject("shop", { api: { build: { context: "/srv/app/api" }, image: "shop-api:latest" }, web: { image: "nginx:1.22" } });
const api: Pin = { service: "api", image: "shop-api:latest", imageId: "sha256:v1", release: 4 };
const web: Pin = { service: "web", image: "nginx:1.22", imageId: "sha256:n1", release: 4 };
const none = new Set<string>();

describe("decidePins", () => {
  it("keeps a pin while nothing says otherwise", () => {
    expect(decidePins([api, web], { project, releaseLatest: false, building: none })).toEqual({ kept: [api, web], lifted: [] });
  });

  it("--release latest lifts every pin", () => {
    const decision = decidePins([api, web], { project, releaseLatest: true, building: none });
    expect(decision.kept).toEqual([]);
    expect(decision.lifted.map((l) => `${l.pin.service}: ${l.reason}`)).toEqual(["api: --release latest", "web: --release latest"]);
  });

  it("a new build of the pinned reference lifts its pin only", () => {
    const decision = decidePins([api, web], { project, releaseLatest: false, building: new Set(["shop-api:latest"]) });
    expect(decision.kept).toEqual([web]);
    expect(decision.lifted).toEqual([{ pin: api, reason: "a new build of shop-api:latest is deployed" }]);
  });

  it("an image reference changed in the files lifts the pin", () => {
    const edited = testProject("shop", { api: { image: "shop-api:3" }, web: { image: "nginx:1.22" } });
    const decision = decidePins([api], { project: edited, releaseLatest: false, building: none });
    expect(decision.lifted).toEqual([{ pin: api, reason: "its image is now shop-api:3 (was shop-api:latest)" }]);
  });

  it("a service outside this run's profiles keeps its pin for a later run", () => {
    const without = testProject("shop", { web: { image: "nginx:1.22" } });
    expect(decidePins([api], { project: without, releaseLatest: false, building: none }).kept).toEqual([api]);
    expect(pinnedImages([api, web], without)).toEqual({ web: { imageId: "sha256:n1", why: "rollback to #4" } });
  });
});

describe("pinsAfterRollback", () => {
  it("replaces the pins of the rolled services and keeps the others", () => {
    const newer = { ...api, imageId: "sha256:v0", release: 2 };
    expect(pinsAfterRollback([api, web], [newer])).toEqual([web, newer]);
  });
});

describe("pins.json", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  const stateDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), "berth-pins-"));
    dirs.push(dir);
    return dir;
  };

  it("round-trips the pins, sorted by service", async () => {
    const dir = await stateDir();
    await writePins(dir, [web, api]);
    expect(await readPins(dir)).toEqual([api, web]);
  });

  it("an empty list removes the file", async () => {
    const dir = await stateDir();
    await writePins(dir, [api]);
    await writePins(dir, []);
    await expect(readFile(pinsPath(dir), "utf8")).rejects.toThrow(/ENOENT/);
    expect(await readPins(dir)).toEqual([]);
  });

  it("a damaged file or a malformed entry pins nothing rather than failing up", async () => {
    const dir = await stateDir();
    await writeFile(pinsPath(dir), "{not json");
    expect(await readPins(dir)).toEqual([]);
    await writeFile(pinsPath(dir), JSON.stringify([api, { service: "web" }, "x"]));
    expect(await readPins(dir)).toEqual([api]);
  });
});
