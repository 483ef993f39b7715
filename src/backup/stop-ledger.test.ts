import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadInline } from "../compose/testing/inline-project.js";
import type { ContainerDetails, Engine } from "../engine/engine.js";
import { StopLedger, stopGraceFrom, stopLedgerIn, withStopped } from "./stop-ledger.js";

const container = (id: string, service: string) => ({ Id: id, Config: { Labels: { "com.docker.compose.service": service } } }) as unknown as ContainerDetails;

function recordingEngine(calls: string[], ledger: StopLedger): Engine {
  return {
    stopContainer: async (id: string, options?: { timeoutSeconds?: number }) => void calls.push(`stop ${id} ${options?.timeoutSeconds} recorded=${(await ledger.read()).includes(id)}`),
    startContainer: async (id: string) => void calls.push(`start ${id}`),
  } as unknown as Engine;
}

describe("StopLedger and withStopped", () => {
  it("records each container before stopping it, with its service's grace, and clears it once started again", async () => {
    const ledger = stopLedgerIn(await mkdtemp(join(tmpdir(), "berth-ledger-")));
    const calls: string[] = [];
    const grace = (service: string) => (service === "web" ? 30 : 10);
    const result = await withStopped({ engine: recordingEngine(calls, ledger), ledger, stopGraceSeconds: grace }, [container("aaaaaaaaaaaa", "web"), container("bbbbbbbbbbbb", "worker")], async () => {
      expect(await ledger.read()).toEqual(["aaaaaaaaaaaa", "bbbbbbbbbbbb"]);
      return 42;
    });
    expect(result).toBe(42);
    expect(calls).toEqual(["stop aaaaaaaaaaaa 30 recorded=true", "stop bbbbbbbbbbbb 10 recorded=true", "start bbbbbbbbbbbb", "start aaaaaaaaaaaa"]);
    expect(await ledger.read()).toEqual([]);
  });

  it("starts what it stopped when the work fails", async () => {
    const ledger = stopLedgerIn(await mkdtemp(join(tmpdir(), "berth-ledger-")));
    const calls: string[] = [];
    await expect(withStopped({ engine: recordingEngine(calls, ledger), ledger }, [container("cccccccccccc", "api")], async () => Promise.reject(new Error("restore broke")))).rejects.toThrow("restore broke");
    expect(calls).toEqual(["stop cccccccccccc 10 recorded=true", "start cccccccccccc"]);
    expect(await ledger.read()).toEqual([]);
  });

  it("keeps the record when berth dies before starting again (the next run reads it)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "berth-ledger-"));
    const ledger = stopLedgerIn(dir);
    await Promise.all([ledger.add("dddddddddddd"), ledger.add("eeeeeeeeeeee")]);
    expect(await stopLedgerIn(dir).read()).toEqual(["dddddddddddd", "eeeeeeeeeeee"]);
    expect(JSON.parse(await readFile(join(dir, "backup-stopped.json"), "utf8"))).toEqual(["dddddddddddd", "eeeeeeeeeeee"]);
  });

  it("reads a damaged or doctored record as nothing to restart, never as a command", async () => {
    const dir = await mkdtemp(join(tmpdir(), "berth-ledger-"));
    const ledger = stopLedgerIn(dir);
    for (const text of ["", "{", '"x"', '["../../etc", 5, "ffffffffffff", "a b"]']) {
      await writeFile(join(dir, "backup-stopped.json"), text);
      expect(await ledger.read()).toEqual(text.includes("ffffffffffff") ? ["ffffffffffff"] : []);
    }
  });

  it("a record that cannot be written is a located error with a hint, and nothing is stopped", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "berth-ledger-")), "file");
    await writeFile(file, "");
    const ledger = new StopLedger(join(file, "backup-stopped.json"));
    const calls: string[] = [];
    await expect(withStopped({ engine: recordingEngine(calls, ledger), ledger }, [container("aaaaaaaaaaaa", "web")], async () => 1)).rejects.toMatchObject({ code: "fs.eexist", hint: expect.stringMatching(/a file stands where berth needs a folder/), message: expect.stringMatching(/recording which containers a backup stopped failed: .*file\/backup-stopped\.json/) });
    expect(calls).toEqual([]);
  });
});

describe("stopGraceFrom", () => {
  it("gives each service its stop_grace_period in whole seconds, else docker's 10", () => {
    const project = loadInline(`
name: shop
services:
  db: { image: postgres:15, stop_grace_period: 1m30s }
  api: { image: node:20-bookworm-slim, stop_grace_period: 500ms }
  web: { image: nginx:1.22 }
`);
    const grace = stopGraceFrom(project);
    expect([grace("db"), grace("api"), grace("web"), grace("nosuch")]).toEqual([90, 1, 10, 10]);
  });
});
