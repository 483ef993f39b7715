import { describe, expect, it } from "vitest";
import type { ContainerChange, ContainerMount } from "../engine/engine.js";
import { driftedFiles } from "./drift.js";

const added = (path: string): ContainerChange => ({ path, kind: "added" });
const changed = (path: string): ContainerChange => ({ path, kind: "changed" });
const volume = (destination: string): ContainerMount => ({ Type: "volume", Name: "data", Source: "/var/lib/docker/volumes/data/_data", Destination: destination, RW: true });

describe("driftedFiles", () => {
  it("names a module copied into the app (docker cp), not the folders above it", () => {
    const changes = [changed("/app"), changed("/app/src"), added("/app/src/reports.js")];
    expect(driftedFiles(changes, [])).toEqual(["/app/src/reports.js"]);
  });

  it("names a file edited in place", () => {
    expect(driftedFiles([changed("/etc"), changed("/etc/nginx"), changed("/etc/nginx/nginx.conf")], [])).toEqual(["/etc/nginx/nginx.conf"]);
  });

  it("leaves out what lives in a volume, a bind mount or a tmpfs", () => {
    const mounts = [volume("/var/lib/postgresql/data"), { ...volume("/app/uploads"), Type: "bind" }];
    const changes = [changed("/var/lib/postgresql/data"), added("/var/lib/postgresql/data/PG_VERSION"), added("/app/uploads/a.png")];
    expect(driftedFiles(changes, mounts)).toEqual([]);
  });

  it("leaves out what containers write by design: temp files, pid files and sockets, caches, logs, bytecode", () => {
    const changes = ["/tmp/x", "/var/tmp/y", "/run/nginx.pid", "/var/run/postgresql/.s.PGSQL.5432", "/var/cache/nginx/client_temp", "/var/log/nginx/access.log", "/root/.npm/_logs/1.log", "/home/node/.cache/x", "/app/__pycache__/main.cpython-311.pyc", "/app/models.pyc"].map(added);
    expect(driftedFiles(changes, [])).toEqual([]);
  });

  it("ignores deletions (a recreate brings them back) and does not take /tmpfoo for /tmp", () => {
    expect(driftedFiles([{ path: "/app/old.js", kind: "deleted" }, added("/tmpfoo/keep.txt")], [])).toEqual(["/tmpfoo/keep.txt"]);
  });

  it("leaves out the folders the engine makes: the working directory and where mounts hang (fresh container)", () => {
    expect(driftedFiles([added("/app"), added("/data"), added("/srv"), added("/srv/www")], [volume("/data"), volume("/srv/www/uploads")], "/app")).toEqual([]);
    expect(driftedFiles([added("/app"), added("/app/patch.js")], [], "/app")).toEqual(["/app/patch.js"]);
  });

  it("leaves out conf.d that nginx renders from mounted templates at every start, not a conf.d edited by hand", () => {
    const changes = [changed("/etc/nginx/conf.d"), added("/etc/nginx/conf.d/default.conf")];
    expect(driftedFiles(changes, [{ ...volume("/etc/nginx/templates"), Type: "bind" }])).toEqual([]);
    expect(driftedFiles(changes, [])).toEqual(["/etc/nginx/conf.d/default.conf"]);
  });

  it("lists the files in order", () => {
    expect(driftedFiles([added("/srv/b.txt"), added("/srv/a.txt")], [])).toEqual(["/srv/a.txt", "/srv/b.txt"]);
  });
});
