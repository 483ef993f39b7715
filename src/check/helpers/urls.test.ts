import { describe, expect, it } from "vitest";
import { fixtureContext } from "../testing/check-fixture.js";
import { allDirectives, contextName, proxyTarget, proxyTargets } from "./nginx-facts.js";
import { isLocalHost, parseUrl } from "./urls.js";

describe("parseUrl", () => {
  it("splits a connection string, decoding credentials and lower-casing scheme and host", () => {
    expect(parseUrl(" Postgres://app:p%40ss@DB:5433/shop?sslmode=disable ")).toEqual({ scheme: "postgres", user: "app", password: "p@ss", host: "db", port: 5433, path: "/shop" });
  });

  it("keeps a credential it cannot decode as written, and reads IPv6 hosts in brackets", () => {
    expect(parseUrl("redis://:100%zz@cache")).toMatchObject({ user: "", password: "100%zz", host: "cache", port: undefined, path: "" });
    expect(parseUrl("http://[::1]:8080/health")).toMatchObject({ host: "[::1]", port: 8080, path: "/health" });
  });

  it.each(["${DATABASE_URL}", "db:5432", "just text", "http://"])("is undefined for %j, which is no URL", (value) => {
    expect(parseUrl(value)).toBeUndefined();
  });

  it("knows the local host names a container cannot use for another container", () => {
    expect(["localhost", "127.0.0.1", "0.0.0.0", "[::1]", "db", "127.0.0.2"].map(isLocalHost)).toEqual([true, true, true, true, false, false]);
  });
});

describe("nginx proxy targets", () => {
  it.each([
    ["http://api:3000/", { scheme: "http", host: "api", port: 3000 }],
    ["https://backend", { scheme: "https", host: "backend", port: undefined }],
    ["api:9000", { scheme: "http", host: "api", port: 9000 }],
    ["unix:/run/app.sock", undefined],
    ["http://$upstream", undefined],
  ])("proxyTarget(%s)", (value, target) => {
    expect(proxyTarget(value)).toEqual(target);
  });

  it("resolves upstream blocks, set variables and default ports, with each directive's context", () => {
    const conf = `upstream app {\n  server api:3000;\n  server api2;\n}\nserver {\n  listen 80;\n  set $backend admin:8081;\n  location / { proxy_pass http://app; }\n  location /admin { proxy_pass http://$backend; }\n  location /s { proxy_pass https://secure; }\n}\n`;
    const context = fixtureContext({ compose: "services:\n  web:\n    image: nginx:1.22\n    volumes: [./default.conf:/etc/nginx/conf.d/default.conf:ro]\n", files: { "default.conf": conf } });
    const config = context.nginx[0]!;
    const placed = allDirectives(context.nginx);
    const passes = placed.filter((p) => p.directive.name === "proxy_pass");
    expect(passes.map((p) => proxyTargets(config, p).map((t) => `${t.host}:${t.port}@${t.at.at.line}`))).toEqual([["api:3000@2", "api2:80@3"], ["admin:8081@9"], ["secure:443@10"]]);
    expect(contextName(placed.find((p) => p.directive.name === "upstream")!)).toBe("http");
    expect(contextName(passes[0]!)).toBe("location");
  });
});
