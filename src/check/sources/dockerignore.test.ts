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
