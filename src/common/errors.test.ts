import { describe, expect, it } from "vitest";
import { ConfigError, ExitCode, UsageError, formatLocation } from "./errors.js";

describe("errors", () => {
  it("gives config errors exit code 1 and usage errors exit code 2", () => {
    expect(new ConfigError("schema", "bad").exitCode).toBe(ExitCode.failed);
    expect(new UsageError("bad flag").exitCode).toBe(ExitCode.usage);
  });

  it("keeps the location and the hint", () => {
    const error = new ConfigError("schema", "bad", {
      hint: "fix it",
      location: { file: "compose.yaml", line: 3, column: 5 },
    });
    expect(error.name).toBe("ConfigError");
    expect(error.hint).toBe("fix it");
    expect(formatLocation(error.location!)).toBe("compose.yaml:3:5");
  });
});
