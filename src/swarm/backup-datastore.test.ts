import { describe, expect, it } from "vitest";
import { FakeBackupPort } from "./backup-fake-port.js";
import { datastoreLocator, findSwarmDatastore } from "./backup-datastore.js";

const pinned = { stack: "shop", service: "db", constraints: ["node.labels.berth.node == 3"], nodeId: "n3" };

describe("findSwarmDatastore", () => {
  it("finds the service's running task, its node, image, environment, network and pinning", async () => {
    const found = await findSwarmDatastore(new FakeBackupPort(() => ({}), pinned), "shop", "db");
    expect(found).toEqual({
      service: "db",
      serviceId: "svc-db",
      fullName: "shop_db",
      image: "postgres:15",
      env: { POSTGRES_USER: "notes", POSTGRES_DB: "notes", POSTGRES_PASSWORD: "s3cret" },
      command: [],
      nodeId: "n3",
      nodeName: "node-3",
      networkId: "net-data",
      pinning: { pinned: true, eligible: ["node-3"] },
    });
  });

  it("says a service is not pinned when its constraints allow several nodes", async () => {
    const found = await findSwarmDatastore(new FakeBackupPort(() => ({}), { ...pinned, constraints: ["node.labels.berth.node != 3"], nodeId: "n1" }), "shop", "db");
    expect(found.pinning).toMatchObject({ pinned: false, eligible: ["node-1", "node-2"] });
    expect(found.nodeName).toBe("node-1");
  });

  it("refuses a service the stack does not have, and one with no running task, with what to do", async () => {
    await expect(findSwarmDatastore(new FakeBackupPort(() => ({}), pinned), "shop", "cache")).rejects.toThrow("stack shop has no service cache on this Swarm");
    await expect(findSwarmDatastore(new FakeBackupPort(() => ({}), { ...pinned, running: false }), "shop", "db")).rejects.toThrow("service db has no running task: its task is pending");
  });
});

describe("datastoreLocator", () => {
  it("runs a job on the task's node, on its network only when asked", async () => {
    const port = new FakeBackupPort((spec) => ({ stdout: `${spec.TaskTemplate.Placement?.Constraints?.join(",") ?? ""} ${spec.TaskTemplate.Networks?.map((n) => n.Target).join(",") ?? "no network"}\n` }), pinned);
    const datastore = await datastoreLocator(port, "shop", { timeoutMs: 60_000 })("db");
    expect((await datastore.run({ role: "backup", script: "true", env: {}, network: true })).stdout).toBe("node.id == n3 net-data\n");
    expect((await datastore.run({ role: "drill", script: "true", env: {}, network: false, input: Buffer.from("x") })).stdout).toBe("node.id == n3 no network\n");
    expect(port.jobs.size).toBe(0);
    expect(port.secrets.size).toBe(0);
  });
});
