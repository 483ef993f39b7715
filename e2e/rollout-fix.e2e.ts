import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { docker, Scenario } from "./support/scenario.js";

// Issue 15 item 1: a first deploy that fails (unhealthy, or crash-looping) is fixed in the
// compose file and a plain `berth up` (no `down`) replaces the broken container: the new one
// runs the new config and the run succeeds. Before, the broken container was picked for a
// rolling update and gated with the new healthcheck run inside it, so `up` failed again with the
// old diagnosis and changed nothing.

interface UpJson {
  readonly ok: boolean;
  readonly rollouts?: readonly unknown[];
  readonly services: readonly { service: string; state: string; health: string; diagnoses: readonly { code: string }[] }[];
}

// The app listens on $PORT and refuses to start without $TOKEN; its healthcheck asks port 3000.
const server = "if(!process.env.TOKEN){console.error('TOKEN is not set');process.exit(1)}require('http').createServer((q,s)=>s.end('ok')).listen(Number(process.env.PORT))";
// A bare TCP connect in bash: a node start per probe is slow on a busy machine.
const probe = "exec 3<>/dev/tcp/127.0.0.1/3000";

function compose(environment: Record<string, string>): string {
  const env = Object.entries(environment).map(([key, value]) => `      ${key}: "${value}"\n`).join("");
  return [
    "services:",
    "  app:",
    "    image: node:20-bookworm-slim",
    `    command: ["node", "-e", ${JSON.stringify(server)}]`,
    "    restart: unless-stopped",
    "    environment:",
    env.trimEnd(),
    "    healthcheck:",
    `      test: ["CMD", "bash", "-c", ${JSON.stringify(probe)}]`,
    "      interval: 1s",
    "      timeout: 2s",
    "      retries: 3",
    "      start_period: 5s",
    "",
  ].join("\n");
}

const dirs: string[] = [];
const scenarios: Scenario[] = [];
afterAll(async () => {
  for (const scenario of scenarios) await scenario.cleanup();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function stackIn(project: string): Promise<{ scenario: Scenario; write: (env: Record<string, string>) => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `${project}-`));
  dirs.push(dir);
  const scenario = new Scenario({ project, cwd: dir });
  scenarios.push(scenario);
  await scenario.cleanup();
  return { scenario, write: (env) => writeFile(join(dir, "compose.yaml"), compose(env)) };
}

async function up(scenario: Scenario): Promise<{ code: number; result: UpJson; text: string }> {
  const run = await scenario.berth(["up", "--json", "--wait-timeout", "30"]);
  const text = `${run.stdout}\n${run.stderr}`;
  return { code: run.code, result: JSON.parse(run.stdout) as UpJson, text };
}

async function appContainer(project: string): Promise<{ id: string; env: string[]; status: string }> {
  const ids = (await docker(["ps", "-aq", "--filter", `label=com.docker.compose.project=${project}`, "--filter", "label=com.docker.compose.service=app"])).trim().split("\n").filter(Boolean);
  expect(ids).toHaveLength(1);
  const [inspected] = JSON.parse(await docker(["inspect", ids[0] as string])) as { Id: string; Config: { Env: string[] }; State: { Status: string } }[];
  return { id: inspected?.Id ?? "", env: inspected?.Config.Env ?? [], status: inspected?.State.Status ?? "" };
}

describe("a failed first deploy is fixed with a plain berth up", () => {
  it.each([
    ["unhealthy (wrong port in its environment)", "berthe2e-fix-unhealthy", { TOKEN: "t", PORT: "3001" }, "unhealthy"],
    ["crash-looping (a required variable missing)", "berthe2e-fix-crashloop", { PORT: "3000" }, "crash-loop"],
  ])("%s", async (_, project, brokenEnv, diagnosis) => {
    const { scenario, write } = await stackIn(project);
    await write(brokenEnv);
    const first = await scenario.step("the first up fails with its diagnosis", async () => {
      const run = await up(scenario);
      expect(run.code, run.text).toBe(1);
      expect(run.result.services.find((s) => s.service === "app")?.diagnoses.map((d) => d.code)).toContain(diagnosis);
      return appContainer(project);
    });
    await write({ TOKEN: "t", PORT: "3000" });
    const second = await scenario.step("the fixed compose file deploys with a plain up", async () => {
      const run = await up(scenario);
      expect(run.code, run.text).toBe(0);
      expect(run.result.ok).toBe(true);
      expect(run.result.rollouts).toBeUndefined();
      expect(run.result.services).toEqual([expect.objectContaining({ service: "app", state: "running", health: "healthy", diagnoses: [] })]);
      return appContainer(project);
    });
    await scenario.step("the new container runs the new config", async () => {
      expect(second.id).not.toBe(first.id);
      expect(second.status).toBe("running");
      expect(second.env).toEqual(expect.arrayContaining(["TOKEN=t", "PORT=3000"]));
    });
  }, 120_000);
});
