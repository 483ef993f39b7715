import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { keepPreviousLogs, lastLines, previousLimits, readPreviousLogs, type PreviousContainer } from "./previous-logs.js";

let stateDir: string;
beforeEach(async () => {
  stateDir = join(await mkdtemp(join(tmpdir(), "berth-previous-")), "shop");
});
afterEach(async () => {
  await rm(join(stateDir, ".."), { recursive: true, force: true });
});

const record = (id: string, service = "api"): PreviousContainer => ({
  service,
  number: 1,
  id,
  name: `shop-${service}-1`,
  image: "shop-api:latest",
  imageId: "0123456789ab",
  startedAt: "2026-12-07T20:00:00.000000000Z",
  removedAt: "2026-12-07T20:05:00.000Z",
  removedBy: "rollback",
  lines: [`2026-12-07T20:00:01.000000000Z ${id} listening`],
  truncated: false,
});

describe("the kept output of replaced containers", () => {
  it("keeps the newest three containers per service, oldest first", async () => {
    for (const id of ["a1", "a2", "a3", "a4"]) await keepPreviousLogs(stateDir, record(id));
    await keepPreviousLogs(stateDir, record("w1", "web"));
    const kept = await readPreviousLogs(stateDir);
    expect(kept["api"]?.map((entry) => entry.id)).toEqual(["a2", "a3", "a4"]);
    expect(kept["web"]?.map((entry) => entry.id)).toEqual(["w1"]);
    expect(previousLimits.containersPerService).toBe(3);
  });

  it("a container kept twice (a retried removal) is one entry", async () => {
    await keepPreviousLogs(stateDir, record("a1"));
    await keepPreviousLogs(stateDir, record("a1"));
    expect((await readPreviousLogs(stateDir))["api"]).toHaveLength(1);
  });

  it("the file is the owner's alone (it holds log lines), its folder too", async () => {
    await keepPreviousLogs(stateDir, record("a1"));
    expect((await stat(join(stateDir, "previous-logs.json"))).mode & 0o777).toBe(0o600);
    expect((await stat(stateDir)).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(join(stateDir, "previous-logs.json"), "utf8"))).toHaveProperty("api");
  });

  it("nothing kept, or a damaged file, reads as nothing", async () => {
    expect(await readPreviousLogs(stateDir)).toEqual({});
    await keepPreviousLogs(stateDir, record("a1"));
    await writeFile(join(stateDir, "previous-logs.json"), "{not json");
    expect(await readPreviousLogs(stateDir)).toEqual({});
    await writeFile(join(stateDir, "previous-logs.json"), "[1]");
    expect(await readPreviousLogs(stateDir)).toEqual({});
  });
});

describe("lastLines", () => {
  it("keeps the last lines and says when there were more", () => {
    const text = Array.from({ length: previousLimits.linesPerContainer + 5 }, (_, i) => `line ${i}`).join("\n") + "\n";
    const { lines, truncated } = lastLines(text);
    expect(lines).toHaveLength(previousLimits.linesPerContainer);
    expect(lines[0]).toBe("line 5");
    expect(lines.at(-1)).toBe(`line ${previousLimits.linesPerContainer + 4}`);
    expect(truncated).toBe(true);
    expect(lastLines("a\nb")).toEqual({ lines: ["a", "b"], truncated: false });
    expect(lastLines("")).toEqual({ lines: [], truncated: false });
  });

  it("cuts a very long line", () => {
    const [line] = lastLines("x".repeat(previousLimits.charsPerLine + 50)).lines;
    expect(line).toHaveLength(previousLimits.charsPerLine + 1);
    expect(line?.endsWith("…")).toBe(true);
  });
});
