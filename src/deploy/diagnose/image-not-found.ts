import type { Classifier } from "./diagnosis.js";

/** The image is neither local nor pullable. */
export const imageNotFound: Classifier = (evidence) => {
  if (evidence.phase !== "image") return undefined;
  return {
    code: "image-not-found",
    message: `image ${evidence.image ?? "?"} of ${evidence.service} is not on this machine and could not be pulled`,
    evidence: { image: evidence.image ?? null, error: evidence.error ?? null },
    hint: "check the image name and tag for typos, build or load it locally (docker load / docker build -t), or give the service a build: section",
  };
};
