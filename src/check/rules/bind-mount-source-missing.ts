import { isAbsolute, join } from "node:path";
import { defineRule } from "../rule.js";

export const bindMountSourceMissing = defineRule({
  id: "bind-mount-source-missing",
  group: "cross-file",
  severity: "error",
  title: "Bind mount source does not exist",
  doc: {
    why: "When a bind source is missing, Docker creates an empty *directory* in its place: `./init-db.sql` becomes a folder, the init script never runs, and nginx fails on a config path that is a directory.",
    example: "services:\n  db:\n    volumes: [\"./init-db.sql:/docker-entrypoint-initdb.d/init.sql\"]   # file is at ./db/init-db.sql",
    fix: "Fix the path (it is relative to the project directory), or create the file.",
  },
  check(context, report) {
    for (const view of context.services) {
      (view.service.volumes ?? []).forEach((volume, index) => {
        const source = volume.source;
        if (volume.type !== "bind" || !source || source.startsWith("/var/run") || source.includes("$") || source.startsWith("~")) return;
        const inProject = !isAbsolute(source) || source.startsWith(context.dir);
        if (!inProject || context.files.exists(isAbsolute(source) ? source : join(context.dir, source))) return;
        report({ at: context.locate(["services", view.name, "volumes", index]), message: `bind mount source "${source}" does not exist; Docker would create an empty directory there`, hint: "fix the path (relative to the project directory) or create the file" });
      });
    }
  },
});
