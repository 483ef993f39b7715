import { describe, expect, it } from "vitest";
import { formatSocket, isLoopback, parseProcNetTcp, portStanding } from "./listening.js";

// Real /proc/net/tcp and tcp6 lines: node on 127.0.0.1:3000, redis on 0.0.0.0:6379 and [::]:6379, an established connection.
const tcp = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 41525 1 0000000000000000 100 0 0 10 0
   1: 00000000:18EB 00000000:0000 0A 00000000:00000000 00:00000000 00000000   999        0 41530 1 0000000000000000 100 0 0 10 0
   2: 030012AC:D2A4 020012AC:18EB 01 00000000:00000000 00:00000000 00000000  1000        0 41600 1 0000000000000000 20 4 30 10 -1
  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:18EB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000   999        0 41531 1 0000000000000000 100 0 0 10 0
   1: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 41532 1 0000000000000000 100 0 0 10 0
`;

describe("parseProcNetTcp", () => {
  it("lists LISTEN sockets of tcp and tcp6 with their addresses", () => {
    expect(parseProcNetTcp(tcp).map(formatSocket)).toEqual(["127.0.0.1:3000", "0.0.0.0:6379", "[::]:6379", "[::1]:8080"]);
  });

  it("tells loopback-only from reachable and closed ports", () => {
    const sockets = parseProcNetTcp(tcp);
    expect(portStanding([3000], sockets)).toEqual({ status: "loopback", port: 3000 });
    expect(portStanding([6379], sockets)).toEqual({ status: "ok" });
    expect(portStanding([5432], sockets)).toEqual({ status: "closed", port: 5432 });
    expect(portStanding([8080], sockets)).toEqual({ status: "loopback", port: 8080 });
    expect(isLoopback("::ffff:127.0.0.1")).toBe(true);
  });
});
