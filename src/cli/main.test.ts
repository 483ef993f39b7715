import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./main.js";
import { testIO } from "./testing/test-io.js";

describe("runCli", () => {
  it("prints the version and exits 0", async () => {
    const { io, stdout } = testIO();
    expect(await runCli(["--version"], io)).toBe(0);
    expect(stdout.text).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("never prints a secret an error quotes (the loader quotes the interpolated value)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-main-"));
    writeFileSync(join(dir, "compose.yaml"), "services:\n  web:\n    image: nginx:1.22\n    mem_limit: ${DB_PASSWORD}\n");
    for (const verb of ["config", "up"]) {
      const { io, stderr } = testIO(dir, { DB_PASSWORD: "canary-pw-9d8e7f" });
      expect(await runCli([verb], io)).toBe(1);
      expect(stderr.text).toContain('services.web.mem_limit: invalid size: "***"');
      expect(stderr.text).not.toContain("canary-pw-9d8e7f");
    }
  });

  it("exits 2 on a usage error", async () => {
    const { io, stderr } = testIO();
    expect(await runCli(["--no-such-flag"], io)).toBe(2);
    expect(stderr.text).toContain("--no-such-flag");
  });
});

describe("command loading", () => {
  it("lists every verb in the help", async () => {
    const { io, stdout } = testIO();
    expect(await runCli(["--help"], io)).toBe(0);
    const verbs = ["config", "check", "up", "down", "ps", "logs", "verify", "report", "backup", "restore", "migrate", "serve", "history", "rollback"];
    for (const verb of [...verbs, "exec", "start", "stop", "restart", "kill", "rm", "images", "port"]) {
      expect(stdout.text).toContain(`${verb} `);
    }
  });

  it("loads only the verb's module for a command line with a verb", async () => {
    const { loadCommandModules } = await import("./commands/index.js");
    expect(await loadCommandModules(["ps", "--json"])).toHaveLength(1);
    expect(await loadCommandModules(["--version"])).toHaveLength(0);
    expect((await loadCommandModules(["no-such-verb"])).length).toBeGreaterThan(10);
    expect(await loadCommandModules(["-f", "x.yml", "-p", "shop", "logs", "-f"])).toHaveLength(1);
  });

  it("registers every verb's options without a clash", async () => {
    const { commandLoaders } = await import("./commands/index.js");
    for (const verb of Object.keys(commandLoaders)) {
      const { io, stdout } = testIO();
      expect(await runCli([verb, "--help"], io), verb).toBe(0);
      expect(stdout.text, verb).toContain(`Usage: berth ${verb}`);
    }
  });
});

describe("global options before the verb", () => {
  const dir = mkdtempSync(join(tmpdir(), "berth-global-"));
  writeFileSync(join(dir, "other.yml"), "name: shop\nservices:\n  web:\n    image: nginx:1.22\n");

  it("takes -f and -p before the verb, as docker compose does", async () => {
    const { io, stdout } = testIO(dir);
    expect(await runCli(["-f", "other.yml", "-p", "shop2", "config", "--format", "json"], io)).toBe(0);
    expect(JSON.parse(stdout.text)).toMatchObject({ name: "shop2", services: { web: { image: "nginx:1.22" } } });
  });

  it("exits 2 on a -p longer than 63 characters and on a missing --project-directory", async () => {
    const long = testIO(dir);
    expect(await runCli(["-p", "a".repeat(10_000), "-f", "other.yml", "config"], long.io)).toBe(2);
    expect(long.stderr.text).toContain("-p/--project-name is 10000 characters long");
    const missing = testIO(dir);
    expect(await runCli(["--project-directory", "gone", "-f", "other.yml", "config"], missing.io)).toBe(2);
    expect(missing.stderr.text).toContain("--project-directory gone: no such directory");
  });

  it("never guesses a verb: a typo gets no 'did you mean' (restart once became restore)", async () => {
    for (const typo of ["restor", "restat", "dwn"]) {
      const { io, stderr } = testIO(dir);
      expect(await runCli([typo], io)).toBe(2);
      expect(stderr.text).toContain(`unknown command '${typo}'`);
      expect(stderr.text).not.toMatch(/did you mean/i);
    }
  });
});
