import { describe, expect, it } from "vitest";
import { redisPassword } from "./redis-auth.js";

describe("redisPassword", () => {
  it("finds --requirepass in an argv command", () => {
    expect(redisPassword(["redis-server", "--requirepass", "s3cret", "--appendonly", "yes"], {})).toBe("s3cret");
    // exec form: no shell expands it, redis-server gets the text as written
    expect(redisPassword(["docker-entrypoint.sh", "redis-server", "--requirepass", "$PW"], { PW: "from-env" })).toBe("$PW");
  });

  it("finds it in a sh -c command line, quoted or not, as a variable ($VAR, ${VAR}, compose's $$VAR)", () => {
    expect(redisPassword(["sh", "-c", 'exec redis-server --requirepass "$REDIS_PASSWORD" --appendonly yes'], { REDIS_PASSWORD: "a" })).toBe("a");
    expect(redisPassword(["sh", "-c", "redis-server --requirepass '${PASS}'"], { PASS: "b" })).toBe("b");
    expect(redisPassword(["sh", "-c", "redis-server --requirepass $$PASS"], { PASS: "c" })).toBe("c");
    expect(redisPassword(["sh", "-c", "redis-server --requirepass plain;"], {})).toBe("plain");
  });

  it("falls back to REDIS_PASSWORD, and gives nothing without a password", () => {
    expect(redisPassword(["redis-server"], { REDIS_PASSWORD: "env" })).toBe("env");
    expect(redisPassword(["redis-server"], { REDIS_PASSWORD: "" })).toBeUndefined();
    expect(redisPassword(["redis-server"], {})).toBeUndefined();
    expect(redisPassword(["sh", "-c", "redis-server --requirepass $(cat /run/secrets/pw)"], {})).toBeUndefined();
  });
});
