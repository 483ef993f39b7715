import type { Classifier } from "./diagnosis.js";

const refusedLocalCopy = "pull_policy: always does not run it without a successful pull";
const registryDown = /connection refused|no such host|dial tcp|i\/o timeout|network is unreachable|TLS handshake timeout|server misbehaving/i;

/** What a failed pull of an image that is also local adds to the engine's error. */
export function localCopyNote(image: string): string {
  return `; a local copy of ${image} exists, but ${refusedLocalCopy}`;
}

/** `pull_policy: always` and the pull failed: the local copy is there but deliberately not run. */
export const pullFailed: Classifier = (evidence) => {
  const error = evidence.error ?? "";
  if (evidence.phase !== "image" || !isRefusedLocalCopy(error)) return undefined;
  const image = evidence.image ?? "?";
  const why = registryDown.test(error) ? "the registry did not answer" : "the pull failed";
  return {
    code: "pull-failed",
    message: `${evidence.service} must pull ${image} first (pull_policy: always) and ${why}; berth did not fall back to the local copy`,
    evidence: { image, error, localCopy: true, pullPolicy: "always" },
    hint: `to run the local copy, set pull_policy: missing on ${evidence.service} (or run berth up --pull missing); to keep always, make the registry reachable (try docker pull ${image})`,
  };
};

export function isRefusedLocalCopy(error: string): boolean {
  return error.includes(refusedLocalCopy);
}
