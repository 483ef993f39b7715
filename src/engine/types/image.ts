/** The fields of `GET /images/{name}/json` berth reads (Engine API field names). */
export interface ImageDetails {
  readonly Id: string;
  readonly RepoTags: readonly string[];
  readonly Created: string;
  readonly Size: number;
  readonly Config: {
    readonly User: string;
    readonly Env: readonly string[] | null;
    readonly Cmd: readonly string[] | null;
    readonly Entrypoint: readonly string[] | null;
    readonly WorkingDir: string;
    readonly ExposedPorts?: Readonly<Record<string, object>> | null;
    readonly Volumes?: Readonly<Record<string, object>> | null;
    readonly Labels: Readonly<Record<string, string>> | null;
    readonly Healthcheck?: { readonly Test?: readonly string[] } | null;
  };
}

export interface ImageFilter {
  readonly labels?: Readonly<Record<string, string | true>>;
  /** A reference pattern such as `berthe2e-*` or `redis:7`. */
  readonly reference?: string;
  readonly danglingOnly?: boolean;
}

export interface ImageSummary {
  readonly id: string;
  readonly tags: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly size: number;
  /** Seconds since the epoch. */
  readonly created: number;
}

/** A build through the Engine API (the classic builder: multi-stage, target, args). */
export interface BuildRequest {
  /** Directory sent as the build context, filtered by its `.dockerignore`. */
  readonly context: string;
  /** Dockerfile path, relative to the context or absolute; default `Dockerfile`. */
  readonly dockerfile?: string;
  /** Tags for the result, first one the main name. */
  readonly tags: readonly string[];
  readonly args?: Readonly<Record<string, string>>;
  readonly target?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly noCache?: boolean;
  /** Pull newer base images (needs a registry: berth never relies on it). */
  readonly pull?: boolean;
  /** BuildKit (the default, as docker's) or the classic builder; DOCKER_BUILDKIT=0 picks classic. */
  readonly builder?: "buildkit" | "classic";
}

/** One line of build output as it arrives, for live progress. */
export interface BuildProgress {
  /** `Step 2/5 : RUN npm ci` when a new step starts. */
  readonly step?: BuildStep;
  readonly text: string;
}

export interface BuildStep {
  /** 1-based. */
  readonly index: number;
  readonly total: number;
  /** The instruction as the builder prints it: `RUN npm ci`. */
  readonly instruction: string;
}

/**
 * How a build ended. A failed build is an expected outcome (the `build-failed` diagnosis), so it
 * is returned, not thrown.
 */
export interface BuildResult {
  readonly ok: boolean;
  /** The built image id (`sha256:...`) when ok. */
  readonly imageId?: string;
  /** The whole build output. */
  readonly log: string;
  /** The builder's error message when not ok. */
  readonly error?: string;
  /** The step that failed, when the builder got as far as a step. */
  readonly failedStep?: BuildStep;
  /** The output lines of the failed step. */
  readonly failedStepOutput?: readonly string[];
}
