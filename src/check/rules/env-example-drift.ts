import { posix } from "node:path";
import { parseDotenv } from "../sources/dotenv.js";
import { defineRule } from "../rule.js";

const exampleNames = [".env.example", ".env.sample", ".env.template", "example.env"];

export const envExampleDrift = defineRule({
  id: "env-example-drift",
  group: "env",
  severity: "warning",
  title: ".env is missing keys that .env.example documents",
  doc: {
    why: "When `.env.example` gains a key (a new `API_KEY_ENCRYPTION_KEY`) and the deployed `.env` does not, compose interpolates it as blank and the app fails at run time, far from the cause.",
    example: ".env.example: API_KEY_ENCRYPTION_KEY=\n.env: (no such key)",
    fix: "Add the missing keys to `.env` (or remove them from the example if they are obsolete).",
  },
  check(context, report) {
    for (const dotenv of context.dotenv) {
      const exampleName = exampleNames.find((name) => context.files.exists(posix.join(posix.dirname(dotenv.path), name)));
      if (!exampleName) continue;
      const examplePath = posix.join(posix.dirname(dotenv.path), exampleName);
      const example = parseDotenv(examplePath, context.files.readText(examplePath) ?? "");
      const present = new Set(dotenv.entries.map((entry) => entry.key));
      for (const entry of example.entries.filter((candidate) => !present.has(candidate.key) && !(candidate.key in context.project.meta.environment))) {
        report({ at: entry.at, message: `${entry.key} is in ${exampleName} but not in ${posix.basename(dotenv.path)}`, hint: `add ${entry.key} to ${posix.basename(dotenv.path)}` });
      }
    }
  },
});
