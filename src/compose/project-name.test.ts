import { describe, expect, it } from "vitest";
import { UsageError } from "../common/errors.js";
import {
  assertValidProjectNameFlag,
  isValidProjectName,
  normalizeProjectName,
  resolveProjectName,
} from "./project-name.js";

const base = { environment: {}, namesFromFiles: [], workingDir: "/srv/101-name-from-directory" };

describe("normalizeProjectName", () => {
  it.each([
    ["My_Shop", "my_shop"],
    ["Shop App (v2)!", "shopappv2"],
    ["__-lead", "lead"],
    ["café.bar", "cafbar"],
    ["already-ok_1", "already-ok_1"],
    ["!!!", ""],
  ])("%s -> %s", (raw, expected) => {
    expect(normalizeProjectName(raw)).toBe(expected);
  });

  it("accepts only names that are already normal and not empty", () => {
    expect(isValidProjectName("shop-1")).toBe(true);
    expect(isValidProjectName("Shop")).toBe(false);
    expect(isValidProjectName("_shop")).toBe(false);
    expect(isValidProjectName("")).toBe(false);
  });
});

describe("assertValidProjectNameFlag", () => {
  it("rejects a -p that is not already valid with a usage error naming the value and the rule", () => {
    const run = () => assertValidProjectNameFlag("Shop_App");
    expect(run).toThrow(UsageError);
    expect(run).toThrow('invalid project name "Shop_App"');
    expect(run).toThrow("lowercase alphanumeric characters, hyphens, and underscores");
    expect(run).toThrow(expect.objectContaining({ exitCode: 2, hint: "use -p shop_app" }));
  });
});

describe("resolveProjectName", () => {
  it("falls back to the working directory's name and exposes it as COMPOSE_PROJECT_NAME", () => {
    const result = resolveProjectName(base);
    expect(result).toMatchObject({ name: "101-name-from-directory", source: "directory" });
    expect(result.environment).toEqual({ COMPOSE_PROJECT_NAME: "101-name-from-directory" });
  });

  it("normalizes the directory name", () => {
    expect(resolveProjectName({ ...base, workingDir: "/home/ana/My Shop.App" }).name).toBe("myshopapp");
  });

  it("fails when the directory name normalizes to nothing", () => {
    expect(() => resolveProjectName({ ...base, workingDir: "/tmp/___" })).toThrow(
      expect.objectContaining({ code: "compose.project-name-empty" }),
    );
  });

  it("uses the last top-level name of the files, interpolated and normalized", () => {
    expect(resolveProjectName({ ...base, namesFromFiles: ["alpha", undefined, "beta"] })).toMatchObject({
      name: "beta",
      source: "file",
    });
    expect(resolveProjectName({ ...base, namesFromFiles: ["My_Shop"] }).name).toBe("my_shop");
    const interpolated = resolveProjectName({
      ...base,
      environment: { STAGE: "Staging" },
      namesFromFiles: ["shop-${STAGE}"],
    });
    expect(interpolated.name).toBe("shop-staging");
    expect(interpolated.environment).toEqual({ STAGE: "Staging", COMPOSE_PROJECT_NAME: "shop-staging" });
  });

  it("takes the last raw name before interpolating it, falling back to the directory when it is empty", () => {
    const result = resolveProjectName({ ...base, namesFromFiles: ["alpha", "${UNSET_NAME}"] });
    expect(result).toMatchObject({ name: "101-name-from-directory", source: "directory" });
    expect(result.warnings[0]?.message).toContain("UNSET_NAME");
  });

  it("stringifies a numeric name", () => {
    expect(resolveProjectName({ ...base, namesFromFiles: [2024] }).name).toBe("2024");
  });

  it("fails on a required variable in name:", () => {
    expect(() => resolveProjectName({ ...base, namesFromFiles: ["${NAME:?give the stack a name}"] })).toThrow(
      "give the stack a name",
    );
  });

  it("lets COMPOSE_PROJECT_NAME beat name:, and -p beat both", () => {
    const environment = { COMPOSE_PROJECT_NAME: "from-env" };
    expect(resolveProjectName({ ...base, environment, namesFromFiles: ["from-yaml"] })).toMatchObject({
      name: "from-env",
      source: "environment",
    });
    const flagged = resolveProjectName({
      ...base,
      flag: "from-flag",
      environment,
      namesFromFiles: ["from-yaml"],
    });
    expect(flagged).toMatchObject({ name: "from-flag", source: "flag" });
    expect(flagged.environment["COMPOSE_PROJECT_NAME"]).toBe("from-flag");
  });

  it("ignores an empty COMPOSE_PROJECT_NAME", () => {
    expect(
      resolveProjectName({ ...base, environment: { COMPOSE_PROJECT_NAME: "" }, namesFromFiles: ["yaml"] })
        .name,
    ).toBe("yaml");
  });

  it("rejects an invalid COMPOSE_PROJECT_NAME or -p instead of normalizing it", () => {
    expect(() => resolveProjectName({ ...base, environment: { COMPOSE_PROJECT_NAME: "My App" } })).toThrow(
      expect.objectContaining({ code: "compose.project-name-invalid", exitCode: 1 }),
    );
    expect(() => resolveProjectName({ ...base, flag: "Shop_App" })).toThrow(UsageError);
  });
});
