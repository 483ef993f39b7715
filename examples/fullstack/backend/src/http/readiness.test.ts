import { describe, expect, it } from "vitest";
import { checkReadiness } from "./readiness.js";

describe("checkReadiness", () => {
  it("is ready when every probe resolves", async () => {
    const result = await checkReadiness({ a: async () => 1, b: async () => "PONG" }, 100);
    expect(result.ready).toBe(true);
    expect(Object.keys(result.checks)).toEqual(["a", "b"]);
  });

  it("reports the failing probe with its error", async () => {
    const result = await checkReadiness({ db: async () => { throw new Error("ECONNREFUSED"); }, redis: async () => 1 }, 100);
    expect(result.ready).toBe(false);
    expect(result.checks["db"]).toMatchObject({ ok: false, error: "ECONNREFUSED" });
    expect(result.checks["redis"]).toMatchObject({ ok: true });
  });

  it("fails a probe that hangs, within the timeout", async () => {
    const started = Date.now();
    const result = await checkReadiness({ slow: () => new Promise(() => undefined) }, 50);
    expect(result.checks["slow"]).toMatchObject({ ok: false, error: "no answer within 50 ms" });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
