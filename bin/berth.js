#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (scripts/setup.sh does it).
import { existsSync } from "node:fs";

const entry = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("error: berth is not built yet.\n  hint: run `npm run build` (or `bash scripts/setup.sh`) in the berth folder.\n");
  process.exit(3);
}
const { runCli } = await import(entry.href);
const { processIO } = await import(new URL("../dist/cli/io.js", import.meta.url).href);
const controller = new AbortController();
let interrupted = 0;
process.on("SIGINT", () => {
  interrupted += 1;
  if (interrupted > 1) process.exit(130);
  process.stderr.write("\ninterrupted: stopping cleanly (Ctrl-C again to force)\n");
  controller.abort();
});
process.on("SIGTERM", () => controller.abort());
process.exitCode = await runCli(process.argv.slice(2), processIO(controller.signal));
