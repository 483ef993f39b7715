import { describe, expect, it } from "vitest";
import type { ContainerDetails } from "../engine/engine.js";
import { FakeEngine } from "../engine/fake-engine.js";
import { testProject } from "../plan/test-project.js";
import { gatherServiceStatus, healthOf } from "./gather-status.js";

const startedAt = "2026-11-23T09:00:00.000Z";
const details = (status: string) => ({ State: { StartedAt: startedAt, Health: { Status: status, FailingStreak: 0, Log: [] } } }) as unknown as ContainerDetails;

describe("healthOf", () => {
  it("counts a service berth saw healthy since this start as healthy while the engine says starting", () => {
    expect(healthOf(details("starting"), { startedAt, healthyAt: "2026-11-23T09:00:01.000Z" })).toBe("healthy");
  });

  it("keeps the engine's word after a restart, or when up recorded nothing", () => {
    expect(healthOf(details("starting"), { startedAt: null, healthyAt: "2026-11-23T08:59:00.000Z" })).toBe("starting");
    expect(healthOf(details("starting"), undefined)).toBe("starting");
    expect(healthOf(details("unhealthy"), { startedAt, healthyAt: "2026-11-23T09:00:01.000Z" })).toBe("unhealthy");
  });
});

describe("gatherServiceStatus drift", () => {
  async function deployed(): Promise<{ engine: FakeEngine; api: string; job: string }> {
    const engine = new FakeEngine({ images: ["api:1"] });
    const labels = (service: string) => ({ "com.docker.compose.project": "shop", "com.docker.compose.service": service, "com.docker.compose.container-number": "1" });
    const api = await engine.createContainer({ name: "shop-api-1", Image: "api:1", Labels: labels("api") });
    const job = await engine.createContainer({ name: "shop-migrate-1", Image: "api:1", Labels: labels("migrate") });
    await engine.startContainer(api);
    return { engine, api, job };
  }
  const project = testProject("shop", { api: { image: "api:1" }, migrate: { image: "api:1" }, web: { image: "api:1", depends_on: { migrate: { condition: "service_completed_successfully", required: true } } } });

  it("names the files a running service holds outside its image and volumes (docker cp)", async () => {
    const { engine, api } = await deployed();
    engine.writeFile(api, "/app", "changed");
    engine.writeFile(api, "/app/hotfix.js");
    engine.writeFile(api, "/tmp/upload-1");
    const [status] = (await gatherServiceStatus(engine, project)).filter((s) => s.service === "api");
    expect(status?.drift).toEqual(["/app/hotfix.js"]);
  });

  it("leaves the field out when nothing drifted, and does not look into a stopped job", async () => {
    const { engine, job } = await deployed();
    engine.writeFile(job, "/app/report.csv");
    const statuses = await gatherServiceStatus(engine, project);
    expect(statuses.find((s) => s.service === "api")).not.toHaveProperty("drift");
    expect(statuses.find((s) => s.service === "migrate")).not.toHaveProperty("drift");
  });
});
