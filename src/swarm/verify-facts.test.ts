import { describe, expect, it } from "vitest";
import { eligibleNodes, stackFacts } from "./verify-facts.js";
import { liveService, nodes, task } from "./verify-testing.js";

describe("stackFacts", () => {
  const services = [
    liveService("s-pg", "shop_postgres", { image: "postgres:15@sha256:abc123", env: ["POSTGRES_USER=notes", "POSTGRES_PASSWORD=s3cret=x", "EMPTY"], mounts: [{ Type: "volume", Source: "shop_pgdata", Target: "/var/lib/postgresql/data" }], Networks: [{ Target: "net-data", Aliases: ["postgres"] }], Placement: { Constraints: ["node.labels.berth.node == 3"] } }),
    liveService("s-web", "shop_web", { image: "nginx:1.22", Networks: [{ Target: "net-web", Aliases: ["web"] }] }, [{ PublishedPort: 18080, PublishMode: "host" }]),
  ];
  const tasks = [task("t1", "s-pg", "n3"), task("t0", "s-pg", "n3", "shutdown", "shutdown"), task("t2", "s-web", "n1"), task("t3", "s-web", "n2", "starting")];
  const facts = stackFacts("shop", services, tasks, [{ ID: "net-data", Name: "shop_data" }, { ID: "net-web", Name: "shop_web" }], nodes);

  it("names services as the file does, with their image (digest dropped), environment, networks, mounts and the nodes its placement allows", () => {
    const postgres = facts.get("postgres");
    expect(postgres).toMatchObject({ id: "s-pg", image: "postgres:15", networks: ["shop_data"], eligibleNodes: ["node-3"] });
    expect(postgres?.env).toEqual({ POSTGRES_USER: "notes", POSTGRES_PASSWORD: "s3cret=x", EMPTY: "" });
    expect(postgres?.mounts).toEqual([{ type: "volume", source: "shop_pgdata", target: "/var/lib/postgresql/data" }]);
  });

  it("keeps only tasks Swarm wants running that run, with their node's name, address and container", () => {
    expect(facts.get("postgres")?.running).toEqual([{ id: "t1", nodeId: "n3", node: "node-3", address: "172.21.0.4", containerId: "c-t1" }]);
    expect(facts.get("web")?.running.map((t) => t.node)).toEqual(["node-1"]);
    expect(facts.get("web")?.publishes).toEqual([{ published: 18080, mode: "host" }]);
  });

  it("does not count a task on a node that is down", () => {
    const down = nodes.map((node) => (node.ID === "n3" ? { ...node, Status: { State: "down", Addr: "172.21.0.4" } } : node));
    expect(stackFacts("shop", services, tasks, [], down).get("postgres")?.running).toEqual([]);
    // Without the network list, the spec's target stays as it is.
    expect(stackFacts("shop", services, tasks, [], down).get("postgres")?.networks).toEqual(["net-data"]);
  });
});

describe("eligibleNodes", () => {
  const names = (constraints: string[]) => eligibleNodes(constraints, nodes).map((node) => node.Description?.Hostname);
  it("reads node labels, hostname, id and role with == and !=", () => {
    expect(names(["node.labels.berth.node == 3"])).toEqual(["node-3"]);
    expect(names(["node.labels.berth.node != 3"])).toEqual(["node-1", "node-2"]);
    expect(names(["node.hostname==node-2"])).toEqual(["node-2"]);
    expect(names(["node.id == n1"])).toEqual(["node-1"]);
    expect(names(["node.role == worker", "node.labels.berth.node != 2"])).toEqual(["node-3"]);
    expect(names([])).toEqual(["node-1", "node-2", "node-3"]);
  });
  it("lets a constraint it cannot judge allow every node (so it never claims a pin it cannot see)", () => {
    expect(names(["node.platform.os == linux"])).toEqual(["node-1", "node-2", "node-3"]);
    expect(names(["engine.labels.disk == ssd"])).toEqual(["node-1", "node-2", "node-3"]);
  });
  it("a label nobody carries allows no node", () => {
    expect(names(["node.labels.disk == ssd"])).toEqual([]);
  });
});
