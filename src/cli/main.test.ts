import { describe, expect, it } from "vitest";
import { BufferSink, type CliIO } from "./io.js";
import { runCli } from "./main.js";

export function testIO(cwd = process.cwd(), env: Record<string, string> = {}) {
  const stdout = new BufferSink();
  const stderr = new BufferSink();
  const io: CliIO = { stdout, stderr, env, cwd, isTTY: false, signal: new AbortController().signal };
  return { io, stdout, stderr };
}

describe("runCli", () => {
  it("prints the version and exits 0", async () => {
    const { io, stdout } = testIO();
    expect(await runCli(["--version"], io)).toBe(0);
    expect(stdout.text).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("exits 2 on a usage error", async () => {
    const { io, stderr } = testIO();
    expect(await runCli(["--no-such-flag"], io)).toBe(2);
    expect(stderr.text).toContain("--no-such-flag");
  });
});
