import { createHash } from "node:crypto";
import { EngineError } from "../common/errors.js";
import type { BuildRequest, BuildResult, ImageDetails, ImageFilter, ImageSummary } from "./types/image.js";
import type {
  NamedResource,
  NetworkCreateRequest,
  NetworkDetails,
  VolumeCreateRequest,
  VolumeDetails,
} from "./types/resource.js";

/** `sha256:` plus a hex digest of the text: stable fake ids. */
export function fakeId(text: string): string {
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}

export const notFound = (what: string) => new EngineError("engine.not-found", `No such ${what}`);
export const conflict = (message: string) => new EngineError("engine.conflict", message);

/** `{a: "1", b: true}` matches labels that have a=1 and any b. */
export function labelsMatch(
  labels: Readonly<Record<string, string>>,
  wanted: Readonly<Record<string, string | true>> | undefined,
): boolean {
  return Object.entries(wanted ?? {}).every(([key, value]) =>
    value === true ? key in labels : labels[key] === value,
  );
}

/** The images, networks and volumes of a fake engine. */
export class FakeResources {
  private readonly images = new Map<string, ImageDetails>();
  private readonly networks = new Map<string, NetworkDetails>();
  private readonly volumes = new Map<string, VolumeDetails>();

  addImage(tags: readonly string[], labels: Readonly<Record<string, string>> = {}): ImageDetails {
    const image: ImageDetails = {
      Id: fakeId(`${tags.join(",")}:${this.images.size}`),
      RepoTags: [...tags],
      Created: new Date(0).toISOString(),
      Size: 1_000_000,
      Config: { User: "", Env: [], Cmd: null, Entrypoint: null, WorkingDir: "", Labels: { ...labels } },
    };
    for (const tag of tags) this.untag(tag);
    for (const tag of tags) this.images.set(tag, image);
    this.images.set(image.Id, image);
    return image;
  }

  // A tag given to a new image leaves the old one, which stays reachable by id (dangling).
  private untag(tag: string): void {
    const old = this.images.get(tag);
    if (old === undefined) return;
    const kept = { ...old, RepoTags: old.RepoTags.filter((t) => t !== tag) };
    for (const [key, value] of this.images) if (value === old && key !== tag) this.images.set(key, kept);
    this.images.delete(tag);
  }

  image(reference: string): ImageDetails | undefined {
    // `app` and `app:latest` name the same image, whichever way it was tagged.
    return this.images.get(reference) ?? this.images.get(`${reference}:latest`) ?? this.images.get(reference.replace(/:latest$/, ""));
  }

  listImages(filter: ImageFilter): ImageSummary[] {
    const unique = [...new Set(this.images.values())];
    const pattern = filter.reference === undefined ? undefined : globToRegExp(filter.reference);
    return unique
      .filter((image) => labelsMatch(image.Config.Labels ?? {}, filter.labels))
      .filter(
        (image) =>
          pattern === undefined ||
          image.RepoTags.some((tag) => pattern.test(tag) || pattern.test(tag.replace(/:latest$/, ""))),
      )
      .map((image) => ({
        id: image.Id,
        tags: image.RepoTags,
        labels: image.Config.Labels ?? {},
        size: image.Size,
        created: 0,
      }));
  }

  removeImage(reference: string): void {
    const image = this.image(reference);
    if (image === undefined) throw notFound(`image: ${reference}`);
    for (const [key, value] of this.images) if (value === image) this.images.delete(key);
  }

  build(request: BuildRequest, scripted: BuildResult | undefined): BuildResult {
    if (scripted !== undefined && !scripted.ok) return scripted;
    const image = this.addImage(request.tags, request.labels);
    return scripted ?? { ok: true, imageId: image.Id, log: `Successfully built ${image.Id.slice(7, 19)}` };
  }

  createNetwork(request: NetworkCreateRequest): string {
    if (this.networks.has(request.name)) throw conflict(`network with name ${request.name} already exists`);
    const network: NetworkDetails = {
      Id: fakeId(`network:${request.name}:${this.networks.size}`).slice(7),
      Name: request.name,
      Driver: request.driver ?? "bridge",
      Internal: request.internal ?? false,
      Attachable: request.attachable ?? false,
      Labels: { ...request.labels },
      IPAM: { Config: [] },
      Containers: {},
    };
    this.networks.set(request.name, network);
    return network.Id;
  }

  network(idOrName: string): NetworkDetails | undefined {
    return (
      this.networks.get(idOrName) ?? [...this.networks.values()].find((network) => network.Id === idOrName)
    );
  }

  listNetworks(labels: Readonly<Record<string, string | true>> | undefined): NamedResource[] {
    return [...this.networks.values()]
      .filter((n) => labelsMatch(n.Labels, labels))
      .map((n) => ({ name: n.Name, id: n.Id, labels: n.Labels }));
  }

  removeNetwork(idOrName: string, inUse: boolean): void {
    const network = this.network(idOrName);
    if (network === undefined) throw notFound(`network: ${idOrName}`);
    if (inUse)
      throw new EngineError(
        "engine.failed",
        `error while removing network: network ${network.Name} has active endpoints`,
      );
    this.networks.delete(network.Name);
  }

  createVolume(request: VolumeCreateRequest): VolumeDetails {
    const existing = this.volumes.get(request.name);
    if (existing !== undefined) return existing; // the engine returns an existing volume as created
    const volume: VolumeDetails = {
      Name: request.name,
      Driver: request.driver ?? "local",
      Mountpoint: `/var/lib/docker/volumes/${request.name}/_data`,
      Labels: { ...request.labels },
      Options: { ...request.driverOptions },
    };
    this.volumes.set(request.name, volume);
    return volume;
  }

  volume(name: string): VolumeDetails | undefined {
    return this.volumes.get(name);
  }

  listVolumes(labels: Readonly<Record<string, string | true>> | undefined): NamedResource[] {
    return [...this.volumes.values()]
      .filter((v) => labelsMatch(v.Labels, labels))
      .map((v) => ({ name: v.Name, id: v.Name, labels: v.Labels }));
  }

  removeVolume(name: string, inUse: boolean): void {
    if (!this.volumes.has(name)) throw notFound(`volume: ${name}`);
    if (inUse) throw conflict(`remove ${name}: volume is in use`);
    this.volumes.delete(name);
  }
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  );
}
