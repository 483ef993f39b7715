import { composeLabel, projectFilter } from "../engine/labels.js";
import type { Engine } from "./engine-port.js";

/** One row of `berth ps`. */
export interface ContainerRow {
  readonly name: string;
  readonly id: string;
  readonly service: string;
  readonly number: number;
  readonly state: string;
  readonly status: string;
  readonly health: string | null;
  readonly exitCode: number | null;
  readonly image: string;
  /** The short id of the image the container runs: which build is running, whatever its tag now names. */
  readonly imageId: string;
  readonly ports: readonly string[];
}

/** The project's service containers (one-off runs left out), sorted by service and number. */
export async function listProjectContainers(engine: Engine, project: string, services: readonly string[] = []): Promise<ContainerRow[]> {
  const summaries = await engine.listContainers({ labels: projectFilter(project) });
  return summaries
    .filter((c) => (c.labels[composeLabel.oneoff] ?? "False").toLowerCase() !== "true")
    .map((c) => ({
      name: c.name,
      id: c.id.slice(0, 12),
      service: c.labels[composeLabel.service] ?? "",
      number: Number(c.labels[composeLabel.number] ?? "1"),
      state: c.state,
      status: c.status,
      health: /\((healthy|unhealthy|health: starting)\)/.exec(c.status)?.[1]?.replace("health: ", "") ?? null,
      exitCode: c.state === "exited" ? Number(/Exited \((\d+)\)/.exec(c.status)?.[1] ?? "0") : null,
      image: c.image,
      imageId: c.imageId.replace(/^sha256:/, "").slice(0, 12),
      ports: c.ports.filter((p) => p.publicPort).map((p) => `${p.ip ?? ""}:${p.publicPort}->${p.privatePort}/${p.type}`),
    }))
    .filter((row) => services.length === 0 || services.includes(row.service))
    .sort((a, b) => a.service.localeCompare(b.service) || a.number - b.number);
}
