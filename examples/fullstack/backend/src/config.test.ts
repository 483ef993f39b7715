import { describe, expect, it } from "vitest";
import { ConfigError, readConfig, readMigrateConfig } from "./config.js";

const base = {
  POSTGRES_HOST: "postgres",
  POSTGRES_USER: "notes",
  POSTGRES_PASSWORD: "pw",
  POSTGRES_DB: "notes",
  REDIS_HOST: "redis",
  REDIS_PASSWORD: "rpw",
};

describe("readConfig", () => {
  it("applies defaults for the optional settings", () => {
    const config = readConfig(base);
    expect(config.port).toBe(3000);
    expect(config.version).toBe("dev");
    expect(config.postgres).toEqual({ host: "postgres", port: 5432, user: "notes", password: "pw", database: "notes" });
    expect(config.redis).toEqual({ host: "redis", port: 6379, password: "rpw" });
    expect(config.migrationsDir).toMatch(/backend[/\\]migrations$/);
  });

  it("names every missing variable in one error", () => {
    expect(() => readConfig({ POSTGRES_HOST: "postgres" })).toThrow(
      "missing environment variables: POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB, REDIS_HOST, REDIS_PASSWORD",
    );
  });

  it("rejects a port that is not an integer", () => {
    expect(() => readConfig({ ...base, PORT: "80a" })).toThrow(ConfigError);
    expect(() => readConfig({ ...base, PORT: "80a" })).toThrow('PORT must be a non-negative integer, got "80a"');
  });

  it("reads the version and timeouts", () => {
    const config = readConfig({ ...base, APP_VERSION: "1.2.3", SHUTDOWN_TIMEOUT_MS: "500", PORT: "4000" });
    expect([config.version, config.shutdownTimeoutMs, config.port]).toEqual(["1.2.3", 500, 4000]);
  });

  it("lets the migrate job run without Redis settings", () => {
    const { REDIS_HOST: _host, REDIS_PASSWORD: _password, ...postgresOnly } = base;
    expect(readMigrateConfig(postgresOnly).postgres.database).toBe("notes");
    expect(() => readConfig(postgresOnly)).toThrow("missing environment variables: REDIS_HOST, REDIS_PASSWORD");
  });
});
