import { tail, type Classifier } from "./diagnosis.js";
import { formatSocket } from "./listening.js";

/** The service runs but its healthcheck keeps failing. */
export const unhealthy: Classifier = (evidence) => {
  if (evidence.gate?.kind !== "healthy" || !evidence.inspect?.State.Running) return undefined;
  const engineLog = evidence.inspect.State.Health?.Log ?? [];
  const outputs = [...engineLog.map((l) => ({ exitCode: l.ExitCode, output: l.Output })), ...(evidence.probes ?? [])].slice(-5);
  return {
    code: "unhealthy",
    message: `${evidence.service} is running but its healthcheck does not pass (${evidence.gate.detail})`,
    evidence: {
      status: evidence.inspect.State.Health?.Status ?? "none",
      lastChecks: outputs.map((o) => ({ exitCode: o.exitCode, output: o.output.trim() })),
      // The answer is often one log line or one socket away (HEALTH_PORT leaked from an env file).
      listening: evidence.listening ? evidence.listening.map(formatSocket).join(", ") || "nothing" : null,
      logTail: tail(evidence.logTail, 10),
    },
    hint: "run the healthcheck by hand (docker exec <container> <test>) and compare with what the app serves; check the port and path it probes",
  };
};
