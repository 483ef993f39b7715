import type { SourceLocation } from "../../common/errors.js";

/**
 * The canonical project, in the shape `docker compose config --format json` prints (compose-go's
 * `types.Project`), so `berth config` serialises it as it is and users meet the keys they know.
 * Values are normalised: every short syntax is in its long form, durations are Go-style strings,
 * byte sizes are decimal strings, paths are absolute.
 */
export interface Project {
  readonly name: string;
  readonly services: Readonly<Record<string, Service>>;
  readonly networks: Readonly<Record<string, Network>>;
  readonly volumes: Readonly<Record<string, Volume>>;
  readonly secrets: Readonly<Record<string, SecretOrConfig>>;
  readonly configs: Readonly<Record<string, SecretOrConfig>>;
  /** Top-level `x-*` keys, interpolated (they are printed, and `x-berth` configures berth). */
  readonly extensions: Readonly<Record<string, unknown>>;
  readonly meta: ProjectMeta;
}

/** Where the project came from; never printed by `berth config`. */
export interface ProjectMeta {
  /** Absolute project directory: relative paths in the files resolve against it. */
  readonly workingDir: string;
  /** Absolute paths of the compose files, in load order (includes and extends sources too). */
  readonly composeFiles: readonly string[];
  /** Absolute paths of the environment files used for interpolation (`.env` or `--env-file`). */
  readonly envFiles: readonly string[];
  /** Variables used for interpolation: shell environment over env files. */
  readonly environment: Readonly<Record<string, string>>;
  readonly activeProfiles: readonly string[];
  /** Services defined in the files but left out by profiles or service selection. */
  readonly disabledServices: Readonly<Record<string, Service>>;
  readonly sourceMap: SourceMap;
  /** Non-fatal problems found while loading (unset variables, obsolete `version`, ...). */
  readonly warnings: readonly LoadWarning[];
}

export interface LoadWarning {
  readonly code: string;
  readonly message: string;
  /** The model path the warning is about, when it is about one value (e.g. an unset variable's). */
  readonly path?: readonly (string | number)[];
  readonly location?: SourceLocation;
}

/**
 * Positions of keys in the user's files, addressed by their path in the final model, e.g.
 * `["services", "web", "healthcheck", "test"]`. A merged value points at the file that set it.
 */
export interface SourceMap {
  locate(path: readonly (string | number)[]): SourceLocation | undefined;
  /** The nearest located ancestor of the path: useful when the exact key was generated. */
  locateNearest(path: readonly (string | number)[]): SourceLocation | undefined;
}

export interface Service {
  readonly name: string;
  readonly profiles?: readonly string[];
  readonly image?: string;
  readonly build?: BuildConfig;
  readonly command: readonly string[] | null;
  readonly entrypoint: readonly string[] | null;
  readonly environment?: Readonly<Record<string, string | null>>;
  /** env_file entries, kept for tools (check, redaction) though `config` does not print them. */
  readonly env_file?: readonly EnvFileRef[];
  readonly ports?: readonly ServicePort[];
  readonly expose?: readonly string[];
  readonly volumes?: readonly ServiceVolume[];
  readonly tmpfs?: readonly string[];
  readonly depends_on?: Readonly<Record<string, ServiceDependency>>;
  readonly healthcheck?: HealthCheck;
  readonly deploy?: DeployConfig;
  readonly labels?: Readonly<Record<string, string>>;
  readonly networks?: Readonly<Record<string, ServiceNetwork | null>>;
  readonly network_mode?: string;
  readonly restart?: string;
  readonly user?: string;
  readonly working_dir?: string;
  readonly hostname?: string;
  readonly container_name?: string;
  readonly init?: boolean;
  readonly read_only?: boolean;
  readonly privileged?: boolean;
  readonly tty?: boolean;
  readonly stdin_open?: boolean;
  readonly stop_grace_period?: string;
  readonly stop_signal?: string;
  readonly mem_limit?: string;
  readonly shm_size?: string;
  readonly cpus?: number;
  readonly pull_policy?: string;
  readonly secrets?: readonly ServiceFileRef[];
  readonly configs?: readonly ServiceFileRef[];
  readonly extra_hosts?: readonly string[];
  readonly dns?: readonly string[];
  readonly cap_add?: readonly string[];
  readonly cap_drop?: readonly string[];
  readonly security_opt?: readonly string[];
  readonly sysctls?: Readonly<Record<string, string>>;
  readonly ulimits?: Readonly<Record<string, Ulimit>>;
  readonly logging?: { readonly driver?: string; readonly options?: Readonly<Record<string, string>> };
  /** Any other compose key, normalised, as compose prints it. */
  readonly [key: string]: unknown;
}

export interface BuildConfig {
  /** Absolute path, or a remote URL (git, https) kept as written. */
  readonly context: string;
  readonly dockerfile?: string;
  readonly dockerfile_inline?: string;
  readonly args?: Readonly<Record<string, string | null>>;
  readonly target?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly cache_from?: readonly string[];
  readonly additional_contexts?: Readonly<Record<string, string>>;
  readonly network?: string;
  readonly platforms?: readonly string[];
  readonly tags?: readonly string[];
  readonly [key: string]: unknown;
}

export interface EnvFileRef {
  readonly path: string;
  readonly required: boolean;
  readonly format?: string;
}

/** `devices` entry; the short syntax `/dev/a:/dev/b:rwm` in long form. */
export interface DeviceMapping {
  readonly source: string;
  readonly target: string;
  readonly permissions: string;
}

export interface ServicePort {
  readonly mode: string;
  readonly host_ip?: string;
  readonly target: number;
  /** A string, as compose prints it; may be a range ("8000-8010"). Absent: a random host port. */
  readonly published?: string;
  readonly protocol: string;
  readonly app_protocol?: string;
  readonly name?: string;
}

export interface ServiceVolume {
  readonly type: "volume" | "bind" | "tmpfs" | "npipe" | "cluster" | "image";
  readonly source?: string;
  readonly target: string;
  readonly read_only?: boolean;
  readonly consistency?: string;
  readonly bind?: { readonly propagation?: string; readonly create_host_path?: boolean; readonly selinux?: string };
  readonly volume?: { readonly nocopy?: boolean; readonly subpath?: string };
  readonly tmpfs?: { readonly size?: string; readonly mode?: string };
}

export type DependencyCondition =
  | "service_started"
  | "service_healthy"
  | "service_completed_successfully";

export interface ServiceDependency {
  readonly condition: DependencyCondition;
  readonly required: boolean;
  readonly restart?: boolean;
}

export interface HealthCheck {
  /** `["CMD", ...]`, `["CMD-SHELL", "..."]` or `["NONE"]`. */
  readonly test?: readonly string[];
  readonly interval?: string;
  readonly timeout?: string;
  readonly start_period?: string;
  readonly start_interval?: string;
  readonly retries?: number;
  readonly disable?: boolean;
}

export interface DeployConfig {
  readonly mode?: string;
  readonly replicas?: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly update_config?: UpdateConfig;
  readonly rollback_config?: UpdateConfig;
  readonly resources?: {
    readonly limits?: ResourceSpec;
    readonly reservations?: ResourceSpec & { readonly devices?: readonly Record<string, unknown>[] };
  };
  readonly restart_policy?: {
    readonly condition?: string;
    readonly delay?: string;
    readonly max_attempts?: number;
    readonly window?: string;
  };
  readonly [key: string]: unknown;
}

export interface UpdateConfig {
  readonly parallelism?: number;
  readonly delay?: string;
  readonly failure_action?: string;
  readonly monitor?: string;
  readonly max_failure_ratio?: number;
  readonly order?: "start-first" | "stop-first";
}

export interface ResourceSpec {
  readonly cpus?: number;
  readonly memory?: string;
  readonly pids?: number;
}

export interface ServiceNetwork {
  readonly aliases?: readonly string[];
  readonly ipv4_address?: string;
  readonly ipv6_address?: string;
  readonly priority?: number;
  readonly [key: string]: unknown;
}

export interface ServiceFileRef {
  readonly source: string;
  readonly target?: string;
  readonly uid?: string;
  readonly gid?: string;
  readonly mode?: string;
}

export interface Ulimit {
  readonly single?: number;
  readonly soft?: number;
  readonly hard?: number;
}

export interface Network {
  readonly name: string;
  readonly driver?: string;
  readonly driver_opts?: Readonly<Record<string, string>>;
  readonly external?: boolean;
  readonly internal?: boolean;
  readonly attachable?: boolean;
  readonly enable_ipv6?: boolean;
  readonly ipam?: { readonly driver?: string; readonly config?: readonly Record<string, unknown>[] };
  readonly labels?: Readonly<Record<string, string>>;
  readonly [key: string]: unknown;
}

export interface Volume {
  readonly name: string;
  readonly driver?: string;
  readonly driver_opts?: Readonly<Record<string, string>>;
  readonly external?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
  readonly [key: string]: unknown;
}

/** Top-level secrets and configs share a shape; exactly one source key is set. */
export interface SecretOrConfig {
  readonly name: string;
  readonly file?: string;
  readonly environment?: string;
  readonly content?: string;
  readonly external?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
  readonly [key: string]: unknown;
}
