import { runCommands } from "../helpers/build-facts.js";
import type { BuildView } from "../context.js";
import { normalizeImage } from "../knowledge/base-images.js";
import { defineRule } from "../rule.js";

const idFlag = /\b(groupadd|addgroup|useradd|adduser)\b[^&|;]*?\s(-g|--gid|-u|--uid)\s*=?\s*(\$\{?\w+\}?|\d+)/g;

/** IDs that already exist in the base image: Debian/Alpine system ranges, and 1000 on node images. */
function existingIds(image: string): (id: number, kind: "user" | "group") => boolean {
  const node = /^node:/.test(normalizeImage(image));
  return (id) => id < 100 || (node && id === 1000);
}

export const uidGidCollision = defineRule({
  id: "uid-gid-collision",
  group: "dockerfile",
  severity: "error",
  title: "Creating a user or group with an ID the base image already uses",
  doc: {
    why: "`groupadd -g 20` fails on Debian (GID 20 is `dialout`), and `useradd -u 1000` fails on node images (UID 1000 is `node`). It usually comes from passing the host's IDs (macOS GID 20 `staff`) as build args.",
    example: "ARG GROUP_ID=20\nRUN groupadd -g ${GROUP_ID} app",
    fix: "Use IDs above the image's range (e.g. 10001), reuse the existing user (`USER node`), or use `groupadd -o`/`--non-unique` knowingly.",
  },
  check(context, report) {
    for (const view of context.services) {
      const build = view.build;
      if (!build?.dockerfile || !view.baseImage) continue;
      const exists = existingIds(view.baseImage);
      for (const run of build.dockerfile.stages.flatMap(runCommands)) {
        for (const match of run.text.matchAll(idFlag)) {
          const id = resolveId(match[3] ?? "", build, view.service.build?.args ?? {});
          const kind = /-g|--gid/.test(match[2] ?? "") && /group/.test(match[1] ?? "") ? "group" : "user";
          if (id === undefined || !exists(id, kind) || /\s(-o|--non-unique)\b/.test(run.text)) continue;
          report({ at: run.at, message: `${match[1]} uses ${kind === "group" ? "GID" : "UID"} ${id}, which already exists in ${view.baseImage}`, hint: "use an ID of 10000 or more, or reuse the image's existing user" });
        }
      }
    }
  },
});

// A build arg resolves from compose `build.args` first, then the ARG default in the Dockerfile.
function resolveId(text: string, build: BuildView, args: Readonly<Record<string, string | null>>): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const name = text.replace(/[${}]/g, "");
  const fromCompose = args[name] ?? undefined;
  const arg = build.dockerfile?.stages.flatMap((stage) => stage.instructions).concat(build.dockerfile.preamble).find((instruction) => instruction.keyword === "ARG" && instruction.args[0]?.startsWith(`${name}=`));
  const value = fromCompose ?? arg?.args[0]?.split("=")[1];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}
