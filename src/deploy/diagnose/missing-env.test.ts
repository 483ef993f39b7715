import { describe, expect, it } from "vitest";
import type { ContainerDetails } from "../engine-port.js";
import type { ServiceEvidence } from "./diagnosis.js";
import { missingEnv, missingVariable, variableState } from "./missing-env.js";

// Lines as real images and frameworks print them when a variable is missing.
describe("missingVariable", () => {
  it.each([
    ["Error: DATABASE_URL is not set", "DATABASE_URL"],
    ["error: environment variable 'STRIPE_KEY' is missing", "STRIPE_KEY"],
    ["[ERROR] JWT_SECRET must be set", "JWT_SECRET"],
    ["Missing required env var: REDIS_URL", "REDIS_URL"],
    ["missing environment variable: SMTP_HOST", "SMTP_HOST"],
    ['Traceback (most recent call last):\n  File "app.py", line 3\nKeyError: \'SECRET_KEY\'', "SECRET_KEY"],
    ["config: `API_TOKEN` is required", "API_TOKEN"],
    // postgres (official image and berth's stand-in): the variable to give, not the alternative it offers.
    ["Error: Database is uninitialized and superuser password is not specified.\n       You must specify POSTGRES_PASSWORD to a non-empty value for the\n       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".\n       You may also use \"POSTGRES_HOST_AUTH_METHOD=trust\" to allow all", "POSTGRES_PASSWORD"],
    ["Database is uninitialized and superuser password is not specified.\n  You must specify POSTGRES_PASSWORD to a non-empty value for the superuser (or\n  POSTGRES_PASSWORD_FILE), or set POSTGRES_HOST_AUTH_METHOD=trust to allow all connections", "POSTGRES_PASSWORD"],
  ])("%j names %s", (log, name) => {
    expect(missingVariable(log)?.name).toBe(name);
  });

  it("never takes a log level, protocol or method for a variable", () => {
    for (const log of ["ERROR is not set", "HTTP is required for this endpoint", "the JSON is empty", "DELETE is not defined for /users", "you must provide the token first", "Please set the region"]) expect(missingVariable(log)).toBeUndefined();
  });

  it("returns the line that says so, trimmed, for the evidence", () => {
    expect(missingVariable("starting\n   Error: DATABASE_URL is not set   \nbye")).toEqual({ name: "DATABASE_URL", line: "Error: DATABASE_URL is not set" });
  });

  it("reads nothing from no log", () => {
    expect(missingVariable(undefined)).toBeUndefined();
    expect(missingVariable("")).toBeUndefined();
  });
});

const evidenceWith = (env: readonly string[], logTail: string): ServiceEvidence => ({
  service: "api",
  phase: "start",
  logTail,
  inspect: { Config: { Env: env } } as unknown as ContainerDetails,
});

describe("variableState", () => {
  it("tells absent from empty from set, by exact name", () => {
    const evidence = evidenceWith(["DATABASE_URL=", "DATABASE_URL_RO=postgres://ro", "TOKEN=x"], "");
    expect([variableState(evidence, "DATABASE_URL"), variableState(evidence, "TOKEN"), variableState(evidence, "SECRET")]).toEqual(["empty", "set", "absent"]);
  });

  it("takes a container that was not inspected as having none", () => {
    expect(variableState({ service: "api", phase: "start" }, "TOKEN")).toBe("absent");
  });
});

describe("missingEnv", () => {
  it("names the variable, its state in the container, the line and where to set it", () => {
    const diagnosis = missingEnv(evidenceWith(["PATH=/usr/bin", "DATABASE_URL="], "Error: DATABASE_URL is not set"));
    expect(diagnosis).toEqual({
      code: "missing-env",
      message: "api needs the environment variable DATABASE_URL, which is empty",
      evidence: { variable: "DATABASE_URL", inContainer: "empty", line: "Error: DATABASE_URL is not set" },
      hint: "set DATABASE_URL under services.api.environment (or in the .env / env_file it reads)",
    });
  });

  it("does not blame a variable the container has a value for (the app means something else)", () => {
    expect(missingEnv(evidenceWith(["DATABASE_URL=postgres://db/app"], "Error: DATABASE_URL is not set"))).toBeUndefined();
  });

  it("blames POSTGRES_PASSWORD for postgres's refusal to initialise without it", () => {
    const log = "Database is uninitialized and superuser password is not specified.\n  You must specify POSTGRES_PASSWORD to a non-empty value for the superuser (or\n  POSTGRES_PASSWORD_FILE), or set POSTGRES_HOST_AUTH_METHOD=trust to allow all connections";
    expect(missingEnv(evidenceWith(["POSTGRES_USER=app"], log))?.message).toBe("api needs the environment variable POSTGRES_PASSWORD, which is absent");
  });
});
