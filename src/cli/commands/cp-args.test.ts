import { describe, expect, it } from "vitest";
import { UsageError } from "../../common/errors.js";
import { parseCpArguments, parseCpTargetOptions, splitCpArgument } from "./cp-args.js";

describe("berth cp's arguments", () => {
  it("SERVICE:SRC DEST copies out, SRC SERVICE:DEST copies in", () => {
    expect(parseCpArguments("web:/etc/nginx/conf.d", "./conf")).toEqual({ direction: "out", service: "web", containerPath: "/etc/nginx/conf.d", localPath: "./conf" });
    expect(parseCpArguments("dist", "web:/usr/share/nginx/html/")).toEqual({ direction: "in", service: "web", containerPath: "/usr/share/nginx/html/", localPath: "dist" });
  });

  it("a container path without its leading slash is taken from the container's root, its trailing / and /. kept", () => {
    expect(parseCpArguments("web:etc/hosts", "h").containerPath).toBe("/etc/hosts");
    expect(parseCpArguments("web:/app/.", "out").containerPath).toBe("/app/.");
    expect(parseCpArguments("x", "web:/tmp/").containerPath).toBe("/tmp/");
  });

  it("a path starting with / or . is local even with a colon in it, as docker cp splits", () => {
    expect(splitCpArgument("./a:b")).toEqual({ path: "./a:b" });
    expect(splitCpArgument("/tmp/x:y")).toEqual({ path: "/tmp/x:y" });
    expect(splitCpArgument("plain")).toEqual({ path: "plain" });
    expect(splitCpArgument("db:/var/lib/x:y")).toEqual({ service: "db", path: "/var/lib/x:y" });
    expect(parseCpArguments("./a:b", "web:/tmp").localPath).toBe("./a:b");
  });

  it("refuses with exit 2: two local paths, two services, '-', an empty service or path", () => {
    const refused = (source: string, destination: string): UsageError => {
      try {
        parseCpArguments(source, destination);
      } catch (error) {
        return error as UsageError;
      }
      throw new Error(`accepted ${source} ${destination}`);
    };
    expect(refused("a", "b").message).toBe("berth cp needs SERVICE:PATH on one side");
    expect(refused("web:/a", "db:/b").message).toContain("not between two containers");
    expect(refused("-", "web:/tmp").message).toContain("stdin/stdout");
    expect(refused("web:/etc/hosts", "-").exitCode).toBe(2);
    expect(refused(":/etc/hosts", "x").message).toBe("the service is missing before ':/etc/hosts'");
    expect(refused("web:", "x").message).toBe("the path inside web is missing after 'web:'");
    expect(refused("a", "b").hint).toContain("berth cp SERVICE:SRC_PATH DEST_PATH");
  });
});

describe("berth cp's --index and --all", () => {
  it("--index N is a replica number from 1; absent, undefined", () => {
    expect(parseCpTargetOptions({ index: "2" }, "out")).toEqual({ index: 2, all: false });
    expect(parseCpTargetOptions({}, "in")).toEqual({ index: undefined, all: false });
    expect(() => parseCpTargetOptions({ index: "0" }, "in")).toThrow("--index must be a replica number from 1, got 0");
    expect(() => parseCpTargetOptions({ index: "x" }, "in")).toThrow(UsageError);
  });

  it("--all goes with copying in only, and not with --index", () => {
    expect(parseCpTargetOptions({ all: true }, "in")).toEqual({ index: undefined, all: true });
    expect(() => parseCpTargetOptions({ all: true }, "out")).toThrow(/comes from one container/);
    expect(() => parseCpTargetOptions({ all: true, index: "1" }, "in")).toThrow(/give one of them/);
  });
});
