import { describe, expect, it } from "vitest";
import { BufferSink, type CliIO } from "../io.js";
import { runCli } from "../main.js";

function testIO() {
  const stdout = new BufferSink();
  const stderr = new BufferSink();
  const io: CliIO = { stdout, stderr, env: {}, cwd: process.cwd(), isTTY: false, signal: new AbortController().signal };
  return { io, stdout, stderr };
}

describe("berth serve", () => {
  it("is listed with its defaults: port 7010 on 127.0.0.1", async () => {
    const { io, stdout } = testIO();
    await runCli(["serve", "--help"], io);
    const help = stdout.text.replace(/\s+/g, " ");
    expect(help).toContain('(default: "7010")');
    expect(help).toContain('(default: "127.0.0.1")');
  });

  it("exits 2 on a port that is not one", async () => {
    const { io, stderr } = testIO();
    expect(await runCli(["serve", "--port", "70100"], io)).toBe(2);
    expect(stderr.text).toContain("--port must be a port number");
  });

  it("exits 2 on an --allowed-host that is not a bare host name", async () => {
    const { io, stderr } = testIO();
    expect(await runCli(["serve", "--allowed-host", "http://host.docker.internal:7010"], io)).toBe(2);
    expect(stderr.text).toContain("--allowed-host takes a host name without port or scheme");
  });
});
