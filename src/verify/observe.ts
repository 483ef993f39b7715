import { spawn } from "node:child_process";
import { observerScript } from "./observer-script.js";

/** One network observation to make; the observer script reads a list of these. */
export type ObserveRequest =
  | { readonly id: string; readonly kind: "http"; readonly url: string; readonly method: string; readonly headers: Readonly<Record<string, string>>; readonly body?: string; readonly timeoutMs: number }
  | { readonly id: string; readonly kind: "websocket"; readonly url: string; readonly socketio: boolean; readonly send?: string; readonly timeoutMs: number }
  | { readonly id: string; readonly kind: "tcp"; readonly host: string; readonly port: number; readonly timeoutMs: number };

/** What the observer saw; which fields are set depends on the kind and on how far it got. */
export interface Observation {
  readonly id: string;
  readonly elapsedMs: number;
  readonly error?: string;
  readonly status?: number;
  readonly statusText?: string;
  readonly headers?: Readonly<Record<string, string | string[]>>;
  readonly body?: string;
  readonly firstByteMs?: number;
  readonly upgraded?: boolean;
  readonly acceptValid?: boolean;
  readonly upgradeMs?: number;
  readonly received?: readonly string[];
  readonly sent?: string;
  readonly roundTripMs?: number;
  readonly closedCode?: number;
  readonly connected?: boolean;
  readonly remote?: string;
}

/** Runs observations somewhere and returns them in request order. */
export type Observer = (requests: readonly ObserveRequest[]) => Promise<Observation[]>;

/** Observes from this machine: a child `node` process running the observer script. */
export const observeFromHost: Observer = async (requests) => {
  if (requests.length === 0) return [];
  const stdout = await runNode([...requests], Math.max(...requests.map((r) => r.timeoutMs)) + 5000);
  return parseObservations(stdout, requests);
};

function runNode(requests: ObserveRequest[], killAfterMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", observerScript, JSON.stringify(requests)], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", () => {
      clearTimeout(timer);
      if (out.trim() === "") reject(new Error(`the probe observer printed nothing: ${err.slice(0, 500)}`));
      else resolve(out);
    });
  });
}

/** The observer's one JSON line, matched back to the requests (a missing one becomes an error). */
export function parseObservations(stdout: string, requests: readonly ObserveRequest[]): Observation[] {
  const line = stdout.trim().split("\n").at(-1) ?? "[]";
  const list = JSON.parse(line) as Observation[];
  return requests.map((request) => list.find((o) => o.id === request.id) ?? { id: request.id, elapsedMs: 0, error: "the observer returned nothing for this probe" });
}
