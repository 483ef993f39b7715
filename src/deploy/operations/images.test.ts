import { describe, expect, it } from "vitest";
import { FakeEngine } from "../../engine/fake-engine.js";
import { testProject } from "../../plan/test-project.js";
import { classifyFailure } from "../diagnose/classify.js";
import { ensureImage } from "./images.js";
import { StepFailure, type RunContext } from "./run-context.js";

function contextWith(images: string[]): { engine: FakeEngine; context: RunContext } {
  const engine = new FakeEngine({ images });
  const project = testProject("shop", { cache: { image: "redis:7" } });
  return { engine, context: { engine, project, signal: new AbortController().signal, containers: new Map(), configHash: () => "h", pull: "missing" } };
}

/** The StepFailure ensureImage throws, classified as `up` would. */
async function diagnosisOf(run: Promise<void>) {
  const failure = await run.then(() => undefined, (error: unknown) => error);
  expect(failure).toBeInstanceOf(StepFailure);
  const { phase, message, details } = failure as StepFailure;
  return classifyFailure({ service: "cache", phase, error: message, ...(details.image ? { image: details.image } : {}) });
}

describe("ensureImage with a pull policy", () => {
  it("always: a failed pull fails even though a local copy exists, and says how to run that copy", async () => {
    const { context } = contextWith(["redis:7"]);
    const [diagnosis, ...others] = await diagnosisOf(ensureImage(context, "redis:7", "always"));
    expect(others).toEqual([]);
    expect(diagnosis).toMatchObject({ code: "pull-failed", evidence: { image: "redis:7", localCopy: true } });
    expect(diagnosis?.hint).toContain("pull_policy: missing");
  });

  it("always without a local copy: the image is not found", async () => {
    const { context } = contextWith([]);
    expect((await diagnosisOf(ensureImage(context, "redis:7", "always"))).map((d) => d.code)).toEqual(["image-not-found"]);
  });

  it("never: a missing image is image-not-found with a hint about the policy, and no pull is tried", async () => {
    const { engine, context } = contextWith([]);
    let pulls = 0;
    engine.pullImage = async () => void pulls++;
    const [diagnosis] = await diagnosisOf(ensureImage(context, "redis:7", "never"));
    expect(diagnosis).toMatchObject({ code: "image-not-found", message: expect.stringContaining("pull_policy is never") });
    expect(diagnosis?.hint).toContain("pull_policy: missing");
    expect(pulls).toBe(0);
  });

  it("missing: a local image is used as it is, without a pull", async () => {
    const { engine, context } = contextWith(["redis:7"]);
    let pulls = 0;
    engine.pullImage = async () => void pulls++;
    await ensureImage(context, "redis:7");
    await ensureImage(context, "redis:7", "never");
    expect(pulls).toBe(0);
  });
});
