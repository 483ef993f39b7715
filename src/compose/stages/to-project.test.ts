import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadProject } from "../load.js";
import { loadInline, writeProject } from "../testing/inline-project.js";

describe("the loaded project model", () => {
  it("names each service, gives it null command and entrypoint when unset, and keeps top-level x- keys as extensions", () => {
    const project = loadInline("x-berth:\n  verify: {probes: []}\nx-common: &common\n  restart: always\nservices:\n  web:\n    <<: *common\n    image: nginx:1.22\n    command: [nginx, -g, daemon off;]\n  db:\n    image: postgres:15\n");
    expect(project.services["web"]).toMatchObject({ name: "web", restart: "always", command: ["nginx", "-g", "daemon off;"], entrypoint: null });
    expect(project.services["db"]).toMatchObject({ name: "db", command: null, entrypoint: null });
    expect(Object.keys(project.extensions).sort()).toEqual(["x-berth", "x-common"]);
    expect(project.extensions["x-berth"]).toEqual({ verify: { probes: [] } });
  });

  it("keeps services in the order of the file", () => {
    expect(Object.keys(loadInline("services:\n  zeta:\n    image: z\n  alpha:\n    image: a\n  mid:\n    image: m\n").services)).toEqual(["zeta", "alpha", "mid"]);
  });

  it("records active profiles and the services they leave out", () => {
    const project = loadInline("services:\n  web:\n    image: w\n  debug:\n    image: d\n    profiles: [dev]\n  seed:\n    image: s\n    profiles: [setup]\n", { profiles: ["dev"] });
    expect(Object.keys(project.services)).toEqual(["web", "debug"]);
    expect(project.meta.activeProfiles).toEqual(["dev"]);
    expect(Object.keys(project.meta.disabledServices)).toEqual(["seed"]);
  });

  it("has empty sections, not missing ones, for a project with services only", () => {
    const project = loadInline("services:\n  web:\n    image: w\n    network_mode: host\n");
    expect([project.volumes, project.secrets, project.configs, project.networks]).toEqual([{}, {}, {}, {}]);
  });
});

describe("service environments in the loaded project", () => {
  it("fold env_file values under environment, environment winning, and fill bare names from the shell and .env", () => {
    const dir = writeProject({
      "compose.yaml": "services:\n  api:\n    image: a\n    env_file: [defaults.env, local.env]\n    environment:\n      LEVEL: debug\n      TOKEN:\n      FROM_DOTENV:\n      UNSET:\n",
      "defaults.env": "LEVEL=info\nPORT=3000\nREGION=eu\n",
      "local.env": "REGION=us\n",
      ".env": "FROM_DOTENV=dotenv\n",
    });
    const project = loadProject({ files: [], profiles: [], envFiles: [], environment: { TOKEN: "t0k3n" }, cwd: dir });
    expect(project.services["api"]?.environment).toEqual({ LEVEL: "debug", PORT: "3000", REGION: "us", TOKEN: "t0k3n", FROM_DOTENV: "dotenv", UNSET: null });
    expect(project.services["api"]?.env_file?.map((file) => file.path)).toEqual([join(dir, "defaults.env"), join(dir, "local.env")]);
  });

  it("leave a service without environment or env_file without an environment key", () => {
    expect(loadInline("services:\n  a:\n    image: x\n").services["a"]).not.toHaveProperty("environment");
  });

  it("skip a missing optional env_file and fail at the service on a missing required one", () => {
    const project = loadInline("services:\n  a:\n    image: x\n    env_file:\n      - path: ./optional.env\n        required: false\n");
    expect(project.services["a"]?.environment).toEqual({});
    expect(() => loadInline("services:\n  a:\n    image: x\n    env_file: ./missing.env\n")).toThrow(/missing\.env/);
  });

  it("are checked per service, even when two services read the same file", () => {
    const project = loadInline("services:\n  a:\n    image: x\n    env_file: shared.env\n  b:\n    image: y\n    env_file: shared.env\n    environment: {ROLE: b}\n", { extraFiles: { "shared.env": "ROLE=shared\n" } });
    expect([project.services["a"]?.environment, project.services["b"]?.environment]).toEqual([{ ROLE: "shared" }, { ROLE: "b" }]);
  });
});
