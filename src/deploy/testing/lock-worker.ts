// A separate process contending for the project lock (lock.test.ts runs several at once):
// `lock-worker.ts STATE_DIR LOG ROUNDS HOLD_MS` logs `enter PID` / `exit PID` around each hold;
// with `hang` as ROUNDS it takes the lock once, says `held`, and waits to be killed.
import { appendFileSync } from "node:fs";
import { lockProject } from "../lock.js";

const [stateDir, log, rounds, holdMs] = process.argv.slice(2) as [string, string, string, string];
const signal = new AbortController().signal;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

if (rounds === "hang") {
  await lockProject({ stateDir, timeoutMs: 10_000, signal });
  process.stdout.write("held\n");
  setInterval(() => undefined, 1000);
} else {
  for (let round = 0; round < Number(rounds); round++) {
    const lock = await lockProject({ stateDir, timeoutMs: 60_000, signal });
    appendFileSync(log, `enter ${process.pid}\n`);
    await sleep(Number(holdMs));
    appendFileSync(log, `exit ${process.pid}\n`);
    await lock.release();
  }
}
