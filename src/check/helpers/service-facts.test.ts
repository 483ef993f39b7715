import { describe, expect, it } from "vitest";
import type { ServiceView } from "../context.js";
import { fixtureContext } from "../testing/check-fixture.js";
import { listeningPorts } from "./listening-ports.js";
import { hasHealthcheck, healthcheckLine, isLoopback, isOneShot, isSecretKey, knownHostnames, publishedPorts, serviceByHost } from "./service-facts.js";
import { startupText } from "./startup.js";

const context = fixtureContext({
  compose: `services:
  db:
    image: postgres:15
  api:
    build: ./api
    ports: ["127.0.0.1:8080:3000", "9229"]
    environment:
      PORT: "4000"
      TOKEN:
    networks:
      default:
        aliases: [backend]
  worker:
    image: python:3.12-slim
    command: gunicorn --bind 0.0.0.0:8000 app:wsgi
    expose: ["9000/tcp"]
    healthcheck:
      test: ["CMD-SHELL", "curl -f http://localhost:8000/ || exit 1"]
  web:
    image: nginx:1.22
    container_name: shop-web
    hostname: www
    healthcheck:
      disable: true
  migrate:
    image: node:20-bookworm-slim
    restart: "no"
  seed-data:
    image: node:20-bookworm-slim
  jobs:
    image: node:20-bookworm-slim
    depends_on:
      seed-data: { condition: service_completed_successfully }
`,
  files: { "api/Dockerfile": 'FROM node:20-slim\nEXPOSE 3000/tcp\nHEALTHCHECK CMD node health.js\nCMD ["node", "server.js", "--port", "5000"]\n' },
});
const view = (name: string): ServiceView => context.services.find((candidate) => candidate.name === name)!;

describe("listeningPorts", () => {
  it.each([
    ["db", [5432]],
    ["api", [3000, 4000, 5000, 9229]],
    ["worker", [8000, 9000]],
    ["web", [80]],
    ["migrate", []],
  ])("%s listens on %j", (name, ports) => {
    expect([...listeningPorts(view(name))].sort((a, b) => a - b)).toEqual(ports);
  });
});

describe("healthchecks", () => {
  it("reads a compose healthcheck as one command line, a disabled one as none, and the image's HEALTHCHECK", () => {
    expect(healthcheckLine(view("worker").service)).toBe("curl -f http://localhost:8000/ || exit 1");
    expect(healthcheckLine(view("web").service)).toBeUndefined();
    expect([hasHealthcheck(view("api")), hasHealthcheck(view("worker")), hasHealthcheck(view("web")), hasHealthcheck(view("db"))]).toEqual([true, true, false, false]);
  });
});

describe("one-shot services", () => {
  it("counts a service others wait to complete, or a named init job that never restarts", () => {
    expect(["migrate", "seed-data", "jobs", "api"].map((name) => isOneShot(context, view(name)))).toEqual([true, true, false, false]);
  });
});

describe("hostnames", () => {
  it("knows service names, container names, hostnames and aliases, and finds the service behind each", () => {
    expect([...knownHostnames(context)]).toEqual(expect.arrayContaining(["api", "backend", "shop-web", "www"]));
    expect(["backend", "shop-web", "www", "db", "nowhere"].map((host) => serviceByHost(context, host)?.name)).toEqual(["api", "web", "web", "db", undefined]);
  });
});

describe("ports and secrets", () => {
  it("lists published ports with their host address; an unpublished one is left out", () => {
    expect(publishedPorts(view("api").service)).toEqual([{ index: 0, hostIp: "127.0.0.1", published: "8080", target: 3000, protocol: "tcp" }]);
    expect(publishedPorts(view("api").service).every((port) => isLoopback(port.hostIp))).toBe(true);
    expect([undefined, "0.0.0.0", "127.0.0.2", "::1", "localhost"].map(isLoopback)).toEqual([false, false, true, true, true]);
  });

  it.each([
    ["DB_PASSWORD", true],
    ["JWT_SECRET", true],
    ["STRIPE_API_KEY", true],
    ["PASS", true],
    ["DB_PASSWORD_FILE", false],
    ["TOKEN_TTL", false],
    ["SECRET_NAME", false],
    ["DATABASE_URL", false],
  ])("isSecretKey(%s) is %s", (key, secret) => {
    expect(isSecretKey(key)).toBe(secret);
  });
});

describe("startupText", () => {
  it("joins what starts the process: compose command, the image's CMD and the environment", () => {
    expect(startupText(view("api"))).toBe("node server.js --port 5000 4000");
    expect(startupText(view("worker"))).toBe("gunicorn --bind 0.0.0.0:8000 app:wsgi");
  });
});
