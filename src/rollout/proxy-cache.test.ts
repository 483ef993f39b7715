import { describe, expect, it } from "vitest";
import { nginxCacheOf, validSeconds } from "./proxy-cache.js";

/** A server block as `nginx -T` prints it, around the given lines. */
const dump = (...lines: string[]) => `# configuration file /etc/nginx/conf.d/default.conf:\nserver {\n  listen 8080;\n${lines.map((l) => `  ${l}`).join("\n")}\n}\n`;

describe("nginxCacheOf", () => {
  it("reads the resolver's valid= for a name proxied through a variable: nginx keeps it a second longer", () => {
    const config = dump("resolver 127.0.0.11 valid=5s ipv6=off;", "set $backend backend:3000;", "location /api/ { proxy_pass http://$backend; }");
    expect(nginxCacheOf(config, ["backend"])).toEqual({ kind: "cached", ms: 6250, why: "nginx re-resolves backend within 6 s (resolver valid=5s)", validSeconds: 5 });
    expect(nginxCacheOf(config.replace("valid=5s", "valid=1s"), ["backend"])).toMatchObject({ kind: "cached", ms: 2250 });
  });

  it("takes the longest valid= when there are several resolvers", () => {
    const config = dump("resolver 127.0.0.11 valid=2s;", "set $api http://backend:3000;", "location / { resolver 127.0.0.11 valid=10s; proxy_pass $api; }");
    expect(nginxCacheOf(config, ["backend"])).toMatchObject({ kind: "cached", ms: 11250 });
  });

  it("an upstream server with resolve follows the resolver too", () => {
    const config = `resolver 127.0.0.11 valid=3s;\nupstream api { zone api 64k; server backend:3000 resolve; }\nserver { location / { proxy_pass http://api; } }\n`;
    expect(nginxCacheOf(config, ["backend"])).toMatchObject({ kind: "cached", ms: 4250 });
  });

  it("is unknown for a literal proxy_pass, resolved once at start, naming the line", () => {
    const config = dump("resolver 127.0.0.11 valid=5s;", "location /api/ { proxy_pass http://backend:3000; }");
    expect(nginxCacheOf(config, ["backend"])).toEqual({ kind: "unknown", why: "nginx resolves backend once (proxy_pass at line 5)" });
  });

  it("is unknown for an upstream server without resolve, even when proxy_pass names the upstream", () => {
    const config = `upstream backend { server backend:3000; }\nserver { resolver 127.0.0.11 valid=1s; location / { proxy_pass http://backend; } }\n`;
    expect(nginxCacheOf(config, ["backend"])).toMatchObject({ kind: "unknown", why: "nginx resolves backend once (server at line 1)" });
  });

  it("is unknown when the resolver has no valid= (Docker's 600 s TTL) or there is no resolver", () => {
    const variable = ["set $backend backend:3000;", "location / { proxy_pass http://$backend; }"];
    expect(nginxCacheOf(dump("resolver 127.0.0.11;", ...variable), ["backend"]).kind).toBe("unknown");
    expect(nginxCacheOf(dump(...variable), ["backend"])).toEqual({ kind: "unknown", why: "nginx has no resolver" });
  });

  it("is unknown when nothing in the config names the service (it reaches it some other way)", () => {
    const config = dump("resolver 127.0.0.11 valid=1s;", "set $backend backend-v2:3000;", "location / { proxy_pass http://$backend; }");
    expect(nginxCacheOf(config, ["backend"])).toEqual({ kind: "unknown", why: "no nginx directive names backend" });
  });

  it("matches the host exactly: scheme, credentials, port and path around it", () => {
    const config = (value: string) => dump("resolver 127.0.0.11 valid=1s;", `set $u ${value};`, "location / { proxy_pass $u; }");
    for (const value of ["backend", "backend:3000", "http://backend:3000/api", "http://user@backend/"]) expect(nginxCacheOf(config(value), ["backend"]).kind).toBe("cached");
    for (const value of ["backend2:3000", "http://my-backend", "http://backend.example.com"]) expect(nginxCacheOf(config(value), ["backend"]).kind).toBe("unknown");
  });
});

describe("validSeconds", () => {
  it("reads nginx times, a bare number being seconds", () => {
    expect(validSeconds(["127.0.0.11", "valid=5s"])).toBe(5);
    expect(validSeconds(["valid=30"])).toBe(30);
    expect(validSeconds(["valid=1m30s"])).toBe(90);
    expect(validSeconds(["valid=1h"])).toBe(3600);
  });

  it("is undefined when absent or unreadable", () => {
    expect(validSeconds(["127.0.0.11"])).toBeUndefined();
    expect(validSeconds(["valid=soon"])).toBeUndefined();
    expect(validSeconds(["valid="])).toBeUndefined();
  });
});
