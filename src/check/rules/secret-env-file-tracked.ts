import { posix } from "node:path";
import ignore from "ignore";
import { findUp } from "../helpers/app-files.js";
import { isSecretKey } from "../helpers/service-facts.js";
import type { FileTree } from "../files/file-tree.js";
import { defineRule } from "../rule.js";

export const secretEnvFileTracked = defineRule({
  id: "secret-env-file-tracked",
  group: "env",
  severity: "error",
  title: "Env file with secrets not covered by .gitignore",
  doc: {
    why: "An env file holding real passwords that git does not ignore gets committed sooner or later (`git add -A`), and then lives in history and every clone.",
    example: "# .gitignore lists .env but the stack uses .env.docker\nenv_file: .env.docker",
    fix: "Add the file (or `.env*` with `!.env.example`) to `.gitignore`; if it was committed, rotate the secrets.",
  },
  check(context, report) {
    const root = findUp(context.files, context.dir, "/", ".git");
    if (root === undefined) return;
    const ignored = gitignoreMatcher(context.files, root);
    const files = [...context.dotenv, ...context.envFiles.values()];
    for (const file of files.filter((candidate, index) => files.findIndex((other) => other.path === candidate.path) === index)) {
      const secret = file.entries.find((entry) => isSecretKey(entry.key) && entry.value !== "");
      if (!secret || ignored(posix.relative(root, file.path))) continue;
      report({ at: { file: file.path, line: 1, column: 1 }, message: `${posix.basename(file.path)} holds secrets (${secret.key}) and is not in .gitignore`, hint: "add it to .gitignore (`.env*` and `!.env.example`); rotate anything already committed" });
    }
  },
});

// Every .gitignore from the repository root down to the file's folder, each with patterns relative
// to its own folder (gitignore semantics from the `ignore` package); deeper files have the last word.
function gitignoreMatcher(files: FileTree, root: string): (path: string) => boolean {
  return (path) => {
    let ignored = false;
    const segments = posix.dirname(path).split("/").filter((segment) => segment !== "" && segment !== ".");
    for (let depth = 0; depth <= segments.length; depth++) {
      const base = segments.slice(0, depth).join("/");
      const text = files.readText(posix.join(root, base, ".gitignore"));
      if (text === undefined) continue;
      const verdict = ignore().add(text).test(posix.relative(base, path));
      if (verdict.ignored) ignored = true;
      else if (verdict.unignored) ignored = false;
    }
    return ignored;
  };
}
