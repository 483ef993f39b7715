import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Where berth keeps per-project state (the `up` lock, later journals): `$BERTH_STATE_DIR`, else
 * `$XDG_STATE_HOME/berth`, else `~/.local/state/berth`, then one folder per project name. Outside
 * the project tree on purpose: builds never send it, and it survives a fresh checkout.
 */
export function projectStateDir(project: string, env: Readonly<Record<string, string | undefined>>): string {
  const root = env["BERTH_STATE_DIR"] ?? join(env["XDG_STATE_HOME"] ?? join(env["HOME"] ?? homedir(), ".local", "state"), "berth");
  return join(root, project);
}
