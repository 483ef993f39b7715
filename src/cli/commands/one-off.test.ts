import { describe, expect, it } from "vitest";
import type { Service } from "../../compose/model/project.js";
import type { ContainerRow } from "../../deploy/list-containers.js";
import { oneOffService, unreadyDependencies } from "./one-off.js";

const job: Service = {
  name: "job",
  command: ["node", "migrate.js"],
  entrypoint: null,
  restart: "unless-stopped",
  environment: { GREETING: "hello", DEBUG: null },
  depends_on: {
    db: { condition: "service_healthy", required: true, restart: false },
    cache: { condition: "service_started", required: true, restart: false },
    seed: { condition: "service_completed_successfully", required: true, restart: false },
    optional: { condition: "service_started", required: false, restart: false },
  },
} as unknown as Service;

function row(service: string, state: string, extra: Partial<ContainerRow> = {}): ContainerRow {
  return { name: `shop-${service}-1`, id: "0123456789ab", service, number: 1, state, status: "", health: null, exitCode: null, image: "app", imageId: "abc", ports: [], ...extra };
}

describe("oneOffService", () => {
  it("keeps the service's command and environment when nothing is given, and never restarts", () => {
    const service = oneOffService(job, { command: [], env: [] });
    expect(service.command).toEqual(["node", "migrate.js"]);
    expect(service.environment).toEqual({ GREETING: "hello", DEBUG: null });
    expect(service.restart).toBe("no");
    expect(service.entrypoint).toBeNull();
  });

  it("puts -e over the service's variables (a value may hold '=') and the command over its own", () => {
    const service = oneOffService(job, { command: ["sh", "-c", "env"], env: ["GREETING=hi", "URL=a=b"] });
    expect(service.environment).toEqual({ GREETING: "hi", DEBUG: null, URL: "a=b" });
    expect(service.command).toEqual(["sh", "-c", "env"]);
  });

  it("overrides entrypoint, user and working directory; an empty entrypoint clears the image's", () => {
    expect(oneOffService(job, { command: [], env: [], entrypoint: "sh", user: "1000", workdir: "/tmp" })).toMatchObject({ entrypoint: ["sh"], user: "1000", working_dir: "/tmp" });
    expect(oneOffService(job, { command: [], env: [], entrypoint: "" }).entrypoint).toEqual([]);
  });
});

describe("unreadyDependencies", () => {
  it("is empty when every required dependency is up as its condition asks", () => {
    const rows = [row("db", "running", { health: "healthy" }), row("cache", "running"), row("seed", "exited", { exitCode: 0 })];
    expect(unreadyDependencies(job, rows)).toEqual([]);
  });

  it("names the missing, stopped, unhealthy and failed ones, never an optional one", () => {
    const rows = [row("db", "running", { health: "unhealthy" }), row("cache", "exited", { exitCode: 0 }), row("seed", "exited", { exitCode: 1 })];
    expect(unreadyDependencies(job, rows)).toEqual(["cache", "db", "seed"]);
    expect(unreadyDependencies(job, [])).toEqual(["cache", "db", "seed"]);
  });

  it("takes a running dependency without a healthcheck as healthy enough, a starting one not", () => {
    expect(unreadyDependencies(job, [row("db", "running"), row("cache", "running"), row("seed", "exited", { exitCode: 0 })])).toEqual([]);
    expect(unreadyDependencies(job, [row("db", "running", { health: "starting" }), row("cache", "running"), row("seed", "exited", { exitCode: 0 })])).toEqual(["db"]);
  });
});
