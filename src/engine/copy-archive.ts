import type { IncomingMessage } from "node:http";
import type Docker from "dockerode";
import type { ContainerPathStat } from "./engine.js";

/** Go's `os.FileMode` type bits, as the engine's path stat carries them. */
const goModeDir = 2 ** 31;
const goModeSymlink = 2 ** 27;

/**
 * The `X-Docker-Container-Path-Stat` header of the archive endpoints: base64 of
 * `{"name","size","mode","mtime","linkTarget"}`, `mode` being Go's `os.FileMode`.
 */
export function decodePathStat(header: string | string[] | undefined): ContainerPathStat {
  const text = Buffer.from(String(Array.isArray(header) ? header[0] : header ?? ""), "base64").toString("utf8");
  const raw = (text.trim() === "" ? {} : JSON.parse(text)) as { name?: string; size?: number; mode?: number; linkTarget?: string };
  const mode = raw.mode ?? 0;
  return {
    name: raw.name ?? "",
    size: raw.size ?? 0,
    mode: mode % 0o10000,
    isDir: Math.floor(mode / goModeDir) % 2 === 1,
    isSymlink: Math.floor(mode / goModeSymlink) % 2 === 1,
    linkTarget: raw.linkTarget ?? "",
  };
}

/** `HEAD /containers/{id}/archive?path=`: rejects with the modem's failure (404 when the path is missing). */
export async function statPath(container: Docker.Container, path: string): Promise<ContainerPathStat> {
  const response = (await container.infoArchive({ path })) as IncomingMessage;
  response.resume();
  return decodePathStat(response.headers["x-docker-container-path-stat"]);
}

/** `GET /containers/{id}/archive?path=`: the tar stream of the path. */
export async function archiveOf(container: Docker.Container, path: string): Promise<NodeJS.ReadableStream> {
  return (await container.getArchive({ path })) as NodeJS.ReadableStream;
}

/** `PUT /containers/{id}/archive?path=`: extracts the archive there (`copyUIDGID` hands the files to the container's user). */
export async function putArchive(container: Docker.Container, archive: Buffer | NodeJS.ReadableStream, path: string, containerUserOwns: boolean): Promise<void> {
  await container.putArchive(archive, { path, ...(containerUserOwns ? { copyUIDGID: "1" } : {}) });
}
