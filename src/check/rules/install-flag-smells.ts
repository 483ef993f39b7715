import { runCommands } from "../helpers/build-facts.js";
import { defineRule } from "../rule.js";

const smells: readonly { pattern: RegExp; message: string; hint: string }[] = [
  { pattern: /\bnpm\s+(ci|install)\b[^&|;]*--only=prod(uction)?/, message: "`--only=production` is deprecated and ignored by recent npm", hint: "use `--omit=dev`" },
  { pattern: /--legacy-peer-deps/, message: "`--legacy-peer-deps` hides dependency conflicts that break at run time", hint: "fix the peer dependency conflict instead" },
  { pattern: /\bpip3?\s+install\b(?![^&|;]*--no-cache-dir)(?![^&|;]*PIP_NO_CACHE_DIR)/, message: "pip keeps its download cache in the image", hint: "add `--no-cache-dir`" },
];

export const installFlagSmells = defineRule({
  id: "install-flag-smells",
  group: "dockerfile",
  severity: "info",
  title: "Install flags that are deprecated or hide problems",
  doc: {
    why: "`npm ci --only=production` is ignored by npm 9+ (dev dependencies get installed), `--legacy-peer-deps` masks conflicts, and pip without `--no-cache-dir` bloats the image with its cache.",
    example: "RUN npm ci --only=production --legacy-peer-deps",
    fix: "`RUN npm ci --omit=dev`, resolve peer conflicts, `pip install --no-cache-dir -r requirements.txt`.",
  },
  check(context, report) {
    for (const view of context.services) {
      const dockerfile = view.build?.dockerfile;
      const cacheOff = dockerfile?.stages.some((stage) => stage.instructions.some((instruction) => instruction.keyword === "ENV" && /PIP_NO_CACHE_DIR/.test(instruction.text)));
      for (const run of (dockerfile?.stages ?? []).flatMap(runCommands)) {
        for (const smell of smells.filter((candidate) => candidate.pattern.test(run.text))) {
          if (smell.hint.includes("no-cache-dir") && (cacheOff || run.flags["mount"] !== undefined)) continue;
          report({ at: run.at, message: smell.message, hint: smell.hint });
        }
      }
    }
  },
});
