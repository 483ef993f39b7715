import { posix } from "node:path";
import { findUp, readPackageJson } from "../helpers/app-files.js";
import { defineRule } from "../rule.js";

export const workspaceOutsideContext = defineRule({
  id: "workspace-outside-context",
  group: "cross-file",
  severity: "error",
  title: "Monorepo workspace packages outside the build context",
  doc: {
    why: "A package that depends on `workspace:*` siblings (pnpm/npm/yarn workspaces) cannot be installed from its own folder: the workspace root, its lockfile and the sibling packages are outside the build context, so the install inside the image fails or pulls the wrong versions from the registry.",
    example: "web:\n  build: ./apps/web   # package.json: \"@acme/ui\": \"workspace:*\"",
    fix: "Build from the workspace root: `build: { context: ., dockerfile: apps/web/Dockerfile }`, and copy the root manifests and the needed packages (or use `turbo prune`/`pnpm deploy`).",
  },
  check(context, report) {
    for (const view of context.services) {
      const build = view.build;
      if (!build || build.remote) continue;
      const pkg = readPackageJson(context.files, build.contextDir);
      const workspaceDeps = Object.entries(pkg?.dependencies ?? {}).filter(([, version]) => version.startsWith("workspace:")).map(([name]) => name);
      if (workspaceDeps.length === 0) continue;
      const root = findUp(context.files, posix.dirname(build.contextDir), context.dir, "pnpm-workspace.yaml") ?? findUp(context.files, posix.dirname(build.contextDir), context.dir, "package.json");
      if (root === undefined || build.contextDir.startsWith(`${root}/`) === false) continue;
      report({ at: context.locate(["services", view.name, "build"]), message: `"${view.name}" uses workspace packages (${workspaceDeps.slice(0, 3).join(", ")}) but its build context ${posix.relative(context.dir, build.contextDir)} leaves out the workspace root ${posix.relative(context.dir, root) || "."}`, hint: `set build.context to ${posix.relative(context.dir, root) || "."} and build.dockerfile to ${posix.relative(root, build.dockerfilePath)}` });
    }
  },
});
