/**
 * The parts of the Engine API's Swarm objects berth's Swarm target writes (API 1.41, engine
 * 20.10), named as the API names them so a spec goes to `POST /services/create` as it is.
 */

export interface Annotations {
  readonly Name: string;
  readonly Labels: Readonly<Record<string, string>>;
}

export interface Mount {
  readonly Type: "volume" | "bind" | "tmpfs";
  readonly Source?: string;
  readonly Target: string;
  readonly ReadOnly?: boolean;
  readonly BindOptions?: { readonly Propagation?: string };
  readonly VolumeOptions?: { readonly NoCopy?: boolean; readonly Labels?: Readonly<Record<string, string>>; readonly DriverConfig?: { readonly Name?: string; readonly Options?: Readonly<Record<string, string>> } };
  readonly TmpfsOptions?: { readonly SizeBytes?: number; readonly Mode?: number };
}

export interface FileReference {
  readonly File: { readonly Name: string; readonly UID: string; readonly GID: string; readonly Mode: number };
  /** Filled in by the deploy, once the object exists. */
  readonly SecretID?: string;
  readonly SecretName?: string;
  readonly ConfigID?: string;
  readonly ConfigName?: string;
}

export interface HealthConfig {
  readonly Test: readonly string[];
  readonly Interval?: number;
  readonly Timeout?: number;
  readonly StartPeriod?: number;
  readonly Retries?: number;
}

export interface ContainerSpec {
  readonly Image: string;
  readonly Labels: Readonly<Record<string, string>>;
  readonly Command?: readonly string[];
  readonly Args?: readonly string[];
  readonly Hostname?: string;
  readonly Env?: readonly string[];
  readonly Dir?: string;
  readonly User?: string;
  readonly Mounts?: readonly Mount[];
  readonly StopGracePeriod?: number;
  readonly StopSignal?: string;
  readonly TTY?: boolean;
  readonly OpenStdin?: boolean;
  readonly ReadOnly?: boolean;
  readonly Init?: boolean;
  readonly Healthcheck?: HealthConfig;
  readonly Hosts?: readonly string[];
  readonly DNSConfig?: { readonly Nameservers?: readonly string[]; readonly Search?: readonly string[] };
  readonly Secrets?: readonly FileReference[];
  readonly Configs?: readonly FileReference[];
  readonly Sysctls?: Readonly<Record<string, string>>;
  readonly CapabilityAdd?: readonly string[];
  readonly CapabilityDrop?: readonly string[];
  readonly Ulimits?: readonly { readonly Name: string; readonly Soft: number; readonly Hard: number }[];
}

export interface UpdateConfig {
  readonly Parallelism: number;
  readonly Delay?: number;
  readonly FailureAction?: string;
  readonly Monitor?: number;
  readonly MaxFailureRatio?: number;
  readonly Order?: string;
}

export interface ResourceSpec {
  readonly NanoCPUs?: number;
  readonly MemoryBytes?: number;
  readonly Pids?: number;
}

export interface ServiceMode {
  readonly Replicated?: { readonly Replicas: number };
  readonly Global?: Record<string, never>;
  readonly ReplicatedJob?: { readonly MaxConcurrent: number; readonly TotalCompletions: number };
  readonly GlobalJob?: Record<string, never>;
}

export interface PortConfig {
  readonly Protocol: string;
  readonly TargetPort: number;
  readonly PublishedPort?: number;
  readonly PublishMode: "ingress" | "host";
}

export interface ServiceSpec extends Annotations {
  readonly TaskTemplate: {
    readonly ContainerSpec: ContainerSpec;
    readonly Resources?: { readonly Limits?: ResourceSpec; readonly Reservations?: ResourceSpec };
    readonly RestartPolicy?: { readonly Condition: string; readonly Delay?: number; readonly MaxAttempts?: number; readonly Window?: number };
    readonly Placement?: { readonly Constraints?: readonly string[]; readonly Preferences?: readonly { readonly Spread: { readonly SpreadDescriptor: string } }[]; readonly MaxReplicas?: number };
    readonly Networks?: readonly { readonly Target: string; readonly Aliases: readonly string[] }[];
    readonly LogDriver?: { readonly Name: string; readonly Options?: Readonly<Record<string, string>> };
    readonly ForceUpdate?: number;
  };
  readonly Mode: ServiceMode;
  readonly UpdateConfig?: UpdateConfig;
  readonly RollbackConfig?: UpdateConfig;
  readonly EndpointSpec: { readonly Mode: "vip" | "dnsrr"; readonly Ports?: readonly PortConfig[] };
}

export interface NetworkSpec extends Annotations {
  readonly Driver: string;
  readonly Scope: "swarm";
  readonly Internal?: boolean;
  readonly Attachable: boolean;
  readonly Options?: Readonly<Record<string, string>>;
  readonly Labels: Readonly<Record<string, string>>;
}

/** A secret or config made from a file (or an inline value): its name carries a hash of the content. */
export interface FileObjectSpec extends Annotations {
  readonly kind: "secret" | "config";
  /** The compose key (`db_password`), as services refer to it. */
  readonly key: string;
  /** The content, base64 as the API wants it. */
  readonly Data: string;
}
