import { describe, expect, it } from "vitest";
import { judgeHttp, valueAtPath } from "./judge-http.js";
import type { Observation } from "./observe.js";
import type { HttpExpectation, HttpProbe } from "./probe.js";

const probe = (expect: Partial<HttpExpectation> = {}, over: Partial<HttpProbe> = {}): HttpProbe => ({
  name: "api-health",
  kind: "http",
  timeoutMs: 10_000,
  from: "host",
  method: "GET",
  url: "http://127.0.0.1:18080/health",
  headers: {},
  expect: { status: [], headers: {}, json: {}, bodyContains: [], ...expect },
  ...over,
});

const seen = (over: Partial<Observation> = {}): Observation => ({ id: "o1", elapsedMs: 12, status: 200, statusText: "OK", headers: { "content-type": "application/json", server: "nginx" }, body: '{"status":"ok","db":{"up":true},"items":[{"id":7}]}', ...over });

describe("judgeHttp", () => {
  it("passes a 2xx by default, summing up status and latency, with content type and server as facts", () => {
    expect(judgeHttp(probe(), seen())).toMatchObject({
      target: "GET http://127.0.0.1:18080/health (from host)",
      failures: [],
      passSummary: "200 OK in 12 ms",
      facts: { status: 200, latencyMs: 12, "content-type": "application/json", server: "nginx" },
    });
  });

  it("fails a 4xx by default, and accepts exactly the listed statuses when some are", () => {
    expect(judgeHttp(probe(), seen({ status: 401, statusText: "Unauthorized" })).failures).toEqual(["expected status below 400, got 401 Unauthorized"]);
    expect(judgeHttp(probe({ status: [401, 403] }), seen({ status: 401, statusText: "Unauthorized" })).failures).toEqual([]);
    expect(judgeHttp(probe({ status: [204] }), seen()).failures).toEqual(["expected status 204, got 200 OK"]);
  });

  it.each([
    [502, "the proxy answered but its upstream did not"],
    [504, "the proxy answered but its upstream did not"],
    [500, "the service failed while answering"],
    [404, "the path is not served"],
  ])("hints at what a %i means", (status, hint) => {
    const verdict = judgeHttp(probe(), seen({ status, statusText: "" }));
    expect(verdict.failures).toEqual([`expected status below 400, got ${status}`]);
    expect(verdict.hint).toContain(hint);
  });

  it("checks headers by substring, joining repeated ones, and says when one is missing", () => {
    const headers = { "cache-control": ["no-store", "private"] };
    expect(judgeHttp(probe({ headers: { "cache-control": "private" } }), seen({ headers })).failures).toEqual([]);
    expect(judgeHttp(probe({ headers: { "content-type": "text/html" } }), seen()).failures).toEqual(['expected header content-type to contain "text/html", got "application/json"']);
    expect(judgeHttp(probe({ headers: { "x-request-id": "" } }), seen()).failures).toEqual(["expected header x-request-id, but the response has none"]);
  });

  it("checks the body's texts and JSON paths, naming each that differs", () => {
    expect(judgeHttp(probe({ bodyContains: ["ok"], json: { status: "ok", "db.up": true, "items.0.id": 7 } }), seen()).failures).toEqual([]);
    expect(judgeHttp(probe({ bodyContains: ["ready"], json: { "db.up": false, "cache.up": true } }), seen()).failures).toEqual([
      'expected the body to contain "ready"',
      "expected JSON db.up = false, got true",
      "expected JSON cache.up = true, got nothing",
    ]);
  });

  it("says when a JSON expectation meets a body that is not JSON", () => {
    expect(judgeHttp(probe({ json: { status: "ok" } }), seen({ body: "<html>Bad gateway</html>" })).failures).toEqual(['expected a JSON body, got "<html>Bad gateway</html>"']);
  });

  it("fails an answer slower than the bound", () => {
    expect(judgeHttp(probe({ maxLatencyMs: 10 }), seen()).failures).toEqual(["expected an answer within 10 ms, took 12 ms"]);
    expect(judgeHttp(probe({ maxLatencyMs: 12 }), seen()).failures).toEqual([]);
  });

  it("explains no answer at all, from the host and from inside the network", () => {
    const refused: Observation = { id: "o1", elapsedMs: 12, error: "connect ECONNREFUSED 127.0.0.1:18080" };
    expect(judgeHttp(probe(), refused)).toMatchObject({ failures: ["no HTTP answer: connect ECONNREFUSED 127.0.0.1:18080"], hint: "nothing answered on 127.0.0.1:18080: is the port published on 127.0.0.1 and the service running?" });
    const inside = judgeHttp(probe({}, { from: "network", url: "http://api:3000/health" }), { id: "o2", elapsedMs: 3 });
    expect(inside).toMatchObject({ failures: ["no HTTP answer: unknown error"], hint: "nothing answered at api:3000 inside the project network: is the service running and listening on that port?" });
  });
});

describe("valueAtPath", () => {
  it("walks objects and arrays by dotted steps, and is undefined past a missing or scalar step", () => {
    const document = { data: { items: [{ id: 1 }, { id: 2 }] }, n: 3 };
    expect(valueAtPath(document, "data.items.1.id")).toBe(2);
    expect(valueAtPath(document, "data.items")).toEqual([{ id: 1 }, { id: 2 }]);
    expect(valueAtPath(document, "data.missing.id")).toBeUndefined();
    expect(valueAtPath(document, "n.value")).toBeUndefined();
    expect(valueAtPath(null, "a")).toBeUndefined();
  });
});
