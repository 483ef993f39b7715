import { getMaxListeners } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BufferSink, fsFailure, processIO } from "./io.js";
import { runCli } from "./main.js";

describe("processIO", () => {
  it("lets one wait per service listen for Ctrl-C without Node's leak warning (50 services are not a leak)", () => {
    const controller = new AbortController();
    const io = processIO(controller.signal);
    expect(io.signal).toBe(controller.signal);
    expect(getMaxListeners(controller.signal)).toBeGreaterThanOrEqual(200);
  });
});

const errno = (code: string, syscall: string, path: string) => Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, syscall, path });

describe("fsFailure", () => {
  it("turns disk full, permission and path errors into exit 3 with the path and a fix", () => {
    const full = fsFailure(errno("ENOSPC", "write", "/var/lib/berth/p/releases.jsonl"));
    expect(full?.exitCode).toBe(3);
    expect(full?.message).toBe("write /var/lib/berth/p/releases.jsonl failed: no space left on the device");
    expect(full?.hint).toMatch(/free disk space/);
    expect(fsFailure(errno("EACCES", "open", "/s/lock"))?.hint).toMatch(/BERTH_STATE_DIR/);
    expect(fsFailure(errno("ENOTDIR", "mkdir", "/etc/passwd/x"))?.message).toBe("mkdir /etc/passwd/x failed: a part of the path is a file, not a folder");
    expect(fsFailure(errno("EROFS", "rename", "/ro/x"))?.code).toBe("fs.erofs");
  });

  it("leaves other errors alone (they stay bugs to report)", () => {
    expect(fsFailure(new TypeError("x is undefined"))).toBeUndefined();
    expect(fsFailure(errno("ECONNREFUSED", "connect", "/var/run/docker.sock"))).toBeUndefined();
    expect(fsFailure({ code: "ENOSPC" })).toBeUndefined();
  });
});

describe("runCli and file-system failures", () => {
  it("exits 3 naming the path when the state folder sits under a file, not 70", async () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-io-"));
    try {
      writeFileSync(join(dir, "compose.yaml"), "services:\n  api:\n    image: x\n");
      writeFileSync(join(dir, "state-file"), "");
      const stdout = new BufferSink();
      const stderr = new BufferSink();
      const env = { HOME: dir, PATH: process.env["PATH"], BERTH_STATE_DIR: join(dir, "state-file", "x") };
      const code = await runCli(["history"], { stdout, stderr, env, cwd: dir, isTTY: false, signal: new AbortController().signal });
      expect(stderr.text).not.toMatch(/bug in berth/);
      expect(stderr.text).toContain(join(dir, "state-file", "x"));
      expect(stderr.text).toMatch(/a part of the path is a file, not a folder/);
      expect(code).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
