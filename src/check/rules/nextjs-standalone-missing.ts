import { posix } from "node:path";
import { defineRule } from "../rule.js";

const configNames = ["next.config.js", "next.config.mjs", "next.config.ts", "next.config.cjs"];

export const nextjsStandaloneMissing = defineRule({
  id: "nextjs-standalone-missing",
  group: "cross-file",
  severity: "error",
  title: "Dockerfile copies .next/standalone but Next.js does not produce it",
  doc: {
    why: "`.next/standalone` (with its `server.js`) exists only when `next.config` sets `output: 'standalone'`. Without it the `COPY --from=builder /app/.next/standalone ./` step fails, or the image has no server to start.",
    example: "COPY --from=builder /app/.next/standalone ./\n# next.config.js: module.exports = { reactStrictMode: true }",
    fix: "Add `output: 'standalone'` to next.config.",
  },
  check(context, report) {
    for (const view of context.services) {
      const build = view.build;
      const copy = build?.dockerfile?.stages.flatMap((stage) => stage.instructions).find((instruction) => instruction.keyword === "COPY" && instruction.text.includes(".next/standalone"));
      if (!build || !copy) continue;
      const config = configNames.map((name) => posix.join(build.contextDir, name)).find((path) => context.files.exists(path));
      const text = config === undefined ? "" : (context.files.readText(config) ?? "");
      if (/output\s*:\s*['"`]standalone['"`]/.test(text)) continue;
      report({ at: copy.at, message: `the image copies .next/standalone, but ${config ? posix.relative(context.dir, config) : "no next.config"} sets output: 'standalone'`, hint: "add `output: 'standalone'` to next.config" });
    }
  },
});
