import { defineRule } from "../rule.js";
import { imageTag, isUnpinnedTag } from "./image-unpinned.js";

export const baseImageUnpinned = defineRule({
  id: "base-image-unpinned",
  group: "dockerfile",
  severity: "warning",
  title: "Dockerfile FROM without a pinned tag",
  doc: {
    why: "`FROM node` or `FROM python:latest` builds on whatever is newest that day: a rebuild of the same commit can change major versions and break.",
    example: "FROM node:latest",
    fix: "Pin a version: `FROM node:20-bookworm-slim` (or a digest).",
  },
  check(context, report) {
    for (const view of context.services) {
      const dockerfile = view.build?.dockerfile;
      if (!dockerfile) continue;
      const stageNames = new Set(dockerfile.stages.map((stage) => stage.name));
      for (const stage of dockerfile.stages) {
        const image = stage.image;
        if (stageNames.has(image.toLowerCase()) || image === "scratch" || image.includes("$") || !isUnpinnedTag(imageTag(image))) continue;
        report({ at: stage.from.at, message: `base image "${image}" is not pinned to a version`, hint: "pin a version tag, e.g. node:20-bookworm-slim" });
      }
    }
  },
});
