import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { normalizeEnvFiles, normalizeEnvironment, resolveServiceEnvironment } from "./environment.js";

describe("normalizeEnvironment", () => {
  it("reads the list form: KEY=VALUE, KEY=, KEY, values with =", () => {
    const list = [
      "MODE=production",
      "DSN=postgres://app:secret@db:5432/app?sslmode=disable",
      "EMPTY=",
      "WITH_EQUALS=a=b=c",
      "PASS",
    ];
    expect(normalizeEnvironment(list)).toEqual({
      MODE: "production",
      DSN: "postgres://app:secret@db:5432/app?sslmode=disable",
      EMPTY: "",
      WITH_EQUALS: "a=b=c",
      PASS: null,
    });
  });

  it("reads the map form: numbers and booleans become strings, null stays null", () => {
    const map = {
      WORKERS: 4,
      DEBUG: false,
      RATIO: 0.75,
      BLANK: "",
      TOKEN: null,
      BIG: 1e21,
      TINY: 0.00001,
      NEG: -3,
    };
    expect(normalizeEnvironment(map)).toEqual({
      WORKERS: "4",
      DEBUG: "false",
      RATIO: "0.75",
      BLANK: "",
      TOKEN: null,
      BIG: "1e+21",
      TINY: "1e-05",
      NEG: "-3",
    });
  });

  it("is empty when absent, and later list entries win", () => {
    expect(normalizeEnvironment(undefined)).toEqual({});
    expect(normalizeEnvironment(["A=1", "A=2"])).toEqual({ A: "2" });
  });

  it("rejects other shapes, naming the key", () => {
    expect(() => normalizeEnvironment("A=1", "services.web.environment")).toThrow(
      "services.web.environment must be a mapping",
    );
    expect(() => normalizeEnvironment({ A: { nested: 1 } }, "services.web.environment")).toThrow(
      "services.web.environment.A must be",
    );
  });
});

describe("normalizeEnvFiles", () => {
  it("accepts a path, a list of paths and the long form, resolving relative paths", () => {
    expect(normalizeEnvFiles("app.env", "/srv/shop")).toEqual([
      { path: "/srv/shop/app.env", required: true },
    ]);
    expect(normalizeEnvFiles(["a.env", "/etc/b.env", "../c.env"], "/srv/shop")).toEqual([
      { path: "/srv/shop/a.env", required: true },
      { path: "/etc/b.env", required: true },
      { path: "/srv/c.env", required: true },
    ]);
    expect(
      normalizeEnvFiles(
        [
          { path: "opt.env", required: false },
          { path: "fmt.env", format: ".env" },
          { path: "s.env", required: "false" },
        ],
        "/srv",
      ),
    ).toEqual([
      { path: "/srv/opt.env", required: false },
      { path: "/srv/fmt.env", required: true, format: ".env" },
      { path: "/srv/s.env", required: false },
    ]);
  });

  it("expands ~ to the home folder", () => {
    expect(normalizeEnvFiles("~/secrets.env", "/srv", "/home/ana")).toEqual([
      { path: "/home/ana/secrets.env", required: true },
    ]);
  });

  it("is empty when absent and rejects entries without a path", () => {
    expect(normalizeEnvFiles(undefined, "/srv")).toEqual([]);
    expect(() => normalizeEnvFiles([{ required: false }], "/srv")).toThrow(
      expect.objectContaining({ code: "compose.env-file-type" }),
    );
  });
});

describe("resolveServiceEnvironment", () => {
  const dir = mkdtempSync(join(tmpdir(), "berth-env-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const resolve = (
    environment: Record<string, string | null>,
    files: { path: string; required?: boolean; format?: string }[],
    project: Record<string, string> = {},
  ) =>
    resolveServiceEnvironment({
      service: "api",
      environment,
      envFiles: files.map((ref) => ({ required: true, ...ref })),
      projectEnvironment: project,
    });

  it("resolves names without value from the project environment, keeping null when absent", () => {
    const { environment } = resolve({ API_KEY: null, NOT_IN_SHELL: null, SET: "x" }, [], {
      API_KEY: "k-123",
    });
    expect(environment).toEqual({ API_KEY: "k-123", NOT_IN_SHELL: null, SET: "x" });
  });

  it("does not copy the project environment into the container", () => {
    expect(resolve({ A: "1" }, [], { UNUSED_SETTING: "leak?" }).environment).toEqual({ A: "1" });
  });

  it("reads env files; environment wins over them", () => {
    const app = file("basic.env", "# settings\nLOG_LEVEL=info\nCACHE_TTL=300\nSHARED=from-env-file\n");
    expect(resolve({ SHARED: "from-compose" }, [{ path: app }]).environment).toEqual({
      LOG_LEVEL: "info",
      CACHE_TTL: "300",
      SHARED: "from-compose",
    });
  });

  it("applies several env files in order, later ones winning", () => {
    const defaults = file("defaults.env", "LOG_LEVEL=info\nTIMEOUT=30\n");
    const local = file("local.env", "LOG_LEVEL=debug\n");
    expect(resolve({}, [{ path: defaults }, { path: local }]).environment).toEqual({
      LOG_LEVEL: "debug",
      TIMEOUT: "30",
    });
  });

  it("interpolates env files with the project environment, then the service's own values", () => {
    const app = file(
      "interp.env",
      "PUBLIC_URL=https://${DOMAIN}/app\nQUEUE_NAME=${SERVICE_ROLE}-jobs\nLITERAL='${DOMAIN}'\n",
    );
    const { environment } = resolve({ SERVICE_ROLE: "billing" }, [{ path: app }], { DOMAIN: "shop.test" });
    expect(environment).toEqual({
      SERVICE_ROLE: "billing",
      PUBLIC_URL: "https://shop.test/app",
      QUEUE_NAME: "billing-jobs",
      LITERAL: "${DOMAIN}",
    });
  });

  it("prefers the project environment over the service's values while interpolating", () => {
    const app = file("prec.env", "SEEN=${ROLE}\n");
    expect(resolve({ ROLE: "service" }, [{ path: app }], { ROLE: "project" }).environment).toEqual({
      ROLE: "service",
      SEEN: "project",
    });
  });

  it("lets a later file see an earlier file's values", () => {
    const first = file("first.env", "HOST=db\n");
    const second = file("second.env", "URL=postgres://${HOST}/app\n");
    expect(resolve({}, [{ path: first }, { path: second }]).environment).toEqual({
      HOST: "db",
      URL: "postgres://db/app",
    });
  });

  it("resolves bare names in env files from the project environment", () => {
    const app = file("bare.env", "FROM_PROJECT\nNOWHERE\n");
    expect(resolve({}, [{ path: app }], { FROM_PROJECT: "p" }).environment).toEqual({ FROM_PROJECT: "p" });
  });

  it("keeps an unresolved name null even when an env file sets it (compose-go's OverrideBy)", () => {
    const app = file("override.env", "TOKEN=from-file\n");
    expect(resolve({ TOKEN: null }, [{ path: app }]).environment).toEqual({ TOKEN: null });
  });

  it("skips a missing optional file and names a missing required one", () => {
    const present = file("present.env", "A=1\n");
    expect(
      resolve({}, [{ path: join(dir, "missing.env"), required: false }, { path: present }]).environment,
    ).toEqual({ A: "1" });
    const run = () => resolve({}, [{ path: join(dir, "secrets.env") }]);
    expect(run).toThrow(`env file ${join(dir, "secrets.env")} not found`);
    expect(run).toThrow(expect.objectContaining({ code: "compose.env-file-missing", exitCode: 1 }));
    expect(run).toThrow("services.api.env_file");
  });

  it("rejects an unknown format", () => {
    const app = file("format.env", "A=1\n");
    expect(() => resolve({}, [{ path: app, format: "json" }])).toThrow('unsupported env_file format "json"');
  });

  it("warns about unset variables in env files with file and line", () => {
    const app = file("unset.env", "A=1\nB=${NOT_SET}\n");
    const { environment, warnings } = resolve({}, [{ path: app }]);
    expect(environment).toEqual({ A: "1", B: "" });
    expect(warnings).toEqual([
      expect.objectContaining({
        code: "compose.unset-variable",
        location: { file: app, line: 2, column: 1 },
      }),
    ]);
  });

  it("reports syntax errors with the file and line", () => {
    const app = file("broken.env", "A=1\nBAD KEY=2\n");
    expect(() => resolve({}, [{ path: app }])).toThrow(`${app}: line 2: key cannot contain a space`);
  });
});
