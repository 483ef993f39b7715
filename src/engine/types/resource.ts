/** A network or volume as a list shows it. */
export interface NamedResource {
  readonly name: string;
  readonly id: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface NetworkCreateRequest {
  readonly name: string;
  /** `bridge` when absent. */
  readonly driver?: string;
  readonly internal?: boolean;
  readonly attachable?: boolean;
  readonly enableIPv6?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
  readonly driverOptions?: Readonly<Record<string, string>>;
  readonly ipam?: {
    readonly driver?: string;
    readonly config: readonly {
      readonly subnet?: string;
      readonly gateway?: string;
      readonly ipRange?: string;
    }[];
  };
}

export interface NetworkDetails {
  readonly Id: string;
  readonly Name: string;
  readonly Driver: string;
  readonly Internal: boolean;
  readonly Attachable: boolean;
  readonly Labels: Readonly<Record<string, string>>;
  readonly IPAM: {
    readonly Config: readonly { readonly Subnet?: string; readonly Gateway?: string }[] | null;
  };
  /** Attached containers by id. */
  readonly Containers: Readonly<Record<string, { readonly Name: string; readonly IPv4Address: string }>>;
}

export interface VolumeCreateRequest {
  readonly name: string;
  /** `local` when absent. */
  readonly driver?: string;
  readonly driverOptions?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface VolumeDetails {
  readonly Name: string;
  readonly Driver: string;
  readonly Mountpoint: string;
  readonly Labels: Readonly<Record<string, string>>;
  readonly Options: Readonly<Record<string, string>> | null;
  readonly CreatedAt?: string;
}
