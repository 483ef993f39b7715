import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { posix } from "node:path";
import type { Project, SecretOrConfig, Service, ServiceFileRef } from "../compose/model/project.js";
import { serviceConfigHash } from "./config-hash.js";

/**
 * A service's `secrets:` and `configs:` as docker compose gives them to a container on a single
 * engine: a file-sourced one is bind-mounted read-only at its target; one whose content comes
 * from the environment or from `content:` (or that asks for `uid`/`gid`/`mode`, which a bind mount
 * cannot honour) is copied into the container between create and start.
 */
export type FileKind = "secret" | "config";

/** One `services.<name>.secrets[i]` or `configs[i]` resolved against the top-level declaration. */
export interface FileGrant {
  readonly kind: FileKind;
  /** The top-level key (`db_pw`). */
  readonly source: string;
  /** Absolute path inside the container. */
  readonly target: string;
  /** The YAML path of the grant, for messages: `services.db.secrets[0]`. */
  readonly at: string;
  readonly ref: ServiceFileRef;
  readonly declared: SecretOrConfig | undefined;
}

/** A read-only bind of a host file. */
export interface BoundFile {
  readonly source: string;
  readonly target: string;
}

/** A file written into the container before it starts. Its content is secret: never print it. */
export interface CopiedFile {
  readonly target: string;
  readonly content: Buffer;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

/** A grant that cannot be honoured: the message names the key and the fix. */
export class MountedFileError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** Readable by any user of the container, as a read-only bind of a 0644 file is. */
const defaultMode = 0o444;

export function fileGrantsOf(project: Project, service: Service): FileGrant[] {
  const grants = (kind: FileKind, refs: readonly ServiceFileRef[] | undefined): FileGrant[] =>
    (refs ?? []).map((ref, index) => ({
      kind,
      source: ref.source,
      target: targetOf(kind, ref),
      at: `services.${service.name}.${kind}s[${index}]`,
      ref,
      declared: (kind === "secret" ? project.secrets : project.configs)[ref.source],
    }));
  return [...grants("secret", service.secrets), ...grants("config", service.configs)];
}

/** compose's targets: secrets under `/run/secrets/`, configs under `/`, unless absolute. */
export function targetOf(kind: FileKind, ref: ServiceFileRef): string {
  const target = ref.target === undefined || ref.target === "" ? ref.source : ref.target;
  if (posix.isAbsolute(target)) return posix.normalize(target);
  return posix.join(kind === "secret" ? "/run/secrets" : "/", target);
}

/** Whether the grant is honoured by a bind mount of the declared file (compose's way). */
function isBound(grant: FileGrant): boolean {
  const { ref, declared } = grant;
  return declared?.file !== undefined && ref.uid === undefined && ref.gid === undefined && ref.mode === undefined;
}

/** The read-only binds of a service's file-sourced grants; pure (the files are checked at create). */
export function boundFilesOf(project: Project, service: Service): BoundFile[] {
  return fileGrantsOf(project, service)
    .filter(isBound)
    .map((grant) => ({ source: grant.declared?.file as string, target: grant.target }));
}

/**
 * Checks every grant of the service and reads the content of those to copy. Throws a
 * {@link MountedFileError} for an undeclared, external or unreadable source or an unset variable.
 */
export function copiedFilesOf(project: Project, service: Service): CopiedFile[] {
  const copies: CopiedFile[] = [];
  for (const grant of fileGrantsOf(project, service)) {
    const content = contentOf(project, grant);
    if (!isBound(grant)) copies.push({ target: grant.target, content, mode: modeOf(grant), uid: idOf(grant, "uid"), gid: idOf(grant, "gid") });
  }
  return copies;
}

/** Why the service's secrets and configs cannot be given to it (message and fix), or undefined. */
export function grantProblem(project: Project, service: Service): string | undefined {
  try {
    copiedFilesOf(project, service);
    return undefined;
  } catch (error) {
    if (error instanceof MountedFileError) return `${error.message} (${error.hint})`;
    throw error;
  }
}

/**
 * A digest of the content of every secret and config the service is given, so that changing a
 * password file recreates the containers that read it; undefined for a service with none (its
 * config hash stays what it was). Unreadable sources digest as such: the create step reports them.
 */
export function mountedFilesDigest(project: Project, service: Service): string | undefined {
  const grants = fileGrantsOf(project, service);
  if (grants.length === 0) return undefined;
  const hash = createHash("sha256");
  for (const grant of grants) {
    hash.update(`${grant.kind}\0${grant.source}\0${grant.target}\0`);
    try {
      hash.update(contentOf(project, grant));
    } catch {
      hash.update("\0unreadable");
    }
    hash.update("\0");
  }
  return hash.digest("hex");
}

/**
 * The config hash of a project's services that also covers the content of their secrets and
 * configs: a service without any keeps its plain {@link serviceConfigHash}, so nothing else is
 * recreated; one with some is recreated when a file, a variable or a `content:` changes.
 */
export function configHashOf(project: Project): (service: Service) => string {
  return (service) => {
    const plain = serviceConfigHash(service);
    const files = mountedFilesDigest(project, service);
    return files === undefined ? plain : createHash("sha256").update(`${plain}\0files\0${files}`).digest("hex");
  };
}

function contentOf(project: Project, grant: FileGrant): Buffer {
  const { declared, kind, source, at } = grant;
  if (declared === undefined)
    throw new MountedFileError(`${at}: ${kind} "${source}" is not declared`, `declare it under the top-level \`${kind}s:\` key (file: ./${source}.txt, or environment: VAR)`);
  if (declared.external === true)
    throw new MountedFileError(`${kind}s.${source}: external ${kind}s need Docker Swarm; a single engine has no ${kind} store`, `use \`file:\` or \`environment:\` for ${kind} "${source}"`);
  if (declared.content !== undefined) return Buffer.from(declared.content);
  if (declared.environment !== undefined) {
    const value = project.meta.environment[declared.environment];
    if (value === undefined || value === null)
      throw new MountedFileError(`${kind}s.${source}: environment variable "${declared.environment}" is not set`, `set ${declared.environment} in the shell or in .env`);
    return Buffer.from(value);
  }
  if (declared.file !== undefined) return readSource(`${kind}s.${source}`, declared.file);
  throw new MountedFileError(`${kind}s.${source}: no source`, "give it `file:`, `environment:` or `content:`");
}

function readSource(key: string, file: string): Buffer {
  if (!existsSync(file)) throw new MountedFileError(`${key}.file: ${file} does not exist`, "create the file, or fix the path (relative to the compose file's folder)");
  if (!statSync(file).isFile()) throw new MountedFileError(`${key}.file: ${file} is not a regular file`, "point it at a file");
  try {
    return readFileSync(file);
  } catch (error) {
    throw new MountedFileError(`${key}.file: ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`, "make the file readable by the user running berth");
  }
}

function modeOf(grant: FileGrant): number {
  const mode = grant.ref.mode;
  if (mode === undefined) return defaultMode;
  const parsed = /^0?[0-7]{1,4}$/.test(String(mode)) ? parseInt(String(mode), 8) : NaN;
  if (Number.isNaN(parsed)) throw new MountedFileError(`${grant.at}.mode: "${String(mode)}" is not an octal file mode`, "write it as 0440 or 0444");
  return parsed;
}

function idOf(grant: FileGrant, key: "uid" | "gid"): number {
  const id = grant.ref[key];
  if (id === undefined || id === "") return 0;
  if (!/^\d+$/.test(String(id))) throw new MountedFileError(`${grant.at}.${key}: "${String(id)}" is not a numeric id`, `the engine copies files with numeric owners: write the ${key} as a number (\`id -u\` inside the image tells it)`);
  return Number(id);
}
