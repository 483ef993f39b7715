import { describe, expect, it } from "vitest";
import type { Service } from "../compose/model/project.js";
import type { ObservedContainer, ObservedState } from "./observed-state.js";
import { renderPlan } from "./plan.js";
import { reconcile, type ReconcileOptions } from "./reconcile.js";
import { testProject } from "./test-project.js";

const healthcheck = { test: ["CMD", "true"], interval: "5s" };
const stack = testProject(
  "shop",
  {
    frontend: { image: "nginx:1.22", depends_on: { backend: { condition: "service_healthy", required: true } }, healthcheck },
    backend: {
      build: { context: "/srv/app/backend" },
      healthcheck,
      depends_on: {
        postgres: { condition: "service_healthy", required: true },
        redis: { condition: "service_started", required: true },
        migrate: { condition: "service_completed_successfully", required: true },
      },
    },
    migrate: { image: "shop-backend", depends_on: { postgres: { condition: "service_healthy", required: true } } },
    postgres: { image: "postgres:15", healthcheck, volumes: [{ type: "volume", source: "pgdata", target: "/var/lib/postgresql/data" }] },
    redis: { image: "redis:7" },
  },
  { volumes: { pgdata: { name: "shop_pgdata" } } },
);

const hashes: ReconcileOptions = { configHash: (service: Service) => `hash-of-${service.name}` };
const images = { "nginx:1.22": "sha256:n", "shop-backend": "sha256:b", "postgres:15": "sha256:p", "redis:7": "sha256:r" };

const imageIdOf: Record<string, string> = { frontend: "sha256:n", backend: "sha256:b", migrate: "sha256:b", postgres: "sha256:p", redis: "sha256:r" };

function running(service: string, overrides: Partial<ObservedContainer> = {}): ObservedContainer {
  return {
    id: `id-${service}`,
    name: `shop-${service}-1`,
    service,
    number: 1,
    oneoff: false,
    status: "running",
    exitCode: 0,
    configHash: `hash-of-${service}`,
    imageId: imageIdOf[service] ?? "sha256:other",
    health: undefined,
    ...overrides,
  };
}

function converged(overrides: Partial<Record<string, Partial<ObservedContainer>>> = {}): ObservedState {
  const services = ["frontend", "backend", "migrate", "postgres", "redis"];
  return {
    project: "shop",
    containers: services.map((s) => running(s, s === "migrate" ? { status: "exited", ...overrides[s] } : overrides[s])),
    networks: [{ name: "shop_default", id: "n1" }],
    volumes: [{ name: "shop_pgdata", id: "v1" }],
    images,
  };
}

const lines = (...text: string[]) => text.join("\n") + "\n";
const plan = (observed: ObservedState, options: Partial<ReconcileOptions> = {}, project = stack) =>
  renderPlan(reconcile(project, observed, { ...hashes, ...options }));

describe("reconcile", () => {
  it("plans a cold start: images first, then services in dependency order with gates between them", () => {
    const empty: ObservedState = { project: "shop", containers: [], networks: [], volumes: [], images: {} };
    expect(plan(empty)).toBe(
      lines(
        "[1] network:shop_default create-network, missing",
        "[2] volume:shop_pgdata create-volume, missing",
        "[3] image:postgres:15 ensure-image, image not present locally",
        "[4] image:shop-backend build-image, image missing",
        "[5] image:redis:7 ensure-image, image not present locally",
        "[6] image:nginx:1.22 ensure-image, image not present locally",
        "[7] <- #1,#2,#3 service:postgres:1 create-container, no container",
        "[8] <- #7 service:postgres:1 start-container, new container",
        "[9] <- #8 service:postgres await healthy, readiness; needed by backend, migrate",
        "[10] <- #1,#4 service:migrate:1 create-container, no container",
        "[11] <- #9,#10 service:migrate:1 start-container, new container; after postgres healthy",
        "[12] <- #11 service:migrate await completed, readiness; needed by backend",
        "[13] <- #1,#5 service:redis:1 create-container, no container",
        "[14] <- #13 service:redis:1 start-container, new container",
        "[15] <- #14 service:redis await started-stable, readiness; needed by backend",
        "[16] <- #1,#4 service:backend:1 create-container, no container",
        "[17] <- #9,#12,#15,#16 service:backend:1 start-container, new container; after migrate completed, postgres healthy, redis started-stable",
        "[18] <- #17 service:backend await healthy, readiness; needed by frontend",
        "[19] <- #1,#6 service:frontend:1 create-container, no container",
        "[20] <- #18,#19 service:frontend:1 start-container, new container; after backend healthy",
        "[21] <- #20 service:frontend await healthy, readiness",
      ),
    );
  });

  it("touches nothing when everything is up to date (a completed job is not run again)", () => {
    expect(plan(converged())).toBe(
      lines(
        "[1] service:postgres await healthy, readiness; needed by backend, migrate; up to date",
        "[2] service:migrate await completed, readiness; needed by backend; up to date",
        "[3] service:redis await started-stable, readiness; needed by backend; up to date",
        "[4] service:backend await healthy, readiness; needed by frontend; up to date",
        "[5] service:frontend await healthy, readiness; up to date",
      ),
    );
  });

  it("recreates a changed service alone when no dependant asks for a restart", () => {
    const text = plan(converged({ frontend: { configHash: "old-hash-value" } }));
    expect(text).toContain("[5] service:frontend:1 recreate-container, config changed (hash old-hash -> hash-of-)\n");
    expect(text).toContain("[6] <- #4,#5 service:frontend:1 start-container, recreated; after backend healthy\n");
    expect(text.match(/container,/g)).toHaveLength(2);
  });

  it("restarts dependants that say restart: true when their dependency is recreated", () => {
    const withRestart = testProject("shop", {
      db: { image: "postgres:15" },
      api: { image: "redis:7", depends_on: { db: { condition: "service_started", required: true, restart: true } } },
    });
    const observed: ObservedState = {
      ...converged(),
      containers: [running("db", { imageId: "sha256:p", configHash: "stale" }), running("api", { imageId: "sha256:r" })],
    };
    expect(plan(observed, {}, withRestart)).toBe(
      lines(
        "[1] service:db:1 recreate-container, config changed (hash stale -> hash-of-)",
        "[2] <- #1 service:db:1 start-container, recreated",
        "[3] <- #2 service:db await started-stable, readiness; needed by api",
        "[4] <- #3 service:api:1 restart-container, dependency db recreated (restart: true)",
        "[5] <- #4 service:api await started-stable, readiness",
      ),
    );
  });

  it("recreates a container whose image was rebuilt", () => {
    const text = plan(converged({ backend: { imageId: "sha256:previous" } }));
    expect(text).toContain("service:backend:1 recreate-container, image shop-backend changed\n");
  });

  it("starts a stopped container and reruns a failed job", () => {
    const text = plan(converged({ redis: { status: "exited", exitCode: 137 }, migrate: { exitCode: 1 } }));
    expect(text).toContain("[2] <- #1 service:migrate:1 start-container, container exited; after postgres healthy\n");
    expect(text).toContain("[4] service:redis:1 start-container, container exited\n");
  });

  it("rebuilds with --build and warns about orphans unless asked to remove them", () => {
    const orphan = running("worker", { name: "shop-worker-1", id: "id-worker" });
    const observed = { ...converged(), containers: [...converged().containers, orphan] };
    const warned = plan(observed, { build: "always" });
    expect(warned).toContain("[1] image:shop-backend build-image, --build\n");
    expect(warned).toContain("warning: orphan container shop-worker-1 (service worker): run with --remove-orphans to remove it\n");
    expect(plan(observed, { removeOrphans: true })).toContain("service:worker:1 remove-container, orphan (--remove-orphans)\n");
  });

  // A service renamed (redis -> cache) and back: the orphan holds the host port and name the
  // project's container needs, so nothing of the project starts before it is gone (as compose).
  it("with --remove-orphans, starts nothing before the orphans are removed", () => {
    const orphan = running("cache", { name: "shop-cache-1", id: "id-cache" });
    const observed = { ...converged({ redis: { status: "exited", exitCode: 0 } }), containers: [...converged({ redis: { status: "exited", exitCode: 0 } }).containers, orphan] };
    const steps = reconcile(stack, observed, { ...hashes, removeOrphans: true }).steps;
    const removal = steps.find((step) => step.operation.kind === "remove-container");
    expect(removal?.operation).toMatchObject({ service: "cache", containerId: "id-cache" });
    const start = steps.find((step) => step.operation.kind === "start-container" && step.operation.service === "redis");
    expect(start?.after).toContain(removal?.id);
    const fresh = reconcile(stack, { ...observed, containers: [orphan] }, { ...hashes, removeOrphans: true }).steps;
    const freshRemoval = fresh.find((step) => step.operation.kind === "remove-container")?.id;
    expect(fresh.filter((step) => step.operation.kind === "create-container").every((step) => step.after.includes(freshRemoval ?? -1))).toBe(true);
  });

  it("scales down by removing containers above the wanted replica count", () => {
    const observed = { ...converged(), containers: [...converged().containers, running("redis", { number: 2, name: "shop-redis-2", id: "r2" })] };
    expect(plan(observed)).toContain("service:redis:2 remove-container, scaled down to 1\n");
  });

  it("plans ensure-image for a missing image that nothing builds, even with --no-build", () => {
    const observed = { ...converged(), images: { ...images, "redis:7": undefined as never } };
    delete (observed.images as Record<string, string>)["redis:7"];
    expect(plan(observed, { build: "never" })).toContain("[1] image:redis:7 ensure-image, image not present locally\n");
  });

  it("waits for optional dependencies without letting their failure block", () => {
    const optional = testProject("shop", {
      cache: { image: "redis:7" },
      api: { image: "nginx:1.22", depends_on: { cache: { condition: "service_started", required: false } } },
    });
    const empty: ObservedState = { project: "shop", containers: [], networks: [{ name: "shop_default", id: "n" }], volumes: [], images };
    expect(plan(empty, {}, optional)).toContain("[5] <- #3?,#4 service:api:1 start-container, new container; after cache started-stable (optional)\n");
  });
});

describe("reconcile with services a rollback pinned", () => {
  const pinned = { backend: { imageId: "sha256:previous", why: "rollback to #1" } };

  it("keeps a pinned service on its image while its reference points to a newer build, and says so", () => {
    const text = plan(converged({ backend: { imageId: "sha256:previous" } }), { pinned });
    expect(text).not.toContain("recreate-container");
    expect(text).toContain("PINNED: backend stays on image previous, not shop-backend (b) (rollback to #1); berth up --release latest deploys shop-backend");
  });

  it("brings a pinned service back to its pin when it runs something else", () => {
    const text = plan(converged(), { pinned });
    expect(text).toContain("service:backend:1 recreate-container, image pinned to previous (rollback to #1)\n");
  });

  it("a config change still recreates a pinned service (the executor creates it from the pinned id)", () => {
    const text = plan(converged({ backend: { imageId: "sha256:previous", configHash: "old" } }), { pinned });
    expect(text).toContain("service:backend:1 recreate-container, config changed");
  });

  it("other services follow their references as before", () => {
    const text = plan(converged({ backend: { imageId: "sha256:previous" }, frontend: { imageId: "sha256:old-nginx" } }), { pinned });
    expect(text).toContain("service:frontend:1 recreate-container, image nginx:1.22 changed\n");
    expect(text).not.toContain("service:backend:1 recreate-container");
  });

  it("names no other image when the reference already points to the pinned one", () => {
    const text = plan(converged({ backend: { imageId: "sha256:b" } }), { pinned: { backend: { imageId: "sha256:b", why: "rollback to #2" } } });
    expect(text).toContain("PINNED: backend stays on image b (rollback to #2); berth up --release latest deploys shop-backend");
  });
});
