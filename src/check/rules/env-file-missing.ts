import { isAbsolute, join, relative } from "node:path";
import type { Location } from "../finding.js";
import { defineRule } from "../rule.js";

export const envFileMissing = defineRule({
  id: "env-file-missing",
  group: "env",
  severity: "error",
  title: "env_file does not exist",
  doc: {
    why: "Compose refuses to start a service whose `env_file` is missing (unless marked `required: false`); on a fresh clone the secrets file is usually the one that is not there.",
    example: "services:\n  api:\n    env_file: .env.production   # not in the repository",
    fix: "Create the file (from `.env.example`), fix the path, or mark it optional: `env_file: [{ path: .env.local, required: false }]`.",
  },
  check(context, report) {
    // One missing file is one problem, reported once with every service that reads it.
    const missing = new Map<string, { at: Location; services: string[] }>();
    for (const view of context.services) {
      (view.service.env_file ?? []).forEach((ref, index) => {
        const path = isAbsolute(ref.path) ? ref.path : join(context.dir, ref.path);
        if (!ref.required || context.files.exists(path)) return;
        const seen = missing.get(path) ?? { at: context.locate(["services", view.name, "env_file", index]), services: [] };
        missing.set(path, { ...seen, services: [...seen.services, view.name] });
      });
    }
    for (const [path, { at, services }] of missing) {
      report({ at, message: `env_file "${relative(context.dir, path)}" of ${services.map((name) => `"${name}"`).join(", ")} does not exist`, hint: "create it (e.g. from .env.example), or mark it `required: false`" });
    }
  },
});
