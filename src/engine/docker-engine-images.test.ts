import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { closeFakeEngineApis, fakeEngineApi as fakeEngine, filtersOf, json, type Handler } from "./testing/fake-engine-api.js";

afterEach(closeFakeEngineApis);

describe("DockerEngine images, pulls, events and resources", () => {
  it("fails a pull on an error message inside the progress stream, with the engine's words", async () => {
    const { engine } = await fakeEngine({
      "POST /images/create": (_, response) => response.end(`{"status":"Pulling from library/redis"}\n{"errorDetail":{"message":"denied"},"error":"pull access denied for redis, repository does not exist"}\n`),
    });
    await expect(engine.pullImage("redis:7")).rejects.toMatchObject({ code: "engine.failed", message: "pulling redis:7: pull access denied for redis, repository does not exist" });
  });

  it("completes a pull whose stream carries only progress", async () => {
    const { engine, seen } = await fakeEngine({ "POST /images/create": (_, response) => response.end('{"status":"Pulling"}\n{"status":"Downloaded newer image for redis:7"}\n') });
    await engine.pullImage("redis:7");
    expect([seen.at(-1)?.query.get("fromImage"), seen.at(-1)?.query.get("tag")]).toEqual(["redis", "7"]);
  });

  it("inspects a missing image as undefined, and lists images by reference and dangling", async () => {
    const { engine, seen } = await fakeEngine({
      "GET /images/nope:1/json": json(404, { message: "No such image: nope:1" }),
      "GET /images/json": json(200, [{ Id: "sha256:aa", RepoTags: null, Labels: null, Size: 10, Created: 1 }]),
    });
    expect(await engine.inspectImage("nope:1")).toBeUndefined();
    expect(await engine.listImages({ reference: "shop-*", danglingOnly: true })).toEqual([{ id: "sha256:aa", tags: [], labels: {}, size: 10, created: 1 }]);
    expect(filtersOf(seen.at(-1))).toEqual({ reference: ["shop-*"], dangling: ["true"] });
  });

  it("streams events with their filter and times, and ends quietly when aborted", async () => {
    const controller = new AbortController();
    const { engine, seen } = await fakeEngine({
      "GET /events": (_, response) => {
        response.writeHead(200);
        response.write(`{"Type":"container","Action":"start","Actor":{"ID":"c1","Attributes":{"name":"shop-web-1"}},"time":1700000000,"timeNano":1700000000123456789}\n{"Type":"container","Action":"die",`);
        setTimeout(() => response.write(`"Actor":{"ID":"c1"},"time":1700000001}\n`), 10);
      },
    });
    const events = [];
    for await (const event of engine.events({ types: ["container"], labels: { "com.docker.compose.project": "shop" }, since: 1700000000 }, controller.signal)) {
      events.push(event);
      if (events.length === 2) controller.abort();
    }
    expect(events).toEqual([
      { type: "container", action: "start", id: "c1", attributes: { name: "shop-web-1" }, time: 1700000000123 },
      { type: "container", action: "die", id: "c1", attributes: {}, time: 1700000001000 },
    ]);
    expect(filtersOf(seen.at(-1))).toEqual({ type: ["container"], label: ["com.docker.compose.project=shop"] });
    expect(seen.at(-1)?.query.get("since")).toBe("1700000000");
  });

  it("ends an event stream that carries something other than JSON with an engine error naming it, not a crash", async () => {
    const { engine } = await fakeEngine({ "GET /events": (_, response) => response.end('{"Type":"container","Action":"start"}\n<html>proxy error</html>\n') });
    const actions: string[] = [];
    const reading = (async () => {
      for await (const event of engine.events({}, new AbortController().signal)) actions.push(event.action);
    })();
    await expect(reading).rejects.toMatchObject({ code: "engine.failed", message: expect.stringMatching(/^following engine events: /) });
    expect(actions).toEqual(["start"]);
  });

  it("creates networks and volumes with their labels, and lists volumes when the engine says null", async () => {
    const { engine, seen } = await fakeEngine({
      "POST /networks/create": json(201, { Id: "net-1" }),
      "POST /volumes/create": json(201, { Name: "shop_data", Driver: "local", Labels: { a: "b" }, Mountpoint: "/var/lib/docker/volumes/shop_data/_data" }),
      "GET /volumes/shop_data": json(200, { Name: "shop_data", Driver: "local", Labels: { a: "b" }, Mountpoint: "/var/lib/docker/volumes/shop_data/_data" }),
      "GET /volumes": json(200, { Volumes: null, Warnings: null }),
      "GET /networks/shop_default": json(200, { Id: "net-1", Name: "shop_default" }),
    });
    expect(await engine.createNetwork({ name: "shop_default", labels: { "com.docker.compose.network": "default" } })).toBe("net-1");
    expect(JSON.parse(seen.at(-1)?.body ?? "{}")).toMatchObject({ Name: "shop_default", Driver: "bridge", CheckDuplicate: true, Labels: { "com.docker.compose.network": "default" } });
    // The engine's details come back, from its answer to the create (no second request).
    expect(await engine.createVolume({ name: "shop_data", labels: { a: "b" } })).toEqual({ Name: "shop_data", Driver: "local", Labels: { a: "b" }, Mountpoint: "/var/lib/docker/volumes/shop_data/_data" });
    expect(seen.at(-1)?.path).toBe("/volumes/create");
    expect(JSON.parse(seen.at(-1)?.body ?? "{}")).toEqual({ Name: "shop_data", Driver: "local", DriverOpts: {}, Labels: { a: "b" } });
    expect(await engine.listVolumes({ "com.docker.compose.project": "shop" })).toEqual([]);
    expect(await engine.inspectNetwork("shop_default")).toEqual({ Id: "net-1", Name: "shop_default", Containers: {} });
    expect(await engine.inspectNetwork("missing")).toBeUndefined();
  });
});


describe("DockerEngine builds", () => {
  const contextDir = (dockerfile?: string) => {
    const dir = mkdtempSync(join(tmpdir(), "berth-fake-build-"));
    if (dockerfile !== undefined) writeFileSync(join(dir, "Dockerfile"), dockerfile);
    return dir;
  };
  const classicStream = (lines: readonly object[]): Handler => (_, response) => response.end(lines.map((line) => JSON.stringify(line)).join("\n"));

  it("falls back to the classic builder, saying so, when the engine refuses BuildKit, and labels the image with its build digest", async () => {
    // dockerode opens a BuildKit session first (POST /session): an engine without BuildKit refuses it.
    const { engine, seen } = await fakeEngine({
      "POST /session": json(500, { message: "buildkit not supported by daemon" }),
      "POST /build": classicStream([{ stream: "Step 1/1 : FROM app:1\n" }, { aux: { ID: "sha256:built" } }, { stream: "Successfully built built\n" }]),
    });
    const lines: string[] = [];
    const result = await engine.buildImage({ context: contextDir("FROM app:1\n"), tags: ["shop-api", "shop-api:v2"] }, (progress) => lines.push(progress.text));
    expect(result).toMatchObject({ ok: true, imageId: "sha256:built" });
    expect(lines[0]).toBe("BuildKit is not available on this engine (buildkit not supported by daemon); building with the classic builder");
    expect(seen.slice(1).map((s) => `${s.method} ${s.path}`)).toEqual(["POST /session", "POST /build"]);
    const build = seen.at(-1);
    expect([build?.query.get("version"), build?.query.getAll("t")]).toEqual([null, ["shop-api", "shop-api:v2"]]);
    expect(Object.keys(JSON.parse(build?.query.get("labels") ?? "{}"))).toContain("io.berth.build-digest");
  });

  it("ends a failed classic build with the failing step and what it printed", async () => {
    const { engine } = await fakeEngine({
      "POST /build": classicStream([
        { stream: "Step 1/2 : FROM app:1\n" },
        { stream: "Step 2/2 : RUN npm ci\n" },
        { stream: "\u001b[91mnpm ERR! missing: express\n\u001b[0m" },
        { error: "The command '/bin/sh -c npm ci' returned a non-zero code: 1", errorDetail: { code: 1, message: "The command '/bin/sh -c npm ci' returned a non-zero code: 1" } },
      ]),
    });
    const result = await engine.buildImage({ context: contextDir("FROM app:1\nRUN npm ci\n"), tags: ["shop-api"], builder: "classic" });
    expect(result).toMatchObject({ ok: false, error: "The command '/bin/sh -c npm ci' returned a non-zero code: 1", failedStep: { index: 2, total: 2, instruction: "RUN npm ci" }, failedStepOutput: ["npm ERR! missing: express"] });
  });

  it("returns a refused request (a bad target) and a missing Dockerfile as failed builds, not as errors", async () => {
    const { engine, seen } = await fakeEngine({ "POST /build": json(400, { message: "failed to reach build target prod in Dockerfile" }) });
    const refused = await engine.buildImage({ context: contextDir("FROM app:1\n"), tags: ["x"], target: "prod", builder: "classic" });
    expect(refused).toMatchObject({ ok: false, error: "failed to reach build target prod in Dockerfile" });
    expect(seen.at(-1)?.query.get("target")).toBe("prod");
    const before = seen.length;
    const missing = await engine.buildImage({ context: contextDir(), tags: ["x"], builder: "classic" });
    expect(missing).toMatchObject({ ok: false, error: expect.stringMatching(/Dockerfile/) });
    // A context folder that is not there, with a Dockerfile given by absolute path: a failed build naming the folder.
    const elsewhere = join(contextDir("FROM app:1\n"), "Dockerfile");
    const noContext = await engine.buildImage({ context: "/nonexistent/berth-context", dockerfile: elsewhere, tags: ["x"], builder: "classic" });
    expect(noContext).toMatchObject({ ok: false, error: expect.stringMatching(/^cannot read the build context \/nonexistent\/berth-context: ENOENT/) });
    expect(seen.length).toBe(before);
  });
});
