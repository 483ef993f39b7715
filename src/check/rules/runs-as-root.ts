import { datastoreOf, isNginxImage } from "../knowledge/service-kinds.js";
import { effectiveUser, isRootUser } from "../helpers/build-facts.js";
import { stageChain } from "../sources/dockerfile.js";
import { defineRule } from "../rule.js";

// Servers whose master process starts as root and runs workers as an unprivileged user.
const dropsPrivileges = (image: string | undefined) => /^(php:.*apache|httpd(:|$)|php:.*fpm)/.test(image ?? "");

export const runsAsRoot = defineRule({
  id: "runs-as-root",
  group: "dockerfile",
  severity: "info",
  title: "Image runs as root",
  doc: {
    why: "Without a `USER`, the app runs as root inside the container: a bug that lets an attacker run code gives them root there, and files it writes to bind mounts are owned by root on the host.",
    example: "FROM python:3.11-slim-bookworm\nCOPY . /app\nCMD [\"python\", \"main.py\"]",
    fix: "Create and switch to an unprivileged user in the final stage (`USER node` on node images), or set `user:` in compose.",
  },
  check(context, report) {
    for (const view of context.services) {
      const dockerfile = view.build?.dockerfile;
      const stage = view.build?.stage;
      if (!dockerfile || !stage || view.service.user !== undefined) continue;
      if (isNginxImage(view.baseImage) || datastoreOf(view.baseImage) || dropsPrivileges(view.baseImage)) continue;
      if (!isRootUser(effectiveUser(stageChain(dockerfile, stage)))) continue;
      report({ at: stage.from.at, message: `the image of "${view.name}" runs as root (no USER in its final stage)`, hint: "add `USER <non-root>` after installing, or set `user:` in compose" });
    }
  },
});
