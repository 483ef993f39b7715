import { healthcheckLine } from "../helpers/service-facts.js";
import { defineRule } from "../rule.js";

export const healthcheckAuthMissing = defineRule({
  id: "healthcheck-auth-missing",
  group: "cross-file",
  severity: "warning",
  title: "Redis healthcheck without auth, or one that writes",
  doc: {
    why: "With `--requirepass`, `redis-cli ping` without `-a` gets `NOAUTH` — yet exits 0, so the check passes while proving nothing; `INCR` in a healthcheck writes a key every few seconds.",
    example: "command: redis-server --requirepass ${REDIS_PASSWORD}\nhealthcheck:\n  test: [\"CMD\", \"redis-cli\", \"--raw\", \"incr\", \"ping\"]",
    fix: "`test: [\"CMD-SHELL\", \"REDISCLI_AUTH=\\\"$$REDIS_PASSWORD\\\" redis-cli ping | grep -q PONG\"]`",
  },
  check(context, report) {
    for (const view of context.services) {
      const line = healthcheckLine(view.service);
      if (line === undefined || !/redis-cli/.test(line)) continue;
      const at = context.locate(["services", view.name, "healthcheck", "test"]);
      const protectedRedis = /requirepass|--aclfile|--user\s/.test((view.service.command ?? []).join(" ")) || "REDIS_PASSWORD" in (view.service.environment ?? {});
      const envAuth = view.service.environment?.["REDISCLI_AUTH"] !== undefined;
      if (protectedRedis && !envAuth && !/(-a\s|--pass|REDISCLI_AUTH|--user\s|-u\s)/.test(line)) report({ at, message: `redis "${view.name}" requires a password, but its healthcheck does not authenticate`, hint: 'use REDISCLI_AUTH="$$REDIS_PASSWORD" redis-cli ping | grep -q PONG' });
      if (/\b(incr|set|del|flushall|flushdb)\b/i.test(line)) report({ at, message: `healthcheck of "${view.name}" writes to redis`, hint: "use `redis-cli ping`" });
    }
  },
});
