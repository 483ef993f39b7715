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
      const dirs = appDirCandidates(build.contextDir, build.dockerfilePath, copy.text);
      const config = dirs.flatMap((dir) => configNames.map((name) => posix.join(dir, name))).find((path) => context.files.exists(path));
      const text = config === undefined ? "" : (context.files.readText(config) ?? "");
      if (/output\s*:\s*['"`]standalone['"`]/.test(text)) continue;
      report({ at: copy.at, message: `the image copies .next/standalone, but ${config ? `${posix.relative(context.dir, config)} does not set` : "no next.config sets"} output: 'standalone'`, hint: "add `output: 'standalone'` to next.config" });
    }
  },
});

// The Next.js app may sit below the context (a monorepo built from its root): look beside the
// Dockerfile, at the context root, and at the tail of the path the COPY reads `.next/` from.
function appDirCandidates(contextDir: string, dockerfilePath: string, copyText: string): string[] {
  const copied = /(\S*?)\/?\.next\/standalone/.exec(copyText)?.[1] ?? "";
  const segments = copied.split("/").filter((segment) => segment !== "" && segment !== ".");
  const tails = segments.map((_, index) => posix.join(contextDir, ...segments.slice(index)));
  return [posix.dirname(dockerfilePath), contextDir, ...tails];
}
