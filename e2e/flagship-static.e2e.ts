import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BufferSink } from "../src/cli/io.js";
import { runCli } from "../src/cli/main.js";
import { EXAMPLE, run, secret } from "./support/flagship.js";

// The flagship example before any container: its backend's own unit tests (with its own
// lockfile) and `berth check` on its files. e2e/flagship.e2e.ts deploys and operates it.

const BACKEND = join(EXAMPLE, "backend");
const monitoring = ["--profile", "monitoring"];
const secrets = { POSTGRES_PASSWORD: secret(), REDIS_PASSWORD: secret() };

describe("flagship backend unit tests (examples/fullstack/backend)", () => {
  it("pass with the example's own lockfile", async () => {
    const installed = join(BACKEND, "node_modules", ".package-lock.json");
    if (!existsSync(installed) || statSync(join(BACKEND, "package-lock.json")).mtimeMs > statSync(installed).mtimeMs) {
      await run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: BACKEND, timeout: 120_000 });
    }
    // `npm test` typechecks (tsc --noEmit), then runs vitest.
    const { stdout } = await run("npm", ["test", "--", "--reporter=dot"], { cwd: BACKEND, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" }, timeout: 120_000 });
    expect(stdout).toMatch(/Tests\s+\d+ passed/);
    expect(stdout).not.toMatch(/failed/);
  });
});

describe("berth check on the flagship", () => {
  it.each([[monitoring], [["-f", "compose.yaml", "-f", "compose.dev.yaml"]]])("finds no error with %j", async (args) => {
    const [stdout, stderr] = [new BufferSink(), new BufferSink()];
    const io = { stdout, stderr, env: { PATH: process.env["PATH"], ...secrets }, cwd: EXAMPLE, isTTY: false, signal: new AbortController().signal };
    // Errors fail this test; a warning is printed for whoever adds the rule (the flagship is
    // meant to be warning-free too: fix the stack or the rule's false positive).
    const code = await runCli(["check", ...args], io);
    const output = stdout.text + stderr.text;
    if (!output.includes("no problems found")) console.warn(`berth check ${args.join(" ")}:\n${output}`);
    expect(output).toMatch(/no problems found| 0 error\(s\)/);
    expect(code).toBe(0);
  });
});
