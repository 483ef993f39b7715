import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { UsageError } from "../common/errors.js";
import { findVerb, maxProjectNameLength, mergeGlobalOptions, validateProjectOptions } from "./global-options.js";
import { addProjectOptions } from "./project-options.js";

function verbWith(args: string[]): Command {
  const verb = addProjectOptions(new Command("logs"), { withShortFile: false }).option("-f, --follow");
  verb.parse(args, { from: "user" });
  return verb;
}

describe("findVerb", () => {
  it("skips the values of the options that take one", () => {
    expect(findVerb(["-f", "x.yml", "logs", "-f"])).toBe("logs");
    expect(findVerb(["-p", "shop", "--profile", "debug", "--env-file", "a.env", "--project-directory", "srv", "ps"])).toBe("ps");
    expect(findVerb(["--file", "x.yml", "up", "web"])).toBe("up");
  });

  it("reads `--file=x.yml` as one word and finds no verb in options alone", () => {
    expect(findVerb(["--file=x.yml", "down"])).toBe("down");
    expect(findVerb(["--version"])).toBeUndefined();
    expect(findVerb(["-f", "x.yml"])).toBeUndefined();
  });
});

describe("mergeGlobalOptions", () => {
  it("puts the files before the verb ahead of the verb's own", () => {
    const verb = verbWith(["--file", "b.yml", "--profile", "two"]);
    mergeGlobalOptions({ file: ["a.yml"], profile: ["one"] }, verb);
    expect(verb.opts()["file"]).toEqual(["a.yml", "b.yml"]);
    expect(verb.opts()["profile"]).toEqual(["one", "two"]);
  });

  it("lets a name or directory given after the verb win", () => {
    const verb = verbWith(["-p", "after"]);
    mergeGlobalOptions({ projectName: "before", projectDirectory: "srv" }, verb);
    expect(verb.opts()["projectName"]).toBe("after");
    expect(verb.opts()["projectDirectory"]).toBe("srv");
  });

  it("leaves the verb's own -f alone: for logs it follows", () => {
    const verb = verbWith(["-f"]);
    mergeGlobalOptions({ file: ["x.yml"] }, verb);
    expect(verb.opts()["follow"]).toBe(true);
    expect(verb.opts()["file"]).toEqual(["x.yml"]);
  });

  it("changes nothing without global options", () => {
    const verb = verbWith([]);
    mergeGlobalOptions({}, verb);
    expect(verb.opts()["file"]).toBeUndefined();
    expect(verb.opts()["projectName"]).toBeUndefined();
  });
});

describe("validateProjectOptions", () => {
  const dir = mkdtempSync(join(tmpdir(), "berth-global-"));
  writeFileSync(join(dir, "compose.yaml"), "services: {}\n");

  it("rejects a project name longer than a DNS label, as a usage error", () => {
    const long = "a".repeat(maxProjectNameLength + 1);
    expect(() => validateProjectOptions({ projectName: long }, dir)).toThrow(UsageError);
    expect(() => validateProjectOptions({ projectName: long }, dir)).toThrow(/64 characters long; at most 63/);
    expect(() => validateProjectOptions({ projectName: "a".repeat(maxProjectNameLength) }, dir)).not.toThrow();
  });

  it("rejects a name compose would reject, with the normalised one as the fix", () => {
    expect(() => validateProjectOptions({ projectName: "My App" }, dir)).toThrow(/invalid project name "My App"/);
  });

  it("rejects a project directory that does not exist or is a file", () => {
    expect(() => validateProjectOptions({ projectDirectory: "nope" }, dir)).toThrow(/--project-directory nope: no such directory/);
    expect(() => validateProjectOptions({ projectDirectory: "compose.yaml" }, dir)).toThrow(/is a file, not a directory/);
    expect(() => validateProjectOptions({ projectDirectory: "." }, dir)).not.toThrow();
  });
});
