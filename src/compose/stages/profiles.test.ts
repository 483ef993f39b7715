import { describe, expect, it } from "vitest";
import { loadInline } from "../testing/inline-project.js";

const yaml = "services:\n  web:\n    image: a\n    depends_on:\n      metrics: {condition: service_started, required: false}\n  debug:\n    image: b\n    profiles: [debug]\n  metrics:\n    image: c\n    profiles: [metrics]\n  tool:\n    image: d\n    profiles: [tools]\n    depends_on: [web]\n";

describe("profiles", () => {
  it("leaves out services of inactive profiles, keeping them as disabled", () => {
    const project = loadInline(yaml);
    expect(Object.keys(project.services)).toEqual(["web"]);
    expect(Object.keys(project.meta.disabledServices)).toEqual(["debug", "metrics", "tool"]);
    expect(project.services["web"]?.depends_on?.["metrics"]?.required).toBe(false);
  });

  it("enables services of the given profiles, or every one with *", () => {
    expect(Object.keys(loadInline(yaml, { profiles: ["debug"] }).services)).toEqual(["web", "debug"]);
    expect(Object.keys(loadInline(yaml, { profiles: ["*"] }).services)).toHaveLength(4);
  });

  it("reads COMPOSE_PROFILES when no profile is given", () => {
    expect(Object.keys(loadInline(yaml, { environment: { COMPOSE_PROFILES: "metrics, tools" } }).services)).toEqual(["web", "metrics", "tool"]);
  });

  it("restricts to named services and their dependencies, activating their profiles", () => {
    const project = loadInline(yaml, { services: ["tool"] });
    expect(Object.keys(project.services)).toEqual(["web", "tool"]);
    expect(project.meta.activeProfiles).toContain("tools");
  });

  it("fails when a required dependency is in an inactive profile", () => {
    expect(() => loadInline("services:\n  web:\n    image: a\n    depends_on: [db]\n  db:\n    image: b\n    profiles: [database]\n")).toThrow(
      'service "web" depends on undefined service "db"',
    );
  });

  it("rejects an unknown service name", () => {
    expect(() => loadInline(yaml, { services: ["nope"] })).toThrow("no such service: nope");
  });
});
