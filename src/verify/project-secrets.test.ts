import { describe, expect, it } from "vitest";
import { loadInline, writeProject } from "../compose/testing/inline-project.js";
import { loadSecretValues, projectNames, projectRedactor, projectSecretValues } from "./project-secrets.js";

describe("projectSecretValues", () => {
  it("collects env file values, secret contents and secret-named variables", () => {
    const project = loadInline(
      `
services:
  api:
    image: node:20-bookworm-slim
    env_file: [api.env]
    environment:
      JWT_SECRET: inline-jwt-canary
      NODE_ENV: production
      DATABASE_URL: postgres://app:\${DB_PASSWORD}@db/app
    secrets: [stripe]
secrets:
  stripe:
    file: ./stripe.txt
`,
      { extraFiles: { ".env": "DB_PASSWORD=dotenv-canary-1\nPUBLIC_NAME=shop-frontend\n", "api.env": "SESSION_SALT=envfile-canary-2\n", "stripe.txt": "sk_test_canary_3\n" } },
    );
    const values = projectSecretValues(project);
    for (const canary of ["dotenv-canary-1", "envfile-canary-2", "sk_test_canary_3", "inline-jwt-canary"]) expect(values).toContain(canary);
    expect(values).not.toContain("production");
    expect(values).not.toContain("shop-frontend");
    const redactor = projectRedactor(project);
    expect(redactor.text(`url postgres://app:dotenv-canary-1@db/app and inline-jwt-canary`)).toBe("url postgres://app:***@db/app and ***");
  });

  it("keeps the names evidence needs readable: users, databases, project and image names", () => {
    const project = loadInline(
      `
name: ux-smalltalk
services:
  db:
    image: postgres:15
    environment:
      POSTGRES_USER: \${POSTGRES_USER}
      POSTGRES_DB: \${POSTGRES_DB}
      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD}
`,
      { extraFiles: { ".env": "POSTGRES_USER=smalltalk\nPOSTGRES_DB=smalltalk_prod\nPOSTGRES_PASSWORD=pg-canary-51c0\nGREETING_WORD=plain-canary-77\n" } },
    );
    const redactor = projectRedactor(project);
    const line = 'berth report: ux-smalltalk; FATAL: password authentication failed for user "smalltalk" on smalltalk_prod';
    expect(redactor.text(line)).toBe(line);
    expect(redactor.text("pw=pg-canary-51c0 word plain-canary-77")).toBe("pw=*** word ***");
  });

  it("knows passwords passed on command lines and inside URLs of any variable", () => {
    const project = loadInline(
      `
services:
  cache:
    image: redis:7
    command: redis-server --requirepass r3d1s-canary-1
    healthcheck:
      test: ["CMD", "redis-cli", "-a", "r3d1s-canary-1", "ping"]
  mysql:
    image: mysql:8
    healthcheck:
      test: ["CMD-SHELL", "mysqladmin ping -uroot -pmy-canary-2"]
  api:
    image: node:20
    environment:
      CACHE_URL: redis://:url-canary-3@cache:6379
`,
    );
    const values = projectSecretValues(project);
    for (const canary of ["r3d1s-canary-1", "my-canary-2", "-pmy-canary-2", "url-canary-3"]) expect(values).toContain(canary);
    const redactor = projectRedactor(project);
    expect(redactor.text('{"Cmd":["redis-server","--requirepass","r3d1s-canary-1"]} then r3d1s-canary-1 and -pmy-canary-2 and url-canary-3')).toBe('{"Cmd":["redis-server","--requirepass","***"]} then *** and *** and ***');
  });
});

describe("projectRedactor and the project's own names", () => {
  const weak = `
name: monitoring
services:
  grafana:
    image: registry.example.com:5000/grafana/grafana-oss:10.2@sha256:${"a".repeat(64)}
    environment:
      GF_SECURITY_ADMIN_PASSWORD: grafana
      GF_SECURITY_SECRET_KEY: sk-canary-0042
    volumes: [grafana-data:/var/lib/grafana]
  prometheus:
    image: prom/prometheus:v2.42.0
    command: ["--password", "prometheus"]
volumes:
  grafana-data: {}
`;

  it("keeps a service named like a weak password readable, and still masks its assignments", () => {
    const redactor = projectRedactor(loadInline(weak));
    expect(redactor.text("grafana: ready; prometheus: ready; volume grafana-data")).toBe("grafana: ready; prometheus: ready; volume grafana-data");
    expect(redactor.text("GF_SECURITY_ADMIN_PASSWORD=grafana")).toBe("GF_SECURITY_ADMIN_PASSWORD=***");
    expect(redactor.text('"--password", "prometheus" and --password=prometheus')).toBe('"--password", "***" and --password=***');
  });

  it("still masks every secret that is no name of the project", () => {
    const redactor = projectRedactor(loadInline(weak));
    expect(redactor.text("key sk-canary-0042 seen")).toBe("key *** seen");
  });

  it("names the project, its services, volumes and image path segments, without registry host or tag", () => {
    const names = projectNames(loadInline(weak));
    for (const name of ["monitoring", "grafana", "prometheus", "grafana-data", "grafana-oss", "prom"]) expect(names).toContain(name);
    for (const notName of ["registry.example.com:5000", "10.2", "v2.42.0", "prometheus:v2.42.0"]) expect(names).not.toContain(notName);
  });
});

describe("loadSecretValues", () => {
  const compose = 'services:\n  web:\n    image: nginx:1.22\n    ports: ["${DB_PASSWORD}:80"]\n';
  const options = (cwd: string, extra: Record<string, unknown> = {}) => ({ files: [], profiles: [], envFiles: [], environment: { HOME: "/home/tester", SHELL_TOKEN: "shell-canary-4" }, cwd, ...extra });

  it("knows the .env secrets of a project whose load fails, but not its plain settings", () => {
    const dir = writeProject({ "compose.yaml": compose, ".env": "DB_PASSWORD=hunter2-canary\nGREETING=hello-canary\nPOSTGRES_USER=smalltalk\nCACHE_URL=redis://:url-canary@cache\n" });
    const values = loadSecretValues(options(dir));
    for (const canary of ["hunter2-canary", "hello-canary", "url-canary", "shell-canary-4"]) expect(values).toContain(canary);
    expect(values).not.toContain("smalltalk");
  });

  it("reads --env-file instead of .env, and knows nothing when the folder has no compose file", () => {
    const dir = writeProject({ "compose.yaml": compose, ".env": "DB_PASSWORD=dotenv-canary\n", "prod.env": "DB_PASSWORD=prod-canary\n" });
    const values = loadSecretValues(options(dir, { envFiles: ["prod.env"] }));
    expect(values).toContain("prod-canary");
    expect(values).not.toContain("dotenv-canary");
    expect(loadSecretValues(options(writeProject({ "README.md": "x" }), { files: ["missing.yaml"] }))).toEqual([]);
  });
});

describe("projectSecretValues on odd secret files", () => {
  it("reads no FIFO, folder or oversized file (they would never end or are no password)", () => {
    const project = loadInline(
      `
services:
  api:
    image: node:20
    secrets: [folder, big, small]
secrets:
  folder:
    file: ./certs
  big:
    file: ./big.bin
  small:
    file: ./small.txt
`,
      { extraFiles: { "certs/a.pem": "x", "big.bin": "b".repeat(70 * 1024), "small.txt": "small-canary-1\n" } },
    );
    const values = projectSecretValues(project);
    expect(values).toContain("small-canary-1");
    expect(values.some((value) => value.length > 64 * 1024)).toBe(false);
  });
});
