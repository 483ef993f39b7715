import { describe, expect, it } from "vitest";
import { isFilePath, parseVolumeSpec, VolumeSyntaxError } from "./volumes.js";

describe("parseVolumeSpec", () => {
  it.each([
    ["/var/lib/data", { type: "volume", target: "/var/lib/data", volume: {} }],
    ["pgdata:/var/lib/postgresql/data", { type: "volume", source: "pgdata", target: "/var/lib/postgresql/data", volume: {} }],
    ["pgdata:/data:ro", { type: "volume", source: "pgdata", target: "/data", read_only: true, volume: {} }],
    ["pgdata:/data:ro,nocopy", { type: "volume", source: "pgdata", target: "/data", read_only: true, volume: { nocopy: true } }],
    ["./conf:/etc/app", { type: "bind", source: "./conf", target: "/etc/app", bind: { create_host_path: true } }],
    ["../shared:/shared:rw", { type: "bind", source: "../shared", target: "/shared", read_only: false, bind: { create_host_path: true } }],
    ["/etc/localtime:/etc/localtime:ro", { type: "bind", source: "/etc/localtime", target: "/etc/localtime", read_only: true, bind: { create_host_path: true } }],
    ["~/.ssh:/root/.ssh:ro,Z", { type: "bind", source: "~/.ssh", target: "/root/.ssh", read_only: true, bind: { create_host_path: true, selinux: "Z" } }],
    ["./src:/app:cached", { type: "bind", source: "./src", target: "/app", bind: { create_host_path: true } }],
    ["./src:/app:delegated,consistent", { type: "bind", source: "./src", target: "/app", bind: { create_host_path: true } }],
    ["./x:/x:", { type: "bind", source: "./x", target: "/x", bind: { create_host_path: true } }],
  ])("%s", (spec, mount) => {
    expect(parseVolumeSpec(spec)).toEqual(mount);
  });

  it("takes the last of conflicting options, as they are read in order", () => {
    expect(parseVolumeSpec("db:/d:ro,rw").read_only).toBe(false);
    expect(parseVolumeSpec("./x:/x:slave,rprivate").bind?.propagation).toBe("rprivate");
  });

  it.each([
    ["", "invalid empty volume spec"],
    ["   ", "invalid empty volume spec"],
    ["a:b:c:d", "invalid spec: a:b:c:d: too many colons"],
    ["db:/d:readonly", 'invalid spec: db:/d:readonly: unknown option "readonly"'],
    ["db:/d:ro,,z", 'invalid spec: db:/d:ro,,z: unknown option ""'],
  ])("refuses %j", (spec, message) => {
    expect(() => parseVolumeSpec(spec)).toThrow(VolumeSyntaxError);
    expect(() => parseVolumeSpec(spec)).toThrow(message);
  });
});

describe("isFilePath", () => {
  it.each([".", "./a", "../a", "/a", "~", "~/a", "C:\\data", "d:/data"])("%s is a host path (a bind mount)", (source) => {
    expect(isFilePath(source)).toBe(true);
  });

  it.each(["data", "my_volume", "db-data", "C:data", "a/b"])("%s is a volume name", (source) => {
    expect(isFilePath(source)).toBe(false);
  });
});
