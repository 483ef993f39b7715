import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadProject } from "../../src/compose/load.js";
import { healthcheckTimeoutOverride, SEED_HEALTHCHECK_TIMEOUT, STACKS_DIR } from "./seed-stacks.js";

// The override e2e/seed-stacks.e2e.ts deploys the seed stacks with: every healthcheck's timeout,
// nothing else, and berth's own loader must read it that way.

const scratch = mkdtempSync(join(tmpdir(), "berth-seed-override-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const read = (stack: string, file = "compose.yaml") => readFileSync(join(STACKS_DIR, stack, file), "utf8");

/** The seed stack loaded by berth with its files and the override after them. */
function loadWithOverride(stack: string, files: readonly string[], profiles: readonly string[] = []) {
  const override = join(scratch, `${stack}.yaml`);
  writeFileSync(override, healthcheckTimeoutOverride(files.map((file) => read(stack, file))));
  const environment = { HOME: "/root", POSTGRES_PASSWORD: "p", REDIS_PASSWORD: "r", PATH: process.env["PATH"] };
  const options = { profiles, envFiles: [], environment, cwd: join(STACKS_DIR, stack) };
  return {
    plain: loadProject({ ...options, files }),
    relaxed: loadProject({ ...options, files: [...files, override] }),
  };
}

describe("healthcheckTimeoutOverride", () => {
  it("sets the timeout of every service with a healthcheck and names no other service", () => {
    const compose = [
      "x-check: &check",
      "  healthcheck:",
      '    test: ["CMD", "true"]',
      "    timeout: 2s",
      "services:",
      "  web:",
      "    image: nginx:1.22",
      "    <<: *check",
      "  worker:",
      "    image: debian:bookworm-slim",
      "  quiet:",
      "    image: redis:7",
      "    healthcheck:",
      "      disable: true",
      "",
    ].join("\n");
    expect(parse(healthcheckTimeoutOverride([compose]))).toEqual({ services: { web: { healthcheck: { timeout: SEED_HEALTHCHECK_TIMEOUT } } } });
  });

  it("takes the services of every file given, and a file without services", () => {
    const base = 'services:\n  db:\n    image: postgres:15\n    healthcheck:\n      test: ["CMD", "pg_isready"]\n';
    const extra = 'services:\n  app:\n    image: node:20-bookworm-slim\n    healthcheck:\n      test: ["CMD", "node", "check.js"]\n';
    expect(parse(healthcheckTimeoutOverride([base, extra, "name: x\n"], "7s"))).toEqual({
      services: { app: { healthcheck: { timeout: "7s" } }, db: { healthcheck: { timeout: "7s" } } },
    });
  });

  it("gives berth's loader the same seed stack with only the healthcheck timeouts changed", () => {
    for (const [stack, files, profiles] of [
      ["second-brain-000", ["compose.yaml"], []],
      ["autopack-002", ["compose.yaml"], []],
      ["smalltalk-003", ["compose.yaml"], ["monitoring"]],
      ["aidb-004", ["compose.yaml", "compose.fixed.yaml"], []],
    ] as const) {
      const { plain, relaxed } = loadWithOverride(stack, files, profiles);
      expect(Object.keys(relaxed.services).sort(), stack).toEqual(Object.keys(plain.services).sort());
      let changed = 0;
      for (const [name, service] of Object.entries(plain.services)) {
        const after = relaxed.services[name];
        if (service.healthcheck?.test === undefined) {
          expect(after?.healthcheck, `${stack} ${name}`).toEqual(service.healthcheck);
          continue;
        }
        changed++;
        expect(after?.healthcheck, `${stack} ${name}`).toEqual({ ...service.healthcheck, timeout: SEED_HEALTHCHECK_TIMEOUT });
        expect({ ...after, healthcheck: undefined }, `${stack} ${name}`).toEqual({ ...service, healthcheck: undefined });
      }
      expect(changed, `${stack}: services with a healthcheck`).toBeGreaterThan(1);
    }
  });
});
