import { describe, expect, it } from "vitest";
import { ConfigError } from "../../common/errors.js";
import { loadInline } from "../testing/inline-project.js";

function loadError(yaml: string): ConfigError {
  try {
    loadInline(yaml);
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error("expected a load error");
}

describe("consistency checks", () => {
  it.each([
    ["services:\n  api:\n    image: a\n    volumes: [uploads:/data]\n", 'service "api" refers to undefined volume uploads', 4],
    ["services:\n  api:\n    image: a\n    networks: [back]\n", 'service "api" refers to undefined network back', 4],
    ["services:\n  api:\n    image: a\n    secrets: [s]\n", 'service "api" refers to undefined secret s', 4],
    ["services:\n  api:\n    image: a\n    configs: [c]\n", 'service "api" refers to undefined config c', 4],
    ["services:\n  api:\n    command: [x]\n", 'service "api" has neither an image nor a build context specified', 2],
    ["services:\n  app:\n    image: a\n    network_mode: host\n    networks: [front]\nnetworks:\n  front: {}\n", "mutually exclusive `network_mode` and `networks`", 4],
    ["services:\n  api:\n    image: a\n    healthcheck:\n      test: [RUN, x]\n", 'healthcheck.test must start either by "CMD", "CMD-SHELL" or "NONE"', 5],
    ["services:\n  a:\n    image: x\n    container_name: same\n  b:\n    image: x\n    container_name: same\n", 'container name "same" is already in use by service a', 7],
    ["services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [a]\n", "dependency cycle detected: a -> b -> a", 4],
    ["services:\n  a:\n    image: x\n    depends_on:\n      ghost: {condition: service_started, required: false}\n", 'service "a" depends on undefined service "ghost"', 5],
    ["services:\n  a:\n    image: x\n    network_mode: service:ghost\n", // network_mode: service:X implies depends_on X, which compose checks first
    'service "a" depends on undefined service "ghost"', 4],
    ["services:\n  a:\n    image: x\n    cpus: 1\n    deploy: {resources: {limits: {cpus: '2'}}}\n", "can't set distinct values on 'cpus' and 'deploy.resources.limits.cpus'", 4],
    ["services:\n  a:\n    image: x\n    container_name: one\n    deploy: {replicas: 2}\n", "can't set container_name and deploy.replicas", 4],
    ["services:\n  a:\n    image: x\n    secrets: [s]\nsecrets:\n  s: {name: x}\n", 'secret "s" must declare either `file` or `environment`', 6],
  ])("rejects %j", (yaml, message, line) => {
    const error = loadError(yaml);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(message);
    expect(error.location?.line).toBe(line);
    expect(error.hint).toBeTruthy();
  });

  it("does not check services of inactive profiles", () => {
    expect(Object.keys(loadInline("services:\n  web:\n    image: a\n  t:\n    image: b\n    profiles: [x]\n    networks: [ghost]\n").services)).toEqual(["web"]);
  });

  it("turns problems into warnings in lenient mode", () => {
    const project = loadInline("services:\n  api:\n    image: a\n    depends_on: [db]\n    networks: [back]\n", { lenient: true });
    expect(project.meta.warnings.map((w) => w.message)).toEqual([
      'service "api" depends on undefined service "db": invalid compose project',
      'service "api" refers to undefined network back: invalid compose project',
    ]);
    expect(project.meta.warnings[0]?.location?.line).toBe(4);
  });
});
