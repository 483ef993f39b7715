import { describe, expect, it } from "vitest";
import { FakeEngine } from "../engine/fake-engine.js";
import { helperLabel, oneShotFailed, runOneShot, type OneShotSpec } from "./one-shot.js";

const spec: OneShotSpec = { project: "shop", purpose: "backup-postgres", role: "backup", image: "postgres:15", script: "pg_dump", env: ["A=1"], binds: ["/b:/backup"], networkMode: "container:abc", user: "1000:1000", timeoutMs: 10_000 };

describe("runOneShot", () => {
  it("returns exit code and output by stream, and removes its container", async () => {
    const engine = new FakeEngine({ images: ["postgres:15"], behave: () => ({ exitOnStart: 0, logs: [{ stream: "stdout", text: "dumped\n" }, { stream: "stderr", text: "warning: x\n" }] }) });
    expect(await runOneShot(engine, spec)).toEqual({ exitCode: 0, stdout: "dumped\n", stderr: "warning: x\n" });
    expect(await engine.listContainers()).toEqual([]);
  });

  it("labels the helper as the project's one-off of its role, so down and a later run find a leftover", async () => {
    let labels: Record<string, string> = {};
    let host: unknown;
    const engine = new FakeEngine({ images: ["postgres:15"], behave: (request) => ((labels = { ...request.Labels }), (host = request.HostConfig), { exitOnStart: 0 }) });
    await runOneShot(engine, spec);
    expect(labels).toMatchObject({ "com.docker.compose.project": "shop", "com.docker.compose.oneoff": "True", "io.berth.managed": "true", [helperLabel]: "backup" });
    expect(host).toEqual({ Binds: ["/b:/backup"], NetworkMode: "container:abc" });
    expect(engine.calls.filter((call) => call.startsWith("create"))).toEqual([expect.stringMatching(/^create shop-backup-postgres-[0-9a-f]{8}$/)]);
  });

  it("gives up after its timeout with a message naming what hung, and removes the container", async () => {
    const engine = new FakeEngine({ images: ["postgres:15"] });
    await expect(runOneShot(engine, { ...spec, timeoutMs: 20 })).rejects.toMatchObject({ code: "backup.timeout", message: "backup-postgres (postgres:15) did not finish within 0 s" });
    expect(await engine.listContainers()).toEqual([]);
  });

  it("says it was interrupted when the caller's signal aborts", async () => {
    const engine = new FakeEngine({ images: ["postgres:15"] });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 10);
    await expect(runOneShot(engine, { ...spec, signal: controller.signal })).rejects.toThrow("backup-postgres (postgres:15) was interrupted");
  });

  it("fails on a missing image before anything starts", async () => {
    const engine = new FakeEngine();
    await expect(runOneShot(engine, spec)).rejects.toThrow(/postgres:15/);
    expect(await engine.listContainers()).toEqual([]);
  });
});

describe("oneShotFailed", () => {
  it("keeps the last eight lines of what the script printed, errors first", () => {
    const stdout = Array.from({ length: 10 }, (_, i) => `line ${i + 1}`).join("\n");
    const error = oneShotFailed("backup.failed", "dumping db", { exitCode: 1, stdout, stderr: "" }, "look at the logs");
    expect(error.message).toBe(`dumping db failed (exit 1):\n${Array.from({ length: 8 }, (_, i) => `line ${i + 3}`).join("\n")}`);
    expect(error.hint).toBe("look at the logs");
    expect(oneShotFailed("backup.failed", "dumping db", { exitCode: 2, stdout: " \n", stderr: "" }).message).toBe("dumping db failed (exit 2)");
  });
});
