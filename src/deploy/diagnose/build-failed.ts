import { tail, type Classifier } from "./diagnosis.js";

/** The image build stopped at a step: show that step and what it printed. */
export const buildFailed: Classifier = (evidence) => {
  if (evidence.phase !== "build") return undefined;
  const log = evidence.buildLog ?? "";
  // The classic builder's `Step 2/5 : RUN …`, or BuildKit's `#7 [stage-0 2/5] RUN …`.
  const steps = [...log.matchAll(/^(?:Step \d+\/\d+ : .*|#\d+ \[(?:[^\]]*\s)?\d+\/\d+\] .*)$/gm)];
  const last = steps.at(-1);
  const failingStep = last?.[0];
  const output = last?.index === undefined ? tail(log) : tail(log.slice(last.index + last[0].length).trim());
  return {
    code: "build-failed",
    message: `building the image of ${evidence.service} failed${failingStep ? ` at "${failingStep}"` : ""}`,
    evidence: { step: failingStep ?? null, output, error: evidence.error ?? null },
    hint: "fix the failing Dockerfile step (run `docker build` in the context to iterate), then run berth up again",
  };
};
