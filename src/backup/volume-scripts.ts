/**
 * Shell run inside the volume helpers. Nothing from a manifest is pasted into this text: the
 * artifact's path, its sha256 and the expected fingerprint arrive as environment variables
 * (`BERTH_VOLUME`, `BERTH_ARTIFACT`, `BERTH_SHA256`, `BERTH_FILES`, `BERTH_CHECKSUM`), so a
 * doctored manifest cannot become a command. Only sh, tar, find, sort, xargs, sha256sum and mv
 * are needed (coreutils or busybox).
 */

/** The staging folder a restore extracts into, inside the volume itself (same filesystem, so the swap is renames). */
export const stageName = ".berth-restore";

/**
 * `fingerprint DIR` prints `berth-files|COUNT|CHECKSUM`: the count of regular files and a sha256
 * over the sorted `sha256sum` lines of all of them (names and contents both count). A restore's
 * staging folder is never part of the data.
 */
const fingerprint = `fingerprint() { (cd "$1" && find . -path ./${stageName} -prune -o -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum) > /tmp/berth-sums; printf 'berth-files|%s|%s\\n' "$(wc -l < /tmp/berth-sums | tr -d ' ')" "$(sha256sum < /tmp/berth-sums | cut -d' ' -f1)"; }`;

/** Fails unless the artifact's bytes hash to BERTH_SHA256 (checked on the very path then read). */
const checkSum = `[ "$(sha256sum < "$BERTH_ARTIFACT" | cut -d' ' -f1)" = "$BERTH_SHA256" ] || { echo "berth: $BERTH_ARTIFACT does not match the sha256 of its manifest" >&2; exit 3; }`;

/** Moves every entry of $1 (dot files too), except the staging folder, into the folder $2. */
const moveAll = `move_all() { find "$1" -mindepth 1 -maxdepth 1 ! -name ${stageName} -exec sh -c 'mv "$@" "$0"/' "$2" {} +; }`;

/**
 * Finishes or undoes a restore interrupted by a kill, from what the staging folder holds: not
 * verified yet, the live data was never touched, so the extract is dropped; verified, the swap is
 * completed in the phase it was in (old entries out first, then new entries in).
 */
const recover = `recover() {
  s="$BERTH_VOLUME/${stageName}"
  [ -e "$s" ] || return 0
  if [ ! -e "$s/verified" ]; then rm -rf "$s"; return 0; fi
  if [ "$(cat "$s/phase" 2>/dev/null)" != new ]; then mkdir -p "$s/old"; move_all "$BERTH_VOLUME" "$s/old"; echo new > "$s/phase.tmp"; mv "$s/phase.tmp" "$s/phase"; fi
  move_all "$s/new" "$BERTH_VOLUME"
  rm -rf "$s"
}`;

/** Backup: fingerprint the volume, then tar it (without any staging folder) to BERTH_OUT. */
export function volumeBackupScript(compress: boolean): string {
  return [`set -eu`, fingerprint, `fingerprint "$BERTH_VOLUME"`, `tar ${compress ? "-czf" : "-cf"} "$BERTH_OUT" --exclude=./${stageName} -C "$BERTH_VOLUME" .`].join("\n");
}

/** Drill: check the bytes, extract into a scratch folder (BERTH_VOLUME), fingerprint it. */
export const volumeDrillScript = [`set -eu`, fingerprint, checkSum, `mkdir -p "$BERTH_VOLUME"`, `tar -xf "$BERTH_ARTIFACT" -C "$BERTH_VOLUME"`, `fingerprint "$BERTH_VOLUME"`].join("\n");

/**
 * Restore, all or nothing: extract beside the live data (in the volume's staging folder), prove
 * the extract against the fingerprint taken at backup time, and only then swap by renames. Any
 * failure before the swap (a damaged archive, a full disk, a mismatch) removes the extract and
 * leaves the live data as it was. A restore interrupted earlier is finished or undone first.
 */
export const volumeRestoreScript = [
  `set -eu`,
  fingerprint,
  moveAll,
  recover,
  `recover`,
  checkSum,
  `s="$BERTH_VOLUME/${stageName}"`,
  `mkdir -p "$s/new"`,
  `if ! tar -xf "$BERTH_ARTIFACT" -C "$s/new"; then rm -rf "$s"; echo "berth: extracting the archive failed; the live data is untouched" >&2; exit 4; fi`,
  `got="$(fingerprint "$s/new")"`,
  `if [ "$got" != "berth-files|$BERTH_FILES|$BERTH_CHECKSUM" ]; then rm -rf "$s"; echo "berth: the extract is not what was backed up ($got); the live data is untouched" >&2; exit 5; fi`,
  `touch "$s/verified"`,
  `recover`,
  `fingerprint "$BERTH_VOLUME"`,
].join("\n");

/** Env for the scripts above: values are data, never shell text. */
export function volumeScriptEnv(values: { volume: string; artifact?: string; sha256?: string; files?: number; checksum?: string; out?: string }): string[] {
  const env = [`BERTH_VOLUME=${values.volume}`];
  if (values.artifact !== undefined) env.push(`BERTH_ARTIFACT=${values.artifact}`);
  if (values.sha256 !== undefined) env.push(`BERTH_SHA256=${values.sha256}`);
  if (values.files !== undefined) env.push(`BERTH_FILES=${values.files}`);
  if (values.checksum !== undefined) env.push(`BERTH_CHECKSUM=${values.checksum}`);
  if (values.out !== undefined) env.push(`BERTH_OUT=${values.out}`);
  return env;
}
