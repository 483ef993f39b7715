import { parentPort } from "node:worker_threads";
import { runCase, type CaseFiles } from "./run-case.js";

// One worker thread runs cases one at a time; the pool times each case and terminates the
// worker when one hangs (terminate stops even a busy synchronous loop).
parentPort?.on("message", (message: { id: number; files: CaseFiles }) => {
  runCase(message.files).then(
    (result) => parentPort?.postMessage({ id: message.id, result }),
    (error: unknown) => parentPort?.postMessage({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
