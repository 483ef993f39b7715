import { isDeployment, type Release } from "./release.js";

/** `sha256:0123456789ab…` → `0123456789ab`, as docker shows image ids. */
export function shortImageId(id: string | undefined): string {
  return id === undefined ? "-" : id.replace(/^sha256:/, "").slice(0, 12);
}

/** `berth history` as text: one block per release, newest first. */
export function renderHistory(releases: readonly Release[]): string {
  if (releases.length === 0) return "no deployments recorded yet (berth up records one per run that changes something)\n";
  return [...releases].reverse().map(renderRelease).join("");
}

function renderRelease(release: Release): string {
  const what = release.command === "rollback" ? `rollback to #${release.rollbackOf ?? "?"}` : release.command;
  const head = `#${release.id}  ${release.at}  ${release.outcome.padEnd(11)} ${what}\n`;
  if (!isDeployment(release)) return head + [`    ${release.note ?? release.command}\n`, ...release.diagnoses.map((d) => `    ! ${d}\n`)].join("");
  const changes = release.changes.map((c) => `    ${c.service}: ${shortImageId(c.fromImageId)} -> ${shortImageId(c.toImageId)} (${c.cause})\n`);
  const diagnoses = release.diagnoses.map((d) => `    ! ${d}\n`);
  const none = changes.length === 0 ? ["    no service changed\n"] : [];
  return head + [...changes, ...none, ...diagnoses].join("");
}
