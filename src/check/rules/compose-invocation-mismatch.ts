import { posix } from "node:path";
import { parse } from "yaml";
import type { FileTree } from "../files/file-tree.js";
import type { Location } from "../finding.js";
import { defineRule, type Report } from "../rule.js";

const scriptFiles = ["Makefile", "makefile", "package.json", "justfile", "Taskfile.yml", "deploy.sh", "start.sh", "run.sh", "scripts/deploy.sh", "scripts/start.sh"];
const invocation = /\bdocker[\s-]compose\b(.*)/;

interface Invocation {
  readonly at: Location;
  readonly files: string[];
  readonly envFile: string | undefined;
}

export const composeInvocationMismatch = defineRule({
  id: "compose-invocation-mismatch",
  group: "cross-file",
  severity: "warning",
  title: "Scripts run compose inconsistently",
  doc: {
    why: "`docker compose -f docker-compose.dev.yml up` loads an override without its base (services without image or build), and passing `--env-file .env.docker` to `up` but not to `build`, `down` or `logs` makes those commands see a different project (other names, blank variables).",
    example: "dev:\n\tdocker-compose -f docker-compose.dev.yml up\nup:\n\tdocker compose --env-file .env.docker up -d\nlogs:\n\tdocker compose logs -f",
    fix: "Always pass the base file with the override (`-f compose.yaml -f compose.dev.yaml`), and give every compose command the same `--env-file` (a variable in the Makefile helps).",
  },
  check(context, report) {
    for (const name of scriptFiles) {
      const path = posix.join(context.dir, name);
      const text = context.files.readText(path);
      if (text === undefined) continue;
      const calls = findInvocations(path, text);
      checkOverridesAlone(context.files, context.dir, calls, report);
      checkEnvFiles(calls, report);
    }
  },
});

function findInvocations(path: string, text: string): Invocation[] {
  return text.split(/\r?\n/).flatMap((line, index) => {
    const match = invocation.exec(line);
    if (!match) return [];
    const args = match[1] ?? "";
    const files = [...args.matchAll(/(?:-f|--file)[\s=]+([^\s"';&]+)/g)].map((file) => file[1] ?? "");
    const envFile = /--env-file[\s=]+([^\s"';&]+)/.exec(args)?.[1];
    return [{ at: { file: path, line: index + 1, column: (match.index ?? 0) + 1 }, files, envFile }];
  });
}

function checkOverridesAlone(files: FileTree, dir: string, calls: readonly Invocation[], report: Report): void {
  for (const call of calls.filter((candidate) => candidate.files.length === 1)) {
    const services = readServices(files, posix.join(dir, call.files[0]!));
    const partial = Object.entries(services).find(([, service]) => service?.["image"] === undefined && service?.["build"] === undefined && service?.["extends"] === undefined);
    if (!partial) continue;
    report({ at: call.at, message: `compose runs ${call.files[0]} alone, but its service "${partial[0]}" has no image or build (it is an override)`, hint: `pass the base file too: -f compose.yaml -f ${call.files[0]}` });
  }
}

function readServices(files: FileTree, path: string): Record<string, Record<string, unknown> | null> {
  try {
    const document = parse(files.readText(path) ?? "") as { services?: Record<string, Record<string, unknown> | null> } | null;
    return document?.services ?? {};
  } catch {
    return {};
  }
}

function checkEnvFiles(calls: readonly Invocation[], report: Report): void {
  const envFile = calls.find((call) => call.envFile !== undefined)?.envFile;
  if (envFile === undefined) return;
  for (const call of calls.filter((candidate) => candidate.envFile === undefined)) {
    report({ at: call.at, message: `this compose command has no --env-file, while others in the file use --env-file ${envFile}`, hint: `pass --env-file ${envFile} to every compose command (e.g. through a variable)` });
  }
}
