import { describe, expect, it } from "vitest";
import { writeProject } from "../../compose/testing/inline-project.js";
import { BufferSink, type CliIO } from "../io.js";
import { runCli } from "../main.js";

function testIO(cwd = process.cwd(), env: Record<string, string> = {}) {
  const stdout = new BufferSink();
  const stderr = new BufferSink();
  const io: CliIO = { stdout, stderr, env, cwd, isTTY: false, signal: new AbortController().signal };
  return { io, stdout, stderr };
}

const compose = "services:\n  web:\n    image: 'nginx:${TAG}'\n    ports: ['8080:80']\n  debug:\n    image: busybox\n    profiles: [debug]\n";

async function config(args: string[], files: Record<string, string> = { "compose.yaml": compose }, env: Record<string, string> = { TAG: "1.27" }) {
  const dir = writeProject(files, "shop");
  const { io, stdout, stderr } = testIO(dir, env);
  const code = await runCli(["config", ...args], io);
  return { code, stdout: stdout.text, stderr: stderr.text, dir };
}

describe("berth config", () => {
  it("prints the canonical project as JSON", async () => {
    const { code, stdout } = await config(["--format", "json"]);
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as { name: string; services: Record<string, { image: string; ports: unknown[] }> };
    expect(json.name).toBe("shop");
    expect(Object.keys(json.services)).toEqual(["web"]);
    expect(json.services["web"]?.image).toBe("nginx:1.27");
    expect(json.services["web"]?.ports).toEqual([{ mode: "ingress", target: 80, published: "8080", protocol: "tcp" }]);
  });

  it("prints YAML by default", async () => {
    const { code, stdout } = await config([]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^name: shop\nservices:\n {2}web:\n/);
    expect(stdout).toContain('published: "8080"');
  });

  it("lists service names with --services, honouring --profile and positional services", async () => {
    expect((await config(["--services"])).stdout).toBe("web\n");
    expect((await config(["--services", "--profile", "debug"])).stdout).toBe("web\ndebug\n");
    expect((await config(["--services", "debug"])).stdout).toBe("debug\n");
  });

  it("lists volumes, networks, profiles and images like docker compose config", async () => {
    const files = { "compose.yaml": `${compose}  built:\n    build: .\n    volumes: [data:/d]\nvolumes:\n  data:\n` };
    expect((await config(["--volumes"], files)).stdout).toBe("data\n");
    expect((await config(["--networks"], files)).stdout).toBe("default\n");
    expect((await config(["--profiles"], files)).stdout).toBe("debug\n");
    expect((await config(["--images"], files)).stdout).toBe("nginx:1.27\nshop-built\n");
  });

  it("takes -f, -p and --env-file", async () => {
    const files = { "stack.yaml": compose, "prod.env": "TAG=2.0\n" };
    const { code, stdout } = await config(["-f", "stack.yaml", "-p", "prod", "--env-file", "prod.env", "--format", "json"], files, {});
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ name: "prod", services: { web: { image: "nginx:2.0" } } });
  });

  it("warns on stderr about unset variables and the obsolete version key", async () => {
    const { code, stderr } = await config(["--format", "json"], { "compose.yaml": `version: "3.8"\n${compose}` }, {});
    expect(code).toBe(0);
    expect(stderr).toMatch(/^WARN .*compose.yaml:4:5: The "TAG" variable is not set/m);
    expect(stderr).toMatch(/^WARN .*compose.yaml:1:1: the attribute `version` is obsolete/m);
  });

  it("exits 1 with a located error and a hint on invalid input, without a stack trace", async () => {
    const { code, stderr, dir } = await config([], { "compose.yaml": "services:\n  web:\n    image: a\n    imagee: b\n" });
    expect(code).toBe(1);
    expect(stderr).toContain(`error: ${dir}/compose.yaml:4:5: validating ${dir}/compose.yaml: services.web additional property 'imagee' is not allowed`);
    expect(stderr).toContain("hint:");
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 on usage errors: invalid -p, unknown format", async () => {
    const invalidName = await config(["-p", "Bad_Name"]);
    expect(invalidName.code).toBe(2);
    expect(invalidName.stderr).toContain("Bad_Name");
    expect((await config(["--format", "toml"])).code).toBe(2);
  });
});

describe("berth (unknown command)", () => {
  it("exits 2 naming the command", async () => {
    const { io, stderr } = testIO();
    expect(await runCli(["deploy-everything"], io)).toBe(2);
    expect(stderr.text).toContain("deploy-everything");
  });
});
