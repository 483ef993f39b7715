import { execFile, spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const signalNumbers: Record<string, number> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
const ROOT = join(import.meta.dirname, "..", "..");
const CLI = join(import.meta.dirname, "berth-cli.ts");
// By path, so berth can run from any folder (a stack elsewhere, or none at all).
const TSX = pathToFileURL(join(ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href;

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

export interface ScenarioOptions {
  /** Compose project name: `berthe2e-up-*`. */
  readonly project: string;
  /** Folder of the compose file. */
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * An end-to-end story on the real engine that explains its own failure: every command is kept
 * in a transcript, and `explain()` adds `docker ps`, the engine events since the start and
 * each container's log tail (after docker/compose's pkg/e2e scenario).
 */
export class Scenario {
  private readonly transcript: string[] = [];
  private readonly startedAt = Math.floor(Date.now() / 1000);

  constructor(readonly options: ScenarioOptions) {}

  get env(): Record<string, string> {
    return { ...(process.env as Record<string, string>), COMPOSE_PROJECT_NAME: this.options.project, BERTH_STATE_DIR: join(ROOT, ".cache", "e2e-state"), ...this.options.env };
  }

  /** Runs `berth ARGS` in the stack folder as a separate process. */
  berth(args: readonly string[], extraEnv: Record<string, string> = {}): Promise<CommandResult> {
    return this.spawn(process.execPath, ["--import", TSX, CLI, ...args], extraEnv, `berth ${args.join(" ")}`);
  }

  /** Starts `berth ARGS` and hands back the process, for tests that interrupt or kill it. */
  startBerth(args: readonly string[]): { child: ChildProcess; done: Promise<CommandResult> } {
    let child: ChildProcess | undefined;
    const done = this.spawn(process.execPath, ["--import", TSX, CLI, ...args], {}, `berth ${args.join(" ")} (background)`, (c) => (child = c));
    return { child: child as unknown as ChildProcess, done };
  }

  /** Runs another program (docker, docker-compose) in the stack folder. */
  command(file: string, args: readonly string[], extraEnv: Record<string, string> = {}): Promise<CommandResult> {
    return this.spawn(file, args, extraEnv, `${file} ${args.join(" ")}`);
  }

  private spawn(file: string, args: readonly string[], extraEnv: Record<string, string>, label: string, onChild?: (child: ChildProcess) => void): Promise<CommandResult> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const child = spawn(file, [...args], { cwd: this.options.cwd, env: { ...this.env, ...extraEnv } });
      onChild?.(child);
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("error", reject);
      child.on("close", (code) => {
        const result = { code: code ?? (child.signalCode ? 128 + (signalNumbers[child.signalCode] ?? 0) : -1), stdout, stderr, seconds: (Date.now() - started) / 1000 };
        this.transcript.push(`$ ${label}  -> exit ${result.code} in ${result.seconds.toFixed(2)}s\n${indent(stdout)}${indent(stderr)}`);
        resolve(result);
      });
    });
  }

  note(text: string): void {
    this.transcript.push(`# ${text}`);
  }

  /** Everything a reader needs to see why a step failed. */
  async explain(): Promise<string> {
    const label = `label=com.docker.compose.project=${this.options.project}`;
    const ps = await docker(["ps", "-a", "--filter", label, "--format", "{{.Names}}\t{{.Status}}\t{{.Image}}"]);
    const events = await docker(["events", "--since", String(this.startedAt), "--until", String(Math.floor(Date.now() / 1000) + 1), "--filter", label, "--format", "{{.Time}} {{.Type}} {{.Action}} {{.Actor.Attributes.name}}"]);
    const names = ps.split("\n").map((line) => line.split("\t")[0]).filter(Boolean);
    const logs = await Promise.all(names.map(async (name) => `--- logs ${name}\n${indent(await docker(["logs", "--tail", "20", name as string]))}`));
    return ["=== transcript", ...this.transcript, "=== docker ps", ps, "=== engine events", events.split("\n").slice(-60).join("\n"), "=== log tails", ...logs].join("\n");
  }

  /** Removes everything of the project by labels, whether or not berth works. */
  async cleanup(): Promise<void> {
    if (process.env["BERTH_E2E_KEEP"] === "1") return;
    const label = `label=com.docker.compose.project=${this.options.project}`;
    const ids = (await docker(["ps", "-aq", "--filter", label])).split("\n").filter(Boolean);
    if (ids.length > 0) await docker(["rm", "-f", "-v", ...ids]);
    const networks = (await docker(["network", "ls", "-q", "--filter", label])).split("\n").filter(Boolean);
    if (networks.length > 0) await docker(["network", "rm", ...networks]);
    const volumes = (await docker(["volume", "ls", "-q", "--filter", label])).split("\n").filter(Boolean);
    if (volumes.length > 0) await docker(["volume", "rm", "-f", ...volumes]);
  }

  /** Runs a check; on failure, the error carries the scenario's explanation. */
  async step<T>(name: string, action: () => Promise<T>): Promise<T> {
    this.note(`step: ${name}`);
    try {
      return await action();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`step "${name}" failed: ${message}\n\n${await this.explain()}`, { cause: error });
    }
  }
}

export async function docker(args: readonly string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run("docker", [...args], { maxBuffer: 16 * 1024 * 1024 });
    return stdout + stderr;
  } catch (error) {
    return `(docker ${args[0]} failed: ${error instanceof Error ? error.message : String(error)})`;
  }
}

function indent(text: string): string {
  return text.trim() === "" ? "" : `${text.trimEnd().split("\n").map((line) => `    ${line}`).join("\n")}\n`;
}
