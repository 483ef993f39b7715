import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadProject } from "./load.js";
import { caughtConfigError } from "./testing/caught.js";
import { writeProject } from "./testing/inline-project.js";

// A stack written the way users write them: anchors for shared settings, a required secret from
// .env, a default version, unquoted ports (`22:22`, which a YAML 1.1 reader takes for a number in
// base 60), a build with list args, a debug-only service in a profile.
const composeYaml = `x-logging: &default-logging
  driver: json-file
  options: {max-size: "10m", max-file: "3"}

services:
  db:
    image: postgres:\${PG_VERSION:-15}
    restart: unless-stopped
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: \${DB_PASSWORD:?set DB_PASSWORD in .env}
    volumes:
      - db-data:/var/lib/postgresql/data
      - ./initdb:/docker-entrypoint-initdb.d:ro
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U app"]
      interval: 5s
      retries: 10
    logging: *default-logging
  redis:
    image: redis:7-alpine
    command: redis-server --appendonly yes
  web:
    build:
      context: .
      args:
        - NODE_ENV=production
    ports:
      - 22:22
      - "3000:3000"
    depends_on:
      db: {condition: service_healthy}
      redis: {condition: service_started}
    env_file: .env
    logging: *default-logging
  adminer:
    image: adminer
    profiles: [debug]
    ports: ["8081:8080"]
    depends_on: [db]

volumes:
  db-data:
`;

function load(dotenv: string, profiles: readonly string[] = []) {
  const dir = writeProject({ "compose.yaml": composeYaml, ".env": dotenv }, "shop");
  return { dir, project: loadProject({ files: [], profiles, envFiles: [], environment: { HOME: "/home/ann" }, cwd: dir }) };
}

describe("a stack as users write it", () => {
  const { dir, project } = load("DB_PASSWORD=s3cret\nPUBLIC_URL=http://localhost:3000\n");

  it("loads the services of the default profile, in file order", () => {
    expect(Object.keys(project.services)).toEqual(["db", "redis", "web"]);
    expect(Object.keys(project.meta.disabledServices)).toEqual(["adminer"]);
  });

  it("fills defaults and required values from .env", () => {
    const db = project.services["db"];
    expect(db?.image).toBe("postgres:15");
    expect(db?.environment).toEqual({ POSTGRES_USER: "app", POSTGRES_PASSWORD: "s3cret" });
  });

  it("shares anchored settings between services", () => {
    const logging = { driver: "json-file", options: { "max-size": "10m", "max-file": "3" } };
    expect([project.services["db"]?.logging, project.services["web"]?.logging]).toEqual([logging, logging]);
  });

  it("reads unquoted 22:22 as a port mapping, not as a number", () => {
    expect(project.services["web"]?.ports?.map((port) => [port.published, port.target])).toEqual([
      ["22", 22],
      ["3000", 3000],
    ]);
  });

  it("names the volume after the project, binds the init folder read-only from the project folder", () => {
    expect(project.volumes["db-data"]).toMatchObject({ name: "shop_db-data" });
    expect(project.services["db"]?.volumes?.[1]).toMatchObject({ type: "bind", source: join(dir, "initdb"), read_only: true });
  });

  it("splits a command string, and keeps dependency conditions", () => {
    expect(project.services["redis"]?.command).toEqual(["redis-server", "--appendonly", "yes"]);
    expect(project.services["web"]?.depends_on).toEqual({ db: { condition: "service_healthy", required: true }, redis: { condition: "service_started", required: true } });
  });

  it("gives the web service the .env values as its environment and its build args as a map", () => {
    expect(project.services["web"]?.environment).toEqual({ DB_PASSWORD: "s3cret", PUBLIC_URL: "http://localhost:3000" });
    expect(project.services["web"]?.build).toMatchObject({ context: dir, dockerfile: "Dockerfile", args: { NODE_ENV: "production" } });
  });

  it("normalizes the healthcheck", () => {
    expect(project.services["db"]?.healthcheck).toMatchObject({ test: ["CMD-SHELL", "pg_isready -U app"], interval: "5s", retries: 10 });
  });

  it("adds the debug service and its port with --profile debug", () => {
    const debug = load("DB_PASSWORD=s3cret\n", ["debug"]).project;
    expect(Object.keys(debug.services)).toContain("adminer");
    expect(debug.services["adminer"]?.depends_on?.["db"]?.condition).toBe("service_started");
  });
});

describe("the same stack with the mistakes users make", () => {
  it("stops at the missing password with the author's message, the variable and the line", () => {
    const error = caughtConfigError(() => load("PUBLIC_URL=x\n"));
    expect(error.message).toContain("DB_PASSWORD");
    expect(error.message).toContain("set DB_PASSWORD in .env");
    expect(error.location?.line).toBe(11);
  });

  it("treats a password set but empty as missing too (:?)", () => {
    expect(() => load("DB_PASSWORD=\n")).toThrow(/set DB_PASSWORD in \.env/);
  });

  it("never shows the password in an error about another key", () => {
    const dir = writeProject({ "compose.yaml": composeYaml.replace("retries: 10", "retries: ten"), ".env": "DB_PASSWORD=hunter2-s3cret\n" }, "shop");
    const error = caughtConfigError(() => loadProject({ files: [], profiles: [], envFiles: [], environment: {}, cwd: dir }));
    expect(error.location?.line).toBe(18);
    expect(`${error.message} ${error.hint ?? ""}`).not.toContain("hunter2-s3cret");
  });
});
