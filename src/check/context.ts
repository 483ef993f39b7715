import type { Project, Service } from "../compose/model/project.js";
import type { FileTree } from "./files/file-tree.js";
import type { Location } from "./finding.js";
import type { Datastore } from "./knowledge/service-kinds.js";
import type { DockerIgnore } from "./sources/dockerignore.js";
import type { DockerfileModel, DockerStage } from "./sources/dockerfile.js";
import type { EnvFile } from "./sources/dotenv.js";
import type { NginxDirective, NginxFile } from "./sources/nginx.js";

/** Everything a rule may read, each source parsed once by run-checks. */
export interface CheckContext {
  readonly project: Project;
  /** Absolute project directory; findings are reported relative to it. */
  readonly dir: string;
  readonly files: FileTree;
  readonly services: readonly ServiceView[];
  readonly nginx: readonly NginxConfig[];
  /** The interpolation env file(s) (`.env` or `--env-file`), parsed. */
  readonly dotenv: readonly EnvFile[];
  /** Every `env_file` of every service that exists, parsed, keyed by absolute path. */
  readonly envFiles: ReadonlyMap<string, EnvFile>;
  /** Raw text of each compose file, for rules about what was written (e.g. `${VAR}`). */
  readonly composeTexts: readonly { readonly path: string; readonly text: string }[];
  /** Why the compose files could not be loaded; the project is then empty. */
  readonly loadError: LoadFailure | undefined;
  /** Position of a model path; falls back to the nearest ancestor, then the first compose file. */
  locate(path: readonly (string | number)[]): Location;
}

export interface ServiceView {
  readonly name: string;
  readonly service: Service;
  readonly build: BuildView | undefined;
  /** The image the container starts from: compose `image`, or the Dockerfile's external base. */
  readonly baseImage: string | undefined;
  readonly datastore: Datastore | undefined;
}

export interface BuildView {
  readonly contextDir: string;
  readonly dockerfilePath: string;
  /** Undefined when the Dockerfile is missing or the context is remote. */
  readonly dockerfile: DockerfileModel | undefined;
  /** The stage the service runs: `build.target`, else the last. */
  readonly stage: DockerStage | undefined;
  readonly ignore: DockerIgnore;
  readonly remote: boolean;
}

/** One nginx configuration a proxy service loads, includes expanded. */
export interface NginxConfig {
  readonly service: string;
  readonly file: NginxFile;
  /** Where nginx sees the file inside the container. */
  readonly containerPath: string;
  /** `main` for /etc/nginx/nginx.conf, `http` for files the default main includes (conf.d, templates). */
  readonly context: "main" | "http";
  readonly directives: readonly NginxDirective[];
}

/** A compose load that failed hard (invalid YAML, schema): reported as a finding, not thrown. */
export interface LoadFailure {
  readonly message: string;
  readonly at: Location | undefined;
  readonly hint: string | undefined;
}
