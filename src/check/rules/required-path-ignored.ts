import { posix } from "node:path";
import { runCommands } from "../helpers/build-facts.js";
import { defineRule } from "../rule.js";

const typescriptBuild = /\b(tsc|npm\s+run\s+build|pnpm\s+(run\s+)?build|yarn\s+build|nest\s+build)\b/;

/** Top-level folders a tsconfig `include` reads, e.g. ["src", "tests"]. */
function includedRoots(tsconfig: string): string[] {
  try {
    const include: unknown = (JSON.parse(tsconfig.replace(/^\s*\/\/.*$/gm, "")) as { include?: unknown }).include;
    return Array.isArray(include) ? [...new Set(include.map((entry) => String(entry).replace(/^\.\//, "").split("/")[0] ?? "").filter((root) => root !== "" && !/[*?]/.test(root)))] : [];
  } catch {
    return [];
  }
}

export const requiredPathIgnored = defineRule({
  id: "required-path-ignored",
  group: "dockerignore",
  severity: "error",
  title: ".dockerignore excludes what the build reads",
  doc: {
    why: "When `.dockerignore` drops a folder that `tsconfig.json` includes (`tests/`, `specs/`), `tsc` inside the image fails with \"No inputs were found\" or missing imports, while the same build works on the host.",
    example: ".dockerignore:\n  tests\ntsconfig.json:\n  { \"include\": [\"src\", \"tests\"] }\nDockerfile:\n  RUN npm run build",
    fix: "Stop ignoring the folder, or build with a tsconfig (e.g. `tsconfig.build.json`) that includes only what ships.",
  },
  check(context, report) {
    for (const view of context.services) {
      const build = view.build;
      const run = build?.dockerfile?.stages.flatMap(runCommands).find((candidate) => typescriptBuild.test(candidate.text));
      if (!build || !run || build.ignore.file === undefined) continue;
      const tsconfig = context.files.readText(posix.join(build.contextDir, "tsconfig.json"));
      const ignored = includedRoots(tsconfig ?? "").filter((root) => build.ignore.ignores(root) && context.files.exists(posix.join(build.contextDir, root)));
      if (ignored.length === 0) continue;
      report({ at: run.at, message: `the build reads ${ignored.join(", ")} (tsconfig include), but .dockerignore excludes ${ignored.length > 1 ? "them" : "it"}`, hint: "un-ignore the folder or build with a tsconfig that includes only shipped code" });
    }
  },
});
