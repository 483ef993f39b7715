import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeEngine } from "../../engine/fake-engine.js";
import { composeLabel } from "../../engine/labels.js";
import { testProject } from "../../plan/test-project.js";
import { parseCpArguments } from "./cp-args.js";
import { cpTargets } from "./cp-targets.js";
import { copyIn, copyOut } from "./cp-transfer.js";

const project = testProject("shop", { web: { image: "nginx:1.22" }, db: { image: "postgres:15" } });
const plain = { archive: false, followLink: false };
let cwd: string;
let engine: FakeEngine;

async function container(service: string, number: number, oneoff = false, user?: string): Promise<string> {
  const labels = { [composeLabel.project]: "shop", [composeLabel.service]: service, [composeLabel.number]: String(number), [composeLabel.oneoff]: oneoff ? "True" : "False" };
  const id = await engine.createContainer({ name: oneoff ? `shop-${service}-run-1a2b` : `shop-${service}-${number}`, Image: "nginx:1.22", Labels: labels, ...(user ? { User: user } : {}) });
  await engine.startContainer(id);
  return id;
}

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "berth-cp-"));
  engine = new FakeEngine({ images: ["nginx:1.22", "postgres:15"] });
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe("which containers berth cp uses", () => {
  it("out of a service: the first replica, or --index N", async () => {
    await container("web", 1);
    await container("web", 2);
    const out = parseCpArguments("web:/etc/hosts", "h");
    expect((await cpTargets(engine, project, out, { index: undefined, all: false })).map((t) => t.name)).toEqual(["shop-web-1"]);
    expect((await cpTargets(engine, project, out, { index: 2, all: false })).map((t) => t.name)).toEqual(["shop-web-2"]);
  });

  it("into a service: every replica, --index one of them, --all the one-off containers too", async () => {
    await container("web", 1);
    await container("web", 2);
    await container("web", 1, true);
    const into = parseCpArguments("a.txt", "web:/tmp/");
    expect((await cpTargets(engine, project, into, { index: undefined, all: false })).map((t) => t.name)).toEqual(["shop-web-1", "shop-web-2"]);
    expect((await cpTargets(engine, project, into, { index: 1, all: false })).map((t) => t.name)).toEqual(["shop-web-1"]);
    expect((await cpTargets(engine, project, into, { index: undefined, all: true })).map((t) => t.name)).toEqual(["shop-web-1", "shop-web-2", "shop-web-run-1a2b"]);
  });

  it("no such service, no container, no such replica: exit 1 with the way out", async () => {
    await container("web", 1);
    await expect(cpTargets(engine, project, parseCpArguments("nosuch:/x", "x"), { index: undefined, all: false })).rejects.toMatchObject({ exitCode: 1, message: "no such service: nosuch (project shop)" });
    await expect(cpTargets(engine, project, parseCpArguments("db:/x", "x"), { index: undefined, all: false })).rejects.toMatchObject({ exitCode: 1, message: "db has no container to copy from", hint: "berth up db creates it" });
    await expect(cpTargets(engine, project, parseCpArguments("x", "web:/x"), { index: 3, all: false })).rejects.toMatchObject({ message: "web has no container number 3 to copy into", hint: "berth ps web lists its containers (1)" });
  });
});

describe("copying out of a container", () => {
  it("a folder into a local folder keeps its name; to a new name it takes that name; /. its contents", async () => {
    const id = await container("web", 1);
    engine.filesOf(id).put("/etc/nginx/conf.d/default.conf", "server {}\n");
    const target = { id, name: "shop-web-1" };
    await mkdir(join(cwd, "out"));
    expect(await copyOut(engine, target, parseCpArguments("web:/etc/nginx/conf.d", "out"), plain, cwd)).toEqual({ files: 1, bytes: 10 });
    expect(await readFile(join(cwd, "out", "conf.d", "default.conf"), "utf8")).toBe("server {}\n");
    await copyOut(engine, target, parseCpArguments("web:/etc/nginx/conf.d", "renamed"), plain, cwd);
    expect(await readFile(join(cwd, "renamed", "default.conf"), "utf8")).toBe("server {}\n");
    await copyOut(engine, target, parseCpArguments("web:/etc/nginx/conf.d/.", "out"), plain, cwd);
    expect(await readFile(join(cwd, "out", "default.conf"), "utf8")).toBe("server {}\n");
  });

  it("a missing path is named, with where to look", async () => {
    const id = await container("web", 1);
    await expect(copyOut(engine, { id, name: "shop-web-1" }, parseCpArguments("web:/nope/file", "x"), plain, cwd)).rejects.toMatchObject({
      exitCode: 1,
      message: "shop-web-1: no such file or folder /nope/file inside the container",
      hint: "berth exec web ls -la /nope lists what is there",
    });
  });

  it("a local folder that does not exist is refused before anything is read", async () => {
    const id = await container("web", 1);
    engine.filesOf(id).put("/etc/hosts", "127.0.0.1 localhost\n");
    await expect(copyOut(engine, { id, name: "shop-web-1" }, parseCpArguments("web:/etc/hosts", "no/such/dir/hosts"), plain, cwd)).rejects.toThrow(/the local folder .*no\/such\/dir does not exist/);
  });

  it("-L copies what a symlink points at, under the link's name", async () => {
    const id = await container("web", 1);
    engine.filesOf(id).put("/usr/bin/tool", "#!/bin/sh\n", 0o755);
    engine.filesOf(id).link("/bin/tool", "/usr/bin/tool");
    const target = { id, name: "shop-web-1" };
    await copyOut(engine, target, parseCpArguments("web:/bin/tool", "tool"), { archive: false, followLink: true }, cwd);
    expect(await readFile(join(cwd, "tool"), "utf8")).toBe("#!/bin/sh\n");
    engine.filesOf(id).link("/bin/dangling", "/nowhere");
    await expect(copyOut(engine, target, parseCpArguments("web:/bin/dangling", "d"), { archive: false, followLink: true }, cwd)).rejects.toThrow("shop-web-1: /bin/dangling is a symlink to /nowhere, which does not exist");
  });
});

describe("copying into a container", () => {
  it("a file into a folder, to a new name, and a folder's contents with /.", async () => {
    const id = await container("web", 1);
    await mkdir(join(cwd, "site"));
    await writeFile(join(cwd, "site", "index.html"), "<h1>hi</h1>");
    engine.filesOf(id).put("/usr/share/nginx/html/50x.html", "oops");
    const target = { id, name: "shop-web-1" };
    await copyIn(engine, target, parseCpArguments("site/index.html", "web:/usr/share/nginx/html"), plain, cwd);
    await copyIn(engine, target, parseCpArguments("site/index.html", "web:/usr/share/nginx/html/home.html"), plain, cwd);
    await copyIn(engine, target, parseCpArguments("site/.", "web:/srv/"), plain, cwd);
    await copyIn(engine, target, parseCpArguments("site/.", "web:/usr/share/nginx/html"), plain, cwd);
    const files = engine.filesOf(id);
    expect(files.stat("/usr/share/nginx/html/index.html")).toMatchObject({ isDir: false, size: 11 });
    expect(files.stat("/usr/share/nginx/html/home.html")).toMatchObject({ size: 11 });
    expect(files.stat("/usr/share/nginx/html/site")).toBeUndefined();
    expect(files.stat("/srv/index.html")).toMatchObject({ size: 11 });
    expect(files.stat("/srv/site")).toBeUndefined();
  });

  it("a folder that does not exist inside the container and a local path that does not exist are named", async () => {
    const id = await container("web", 1);
    await writeFile(join(cwd, "a.txt"), "x");
    const target = { id, name: "shop-web-1" };
    await expect(copyIn(engine, target, parseCpArguments("a.txt", "web:/no/such/a.txt"), plain, cwd)).rejects.toMatchObject({
      message: "shop-web-1: no such folder /no/such inside the container",
      hint: "create it (berth exec web mkdir -p /no/such) or copy to a folder that exists",
    });
    await expect(copyIn(engine, target, parseCpArguments("missing.txt", "web:/tmp"), plain, cwd)).rejects.toThrow("no such local file or folder: missing.txt");
    await expect(copyIn(engine, target, parseCpArguments("a.txt", "web:/tmp/new/"), plain, cwd)).rejects.toThrow("cannot copy to shop-web-1:/tmp/new/: the folder /tmp/new/ does not exist");
  });

  it("a symlink at the destination is followed, as docker cp does", async () => {
    const id = await container("web", 1);
    await writeFile(join(cwd, "a.txt"), "x");
    engine.filesOf(id).put("/data/keep", "");
    engine.filesOf(id).link("/current", "/data");
    await copyIn(engine, { id, name: "shop-web-1" }, parseCpArguments("a.txt", "web:/current"), plain, cwd);
    expect(engine.filesOf(id).stat("/data/a.txt")).toMatchObject({ size: 1 });
  });

  it("-a gives the files to the container's user; without it they are root's", async () => {
    const id = await container("web", 1, false, "101:101");
    await writeFile(join(cwd, "a.txt"), "x");
    const target = { id, name: "shop-web-1" };
    engine.filesOf(id).put("/tmp/.keep", "");
    await copyIn(engine, target, parseCpArguments("a.txt", "web:/tmp/root.txt"), plain, cwd);
    await copyIn(engine, target, parseCpArguments("a.txt", "web:/tmp/user.txt"), { archive: true, followLink: false }, cwd);
    expect(engine.filesOf(id).ownerOf("/tmp/root.txt")).toEqual({ uid: 0, gid: 0 });
    expect(engine.filesOf(id).ownerOf("/tmp/user.txt")).toEqual({ uid: 101, gid: 101 });
    expect(engine.calls.filter((call) => call.startsWith("copy"))).toEqual(["copy shop-web-1 /tmp", "copy shop-web-1 /tmp"]);
  });
});
