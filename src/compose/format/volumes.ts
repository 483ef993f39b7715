/** A service volume in compose's long form, as parsed from the short syntax. */
export interface VolumeMount {
  type: "volume" | "bind";
  source?: string;
  target: string;
  read_only?: boolean;
  bind?: { propagation?: string; create_host_path?: boolean; selinux?: string };
  volume?: { nocopy?: boolean };
}

export class VolumeSyntaxError extends Error {}

const propagations = new Set(["shared", "rshared", "slave", "rslave", "private", "rprivate"]);

/** Parses `source:target:mode`, `target` (anonymous) as compose-go's `format.ParseVolume`. */
export function parseVolumeSpec(spec: string): VolumeMount {
  const parts = spec.split(":");
  if (parts.length > 3) throw new VolumeSyntaxError(`invalid spec: ${spec}: too many colons`);
  if (spec.trim() === "") throw new VolumeSyntaxError("invalid empty volume spec");
  const [first = "", second, mode] = parts;
  const source = second === undefined ? "" : first;
  const target = second === undefined ? first : second;
  const mount: VolumeMount = source === "" ? { type: "volume", target } : { type: isFilePath(source) ? "bind" : "volume", source, target };
  if (mount.type === "bind") mount.bind = { create_host_path: true };
  else mount.volume = {};
  for (const option of mode === undefined || mode === "" ? [] : mode.split(",")) applyOption(mount, option, spec);
  return mount;
}

function applyOption(mount: VolumeMount, option: string, spec: string): void {
  if (option === "ro") mount.read_only = true;
  else if (option === "rw") mount.read_only = false;
  else if (option === "nocopy") mount.volume = { ...mount.volume, nocopy: true };
  else if (option === "z" || option === "Z") mount.bind = { ...mount.bind, selinux: option };
  else if (propagations.has(option)) mount.bind = { ...mount.bind, propagation: option };
  else if (option !== "consistent" && option !== "cached" && option !== "delegated") {
    throw new VolumeSyntaxError(`invalid spec: ${spec}: unknown option "${option}"`);
  }
}

/** Bind sources are paths: `.`, `/` or `~` first (compose's rule), or a Windows drive. */
export function isFilePath(source: string): boolean {
  return /^[./~]/.test(source) || /^[a-zA-Z]:[\\/]/.test(source);
}
