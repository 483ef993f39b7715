import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createBuildContext } from "./build-context.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// A context as projects have them: dependencies, build output, logs, docs, scratch files.
const project = {
  Dockerfile: "FROM node:20-bookworm-slim\n",
  "node_modules/lib/index.js": "",
  "build/out.js": "",
  "build/keep.txt": "",
  "src/app.log": "",
  "src/deep/trace.log": "",
  "server.log": "",
  tmp1: "",
  "README.md": "",
  "README-secret.md": "",
  "docs/guide.md": "",
  "a/temp1/f": "",
  "a/b/temp2/f": "",
};

/** The context entries besides the Dockerfile and .dockerignore, which always go in. */
async function sent(dockerignore: string): Promise<string[]> {
  const root = mkdtempSync(join(tmpdir(), "berth-ignore-"));
  dirs.push(root);
  for (const [path, content] of Object.entries({ ...project, ".dockerignore": dockerignore })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  const context = await createBuildContext(root);
  return context.entries.filter((entry) => entry !== "Dockerfile" && entry !== ".dockerignore");
}

const everything = ["README-secret.md", "README.md", "a/", "a/b/", "a/b/temp2/", "a/b/temp2/f", "a/temp1/", "a/temp1/f", "build/", "build/keep.txt", "build/out.js", "docs/", "docs/guide.md", "node_modules/", "node_modules/lib/", "node_modules/lib/index.js", "server.log", "src/", "src/app.log", "src/deep/", "src/deep/trace.log", "tmp1"];
const without = (...gone: string[]) => everything.filter((entry) => !gone.some((prefix) => entry === prefix || entry.startsWith(prefix)));

describe(".dockerignore, with Docker's matching rules", () => {
  it("sends everything without patterns, comments and blank lines included", async () => {
    expect(await sent("# nothing to ignore\n\n   \n")).toEqual(everything);
  });

  it("cleans a pattern first: a leading / or ./ and a trailing / change nothing", async () => {
    expect(await sent("/node_modules\n./build\ndocs/\n")).toEqual(without("node_modules/", "build/", "docs/"));
  });

  it("matches * within one level only, from the context root", async () => {
    expect(await sent("*.log\n")).toEqual(without("server.log"));
    expect(await sent("*.md\n")).toEqual(without("README-secret.md", "README.md"));
    expect(await sent("*/temp*\n")).toEqual(without("a/temp1/"));
    expect(await sent("*/*/temp*\n")).toEqual(without("a/b/temp2/"));
  });

  it("matches ** across levels, and ? one character", async () => {
    expect(await sent("**/*.log\n")).toEqual(without("server.log", "src/app.log", "src/deep/trace.log"));
    expect(await sent("tmp?\n")).toEqual(without("tmp1"));
  });

  it("lets the last matching line win, ! exceptions included", async () => {
    expect(await sent("*.md\n!README*.md\nREADME-secret.md\n")).toEqual(without("README-secret.md"));
    expect(await sent("*.md\nREADME-secret.md\n!README*.md\n")).toEqual(without());
  });

  it("brings back a file inside an excluded folder through an exception, without the folder's other files", async () => {
    const entries = await sent("build\n!build/keep.txt\n");
    expect(entries.filter((entry) => entry.startsWith("build"))).toEqual(["build/keep.txt"]);
  });

  it("keeps a folder's whole content when an exception names the folder", async () => {
    expect(await sent("*\n!src\n")).toEqual(["src/", "src/app.log", "src/deep/", "src/deep/trace.log"]);
  });

  it("reads CRLF files and ignores spaces around a pattern", async () => {
    expect(await sent("node_modules  \r\n  build\r\n")).toEqual(without("node_modules/", "build/"));
  });
});
