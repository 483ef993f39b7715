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
