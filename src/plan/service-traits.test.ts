import { describe, expect, it } from "vitest";
import type { Service } from "../compose/model/project.js";
import { defaultStopGraceMs, hasHealthcheck, isJob, jobNames, stopGraceMs, stopGraceSeconds } from "./service-traits.js";
import { testProject } from "./test-project.js";

const project = testProject("shop", {
  db: { image: "postgres:15" },
  migrate: { image: "app", depends_on: { db: { condition: "service_healthy", required: true } } },
  seed: { image: "app" },
  api: {
    image: "app",
    depends_on: {
      db: { condition: "service_healthy", required: true },
      migrate: { condition: "service_completed_successfully", required: true },
      seed: { condition: "service_started", required: false },
    },
  },
});

const service = (extra: Partial<Service>): Service => ({ name: "web", image: "nginx", ...extra }) as Service;

describe("isJob and jobNames", () => {
  it("call a service a one-shot job only when a dependant waits for it to complete successfully", () => {
    expect(isJob(project, "migrate")).toBe(true);
    expect(isJob(project, "seed")).toBe(false);
    expect(isJob(project, "db")).toBe(false);
    expect(isJob(project, "absent")).toBe(false);
    expect([...jobNames(project)]).toEqual(["migrate"]);
  });
});

describe("hasHealthcheck", () => {
  it("is true for a test the engine runs, false for none, NONE or disable", () => {
    expect(hasHealthcheck(service({ healthcheck: { test: ["CMD", "true"] } }))).toBe(true);
    expect(hasHealthcheck(service({ healthcheck: { test: ["CMD-SHELL", "curl -f localhost"] } }))).toBe(true);
    expect(hasHealthcheck(service({}))).toBe(false);
    expect(hasHealthcheck(service({ healthcheck: { test: ["NONE"] } }))).toBe(false);
    expect(hasHealthcheck(service({ healthcheck: { test: ["CMD", "true"], disable: true } }))).toBe(false);
    expect(hasHealthcheck(service({ healthcheck: { interval: "5s" } }))).toBe(false);
  });
});

describe("stop grace", () => {
  it("is the service's stop_grace_period, else compose's 10 s", () => {
    expect(stopGraceMs(service({ stop_grace_period: "1m30s" }))).toBe(90_000);
    expect(stopGraceMs(service({}))).toBe(defaultStopGraceMs);
    expect(stopGraceMs(undefined)).toBe(10_000);
    expect(stopGraceSeconds(service({ stop_grace_period: "30s" }))).toBe(30);
  });

  it("rounds sub-second graces up, so a stop never waits less than asked", () => {
    expect(stopGraceSeconds(service({ stop_grace_period: "400ms" }))).toBe(1);
    expect(stopGraceSeconds(service({ stop_grace_period: "0s" }))).toBe(0);
  });
});
