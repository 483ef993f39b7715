import { relative } from "node:path";
import { defineRule } from "../rule.js";

export const dockerfileMissing = defineRule({
  id: "dockerfile-missing",
  group: "cross-file",
  severity: "error",
  title: "Build context or Dockerfile not found",
  doc: {
    why: "`build.dockerfile` is relative to `build.context`, not to the compose file: moving the context (e.g. up to the repo root for a monorepo) without adjusting `dockerfile:` makes the build fail before it starts.",
    example: "services:\n  api:\n    build:\n      context: ./services\n      dockerfile: Dockerfile   # the file is services/api/Dockerfile",
    fix: "Point `dockerfile:` at the file relative to the context (`dockerfile: api/Dockerfile`).",
  },
  check(context, report) {
    for (const view of context.services) {
      const build = view.build;
      // A Dockerfile that exists but was not read (larger than berth checks) is input-too-large's.
      if (!build || build.remote || build.dockerfile || context.files.exists(build.dockerfilePath)) continue;
      const contextMissing = !context.files.isDirectory(build.contextDir);
      const what = contextMissing ? `build context "${relative(context.dir, build.contextDir) || "."}"` : `Dockerfile "${relative(context.dir, build.dockerfilePath)}"`;
      report({ at: context.locate(["services", view.name, "build"]), message: `${what} of "${view.name}" does not exist`, hint: "build.dockerfile is relative to build.context; fix the path" });
    }
  },
});
