import { lstat, mkdtemp, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cacheDigestsIn, contextDigest } from "./context-digest.js";
import { DigestCache, hashOf } from "./digest-cache.js";

let dir: string;
const old = new Date("2026-01-01T00:00:00Z");
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "berth-digest-cache-"));
});
afterEach(async () => {
  cacheDigestsIn(undefined);
  await rm(dir, { recursive: true, force: true });
});

async function oldFile(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  await utimes(path, old, old);
  return path;
}

describe("DigestCache", () => {
  it("hashes a file once, then answers from the cache while size, mtime and inode stay", async () => {
    const path = await oldFile("a.txt", "one");
    const cache = new DigestCache(join(dir, "state", "cache.json"));
    expect(await cache.contentHash(path, await lstat(path))).toBe(hashOf(Buffer.from("one")));
    // Same size and mtime but other content: the cache still answers (what (path, size, mtime) promises).
    await writeFile(path, "two");
    await utimes(path, old, old);
    expect(await cache.contentHash(path, await lstat(path))).toBe(hashOf(Buffer.from("one")));
    // A new mtime (what an editor or git gives) reads the file again.
    await writeFile(path, "two");
    await utimes(path, new Date("2026-01-02T00:00:00Z"), new Date("2026-01-02T00:00:00Z"));
    expect(await cache.contentHash(path, await lstat(path))).toBe(hashOf(Buffer.from("two")));
  });

  it("never caches a file modified in the last two seconds (it may change again within the same mtime)", async () => {
    const path = join(dir, "fresh.txt");
    await writeFile(path, "now");
    const cache = new DigestCache(join(dir, "cache.json"));
    await cache.contentHash(path, await lstat(path));
    await writeFile(path, "new");
    expect(await cache.contentHash(path, await lstat(path))).toBe(hashOf(Buffer.from("new")));
  });

  it("is kept in its file (0600) across instances, without the files a walk no longer saw", async () => {
    const a = await oldFile("a.txt", "a");
    const b = await oldFile("b.txt", "b");
    const file = join(dir, "state", "cache.json");
    const first = new DigestCache(file);
    await first.contentHash(a, await lstat(a));
    await first.contentHash(b, await lstat(b));
    await first.save(dir, new Set([a]));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(Object.keys(JSON.parse(await readFile(file, "utf8")) as object)).toEqual([a]);
    await writeFile(a, "A");
    await utimes(a, old, old);
    const second = new DigestCache(file);
    expect(await second.contentHash(a, await lstat(a))).toBe(hashOf(Buffer.from("a")));
  });

  it("a damaged cache file is an empty cache", async () => {
    const file = join(dir, "cache.json");
    await writeFile(file, "{oops");
    const a = await oldFile("a.txt", "a");
    expect(await new DigestCache(file).contentHash(a, await lstat(a))).toBe(hashOf(Buffer.from("a")));
  });
});

describe("contextDigest with the cache", () => {
  it("gives the same digest with and without it, and follows a real edit", async () => {
    await oldFile("Dockerfile", "FROM debian:bookworm-slim\nCOPY . /app\n");
    await oldFile("server.js", "v1");
    const plain = await contextDigest({ context: dir });
    cacheDigestsIn(join(dir, "..", `${dir.split("/").at(-1)}-cache.json`));
    expect(await contextDigest({ context: dir })).toBe(plain);
    expect(await contextDigest({ context: dir })).toBe(plain);
    await writeFile(join(dir, "server.js"), "v2");
    expect(await contextDigest({ context: dir })).not.toBe(plain);
    await rm(join(dir, "..", `${dir.split("/").at(-1)}-cache.json`), { force: true });
  });
});
