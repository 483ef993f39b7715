import { defineRule } from "../rule.js";

const floating = new Set(["latest", "stable", "edge", "mainline", "nightly", "main", "master"]);

/** The tag of an image reference, undefined when there is none (digests count as pinned). */
export function imageTag(image: string): string | undefined {
  if (image.includes("@sha256:")) return "@digest";
  const lastSegment = image.slice(image.lastIndexOf("/") + 1);
  const colon = lastSegment.indexOf(":");
  return colon < 0 ? undefined : lastSegment.slice(colon + 1);
}

export const isUnpinnedTag = (tag: string | undefined): boolean => tag === undefined || floating.has(tag.toLowerCase());

export const imageUnpinned = defineRule({
  id: "image-unpinned",
  group: "compose",
  severity: "warning",
  title: "Image without a pinned tag",
  doc: {
    why: "`latest` (or no tag) means a different image on every pull: a redeploy or a new host silently upgrades major versions (Postgres data directories do not survive that).",
    example: "services:\n  grafana:\n    image: grafana/grafana:latest",
    fix: "Pin a version tag (`grafana/grafana:10.4.2`) or a digest.",
  },
  check(context, report) {
    for (const view of context.services) {
      const image = view.service.image;
      if (image === undefined || view.service.build !== undefined || image.includes("${") || !isUnpinnedTag(imageTag(image))) continue;
      report({ at: context.locate(["services", view.name, "image"]), message: `image "${image}" is not pinned to a version`, hint: "pin a version tag or a digest" });
    }
  },
});
