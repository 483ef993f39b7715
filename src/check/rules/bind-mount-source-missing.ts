import { basename, isAbsolute, join } from "node:path";
import type { Severity } from "../finding.js";
import { defineRule } from "../rule.js";

// A name with an extension (`nginx.conf`, `init.sql`) is a file the container expects to read.
// (`conf.d`, `docker-entrypoint-initdb.d` are folders by convention.)
const looksLikeFile = (path: string): boolean => /^[^.].*\.[A-Za-z0-9]{1,8}$/.test(basename(path)) && !/\.d$/.test(path);

/**
 * Docker creates a missing bind source as an empty folder. That breaks a file mount (the
 * container finds a folder where a file belongs): an error. A folder the container writes into
 * (uploads, coverage, test results) works as written: info. A read-only folder stays empty: warning.
 */
export const bindMountSourceMissing = defineRule({
  id: "bind-mount-source-missing",
  group: "cross-file",
  severity: "error",
  title: "Bind mount source does not exist",
  doc: {
    why: "When a bind source is missing, Docker creates an empty *directory* in its place: `./init-db.sql` becomes a folder, the init script never runs, and nginx fails on a config path that is a directory. A missing folder the container writes into (uploads, coverage, test results) is created and works: that is only info.",
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
        const file = looksLikeFile(source) || (typeof volume.target === "string" && looksLikeFile(volume.target));
        const severity: Severity = file ? "error" : volume.read_only === true ? "warning" : "info";
        const what = file ? "the container gets an empty directory where it expects this file" : volume.read_only === true ? "Docker creates it as an empty folder, read-only in the container" : "Docker creates it as an empty folder (fine for output the container writes)";
        report({ at: context.locate(["services", view.name, "volumes", index]), message: `bind mount source "${source.startsWith(context.dir) ? source.slice(context.dir.length + 1) : source}" does not exist; ${what}`, hint: file ? "fix the path (relative to the project directory) or create the file" : "create the folder (or keep it in git with a .gitkeep) if the container should find content there", severity });
      });
    }
  },
});
