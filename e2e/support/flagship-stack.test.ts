import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLoad } from "../stacks/rollout/load-client.js";
import { loadUntil } from "./flagship-stack.js";

// The load the flagship e2e files put on a rollout ends a tail after the operation it covers,
// not after a fixed time: checked against a local server that answers like the flagship's
// /api/version.

let server: Server;
let url = "";
let answered = 0;

beforeAll(async () => {
  server = createServer((_request, response) => {
    answered++;
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ version: "t1" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/version`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe("runLoad with a stop signal", () => {
  it("sends nothing once stopped, and counts only what it sent", async () => {
    const stop = new AbortController();
    stop.abort();
    const before = answered;
    const load = await runLoad(url, 50, 60, 5_000, stop.signal);
    expect(load).toMatchObject({ sent: 0, ok: 0, failed: 0, versions: [] });
    expect(answered).toBe(before);
  });

  it("without a signal sends rate x seconds, as before", async () => {
    const load = await runLoad(url, 100, 0.05);
    expect(load).toMatchObject({ sent: 5, ok: 5, failed: 0, versions: ["t1"] });
  });
});

describe("loadUntil", () => {
  it("ends the load a tail after the covered operation, with the operation's result", async () => {
    const stop = new AbortController();
    const before = answered;
    // 60 s at 50/s would be 3,000 requests; the operation takes 100 ms and the tail 100 ms.
    const [load, result] = await loadUntil(runLoad(url, 50, 60, 5_000, stop.signal), stop, after(100, "berth exited 0"), 100);
    expect(result).toBe("berth exited 0");
    expect(stop.signal.aborted).toBe(true);
    expect(load.sent).toBeGreaterThan(0);
    expect(load.sent).toBeLessThan(3_000);
    expect(load).toMatchObject({ ok: load.sent, failed: 0, versions: ["t1"] });
    expect(answered - before).toBe(load.sent);
  });

  it("still ends the load when the covered operation fails, and passes the failure on", async () => {
    const stop = new AbortController();
    const load = runLoad(url, 50, 60, 5_000, stop.signal);
    const failed = after(50, undefined).then(() => Promise.reject(new Error("the dashboard never said deployed")));
    await expect(loadUntil(load, stop, failed, 50)).rejects.toThrow("the dashboard never said deployed");
    expect(stop.signal.aborted).toBe(true);
    expect((await load).sent).toBeLessThan(3_000);
  });
});
