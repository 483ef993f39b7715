import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BerthError, ExitCode } from "./errors.js";
import { makeDirs } from "./make-dirs.js";

const root = mkdtempSync(join(tmpdir(), "berth-make-dirs-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function refusal(path: string): Promise<BerthError> {
  const error = await makeDirs(path).then(() => undefined, (caught: unknown) => caught);
  if (!(error instanceof BerthError)) throw new Error(`expected a BerthError, got ${String(error)}`);
  return error;
}

describe("makeDirs", () => {
  it("makes every missing level, owner-only, and accepts folders that exist", async () => {
    const deep = join(root, "a", "b", "c");
    await makeDirs(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    expect(statSync(join(root, "a")).mode & 0o777).toBe(0o700);
    await makeDirs(deep);
    await makeDirs(root);
  });

  it("tolerates a folder made meanwhile by another berth", async () => {
    const path = join(root, "raced", "x");
    await Promise.all([makeDirs(path), makeDirs(path), makeDirs(path)]);
    expect(statSync(path).isDirectory()).toBe(true);
  });

  it.runIf(process.platform === "linux")("under /proc: an error naming the folder at once (Node's recursive mkdir spins there forever)", async () => {
    for (const path of ["/proc/berth-state", "/proc/self/berth-state/project"]) {
      const error = await refusal(path);
      expect(error.message).toMatch(/^cannot create the folder \/proc\/(self\/)?berth-state: its file system does not allow folders there/);
      expect(error.exitCode).toBe(ExitCode.environment);
      expect(error.hint).toContain("BERTH_STATE_DIR");
    }
  });

  it("a file on the way is named as the culprit", async () => {
    writeFileSync(join(root, "plain"), "x");
    const error = await refusal(join(root, "plain", "state", "project"));
    expect(error.message).toBe(`cannot create the folder ${join(root, "plain", "state", "project")}: ${join(root, "plain")} is a file, not a folder`);
    expect(error.code).toBe("fs.mkdir");
  });
});
