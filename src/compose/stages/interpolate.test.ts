import { describe, expect, it } from "vitest";
import { castForPath } from "./interpolate-casts.js";
import { formatTreePath, interpolateTree, InterpolationError, type TreePath } from "./interpolate.js";
import { lookupIn } from "./template.js";

const lookup = lookupIn({
  USE_INIT: "true",
  READONLY_ROOT: "TRUE",
  CPU_LIMIT: "0.5",
  HC_RETRIES: "4",
  REPLICA_COUNT: "2",
  INNER_PORT: "8080",
  OUTER_PORT: "18080",
  LABEL_KEY: "team",
  LABEL_VALUE: "payments",
  ENV_NAME: "REGION",
});

describe("interpolateTree", () => {
  it("substitutes values at every depth and keeps mapping keys verbatim", () => {
    const tree = {
      services: {
        app: {
          labels: { "${LABEL_KEY}": "${LABEL_VALUE}" },
          environment: { "${ENV_NAME}": "plain" },
          command: ["echo", "$LABEL_VALUE", 3, null, true],
        },
      },
      "x-meta": { owner: "${LABEL_VALUE}" },
    };
    const { value, warnings } = interpolateTree(tree, { lookup });
    expect(value).toEqual({
      services: {
        app: {
          labels: { "${LABEL_KEY}": "payments" },
          environment: { "${ENV_NAME}": "plain" },
          command: ["echo", "payments", 3, null, true],
        },
      },
      "x-meta": { owner: "payments" },
    });
    expect(warnings).toEqual([]);
  });

  it("leaves the input tree untouched", () => {
    const tree = { services: { web: { image: "nginx:${TAG:-1}" } } };
    interpolateTree(tree, { lookup });
    expect(tree.services.web.image).toBe("nginx:${TAG:-1}");
  });

  it("casts typed fields after substitution", () => {
    const tree = {
      services: {
        api: {
          init: "${USE_INIT}",
          read_only: "${READONLY_ROOT}",
          cpus: "${CPU_LIMIT}",
          healthcheck: { test: ["CMD", "true"], retries: "${HC_RETRIES}" },
          deploy: { replicas: "${REPLICA_COUNT}" },
          ports: [{ target: "${INNER_PORT}", published: "${OUTER_PORT}" }],
        },
      },
    };
    const { value } = interpolateTree(tree, { lookup });
    expect(value).toEqual({
      services: {
        api: {
          init: true,
          read_only: true,
          cpus: 0.5,
          healthcheck: { test: ["CMD", "true"], retries: 4 },
          deploy: { replicas: 2 },
          ports: [{ target: 8080, published: "18080" }],
        },
      },
    });
  });

  it("casts quoted literals too, and leaves values that are already typed", () => {
    const tree = {
      services: { a: { tty: "false", privileged: true, scale: 3, ulimits: { nofile: "1024" } } },
    };
    expect(interpolateTree(tree, { lookup }).value).toEqual({
      services: { a: { tty: false, privileged: true, scale: 3, ulimits: { nofile: 1024 } } },
    });
  });

  it("casts top-level resource flags", () => {
    const tree = {
      networks: { front: { external: "true", internal: "false" } },
      volumes: { data: { external: "false" } },
    };
    expect(interpolateTree(tree, { lookup }).value).toEqual({
      networks: { front: { external: true, internal: false } },
      volumes: { data: { external: false } },
    });
  });

  it("accepts YAML 1.1 booleans with a warning", () => {
    const { value, warnings } = interpolateTree({ services: { a: { init: "yes" } } }, { lookup });
    expect(value).toEqual({ services: { a: { init: true } } });
    expect(warnings[0]).toMatchObject({ code: "compose.yaml11-boolean" });
    expect(warnings[0]?.message).toContain("please use `true`");
  });

  it("can skip the casts", () => {
    const tree = { services: { a: { init: "true" } } };
    expect(interpolateTree(tree, { lookup, castTypes: false }).value).toEqual(tree);
  });

  it("fails a cast with the key, the text and a hint", () => {
    const tree = { services: { web: { deploy: { replicas: "two" } } } };
    const location = { file: "compose.yaml", line: 7, column: 17 };
    const run = () => interpolateTree(tree, { lookup, locate: () => location });
    expect(run).toThrow(InterpolationError);
    expect(run).toThrow(
      'error while interpolating services.web.deploy.replicas: failed to cast "two" to expected type: not a whole number',
    );
    expect(run).toThrow(expect.objectContaining({ code: "compose.type-cast", location }));
  });

  it("warns about unset variables, naming the variable and the key, with the location", () => {
    const located: TreePath[] = [];
    const locate = (path: TreePath) => (located.push(path), { file: "compose.yaml", line: 3, column: 12 });
    const { value, warnings } = interpolateTree(
      { services: { web: { image: "nginx:${MISSING_TAG}" } } },
      { lookup, locate },
    );
    expect(value).toEqual({ services: { web: { image: "nginx:" } } });
    expect(warnings).toEqual([
      {
        code: "compose.unset-variable",
        message:
          'The "MISSING_TAG" variable is not set. Defaulting to a blank string (in services.web.image).',
        path: ["services", "web", "image"],
        location: { file: "compose.yaml", line: 3, column: 12 },
      },
    ]);
    expect(located).toEqual([["services", "web", "image"]]);
  });

  it("wraps a required-variable error with the key and keeps the user's message", () => {
    const tree = {
      services: {
        db: { environment: { POSTGRES_PASSWORD: "${DB_PASSWORD:?set DB_PASSWORD in your .env file}" } },
      },
    };
    const run = () => interpolateTree(tree, { lookup });
    expect(run).toThrow(
      "error while interpolating services.db.environment.POSTGRES_PASSWORD: required variable DB_PASSWORD is missing a value: set DB_PASSWORD in your .env file",
    );
    expect(run).toThrow(
      expect.objectContaining({
        code: "compose.required-variable",
        path: ["services", "db", "environment", "POSTGRES_PASSWORD"],
      }),
    );
  });

  it("wraps an invalid template with the key", () => {
    const run = () => interpolateTree({ services: { web: { image: "nginx:${ TAG }" } } }, { lookup });
    expect(run).toThrow(expect.objectContaining({ code: "compose.invalid-template" }));
    expect(run).toThrow('invalid interpolation format for services.web.image: "nginx:${ TAG }"');
  });

  it("uses the base path for sub-trees", () => {
    const { warnings } = interpolateTree("${NOPE}", { lookup }, ["name"]);
    expect(warnings[0]?.message).toContain("(in name)");
  });
});

describe("castForPath", () => {
  it("matches `[]` only against sequence indexes and `*` against any key", () => {
    expect(castForPath(["services", "web", "ports", 0, "target"])).toBeDefined();
    expect(castForPath(["services", "web", "ports", "x", "target"])).toBeUndefined();
    expect(castForPath(["services", "web", "ulimits", "nproc"])).toBeDefined();
    expect(castForPath(["services", "web", "ulimits", "nproc", "soft"])).toBeDefined();
    expect(castForPath(["services", "web", "image"])).toBeUndefined();
    expect(castForPath(["services", "web", "ports", 0, "published"])).toBeUndefined();
    // A mode stays text: "0440" is octal (normalize reads it), a decimal cast would make it 0o670.
    expect(castForPath(["services", "web", "secrets", 0, "mode"])).toBeUndefined();
    expect(castForPath(["services", "web", "configs", 0, "mode"])).toBeUndefined();
  });

  it.each([
    [["services", "s", "cpus"], "1.5", 1.5],
    [["services", "s", "cpus"], ".5", 0.5],
    [["services", "s", "cpu_percent"], "1e2", 100],
    [["services", "s", "pids_limit"], "-1", -1],
    [["services", "s", "oom_score_adj"], "+500", 500],
    [["services", "s", "ulimits", "nofile"], "1024", 1024],
  ] as const)("%j casts %s", (path, text, expected) => {
    expect(castForPath(path)?.(text)).toEqual({ ok: true, value: expected });
  });

  it.each([
    [["services", "s", "deploy", "replicas"], "1.5"],
    [["services", "s", "deploy", "replicas"], " 2"],
    [["services", "s", "deploy", "replicas"], "99999999999999999999"],
    [["services", "s", "cpus"], "half"],
    [["services", "s", "init"], "maybe"],
  ] as const)("%j rejects %j", (path, text) => {
    expect(castForPath(path)?.(text)).toMatchObject({ ok: false });
  });
});

describe("formatTreePath", () => {
  it("joins keys with dots and shows indexes in brackets", () => {
    expect(formatTreePath(["services", "web", "ports", 0, "target"])).toBe("services.web.ports[0].target");
    expect(formatTreePath([])).toBe("");
  });
});
