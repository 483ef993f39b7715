import { describe, expect, it } from "vitest";
import type { ContainerDetails, VolumeDetails } from "../../engine/engine.js";
import { FakeEngine } from "../../engine/fake-engine.js";
import { composeLabel } from "../../engine/labels.js";
import { classifyFailure } from "./classify.js";
import { gatherPeers } from "./peers.js";

const labels = (service: string, extra: Record<string, string> = {}) => ({ [composeLabel.project]: "shop", [composeLabel.service]: service, ...extra });

/** A FakeEngine where the db container mounts `shop_pgdata`, created an hour before the container, and says so in its log. */
class WithVolumes extends FakeEngine {
  override async inspectContainer(id: string): Promise<ContainerDetails | undefined> {
    const details = await super.inspectContainer(id);
    if (details?.Config.Labels[composeLabel.service] !== "db") return details;
    return { ...details, Created: "2026-12-07T10:00:00Z", Mounts: [{ Type: "volume", Name: "shop_pgdata", Source: "/var/lib/docker/volumes/shop_pgdata/_data", Destination: "/var/lib/postgresql/data", RW: true }] };
  }
  override async inspectVolume(name: string): Promise<VolumeDetails | undefined> {
    const volume = await super.inspectVolume(name);
    return volume === undefined ? undefined : { ...volume, CreatedAt: "2026-12-07T09:00:00Z" };
  }
}

async function stack() {
  const engine = new WithVolumes({ images: ["shop-api", "postgres:15", "redis:7"], behave: (request) => (request.name === "shop-db-1" ? { logs: [{ stream: "stdout", text: "PostgreSQL Database directory appears to contain a database; Skipping initialization\n" }] } : {}) });
  await engine.createNetwork({ name: "shop_default", labels: {} });
  await engine.createVolume({ name: "shop_pgdata", labels: {} });
  const start = async (name: string, image: string, service: string, extra: Record<string, string> = {}, aliases: string[] = [service]) => {
    const id = await engine.createContainer({ name, Image: image, Labels: labels(service, extra) });
    await engine.connectNetwork("shop_default", id, [...aliases, id.slice(0, 12)]);
    await engine.startContainer(id);
    return id;
  };
  const api = await start("shop-api-1", "shop-api", "api");
  await start("shop-db-1", "postgres:15", "db", {}, ["db", "postgres"]);
  await start("shop-cache-1", "redis:7", "cache");
  await start("shop-api-run-1", "shop-api", "api", { [composeLabel.oneoff]: "True" });
  await engine.createContainer({ name: "other-db-1", Image: "postgres:15", Labels: { [composeLabel.project]: "other", [composeLabel.service]: "db" } });
  const self = await engine.inspectContainer(api);
  if (self === undefined) throw new Error("no api");
  return { engine, self };
}

describe("gatherPeers", () => {
  it("lists the other services of the project with their aliases and addresses, never itself, one-offs or other projects", async () => {
    const { engine, self } = await stack();
    const peers = await gatherPeers(engine, self, { datastores: false });
    expect(peers.map((p) => [p.service, p.image, p.state, p.aliases, p.addresses])).toEqual([
      ["cache", "redis:7", "running", [], ["172.18.0.2"]],
      ["db", "postgres:15", "running", ["postgres"], ["172.18.0.2"]],
    ]);
    expect(peers[1]).not.toHaveProperty("volumes");
  });

  it("adds a datastore's named volumes with their creation time, and its log tail, when asked", async () => {
    const { engine, self } = await stack();
    const db = (await gatherPeers(engine, self, { datastores: true })).find((p) => p.service === "db");
    expect(db?.volumes).toEqual([{ name: "shop_pgdata", destination: "/var/lib/postgresql/data", createdAt: "2026-12-07T09:00:00Z" }]);
    expect(db?.logTail).toContain("Skipping initialization");
  });

  it("has no peers for a container outside any compose project", async () => {
    const engine = new FakeEngine({ images: ["x:1"] });
    const id = await engine.createContainer({ name: "loose", Image: "x:1" });
    expect(await gatherPeers(engine, (await engine.inspectContainer(id)) as ContainerDetails, { datastores: true })).toEqual([]);
  });

  it("lets the diagnosis blame the old data volume when the app's password is refused", async () => {
    const { engine, self } = await stack();
    const peers = await gatherPeers(engine, self, { datastores: true });
    const logTail = 'error: password authentication failed for user "app"\n';
    const [diagnosis] = classifyFailure({ service: "api", phase: "gate", gate: { kind: "started-stable", reason: "crash-loop", detail: "restarted 3 times" }, inspect: self, logTail, peers });
    expect(diagnosis?.code).toBe("stale-credentials");
    expect(diagnosis?.message).toBe("db refuses api's password for app: its data volume shop_pgdata was initialised before (created 2026-12-07T09:00:00Z), so the password the project sets now was never applied");
  });
});
