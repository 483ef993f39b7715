import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { websocketUpgradeMissing } from "./websocket-upgrade-missing.js";

const compose = "services:\n  web:\n    image: nginx:1.22\n    volumes: ['./nginx:/etc/nginx/conf.d:ro']\n";
const server = (location: string) => `server {\n  listen 80;\n  proxy_set_header Host $host;\n${location}}\n`;

describe("websocket-upgrade-missing", () => {
  it("fires on /socket.io/ without upgrade headers (server-level headers are not enough)", () => {
    const files = { "nginx/default.conf": server("  location /socket.io/ {\n    proxy_pass http://backend:8765;\n  }\n") };
    expect(findingsOf(websocketUpgradeMissing, { compose, files })).toMatchObject([{ file: "nginx/default.conf", line: 4, message: expect.stringContaining("proxy_http_version 1.1, Upgrade header, Connection header") }]);
  });
  it("stays quiet when the location upgrades", () => {
    const location = '  location /socket.io/ {\n    proxy_pass http://backend:8765;\n    proxy_http_version 1.1;\n    proxy_set_header Upgrade $http_upgrade;\n    proxy_set_header Connection "upgrade";\n  }\n';
    expect(findingsOf(websocketUpgradeMissing, { compose, files: { "nginx/default.conf": server(location) } })).toEqual([]);
  });
});

describe("websocket-upgrade-missing: inheritance and paths", () => {
  const check = (text: string) => findingsOf(websocketUpgradeMissing, { compose, files: { "nginx/default.conf": text } });
  it("lists only what is missing", () => {
    const text = server('  location /ws {\n    proxy_pass http://backend:8765;\n    proxy_http_version 1.1;\n    proxy_set_header Upgrade $http_upgrade;\n  }\n');
    expect(check(text)).toMatchObject([{ message: "WebSocket location /ws lacks Connection header" }]);
  });
  it("accepts headers and version set at the server level when the location sets none", () => {
    const text = 'server {\n  listen 80;\n  proxy_http_version 1.1;\n  proxy_set_header Upgrade $http_upgrade;\n  proxy_set_header Connection "upgrade";\n  location /cable {\n    proxy_pass http://backend:3000;\n  }\n}\n';
    expect(check(text)).toEqual([]);
  });
  it("does not inherit server headers into a location that sets its own", () => {
    const text = 'server {\n  listen 80;\n  proxy_http_version 1.1;\n  proxy_set_header Upgrade $http_upgrade;\n  proxy_set_header Connection "upgrade";\n  location ~ ^/graphql-ws {\n    proxy_set_header Host $host;\n    proxy_pass http://api:4000;\n  }\n}\n';
    expect(check(text)).toMatchObject([{ line: 6, message: "WebSocket location ~ ^/graphql-ws lacks Upgrade header, Connection header" }]);
  });
  it("stays quiet on ordinary paths and on WebSocket paths that serve files", () => {
    expect(check(server("  location /api/ {\n    proxy_pass http://backend:8000;\n  }\n  location /websocket-docs/ {\n    root /srv;\n  }\n"))).toEqual([]);
  });
  it("ignores nginx configs of services that do not mount them", () => {
    const other = "services:\n  web:\n    image: nginx:1.22\n";
    expect(findingsOf(websocketUpgradeMissing, { compose: other, files: { "nginx/default.conf": server("  location /ws {\n    proxy_pass http://b:1;\n  }\n") } })).toEqual([]);
  });
});
