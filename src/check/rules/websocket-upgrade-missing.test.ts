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
