import { afterEach, describe, expect, it } from "vitest";
import { compareVersions, MIN_API_VERSION, negotiateApiVersion } from "./connect-docker-engine.js";
import { closeFakeEngineApis, fakeEngineApi } from "./testing/fake-engine-api.js";

afterEach(closeFakeEngineApis);

describe("compareVersions", () => {
  it.each([
    ["1.41", "1.41", 0],
    ["1.9", "1.41", -1],
    ["1.45", "1.41", 1],
    ["1.41", "1.41.0", 0],
    ["2.0", "1.99", 1],
    ["1.41.1", "1.41", 1],
  ])("%s vs %s is %d", (a, b, sign) => {
    expect(compareVersions(a, b)).toBe(sign);
  });
});

describe("negotiateApiVersion", () => {
  it("speaks the engine's own version between berth's oldest and newest", () => {
    expect(negotiateApiVersion("1.41", "1.12", "unix:///var/run/docker.sock")).toBe("1.41");
    expect(negotiateApiVersion("1.43", undefined, "unix:///var/run/docker.sock")).toBe("1.43");
  });

  it("caps a newer engine at the newest version berth asks for", () => {
    expect(negotiateApiVersion("1.47", "1.24", "x")).toBe("1.45");
  });

  it("never goes below the engine's minimum, when an engine has raised it past berth's newest", () => {
    expect(negotiateApiVersion("1.52", "1.46", "x")).toBe("1.46");
  });

  it("refuses an engine older than berth's oldest, naming it, with the upgrade as the way out", () => {
    expect(() => negotiateApiVersion("1.40", "1.12", "tcp://build-host:2375")).toThrow(`the engine at tcp://build-host:2375 speaks Engine API 1.40; berth needs ${MIN_API_VERSION} or newer`);
    let thrown: unknown;
    try {
      negotiateApiVersion("1.39", undefined, "x");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: "engine.api-too-old", hint: "upgrade Docker Engine to 20.10 or newer" });
  });
});

describe("connectDockerEngine against a fake Engine API", () => {
  it("caps a newer engine's version in every later request path", async () => {
    const { engine, seen } = await fakeEngineApi({ "GET /_ping": (_, response) => response.end("OK") }, { ApiVersion: "1.47", MinAPIVersion: "1.24" });
    expect((await engine.version()).apiVersion).toBe("1.45");
    expect((await engine.version()).engineApiVersion).toBe("1.47");
    await engine.ping();
    expect(seen.at(-1)?.url).toBe("/v1.45/_ping");
  });

  it("reports an engine whose version endpoint fails as an engine error naming the question", async () => {
    await expect(fakeEngineApi({ "GET /version": (_, response) => {
      response.writeHead(500, { "Content-Type": "application/json" });
      response.end(JSON.stringify({ message: "daemon is shutting down" }));
    } })).rejects.toMatchObject({ code: "engine.failed", message: "asking the engine for its version: daemon is shutting down (HTTP 500)" });
  });

  it("takes a missing kernel version as empty", async () => {
    const { engine } = await fakeEngineApi({}, { ApiVersion: "1.41", KernelVersion: "" });
    expect((await engine.version()).kernelVersion).toBe("");
  });
});
