import { describe, expect, it } from "vitest";
import { decodePathStat } from "./copy-archive.js";

const header = (stat: object) => Buffer.from(JSON.stringify(stat)).toString("base64");

describe("the engine's path stat header", () => {
  it("a folder: Go's ModeDir bit, the permission bits apart", () => {
    // What Docker 20.10 sent for /etc/nginx/conf.d (mode 2147484141 = ModeDir | 0o755).
    const stat = decodePathStat("eyJuYW1lIjoiY29uZi5kIiwic2l6ZSI6NDA5NiwibW9kZSI6MjE0NzQ4NDE0MSwibXRpbWUiOiIyMDI2LTEyLTA3VDE3OjA2OjQ5WiIsImxpbmtUYXJnZXQiOiIifQ==");
    expect(stat).toEqual({ name: "conf.d", size: 4096, mode: 0o755, isDir: true, isSymlink: false, linkTarget: "" });
  });

  it("a symlink: Go's ModeSymlink bit and its target", () => {
    // /bin on a Debian image: 134218239 = ModeSymlink | 0o777.
    const stat = decodePathStat("eyJuYW1lIjoiYmluIiwic2l6ZSI6NywibW9kZSI6MTM0MjE4MjM5LCJtdGltZSI6IjIwMjYtMTItMDdUMTc6MDU6NTRaIiwibGlua1RhcmdldCI6Ii91c3IvYmluIn0=");
    expect(stat).toMatchObject({ name: "bin", isDir: false, isSymlink: true, linkTarget: "/usr/bin", mode: 0o777 });
  });

  it("a file", () => {
    expect(decodePathStat(header({ name: "nginx.conf", size: 722, mode: 0o644, linkTarget: "" }))).toEqual({ name: "nginx.conf", size: 722, mode: 0o644, isDir: false, isSymlink: false, linkTarget: "" });
  });

  it("a repeated or missing header gives what it can", () => {
    expect(decodePathStat([header({ name: "a", mode: 0o600 })]).name).toBe("a");
    expect(decodePathStat(undefined)).toEqual({ name: "", size: 0, mode: 0, isDir: false, isSymlink: false, linkTarget: "" });
  });
});
