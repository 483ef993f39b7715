import { describe, expect, it } from "vitest";
import { loadInline } from "../testing/inline-project.js";
import { addImplicitDependencies } from "./implicit-dependencies.js";

const started = (restart: boolean) => ({ condition: "service_started", ...(restart ? { restart: true } : {}), required: true });

describe("addImplicitDependencies", () => {
  it("returns a service that needs no other one unchanged (same object)", () => {
    const service = { image: "nginx", volumes_from: ["container:legacy"], network_mode: "host" };
    expect(addImplicitDependencies(service)).toBe(service);
  });

  it("makes links depend on the linked service, restarting with it; the alias is not a service", () => {
    expect(addImplicitDependencies({ links: ["db:database", "cache"] })["depends_on"]).toEqual({ db: started(true), cache: started(true) });
  });

  it("makes volumes_from depend on the service (with or without :ro), not on a container:", () => {
    expect(addImplicitDependencies({ volumes_from: ["data:ro", "logs", "container:abc"] })["depends_on"]).toEqual({ data: started(false), logs: started(false) });
  });

  it.each(["network_mode", "ipc", "pid", "uts", "cgroup"])("makes %s: service:X depend on X, restarting with it", (key) => {
    expect(addImplicitDependencies({ [key]: "service:vpn" })["depends_on"]).toEqual({ vpn: started(true) });
  });

  it("keeps an explicit depends_on entry as the user wrote it, and adds the others", () => {
    const service = { depends_on: { db: { condition: "service_healthy", required: true } }, links: ["db", "cache"] };
    expect(addImplicitDependencies(service)["depends_on"]).toEqual({ db: { condition: "service_healthy", required: true }, cache: started(true) });
    expect(service.depends_on).toEqual({ db: { condition: "service_healthy", required: true } });
  });

  it("reports each dependency it adds with the key that implies it, once", () => {
    const seen: string[] = [];
    addImplicitDependencies({ links: ["db"], volumes_from: ["db", "files"], network_mode: "service:vpn", depends_on: { files: { condition: "service_started" } } }, (dependency, key) => seen.push(`${dependency}<-${key}`));
    expect(seen).toEqual(["db<-links", "vpn<-network_mode"]);
  });
});

describe("implicit dependencies in a loaded project", () => {
  it("order the start like depends_on does", () => {
    const project = loadInline("services:\n  app:\n    image: a\n    network_mode: service:vpn\n    links: [db]\n  vpn:\n    image: v\n  db:\n    image: d\n");
    expect(project.services["app"]?.depends_on).toEqual({ vpn: started(true), db: started(true) });
  });

  it("make a link to a service that does not exist an error at the link", () => {
    expect(() => loadInline("services:\n  app:\n    image: a\n    links: [ghost]\n")).toThrow(/depends on undefined service "ghost"/);
  });
});
