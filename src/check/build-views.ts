import { isAbsolute, join } from "node:path";
import type { Service } from "../compose/model/project.js";
import type { BuildView, ServiceView } from "./context.js";
import type { FileTree } from "./files/file-tree.js";
import { datastoreOf } from "./knowledge/service-kinds.js";
import { loadDockerIgnore } from "./sources/dockerignore.js";
import { baseImageOf, finalStage, parseDockerfile } from "./sources/dockerfile.js";

const isRemote = (context: string) => /^(https?:\/\/|git@|github\.com\/|git:\/\/)/.test(context);

/** Parses each service's Dockerfile and ignore file once. */
export function buildServiceView(name: string, service: Service, dir: string, files: FileTree): ServiceView {
  const build = service.build ? buildView(service, dir, files) : undefined;
  const baseImage = service.image !== undefined && !build?.stage ? service.image : buildBase(build) ?? service.image;
  return { name, service, build, baseImage, datastore: datastoreOf(baseImage) };
}

function buildView(service: Service, dir: string, files: FileTree): BuildView {
  const config = service.build!;
  const remote = isRemote(config.context);
  const contextDir = remote || isAbsolute(config.context) ? config.context : join(dir, config.context);
  const dockerfileName = config.dockerfile ?? "Dockerfile";
  const dockerfilePath = isAbsolute(dockerfileName) ? dockerfileName : join(contextDir, dockerfileName);
  const text = config.dockerfile_inline ?? (remote ? undefined : files.readText(dockerfilePath));
  const dockerfile = text === undefined ? undefined : parseDockerfile(dockerfilePath, text);
  const stage = dockerfile ? finalStage(dockerfile, config.target) : undefined;
  return { contextDir, dockerfilePath, dockerfile, stage, ignore: loadDockerIgnore(files, contextDir, dockerfilePath), remote };
}

function buildBase(build: BuildView | undefined): string | undefined {
  if (!build?.dockerfile || !build.stage) return undefined;
  return baseImageOf(build.dockerfile, build.stage);
}
