import { posix } from "node:path";

/** What is copied: its path as given (`/etc/nginx/`, `conf.d/.`) and whether it is a folder. */
export interface CopySource {
  readonly path: string;
  readonly isDir: boolean;
}

/** Where it goes, as given, and what is there now. */
export interface CopyDestination {
  readonly path: string;
  readonly exists: boolean;
  readonly isDir: boolean;
}

/**
 * Where an archive of the source is extracted and what its top entry is called there: `top` ""
 * puts the source folder's contents straight into `dir`.
 */
export interface CopyPlacement {
  readonly dir: string;
  readonly top: string;
}

/** The name a source's archive gives its top entry: its last element, `.` for `dir/.`. */
export function archiveTop(path: string): string {
  if (/(^|\/)\.$/.test(path)) return ".";
  return posix.basename(path.replace(/\/+$/, "")) || "/";
}

/** `SRC/.` copies a folder's contents rather than the folder. */
export function copiesContents(source: CopySource): boolean {
  return source.isDir && archiveTop(source.path) === ".";
}

/**
 * docker cp's rules, for both directions: into an existing folder the source keeps its name (a
 * folder's `/.` puts its contents there); onto an existing file a file replaces it; to a path that
 * does not exist the source takes that name in the parent folder. Throws a message (the CLI adds
 * which side it is) when the rules refuse the copy.
 */
export function placeCopy(source: CopySource, destination: CopyDestination): CopyPlacement {
  const path = destination.path;
  const name = posix.basename(path.replace(/\/+$/, ""));
  if (destination.exists && destination.isDir) {
    return { dir: path, top: copiesContents(source) ? "" : archiveTop(source.path) };
  }
  if (destination.exists) {
    if (source.isDir) throw new Error(`cannot copy a folder onto the file ${path}`);
    if (/\/$/.test(path)) throw new Error(`${path} is a file, not a folder`);
    return { dir: parentOf(path), top: name };
  }
  if (/\/$/.test(path) && !source.isDir) throw new Error(`the folder ${path} does not exist`);
  if (name === "" || name === "." || name === "..") throw new Error(`${path} does not name a file or folder to create`);
  return { dir: parentOf(path), top: name };
}

function parentOf(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  const slash = trimmed.lastIndexOf("/");
  if (slash < 0) return ".";
  return slash === 0 ? "/" : trimmed.slice(0, slash);
}

/**
 * An archive entry's name once its top entry `from` is called `to` ("" = straight into the
 * folder); undefined for an entry outside `from` (an engine never sends one) and for the top
 * folder itself when its contents go straight in.
 */
export function renameEntry(name: string, from: string, to: string): string | undefined {
  const trimmed = name.replace(/\/+$/, "");
  // An archive of `dir/.` names its entries `./x` (the engine) or `x` (other tar writers).
  const clean = from === "." && trimmed !== "." && !trimmed.startsWith("./") ? `./${trimmed}` : trimmed.replace(/^\.\//, from === "." ? "./" : "");
  if (clean !== from && !clean.startsWith(`${from}/`)) return undefined;
  const rest = clean.slice(from.length).replace(/^\//, "");
  if (to === "") return rest === "" ? undefined : rest;
  return rest === "" ? to : `${to}/${rest}`;
}
