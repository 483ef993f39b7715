import { defineRule } from "../rule.js";

export const containerNameFixed = defineRule({
  id: "container-name-fixed",
  group: "compose",
  severity: "info",
  title: "Fixed container_name",
  doc: {
    why: "A fixed `container_name` allows one container per host: the service cannot scale, two checkouts of the project clash, and a start-first rollout (new container beside the old) is impossible.",
    example: "services:\n  api:\n    container_name: second-brain-api",
    fix: "Drop `container_name`; reach the service by its service name, and set the project name with `name:` or `-p`.",
  },
  check(context, report) {
    for (const view of context.services.filter((candidate) => candidate.service.container_name !== undefined)) {
      report({ at: context.locate(["services", view.name, "container_name"]), message: `service "${view.name}" sets container_name "${view.service.container_name}"`, hint: "remove container_name; other services reach it by its service name" });
    }
  },
});
