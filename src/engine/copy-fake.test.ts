import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { archiveEntries } from "../deploy/test-archive.js";
import { FakeContainerFiles, ownerOf, readAll } from "./copy-fake.js";
import { FakeEngine } from "./fake-engine.js";

describe("a fake container's files", () => {
  it("stats files, folders (made for their children) and symlinks as the engine's HEAD does", () => {
    const files = new FakeContainerFiles();
    files.put("/etc/nginx/nginx.conf", "events {}\n", 0o600);
    files.link("/bin", "usr/bin");
    expect(files.stat("/etc/nginx/nginx.conf")).toEqual({ name: "nginx.conf", size: 10, mode: 0o600, isDir: false, isSymlink: false, linkTarget: "" });
    expect(files.stat("/etc/nginx")).toMatchObject({ name: "nginx", isDir: true });
    expect(files.stat("/etc/nginx/")).toMatchObject({ name: "nginx", isDir: true });
    expect(files.stat("/")).toMatchObject({ name: "/", isDir: true });
    expect(files.stat("/bin")).toMatchObject({ isSymlink: true, linkTarget: "usr/bin" });
    expect(files.stat("/nope")).toBeUndefined();
  });

  it("archives a path under its last element, or ./ for dir/., as the engine's GET does", async () => {
    const files = new FakeContainerFiles();
    files.put("/app/a.txt", "a");
    files.put("/app/sub/b.txt", "bb");
    const names = async (path: string) => (await archiveEntries((await files.archive(path)) ?? Buffer.alloc(0))).map((entry) => `${entry.name} ${entry.type}`);
    expect(await names("/app")).toEqual(["app directory", "app/a.txt file", "app/sub directory", "app/sub/b.txt file"]);
    expect(await names("/app/.")).toEqual(["./ directory", "./a.txt file", "./sub directory", "./sub/b.txt file"]);
    expect(await names("/app/a.txt")).toEqual(["a.txt file"]);
    expect(await files.archive("/missing")).toBeUndefined();
  });

  it("extracts an archive under a folder, with the headers' owners or the one given (copyUIDGID)", async () => {
    const source = new FakeContainerFiles();
    source.put("/x/conf/site.conf", "server {}");
    const archive = (await source.archive("/x/conf")) ?? Buffer.alloc(0);
    const files = new FakeContainerFiles();
    await files.extract(archive, "/");
    expect(files.stat("/conf/site.conf")).toMatchObject({ size: 9 });
    expect(files.ownerOf("/conf/site.conf")).toEqual({ uid: 0, gid: 0 });
    await files.extract(archive, "/conf", { uid: 101, gid: 102 });
    expect(files.ownerOf("/conf/conf/site.conf")).toEqual({ uid: 101, gid: 102 });
    await expect(files.extract(archive, "/nope")).rejects.toThrow("Could not find the file /nope in container");
    expect(files.ownerOf("/nope")).toBeUndefined();
  });

  it("the FakeEngine refuses a copy into a folder that is not there, as the engine does (404)", async () => {
    const engine = new FakeEngine({ images: ["nginx:1.22"] });
    const id = await engine.createContainer({ name: "shop-web-1", Image: "nginx:1.22", Labels: {} });
    await expect(engine.copyToContainer(id, Buffer.alloc(0), "/srv")).rejects.toMatchObject({ code: "engine.not-found" });
    await expect(engine.copyFromContainer(id, "/srv")).rejects.toMatchObject({ code: "engine.not-found" });
    expect(await engine.statContainerPath(id, "/srv")).toBeUndefined();
  });
});

describe("helpers", () => {
  it("ownerOf reads a numeric user:group, else root", () => {
    expect(ownerOf("1000:1001")).toEqual({ uid: 1000, gid: 1001 });
    expect(ownerOf("1000")).toEqual({ uid: 1000, gid: 1000 });
    expect(ownerOf("node")).toEqual({ uid: 0, gid: 0 });
    expect(ownerOf(undefined)).toEqual({ uid: 0, gid: 0 });
  });

  it("readAll joins a stream's chunks, strings too", async () => {
    expect((await readAll(Readable.from([Buffer.from("ab"), "cd"]))).toString()).toBe("abcd");
  });
});
