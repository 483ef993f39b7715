import { listeningPorts } from "../helpers/listening-ports.js";
import { healthcheckLine } from "../helpers/service-facts.js";
import { defineRule } from "../rule.js";

const localUrl = /\b(?:https?:\/\/)?(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]):(\d{2,5})\b/;

export const healthcheckPortMismatch = defineRule({
  id: "healthcheck-port-mismatch",
  group: "cross-file",
  severity: "warning",
  title: "Healthcheck probes a port the service does not listen on",
  doc: {
    why: "A healthcheck that calls `localhost:8080` while the app listens on 3000 (its `PORT`, EXPOSE, or port mapping) fails forever: the container never becomes healthy and everything that waits for it never starts.",
    example: "api:\n  environment: { PORT: \"3000\" }\n  healthcheck:\n    test: [\"CMD\", \"wget\", \"-qO-\", \"http://localhost:8080/health\"]",
    fix: "Probe the port the app listens on; if the app has a separate health port, declare it (`expose:` or EXPOSE) so the stack says so.",
  },
  check(context, report) {
    for (const view of context.services) {
      const line = healthcheckLine(view.service);
      const port = line === undefined ? undefined : localUrl.exec(line)?.[1];
      const listening = listeningPorts(view);
      if (port === undefined || listening.size === 0 || listening.has(Number(port))) continue;
      report({ at: context.locate(["services", view.name, "healthcheck", "test"]), message: `healthcheck of "${view.name}" probes port ${port}, but the service listens on ${[...listening].join(", ")}`, hint: `probe port ${[...listening][0]}, or declare the health port with expose:` });
    }
  },
});
