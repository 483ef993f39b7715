import { describe, expect, it } from "vitest";
import { trace } from "./buildkit-trace.fixture.js";
import { decodeTrace } from "./buildkit-trace.js";

describe("decodeTrace on real engine messages", () => {
  it("reads a vertex as it starts: digest, name, start time", () => {
    const { vertexes, logs } = decodeTrace(trace.runStarted);
    expect(logs).toEqual([]);
    expect(vertexes).toHaveLength(1);
    expect(vertexes[0]).toMatchObject({ name: "[stage-0 4/5] RUN /hello.sh && echo at $(date +%s%N)", cached: false });
    expect(vertexes[0]?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(vertexes[0]?.started).toBe(1796664249599);
    expect(vertexes[0]?.completed).toBeUndefined();
  });

  it("reads a step's output with its vertex and stream", () => {
    const started = decodeTrace(trace.runStarted).vertexes[0];
    const logs = decodeTrace(trace.runLog).logs;
    expect(logs).toMatchObject([{ vertex: started?.digest, stream: 1, text: "hi from buildkit\n" }]);
    expect(Buffer.from(logs[0]?.bytes ?? []).toString()).toBe("hi from buildkit\n");
    expect(decodeTrace(trace.failLog).logs[0]).toMatchObject({ stream: 2, text: "to-stderr\n" });
  });

  it("reads completion, cached steps and a step's error", () => {
    expect(decodeTrace(trace.runDone).vertexes[0]).toMatchObject({ started: 1796664249599, completed: 1796664250579 });
    const cached = decodeTrace(trace.cachedPair).vertexes;
    expect(cached.map((vertex) => [vertex.name.slice(0, 26), vertex.cached])).toEqual([
      ["[stage-0 2/5] COPY --chmod", true],
      ["[stage-0 3/5] RUN --mount=", true],
    ]);
    expect(decodeTrace(trace.failError).vertexes[0]?.error).toBe("executor failed running [/bin/sh -c echo to-stderr >&2 && exit 4]: exit code: 4");
  });

  it("throws on something that is not a trace", () => {
    expect(() => decodeTrace(Buffer.from([0x0a, 0x20, 0x01]).toString("base64"))).toThrow(/truncated/);
  });
});
