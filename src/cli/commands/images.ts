import type { Command } from "commander";
import type { ContainerRow } from "../../deploy/list-containers.js";
import type { Engine } from "../../engine/engine.js";
import type { CommandContext, CommandModule } from "../command-module.js";
import type { CliIO } from "../io.js";
import { addProjectOptions } from "../project-options.js";
import { openProjectSession } from "./project-session.js";
import { selectContainers } from "./service-selection.js";
import { renderColumns } from "./table.js";

export interface ImageRow {
  readonly container: string;
  readonly service: string;
  readonly repository: string;
  readonly tag: string;
  readonly imageId: string;
  readonly size: number;
  /** Whether the reference the container was created with now names another image (a newer build). */
  readonly retagged: boolean;
}

/** `berth images`: the image each container runs, as `docker compose images`. */
export const imagesCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = program
      .command("images")
      .description("List the images the stack's containers run")
      .argument("[services...]", "only these services")
      .option("--json", "print JSON")
      .option("-q, --quiet", "print image ids only");
    addProjectOptions(command).action(async (services: string[], raw: Record<string, unknown>) => {
      await runImages(services, raw, context.io);
    });
  },
};

async function runImages(services: readonly string[], raw: Record<string, unknown>, io: CliIO): Promise<void> {
  const { project, engine } = await openProjectSession(raw, io, { nameSuffices: true });
  const rows = await Promise.all((await selectContainers(engine, project, services)).map((row) => imageRow(engine, row)));
  if (raw["json"] === true) io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else if (raw["quiet"] === true) io.stdout.write([...new Set(rows.map((row) => row.imageId))].map((id) => `${id}\n`).join(""));
  else io.stdout.write(renderImages(rows));
}

async function imageRow(engine: Engine, row: ContainerRow): Promise<ImageRow> {
  const [repository, tag] = splitReference(row.image);
  const [image, current] = await Promise.all([engine.inspectImage(row.imageId), engine.inspectImage(row.image)]);
  const currentId = current?.Id.replace(/^sha256:/, "").slice(0, 12);
  return {
    container: row.name,
    service: row.service,
    repository,
    tag,
    imageId: row.imageId,
    size: image?.Size ?? 0,
    retagged: currentId !== undefined && currentId !== row.imageId,
  };
}

/** `registry:5000/app:1.2` → [`registry:5000/app`, `1.2`]; no tag is `latest`; a digest stays whole. */
export function splitReference(reference: string): [string, string] {
  if (reference.includes("@")) return [reference, ""];
  const slash = reference.lastIndexOf("/");
  const colon = reference.lastIndexOf(":");
  return colon > slash ? [reference.slice(0, colon), reference.slice(colon + 1)] : [reference, "latest"];
}

export function renderImages(rows: readonly ImageRow[]): string {
  const header = ["CONTAINER", "REPOSITORY", "TAG", "IMAGE ID", "SIZE"];
  const cells = rows.map((row) => [row.container, row.repository, row.tag + (row.retagged ? " (tag now names a newer image)" : ""), row.imageId, formatSize(row.size)]);
  return renderColumns(header, cells);
}

/** Sizes as docker prints them: decimal units, three significant digits. */
export function formatSize(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toPrecision(3)}${units[unit]}`;
}
