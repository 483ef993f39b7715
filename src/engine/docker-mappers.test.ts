import type Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { filtersOf, labelFilter, toContainerSummary, toNamedResource } from "./docker-mappers.js";

describe("labelFilter", () => {
  it("writes key=value, and the bare key for 'present with any value'", () => {
    expect(labelFilter({ "com.docker.compose.project": "shop", "io.berth.managed": true })).toEqual([
      "com.docker.compose.project=shop",
      "io.berth.managed",
    ]);
    expect(labelFilter(undefined)).toEqual([]);
  });
});

describe("filtersOf", () => {
  it("keeps only filters that have values", () => {
    expect(filtersOf({ label: ["a=1"], name: [], type: undefined })).toEqual({ label: ["a=1"] });
  });
});

describe("toContainerSummary", () => {
  it("maps a recorded list row", () => {
    const raw = {
      Id: "c1",
      Names: ["/shop-web-1"],
      Image: "nginx:1.22",
      ImageID: "sha256:i1",
      Command: "/docker-entrypoint.sh nginx -g 'daemon off;'",
      Created: 1763883000,
      State: "running",
      Status: "Up 3 seconds (healthy)",
      Ports: [
        { IP: "127.0.0.1", PrivatePort: 80, PublicPort: 18000, Type: "tcp" },
        { PrivatePort: 443, Type: "tcp" },
      ],
      Labels: { "com.docker.compose.service": "web" },
      HostConfig: { NetworkMode: "shop_default" },
      NetworkSettings: { Networks: { shop_default: {} } },
      Mounts: [],
    } as unknown as Docker.ContainerInfo;
    expect(toContainerSummary(raw)).toEqual({
      id: "c1",
      name: "shop-web-1",
      image: "nginx:1.22",
      imageId: "sha256:i1",
      state: "running",
      status: "Up 3 seconds (healthy)",
      created: 1763883000,
      labels: { "com.docker.compose.service": "web" },
      ports: [
        { ip: "127.0.0.1", privatePort: 80, publicPort: 18000, type: "tcp" },
        { privatePort: 443, type: "tcp" },
      ],
      networks: ["shop_default"],
    });
  });
});

describe("toNamedResource", () => {
  it("uses the name as id for volumes, which have none, and tolerates null labels", () => {
    expect(toNamedResource({ Name: "shop_pgdata", Labels: null })).toEqual({
      name: "shop_pgdata",
      id: "shop_pgdata",
      labels: {},
    });
  });
});
