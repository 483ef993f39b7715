import { describe, expect, it } from "vitest";
import { ConfigError } from "../../common/errors.js";
import { emptyProject } from "../../compose/model/empty-project.js";
import { FakeEngine } from "../../engine/fake-engine.js";
import { testProject } from "../../plan/test-project.js";
import { assertKnownServices, knownServices, selectContainers } from "./service-selection.js";

const labels = (service: string, number = 1) => ({
  "com.docker.compose.project": "shop",
  "com.docker.compose.service": service,
  "com.docker.compose.container-number": String(number),
  "com.docker.compose.oneoff": "False",
});

async function engineWith(services: string[]): Promise<FakeEngine> {
  const engine = new FakeEngine({ images: ["app:1"] });
  for (const service of services) await engine.createContainer({ name: `shop-${service}-1`, Image: "app:1", Labels: labels(service) });
  return engine;
}

describe("service selection", () => {
  const project = testProject("shop", { web: {}, db: {} });

  it("knows the services of the files, those a profile leaves out too", () => {
    const withDisabled = { ...project, meta: { ...project.meta, disabledServices: { debug: { name: "debug", command: null, entrypoint: null } } } };
    expect([...knownServices(withDisabled, [])].sort()).toEqual(["db", "debug", "web"]);
  });

  it("fails on an unknown name with exit 1, naming the services there are", () => {
    const attempt = () => assertKnownServices(project, ["web", "nosuch"], []);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow("no such service: nosuch (project shop)");
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigError).exitCode).toBe(1);
      expect((error as ConfigError).hint).toBe("the project's services are: db, web");
    }
  });

  it("knows a project by its containers when only its name is given", async () => {
    const engine = await engineWith(["web", "db"]);
    const named = emptyProject("shop", "/srv");
    expect((await selectContainers(engine, named, ["db"])).map((row) => row.service)).toEqual(["db"]);
    await expect(selectContainers(engine, named, ["web2"])).rejects.toThrow("no such service: web2");
  });

  it("selects every container when no service is named", async () => {
    const engine = await engineWith(["web", "db"]);
    expect((await selectContainers(engine, project, [])).map((row) => row.service)).toEqual(["db", "web"]);
  });
});
