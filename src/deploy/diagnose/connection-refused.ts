import { findLine, type Classifier, type Peer } from "./diagnosis.js";

/** `connect ECONNREFUSED 172.18.0.3:6379`, `Error 111 connecting to cache:6379. Connection refused.`, libpq's `connection to server at "db" (172.18.0.2), port 5432 failed: Connection refused`. */
const refused = /ECONNREFUSED|Connection refused|connection was refused/i;
const targets: readonly RegExp[] = [
  /ECONNREFUSED ([\w.-]+|\[[\w:]+\]):(\d+)/,
  /connecting to ([\w.-]+):(\d+)/,
  /server at "([\w.-]+)"[^,]*, port (\d+)/,
  /(?:to|at) ([\w-]+(?:\.[\w-]+)*):(\d+)/,
];

/** The service a host or address in a log line is, when it is one of the project's. */
export function peerOf(host: string, peers: readonly Peer[]): Peer | undefined {
  return peers.find((p) => p.service === host || p.aliases.includes(host) || p.addresses.includes(host));
}

function readiness(peer: Peer): string {
  if (peer.state !== "running") return `${peer.service} is ${peer.state}`;
  return peer.health === "none" ? `${peer.service} is running (no healthcheck)` : `${peer.service} is running and ${peer.health}`;
}

/** The app reached a host that answered with a refusal: nothing listens there (yet). */
export const connectionRefused: Classifier = (evidence) => {
  const line = findLine(evidence.logTail, refused);
  if (!line) return undefined;
  const target = targets.map((p) => p.exec(line)).find((m) => m !== null);
  const host = target?.[1];
  const port = target?.[2];
  const peer = host === undefined ? undefined : peerOf(host, evidence.peers ?? []);
  const where = peer ? `${peer.service}${port ? `:${port}` : ""}` : host ? `${host}${port ? `:${port}` : ""}` : "a server";
  return {
    code: "connection-refused",
    message: `${evidence.service} was refused a connection to ${where}${peer ? ` (${readiness(peer)})` : ""}`,
    evidence: { line, target: host ? `${host}${port ? `:${port}` : ""}` : null, service: peer?.service ?? null, serviceState: peer ? readiness(peer) : null },
    hint: peer
      ? peer.state === "running" && peer.health !== "healthy"
        ? `${evidence.service} dialled ${peer.service} before it was ready: give ${peer.service} a healthcheck and make ${evidence.service} depend on it with condition: service_healthy (or retry in the app)`
        : `${peer.service} does not listen on ${port ?? "that port"}: check the port ${evidence.service} dials against the one ${peer.service} listens on (and that it binds 0.0.0.0, not 127.0.0.1)`
      : `nothing listens at ${where}: check the host and port ${evidence.service} is configured with`,
  };
};
