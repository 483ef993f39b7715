import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { contextDigest } from "./context-digest.js";

function context(): string {
  const dir = mkdtempSync(join(tmpdir(), "berth-digest-"));
  writeFileSync(join(dir, "Dockerfile"), "FROM debian:bookworm-slim\nCOPY . /app\n");
  writeFileSync(join(dir, ".dockerignore"), "node_modules\n*.log\n");
  writeFileSync(join(dir, "server.js"), "console.log('v1')\n");
  mkdirSync(join(dir, "node_modules"));
  writeFileSync(join(dir, "node_modules", "dep.js"), "x\n");
  return dir;
}

describe("contextDigest", () => {
  it("is the same for the same inputs", async () => {
    const dir = context();
    expect(await contextDigest({ context: dir })).toBe(await contextDigest({ context: dir }));
    expect(await contextDigest({ context: dir })).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("changes with a file's content, a new file, a mode, the Dockerfile, an arg or the target", async () => {
    const dir = context();
    const seen = new Set([await contextDigest({ context: dir })]);
    writeFileSync(join(dir, "server.js"), "console.log('v2')\n");
    seen.add(await contextDigest({ context: dir }));
    writeFileSync(join(dir, "extra.js"), "\n");
    seen.add(await contextDigest({ context: dir }));
    chmodSync(join(dir, "extra.js"), 0o755);
    seen.add(await contextDigest({ context: dir }));
    writeFileSync(join(dir, "Dockerfile"), "FROM debian:bookworm-slim\nCOPY . /srv\n");
    seen.add(await contextDigest({ context: dir }));
    seen.add(await contextDigest({ context: dir, args: { VERSION: "2" } }));
    seen.add(await contextDigest({ context: dir, target: "runtime" }));
    expect(seen.size).toBe(7);
  });

  it("ignores what .dockerignore leaves out of the build", async () => {
    const dir = context();
    const before = await contextDigest({ context: dir });
    writeFileSync(join(dir, "node_modules", "dep.js"), "changed\n");
    writeFileSync(join(dir, "debug.log"), "noise\n");
    expect(await contextDigest({ context: dir })).toBe(before);
  });

  it("does not depend on the order of the build args", async () => {
    const dir = context();
    expect(await contextDigest({ context: dir, args: { A: "1", B: "2" } })).toBe(await contextDigest({ context: dir, args: { B: "2", A: "1" } }));
  });

  it("fails like the build when the Dockerfile is missing", async () => {
    await expect(contextDigest({ context: context(), dockerfile: "Nope" })).rejects.toThrow(/Nope does not exist/);
  });
});
