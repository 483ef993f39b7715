import { describe, expect, it } from "vitest";
import { emptyProject } from "../model/empty-project.js";
import type { Project, Service } from "../model/project.js";
import { loadInline } from "../testing/inline-project.js";
import { withoutUnusedResources } from "./prune.js";

function projectWith(services: Record<string, Partial<Service>>): Project {
  const base = emptyProject("shop", "/srv/shop");
  return {
    ...base,
    services: Object.fromEntries(Object.entries(services).map(([name, service]) => [name, { name, ...service } as Service])),
    networks: { front: {}, back: {}, spare: {} },
    volumes: { data: {}, cache: {}, old: {} },
    secrets: { key: { file: "/k" }, unused: { file: "/u" } },
    configs: { conf: { file: "/c" }, stale: { file: "/s" } },
  } as unknown as Project;
}

describe("withoutUnusedResources", () => {
  it("keeps what a service uses and drops the rest, section by section", () => {
    const pruned = withoutUnusedResources(
      projectWith({
        web: { networks: { front: null }, volumes: [{ type: "volume", source: "data", target: "/d" }], secrets: [{ source: "key" }], configs: [{ source: "conf" }] },
        api: { networks: { back: null } },
      } as unknown as Record<string, Partial<Service>>),
    );
    expect(Object.keys(pruned.networks)).toEqual(["front", "back"]);
    expect(Object.keys(pruned.volumes)).toEqual(["data"]);
    expect(Object.keys(pruned.secrets)).toEqual(["key"]);
    expect(Object.keys(pruned.configs)).toEqual(["conf"]);
  });

  it("does not count a bind mount or an anonymous volume as a use of a named volume", () => {
    const pruned = withoutUnusedResources(
      projectWith({ web: { volumes: [{ type: "bind", source: "cache", target: "/c" }, { type: "volume", target: "/anon" }] } } as unknown as Record<string, Partial<Service>>),
    );
    expect(pruned.volumes).toEqual({});
  });

  it("drops everything when no service is left, and keeps the services and meta", () => {
    const project = projectWith({});
    const pruned = withoutUnusedResources(project);
    expect([pruned.networks, pruned.volumes, pruned.secrets, pruned.configs]).toEqual([{}, {}, {}, {}]);
    expect(pruned.meta).toBe(project.meta);
    expect(pruned.name).toBe("shop");
  });
});

describe("unused resources in a loaded project", () => {
  it("are dropped after profiles: a volume only an inactive service mounts is not created", () => {
    const project = loadInline("services:\n  web:\n    image: w\n  debug:\n    image: d\n    profiles: [debug]\n    volumes: [dumps:/dumps]\nvolumes:\n  dumps: {}\n  kept: {}\n");
    expect(project.volumes).toEqual({});
    const withDebug = loadInline("services:\n  web:\n    image: w\n  debug:\n    image: d\n    profiles: [debug]\n    volumes: [dumps:/dumps]\nvolumes:\n  dumps: {}\n", { profiles: ["debug"] });
    expect(Object.keys(withDebug.volumes)).toEqual(["dumps"]);
  });

  it("keep the default network every service joins", () => {
    expect(Object.keys(loadInline("services:\n  web:\n    image: w\nnetworks:\n  lonely: {}\n").networks)).toEqual(["default"]);
  });

  it("keep a secret that only a build uses, as compose does", () => {
    const project = loadInline("services:\n  api:\n    build:\n      context: .\n      secrets: [npmrc]\nsecrets:\n  npmrc:\n    file: ./.npmrc\n  unused:\n    file: ./x\n");
    expect(Object.keys(project.secrets)).toEqual(["npmrc"]);
  });
});
