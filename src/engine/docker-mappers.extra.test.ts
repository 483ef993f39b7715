import type Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { eventQuery, logQuery, networkBody, toContainerDetails, toContainerSummary, toImageSummary } from "./docker-mappers.js";

describe("toContainerSummary", () => {
  it("maps a row without networks, ports or name as empty, never failing on a created container", () => {
    const row = { Id: "c1", Names: [], Image: "app", ImageID: "sha256:a", State: "created", Status: "Created", Created: 1, Labels: { a: "1" }, Ports: [], Command: "", Mounts: [], HostConfig: { NetworkMode: "none" } } as unknown as Docker.ContainerInfo;
    expect(toContainerSummary(row)).toEqual({ id: "c1", name: "", image: "app", imageId: "sha256:a", state: "created", status: "Created", created: 1, labels: { a: "1" }, ports: [], networks: [] });
  });

  it("uses the first name only, without its slash", () => {
    const row = { Id: "c2", Names: ["/shop-web-1", "/shop-api-1/web"], Ports: [], Labels: {} } as unknown as Docker.ContainerInfo;
    expect(toContainerSummary(row).name).toBe("shop-web-1");
  });
});

describe("toContainerDetails", () => {
  it("drops the leading slash of the name and gives Mounts a list when the engine sent none", () => {
    const raw = { Id: "c1", Name: "/shop-db-1", Mounts: null, State: { Running: true } } as unknown as Docker.ContainerInspectInfo;
    expect(toContainerDetails(raw)).toMatchObject({ Id: "c1", Name: "shop-db-1", Mounts: [], State: { Running: true } });
  });

  it("keeps the mounts the engine sent, and a name without slash as it is", () => {
    const mounts = [{ Type: "volume", Name: "shop_data", Destination: "/data" }];
    const raw = { Id: "c1", Name: "odd", Mounts: mounts } as unknown as Docker.ContainerInspectInfo;
    expect(toContainerDetails(raw)).toMatchObject({ Name: "odd", Mounts: mounts });
  });
});

describe("toImageSummary", () => {
  it("maps an image row; an untagged image (RepoTags null) has no tags, null labels none", () => {
    const raw = { Id: "sha256:abc", RepoTags: null, Labels: null, Size: 1234, Created: 1700000000, ParentId: "", RepoDigests: [], SharedSize: 0, VirtualSize: 1234, Containers: 0 } as unknown as Docker.ImageInfo;
    expect(toImageSummary(raw)).toEqual({ id: "sha256:abc", tags: [], labels: {}, size: 1234, created: 1700000000 });
    expect(toImageSummary({ ...raw, RepoTags: ["shop-api:2"], Labels: { "io.berth.build-digest": "d" } }).tags).toEqual(["shop-api:2"]);
  });
});

describe("logQuery", () => {
  it("always asks for both streams, and passes only the options that are set", () => {
    expect(logQuery({})).toEqual({ stdout: true, stderr: true });
    expect(logQuery({ tail: 0, since: 1700000000, timestamps: false })).toEqual({ stdout: true, stderr: true, tail: 0, since: 1700000000, timestamps: false });
  });
});

describe("networkBody", () => {
  it("fills the engine's defaults: a bridge, not internal, not attachable, no IPv6, checked for duplicates", () => {
    expect(networkBody({ name: "shop_default" })).toEqual({ Name: "shop_default", Driver: "bridge", Internal: false, Attachable: false, EnableIPv6: false, Labels: {}, Options: {}, CheckDuplicate: true });
  });

  it("passes what the project declares, IPAM included", () => {
    const body = networkBody({
      name: "shop_back",
      driver: "macvlan",
      internal: true,
      attachable: true,
      enableIPv6: true,
      labels: { "com.docker.compose.network": "back" },
      driverOptions: { parent: "eth0" },
      ipam: { config: [{ subnet: "172.28.0.0/16", gateway: "172.28.0.1", ipRange: "172.28.5.0/24" }, { subnet: "fd00::/64" }] },
    });
    expect(body).toMatchObject({ Driver: "macvlan", Internal: true, Attachable: true, EnableIPv6: true, Labels: { "com.docker.compose.network": "back" }, Options: { parent: "eth0" } });
    expect(body["IPAM"]).toEqual({
      Driver: "default",
      Config: [
        { Subnet: "172.28.0.0/16", Gateway: "172.28.0.1", IPRange: "172.28.5.0/24" },
        { Subnet: "fd00::/64", Gateway: undefined, IPRange: undefined },
      ],
    });
  });
});

describe("eventQuery", () => {
  it("filters by type, label, container and action, leaving out what is not asked", () => {
    expect(eventQuery({ types: ["container"], labels: { "com.docker.compose.project": "shop", "io.berth.managed": true }, containers: ["c1"], actions: ["die", "health_status"] })).toEqual({
      filters: { type: ["container"], label: ["com.docker.compose.project=shop", "io.berth.managed"], container: ["c1"], event: ["die", "health_status"] },
    });
    expect(eventQuery({})).toEqual({ filters: {} });
  });

  it("replays from a start time when one is given, 0 included", () => {
    expect(eventQuery({ types: ["container"], since: 0 })).toEqual({ filters: { type: ["container"] }, since: 0 });
  });
});
