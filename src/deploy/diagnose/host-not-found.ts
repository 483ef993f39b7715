import { editDistance } from "../../common/edit-distance.js";
import { findLine, type Classifier, type Peer } from "./diagnosis.js";

/** How resolvers and client libraries say a host name does not resolve; group 1 or 2 is the name when they say it. */
const notFound: readonly RegExp[] = [
  /getaddrinfo (?:ENOTFOUND|EAI_AGAIN) ([\w.-]+)/,
  /could not translate host name "([\w.-]+)"/,
  /Could not resolve host:? ([\w.-]+)/i,
  /(?:Unknown host|UnknownHostException):? ['"]?([\w.-]+)/,
  /Error -?\d+ connecting to ([\w.-]+):\d+\. (?:Name or service not known|Temporary failure in name resolution|No address)/,
  /lookup ([\w.-]+)(?: on [\d.:]+)?: (?:no such host|server misbehaving)/,
  /(?:Name or service not known|Temporary failure in name resolution|nodename nor servname provided|No address associated with hostname|Name does not resolve)/,
];

/** The image's own name: `redis` of `docker.io/library/redis:7-alpine`. */
function imageName(image: string): string {
  return (image.split("@")[0] ?? image).replace(/:[^/]*$/, "").split("/").pop() ?? image;
}

/**
 * A service the host name probably meant: one named or aliased close to it (a typo), or one
 * running the image the name is (`redis` dialled, the Redis service renamed `cache`).
 */
export function suggestService(host: string, peers: readonly Peer[]): string | undefined {
  const wanted = host.toLowerCase();
  const names = peers.flatMap((p) => [p.service, ...p.aliases].map((name) => ({ service: p.service, name: name.toLowerCase() })));
  const close = names
    .map((n) => ({ ...n, distance: editDistance(wanted, n.name) }))
    .filter((n) => n.distance > 0 && n.distance <= Math.max(1, Math.floor(wanted.length / 3)))
    .sort((a, b) => a.distance - b.distance)[0];
  if (close) return close.service;
  return peers.find((p) => imageName(p.image).toLowerCase() === wanted)?.service;
}

/** The app dials a host name nothing on its networks answers to. */
export const hostNotFound: Classifier = (evidence) => {
  const log = evidence.logTail;
  const pattern = notFound.find((p) => p.test(log ?? ""));
  const line = pattern && findLine(log, pattern);
  if (!pattern || !line) return undefined;
  const host = pattern.exec(line)?.[1];
  const peers = evidence.peers ?? [];
  const known = host !== undefined && peers.some((p) => p.service === host || p.aliases.includes(host));
  const suggestion = host && !known ? suggestService(host, peers) : undefined;
  const name = host ? `host ${host}` : "a host name";
  return {
    code: "host-not-found",
    message: `${evidence.service} cannot resolve ${name}: host not found${suggestion ? `; did you mean \`${suggestion}\`?` : ""}`,
    evidence: { line, host: host ?? null, services: peers.map((p) => p.service).join(", ") || null, suggestion: suggestion ?? null },
    hint: suggestion
      ? `the project has no service named ${host}; ${suggestion} runs ${peers.find((p) => p.service === suggestion)?.image ?? "it"}: point ${evidence.service} at ${suggestion} (its environment or config), or add \`aliases: [${host}]\` to ${suggestion}'s network`
      : known
        ? `${host} is a service of the project but was not resolvable: is it on a network shared with ${evidence.service}, and running?`
        : `${evidence.service} dials a name that is neither a service nor an alias of the project: use a service name (${peers.map((p) => p.service).join(", ") || "none running"})`,
  };
};
