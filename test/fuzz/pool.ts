import { Worker } from "node:worker_threads";
import type { CaseFiles, CaseResult } from "./run-case.js";

export type Outcome = { readonly kind: "done"; readonly result: CaseResult; readonly ms: number } | { readonly kind: "hang"; readonly ms: number } | { readonly kind: "harness-error"; readonly error: string };

interface Slot {
  worker: Worker;
  busy: boolean;
}

/**
 * Worker threads that run cases with a time limit each: a case past the limit is a hang, its
 * worker is terminated and replaced. TypeScript is loaded through tsx in every worker.
 */
export class CasePool {
  private readonly slots: Slot[] = [];
  private readonly waiting: (() => void)[] = [];
  private nextId = 0;

  constructor(size: number, private readonly timeoutMs: number) {
    for (let index = 0; index < size; index++) this.slots.push({ worker: this.spawn(), busy: false });
  }

  private spawn(): Worker {
    // tsx's loader registered inside the thread: `--import tsx` in execArgv does not reach a
    // worker's entry module on Node 20.
    const entry = new URL("./worker.ts", import.meta.url).href;
    const bootstrap = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
    const worker = new Worker(bootstrap, { eval: true, stdout: true, stderr: true });
    worker.stdout.resume();
    worker.stderr.resume();
    worker.unref();
    return worker;
  }

  async run(files: CaseFiles): Promise<Outcome> {
    const slot = await this.acquire();
    const id = this.nextId++;
    const started = Date.now();
    try {
      return await new Promise<Outcome>((resolve) => {
        const timer = setTimeout(() => {
          cleanup();
          void slot.worker.terminate();
          slot.worker = this.spawn();
          resolve({ kind: "hang", ms: Date.now() - started });
        }, this.timeoutMs);
        const onMessage = (message: { id: number; result?: CaseResult; error?: string }) => {
          if (message.id !== id) return;
          cleanup();
          resolve(message.result ? { kind: "done", result: message.result, ms: Date.now() - started } : { kind: "harness-error", error: message.error ?? "no result" });
        };
        const onExit = () => {
          cleanup();
          slot.worker = this.spawn();
          resolve({ kind: "harness-error", error: "the worker exited (process.exit or an abort inside berth)" });
        };
        const cleanup = () => {
          clearTimeout(timer);
          slot.worker.off("message", onMessage);
          slot.worker.off("exit", onExit);
        };
        slot.worker.on("message", onMessage);
        slot.worker.on("exit", onExit);
        slot.worker.postMessage({ id, files });
      });
    } finally {
      this.release(slot);
    }
  }

  private acquire(): Promise<Slot> {
    const free = this.slots.find((slot) => !slot.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((resolve) => this.waiting.push(() => void this.acquire().then(resolve)));
  }

  private release(slot: Slot): void {
    slot.busy = false;
    this.waiting.shift()?.();
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}
