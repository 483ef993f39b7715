import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { dangerousHostAccess } from "./dangerous-host-access.js";

describe("dangerous-host-access", () => {
  it("fires on the docker socket and privileged", () => {
    const compose = "services:\n  agent:\n    image: portainer/portainer-ce:2.19.4\n    privileged: true\n    volumes: ['/var/run/docker.sock:/var/run/docker.sock']\n";
    expect(findingsOf(dangerousHostAccess, { compose }).map((finding) => finding.line)).toEqual([4, 5]);
  });
  it("stays quiet on ordinary mounts", () => {
    const compose = "services:\n  web:\n    image: nginx:1.22\n    volumes: ['./html:/usr/share/nginx/html:ro']\n";
    expect(findingsOf(dangerousHostAccess, { compose })).toEqual([]);
  });
});

describe("dangerous-host-access: each kind of access", () => {
  it("names the service and what it gets, at the key's line", () => {
    const compose = "services:\n  tool:\n    image: alpine:3.19\n    network_mode: host\n    pid: host\n    volumes:\n      - /etc:/host/etc:ro\n      - /:/rootfs:ro\n      - /proc:/host/proc\n";
    expect(findingsOf(dangerousHostAccess, { compose }).map((finding) => `${finding.line} ${finding.message}`)).toEqual([
      '4 "tool" uses the host network',
      '5 "tool" shares the host PID namespace',
      '7 "tool" mounts the host path /etc',
      '8 "tool" mounts the host path /',
      '9 "tool" mounts the host path /proc',
    ]);
  });
  it("catches the socket under /run and in long syntax", () => {
    const compose = "services:\n  proxy:\n    image: traefik:v3.0\n    volumes:\n      - type: bind\n        source: /run/docker.sock\n        target: /var/run/docker.sock\n";
    expect(findingsOf(dangerousHostAccess, { compose })).toMatchObject([{ line: 5, message: '"proxy" mounts the host path /run/docker.sock' }]);
  });
  it("stays quiet on subfolders of sensitive paths, named volumes and privileged: false", () => {
    const compose = "services:\n  app:\n    image: alpine:3.19\n    privileged: false\n    network_mode: bridge\n    volumes:\n      - /etc/localtime:/etc/localtime:ro\n      - /srv/data:/data\n      - data:/var/lib/data\nvolumes:\n  data: {}\n";
    expect(findingsOf(dangerousHostAccess, { compose })).toEqual([]);
  });
  it("can be silenced with a justified berth-ignore comment", () => {
    const compose = "services:\n  agent:\n    image: portainer/portainer-ce:2.19.4\n    volumes:\n      # berth-ignore dangerous-host-access the agent manages the local engine\n      - /var/run/docker.sock:/var/run/docker.sock\n";
    expect(findingsOf(dangerousHostAccess, { compose })).toEqual([]);
  });
});
