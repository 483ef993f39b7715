import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { extract } from "tar-stream";
import type { Readable } from "node:stream";
import { createBuildContext, parsePatterns } from "./build-context.js";
import { toEngineError } from "./engine-errors.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "berth-ctx-"));
  dirs.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** Reads a tar stream back into name → { type, content, uid }. */
async function readTar(tar: Readable): Promise<Map<string, { type: string; content: string; uid: number }>> {
  const entries = new Map<string, { type: string; content: string; uid: number }>();
  const reader = extract();
  tar.pipe(reader as unknown as NodeJS.WritableStream);
  for await (const entry of reader) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    entries.set(entry.header.name, {
      type: entry.header.type,
      content: Buffer.concat(chunks).toString(),
      uid: entry.header.uid,
    });
  }
  return entries;
}

describe("createBuildContext", () => {
  it("leaves out what .dockerignore excludes, with Docker's rules and exceptions", async () => {
    const root = tree({
      Dockerfile: "FROM debian:bookworm-slim\n",
      ".dockerignore": "# comment\nnode_modules\n*.log\n!keep.log\nsecrets/\ndocs/**\n!docs/README.md\n",
      "src/app.js": "app",
      "node_modules/lib/index.js": "lib",
      "debug.log": "x",
      "keep.log": "kept",
      "src/nested.log": "nested logs only match at the root",
      "secrets/key": "s3cret",
      "docs/a.md": "a",
      "docs/README.md": "readme",
    });
    const context = await createBuildContext(root);
    expect(context.dockerfile).toBe("Dockerfile");
    expect(context.entries).toEqual([
      ".dockerignore",
      "Dockerfile",
      "docs/",
      "docs/README.md",
      "keep.log",
      "src/",
      "src/app.js",
      "src/nested.log",
    ]);
    const tar = await readTar(context.tar);
    expect([...tar.keys()]).toEqual(context.entries.map((entry) => entry.replace(/\/$/, "")));
    expect(tar.get("src/app.js")).toEqual({ type: "file", content: "app", uid: 0 });
  });

  it("always sends the Dockerfile and .dockerignore, even when they are excluded", async () => {
    const root = tree({
      Dockerfile: "FROM x\n",
      ".dockerignore": "Dockerfile\n.dockerignore\n",
      "a.txt": "a",
    });
    expect((await createBuildContext(root)).entries).toEqual([".dockerignore", "Dockerfile", "a.txt"]);
  });

  it("honours a custom Dockerfile path and its own <Dockerfile>.dockerignore", async () => {
    const root = tree({
      "docker/app.Dockerfile": "FROM x\n",
      "docker/app.Dockerfile.dockerignore": "big/\n",
      ".dockerignore": "small.txt\n",
      "big/blob": "b",
      "small.txt": "s",
    });
    const context = await createBuildContext(root, "docker/app.Dockerfile");
    expect(context.dockerfile).toBe("docker/app.Dockerfile");
    expect(context.entries).toEqual([
      ".dockerignore",
      "docker/",
      "docker/app.Dockerfile",
      "docker/app.Dockerfile.dockerignore",
      "small.txt",
    ]);
  });

  it("adds a Dockerfile from outside the context under a generated name", async () => {
    const outside = tree({ "Dockerfile.ci": "FROM y\n" });
    const root = tree({ "a.txt": "a" });
    const context = await createBuildContext(root, join(outside, "Dockerfile.ci"));
    expect(context.dockerfile).toMatch(/^\.berth-dockerfile-[0-9a-f]{12}$/);
    const tar = await readTar(context.tar);
    expect(tar.get(context.dockerfile)?.content).toBe("FROM y\n");
    expect(tar.has("a.txt")).toBe(true);
  });

  it("keeps symlinks as links", async () => {
    const root = tree({ Dockerfile: "FROM x\n", "target.txt": "t" });
    symlinkSync("target.txt", join(root, "link.txt"));
    const tar = await readTar((await createBuildContext(root)).tar);
    expect(tar.get("link.txt")?.type).toBe("symlink");
  });

  it("fails clearly when the Dockerfile is missing", async () => {
    const root = tree({ "a.txt": "a" });
    await expect(createBuildContext(root, "Nope.Dockerfile")).rejects.toThrow(
      /Nope.Dockerfile does not exist/,
    );
  });
});

describe("parsePatterns", () => {
  it("drops comments and blank lines and trims", () => {
    expect(parsePatterns("# c\n\n  a  \r\n!b\n")).toEqual(["a", "!b"]);
  });
});

describe("createBuildContext on a context it cannot read", () => {
  it("says which folder, as a build problem (not an engine that cannot be reached)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-context-"));
    writeFileSync(join(dir, "Dockerfile"), "FROM x\n");
    const missing = join(dir, "missing-context");
    const error = await createBuildContext(missing, join(dir, "Dockerfile")).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "engine.bad-request", message: expect.stringMatching(new RegExp(`^cannot read the build context ${missing}: ENOENT`)), hint: expect.stringContaining("build.context") });
    expect(toEngineError(error, "building shop-api", "unix:///var/run/docker.sock").message).not.toMatch(/cannot reach/);
  });
});
