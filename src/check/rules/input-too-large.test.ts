import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diskFileTree } from "../files/disk-file-tree.js";
import { maxCheckedFileBytes } from "../files/file-tree.js";
import { memoryFileTree } from "../files/memory-file-tree.js";
import { findingsOf } from "../testing/check-fixture.js";
import { dockerfileMissing } from "./dockerfile-missing.js";
import { inputTooLarge } from "./input-too-large.js";

// 1.2 MB of comments: valid for either reader, larger than berth check reads.
const bulk = (first: string) => `${first}\n${"# padding line of a generated file, forty-eight chars\n".repeat(24_000)}`;
const nginxCompose = "services:\n  web:\n    image: nginx:1.22\n    volumes:\n      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro\n";
const buildCompose = "services:\n  app:\n    build: ./app\n";

describe("input-too-large", () => {
  it("names a Dockerfile past the limit, its size and the limit, at its first line", () => {
    const findings = findingsOf(inputTooLarge, { compose: buildCompose, files: { "app/Dockerfile": bulk("FROM node:20") } });
    expect(findings).toMatchObject([{ rule: "input-too-large", severity: "warning", file: "app/Dockerfile", line: 1, message: "app/Dockerfile is 1.3 MB, more than the 1 MB berth check reads: it was not checked" }]);
    expect(findings[0]?.hint).toContain("docs/limits.md");
  });

  it("names an nginx config past the limit", () => {
    const findings = findingsOf(inputTooLarge, { compose: nginxCompose, files: { "nginx/default.conf": bulk("server { listen 80; }") } });
    expect(findings.map((finding) => finding.file)).toEqual(["nginx/default.conf"]);
  });

  it("stays quiet for files within the limit", () => {
    expect(findingsOf(inputTooLarge, { compose: buildCompose, files: { "app/Dockerfile": "FROM node:20\n" } })).toEqual([]);
    expect(findingsOf(inputTooLarge, { compose: nginxCompose, files: { "nginx/default.conf": "server { listen 80; }\n" } })).toEqual([]);
  });

  it("dockerfile-missing no longer says a large Dockerfile does not exist", () => {
    expect(findingsOf(dockerfileMissing, { compose: buildCompose, files: { "app/Dockerfile": bulk("FROM node:20") } })).toEqual([]);
    expect(findingsOf(dockerfileMissing, { compose: buildCompose, files: { "app/Containerfile": "FROM node:20\n" } })).toHaveLength(1);
  });
});

describe("file trees list what they skipped", () => {
  it("on disk: a file past the limit reads as absent and is listed once with its size", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-skipped-"));
    try {
      writeFileSync(join(dir, "big"), "x".repeat(maxCheckedFileBytes + 1));
      writeFileSync(join(dir, "small"), "x");
      const files = diskFileTree();
      expect(files.readText(join(dir, "big"))).toBeUndefined();
      expect(files.readText(join(dir, "big"))).toBeUndefined();
      expect(files.readText(join(dir, "small"))).toBe("x");
      expect(files.readText(join(dir, "absent"))).toBeUndefined();
      expect(files.skipped()).toEqual([{ path: join(dir, "big"), bytes: maxCheckedFileBytes + 1 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("in memory: the same limit, in bytes", () => {
    const files = memoryFileTree({ "/p/big": "é".repeat(maxCheckedFileBytes / 2 + 1), "/p/edge": "x".repeat(maxCheckedFileBytes) });
    expect(files.readText("/p/big")).toBeUndefined();
    expect(files.readText("/p/edge")).toHaveLength(maxCheckedFileBytes);
    expect(files.skipped()).toEqual([{ path: "/p/big", bytes: maxCheckedFileBytes + 2 }]);
  });
});
