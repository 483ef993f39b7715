import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BufferSink, type CliIO } from "../io.js";
import { runCli } from "../main.js";

function testIO(cwd = process.cwd()) {
  const stdout = new BufferSink();
  const stderr = new BufferSink();
  const io: CliIO = { stdout, stderr, env: {}, cwd, isTTY: false, signal: new AbortController().signal };
  return { io, stdout, stderr };
}

const dirs: string[] = [];
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "berth-check-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const risky = "services:\n  db:\n    image: postgres:15\n    restart: unless-stopped\n    environment:\n      POSTGRES_PASSWORD: change-this-password\n";

describe("berth check", () => {
  it("prints findings grouped by file and exits 1 on an error", async () => {
    const { io, stdout } = testIO(project({ "compose.yaml": risky }));
    expect(await runCli(["check"], io)).toBe(1);
    expect(stdout.text).toContain("compose.yaml\n");
    expect(stdout.text).toContain("error  POSTGRES_PASSWORD is a placeholder");
  });
  it("--fail-on none exits 0; --format json prints the findings object", async () => {
    const { io, stdout } = testIO(project({ "compose.yaml": risky }));
    expect(await runCli(["check", "--format", "json", "--fail-on", "none"], io)).toBe(0);
    const parsed = JSON.parse(stdout.text) as { findings: { rule: string; file: string }[] };
    expect(parsed.findings.some((finding) => finding.rule === "placeholder-secret" && finding.file === "compose.yaml")).toBe(true);
  });
  it("--format sarif prints one SARIF 2.1.0 run with project-relative locations", async () => {
    const { io, stdout } = testIO(project({ "compose.yaml": risky }));
    expect(await runCli(["check", "--format", "sarif"], io)).toBe(1);
    const log = JSON.parse(stdout.text) as { version: string; runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(log.version).toBe("2.1.0");
    const placeholder = log.runs[0]!.results.find((result) => result.ruleId === "placeholder-secret");
    expect(placeholder?.locations[0]?.physicalLocation.artifactLocation.uri).toBe("compose.yaml");
  });
  it("exits 0 when only warnings exist and the threshold is error", async () => {
    const clean = "services:\n  db:\n    image: postgres\n    restart: unless-stopped\n";
    const { io } = testIO(project({ "compose.yaml": clean }));
    expect(await runCli(["check"], io)).toBe(0);
    expect(await runCli(["check", "--fail-on", "warning"], testIO(io.cwd).io)).toBe(1);
  });
  it("reports invalid YAML as compose-invalid with its position instead of crashing", async () => {
    const { io, stdout } = testIO(project({ "compose.yaml": "services:\n  web:\n    image: nginx\n   ports: [80]\n" }));
    expect(await runCli(["check", "--format", "json"], io)).toBe(1);
    const parsed = JSON.parse(stdout.text) as { findings: { rule: string; line: number }[] };
    expect(parsed.findings[0]).toMatchObject({ rule: "compose-invalid" });
    expect(parsed.findings[0]!.line).toBeGreaterThan(1);
  });
  it("--explain prints a rule's doc and rejects unknown rules with exit 2", async () => {
    const { io, stdout } = testIO();
    expect(await runCli(["check", "--explain", "healthcheck-tool-missing"], io)).toBe(0);
    expect(stdout.text).toMatch(/^healthcheck-tool-missing \(error, cross-file\)/);
    expect(stdout.text).toContain("Why it matters");
    const bad = testIO();
    expect(await runCli(["check", "--explain", "no-such-rule"], bad.io)).toBe(2);
    expect(bad.stderr.text).toContain("--list-rules");
  });
  it("--list-rules lists every rule", async () => {
    const { io, stdout } = testIO();
    expect(await runCli(["check", "--list-rules"], io)).toBe(0);
    expect(stdout.text.trim().split("\n").length).toBeGreaterThanOrEqual(50);
  });
});

describe("berth check PATH", () => {
  it("checks a folder given as PATH, from anywhere", async () => {
    const dir = project({ "compose.yaml": risky });
    const { io, stdout } = testIO(tmpdir());
    expect(await runCli(["check", dir], io)).toBe(1);
    expect(stdout.text).toContain("error  POSTGRES_PASSWORD is a placeholder");
  });
  it("checks a compose file given as PATH, its folder as the project folder", async () => {
    const dir = project({ "docker-compose.prod.yml": risky, "compose.yaml": "services:\n  ok:\n    image: nginx:1.22\n" });
    const { io, stdout } = testIO(tmpdir());
    expect(await runCli(["check", join(dir, "docker-compose.prod.yml"), "--format", "json", "--fail-on", "none"], io)).toBe(0);
    const parsed = JSON.parse(stdout.text) as { findings: { rule: string; file: string }[] };
    expect(parsed.findings.map((finding) => finding.file)).toContain("docker-compose.prod.yml");
    expect(parsed.findings.map((finding) => finding.file)).not.toContain("compose.yaml");
  });
  it("names a missing PATH as a usage error", async () => {
    const { io, stderr } = testIO(tmpdir());
    expect(await runCli(["check", join(tmpdir(), "no-such-berth-project")], io)).toBe(2);
    expect(stderr.text).toContain("no such file or folder");
  });
  it("checks services under every profile and says which", async () => {
    const dir = project({ "compose.yaml": "services:\n  web:\n    image: nginx:1.22\n  debug:\n    image: node:20\n    profiles: [dev]\n    ports: ['9229:9229']\n" });
    const { io, stdout } = testIO(dir);
    expect(await runCli(["check"], io)).toBe(1);
    expect(stdout.text).toContain("debug-port-published");
    expect(stdout.text).toContain("profiles checked: dev");
  });
});
