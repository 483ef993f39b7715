import { describe, expect, it } from "vitest";
import { loadInline } from "../testing/inline-project.js";
import { parsePortSpec, PortSyntaxError } from "./ports.js";

const pairs = (spec: string) => parsePortSpec(spec).map((p) => `${p.host_ip ?? ""}|${p.published ?? ""}->${p.target}/${p.protocol}`);

describe("parsePortSpec", () => {
  it.each([
    ["3000", ["|->3000/tcp"]],
    ["53/udp", ["|->53/udp"]],
    ["9000:9000/sctp", ["|9000->9000/sctp"]],
    ["127.0.0.1:8080:80", ["127.0.0.1|8080->80/tcp"]],
    ["0.0.0.0:443:443/tcp", ["0.0.0.0|443->443/tcp"]],
    ["[::1]:53", ["::1|->53/tcp"]],
    ["[::]:8080:80/udp", ["::|8080->80/udp"]],
    ["::1:8080:80", ["::1|8080->80/tcp"]],
    ["3000-3002", ["|->3000/tcp", "|->3001/tcp", "|->3002/tcp"]],
    ["127.0.0.1:5000-5001:6000-6001/udp", ["127.0.0.1|5000->6000/udp", "127.0.0.1|5001->6001/udp"]],
    ["65535:65535", ["|65535->65535/tcp"]],
  ])("%s", (spec, expected) => {
    expect(pairs(spec)).toEqual(expected);
  });

  it("keeps a host range for each port of a container range of another length only when one side is a single port", () => {
    expect(pairs("8000-8009:80")).toEqual(["|8000-8009->80/tcp"]);
    expect(pairs("8080:80-81")).toEqual(["|8080->80/tcp", "|8080->81/tcp"]);
  });

  it.each([
    ["", "invalid containerPort: "],
    ["80/", "invalid proto: "],
    ["80/TCP", "invalid proto: TCP"],
    ["70000", "invalid containerPort: 70000"],
    ["81-80", "invalid containerPort: 81-80"],
    ["80:-1", "invalid containerPort: -1"],
    ["99999:80", "invalid hostPort: 99999"],
    ["8000-8002:9000-9001", "invalid ranges specified for container and host Ports: 9000-9001 and 8000-8002"],
    ["localhost:80:80", "invalid IP address: localhost"],
    ["[fe80::1%]:80:80", "invalid IP address: fe80::1%"],
  ])("refuses %j: %s", (spec, message) => {
    let thrown: unknown;
    try {
      parsePortSpec(spec);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PortSyntaxError);
    expect((thrown as Error).message).toBe(message);
  });
});

describe("ports in a compose file", () => {
  it("expand short forms, keep the long form, and fail at the entry that is wrong", () => {
    const ports = loadInline("services:\n  a:\n    image: x\n    ports:\n      - '127.0.0.1:8080-8081:80-81'\n      - target: 443\n        published: '8443'\n        protocol: tcp\n").services["a"]?.ports;
    expect(ports?.map((p) => [p.host_ip, p.published, p.target])).toEqual([
      ["127.0.0.1", "8080", 80],
      ["127.0.0.1", "8081", 81],
      [undefined, "8443", 443],
    ]);
    expect(() => loadInline("services:\n  a:\n    image: x\n    ports:\n      - '80:80'\n      - '80:http'\n")).toThrow(/invalid containerPort: http/);
  });
});
