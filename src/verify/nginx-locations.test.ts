import { describe, expect, it } from "vitest";
import { nginxWebsocketLocations, upgradeGap } from "./nginx-locations.js";

// The shape `nginx -T` prints: the main file, then each included file after a comment line.
const dump = [
  "# configuration file /etc/nginx/nginx.conf:",
  "events {}",
  "http {",
  "  server {",
  "    listen 80;",
  "    location / { proxy_pass http://web:3000; }",
  "    location /api/ { proxy_pass http://api:8000; }",
  "    location /socket.io/ { proxy_pass http://api:8000; }",
  "    location /live {",
  "      proxy_pass http://api:8000;",
  "      proxy_http_version 1.1;",
  "      proxy_set_header Upgrade $http_upgrade;",
  '      proxy_set_header Connection "upgrade";',
  "    }",
  "    location ~ ^/ws$ { proxy_pass http://api:8000; }",
  "    location /ws/ { proxy_pass http://api:8000; }",
  "  }",
  "}",
  "",
].join("\n");

describe("nginxWebsocketLocations", () => {
  it("finds locations named for websockets and those that forward Upgrade, with their line", () => {
    expect(nginxWebsocketLocations(dump)).toEqual([
      { path: "/socket.io/", line: 8 },
      { path: "/live", line: 9 },
      { path: "/ws/", line: 16 },
    ]);
  });
  it("reports a path once even when two servers declare it", () => {
    const twice = "server { location /ws { proxy_pass http://a:1; } }\nserver { location /ws { proxy_pass http://b:1; } }\n";
    expect(nginxWebsocketLocations(twice)).toEqual([{ path: "/ws", line: 1 }]);
  });
  it("finds nothing in a config without websocket locations, or in a broken one", () => {
    expect(nginxWebsocketLocations("server { location /api/ { proxy_pass http://api:8000; } }")).toEqual([]);
    expect(nginxWebsocketLocations("server { location /wsx {")).toEqual([]);
  });
});

describe("upgradeGap", () => {
  it("names what the longest matching prefix location lacks", () => {
    expect(upgradeGap(dump, "/socket.io/?EIO=4&transport=websocket")).toEqual({
      location: "/socket.io/",
      line: 8,
      missing: ["proxy_http_version 1.1", "proxy_set_header Upgrade $http_upgrade", 'proxy_set_header Connection "upgrade"'],
    });
  });
  it("has nothing missing for a location that upgrades", () => {
    expect(upgradeGap(dump, "/live/feed")).toEqual({ location: "/live", line: 9, missing: [] });
  });
  it("skips regex locations and falls back to the catch-all prefix", () => {
    expect(upgradeGap(dump, "/ws")).toMatchObject({ location: "/", line: 6 });
  });
  it("is undefined when no prefix location matches", () => {
    expect(upgradeGap("server { location /api/ { proxy_pass http://api:8000; } }", "/socket.io/")).toBeUndefined();
  });
  it("reads header names case-insensitively", () => {
    const config = "server { location /ws { proxy_http_version 1.1; proxy_set_header upgrade $http_upgrade; proxy_set_header CONNECTION upgrade; } }";
    expect(upgradeGap(config, "/ws")?.missing).toEqual([]);
  });
});
