/**
 * Shell run in the Redis restore helpers, with the live data volume mounted. Values arrive as
 * environment variables, never as shell text: `BERTH_ARTIFACT` (the RDB under /backup),
 * `BERTH_SHA256` (its manifest's checksum), and with AOF on `BERTH_AOF_DIR` / `BERTH_AOF_FILE`
 * (asked from the live server), and the data folder as `BERTH_DATA`.
 */

/** Where the previous data waits, in the data folder, until the restored data is proven. */
export const keptName = ".berth-before-restore";
const keptFolder = `$BERTH_DATA/${keptName}`;

const aofOn = `[ -n "\${BERTH_AOF_DIR:-}" ]`;

/**
 * Puts the kept data back: the live dump.rdb (and AOF folder) replaced by what the kept folder
 * holds, then the kept folder removed, only once everything is back (a failed step leaves it).
 */
const putBack = [
  "put_back() {",
  `  rm -f $BERTH_DATA/dump.rdb &&`,
  `  { [ ! -e "${keptFolder}/dump.rdb" ] || mv "${keptFolder}/dump.rdb" $BERTH_DATA/dump.rdb; } &&`,
  `  { ! ${aofOn} || { rm -rf "$BERTH_DATA/$BERTH_AOF_DIR" && { [ ! -e "${keptFolder}/aof" ] || mv "${keptFolder}/aof" "$BERTH_DATA/$BERTH_AOF_DIR"; }; }; } &&`,
  `  rm -rf "${keptFolder}"`,
  "}",
].join("\n");

/** What the swap script says on stderr when it could not put the previous data back after a failure. */
export const notPutBack = "berth: the previous data could not be put back";

/**
 * Prepares everything first (the RDB copied and checked over the bytes that will be loaded, the
 * fresh AOF folder), so a full disk or a bad copy fails before anything live is touched; then
 * swaps by renames, the previous dump.rdb and AOF folder moved into the kept folder. A failure
 * during the renames puts the previous data back (the trap), so "not touched" stays true. A kept
 * folder already there (a restore killed before its commit or undo) holds the only copy of that
 * data: the script refuses (exit 4) instead of deleting it.
 */
export const redisSwapScript = [
  "set -eu",
  putBack,
  `[ ! -e "${keptFolder}" ] || { echo "berth: ${keptName} is already in the data folder: it holds the data an earlier restore replaced, and may be its only copy" >&2; exit 4; }`,
  `owner="$(stat -c %u:%g $BERTH_DATA)"`,
  `new=$BERTH_DATA/.berth-restore.rdb; aof=$BERTH_DATA/.berth-restore-aof`,
  `trap 'rm -rf "$new" "$aof"' EXIT`,
  `rm -rf "$new" "$aof"`,
  `cp "$BERTH_ARTIFACT" "$new"`,
  `[ "$(sha256sum < "$new" | cut -d' ' -f1)" = "$BERTH_SHA256" ] || { echo "berth: the copied RDB does not match the sha256 of its manifest" >&2; exit 3; }`,
  `if ${aofOn}; then mkdir "$aof"; cp "$new" "$aof/$BERTH_AOF_FILE.1.base.rdb"; printf 'file %s seq 1 type b\\n' "$BERTH_AOF_FILE.1.base.rdb" > "$aof/$BERTH_AOF_FILE.manifest"; fi`,
  `mkdir "${keptFolder}"`,
  `trap 'put_back || echo "${notPutBack}: it is in ${keptName}" >&2; rm -rf "$new" "$aof"' EXIT`,
  `[ ! -e $BERTH_DATA/dump.rdb ] || mv $BERTH_DATA/dump.rdb "${keptFolder}/dump.rdb"`,
  `if ${aofOn} && [ -e "$BERTH_DATA/$BERTH_AOF_DIR" ]; then mv "$BERTH_DATA/$BERTH_AOF_DIR" "${keptFolder}/aof"; fi`,
  `mv "$new" $BERTH_DATA/dump.rdb`,
  `if ${aofOn}; then mv "$aof" "$BERTH_DATA/$BERTH_AOF_DIR"; fi`,
  `trap - EXIT`,
  `chown -R "$owner" $BERTH_DATA`,
  `echo berth-swapped`,
].join("\n");

/** Puts the kept data back when the restored data did not come up or does not match. */
export const redisUndoScript = [
  "set -eu",
  putBack,
  `[ -d "${keptFolder}" ] || { echo "berth: nothing kept to put back" >&2; exit 3; }`,
  `put_back`,
  `echo berth-undone`,
].join("\n");

/** Drops the kept data once the restored data is proven. */
export const redisCommitScript = `rm -rf "${keptFolder}"`;

/** What the scripts need to know, as environment variables. */
export function redisScriptEnv(values: { data?: string; artifact: string; sha256: string; aof?: { dir: string; file: string } }): string[] {
  const env = [`BERTH_DATA=${values.data ?? "/data"}`, `BERTH_ARTIFACT=${values.artifact}`, `BERTH_SHA256=${values.sha256}`];
  if (values.aof !== undefined) env.push(`BERTH_AOF_DIR=${values.aof.dir}`, `BERTH_AOF_FILE=${values.aof.file}`);
  return env;
}
