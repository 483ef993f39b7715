import { Option, type Command } from "commander";
import { checkProject, type CheckResult } from "../../check/check-project.js";
import { explainRule, listRules } from "../../check/explain.js";
import { diskFileTree } from "../../check/files/disk-file-tree.js";
import { isSeverity, severityRank, type Finding } from "../../check/finding.js";
import { formatJson } from "../../check/formats/json.js";
import { formatSarif } from "../../check/formats/sarif.js";
import { formatText } from "../../check/formats/text.js";
import { allRules, findRule } from "../../check/rules/index.js";
import { ExitCode, UsageError } from "../../common/errors.js";
import type { CommandContext, CommandModule } from "../command-module.js";
import { addProjectOptions, readProjectOptions } from "../project-options.js";
import { berthVersion } from "../version.js";

interface CheckFlags {
  readonly format: "text" | "json" | "sarif";
  readonly failOn: string;
  readonly explain?: string;
  readonly listRules?: boolean;
}

/** `berth check`: the static doctor. Reads files only; builds, pulls and runs nothing. */
export const checkCommand: CommandModule = {
  register(program, context) {
    const command = program.command("check").description("Find problems in the stack before anything runs (compose, Dockerfiles, nginx, env)");
    addProjectOptions(command)
      .addOption(new Option("--format <format>", "output format").choices(["text", "json", "sarif"]).default("text"))
      .addOption(new Option("--fail-on <severity>", "exit 1 when a finding at or above this severity exists").choices(["error", "warning", "info", "none"]).default("error"))
      .option("--explain <rule>", "print why a rule matters, an example and the fix")
      .option("--list-rules", "list every rule with its severity and group")
      .action((raw: Record<string, unknown>) => runCheck(raw, context, command));
  },
};

function runCheck(raw: Record<string, unknown>, context: CommandContext, _command: Command): void {
  const flags = raw as unknown as CheckFlags;
  if (flags.listRules) return void context.io.stdout.write(listRules(allRules));
  if (flags.explain !== undefined) return void context.io.stdout.write(explainOrFail(flags.explain));
  const project = readProjectOptions(raw);
  const options = { ...project, environment: context.io.env, cwd: context.io.cwd };
  const files = diskFileTree();
  const result = checkProject(options, files, allRules);
  context.io.stdout.write(render(flags.format, result, files));
  if (shouldFail(result.findings, flags.failOn)) context.setExitCode(ExitCode.failed);
}

function explainOrFail(id: string): string {
  const rule = findRule(id);
  if (!rule) throw new UsageError(`unknown rule "${id}"`, { hint: "run `berth check --list-rules` for the rule ids" });
  return explainRule(rule);
}

function render(format: CheckFlags["format"], result: CheckResult, files: ReturnType<typeof diskFileTree>): string {
  if (format === "json") return formatJson(result.findings);
  if (format === "sarif") return formatSarif(result.findings, allRules, berthVersion(), result.suppressed);
  return formatText(result.findings, files, result.project.meta.workingDir);
}

function shouldFail(findings: readonly Finding[], failOn: string): boolean {
  if (!isSeverity(failOn)) return false;
  return findings.some((finding) => severityRank(finding.severity) >= severityRank(failOn));
}
