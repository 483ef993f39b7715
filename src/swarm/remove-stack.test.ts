import { describe, expect, it } from "vitest";
import { loadInline } from "../compose/testing/inline-project.js";
import { deployStack } from "./deploy-stack.js";
import { FakeSwarmPort } from "./fake-swarm-port.js";
import { removeStack } from "./remove-stack.js";

const yaml = `services:
  app:
    image: app:1
    secrets: [pw]
    configs: [site]
    deploy: { replicas: 2 }
  db:
    image: redis:7
    volumes: [data:/data]
secrets:
  pw: { file: ./pw.txt }
configs:
  site: { file: ./site.conf }
volumes:
  data: {}
`;

async function deployed(port: FakeSwarmPort, stack = "shop") {
  let now = 0;
  const project = loadInline(yaml, { projectName: stack, extraFiles: { "pw.txt": "pw", "site.conf": "conf" } });
  await deployStack({ port, project, read: () => Buffer.from("x"), timing: { timeoutMs: 60_000, pollMs: 1000, pendingGraceMs: 5000, stableMs: 3000, now: () => now, sleep: async (ms) => void (now += ms), signal: new AbortController().signal } });
  port.calls.length = 0;
}

const options = { volumes: false, sleep: async () => undefined, networkRetries: 3 };

describe("removeStack", () => {
  it("removes the stack's services first, then its networks, secrets and configs, and nothing of another stack", async () => {
    const port = new FakeSwarmPort();
    await deployed(port, "shop");
    await deployed(port, "other");
    const removal = await removeStack(port, "shop", options);
    expect(removal).toMatchObject({ services: ["shop_app", "shop_db"], networks: ["shop_default"], volumes: [], volumesElsewhere: [], leftNetworks: [] });
    expect(removal.secrets).toHaveLength(1);
    expect(removal.configs).toHaveLength(1);
    expect(port.calls.slice(0, 2)).toEqual(["remove service shop_app", "remove service shop_db"]);
    expect(port.calls.every((call) => !call.includes("other_"))).toBe(true);
    expect((await port.services("other")).map((service) => service.Spec.Name)).toEqual(["other_app", "other_db"]);
  });

  it("retries a network whose tasks are still detaching, and says which it could not remove", async () => {
    const port = new FakeSwarmPort();
    await deployed(port);
    let refusals = 2;
    const remove = port.removeNetwork.bind(port);
    port.removeNetwork = async (id: string) => {
      if (refusals-- > 0) throw new Error("network is in use");
      return remove(id);
    };
    expect((await removeStack(port, "shop", options)).networks).toEqual(["shop_default"]);

    // Removed, but still listed for a moment: down waits until it is gone (bounded).
    const lingering = new FakeSwarmPort();
    await deployed(lingering);
    const list = lingering.networks.bind(lingering);
    let lists = 0;
    lingering.removeNetwork = async () => undefined;
    lingering.networks = async (stack: string) => (++lists <= 3 ? list(stack) : []);
    let slept = 0;
    await removeStack(lingering, "shop", { ...options, sleep: async () => void (slept += 1) });
    expect(lists).toBe(4);
    expect(slept).toBe(2);

    const stuck = new FakeSwarmPort();
    await deployed(stuck);
    stuck.removeNetwork = async () => {
      throw new Error("network is in use");
    };
    const removal = await removeStack(stuck, "shop", options);
    expect(removal.leftNetworks).toEqual(["shop_default"]);
    expect(removal.networks).toEqual([]);
  });

  it("with volumes: removes a volume on the manager's node and names the other nodes that hold one", async () => {
    const port = new FakeSwarmPort({ shop_db: () => [{ ID: "d1", NodeID: "n1", DesiredState: "running", Status: { State: "running" } }, { ID: "d0", NodeID: "n3", DesiredState: "shutdown", Status: { State: "failed" } }] });
    await deployed(port);
    port.localVolumes.add("shop_data");
    const removal = await removeStack(port, "shop", { ...options, volumes: true });
    expect(removal.volumes).toEqual(["shop_data"]);
    expect(removal.volumesElsewhere).toEqual([{ name: "shop_data", nodes: ["node-3"] }]);
    expect(port.calls.indexOf("remove volume shop_data")).toBeGreaterThan(port.calls.indexOf("remove service shop_db"));
  });

  it("without volumes leaves them alone, and on an empty stack removes nothing", async () => {
    const port = new FakeSwarmPort();
    await deployed(port);
    port.localVolumes.add("shop_data");
    await removeStack(port, "shop", options);
    expect(port.localVolumes.has("shop_data")).toBe(true);
    expect(await removeStack(new FakeSwarmPort(), "shop", { ...options, volumes: true })).toEqual({ services: [], networks: [], secrets: [], configs: [], volumes: [], volumesElsewhere: [], leftNetworks: [] });
  });
});
