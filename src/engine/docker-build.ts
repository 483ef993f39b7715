import type Docker from "dockerode";
import { EngineError } from "../common/errors.js";
import { createBuildContext } from "./build-context.js";
import { buildDigestLabel, contextDigest } from "./context-digest.js";
import { BuildOutput, type BuildMessage } from "./build-output.js";
import { BuildKitOutput, type BuildKitMessage } from "./buildkit-output.js";
import { readChunks, readJsonLines } from "./docker-streams.js";
import { engineMessage } from "./engine-errors.js";
import type { BuildProgress, BuildRequest, BuildResult } from "./types/image.js";

/**
 * Builds an image through `POST /build` and follows its output: with BuildKit (`version=2`, the
 * context as the tar body; `RUN --mount=type=cache`, `COPY --chmod`/`--link` work) unless the
 * request or DOCKER_BUILDKIT=0 asks for the classic builder, or the engine refuses BuildKit. A
 * missing Dockerfile, or the builder refusing the request (bad target, bad tag), is a failed build,
 * returned like a failing step; only an unreachable engine or an abort reaches the caller as an error.
 */
export async function runBuild(
  docker: Docker,
  request: BuildRequest,
  onProgress: (progress: BuildProgress) => void,
  signal: AbortSignal,
): Promise<BuildResult> {
  const builder = request.builder ?? (process.env["DOCKER_BUILDKIT"] === "0" ? "classic" : "buildkit");
  const labelled = await withBuildDigest(request);
  const result = await buildWith(docker, labelled, builder, onProgress, signal);
  const fallback = builder === "buildkit" ? classicFallbackReason(result) : undefined;
  if (fallback === undefined) return result;
  onProgress({ text: `${fallback}; building with the classic builder` });
  return buildWith(docker, labelled, "classic", onProgress, signal);
}

/**
 * Why a failed BuildKit build is worth a second try with the classic builder, if it is: an engine
 * without BuildKit (a Windows engine, an old one) says so before building anything; a `# syntax=`
 * frontend comes from a registry, which an offline machine cannot reach (the classic builder
 * reads that line as a comment, and builds the Dockerfile if it needs nothing newer).
 */
export function classicFallbackReason(result: BuildResult): string | undefined {
  if (result.ok) return undefined;
  const error = result.error ?? "";
  if (result.log === "" && /buildkit/i.test(error)) return `BuildKit is not available on this engine (${error})`;
  if (/failed to solve with frontend gateway/i.test(error)) return `BuildKit could not load the Dockerfile frontend that \`# syntax=\` names (${error.replace(/^.*frontend gateway\.v0: /, "")})`;
  return undefined;
}

async function buildWith(
  docker: Docker,
  request: BuildRequest,
  builder: "buildkit" | "classic",
  onProgress: (progress: BuildProgress) => void,
  signal: AbortSignal,
): Promise<BuildResult> {
  const classic = new BuildOutput();
  const kit = new BuildKitOutput();
  const context = await createBuildContext(request.context, request.dockerfile).catch((error: unknown) => {
    if (error instanceof EngineError && error.code === "engine.bad-request") return error;
    throw error;
  });
  if (context instanceof EngineError) return classic.result(context.message);
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.buildImage(context.tar, {
      ...buildOptions(request, context.dockerfile, builder),
      abortSignal: signal,
    });
  } catch (error) {
    if (isRefusal(error)) return classic.result(engineMessage(error as object));
    throw error;
  }
  // BuildKit's stream is trace messages; an engine that ignored `version=2` answers the classic way.
  let tracing = false;
  for await (const message of readJsonLines(readChunks(stream, signal))) {
    const kitMessage = message as BuildKitMessage;
    if (kitMessage.id === "moby.buildkit.trace") tracing = true;
    const progress = tracing ? kit.accept(kitMessage) : classic.accept(message as BuildMessage);
    for (const item of progress) onProgress(item);
  }
  const cancelled = signal.aborted ? "the build was cancelled" : undefined;
  return explainSession(tracing ? kit.result(cancelled) : classic.result(cancelled));
}

/** The request with the digest of its inputs as a label, so a later `up` can tell the image is stale. */
async function withBuildDigest(request: BuildRequest): Promise<BuildRequest> {
  const digest = await contextDigest({ context: request.context, ...(request.dockerfile ? { dockerfile: request.dockerfile } : {}), ...(request.args ? { args: request.args } : {}), ...(request.target ? { target: request.target } : {}) }).catch(() => undefined);
  // No digest (a missing Dockerfile): the build itself fails and says why.
  return digest === undefined ? request : { ...request, labels: { ...request.labels, [buildDigestLabel]: digest } };
}

/**
 * BuildKit wants a client session for build secrets and ssh (`RUN --mount=type=secret|ssh`);
 * berth opens none, so the engine's bare "no active sessions" becomes the reason and the way out.
 */
export function explainSession(result: BuildResult): BuildResult {
  if (result.ok) return result;
  // Without a session the engine either says so, or runs the step with the secret missing.
  const noSession = /no active sessions?/i.test(result.error ?? "");
  const mountsSecret = /--mount=(?:\S*,)?type=(?:secret|ssh)\b/.test(result.failedStep?.instruction ?? "");
  if (!noSession && !mountsSecret) return result;
  return {
    ...result,
    error: `${result.error ?? "the build failed"}: the Dockerfile uses a build secret or ssh mount (RUN --mount=type=secret or type=ssh), which needs a BuildKit session; berth builds without one, so build secrets and ssh are not supported: pass the value as a build arg or build the image with \`docker build\` first`,
  };
}

function buildOptions(request: BuildRequest, dockerfile: string, builder: "buildkit" | "classic"): Docker.ImageBuildOptions {
  const options: Docker.ImageBuildOptions = {
    dockerfile,
    t: [...request.tags] as unknown as string,
    rm: true,
    forcerm: true,
  };
  if (builder === "buildkit") options.version = "2";
  if (request.target !== undefined) options.target = request.target;
  if (request.args !== undefined) options.buildargs = { ...request.args };
  if (request.labels !== undefined) options.labels = { ...request.labels };
  if (request.noCache === true) options.nocache = true;
  if (request.pull === true) options.pull = true;
  return options;
}

const isRefusal = (error: unknown) => typeof (error as { statusCode?: unknown }).statusCode === "number";
