import { decodeFrames } from "../engine/stream-frames.js";
import type { SwarmBackupPort } from "./backup-datastore.js";
import { managerApi } from "./swarm-client.js";
import { swarmPort } from "./swarm-writer.js";

/** A backup job's output can be a whole dump: its read gets longer than the API's usual 30 s. */
const OUTPUT_TIMEOUT_MS = 600_000;

/** {@link SwarmBackupPort} over the Engine API of the manager `docker` would use. */
export function swarmJobPort(env: Readonly<Record<string, string | undefined>>): SwarmBackupPort {
  const port = swarmPort(env);
  const { docker, ask } = managerApi(env, OUTPUT_TIMEOUT_MS);
  return {
    createService: (spec) => port.createService(spec),
    removeService: (id) => port.removeService(id),
    tasks: (id) => port.tasks(id),
    services: (stack) => port.services(stack),
    nodes: () => port.nodes(),
    createFileObject: (spec) => port.createFileObject(spec),
    removeFileObject: (kind, id) => port.removeFileObject(kind, id),
    async serviceOutput(serviceId) {
      const raw = await ask<unknown>("reading a backup job's output (service logs)", () => docker.getService(serviceId).logs({ stdout: true, stderr: true, follow: false, timestamps: false } as never) as unknown as Promise<unknown>);
      const chunks = decodeFrames(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw)));
      const of = (stream: string) => chunks.filter((chunk) => chunk.stream === stream).map((chunk) => chunk.text).join("");
      return { stdout: of("stdout"), stderr: of("stderr") };
    },
  };
}
