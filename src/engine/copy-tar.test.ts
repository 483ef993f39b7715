import { chmod, lstat, mkdir, mkdtemp, readFile, readlink, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pack } from "tar-stream";
import { archiveEntries } from "../deploy/test-archive.js";
import { extractArchive } from "./copy-extract.js";
import { readAll } from "./copy-fake.js";
import { packLocalPath } from "./copy-pack.js";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "berth-copy-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function sourceTree(): Promise<string> {
  const src = join(root, "src");
  await mkdir(join(src, "sub"), { recursive: true });
  await writeFile(join(src, "a.txt"), "hello\n");
  await chmod(join(src, "a.txt"), 0o640);
  await writeFile(join(src, "sub", "b.sh"), "echo hi\n");
  await chmod(join(src, "sub", "b.sh"), 0o755);
  await symlink("a.txt", join(src, "link"));
  return src;
}

/** A tar archive of hand-made entries (what an engine, or a hostile one, could send). */
async function tarOf(entries: { name: string; type?: "file" | "directory" | "symlink"; content?: string; linkname?: string; mode?: number; uid?: number }[]): Promise<Readable> {
  const archive = pack();
  for (const entry of entries) archive.entry({ name: entry.name, type: entry.type ?? "file", mode: entry.mode ?? 0o644, uid: entry.uid ?? 0, gid: 0, ...(entry.linkname ? { linkname: entry.linkname } : {}) }, entry.content ?? "");
  archive.finalize();
  return Readable.from([await readAll(Readable.from(archive))]);
}

describe("packing a local path for the engine", () => {
  it("a folder under the name it gets: files, folders and symlinks with their modes, owned by root", async () => {
    const entries = await archiveEntries(await readAll(packLocalPath(await sourceTree(), { top: "site" })));
    expect(entries.map((entry) => [entry.name, entry.type, (entry.mode ?? 0).toString(8), entry.uid, entry.gid])).toEqual([
      ["site", "directory", "755", 0, 0],
      ["site/a.txt", "file", "640", 0, 0],
      ["site/link", "symlink", "777", 0, 0],
      ["site/sub", "directory", "755", 0, 0],
      ["site/sub/b.sh", "file", "755", 0, 0],
    ]);
    expect(entries.find((entry) => entry.name === "site/a.txt")?.content).toBe("hello\n");
  });

  it('top "" puts a folder\'s contents at the top (SRC/.)', async () => {
    const names = (await archiveEntries(await readAll(packLocalPath(await sourceTree(), { top: "" })))).map((entry) => entry.name);
    expect(names).toEqual(["a.txt", "link", "sub", "sub/b.sh"]);
  });

  it("a symlink is packed as a link, or with -L as what it points at", async () => {
    const link = join(await sourceTree(), "link");
    expect((await archiveEntries(await readAll(packLocalPath(link, { top: "l" }))))[0]).toMatchObject({ name: "l", type: "symlink" });
    expect((await archiveEntries(await readAll(packLocalPath(link, { top: "l", followLink: true }))))[0]).toMatchObject({ name: "l", type: "file", content: "hello\n" });
  });

  it("a path that cannot be read makes the stream fail", async () => {
    await expect(readAll(packLocalPath(join(root, "missing"), { top: "x" }))).rejects.toThrow(/ENOENT/);
  });
});

describe("extracting an archive from the engine", () => {
  it("round trip: what was packed comes back with modes and the link", async () => {
    const out = join(root, "out");
    await mkdir(out);
    const result = await extractArchive(packLocalPath(await sourceTree(), { top: "src" }), out, { from: "src", to: "copy" });
    expect(result).toEqual({ files: 2, bytes: 14 });
    expect(await readFile(join(out, "copy", "a.txt"), "utf8")).toBe("hello\n");
    expect(((await lstat(join(out, "copy", "a.txt"))).mode & 0o777).toString(8)).toBe("640");
    expect(((await lstat(join(out, "copy", "sub", "b.sh"))).mode & 0o777).toString(8)).toBe("755");
    expect(await readlink(join(out, "copy", "link"))).toBe("a.txt");
  });

  it("the contents of dir/. go straight into the folder", async () => {
    const archive = await tarOf([{ name: "./", type: "directory", mode: 0o755 }, { name: "./default.conf", content: "server {}\n" }]);
    await extractArchive(archive, root, { from: ".", to: "" });
    expect(await readFile(join(root, "default.conf"), "utf8")).toBe("server {}\n");
  });

  it("a file replaces a file (and a link), never a folder", async () => {
    await writeFile(join(root, "n.conf"), "old");
    await extractArchive(await tarOf([{ name: "nginx.conf", content: "new" }]), root, { from: "nginx.conf", to: "n.conf" });
    expect(await readFile(join(root, "n.conf"), "utf8")).toBe("new");
    await mkdir(join(root, "folder"));
    await expect(extractArchive(await tarOf([{ name: "x", content: "y" }]), root, { from: "x", to: "folder" })).rejects.toThrow(/cannot replace the folder/);
  });

  it("refuses entries that climb out of the folder or write through a link the archive brought", async () => {
    await expect(extractArchive(await tarOf([{ name: "top/../../escape", content: "x" }]), root, { from: "top", to: "top" })).rejects.toThrow(/points outside/);
    const through = await tarOf([
      { name: "top", type: "directory", mode: 0o755 },
      { name: "top/etc", type: "symlink", linkname: "/etc" },
      { name: "top/etc/passwd", content: "owned" },
    ]);
    await expect(extractArchive(through, root, { from: "top", to: "top" })).rejects.toThrow(/beneath the symlink/);
    expect(await readdir(join(root, "top"))).toEqual(["etc"]);
  });

  it("entries outside the top entry are left alone", async () => {
    const result = await extractArchive(await tarOf([{ name: "a", content: "1" }, { name: "b", content: "2" }]), root, { from: "a", to: "a" });
    expect(result.files).toBe(1);
    expect(await readdir(root)).toEqual(["a"]);
  });

  it("-a gives each file its header's owner (here the caller's own, which any user may set)", async () => {
    const uid = process.getuid?.() ?? 0;
    await extractArchive(await tarOf([{ name: "f", content: "x", uid }]), root, { from: "f", to: "f", keepOwners: true });
    expect((await lstat(join(root, "f"))).uid).toBe(uid);
  });
});
