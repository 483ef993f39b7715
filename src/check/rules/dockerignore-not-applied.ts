import { posix } from "node:path";
import { defineRule } from "../rule.js";

export const dockerignoreNotApplied = defineRule({
  id: "dockerignore-not-applied",
  group: "dockerignore",
  severity: "warning",
  title: ".dockerignore that the build never reads",
  doc: {
    why: "Docker reads `.dockerignore` only at the root of the build context (or `<Dockerfile>.dockerignore` next to the Dockerfile). A `.dockerignore` beside a Dockerfile in a subfolder is silently unused once the context moves up, so everything it lists gets copied again.",
    example: "services:\n  brain:\n    build: { context: ./services, dockerfile: brain_runtime/Dockerfile }\n# services/brain_runtime/.dockerignore is ignored",
    fix: "Move the file to the context root, or rename it `Dockerfile.dockerignore` next to the Dockerfile.",
  },
  check(context, report) {
    for (const view of context.services) {
      const build = view.build;
      if (!build || build.remote || build.ignore.file !== undefined) continue;
      const besideDockerfile = posix.join(posix.dirname(build.dockerfilePath), ".dockerignore");
      if (posix.dirname(build.dockerfilePath) === build.contextDir || !context.files.exists(besideDockerfile)) continue;
      report({ at: context.locate(["services", view.name, "build"]), message: `${posix.relative(context.dir, besideDockerfile)} is not used: the build context of "${view.name}" is ${posix.relative(context.dir, build.contextDir) || "."}`, hint: `move it to the context root, or rename it ${posix.basename(build.dockerfilePath)}.dockerignore` });
    }
  },
});
