import { tail, type Classifier } from "./diagnosis.js";
import { formatSocket } from "./listening.js";

/**
 * A running service that does not listen where it should: on 127.0.0.1 only (other containers
 * and the published port cannot reach it), or not at all on the port it publishes or exposes.
 */
export const notListening: Classifier = (evidence) => {
  const reason = evidence.gate?.reason;
  if (reason !== "loopback-only" && reason !== "not-listening") return undefined;
  const sockets = (evidence.listening ?? []).map(formatSocket);
  const detail = evidence.gate?.detail ?? "";
  return {
    code: "not-listening",
    message: `${evidence.service} ${detail}`,
    evidence: { listening: sockets.join(", ") || "nothing", logTail: tail(evidence.logTail, 10) },
    hint:
      reason === "loopback-only"
        ? "make the server bind 0.0.0.0 (HOST=0.0.0.0, uvicorn --host 0.0.0.0, app.listen(port, '0.0.0.0')): 127.0.0.1 inside a container is reachable from that container only"
        : "the app listens elsewhere or not yet: compare the port it binds (see listening) with ports:/expose: in the compose file, and read the log tail",
  };
};
