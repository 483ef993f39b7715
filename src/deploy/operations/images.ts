import type { BuildConfig } from "../../compose/model/project.js";
import type { BuildProgress, BuildRequest } from "../../engine/engine.js";
import { localCopyNote } from "../diagnose/pull-failed.js";
import { inPhase, serviceOf, StepFailure, type RunContext } from "./run-context.js";

/** Builds a service's image from its build section; each output line is progress of the service. */
export async function buildImage(context: RunContext, serviceName: string, image: string): Promise<void> {
  const build = serviceOf(context, serviceName).build;
  if (!build) throw new StepFailure("build", `${serviceName} has no build section`);
  const onLine = context.onBuildOutput ? (progress: BuildProgress) => context.onBuildOutput?.(serviceName, progress.text) : undefined;
  const result = await inPhase("build", () => context.engine.buildImage(buildRequestOf(build, image), onLine, context.signal));
  if (!result.ok) throw new StepFailure("build", result.error ?? "build failed", { buildLog: result.log, image });
}

/** The engine's build request for a service's build section, tagged with its image. */
export function buildRequestOf(build: BuildConfig, image: string): BuildRequest {
  const args = Object.fromEntries(Object.entries(build.args ?? {}).filter((e): e is [string, string] => e[1] !== null));
  return {
    context: build.context,
    tags: [image],
    args,
    ...(build.dockerfile ? { dockerfile: build.dockerfile } : {}),
    ...(build.target ? { target: build.target } : {}),
    ...(build.labels ? { labels: { ...build.labels } } : {}),
  };
}

/**
 * Makes sure an image is present as its `pull_policy` says (the plan puts it on the operation):
 * `always` pulls even when a local copy exists and fails rather than quietly running that copy;
 * `never` uses only what is local; otherwise local, else pulled (unless `--pull never`).
 */
export async function ensureImage(context: RunContext, image: string, pull?: "always" | "never"): Promise<void> {
  const local = await context.engine.inspectImage(image);
  if (pull === "always") return pullOrFail(context, image, local === undefined ? "" : localCopyNote(image));
  if (local) return;
  if (pull === "never") throw new StepFailure("image", `no such image: ${image} (not on this machine, and its pull_policy is never)`, { image });
  if (context.pull === "never") throw new StepFailure("image", `no such image: ${image} (not on this machine, and pulling is off)`, { image });
  await pullOrFail(context, image, "");
  if (!(await context.engine.inspectImage(image))) throw new StepFailure("image", `no such image: ${image}`, { image });
}

async function pullOrFail(context: RunContext, image: string, note: string): Promise<void> {
  try {
    await context.engine.pullImage(image, context.signal);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new StepFailure("image", `${message}${note}`, { image });
  }
}
