import { describe, expect, it } from "vitest";
import { memoryFileTree } from "../files/memory-file-tree.js";
import { loadDockerIgnore } from "./dockerignore.js";

describe("loadDockerIgnore", () => {
  it("applies Docker's matching with exceptions", () => {
    const files = memoryFileTree({ "/c/.dockerignore": "# c\nnode_modules\n**/.venv\n.env*\n!.env.example\n", "/c/Dockerfile": "" });
    const ignore = loadDockerIgnore(files, "/c", "/c/Dockerfile");
    expect(["node_modules/x", "a/b/.venv", ".env", ".env.example", "./node_modules", "src/.env"].map((path) => ignore.ignores(path))).toEqual([true, true, true, false, true, false]);
  });
  it("prefers <Dockerfile>.dockerignore over the context's", () => {
    const files = memoryFileTree({ "/c/.dockerignore": "a\n", "/c/docker/api.Dockerfile.dockerignore": "b\n" });
    const ignore = loadDockerIgnore(files, "/c", "/c/docker/api.Dockerfile");
    expect([ignore.ignores("a"), ignore.ignores("b"), ignore.file]).toEqual([false, true, "/c/docker/api.Dockerfile.dockerignore"]);
  });
});

describe("loadDockerIgnore on odd files", () => {
  it("ignores nothing without an ignore file, nor the context itself", () => {
    const ignore = loadDockerIgnore(memoryFileTree({ "/c/Dockerfile": "" }), "/c", "/c/Dockerfile");
    expect(ignore).toMatchObject({ file: undefined, patterns: [] });
    expect([ignore.ignores("anything"), ignore.ignores("."), ignore.ignores("")]).toEqual([false, false, false]);
  });

  it("leaves a malformed pattern out instead of failing on every path, and reads CRLF files", () => {
    const ignore = loadDockerIgnore(memoryFileTree({ "/c/.dockerignore": "[\r\nsecrets\r\n  # indented comment\r\n" }), "/c", "/c/Dockerfile");
    expect(ignore.patterns).toEqual(["secrets"]);
    expect([ignore.ignores("secrets/key.pem"), ignore.ignores("src/app.ts")]).toEqual([true, false]);
  });
});
