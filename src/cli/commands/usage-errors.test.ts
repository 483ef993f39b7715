import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testIO } from "../testing/test-io.js";
import { runCli } from "../main.js";

/**
 * Bad command lines through the whole CLI. DOCKER_HOST points nowhere: a flag checked only after
 * connecting would exit 3 (engine) instead of 2 (usage), so these tests also pin the order.
 */
const dir = mkdtempSync(join(tmpdir(), "berth-usage-"));
writeFileSync(join(dir, "compose.yaml"), "name: shop\nservices:\n  api:\n    image: node:20-bookworm-slim\n  db:\n    image: postgres:15\n");
const env = { DOCKER_HOST: "unix:///nonexistent/berth-test/docker.sock", BERTH_STATE_DIR: join(dir, "state") };

async function run(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { io, stdout, stderr } = testIO(dir, env);
  const code = await runCli(argv, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe("a bad flag is a usage error (exit 2) that names the flag and the value, before the engine", () => {
  it.each([
    [["backup", "--retention", "0"], "error: expected a whole number of at least 1, got 0\n"],
    [["backup", "--timeout", "soon"], "error: expected a whole number of at least 1, got soon\n"],
    [["port", "api", "99999"], "error: port must be a container port number, got 99999\n"],
    [["logs", "--tail", "-3"], "error: --tail must be a number of lines, got -3\n"],
    [["exec", "--index", "0", "api", "ls"], "error: --index must be a replica number from 1, got 0\n"],
    [["migrate", "--timeout", "0"], "error: --timeout must be a positive number of seconds, got 0\n"],
    [["rollback", "--wait-timeout", "-1"], "error: --wait-timeout must be a positive number of seconds, got -1\n"],
    [["up", "--wait-timeout", "0"], "error: --wait-timeout must be a positive number of seconds, got 0\n"],
    [["serve", "--port", "70000"], "error: --port must be a port number (0-65535), got 70000\n"],
    [["down", "-t", "soon"], "error: -t/--timeout must be a whole number of seconds, got soon\n"],
    [["up", "--wait-timeout", "later"], "error: --wait-timeout must be a positive number of seconds, got later\n"],
    [["rollback", "--wait-timeout", "soon"], "error: --wait-timeout must be a positive number of seconds, got soon\n"],
    [["restart", "--wait-timeout", "0"], "error: --wait-timeout must be a positive number of seconds, got 0\n"],
    [["start", "--wait-timeout", "none"], "error: --wait-timeout must be a positive number of seconds, got none\n"],
    [["stop", "-t", "1.5"], "error: -t/--timeout must be a whole number of seconds, got 1.5\n"],
    [["restore", "--timeout", "soon", "db", "latest"], "error: --timeout must be a positive number of seconds, got soon\n"],
    [["migrate", "--timeout", "later"], "error: --timeout must be a positive number of seconds, got later\n"],
  ])("%j", async (argv, stderr) => {
    expect(await run(argv)).toEqual({ code: 2, stdout: "", stderr });
  });

  it.each([
    [["port", "--protocol", "sctp", "api", "80"], "'--protocol <protocol>' argument 'sctp' is invalid. Allowed choices are tcp, udp."],
    [["up", "--pull", "sometimes"], "'--pull <policy>' argument 'sometimes' is invalid. Allowed choices are always, missing, never."],
    [["verify", "--infer", "maybe"], "'--infer <mode>' argument 'maybe' is invalid. Allowed choices are auto, always, never."],
    [["report", "--format", "pdf"], "'--format <format>' argument 'pdf' is invalid. Allowed choices are md, html, json."],
    [["restore", "db"], "missing required argument 'backup'"],
  ])("%j lists what is allowed", async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain("(run with --help for usage)");
  });

  // The refusal comes before the engine, so a script learns about --yes even where no engine runs.
  it.skipIf(process.stdin.isTTY === true)("refuses restore from a script without --yes (no terminal to ask on)", async () => {
    expect(await run(["restore", "db", "latest"])).toEqual({ code: 2, stdout: "", stderr: "error: restore replaces live data and needs a confirmation\n  hint: pass --yes to confirm from a script\n" });
  });

  it("refuses rm without -f, saying how to look first", async () => {
    expect(await run(["rm", "api"])).toEqual({ code: 2, stdout: "", stderr: "error: berth rm removes containers without asking: add -f to confirm\n  hint: berth ps lists them first; -s also stops running ones\n" });
  });

  it("shows the expected form of -e and --build-arg readably (the redactor once turned KEY=VALUE into KEY=***)", async () => {
    for (const [argv, flag] of [[["exec", "-e", "NOVALUE", "api", "ls"], "-e NOVALUE"], [["run", "-e", "NOVALUE", "api"], "-e NOVALUE"], [["build", "--build-arg", "A B=1"], "--build-arg A B=1"]] as const) {
      expect(await run(argv)).toEqual({ code: 2, stdout: "", stderr: `error: ${flag}: expected NAME=VALUE\n` });
    }
  });

  it("rejects a -p that compose would reject, with the name it would accept", async () => {
    const result = await run(["-p", "Bad Name", "ps"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: invalid project name "Bad Name" given with -p');
    expect(result.stderr).toContain("  hint: use -p badname\n");
  });

  it("rejects a --project-directory that is a file", async () => {
    const result = await run(["--project-directory", "compose.yaml", "ps"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: --project-directory compose.yaml is a file, not a directory");
  });
});

describe("past the flags", () => {
  it("exits 3 with a hint when the engine cannot be reached", async () => {
    const result = await run(["ps"]);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(`error: cannot reach the Docker engine at ${env.DOCKER_HOST} (ENOENT)\n  hint: start the engine (dockerd, Docker Desktop, or scripts/harness/setup-engine.sh) or set DOCKER_HOST to a running one\n`);
  });

  it("lists no deployments without an engine before the first up", async () => {
    expect(await run(["history"])).toEqual({ code: 0, stdout: "no deployments recorded yet (berth up records one per run that changes something)\n", stderr: "" });
    expect(await run(["history", "--json"])).toMatchObject({ code: 0, stdout: "[]\n" });
  });
});
