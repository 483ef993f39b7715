import { describe, expect, it } from "vitest";
import { loadInline } from "../compose/testing/inline-project.js";
import { inferProbes } from "./infer-probes.js";
import { judgeHttp } from "./judge-http.js";
import { nginxWebsocketLocations, upgradeGap } from "./nginx-locations.js";

const nginxT = `# configuration file /etc/nginx/conf.d/default.conf:
server {
  listen 80;
  location / { try_files $uri /index.html; }
  location /api/ { proxy_pass http://api:3000; }
  location /socket.io/ {
    proxy_pass http://api:3000;
    proxy_http_version 1.1;
  }
  location /live { proxy_pass http://api:3000; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection "upgrade"; }
}`;

const yaml = `
name: shop
services:
  web:
    image: nginx:1.22
    ports: ["127.0.0.1:18080:80"]
  api:
    image: node:20-bookworm-slim
    environment:
      DATABASE_URL: postgres://app:pw-from-env@db:5432/app
    healthcheck: { test: ["CMD", "node", "-e", "1"] }
    depends_on:
      migrate: { condition: service_completed_successfully }
  migrate:
    image: node:20-bookworm-slim
  worker:
    image: node:20-bookworm-slim
    environment: { PGHOST: db, PGUSER: "a b", PGPASSWORD: "p@ss", PGDATABASE: shop }
  db:
    image: postgres:15
    ports: ["127.0.0.1:15432:5432"]
  cache:
    image: redis:7
`;

describe("nginxWebsocketLocations", () => {
  it("finds locations named for websockets and those forwarding Upgrade", () => {
    expect(nginxWebsocketLocations(nginxT)).toEqual([
      { path: "/socket.io/", line: 6 },
      { path: "/live", line: 10 },
    ]);
  });
});

describe("upgradeGap", () => {
  it("names what the location serving a path lacks to forward an upgrade", () => {
    expect(upgradeGap(nginxT, "/socket.io/")).toEqual({ location: "/socket.io/", line: 6, missing: ["proxy_set_header Upgrade $http_upgrade", 'proxy_set_header Connection "upgrade"'] });
    expect(upgradeGap(nginxT, "/live")).toEqual({ location: "/live", line: 10, missing: ["proxy_http_version 1.1"] });
    expect(upgradeGap(nginxT, "/api/x")).toMatchObject({ location: "/api/" });
    expect(upgradeGap("server { location = /x { } }", "/y")).toBeUndefined();
  });
});

describe("inferProbes", () => {
  it("infers health, published ports, nginx websockets, datastore queries and app credentials, each saying from what", () => {
    const probes = inferProbes(loadInline(yaml), { nginxConfigs: { web: nginxT } });
    expect(probes.map((p) => `${p.kind} ${p.name} <- ${p.inferredFrom}`)).toEqual([
      "health web-health <- services.web (no healthcheck: must be running)",
      "health api-health <- services.api.healthcheck",
      "health worker-health <- services.worker (no healthcheck: must be running)",
      "health db-health <- services.db (no healthcheck: must be running)",
      "health cache-health <- services.cache (no healthcheck: must be running)",
      "http web-http-18080 <- services.web.ports (18080:80)",
      "tcp db-port-15432 <- services.db.ports (15432:5432)",
      "websocket web-websocket-socket-io <- nginx location /socket.io/ of web (nginx -T line 6)",
      "websocket web-websocket-live <- nginx location /live of web (nginx -T line 10)",
      "postgres db-query <- services.db.image postgres:15",
      "persistence db-storage <- services.db.image postgres:15",
      "redis cache-ping <- services.cache.image redis:7",
      "persistence cache-storage <- services.cache.image redis:7",
      "postgres api-database_url <- services.api.environment.DATABASE_URL",
      "postgres worker-pgcredentials <- services.worker.environment.PG{HOST,USER,PASSWORD}",
    ]);
    expect(probes.find((p) => p.name === "worker-pgcredentials")).toMatchObject({ service: "db", url: "postgres://a%20b:p%40ss@db:5432/shop" });
    expect(probes.find((p) => p.name === "web-websocket-socket-io")).toMatchObject({ url: "ws://127.0.0.1:18080/socket.io/", socketio: true });
    expect(probes.find((p) => p.name === "api-database_url")).toMatchObject({ service: "db", url: "postgres://app:pw-from-env@db:5432/app" });
    expect(probes.find((p) => p.name === "web-http-18080")).toMatchObject({ expect: { statusBelow: 500 } });
  });
});

describe("inferred HTTP probes", () => {
  it("skip debugger ports: the inspector is not the app", () => {
    const project = loadInline(`
name: dev
services:
  api:
    image: node:20-bookworm-slim
    ports: ["127.0.0.1:13000:3000", "127.0.0.1:19229:9229"]
  py:
    image: python:3.11-slim-bookworm
    ports: ["127.0.0.1:15678:5678"]
`);
    expect(inferProbes(project).filter((p) => p.kind === "http").map((p) => p.name)).toEqual(["api-http-13000"]);
  });

  it("say a 4xx is reachable, not working, and a declared status list is judged as declared", () => {
    const [probe] = inferProbes(loadInline(`
name: dev
services:
  api:
    image: node:20-bookworm-slim
    ports: ["127.0.0.1:13000:3000"]
`)).filter((p) => p.kind === "http");
    if (probe?.kind !== "http") throw new Error("no http probe inferred");
    const seen = { id: "1", elapsedMs: 12, status: 404, statusText: "Not Found", headers: {}, body: "" };
    expect(judgeHttp(probe, seen)).toMatchObject({ failures: [], passSummary: "404 Not Found in 12 ms (reachable: it answers, but not with a success)" });
    expect(judgeHttp(probe, { ...seen, status: 200, statusText: "OK" }).passSummary).toBe("200 OK in 12 ms");
    expect(judgeHttp({ ...probe, expect: { ...probe.expect, status: [404] } }, seen).passSummary).toBe("404 Not Found in 12 ms");
  });
});
