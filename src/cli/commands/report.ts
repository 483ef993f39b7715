import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { Option, type Command } from "commander";
import { OperationFailed } from "../../common/errors.js";
import { projectStateDir } from "../../deploy/state-dir.js";
import { allRules } from "../../check/rules/index.js";
import { rulesForTarget } from "../../check/rules/swarm-rules.js";
import type { Project } from "../../compose/model/project.js";
import { latestRun, listRuns } from "../../journal/journal.js";
import { renderReport, type ReportFormat } from "../../report/render-report.js";
import type { Report } from "../../report/report.js";
import { swarmObserver } from "../../swarm/obs-client.js";
import { checkFindings } from "../../verify/check-findings.js";
import { buildDeploymentReport, loadSavedReport, saveReport } from "../../verify/deployment-report.js";
import { projectRedactor } from "../../verify/project-secrets.js";
import type { CommandContext, CommandModule } from "../command-module.js";
import { connectEngine } from "../connect-engine.js";
import type { CliIO } from "../io.js";
import { addProjectOptions, readProjectOptions } from "../project-options.js";
import { loadProjectFor } from "./project-session.js";
import { buildSwarmReport, noRunId } from "./swarm-report.js";

/**
 * `berth report`: the report of the latest run (or `--run ID`), as Markdown, HTML or JSON. On a
 * Swarm manager it is always rebuilt: the stack's nodes and tasks now, with the run's journal.
 */
export const reportCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = program
      .command("report")
      .description("Show the deployment report of the latest run (services, timeline, probes, findings, verdict)")
      .addOption(new Option("--format <format>", "md, html or json").choices(["md", "html", "json"]).default("md"))
      .option("--out <file>", "write the report to this file instead of stdout")
      .option("--run <id>", "the run to report on (default: the latest)")
      .option("--fresh", "rebuild the report from the run's journal and the engine's current state");
    addProjectOptions(command).action(async (raw: Record<string, unknown>) => {
      context.setExitCode(await runReport(raw, context.io));
    });
  },
};

async function runReport(raw: Record<string, unknown>, io: CliIO): Promise<number> {
  const project = loadProjectFor({ ...readProjectOptions(raw), environment: io.env, cwd: io.cwd }, io);
  const redactor = projectRedactor(project);
  const stateDir = projectStateDir(project.name, io.env);
  let report = await swarmReport(project, stateDir, raw["run"], io);
  if (report === undefined) {
    const runId = await chooseRun(stateDir, raw["run"]);
    report = raw["fresh"] === true ? undefined : await loadSavedReport(stateDir, runId);
    if (report === undefined) {
      report = await buildDeploymentReport({ engine: await connectEngine(io.env), project, stateDir, runId, findings: checkFindings(project) });
      await saveReport(stateDir, report, redactor);
    }
  } else if (report.runId !== noRunId) await saveReport(stateDir, report, redactor);
  const text = renderReport(report, raw["format"] as ReportFormat, redactor);
  if (typeof raw["out"] !== "string") io.stdout.write(text);
  else {
    await writeFile(resolve(io.cwd, raw["out"]), text, "utf8");
    io.stderr.write(`report written to ${raw["out"]}\n`);
  }
  return 0;
}

/**
 * On a Swarm manager: the stack as `berth ps` reads it, with the run's journal (a stack deployed
 * by `docker stack deploy` has none: the report says so). Undefined off a manager, and when the
 * engine cannot be asked (a saved report is still shown offline).
 */
async function swarmReport(project: Project, stateDir: string, requested: unknown, io: CliIO): Promise<Report | undefined> {
  const observer = swarmObserver(io.env);
  if ((await observer.role().catch(() => "none")) !== "manager") return undefined;
  const runId = typeof requested === "string" || (await latestRun(stateDir)) !== undefined ? await chooseRun(stateDir, requested) : undefined;
  const view = await observer.stackView(project.name);
  return buildSwarmReport({ project, view, manager: observer.display, stateDir, runId, findings: checkFindings(project, rulesForTarget(allRules, "swarm")), now: new Date() });
}

async function chooseRun(stateDir: string, requested: unknown): Promise<string> {
  if (typeof requested === "string") {
    if ((await listRuns(stateDir)).includes(requested)) return requested;
    throw new OperationFailed("report.no-such-run", `no run ${requested} in ${stateDir}`, { hint: "omit --run for the latest run" });
  }
  const latest = await latestRun(stateDir);
  if (latest === undefined) throw new OperationFailed("report.no-run", `no run recorded yet in ${stateDir}`, { hint: "run `berth up --verify` or `berth verify` first" });
  return latest;
}
