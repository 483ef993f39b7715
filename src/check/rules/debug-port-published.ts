import { isLoopback, publishedPorts } from "../helpers/service-facts.js";
import { startupText } from "../helpers/startup.js";
import { defineRule } from "../rule.js";

interface Debugger {
  readonly tool: string;
  /** What in a command line or environment shows the debugger runs; undefined: the port alone says it. */
  readonly evidence?: RegExp;
}

// 9229/9230 are the Node inspector's own; 5678, 5005 and 2345 are ordinary app ports too (n8n
// serves its UI on 5678), so those count only when the debugger is visibly started.
const debugPorts: Readonly<Record<number, Debugger>> = {
  9229: { tool: "Node inspector" },
  9230: { tool: "Node inspector" },
  5678: { tool: "debugpy", evidence: /debugpy|ptvsd/ },
  5005: { tool: "JDWP", evidence: /jdwp/i },
  2345: { tool: "delve", evidence: /\bdlv\b/ },
};

export const debugPortPublished = defineRule({
  id: "debug-port-published",
  group: "compose",
  severity: "error",
  title: "Debugger port published",
  doc: {
    why: "A debugger port (Node 9229, debugpy 5678, JDWP 5005, delve 2345) published on all interfaces gives whoever reaches it arbitrary code execution in the container. Bound to 127.0.0.1 (a dev override) it is fine. 5678, 5005 and 2345 count only when the command or environment starts that debugger, since apps use them too.",
    example: "services:\n  app:\n    command: node --inspect=0.0.0.0:9229 dist/index.js\n    ports: [\"9229:9229\"]",
    fix: "Keep debugging in a dev-only override, bound to 127.0.0.1, never in the deployed file.",
  },
  check(context, report) {
    for (const view of context.services) {
      for (const port of publishedPorts(view.service)) {
        const known = debugPorts[port.target];
        if (known === undefined || isLoopback(port.hostIp)) continue;
        if (known.evidence !== undefined && !known.evidence.test(startupText(view))) continue;
        report({ at: context.locate(["services", view.name, "ports", port.index]), message: `"${view.name}" publishes the ${known.tool} port ${port.target} on all interfaces`, hint: "remove the debug port from the deployed configuration (dev override only, on 127.0.0.1)" });
      }
    }
  },
});
