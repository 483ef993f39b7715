import { findLine, type Classifier } from "./diagnosis.js";

/** A database refused the app's credentials; group 1 is the user when the message names it. */
const refusals: readonly RegExp[] = [
  /password authentication failed for user "([^"]+)"/,
  /Access denied for user '([^']+)'@/,
  /(?:WRONGPASS|NOAUTH|invalid username-password pair|invalid password)/i,
  /Authentication failed(?: for user '?([\w.-]+)'?)?/,
  /role "([^"]+)" does not exist/,
];

export interface AuthFailure {
  readonly line: string;
  readonly user: string | undefined;
}

/** The line of a log where a database refused a login, and the user it names. */
export function authFailure(log: string | undefined): AuthFailure | undefined {
  for (const pattern of refusals) {
    const line = findLine(log, pattern);
    if (line) return { line, user: pattern.exec(line)?.[1] };
  }
  return undefined;
}

/** The app's own database credentials are refused (see stale-credentials for the commonest cause). */
export const dbAuthFailed: Classifier = (evidence) => {
  const failure = authFailure(evidence.logTail);
  if (!failure) return undefined;
  return {
    code: "db-auth-failed",
    message: `${evidence.service} was refused by its database${failure.user ? ` (user ${failure.user})` : ""}: authentication failed`,
    evidence: { line: failure.line, user: failure.user ?? null },
    hint: `the user and password ${evidence.service} is given must match the ones the database holds: compare its environment with the database service's (POSTGRES_USER/POSTGRES_PASSWORD, MYSQL_USER/MYSQL_PASSWORD)`,
  };
};
