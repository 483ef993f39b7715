import { describe, expect, it } from "vitest";
import { parseBytes } from "./bytes.js";
import { formatDuration, parseDuration } from "./duration.js";
import { parsePortSpec, PortSyntaxError } from "./ports.js";
import { splitShellWords } from "./shell-words.js";
import { parseVolumeSpec, VolumeSyntaxError } from "./volumes.js";

describe("durations", () => {
  it.each([
    ["90s", "1m30s"],
    ["2m", "2m0s"],
    ["1h", "1h0m0s"],
    ["1m30s", "1m30s"],
    ["500ms", "500ms"],
    ["1.5s", "1.5s"],
    ["10us", "10µs"],
    ["0", "0s"],
  ])("%s prints as %s", (input, output) => {
    expect(formatDuration(parseDuration(input) ?? -1)).toBe(output);
  });

  it("rejects text that is not a duration", () => {
    expect(parseDuration("ten seconds")).toBeUndefined();
    expect(parseDuration("10")).toBeUndefined();
    expect(parseDuration("")).toBeUndefined();
  });
});

describe("byte sizes", () => {
  it.each([
    ["1g", 1073741824],
    ["256m", 268435456],
    ["64M", 67108864],
    ["1.5GB", 1610612736],
    ["512", 512],
    [1024, 1024],
  ])("%s is %d bytes", (input, bytes) => {
    expect(parseBytes(input)).toBe(bytes);
  });

  it("rejects unknown units", () => {
    expect(parseBytes("12 parsecs")).toBeUndefined();
  });
});

describe("shell words", () => {
  it("splits like a shell, keeping quoted words whole", () => {
    expect(splitShellWords(`sh -c "echo hello && sleep 1"`)).toEqual(["sh", "-c", "echo hello && sleep 1"]);
    expect(splitShellWords(`echo 'a  b' c\\ d ""`)).toEqual(["echo", "a  b", "c d", ""]);
    expect(splitShellWords("")).toEqual([]);
  });

  it("fails on an open quote", () => {
    expect(() => splitShellWords(`echo "oops`)).toThrow(/unterminated double quote/);
  });
});

describe("port specs", () => {
  it("parses every short form", () => {
    expect(parsePortSpec("80")).toEqual([{ mode: "ingress", target: 80, protocol: "tcp" }]);
    expect(parsePortSpec("8080:80/udp")).toEqual([{ mode: "ingress", target: 80, published: "8080", protocol: "udp" }]);
    expect(parsePortSpec("127.0.0.1::80")).toEqual([{ mode: "ingress", host_ip: "127.0.0.1", target: 80, protocol: "tcp" }]);
    expect(parsePortSpec("[::1]:53:53")).toEqual([{ mode: "ingress", host_ip: "::1", target: 53, published: "53", protocol: "tcp" }]);
  });

  it("expands ranges one port each, and keeps a host range for a single target", () => {
    expect(parsePortSpec("8000-8001:9000-9001").map((p) => [p.published, p.target])).toEqual([
      ["8000", 9000],
      ["8001", 9001],
    ]);
    expect(parsePortSpec("8000-8010:80")).toEqual([{ mode: "ingress", target: 80, published: "8000-8010", protocol: "tcp" }]);
  });

  it.each([
    ["80:abc", "invalid containerPort: abc"],
    ["x:80", "invalid hostPort: x"],
    ["80/tcpx", "invalid proto: tcpx"],
    ["1.2.3:80:80", "invalid IP address: 1.2.3"],
  ])("rejects %s naming the bad part", (spec, message) => {
    expect(() => parsePortSpec(spec)).toThrow(PortSyntaxError);
    expect(() => parsePortSpec(spec)).toThrow(message);
  });
});

describe("volume specs", () => {
  it("tells binds from named and anonymous volumes", () => {
    expect(parseVolumeSpec("/data")).toEqual({ type: "volume", target: "/data", volume: {} });
    expect(parseVolumeSpec("db:/data")).toEqual({ type: "volume", source: "db", target: "/data", volume: {} });
    expect(parseVolumeSpec("./x:/x:ro")).toEqual({ type: "bind", source: "./x", target: "/x", read_only: true, bind: { create_host_path: true } });
    expect(parseVolumeSpec("~/c:/c").type).toBe("bind");
  });

  it("reads the mode options", () => {
    expect(parseVolumeSpec("./x:/x:z,rshared").bind).toEqual({ create_host_path: true, selinux: "z", propagation: "rshared" });
    expect(parseVolumeSpec("db:/d:nocopy").volume).toEqual({ nocopy: true });
    expect(parseVolumeSpec("db:/d:rw").read_only).toBe(false);
  });

  it("rejects too many colons and unknown options", () => {
    expect(() => parseVolumeSpec("a:b:c:d")).toThrow(VolumeSyntaxError);
    expect(() => parseVolumeSpec("a:/b:bogus")).toThrow(/unknown option "bogus"/);
  });
});
