import { describe, expect, it } from "vitest";
import { ConfigError } from "../../common/errors.js";
import { parseComposeFile } from "./parse.js";
import { validateSchema } from "./schema.js";
import { caughtConfigError } from "../testing/caught.js";

function schemaError(text: string): ConfigError | undefined {
  const parsed = parseComposeFile({ file: "/p/compose.yaml", text });
  try {
    validateSchema(parsed, parsed.tree);
    return undefined;
  } catch (error) {
    return error as ConfigError;
  }
}

describe("validateSchema", () => {
  it("accepts a valid file, x- keys included", () => {
    expect(schemaError("x-a: 1\nservices:\n  web:\n    image: nginx\n    x-team: pay\n")).toBeUndefined();
  });

  it("names an unknown top-level key and points at it", () => {
    const error = schemaError("servcies:\n  web:\n    image: nginx\n");
    expect(error?.message).toBe("validating /p/compose.yaml: additional properties 'servcies' not allowed");
    expect(error?.location).toEqual({ file: "/p/compose.yaml", line: 1, column: 1 });
  });

  it("names the service and the unknown key inside it", () => {
    const error = schemaError("services:\n  web:\n    image: nginx\n    imagee: x\n");
    expect(error?.message).toContain("services.web additional property 'imagee' is not allowed");
    expect(error?.location?.line).toBe(4);
    expect(error?.hint).toContain("x-");
  });

  it("reports wrong types and enum values with the value found", () => {
    expect(schemaError("services:\n  web:\n    image: a\n    ports: '80:80'\n")?.message).toContain("services.web.ports must be a array");
    expect(schemaError("services:\n  web:\n    image: a\n    user: 1000\n")?.message).toContain("services.web.user must be a string (found 1000)");
    const condition = schemaError("services:\n  web:\n    image: a\n    depends_on:\n      db:\n        condition: ready\n");
    expect(condition?.message).toContain('services.web.depends_on.db.condition must be one of "service_started"');
    expect(condition?.message).toContain('(found "ready")');
    expect(condition?.location?.line).toBe(6);
  });

  it("never names the value found under a key whose name looks secret", () => {
    const error = schemaError("services:\n  web:\n    image: a\nsecrets:\n  api_token:\n    file: 987654321\n");
    expect(error?.message).toBe("validating /p/compose.yaml: secrets.api_token.file must be a string");
    expect(error?.location?.line).toBe(6);
    expect(schemaError("services:\n  web:\n    image: a\nvolumes:\n  data:\n    name: 987654321\n")?.message).toContain("(found 987654321)");
  });
});

describe("precompiled validator", () => {
  it("was generated from the vendored schema (run scripts/update-compose-schema.mjs after changing it)", async () => {
    const { createHash } = await import("node:crypto");
    const { readFileSync } = await import("node:fs");
    const schemaDir = new URL("../schema/", import.meta.url);
    const schemaText = readFileSync(new URL("compose-spec.json", schemaDir), "utf8");
    const generated = readFileSync(new URL("compose-spec.validate.cjs", schemaDir), "utf8");
    expect(generated).toContain(`schema-sha256: ${createHash("sha256").update(schemaText).digest("hex")}`);
  });
});

describe("schema validation and keys JavaScript reserves", () => {
  it("locates a toString key in a list item instead of crashing in the validator", () => {
    const text = "services:\n  app:\n    image: x\n    volumes:\n      - type: volume\n      - type: tmpfs\n        toString: service:web\n";
    const parsed = parseComposeFile({ file: "/p/compose.yaml", text });
    const error = caughtConfigError(() => validateSchema(parsed, parsed.tree));
    expect(error.message).toBe('the key "toString" under services.app.volumes.1 cannot be checked by berth');
    expect(error.location).toEqual({ file: "/p/compose.yaml", line: 7, column: 9 });
  });

  it("accepts variables named toString and valueOf", () => {
    const parsed = parseComposeFile({ file: "/p/compose.yaml", text: "services:\n  app:\n    image: x\n    environment:\n      toString: '1'\n      valueOf: '2'\n" });
    expect(() => validateSchema(parsed, parsed.tree)).not.toThrow();
  });
});
