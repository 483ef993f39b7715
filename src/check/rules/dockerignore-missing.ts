import { contextCopies, isWholesaleCopy } from "../helpers/build-facts.js";
import { defineRule } from "../rule.js";

export const dockerignoreMissing = defineRule({
  id: "dockerignore-missing",
  group: "dockerignore",
  severity: "warning",
  title: "Whole context copied without a .dockerignore",
  doc: {
    why: "`COPY . .` without a `.dockerignore` sends everything to the image: the host's `node_modules` or `.venv` (built for another OS) replace the ones installed in the image, `.git` and `.env` files leak, and every edit busts the cache.",
    example: "# no .dockerignore next to the context\nCOPY . .",
    fix: "Add a `.dockerignore` at the context root listing `.git`, `node_modules`, `.venv`, `.env*`, build outputs.",
  },
  check(context, report) {
    for (const view of context.services) {
      const build = view.build;
      if (!build?.stage || build.remote || build.ignore.file !== undefined) continue;
      const wholesale = build.dockerfile?.stages.flatMap(contextCopies).find(isWholesaleCopy);
      if (!wholesale) continue;
      report({ at: wholesale.instruction.at, message: `the whole build context of "${view.name}" is copied, and it has no .dockerignore`, hint: "add a .dockerignore at the context root (.git, node_modules, .venv, .env*, dist)" });
    }
  },
});
