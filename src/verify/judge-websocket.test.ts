import { describe, expect, it } from "vitest";
import { judgeTcp } from "./judge-tcp.js";
import { judgeWebsocket } from "./judge-websocket.js";
import type { Observation } from "./observe.js";
import type { TcpProbe, WebsocketProbe } from "./probe.js";

const ws = (over: Partial<WebsocketProbe> = {}): WebsocketProbe => ({ name: "live", kind: "websocket", timeoutMs: 5_000, from: "host", url: "ws://127.0.0.1:18080/ws", socketio: false, ...over });
const upgraded = (over: Partial<Observation> = {}): Observation => ({ id: "o", elapsedMs: 9, status: 101, upgraded: true, acceptValid: true, upgradeMs: 4, roundTripMs: 3, received: [], ...over });

describe("judgeWebsocket", () => {
  it("passes an upgrade with nothing to send, with the timings as facts", () => {
    expect(judgeWebsocket(ws(), upgraded())).toMatchObject({ target: "WebSocket ws://127.0.0.1:18080/ws (from host)", failures: [], passSummary: "upgraded (101) and a message round-tripped in 3 ms", facts: { upgraded: true, status: 101, upgradeMs: 4, roundTripMs: 3, latencyMs: 9 } });
  });

  it("fails a refused upgrade with the proxy hint, and no answer at all with the port hint", () => {
    const refused = judgeWebsocket(ws(), { id: "o", elapsedMs: 5, status: 400, statusText: "Bad Request", upgraded: false, body: "Bad Request" });
    expect(refused).toMatchObject({ failures: ["expected the upgrade (101 Switching Protocols), got 400 Bad Request"], excerpt: "Bad Request" });
    expect(refused.hint).toContain('proxy_set_header Connection "upgrade"');
    const silent = judgeWebsocket(ws(), { id: "o", elapsedMs: 5, error: "connect ECONNREFUSED 127.0.0.1:18080" });
    expect(silent).toMatchObject({ failures: ["expected the upgrade (101 Switching Protocols), got connect ECONNREFUSED 127.0.0.1:18080"], hint: "nothing answered: is the port published and the proxy running?" });
  });

  it("fails an upgrade whose Sec-WebSocket-Accept is wrong", () => {
    expect(judgeWebsocket(ws(), upgraded({ acceptValid: false })).failures).toEqual(["the server's Sec-WebSocket-Accept does not match the key sent"]);
  });

  it("wants the echo of what it sent, or the expected text, and quotes the first reply otherwise", () => {
    expect(judgeWebsocket(ws({ send: "ping" }), upgraded({ received: ["ping"] })).failures).toEqual([]);
    expect(judgeWebsocket(ws({ send: "ping", expect: "pong" }), upgraded({ received: ["hello", "pong!"] })).failures).toEqual([]);
    expect(judgeWebsocket(ws({ send: "ping", expect: "pong" }), upgraded({ received: ["hello"] })).failures).toEqual(['expected a reply containing "pong", got "hello"']);
    const none = judgeWebsocket(ws({ send: "ping" }), upgraded({ error: "closed with 1006" }));
    expect(none).toMatchObject({ failures: ['expected a reply to "ping", closed with 1006'], hint: "the upgrade worked but no reply came: look at the backend's logs" });
  });

  it("for Socket.IO wants the Engine.IO open packet and an answered namespace connect", () => {
    const io = ws({ socketio: true, url: "ws://127.0.0.1:18080/socket.io/?EIO=4&transport=websocket" });
    expect(judgeWebsocket(io, upgraded({ received: ['0{"sid":"x"}', '40{"sid":"y"}'] })).failures).toEqual([]);
    expect(judgeWebsocket(io, upgraded({ received: [] })).failures).toEqual(["expected the Engine.IO open packet, got none"]);
    expect(judgeWebsocket(io, upgraded({ received: ['0{"sid":"x"}'] })).failures).toEqual(["expected the Socket.IO namespace connect to be answered, got no answer"]);
    expect(judgeWebsocket(io, upgraded()).target).toMatch(/^Socket\.IO /);
  });
});

describe("judgeTcp", () => {
  const tcp: TcpProbe = { name: "db-port", kind: "tcp", timeoutMs: 2_000, from: "network", host: "db", port: 5432 };

  it("passes when the connection opens, with the remote address as a fact", () => {
    expect(judgeTcp(tcp, { id: "o", elapsedMs: 2, connected: true, remote: "172.18.0.3:5432" })).toMatchObject({ target: "tcp db:5432 (from network)", failures: [], passSummary: "connected in 2 ms", facts: { latencyMs: 2, remote: "172.18.0.3:5432" } });
  });

  it("fails with the error and says where nothing listens", () => {
    expect(judgeTcp(tcp, { id: "o", elapsedMs: 2, error: "connect ECONNREFUSED" })).toMatchObject({ failures: ["could not connect: connect ECONNREFUSED"], hint: "nothing accepts connections on db:5432: is the service up and listening there?" });
  });
});
