import { describe, expect, it } from "vitest";
import { loadInline } from "../compose/testing/inline-project.js";
import { FakeEngine } from "../engine/fake-engine.js";
import { composeLabel } from "../engine/labels.js";
import { verifyProject } from "./verify-project.js";

const yaml = (verify: string) => `name: shop
${verify}
services:
  api:
    image: node:20-bookworm-slim
    healthcheck: { test: ["CMD", "node", "health.js"] }
  db:
    image: postgres:15
`;
const declared = `x-berth:
  verify:
    - name: api-ready
      service: api
      exec: { command: [node, ready.js], contains: ready }
    - name: api-migrated
      service: api
      exec: { command: [node, migrated.js] }`;

/** The project's services running on a fake engine; exec answers by command. */
async function running(project: ReturnType<typeof loadInline>, exec: (command: readonly string[]) => { exitCode?: number; stdout?: string }) {
  const engine = new FakeEngine({ images: ["node:20-bookworm-slim", "postgres:15"], behave: () => ({ exec }) });
  for (const service of Object.values(project.services)) {
    const id = await engine.createContainer({ name: `shop-${service.name}-1`, Image: service.image!, Labels: { [composeLabel.project]: "shop", [composeLabel.service]: service.name }, ...(service.healthcheck ? { Healthcheck: { Test: ["CMD", "true"] } } : {}) });
    await engine.startContainer(id);
  }
  return engine;
}

describe("verifyProject (fake engine)", () => {
  it("runs the declared probes, fails on one that fails, and runs only the named ones when asked", async () => {
    const project = loadInline(yaml(declared));
    const engine = await running(project, (command) => (command[1] === "ready.js" ? { stdout: "ready" } : { exitCode: 1 }));
    const outcome = await verifyProject({ engine, project });
    expect(outcome.probes.map((p) => p.name)).toEqual(["api-ready", "api-migrated"]);
    expect(outcome.evidence.map((e) => [e.probe, e.ok])).toEqual([["api-ready", true], ["api-migrated", false]]);
    expect(outcome.ok).toBe(false);
    const only = await verifyProject({ engine, project, only: ["api-ready"] });
    expect(only).toMatchObject({ ok: true, probes: [{ name: "api-ready" }] });
  });

  it("infers probes when none are declared (auto), never with --infer never, and adds them to declared ones with always", async () => {
    const bare = loadInline(yaml(""));
    const engine = await running(bare, () => ({ stdout: "1" }));
    const inferred = await verifyProject({ engine, project: bare });
    expect(inferred.probes.map((p) => [p.name, p.kind, p.inferredFrom])).toEqual([
      ["api-health", "health", "services.api.healthcheck"],
      ["db-health", "health", "services.db (no healthcheck: must be running)"],
      ["db-query", "postgres", "services.db.image postgres:15"],
      ["db-storage", "persistence", "services.db.image postgres:15"],
    ]);
    // No volume on db: the inferred storage probe fails, an opinion that warns and fails nothing.
    expect(inferred.evidence.filter((e) => !e.ok).map((e) => e.probe)).toEqual(["db-storage"]);
    expect(inferred.ok).toBe(true);
    expect(await verifyProject({ engine, project: bare, infer: "never" })).toEqual({ probes: [], evidence: [], ok: true });
    const withDeclared = loadInline(yaml(declared));
    const always = await verifyProject({ engine: await running(withDeclared, () => ({ stdout: "ready" })), project: withDeclared, infer: "always" });
    expect(always.probes.slice(0, 2).map((p) => p.name)).toEqual(["api-ready", "api-migrated"]);
    expect(always.probes.length).toBeGreaterThan(2);
  });
});
