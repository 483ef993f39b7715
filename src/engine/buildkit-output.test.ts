import { describe, expect, it } from "vitest";
import { trace } from "./buildkit-trace.fixture.js";
import { BuildKitOutput, stepOf } from "./buildkit-output.js";
import { classicFallbackReason, explainSession } from "./docker-build.js";

const message = (aux: string) => ({ id: "moby.buildkit.trace", aux });
const failure = "executor failed running [/bin/sh -c echo to-stderr >&2 && exit 4]: exit code: 4";

describe("BuildKitOutput", () => {
  it("prints steps, their output and their end as docker's plain progress does", () => {
    const output = new BuildKitOutput();
    const lines = [trace.cachedPair, trace.runStarted, trace.runLog, trace.runDone].flatMap((aux) => output.accept(message(aux)).map((p) => p.text));
    expect(lines).toEqual([
      "#1 [stage-0 2/5] COPY --chmod=755 hello.sh /hello.sh",
      "#1 CACHED",
      // Started here; its completion came in a later message.
      "#2 [stage-0 3/5] RUN --mount=type=cache,target=/var/cache/x echo cached > /var/cache/x/f && ls /var/cache/x",
      "#3 [stage-0 4/5] RUN /hello.sh && echo at $(date +%s%N)",
      "#3 hi from buildkit",
      "#3 DONE 1.0s",
    ]);
  });

  it("marks the progress of a Dockerfile step with its place", () => {
    const [started] = new BuildKitOutput().accept(message(trace.runStarted));
    expect(started?.step).toEqual({ index: 4, total: 5, instruction: "RUN /hello.sh && echo at $(date +%s%N)" });
  });

  it("ends a failed build with the failing step and what it printed", () => {
    const output = new BuildKitOutput();
    for (const aux of [trace.failStarted, trace.failLog, trace.failError]) output.accept(message(aux));
    output.accept({ errorDetail: { message: failure }, error: failure });
    const result = output.result();
    expect(result).toMatchObject({ ok: false, error: failure, failedStep: { index: 5, total: 5, instruction: "RUN echo to-stderr >&2 && exit 4" }, failedStepOutput: ["to-stderr"] });
    expect(result.log.split("\n")).toContain(`#1 ERROR: ${failure}`);
  });

  it("ends a good build with the image id from moby.image.id", () => {
    const output = new BuildKitOutput();
    output.accept(message(trace.runStarted));
    output.accept({ id: "moby.image.id", aux: { ID: "sha256:a441" } });
    expect(output.result()).toMatchObject({ ok: true, imageId: "sha256:a441" });
    expect(new BuildKitOutput().result()).toMatchObject({ ok: false, error: "the build ended without an image" });
    expect(new BuildKitOutput().result("the build was cancelled")).toMatchObject({ ok: false, error: "the build was cancelled" });
  });

  it("reports an unreadable trace as a line instead of failing the build", () => {
    expect(new BuildKitOutput().accept(message(Buffer.from([0x0a, 0x20]).toString("base64")))[0]?.text).toMatch(/an unreadable build trace message/);
  });
});

describe("stepOf", () => {
  it("reads stage, place and instruction from a vertex name", () => {
    expect(stepOf("[builder 3/7] RUN npm ci")).toEqual({ index: 3, total: 7, instruction: "RUN npm ci" });
    expect(stepOf("[stage-0 1/4] FROM docker.io/library/debian:bookworm-slim")?.index).toBe(1);
    expect(stepOf("[internal] load build definition from Dockerfile")).toBeUndefined();
    expect(stepOf("exporting to image")).toBeUndefined();
  });
});

describe("explainSession", () => {
  it("says why a build secret or ssh mount cannot work, whichever way the engine failed", () => {
    expect(explainSession({ ok: false, log: "", error: "no active sessions" }).error).toContain("build secrets and ssh are not supported");
    const missing = { ok: false, log: "", error: "exit code: 1", failedStep: { index: 2, total: 2, instruction: "RUN --mount=type=secret,id=token cat /run/secrets/token" } };
    expect(explainSession(missing).error).toMatch(/^exit code: 1: the Dockerfile uses a build secret or ssh mount/);
    const ssh = { ...missing, failedStep: { index: 1, total: 1, instruction: "RUN --mount=target=/x,type=ssh git clone" } };
    expect(explainSession(ssh).error).toContain("needs a BuildKit session");
  });

  it("leaves other failures and good builds alone", () => {
    const other = { ok: false, log: "", error: "exit code: 2", failedStep: { index: 1, total: 1, instruction: "RUN --mount=type=cache,target=/c make" } };
    expect(explainSession(other)).toBe(other);
    const good = { ok: true, log: "", imageId: "sha256:1" };
    expect(explainSession(good)).toBe(good);
  });
});

describe("classicFallbackReason", () => {
  it("falls back when the engine has no BuildKit or the # syntax= frontend cannot be loaded", () => {
    expect(classicFallbackReason({ ok: false, log: "", error: "buildkit not supported by daemon" })).toMatch(/^BuildKit is not available on this engine/);
    const offline = 'failed to solve with frontend dockerfile.v0: failed to solve with frontend gateway.v0: failed to do request: Head "http://127.0.0.1:18463/v2/dockerfile/manifests/1": dial tcp 127.0.0.1:18463: connect: connection refused';
    expect(classicFallbackReason({ ok: false, log: "#1 ...", error: offline })).toBe(
      'BuildKit could not load the Dockerfile frontend that `# syntax=` names (failed to do request: Head "http://127.0.0.1:18463/v2/dockerfile/manifests/1": dial tcp 127.0.0.1:18463: connect: connection refused)',
    );
  });

  it("never retries a build that failed at a step, nor a good one", () => {
    expect(classicFallbackReason({ ok: false, log: "#5 ERROR", error: "executor failed running [/bin/sh -c make]: exit code: 2" })).toBeUndefined();
    expect(classicFallbackReason({ ok: true, log: "", imageId: "sha256:1" })).toBeUndefined();
  });
});
