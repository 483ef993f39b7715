import type { Classifier } from "./diagnosis.js";

const portBusy = /port is already allocated|address already in use/i;

/** The host port in the engine's message: `Bind for 0.0.0.0:80 failed`, `listen tcp4 127.0.0.1:80: bind`. */
export function busyPortOf(message: string): string | undefined {
  return /(?:Bind for|listen tcp[46]?) \S*?:(\d+)/.exec(message)?.[1];
}

/** Starting failed because a published host port is taken. */
export const portInUse: Classifier = (evidence) => {
  if (!evidence.error || !portBusy.test(evidence.error)) return undefined;
  const port = busyPortOf(evidence.error);
  return {
    code: "port-in-use",
    message: `host port ${port ?? "?"} of ${evidence.service} is already in use${evidence.portHolder ? ` by ${evidence.portHolder}` : ""}`,
    evidence: { port: port ? Number(port) : null, heldBy: evidence.portHolder ?? "unknown", error: evidence.error },
    hint: "stop whatever holds the port, or publish the service on another host port",
  };
};
