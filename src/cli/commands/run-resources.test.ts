import { describe, expect, it } from "vitest";
import { FakeEngine } from "../../engine/fake-engine.js";
import { testProject } from "../../plan/test-project.js";
import { ensureRunResources, missingResources } from "./run-resources.js";

const project = testProject(
  "shop",
  {
    job: { image: "node:20", networks: { backend: null }, volumes: [{ type: "volume", source: "jobdata", target: "/data" }] },
    web: { image: "nginx:1.22", volumes: [{ type: "volume", source: "webcache", target: "/cache" }] },
  },
  { networks: { backend: { name: "" }, outside: { name: "corp", external: true } }, volumes: { jobdata: { name: "" }, webcache: { name: "" } } },
);
const job = project.services["job"];
const web = project.services["web"];

describe("missingResources", () => {
  it("names only the networks and volumes of the service that the engine lacks", () => {
    expect(missingResources(project, job!, { networks: [], volumes: [] })).toEqual({ networks: [{ key: "backend", name: "shop_backend" }], volumes: [{ key: "jobdata", name: "shop_jobdata" }] });
    expect(missingResources(project, web!, { networks: [], volumes: [] })).toEqual({ networks: [{ key: "default", name: "shop_default" }], volumes: [{ key: "webcache", name: "shop_webcache" }] });
  });

  it("nothing when they exist", () => {
    const observed = { networks: [{ name: "shop_backend", id: "n" }], volumes: [{ name: "shop_jobdata", id: "v" }] };
    expect(missingResources(project, job!, observed)).toEqual({ networks: [], volumes: [] });
  });
});

describe("ensureRunResources", () => {
  it("creates what is missing with the project's labels, so up and down adopt them", async () => {
    const engine = new FakeEngine();
    await ensureRunResources(engine, project, job!, { networks: [], volumes: [] }, new AbortController().signal);
    const networks = await engine.listNetworks({ "com.docker.compose.project": "shop" });
    expect(networks.map((n) => n.name)).toEqual(["shop_backend"]);
    await ensureRunResources(engine, project, job!, { networks: [{ name: "shop_backend", id: "n" }], volumes: [{ name: "shop_jobdata", id: "v" }] }, new AbortController().signal);
    expect((await engine.listNetworks()).map((n) => n.name)).toEqual(["shop_backend"]);
  });

  it("a network the engine refuses is a clear failure naming the service", async () => {
    const engine = new FakeEngine();
    await engine.createNetwork({ name: "shop_backend", labels: {} });
    await expect(ensureRunResources(engine, project, job!, { networks: [], volumes: [] }, new AbortController().signal)).rejects.toMatchObject({ code: "cli.run-resources", message: expect.stringMatching(/^job: /) });
  });
});
