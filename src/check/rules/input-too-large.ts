import { relative } from "node:path";
import { maxCheckedFileBytes } from "../files/file-tree.js";
import { defineRule } from "../rule.js";

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

export const inputTooLarge = defineRule({
  id: "input-too-large",
  group: "cross-file",
  severity: "warning",
  title: "A file berth should check is too large to read",
  doc: {
    why: "`berth check` reads the Dockerfiles, nginx configs and other files a project names up to 1 MB each: real ones are a few KB, and a bigger one is usually the wrong file (a log, a dump, generated output). A file past the limit is not checked at all, so none of the rules that read it can speak.",
    example: "services:\n  web:\n    image: nginx:1.22\n    volumes:\n      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro   # 1.8 MB",
    fix: "Point the project at the file you meant, or split the file. The 1 MB limit has no flag (docs/limits.md).",
  },
  check(context, report) {
    for (const file of context.files.skipped()) {
      report({
        at: { file: file.path, line: 1, column: 1 },
        message: `${relative(context.dir, file.path) || file.path} is ${megabytes(file.bytes)}, more than the ${maxCheckedFileBytes / 1_000_000} MB berth check reads: it was not checked`,
        hint: "Dockerfiles and nginx configs are text of a few KB: check that this is the file you meant (limits: docs/limits.md)",
      });
    }
  },
});
