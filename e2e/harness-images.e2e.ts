import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDockerEngine } from "../src/engine/connect-docker-engine.js";
import type { DockerEngine } from "../src/engine/docker-engine.js";
import type { ContainerCreateRequest } from "../src/engine/engine.js";

// The base images scripts/harness/build-images.sh provides keep the official images' conventions
// that users (and berth's checks) rely on: users, paths, binaries present or absent. Real images
// pass these too; stand-ins must also say what they are.
const PREFIX = "berthe2e-engine-img";
const TEST_LABEL = { "io.berth.test": "engine-images-e2e" };

let engine: DockerEngine;

beforeAll(async () => {
  engine = await connectDockerEngine();
  await cleanUp();
});
afterAll(cleanUp);

async function cleanUp(): Promise<void> {
  if (engine === undefined) return;
  for (const container of await engine.listContainers({ labels: TEST_LABEL }))
    await engine.removeContainer(container.id, { force: true, volumes: true });
}

/** Runs a shell script in a fresh container of the image and returns its exit code and stdout. */
async function runScript(
  image: string,
  script: string,
  extra: Partial<ContainerCreateRequest> = {},
): Promise<{ exitCode: number; stdout: string }> {
  const name = `${PREFIX}-${image.replace(/[^a-z0-9]+/g, "-")}`;
  const id = await engine.createContainer({
    name,
    Image: image,
    Labels: TEST_LABEL,
    Entrypoint: ["sh", "-c"],
    Cmd: [script],
    ...extra,
  });
  await engine.startContainer(id);
  const { exitCode } = await engine.waitContainer(id);
  const stdout = (await engine.readLogs(id))
    .filter((chunk) => chunk.stream === "stdout")
    .map((chunk) => chunk.text)
    .join("");
  await engine.removeContainer(id, { volumes: true });
  return { exitCode, stdout };
}

async function waitForPostgres(id: string): Promise<void> {
  const probe = () =>
    engine.exec(id, {
      command: ["pg_isready", "-h", "127.0.0.1", "-U", "app", "-d", "shop"],
      timeoutMs: 5_000,
    });
  const deadline = Date.now() + 60_000;
  let ready = await probe();
  while (ready.exitCode !== 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    ready = await probe();
  }
  expect(ready.exitCode, ready.output).toBe(0);
}

const has = (binary: string) =>
  `if command -v ${binary} >/dev/null; then echo "${binary}=yes"; else echo "${binary}=no"; fi`;

describe("base images from the harness", () => {
  it.each([
    "debian:bookworm-slim",
    "node:20-bookworm-slim",
    "postgres:15",
    "redis:7",
    "nginx:1.22",
    "python:3.11-slim-bookworm",
    "prom/prometheus:v2.42.0",
  ])("%s exists and, when a stand-in, says so and what it contains", async (tag) => {
    const image = await engine.inspectImage(tag);
    expect(image, `${tag} is missing: run scripts/harness/build-images.sh`).toBeDefined();
    const labels = image?.Config.Labels ?? {};
    if (labels["io.berth.stand-in"] === "true") {
      expect(labels["org.opencontainers.image.description"]).toMatch(
        new RegExp(`^berth stand-in for ${tag.replace(/[.]/g, "\\.")}: .{20,}`),
      );
    }
  });

  it("node:20-bookworm-slim runs Node 20 as user node (1000) and has npm but no curl or wget", async () => {
    const script = [
      'node -p "process.versions.node.split(\\".\\")[0]"',
      "id -u node",
      "npm --version >/dev/null && echo npm=yes",
      has("curl"),
      has("wget"),
    ].join("; ");
    const { exitCode, stdout } = await runScript("node:20-bookworm-slim", script);
    expect(exitCode).toBe(0);
    expect(stdout.split("\n")).toEqual(["20", "1000", "npm=yes", "curl=no", "wget=no", ""]);
  });

  it("postgres:15 has pg_isready, psql and pg_dump but no curl, and runs as postgres (999)", async () => {
    const script = [
      has("pg_isready"),
      has("psql"),
      has("pg_dump"),
      has("curl"),
      "id -u postgres",
      'echo "$PGDATA"',
    ].join("; ");
    const { stdout } = await runScript("postgres:15", script);
    expect(stdout.split("\n")).toEqual([
      "pg_isready=yes",
      "psql=yes",
      "pg_dump=yes",
      "curl=no",
      "999",
      "/var/lib/postgresql/data",
      "",
    ]);
  });

  it("postgres:15 initialises POSTGRES_USER/DB, runs init scripts once, and answers pg_isready over TCP", async () => {
    const initDir = mkdtempSync(join(tmpdir(), `${PREFIX}-init-`));
    writeFileSync(join(initDir, "1-schema.sql"), "CREATE TABLE notes (id int);\n");
    chmodSync(initDir, 0o755); // the entrypoint reads it as user postgres, as the official one does
    const id = await engine.createContainer({
      name: `${PREFIX}-pg`,
      Image: "postgres:15",
      Labels: TEST_LABEL,
      Env: ["POSTGRES_USER=app", "POSTGRES_PASSWORD=secret", "POSTGRES_DB=shop"],
      HostConfig: { Binds: [`${initDir}:/docker-entrypoint-initdb.d:ro`] },
    });
    await engine.startContainer(id);
    await waitForPostgres(id);
    const query = await engine.exec(id, {
      command: [
        "psql",
        "-U",
        "app",
        "-d",
        "shop",
        "-tAc",
        "select current_user || '@' || current_database() || ':' || to_regclass('notes')",
      ],
      timeoutMs: 5_000,
    });
    expect(query.stdout.trim(), query.output).toBe("app@shop:notes");
    await engine.restartContainer(id, { timeoutSeconds: 10 });
    await waitForPostgres(id);
    const logs = (await engine.readLogs(id)).map((chunk) => chunk.text).join("");
    expect(logs.match(/running \/docker-entrypoint-initdb\.d\/1-schema\.sql/g)).toHaveLength(1);
    expect(logs).toContain("Skipping initialization");
    await engine.removeContainer(id, { force: true, volumes: true });
    rmSync(initDir, { recursive: true, force: true });
  });

  it("redis:7 has redis-server 7 and redis-cli, no curl", async () => {
    const { stdout } = await runScript(
      "redis:7",
      ["redis-server --version | grep -o 'v=7' ", has("redis-cli"), has("curl")].join("; "),
    );
    expect(stdout.split("\n")).toEqual(["v=7", "redis-cli=yes", "curl=no", ""]);
  });

  it("nginx:1.22 is laid out like the official image and has curl", async () => {
    const script = [
      "nginx -v 2>&1 | grep -o 'nginx/1.22'",
      "test -f /etc/nginx/conf.d/default.conf && echo conf.d=yes",
      "test -f /usr/share/nginx/html/index.html && echo html=yes",
      has("curl"),
    ].join("; ");
    const { stdout } = await runScript("nginx:1.22", script);
    expect(stdout.split("\n")).toEqual(["nginx/1.22", "conf.d=yes", "html=yes", "curl=yes", ""]);
  });

  it("python:3.11-slim-bookworm has python 3.11 and pip, no curl or wget", async () => {
    const script = [
      "python -c 'import sys; print(sys.version_info[:2])'",
      "pip --version >/dev/null && echo pip=yes",
      has("curl"),
      has("wget"),
    ].join("; ");
    const { stdout } = await runScript("python:3.11-slim-bookworm", script);
    expect(stdout.split("\n")).toEqual(["(3, 11)", "pip=yes", "curl=no", "wget=no", ""]);
  });

  it("prom/prometheus:v2.42.0 runs as nobody with /bin/prometheus and wget, no curl", async () => {
    const image = await engine.inspectImage("prom/prometheus:v2.42.0");
    expect(image?.Config.Entrypoint).toEqual(["/bin/prometheus"]);
    const { stdout } = await runScript(
      "prom/prometheus:v2.42.0",
      ["id -un", "/bin/prometheus --version 2>&1 | grep -o 'version 2.42'", has("wget"), has("curl")].join(
        "; ",
      ),
    );
    expect(stdout.split("\n")).toEqual(["nobody", "version 2.42", "wget=yes", "curl=no", ""]);
  });
});
