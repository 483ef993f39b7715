import type { ContainerCreateRequest, Engine, ExecResult } from "../engine/engine.js";

/** What a one-shot container of a test answers: its exit code and output. */
export type ShotAnswer = { readonly exitCode: number; readonly stdout: string; readonly stderr?: string } | "hang";

/**
 * The part of an Engine that verify on Swarm uses on the manager (one-shot and observer containers,
 * exec into a local task), for unit tests: each container's command is answered by `answer`, every
 * request and removal is recorded. Never for e2e (the engine is real there).
 */
export class ShotEngine {
  readonly created: ContainerCreateRequest[] = [];
  readonly removed: string[] = [];
  readonly execs: { id: string; command: readonly string[] }[] = [];
  private readonly answers = new Map<string, ShotAnswer>();

  constructor(private readonly answer: (request: ContainerCreateRequest) => ShotAnswer) {}

  asEngine(): Engine {
    return this as unknown as Engine;
  }

  async createContainer(request: ContainerCreateRequest): Promise<string> {
    const id = `shot-${this.created.length + 1}`;
    this.created.push(request);
    this.answers.set(id, this.answer(request));
    return id;
  }

  async startContainer(): Promise<void> {}

  async waitContainer(id: string, _condition?: string, signal?: AbortSignal): Promise<{ exitCode: number }> {
    const answer = this.answers.get(id);
    if (answer === "hang") {
      await new Promise((_resolve, reject) => (signal?.aborted === true ? reject(new Error("aborted")) : signal?.addEventListener("abort", () => reject(new Error("aborted")))));
    }
    return { exitCode: answer === undefined || answer === "hang" ? -1 : answer.exitCode };
  }

  async readLogs(id: string): Promise<{ stream: "stdout" | "stderr"; text: string }[]> {
    const answer = this.answers.get(id);
    if (answer === undefined || answer === "hang") return [];
    return [{ stream: "stdout", text: answer.stdout }, ...(answer.stderr ? [{ stream: "stderr" as const, text: answer.stderr }] : [])];
  }

  async removeContainer(id: string): Promise<void> {
    this.removed.push(id);
  }

  async exec(id: string, options: { command: readonly string[] }): Promise<ExecResult> {
    this.execs.push({ id, command: options.command });
    return { exitCode: 0, stdout: "done\n", stderr: "", output: "done\n", timedOut: false, durationMs: 3 };
  }

  async inspectContainer(id: string): Promise<unknown> {
    return { Id: id, State: { Running: true, Status: "running", ExitCode: 0 }, Config: { Env: [] }, Mounts: [] };
  }
}
