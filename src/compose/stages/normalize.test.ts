import { describe, expect, it } from "vitest";
import { ConfigError } from "../../common/errors.js";
import { loadInline } from "../testing/inline-project.js";

describe("normalize", () => {
  it("writes durations the Go way and sizes in bytes", () => {
    const web = loadInline(
      "services:\n  web:\n    image: a\n    healthcheck: {test: 'true', interval: 90s, timeout: 2m, start_period: 1h}\n    stop_grace_period: 1m30s\n    mem_limit: 1g\n    shm_size: 256m\n    cpus: '0.5'\n    deploy:\n      resources: {limits: {cpus: '0.5', memory: 1g}}\n      restart_policy: {delay: 120s}\n",
    ).services["web"];
    expect(web?.healthcheck).toEqual({ test: ["CMD-SHELL", "true"], interval: "1m30s", timeout: "2m0s", start_period: "1h0m0s" });
    expect([web?.stop_grace_period, web?.mem_limit, web?.shm_size, web?.cpus]).toEqual(["1m30s", "1073741824", "268435456", 0.5]);
    expect(web?.deploy?.resources?.limits).toEqual({ cpus: 0.5, memory: "1073741824" });
    expect(web?.deploy?.restart_policy?.delay).toBe("2m0s");
  });

  it("counts device requests like compose: all is -1, and the default without count or ids", () => {
    const devices = (yaml: string) =>
      loadInline(`services:\n  gpu:\n    image: a\n    deploy:\n      resources:\n        reservations:\n          devices:\n${yaml}`).services["gpu"]?.deploy?.resources?.reservations?.devices;
    expect(devices("            - {capabilities: [gpu]}\n")).toEqual([{ capabilities: ["gpu"], count: -1 }]);
    expect(devices("            - {capabilities: [gpu], count: all}\n")?.[0]?.["count"]).toBe(-1);
    expect(devices("            - {capabilities: [gpu], count: 2}\n")?.[0]?.["count"]).toBe(2);
    expect(devices("            - {capabilities: [gpu], device_ids: ['0']}\n")?.[0]).not.toHaveProperty("count");
  });

  it("fails on a bad duration at its position", () => {
    try {
      loadInline("services:\n  web:\n    image: a\n    healthcheck:\n      interval: ten seconds\n");
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).message).toBe('services.web.healthcheck.interval: time: invalid duration "ten seconds"');
      expect((error as ConfigError).location?.line).toBe(5);
    }
  });

  it("fills build defaults and resolves args, dropping unset ones", () => {
    const project = loadInline("services:\n  a:\n    build: ./app\n  b:\n    build:\n      dockerfile_inline: FROM x\n      args: [SET, UNSET, FIXED=1]\n", {
      environment: { SET: "yes" },
    });
    const dir = project.meta.workingDir;
    expect(project.services["a"]?.build).toEqual({ context: `${dir}/app`, dockerfile: "Dockerfile" });
    expect(project.services["b"]?.build).toEqual({ context: dir, dockerfile_inline: "FROM x", args: { SET: "yes", FIXED: "1" } });
  });

  it("keeps remote build contexts as written", () => {
    const build = loadInline("services:\n  a:\n    build: https://github.com/x/y.git#main\n").services["a"]?.build;
    expect(build?.context).toBe("https://github.com/x/y.git#main");
  });

  it("adds implicit dependencies for links, volumes_from and network_mode: service", () => {
    const project = loadInline(
      "services:\n  app:\n    image: a\n    links: ['db:database']\n    volumes_from: [data]\n  side:\n    image: b\n    network_mode: service:app\n  db:\n    image: c\n  data:\n    image: d\n",
    );
    expect(project.services["app"]?.depends_on).toEqual({
      db: { condition: "service_started", restart: true, required: true },
      data: { condition: "service_started", required: true },
    });
    expect(project.services["side"]?.depends_on?.["app"]?.restart).toBe(true);
    expect(project.services["side"]?.networks).toBeUndefined();
  });

  it("attaches services to the default network and names resources after the project", () => {
    const project = loadInline(
      "name: shop\nservices:\n  web:\n    image: a\n    volumes: [data:/d]\n    secrets: [s]\nvolumes:\n  data:\n  outside: {external: true}\nsecrets:\n  s: {file: ./s.txt}\n",
    );
    expect(project.services["web"]?.networks).toEqual({ default: null });
    expect(project.networks["default"]).toEqual({ name: "shop_default" });
    expect(project.volumes["data"]).toEqual({ name: "shop_data" });
    expect(project.volumes["outside"]).toBeUndefined();
    expect(project.secrets["s"]).toEqual({ name: "shop_s", file: `${project.meta.workingDir}/s.txt` });
    expect(project.services["web"]?.secrets).toEqual([{ source: "s", target: "/run/secrets/s" }]);
  });

  it("resolves bind sources, ~ and target slashes", () => {
    const volumes = loadInline("services:\n  web:\n    image: a\n    volumes: ['./data/../logs:/logs/', '~/c:/c']\n").services["web"]?.volumes;
    expect(volumes?.map((v) => [v.source?.replace(/^.*\/proj/, "<dir>"), v.target])).toEqual([
      ["<dir>/logs", "/logs"],
      ["/home/tester/c", "/c"],
    ]);
  });

  it("folds env_file into environment, service values winning", () => {
    const project = loadInline("services:\n  api:\n    image: a\n    env_file: [app.env, {path: opt.env, required: false}]\n    environment: {SHARED: compose}\n", {
      extraFiles: { "app.env": "LEVEL=info\nSHARED=file\n" },
    });
    expect(project.services["api"]?.environment).toEqual({ LEVEL: "info", SHARED: "compose" });
    expect(project.services["api"]?.env_file?.[0]?.path).toBe(`${project.meta.workingDir}/app.env`);
  });
});
