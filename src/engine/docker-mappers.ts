import type Docker from "dockerode";
import type { ContainerDetails, ContainerSummary } from "./types/container.js";
import type { ImageSummary } from "./types/image.js";
import type { NamedResource, NetworkCreateRequest } from "./types/resource.js";
import type { EventFilter, LogOptions } from "./types/stream.js";

/** `{a: "1", b: true}` → the API's label filter `["a=1", "b"]` (true: the key is present). */
export function labelFilter(labels: Readonly<Record<string, string | true>> | undefined): string[] {
  return Object.entries(labels ?? {}).map(([key, value]) => (value === true ? key : `${key}=${value}`));
}

/** The `filters` query parameter: only the keys that have values. */
export function filtersOf(
  entries: Readonly<Record<string, readonly string[] | undefined>>,
): Record<string, string[]> {
  const filters: Record<string, string[]> = {};
  for (const [key, values] of Object.entries(entries))
    if (values !== undefined && values.length > 0) filters[key] = [...values];
  return filters;
}

const withoutSlash = (name: string) => name.replace(/^\//, "");

export function toContainerSummary(raw: Docker.ContainerInfo): ContainerSummary {
  return {
    id: raw.Id,
    name: withoutSlash(raw.Names[0] ?? ""),
    image: raw.Image,
    imageId: raw.ImageID,
    state: raw.State,
    status: raw.Status,
    created: raw.Created,
    labels: raw.Labels ?? {},
    ports: raw.Ports.map((port) => ({
      ...(port.IP === undefined ? {} : { ip: port.IP }),
      privatePort: port.PrivatePort,
      ...(port.PublicPort === undefined ? {} : { publicPort: port.PublicPort }),
      type: port.Type,
    })),
    networks: Object.keys(raw.NetworkSettings?.Networks ?? {}),
  };
}

/** Our view of an inspect result: the same fields, the name without its leading `/`. */
export function toContainerDetails(raw: Docker.ContainerInspectInfo): ContainerDetails {
  const details = raw as unknown as ContainerDetails;
  return { ...details, Name: withoutSlash(raw.Name), Mounts: details.Mounts ?? [] };
}

export function toImageSummary(raw: Docker.ImageInfo): ImageSummary {
  return {
    id: raw.Id,
    tags: raw.RepoTags ?? [],
    labels: raw.Labels ?? {},
    size: raw.Size,
    created: raw.Created,
  };
}

export function toNamedResource(raw: {
  Name: string;
  Id?: string | undefined;
  Labels?: Record<string, string> | null | undefined;
}): NamedResource {
  return { name: raw.Name, id: raw.Id ?? raw.Name, labels: raw.Labels ?? {} };
}

/** The query of a logs request: both streams, and only the options that are set. */
export function logQuery(options: LogOptions): {
  stdout: true;
  stderr: true;
  tail?: number;
  since?: number;
  timestamps?: boolean;
} {
  return {
    stdout: true,
    stderr: true,
    ...(options.tail === undefined ? {} : { tail: options.tail }),
    ...(options.since === undefined ? {} : { since: options.since }),
    ...(options.timestamps === undefined ? {} : { timestamps: options.timestamps }),
  };
}

/** The body of `POST /networks/create`. */
export function networkBody(request: NetworkCreateRequest): Record<string, unknown> {
  const ipam = request.ipam;
  return {
    Name: request.name,
    Driver: request.driver ?? "bridge",
    Internal: request.internal ?? false,
    Attachable: request.attachable ?? false,
    EnableIPv6: request.enableIPv6 ?? false,
    Labels: { ...request.labels },
    Options: { ...request.driverOptions },
    CheckDuplicate: true,
    ...(ipam === undefined
      ? {}
      : {
          IPAM: {
            Driver: ipam.driver ?? "default",
            Config: ipam.config.map((c) => ({ Subnet: c.subnet, Gateway: c.gateway, IPRange: c.ipRange })),
          },
        }),
  };
}

/** The query of `GET /events`: filters by type, label, container and action, and a replay start. */
export function eventQuery(filter: EventFilter): { filters: Record<string, string[]>; since?: number } {
  const filters = filtersOf({
    type: filter.types,
    label: labelFilter(filter.labels),
    container: filter.containers,
    event: filter.actions,
  });
  return filter.since === undefined ? { filters } : { filters, since: filter.since };
}
