import type { Classifier } from "./diagnosis.js";

const portBusy = /port is already allocated|address already in use/i;

/** Starting failed because a published host port is taken. */
export const portInUse: Classifier = (evidence) => {
  if (!evidence.error || !portBusy.test(evidence.error)) return undefined;
  const port = /(?::|port )(\d+)(?!.*:\d+)/.exec(evidence.error)?.[1];
  return {
    code: "port-in-use",
    message: `host port ${port ?? "?"} of ${evidence.service} is already in use${evidence.portHolder ? ` by ${evidence.portHolder}` : ""}`,
    evidence: { port: port ? Number(port) : null, heldBy: evidence.portHolder ?? "unknown", error: evidence.error },
    hint: "stop whatever holds the port, or publish the service on another host port",
  };
};
