import { inPhase, serviceOf, StepFailure, type RunContext } from "./run-context.js";

/** Builds a service's image from its build section. */
export async function buildImage(context: RunContext, serviceName: string, image: string): Promise<void> {
  const build = serviceOf(context, serviceName).build;
  if (!build) throw new StepFailure("build", `${serviceName} has no build section`);
  const args = Object.fromEntries(Object.entries(build.args ?? {}).filter((e): e is [string, string] => e[1] !== null));
  const spec = {
    context: build.context,
    tags: [image],
    args,
    ...(build.dockerfile ? { dockerfile: build.dockerfile } : {}),
    ...(build.target ? { target: build.target } : {}),
    ...(build.labels ? { labels: { ...build.labels } } : {}),
  };
  const result = await inPhase("build", () => context.engine.buildImage(spec, undefined, context.signal));
  if (!result.ok) throw new StepFailure("build", result.error ?? "build failed", { buildLog: result.log, image });
}

/** Makes sure an image is present: local, else pulled. */
export async function ensureImage(context: RunContext, image: string): Promise<void> {
  if (await context.engine.inspectImage(image)) return;
  if (context.pull === "never") throw new StepFailure("image", `no such image: ${image} (not on this machine, and pulling is off)`, { image });
  try {
    await context.engine.pullImage(image, context.signal);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new StepFailure("image", message, { image });
  }
  if (!(await context.engine.inspectImage(image))) throw new StepFailure("image", `no such image: ${image}`, { image });
}
