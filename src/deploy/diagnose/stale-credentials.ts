import { datastoreOf } from "../../check/knowledge/service-kinds.js";
import { authFailure } from "./db-auth-failed.js";
import type { Classifier, Peer } from "./diagnosis.js";

/** The entrypoint found a data directory and skipped initialisation (Postgres says so; MySQL/MariaDB do it silently). */
const skipped = /Skipping initialization|appears to contain a database/i;

/** A volume older than its container by this much was initialised by an earlier container. */
const olderByMs = 5_000;

/** A datastore whose image applies its password variables only to an empty data directory. */
function initialisesOnce(peer: Peer): boolean {
  const kind = datastoreOf(peer.image)?.kind;
  return kind === "postgres" || kind === "mysql" || kind === "mongo";
}

/** The data volume of a datastore that was initialised before this container existed. */
export function staleVolume(peer: Peer): { name: string; createdAt: string; why: string } | undefined {
  const created = Date.parse(peer.createdAt ?? "");
  const skippedLine = peer.logTail?.split("\n").find((line) => skipped.test(line))?.trim();
  for (const volume of peer.volumes ?? []) {
    const volumeCreated = Date.parse(volume.createdAt ?? "");
    const older = !Number.isNaN(created) && !Number.isNaN(volumeCreated) && created - volumeCreated > olderByMs;
    if (older || skippedLine) {
      const why = skippedLine ? `${peer.service} logged: ${skippedLine}` : `the volume was created before the ${peer.service} container (${peer.createdAt})`;
      return { name: volume.name, createdAt: volume.createdAt ?? "unknown", why };
    }
  }
  return undefined;
}

/**
 * The database refuses the password the project gives it because its data volume was initialised
 * earlier with another one: the password variables apply only to an empty data directory.
 */
export const staleCredentials: Classifier = (evidence) => {
  const failure = authFailure(evidence.logTail);
  if (!failure) return undefined;
  const stale = (evidence.peers ?? []).filter(initialisesOnce).map((peer) => ({ peer, volume: staleVolume(peer) })).find((s) => s.volume !== undefined);
  if (!stale?.volume) return undefined;
  const { peer, volume } = stale;
  const user = failure.user ?? "the app's user";
  return {
    code: "stale-credentials",
    message: `${peer.service} refuses ${evidence.service}'s password for ${user}: its data volume ${volume.name} was initialised before (created ${volume.createdAt}), so the password the project sets now was never applied`,
    evidence: { line: failure.line, volume: volume.name, volumeCreatedAt: volume.createdAt, why: volume.why },
    hint: `the database keeps the password it was initialised with; either give ${evidence.service} the old password, or change it inside the database (docker exec into ${peer.service}: ALTER USER ${failure.user ?? "<user>"} WITH PASSWORD '<new>'; for MySQL: ALTER USER), or start from an empty volume (berth backup first, then berth down -v: this deletes ${volume.name}'s data)`,
  };
};
