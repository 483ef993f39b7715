#!/usr/bin/env -S node --
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (scripts/setup.sh does it).
//
// The `--` on the first line matters: Node 20 reads `--env-file` anywhere on its command line,
// after the script name too, until a `--`. Without it `berth up --env-file prod.env` had Node load
// prod.env into process.env (or exit 9 "node: prod.env: not found") before berth saw the flag.
import { existsSync, readFileSync } from "node:fs";

/**
 * True when Node itself took an `--env-file` meant for berth: the raw command line (Linux's
 * /proc/self/cmdline; elsewhere unknown, so false) has one with no `--` before it, which is how
 * Node 20 scans. Happens with `node bin/berth.js ... --env-file x`, not through the first line.
 */
function nodeTookEnvFile() {
  if (!process.argv.slice(2).some((arg) => arg === "--env-file" || arg.startsWith("--env-file="))) return false;
  let raw;
  try {
    raw = readFileSync("/proc/self/cmdline", "utf8").split("\0");
  } catch {
    return false;
  }
  for (const arg of raw.slice(1)) {
    if (arg === "--") return false;
    if (arg === "--env-file" || arg.startsWith("--env-file=")) return true;
  }
  return false;
}

/**
 * `config`, `check` and any `--dry-run` only read: `config` and `check` only read files: there is nothing to stop cleanly, and a handler could not
 * run anyway while they compute (a 4 MB compose file keeps the event loop busy for seconds). They
 * keep Node's default action, so Ctrl-C and SIGTERM end them at once (exit 130 and 143).
 */
function readsOnly(args) {
  // A dry run changes nothing either (no lock, no journal): planning a huge project is as long.
  if (args.includes("--dry-run")) return true;
  const valueFlags = new Set(["-f", "--file", "-p", "--project-name", "--profile", "--env-file", "--project-directory"]);
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (valueFlags.has(arg)) index++;
    else if (!arg.startsWith("-")) return arg === "config" || arg === "check";
  }
  return false;
}

if (nodeTookEnvFile()) {
  process.stderr.write(
    "error: Node read berth's --env-file itself (`node bin/berth.js` passes every flag to Node 20 first), so the environment berth would read is not yours.\n" +
      "  hint: run `berth ...` or `bin/berth.js ...` directly, or put `--` before the script: `node -- bin/berth.js ...`.\n",
  );
  process.exit(2);
}
const entry = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("error: berth is not built yet.\n  hint: run `npm run build` (or `bash scripts/setup.sh`) in the berth folder.\n");
  process.exit(3);
}
const { runCli } = await import(entry.href);
const { processIO } = await import(new URL("../dist/cli/io.js", import.meta.url).href);
const controller = new AbortController();
if (!readsOnly(process.argv.slice(2))) {
  let interrupted = 0;
  process.on("SIGINT", () => {
    interrupted += 1;
    if (interrupted > 1) process.exit(130);
    process.stderr.write("\ninterrupted: stopping cleanly (Ctrl-C again to force)\n");
    controller.abort();
  });
  process.on("SIGTERM", () => controller.abort());
}
process.exitCode = await runCli(process.argv.slice(2), processIO(controller.signal));
