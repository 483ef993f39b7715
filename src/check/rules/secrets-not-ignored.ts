import { posix } from "node:path";
import { wholesaleCopyLeaks } from "../helpers/build-facts.js";
import { isSecretFile } from "../helpers/secret-files.js";
import { stageChain, type DockerStage } from "../sources/dockerfile.js";
import { defineRule } from "../rule.js";


export const secretsNotIgnored = defineRule({
  id: "secrets-not-ignored",
  group: "dockerignore",
  severity: "error",
  title: "Secret files copied into the image",
  doc: {
    why: "`COPY . .` takes `.env`, keys and credential files along: they end up in the image layers, readable by anyone who pulls the image, even if a later step deletes them.",
    example: "# context has .env and .env.docker, .dockerignore does not list them\nCOPY . .",
    fix: "Add `.env*` (then `!.env.example`), `*.pem`, `*.key` to `.dockerignore`, and pass secrets at run time.",
  },
  check(context, report) {
    const leaks = new Map<string, { contextDir: string; reached: ReadonlySet<DockerStage> }>();
    for (const view of context.services) {
      const build = view.build;
      if (!build) continue;
      const reached = new Set(build.dockerfile && build.stage ? stageChain(build.dockerfile, build.stage) : []);
      leaks.set(view.name, { contextDir: build.contextDir, reached });
    }
    const isSecret = (view: string, name: string) => {
      const leak = leaks.get(view);
      return leak !== undefined && isSecretFile(posix.join(leak.contextDir, name), (path) => context.files.readText(path));
    };
    for (const { view, copy, names } of wholesaleCopyLeaks(context, () => true).map((leak) => ({ ...leak, names: leak.names.filter((name) => isSecret(leak.view.name, name)) }))) {
      if (names.length === 0 || !reachesImage(leaks.get(view.name)?.reached, copy.instruction.at.line)) continue;
      report({ at: copy.instruction.at, message: `COPY . . puts secret files into the image of "${view.name}": ${names.join(", ")}`, hint: "add them to .dockerignore (`.env*`, `!.env.example`) and pass secrets at run time" });
    }
  },
});

// A COPY in a builder stage that the final image never derives from leaves no layer behind.
function reachesImage(reached: ReadonlySet<DockerStage> | undefined, line: number): boolean {
  if (reached === undefined || reached.size === 0) return true;
  return [...reached].some((stage) => stage.instructions.some((instruction) => instruction.at.line === line) || stage.from.at.line === line);
}
