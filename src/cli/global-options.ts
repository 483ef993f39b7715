import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { UsageError } from "../common/errors.js";
import { assertValidProjectNameFlag } from "../compose/project-name.js";
import { addProjectOptions } from "./project-options.js";

/**
 * The compose-level options accepted before the verb, as `docker compose -f x.yml logs -f` takes
 * them: `-f`, `-p`, `--profile`, `--env-file`, `--project-directory`. Program options are parsed
 * only before the verb (positional options), so after it a verb keeps its own letters.
 */
export function addGlobalProjectOptions(program: Command): Command {
  return addProjectOptions(program);
}

/** The option keys of the project options, as commander stores them. */
const listKeys = ["file", "profile", "envFile"] as const;
const textKeys = ["projectName", "projectDirectory"] as const;

/**
 * Gives the verb the options written before it: lists (files, profiles, env files) are the
 * global ones followed by the verb's own; a name or directory given after the verb wins.
 */
export function mergeGlobalOptions(global: Record<string, unknown>, verb: Command): void {
  const own = verb.opts();
  for (const key of listKeys) {
    const before = Array.isArray(global[key]) ? (global[key] as string[]) : [];
    const after = Array.isArray(own[key]) ? (own[key] as string[]) : [];
    if (before.length > 0) verb.setOptionValue(key, [...before, ...after]);
  }
  for (const key of textKeys) {
    if (own[key] === undefined && typeof global[key] === "string") verb.setOptionValue(key, global[key]);
  }
}

/**
 * A DNS label is at most 63 characters: the project name becomes part of network and container
 * names that other containers resolve, so berth refuses longer names before touching anything.
 */
export const maxProjectNameLength = 63;

/** Rejects a `-p` compose would not accept and a `--project-directory` that is not a folder. */
export function validateProjectOptions(options: Record<string, unknown>, cwd: string): void {
  const name = options["projectName"];
  if (typeof name === "string") {
    if (name.length > maxProjectNameLength) {
      throw new UsageError(`-p/--project-name is ${name.length} characters long; at most ${maxProjectNameLength} are allowed`, {
        hint: "use a short name of lowercase letters, digits, '-' and '_'",
      });
    }
    assertValidProjectNameFlag(name);
  }
  const directory = options["projectDirectory"];
  if (typeof directory === "string") {
    const path = resolve(cwd, directory);
    if (!existsSync(path)) throw new UsageError(`--project-directory ${directory}: no such directory`, { hint: `create it or point --project-directory at the stack's folder (resolved to ${path})` });
    if (!statSync(path).isDirectory()) throw new UsageError(`--project-directory ${directory} is a file, not a directory`, { hint: "pass the folder that holds the stack, and the file with -f" });
  }
}

/** Option flags of the program that take a value: a command line's verb is never one of their values. */
const valueFlags = new Set(["-f", "--file", "-p", "--project-name", "--profile", "--env-file", "--project-directory"]);

/** The verb of a command line: its first word that is neither an option nor an option's value. */
export function findVerb(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i] ?? "";
    if (argument === "--") return argv[i + 1];
    if (!argument.startsWith("-")) return argument;
    if (valueFlags.has(argument)) i++;
  }
  return undefined;
}
