import { describe, expect, it } from "vitest";
import { buildFailed } from "./build-failed.js";

describe("buildFailed on a BuildKit log", () => {
  it("names the failing step as BuildKit prints it, with the output after it", () => {
    const buildLog = [
      "#1 [internal] load remote build context",
      "#1 DONE 0.0s",
      "#4 [stage-0 1/3] FROM docker.io/library/debian:bookworm-slim",
      "#4 CACHED",
      '#6 [stage-0 3/3] RUN echo "compiling the app" && make app',
      "#6 compiling the app",
      "#6 /bin/sh: 1: make: not found",
      "#6 ERROR: executor failed running [/bin/sh -c make app]: exit code: 127",
    ].join("\n");
    const diagnosis = buildFailed({ service: "app", phase: "build", buildLog, error: "exit code: 127" });
    expect(diagnosis?.evidence["step"]).toBe('#6 [stage-0 3/3] RUN echo "compiling the app" && make app');
    expect(String(diagnosis?.evidence["output"])).toContain("#6 /bin/sh: 1: make: not found");
    expect(diagnosis?.message).toContain('failed at "#6 [stage-0 3/3] RUN echo');
  });

  it("does not take BuildKit's internal steps for a Dockerfile step", () => {
    const diagnosis = buildFailed({ service: "app", phase: "build", buildLog: "#1 [internal] load build definition from Dockerfile\n#1 ERROR: no such file", error: "no Dockerfile" });
    expect(diagnosis?.evidence["step"]).toBeNull();
  });
});
