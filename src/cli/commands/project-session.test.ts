import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testIO } from "../testing/test-io.js";
import { runCli } from "../main.js";

/** Project verbs up to the engine, which is pointed nowhere: what they do with the files first. */
const nowhere = "unix:///nonexistent/berth-test/docker.sock";
const engineUnreachable = `error: cannot reach the Docker engine at ${nowhere} (ENOENT)\n`;

async function run(dir: string, argv: readonly string[], env: Record<string, string> = {}) {
  const { io, stdout, stderr } = testIO(dir, { DOCKER_HOST: nowhere, BERTH_STATE_DIR: join(dir, ".state"), ...env });
  return { code: await runCli(argv, io), stdout: stdout.text, stderr: stderr.text };
}

describe("opening a project for a verb", () => {
  it("works with only a project name where no compose file is found, for the verbs that find containers by label", async () => {
    const empty = mkdtempSync(join(tmpdir(), "berth-session-"));
    for (const argv of [["ps", "-p", "shop"], ["logs", "-p", "shop"], ["down", "-p", "shop"]]) {
      expect(await run(empty, argv), argv.join(" ")).toMatchObject({ code: 3, stderr: expect.stringContaining(engineUnreachable) });
    }
    expect(await run(empty, ["ps"], { COMPOSE_PROJECT_NAME: "shop" })).toMatchObject({ code: 3 });
  });

  it("needs the files for the verbs that act on what they declare, and says how to name them", async () => {
    const empty = mkdtempSync(join(tmpdir(), "berth-session-"));
    for (const argv of [["up", "-p", "shop"], ["backup", "-p", "shop"], ["ps"]]) {
      const result = await run(empty, argv);
      expect(result.code, argv.join(" ")).toBe(1);
      expect(result.stderr).toContain("error: no configuration file provided: not found");
      expect(result.stderr).toContain("  hint: create compose.yaml, or name the file with -f");
    }
  });

  it("prints each load warning once per project, located, before anything else happens", async () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-session-"));
    writeFileSync(join(dir, "compose.yaml"), 'version: "3.8"\nname: warnshop\nservices:\n  api:\n    image: node:20-bookworm-slim\n    environment:\n      TOKEN: ${API_TOKEN}\n');
    const first = await run(dir, ["ps"]);
    expect(first.code).toBe(3);
    expect(first.stderr.split("\n").slice(0, 2)).toEqual([
      `WARN ${dir}/compose.yaml:7:7: The "API_TOKEN" variable is not set. Defaulting to a blank string (in services.api.environment.TOKEN).`,
      `WARN ${dir}/compose.yaml:1:1: the attribute \`version\` is obsolete, it will be ignored, please remove it to avoid potential confusion`,
    ]);
    expect((await run(dir, ["ps"])).stderr).toBe(`${engineUnreachable}  hint: start the engine (dockerd, Docker Desktop, or scripts/harness/setup-engine.sh) or set DOCKER_HOST to a running one\n`);
  });

  it("never prints a secret of the project's env files in an error of the files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-session-"));
    writeFileSync(join(dir, "compose.yaml"), "services:\n  api:\n    image: node:20-bookworm-slim\n    ports: [\"${API_SECRET}:80\"]\n");
    writeFileSync(join(dir, ".env"), "API_SECRET=canary-session-71c2\n");
    const result = await run(dir, ["up"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: .*compose\.yaml:4:\d+: /);
    expect(result.stderr).not.toContain("canary-session-71c2");
  });
});
