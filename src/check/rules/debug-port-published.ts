import { isLoopback, publishedPorts } from "../helpers/service-facts.js";
import { defineRule } from "../rule.js";

const debugPorts: Readonly<Record<number, string>> = { 9229: "Node inspector", 9230: "Node inspector", 5678: "debugpy", 5005: "JDWP", 2345: "delve" };

export const debugPortPublished = defineRule({
  id: "debug-port-published",
  group: "compose",
  severity: "error",
  title: "Debugger port published",
  doc: {
    why: "A debugger port (Node 9229, debugpy 5678, JDWP 5005, delve 2345) gives whoever reaches it arbitrary code execution in the container.",
    example: "services:\n  app:\n    command: node --inspect=0.0.0.0:9229 dist/index.js\n    ports: [\"9229:9229\"]",
    fix: "Keep debugging in a dev-only override, bound to 127.0.0.1, never in the deployed file.",
  },
  check(context, report) {
    for (const view of context.services) {
      for (const port of publishedPorts(view.service)) {
        const tool = debugPorts[port.target];
        if (tool === undefined) continue;
        const severity = isLoopback(port.hostIp) ? "warning" : "error";
        report({ at: context.locate(["services", view.name, "ports", port.index]), message: `"${view.name}" publishes the ${tool} port ${port.target}`, hint: "remove the debug port from the deployed configuration (dev override only, on 127.0.0.1)", severity });
      }
    }
  },
});
