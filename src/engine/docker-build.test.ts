import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { classicFallbackReason, explainSession } from "./docker-build.js";
import { closeFakeEngineApis, fakeEngineApi, type Handler } from "./testing/fake-engine-api.js";
import type { BuildResult } from "./types/image.js";

afterEach(closeFakeEngineApis);

const failed = (error: string, extra: Partial<BuildResult> = {}): BuildResult => ({ ok: false, log: "", error, ...extra });

describe("classicFallbackReason", () => {
  it("retries with the classic builder when the engine has no BuildKit and built nothing", () => {
    expect(classicFallbackReason(failed("buildkit not supported by daemon"))).toBe("BuildKit is not available on this engine (buildkit not supported by daemon)");
  });

  it("does not retry a build that failed after BuildKit started working", () => {
    expect(classicFallbackReason(failed("buildkit: process did not complete", { log: "#1 [internal] load build definition\n" }))).toBeUndefined();
  });

  it("retries when the `# syntax=` frontend cannot be fetched, naming the frontend's problem", () => {
    const error = "failed to solve with frontend dockerfile.v0: failed to solve with frontend gateway.v0: docker/dockerfile:1.4: failed to resolve source metadata: dial tcp: lookup registry-1.docker.io: no such host";
    expect(classicFallbackReason(failed(error, { log: "#1 resolve image config\n" }))).toBe(
      "BuildKit could not load the Dockerfile frontend that `# syntax=` names (docker/dockerfile:1.4: failed to resolve source metadata: dial tcp: lookup registry-1.docker.io: no such host)",
    );
  });

  it("does not retry a successful build or an ordinary failing step", () => {
    expect(classicFallbackReason({ ok: true, log: "", imageId: "sha256:1" })).toBeUndefined();
    expect(classicFallbackReason(failed('process "/bin/sh -c npm ci" did not complete successfully: exit code: 1'))).toBeUndefined();
    expect(classicFallbackReason({ ok: false, log: "" })).toBeUndefined();
  });
});

describe("explainSession", () => {
  const secretStep = { index: 3, total: 4, instruction: "RUN --mount=type=secret,id=npmrc npm ci" };

  it("explains the engine's bare 'no active sessions' with the way out", () => {
    const explained = explainSession(failed("no active sessions"));
    expect(explained.error).toMatch(/^no active sessions: the Dockerfile uses a build secret or ssh mount/);
    expect(explained.error).toContain("pass the value as a build arg or build the image with `docker build` first");
  });

  it("explains a failing step that mounts a secret or ssh, whatever the engine said", () => {
    expect(explainSession(failed("exit code: 1", { failedStep: secretStep })).error).toMatch(/^exit code: 1: the Dockerfile uses a build secret/);
    expect(explainSession(failed("exit code: 128", { failedStep: { ...secretStep, instruction: "RUN --mount=type=ssh git clone git@host:x" } })).error).toContain("needs a BuildKit session");
    expect(explainSession({ ok: false, log: "", failedStep: { ...secretStep, instruction: "RUN --mount=target=/x,type=secret cat /x" } }).error).toMatch(/^the build failed: /);
  });

  it("leaves other results alone: success, cache mounts, ordinary failures", () => {
    const ok: BuildResult = { ok: true, log: "", imageId: "sha256:1" };
    expect(explainSession(ok)).toBe(ok);
    const cache = failed("exit code: 1", { failedStep: { ...secretStep, instruction: "RUN --mount=type=cache,target=/root/.npm npm ci" } });
    expect(explainSession(cache)).toBe(cache);
    const secretive = failed("exit code: 1", { failedStep: { ...secretStep, instruction: "RUN --mount=type=secretive x" } });
    expect(explainSession(secretive)).toBe(secretive);
  });
});

describe("the build request berth sends", () => {
  const contextDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-build-request-"));
    writeFileSync(join(dir, "Dockerfile"), "FROM app:1\n");
    writeFileSync(join(dir, "Dockerfile.prod"), "FROM app:1\nARG MODE\n");
    return dir;
  };
  const built: Handler = (_, response) => response.end(`${JSON.stringify({ aux: { ID: "sha256:built" } })}\n`);

  it("passes tags, args, target, labels, no-cache and pull as the engine's query, with BuildKit unless asked otherwise", async () => {
    const { engine, seen } = await fakeEngineApi({ "POST /session": built, "POST /build": built });
    const context = contextDir();
    const result = await engine.buildImage({ context, dockerfile: "Dockerfile.prod", tags: ["shop-api:2"], args: { MODE: "prod" }, target: "runtime", labels: { team: "shop" }, noCache: true, pull: true, builder: "classic" });
    expect(result).toMatchObject({ ok: true, imageId: "sha256:built" });
    const query = seen.at(-1)?.query;
    expect(query?.get("dockerfile")).toBe("Dockerfile.prod");
    expect(query?.getAll("t")).toEqual(["shop-api:2"]);
    expect(JSON.parse(query?.get("buildargs") ?? "{}")).toEqual({ MODE: "prod" });
    expect(query?.get("target")).toBe("runtime");
    expect(JSON.parse(query?.get("labels") ?? "{}")).toMatchObject({ team: "shop", "io.berth.build-digest": expect.any(String) as unknown });
    expect([query?.get("nocache"), query?.get("pull"), query?.get("rm"), query?.get("forcerm"), query?.get("version")]).toEqual(["true", "true", "true", "true", null]);
  });

  it("labels two builds of the same inputs with the same digest, and of other args with another", async () => {
    const { engine, seen } = await fakeEngineApi({ "POST /build": built });
    const context = contextDir();
    const digestOf = async (args: Record<string, string>) => {
      await engine.buildImage({ context, tags: ["x"], args, builder: "classic" });
      return (JSON.parse(seen.at(-1)?.query.get("labels") ?? "{}") as Record<string, string>)["io.berth.build-digest"];
    };
    const first = await digestOf({ A: "1" });
    expect(await digestOf({ A: "1" })).toBe(first);
    expect(await digestOf({ A: "2" })).not.toBe(first);
  });
});
