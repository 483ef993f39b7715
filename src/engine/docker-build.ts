import type Docker from "dockerode";
import { EngineError } from "../common/errors.js";
import { createBuildContext } from "./build-context.js";
import { BuildOutput, type BuildMessage } from "./build-output.js";
import { readChunks, readJsonLines } from "./docker-streams.js";
import { engineMessage } from "./engine-errors.js";
import type { BuildProgress, BuildRequest, BuildResult } from "./types/image.js";

/**
 * Builds an image through `POST /build` (the classic builder) and follows its output. A missing
 * Dockerfile, or the builder refusing the request (bad target, bad tag), is a failed build,
 * returned like a failing step; only an unreachable engine or an abort reaches the caller as an error.
 */
export async function runBuild(
  docker: Docker,
  request: BuildRequest,
  onProgress: (progress: BuildProgress) => void,
  signal: AbortSignal,
): Promise<BuildResult> {
  const output = new BuildOutput();
  const context = await createBuildContext(request.context, request.dockerfile).catch((error: unknown) => {
    if (error instanceof EngineError && error.code === "engine.bad-request") return error;
    throw error;
  });
  if (context instanceof EngineError) return output.result(context.message);
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.buildImage(context.tar, {
      ...buildOptions(request, context.dockerfile),
      abortSignal: signal,
    });
  } catch (error) {
    if (isRefusal(error)) return output.result(engineMessage(error as object));
    throw error;
  }
  for await (const message of readJsonLines(readChunks(stream, signal))) {
    for (const progress of output.accept(message as BuildMessage)) onProgress(progress);
  }
  return output.result(signal.aborted ? "the build was cancelled" : undefined);
}

function buildOptions(request: BuildRequest, dockerfile: string): Docker.ImageBuildOptions {
  const options: Docker.ImageBuildOptions = {
    dockerfile,
    t: [...request.tags] as unknown as string,
    rm: true,
    forcerm: true,
  };
  if (request.target !== undefined) options.target = request.target;
  if (request.args !== undefined) options.buildargs = { ...request.args };
  if (request.labels !== undefined) options.labels = { ...request.labels };
  if (request.noCache === true) options.nocache = true;
  if (request.pull === true) options.pull = true;
  return options;
}

const isRefusal = (error: unknown) => typeof (error as { statusCode?: unknown }).statusCode === "number";
