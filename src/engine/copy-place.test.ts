import { describe, expect, it } from "vitest";
import { archiveTop, copiesContents, placeCopy, renameEntry } from "./copy-place.js";

const file = (path: string) => ({ path, isDir: false });
const dir = (path: string) => ({ path, isDir: true });
const existingDir = (path: string) => ({ path, exists: true, isDir: true });
const existingFile = (path: string) => ({ path, exists: true, isDir: false });
const missing = (path: string) => ({ path, exists: false, isDir: false });

describe("docker cp's placement rules", () => {
  it("into an existing folder the source keeps its name", () => {
    expect(placeCopy(file("/etc/nginx/nginx.conf"), existingDir("/out"))).toEqual({ dir: "/out", top: "nginx.conf" });
    expect(placeCopy(dir("/etc/nginx/conf.d/"), existingDir("/out/"))).toEqual({ dir: "/out/", top: "conf.d" });
  });

  it("a folder's /. puts its contents into the folder", () => {
    expect(placeCopy(dir("/app/."), existingDir("/out"))).toEqual({ dir: "/out", top: "" });
    expect(copiesContents(dir("src/."))).toBe(true);
    expect(copiesContents(file("src/."))).toBe(false);
  });

  it("a file replaces an existing file and takes a new name in the parent folder", () => {
    expect(placeCopy(file("a.txt"), existingFile("/tmp/b.txt"))).toEqual({ dir: "/tmp", top: "b.txt" });
    expect(placeCopy(file("a.txt"), missing("/tmp/new.txt"))).toEqual({ dir: "/tmp", top: "new.txt" });
    expect(placeCopy(file("a.txt"), missing("new.txt"))).toEqual({ dir: ".", top: "new.txt" });
    expect(placeCopy(file("a.txt"), missing("/new.txt"))).toEqual({ dir: "/", top: "new.txt" });
  });

  it("a folder to a path that does not exist becomes that folder, its contents too with /.", () => {
    expect(placeCopy(dir("/etc/nginx"), missing("/out/conf"))).toEqual({ dir: "/out", top: "conf" });
    expect(placeCopy(dir("/etc/nginx/."), missing("/out/conf/"))).toEqual({ dir: "/out", top: "conf" });
  });

  it("refuses a folder onto a file, a file into a folder that does not exist, and a file path asserted a folder", () => {
    expect(() => placeCopy(dir("/etc"), existingFile("/tmp/x"))).toThrow("cannot copy a folder onto the file /tmp/x");
    expect(() => placeCopy(file("a"), missing("/tmp/new/"))).toThrow("the folder /tmp/new/ does not exist");
    expect(() => placeCopy(file("a"), existingFile("/etc/hosts/"))).toThrow("/etc/hosts/ is a file, not a folder");
    expect(() => placeCopy(file("a"), missing(".."))).toThrow("does not name a file or folder");
  });
});

describe("archive names", () => {
  it("the top entry is the path's last element, . for dir/.", () => {
    expect(archiveTop("/etc/nginx/conf.d")).toBe("conf.d");
    expect(archiveTop("/etc/nginx/conf.d/")).toBe("conf.d");
    expect(archiveTop("/etc/nginx/conf.d/.")).toBe(".");
    expect(archiveTop(".")).toBe(".");
    expect(archiveTop("/")).toBe("/");
  });

  it("renames the top entry and what is under it", () => {
    expect(renameEntry("conf.d/", "conf.d", "conf")).toBe("conf");
    expect(renameEntry("conf.d/default.conf", "conf.d", "conf")).toBe("conf/default.conf");
    expect(renameEntry("nginx.conf", "nginx.conf", "n.conf")).toBe("n.conf");
  });

  it("with the contents going straight in, the top folder itself is skipped", () => {
    expect(renameEntry("./", ".", "")).toBeUndefined();
    expect(renameEntry("./default.conf", ".", "")).toBe("default.conf");
    expect(renameEntry("conf.d/x/y", "conf.d", "")).toBe("x/y");
    expect(renameEntry("./a", ".", "flat")).toBe("flat/a");
  });

  it("an entry outside the top entry is left out", () => {
    expect(renameEntry("other/file", "conf.d", "conf")).toBeUndefined();
    expect(renameEntry("conf.dx", "conf.d", "conf")).toBeUndefined();
  });
});

describe("archives of dir/. from other tar writers", () => {
  it("names without ./ are inside the top entry too", () => {
    expect(renameEntry("default.conf", ".", "")).toBe("default.conf");
    expect(renameEntry("sub/x", ".", "conf")).toBe("conf/sub/x");
    expect(renameEntry(".", ".", "conf")).toBe("conf");
  });
});
