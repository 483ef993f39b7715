import { statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { Option, type Command } from "commander";
import { checkProject, type CheckResult } from "../../check/check-project.js";
import { explainRule, listRules } from "../../check/explain.js";
import { diskFileTree } from "../../check/files/disk-file-tree.js";
import { isSeverity, severityRank, type Finding } from "../../check/finding.js";
import { formatJson } from "../../check/formats/json.js";
import { formatSarif } from "../../check/formats/sarif.js";
import { formatText } from "../../check/formats/text.js";
import type { Rule } from "../../check/rule.js";
import { allRules, findRule } from "../../check/rules/index.js";
import { checkTargets, rulesForTarget, type CheckTarget } from "../../check/rules/swarm-rules.js";
import { ExitCode, UsageError } from "../../common/errors.js";
import { createRedactor } from "../../common/redact.js";
import { exceptProjectNames, loadSecretValues, projectSecretValues } from "../../verify/project-secrets.js";
import type { CommandContext, CommandModule } from "../command-module.js";
import { addProjectOptions, readProjectOptions, type ProjectOptions } from "../project-options.js";
import { berthVersion } from "../version.js";

interface CheckFlags {
  readonly format: "text" | "json" | "sarif";
  readonly failOn: string;
  readonly explain?: string;
  readonly listRules?: boolean;
  readonly target: CheckTarget;
}

/** `berth check`: the static doctor. Reads files only; builds, pulls and runs nothing. */
export const checkCommand: CommandModule = {
  register(program, context) {
    const command = program
      .command("check")
      .description("Find problems in the stack before anything runs (compose, Dockerfiles, nginx, env)")
      .argument("[path]", "project folder or compose file to check (default: the current folder)");
    addProjectOptions(command)
      .addOption(new Option("--format <format>", "output format").choices(["text", "json", "sarif"]).default("text"))
      .addOption(new Option("--fail-on <severity>", "exit 1 when a finding at or above this severity exists").choices(["error", "warning", "info", "none"]).default("error"))
      .option("--explain <rule>", "print why a rule matters, an example and the fix")
      .option("--list-rules", "list every rule with its severity and group")
      .addOption(new Option("--target <target>", "where the stack runs: swarm adds what docker stack deploy refuses, ignores or maps differently").choices([...checkTargets]).default("engine"))
      .action((path: string | undefined, raw: Record<string, unknown>) => runCheck(path, raw, context, command));
  },
};

function runCheck(path: string | undefined, raw: Record<string, unknown>, context: CommandContext, _command: Command): void {
  const flags = raw as unknown as CheckFlags;
  const rules = rulesForTarget(allRules, flags.target);
  if (flags.listRules) return void context.io.stdout.write(listRules(rules));
  if (flags.explain !== undefined) return void context.io.stdout.write(explainOrFail(flags.explain));
  const options = { ...withPath(readProjectOptions(raw), path, context.io.cwd), environment: context.io.env };
  const files = diskFileTree();
  const result = checkProject(options, files, rules);
  // Excerpts quote the files as written: URL credentials, literal passwords, interpolated .env values.
  const redactor = createRedactor([...projectSecretValues(result.project), ...exceptProjectNames(result.project, loadSecretValues(options))]);
  context.io.stdout.write(redactor.text(render(flags.format, result, files, rules)));
  if (shouldFail(result.findings, flags.failOn)) context.setExitCode(ExitCode.failed);
}

/**
 * `berth check PATH`, as linters take one: a folder is checked as if berth ran there (its compose
 * file and .env found as compose finds them), a file as `-f FILE` with its folder as project folder.
 */
function withPath(project: ProjectOptions, path: string | undefined, cwd: string): ProjectOptions & { readonly cwd: string } {
  if (path === undefined) return { ...project, cwd };
  const target = resolve(cwd, path);
  const stat = statSync(target, { throwIfNoEntry: false });
  if (stat === undefined) throw new UsageError(`no such file or folder: ${path}`, { hint: "give a project folder or a compose file" });
  if (project.files.length > 0 && stat.isFile()) throw new UsageError("give the compose file either as PATH or with -f, not both", { hint: "`berth check -f a.yml -f b.yml` or `berth check a.yml`" });
  if (stat.isDirectory()) return { ...project, cwd: target };
  return { ...project, files: [basename(target)], cwd: dirname(target) };
}

function explainOrFail(id: string): string {
  const rule = findRule(id);
  if (!rule) throw new UsageError(`unknown rule "${id}"`, { hint: "run `berth check --list-rules` for the rule ids" });
  return explainRule(rule);
}

function render(format: CheckFlags["format"], result: CheckResult, files: ReturnType<typeof diskFileTree>, rules: readonly Rule[]): string {
  if (format === "json") return formatJson(result.findings);
  if (format === "sarif") return formatSarif(result.findings, rules, berthVersion(), result.suppressed);
  return formatText(result.findings, files, result.project.meta.workingDir, result.profiles);
}

function shouldFail(findings: readonly Finding[], failOn: string): boolean {
  if (!isSeverity(failOn)) return false;
  return findings.some((finding) => severityRank(finding.severity) >= severityRank(failOn));
}
