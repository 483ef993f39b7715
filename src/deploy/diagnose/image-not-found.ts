import type { Classifier } from "./diagnosis.js";
import { isRefusedLocalCopy } from "./pull-failed.js";

/** The image is neither local nor pullable (or local only, and pull_policy: always). */
export const imageNotFound: Classifier = (evidence) => {
  if (evidence.phase !== "image" || isRefusedLocalCopy(evidence.error ?? "")) return undefined;
  const neverPull = /pull_policy is never/.test(evidence.error ?? "");
  return {
    code: "image-not-found",
    message: `image ${evidence.image ?? "?"} of ${evidence.service} is not on this machine and ${neverPull ? "its pull_policy is never" : "could not be pulled"}`,
    evidence: { image: evidence.image ?? null, error: evidence.error ?? null },
    hint: neverPull
      ? `build or load it locally (docker build -t / docker load), or set pull_policy: missing on ${evidence.service} so berth may pull it`
      : "check the image name and tag for typos, build or load it locally (docker load / docker build -t), or give the service a build: section",
  };
};
