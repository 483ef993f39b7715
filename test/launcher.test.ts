import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Spawns the real launcher (bin/berth.js, which runs the compiled CLI in dist/): Node 20 reads
// `--env-file` on its own command line after the script name too, so this is about how the
// launcher is started, which no in-process test sees.
const launcher = fileURLToPath(new URL("../bin/berth.js", import.meta.url));
const built = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(file: string, args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    const env = { ...process.env, LAUNCHER_PROBE: undefined, NO_COLOR: "1" };
    execFile(file, [...args], { cwd, env, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error && typeof error.code === "number" ? error.code : error ? null : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe("bin/berth.js and --env-file", () => {
  let dir = "";
  beforeAll(() => {
    if (!existsSync(built)) throw new Error("dist/ is not built: run `npm run build` (scripts/setup.sh does) before this test");
    dir = mkdtempSync(join(tmpdir(), "berth-launcher-"));
    writeFileSync(join(dir, "compose.yaml"), "services:\n  web:\n    image: nginx:1.22\n    environment:\n      A: ${LAUNCHER_PROBE}\n");
    writeFileSync(join(dir, "prod.env"), "LAUNCHER_PROBE=from-prod-env\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("started directly, gives berth a missing --env-file: berth's own error, not Node's exit 9", async () => {
    const result = await run(launcher, ["config", "--env-file", "missing.env"], dir);
    expect(result.stderr).not.toContain("node:");
    expect(result.stderr).toContain("missing.env");
    expect(result.stderr).toContain("--env-file");
    expect(result.code).toBe(1);
  });

  it("started directly, berth reads --env-file itself (both spellings)", async () => {
    for (const args of [["--env-file", "prod.env"], ["--env-file=prod.env"]]) {
      const result = await run(launcher, ["config", ...args], dir);
      expect(result.stderr).toBe("");
      expect(result.stdout).toContain("A: from-prod-env");
      expect(result.code).toBe(0);
    }
  });

  it("`node -- bin/berth.js` keeps --env-file away from Node too", async () => {
    const result = await run(process.execPath, ["--", launcher, "config", "--env-file", "prod.env"], dir);
    expect(result.stdout).toContain("A: from-prod-env");
    expect(result.code).toBe(0);
  });

  it.runIf(process.platform === "linux")("`node bin/berth.js --env-file x` is refused with the fix: Node already loaded x into the environment", async () => {
    const result = await run(process.execPath, [launcher, "config", "--env-file", "prod.env"], dir);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("Node read berth's --env-file itself");
    expect(result.stderr).toContain("node -- bin/berth.js");
  });

  it.runIf(process.platform === "linux")("`check` on a big file ends at once on SIGTERM (143) and Ctrl-C (130), though it computes synchronously", async () => {
    const service = (index: number) => `  s${index}:\n    image: nginx:1.22\n    ports: ["127.0.0.1:${10000 + index}:80"]\n    environment: {A: "1"}\n    depends_on: [s${index + 1}]\n`;
    writeFileSync(join(dir, "big.yaml"), `services:\n${Array.from({ length: 6000 }, (_, index) => service(index)).join("")}  s6000:\n    image: x\n`);
    for (const [signal, code] of [["SIGTERM", 143], ["SIGINT", 130]] as const) {
      const child = spawn(launcher, ["check", "-f", "big.yaml"], { cwd: dir, stdio: "ignore" });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal })));
      await new Promise((resolve) => setTimeout(resolve, 2500));
      // Still computing when the signal comes: otherwise this would prove nothing.
      expect(child.exitCode).toBeNull();
      const sent = Date.now();
      child.kill(signal);
      const result = await exited;
      expect(Date.now() - sent).toBeLessThan(1500);
      // Killed by the signal: the shell reports 128 + its number.
      expect(result.signal === signal || result.code === code).toBe(true);
    }
  }, 30_000);

  it.runIf(process.platform === "linux")("`up --dry-run` ends at once on SIGTERM (Node's default action: it changes nothing), even while it waits on the engine", async () => {
    writeFileSync(join(dir, "compose.yaml"), "services:\n  web:\n    image: nginx:1.22\n");
    // An engine socket that accepts and never answers: berth is waiting on it when the signal comes.
    const socketPath = join(dir, "silent.sock");
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(socketPath, resolve));
    try {
      const child = spawn(launcher, ["up", "--dry-run"], { cwd: dir, stdio: "ignore", env: { ...process.env, DOCKER_HOST: `unix://${socketPath}` } });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal })));
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(child.exitCode).toBeNull();
      child.kill("SIGTERM");
      // Killed by the signal itself, not a clean-stop handler that would wait for the plan.
      expect(await exited).toEqual({ code: null, signal: "SIGTERM" });
    } finally {
      silent.close();
    }
  }, 30_000);

  it("without --env-file, `node bin/berth.js` runs as before", async () => {
    const result = await run(process.execPath, [launcher, "config"], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("image: nginx:1.22");
  });
});
