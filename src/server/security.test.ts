import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { hostGuard, isCrossSite, sameOriginGuard, tokenGuard } from "./security.js";

const TOKEN = "s3rve-token-abcdef";

function guarded(allowedHosts?: readonly string[]): Hono {
  const app = new Hono();
  app.use("*", hostGuard(allowedHosts), sameOriginGuard(), tokenGuard(TOKEN));
  app.all("/thing", (c) => c.text(`did ${c.req.method}`));
  return app;
}

describe("isCrossSite", () => {
  it.each([
    ["no Origin and no Sec-Fetch-Site (curl)", undefined, undefined, false],
    ["the page's own origin", "http://127.0.0.1:7010", "same-origin", false],
    ["typed in the address bar", undefined, "none", false],
    ["another port of the same host", "http://127.0.0.1:8080", undefined, true],
    ["another scheme", "https://127.0.0.1:7010", undefined, true],
    ["a sibling subdomain", undefined, "same-site", true],
    ["another site that sends no Origin", undefined, "cross-site", true],
    ["a null origin (sandboxed frame, file://)", "null", undefined, true],
  ])("%s", (_, origin, fetchSite, expected) => {
    expect(isCrossSite("http://127.0.0.1:7010/api/projects/p/actions/verify", origin, fetchSite)).toBe(expected);
  });
});

describe("tokenGuard", () => {
  const post = (headers: Record<string, string>) => guarded().request("/thing", { method: "POST", headers });

  it.each([
    ["Bearer, any case of the scheme", { Authorization: `bearer ${TOKEN}` }, 200],
    ["Bearer with several spaces", { Authorization: `Bearer    ${TOKEN}` }, 200],
    ["X-Berth-Token", { "X-Berth-Token": TOKEN }, 200],
    ["a token one character short", { "X-Berth-Token": TOKEN.slice(0, -1) }, 401],
    ["a token with a character more", { "X-Berth-Token": `${TOKEN}x` }, 401],
    ["Basic authorization", { Authorization: `Basic ${TOKEN}` }, 401],
    ["Bearer with trailing words", { Authorization: `Bearer ${TOKEN} extra` }, 401],
    ["an empty X-Berth-Token", { "X-Berth-Token": "" }, 401],
  ])("%s", async (_, headers, status) => {
    expect((await post(headers)).status).toBe(status);
  });

  it("prefers a well-formed Bearer over X-Berth-Token, so a right header does not rescue a wrong bearer", async () => {
    expect((await post({ Authorization: "Bearer wrong-token-000000", "X-Berth-Token": TOKEN })).status).toBe(401);
    expect((await post({ Authorization: "Negotiate x", "X-Berth-Token": TOKEN })).status).toBe(200);
  });

  it("tells a refused client where the token comes from, and lets reads through without one", async () => {
    const refused = await guarded().request("/thing", { method: "DELETE" });
    expect(await refused.json()).toEqual({ error: expect.stringContaining("BERTH_SERVE_TOKEN") });
    for (const method of ["GET", "HEAD", "OPTIONS"]) expect((await guarded().request("/thing", { method })).status).toBe(200);
  });
});

describe("hostGuard and sameOriginGuard together", () => {
  it("answers any Host when none is configured, and only the listed ones otherwise (421)", async () => {
    expect((await guarded().request("http://anything.example/thing")).status).toBe(200);
    const app = guarded(["127.0.0.1:7010"]);
    expect((await app.request("http://127.0.0.1:7010/thing")).status).toBe(200);
    expect((await app.request("http://127.0.0.1:7011/thing")).status).toBe(421);
    expect((await app.request("http://localhost:7010/thing")).status).toBe(421);
  });

  it("checks the Host before the origin and the origin before the token", async () => {
    const app = guarded(["127.0.0.1:7010"]);
    const crossWrongHost = await app.request("http://evil.example/thing", { method: "POST", headers: { Origin: "http://evil.example" } });
    expect([crossWrongHost.status, await crossWrongHost.json()]).toEqual([421, { error: "host not allowed" }]);
    const crossNoToken = await app.request("http://127.0.0.1:7010/thing", { method: "POST", headers: { Origin: "http://evil.example" } });
    expect([crossNoToken.status, await crossNoToken.json()]).toEqual([403, { error: "cross-site request refused" }]);
  });

  it("lets a cross-site GET through (reads are not guarded by origin; the browser keeps the answer from the other site)", async () => {
    expect((await guarded().request("/thing", { headers: { Origin: "http://evil.example", "Sec-Fetch-Site": "cross-site" } })).status).toBe(200);
  });
});
