import { defineRule } from "../rule.js";

export const noImageOrBuild = defineRule({
  id: "no-image-or-build",
  group: "compose",
  severity: "error",
  title: "Service has neither image nor build",
  doc: {
    why: "Compose cannot create a container without an image to pull or a build to run. This is the usual sign of an override file used on its own (`docker compose -f docker-compose.dev.yml up`).",
    example: "# docker-compose.dev.yml used alone\nservices:\n  backend:\n    volumes: [\"./src:/app/src\"]",
    fix: "Add `image:` or `build:`, or load the override together with its base file (`-f compose.yaml -f compose.dev.yaml`).",
  },
  check(context, report) {
    for (const view of context.services) {
      if (view.service.image !== undefined || view.service.build !== undefined) continue;
      report({ at: context.locate(["services", view.name]), message: `service "${view.name}" has neither an image nor a build`, hint: "add `image:` or `build:`, or pass the base compose file too (an override alone is not a project)" });
    }
  },
});
