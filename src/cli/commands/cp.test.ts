import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { cpCommand, formatBytes } from "./cp.js";

describe("berth cp", () => {
  it("words sizes as docker cp does", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(2050)).toBe("2.0 kB");
    expect(formatBytes(151_344)).toBe("151.3 kB");
    expect(formatBytes(236_000_000)).toBe("236.0 MB");
    expect(formatBytes(5e15)).toBe("5000.0 TB");
  });

  it("takes compose cp's flags and the project options", () => {
    const program = new Command();
    cpCommand.register(program, { io: {} as never, setExitCode: () => undefined });
    const command = program.commands.find((candidate) => candidate.name() === "cp");
    const flags = command?.options.map((option) => option.flags) ?? [];
    expect(flags).toEqual(expect.arrayContaining(["--index <n>", "--all", "-a, --archive", "-L, --follow-link", "-f, --file <file>", "-p, --project-name <name>"]));
    expect(command?.registeredArguments.map((argument) => argument.name())).toEqual(["source", "destination"]);
  });
});
