import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Scenario } from "./support/scenario.js";

// A verdict timing miss (issue 14): a Node app that exited 1 about 300 ms after its start got
// `ok: true`, "worker running" from `berth up` on a loaded machine, because it had not written a
// word within the 5 s a silent service is given. Here the machine is starved for the app itself
// (1% of a CPU), so the miss is reproduced on every run, not only under a colleague's load.

interface UpJson {
  ok: boolean;
  services: { service: string; state: string; diagnoses: { code: string }[] }[];
}

const stack = new Scenario({ project: "berthe2e-truth-race", cwd: join(import.meta.dirname, "stacks", "truth-race"), env: { BERTH_STABLE_MS: "500" } });
/** Bounded: each run takes about 15 s on a loaded machine. */
const runs = Number(process.env["BERTH_TRUTH_RUNS"] ?? "2");

describe("a Node app that exits 300 ms after a slow start", () => {
  afterAll(async () => {
    await stack.berth(["down", "-v"]);
    await stack.cleanup();
  });

  it(`fails up in ${runs} of ${runs} runs, with or without a restart policy; a silent idle service passes`, async () => {
    for (let run = 1; run <= runs; run++) {
      await stack.cleanup();
      const result = await stack.berth(["up", "--json", "--pull", "never", "--wait-timeout", "60"]);
      await stack.step(`run ${run}: up exits 1, worker and retrying failed with a diagnosis, idle running`, async () => {
        expect(result.code, result.stdout + result.stderr).toBe(1);
        const up = JSON.parse(result.stdout) as UpJson;
        expect(up.ok).toBe(false);
        for (const name of ["worker", "retrying"]) {
          const service = up.services.find((s) => s.service === name);
          expect(service?.diagnoses.length, `${name}: ${JSON.stringify(service)}`).toBeGreaterThan(0);
        }
        const idle = up.services.find((s) => s.service === "idle");
        expect(idle).toMatchObject({ state: "running", diagnoses: [] });
      });
    }
  }, 240_000);
});
