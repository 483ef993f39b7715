import { describe, expect, it } from "vitest";
import type { Project } from "../model/project.js";
import { loadInline } from "../testing/inline-project.js";
import { enforceUnicity, mergeTrees } from "./merge.js";

const withOverride = (base: string, override: string): Project =>
  loadInline(base, { extraFiles: { "compose.override.yaml": override } });

describe("mergeTrees", () => {
  it("merges mappings by key, appends sequences and replaces scalars", () => {
    expect(mergeTrees({ a: { x: 1, y: 2 }, l: [1], s: "a" }, { a: { y: 3 }, l: [2], s: "b" })).toEqual({ a: { x: 1, y: 3 }, l: [1, 2], s: "b" });
  });

  it("replaces x- extension keys whole", () => {
    expect(mergeTrees({ "x-a": { p: 1, q: 2 } }, { "x-a": { p: 3 } })).toEqual({ "x-a": { p: 3 } });
  });

  it("keeps the earlier value when the later one is null", () => {
    expect(mergeTrees({ services: { web: { image: "a" } } }, { services: { web: null } })).toEqual({ services: { web: { image: "a" } } });
  });

  it("removes what !reset and !override name before merging", () => {
    const base = { services: { web: { ports: [1], environment: { A: "1", B: "2" } } } };
    const merged = mergeTrees(base, { services: { web: { environment: { C: "3" } } } }, [
      { path: ["services", "web", "ports"], kind: "reset" },
      { path: ["services", "web", "environment"], kind: "override" },
    ]);
    expect(merged).toEqual({ services: { web: { environment: { C: "3" } } } });
  });

  it("de-duplicates by unicity key: first position, last value", () => {
    const services = enforceUnicity({
      web: { volumes: [{ target: "/a", source: "x" }, { target: "/b" }, { target: "/a", source: "y" }], cap_add: ["A", "B", "A"] },
    });
    expect(services).toEqual({ web: { volumes: [{ target: "/a", source: "y" }, { target: "/b" }], cap_add: ["A", "B"] } });
  });
});

describe("override files", () => {
  it("replaces command whatever its form, merges environment and labels by key", () => {
    const project = withOverride(
      "services:\n  app:\n    image: a\n    command: [npm, start]\n    entrypoint: [tini]\n    environment: [A=1, B=2]\n    labels: {x: '1'}\n",
      "services:\n  app:\n    command: npm run dev\n    environment: {B: three}\n    labels: [y=2]\n",
    );
    const app = project.services["app"];
    expect(app?.command).toEqual(["npm", "run", "dev"]);
    expect(app?.entrypoint).toEqual(["tini"]);
    expect(app?.environment).toEqual({ A: "1", B: "three" });
    expect(app?.labels).toEqual({ x: "1", y: "2" });
  });

  it("lets a later environment entry without value win (passthrough)", () => {
    const project = withOverride("services:\n  app:\n    image: a\n    environment: {TOKEN: fixed}\n", "services:\n  app:\n    environment: [TOKEN]\n");
    expect(project.services["app"]?.environment).toEqual({ TOKEN: null });
  });

  it("appends ports once per mapping and merges volumes by target", () => {
    const project = withOverride(
      "services:\n  web:\n    image: a\n    ports: ['80:80']\n    volumes: ['./a:/data', 'logs:/logs']\nvolumes:\n  logs: {}\n",
      "services:\n  web:\n    ports: ['80:80', '443:443']\n    volumes: ['./b:/data:ro']\n",
    );
    const web = project.services["web"];
    expect(web?.ports?.map((p) => p.published)).toEqual(["80", "443"]);
    expect(web?.volumes?.map((v) => [v.target, v.source, v.read_only])).toEqual([
      ["/data", `${project.meta.workingDir}/b`, true],
      ["/logs", "logs", undefined],
    ]);
  });

  it("merges logging options only for the same driver", () => {
    const project = withOverride(
      "services:\n  a:\n    image: x\n    logging: {driver: json-file, options: {max-size: 1m}}\n  b:\n    image: x\n    logging: {driver: json-file, options: {max-size: 1m}}\n",
      "services:\n  a:\n    logging: {options: {max-file: '3'}}\n  b:\n    logging: {driver: syslog}\n",
    );
    expect(project.services["a"]?.logging).toEqual({ driver: "json-file", options: { "max-size": "1m", "max-file": "3" } });
    expect(project.services["b"]?.logging).toEqual({ driver: "syslog" });
  });

  it("merges depends_on across short and long syntax and healthcheck field by field", () => {
    const project = withOverride(
      "services:\n  web:\n    image: a\n    depends_on: [db]\n    healthcheck: {test: 'curl x', interval: 30s, retries: 3}\n  db:\n    image: b\n",
      "services:\n  web:\n    depends_on:\n      db: {condition: service_healthy, restart: true}\n    healthcheck: {test: [CMD, check]}\n",
    );
    const web = project.services["web"];
    expect(web?.depends_on).toEqual({ db: { condition: "service_healthy", required: true, restart: true } });
    expect(web?.healthcheck).toEqual({ test: ["CMD", "check"], interval: "30s", retries: 3 });
  });

  it("lets the last file's name win and adds new services", () => {
    const project = withOverride("name: alpha\nservices:\n  web:\n    image: a\n", "name: beta\nservices:\n  extra:\n    image: b\n");
    expect(project.name).toBe("beta");
    expect(Object.keys(project.services)).toEqual(["web", "extra"]);
  });

  it("applies !reset and !override from an override file", () => {
    const project = withOverride(
      "services:\n  web:\n    image: a\n    build: .\n    ports: ['80:80']\n    environment: {KEEP: '1', DROP: '2'}\n",
      "services:\n  web:\n    build: !reset\n    ports: !override ['81:81']\n    environment:\n      DROP: !reset\n",
    );
    const web = project.services["web"];
    expect(web?.build).toBeUndefined();
    expect(web?.ports?.map((p) => p.target)).toEqual([81]);
    expect(web?.environment).toEqual({ KEEP: "1" });
  });
});
