import type { Command } from "commander";
import { composeLabel, projectFilter } from "../../engine/labels.js";
import type { EngineEvent } from "../../engine/engine.js";
import type { CommandContext, CommandModule } from "../command-module.js";
import type { CliIO } from "../io.js";
import { addProjectOptions } from "../project-options.js";
import { openProjectSession } from "./project-session.js";
import { assertKnownServices } from "./service-selection.js";

/** `berth events [SERVICE...]`: the engine's container events of the stack as they happen, until Ctrl-C. */
export const eventsCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = program
      .command("events")
      .description("Print the stack's container events as they happen (until Ctrl-C)")
      .argument("[services...]", "only these services")
      .option("--json", "one JSON object per line");
    addProjectOptions(command).action(async (services: string[], raw: Record<string, unknown>) => {
      await runEvents(services, raw, context.io);
    });
  },
};

async function runEvents(services: readonly string[], raw: Record<string, unknown>, io: CliIO): Promise<void> {
  const { project, engine } = await openProjectSession(raw, io, { nameSuffices: true });
  if (Object.keys(project.services).length > 0) assertKnownServices(project, services, []);
  const json = raw["json"] === true;
  try {
    for await (const event of engine.events({ types: ["container"], labels: projectFilter(project.name) }, io.signal)) {
      const service = event.attributes[composeLabel.service] ?? "";
      if (services.length > 0 && !services.includes(service)) continue;
      io.stdout.write(json ? `${JSON.stringify(eventJson(event))}\n` : formatEvent(event));
    }
  } catch (error) {
    if (!io.signal.aborted) throw error;
  }
}

/** The fields `docker compose events --json` prints. */
export function eventJson(event: EngineEvent): Record<string, unknown> {
  return {
    time: new Date(event.time).toISOString(),
    type: event.type,
    action: event.action,
    id: event.id,
    service: event.attributes[composeLabel.service] ?? "",
    attributes: { name: event.attributes["name"] ?? "", image: event.attributes["image"] ?? "", ...(event.attributes["exitCode"] ? { exitCode: event.attributes["exitCode"] } : {}) },
  };
}

/** `2026-12-07T17:20:01.000Z container die 3f2a… (name=shop-web-1, image=nginx:1.22, exitCode=0)`, as compose prints it. */
export function formatEvent(event: EngineEvent): string {
  const { attributes } = eventJson(event) as { attributes: Record<string, string> };
  const details = Object.entries(attributes)
    .filter(([, value]) => value !== "")
    .map(([key, value]) => `${key}=${value}`)
    .join(", ");
  return `${new Date(event.time).toISOString()} ${event.type} ${event.action} ${event.id}${details ? ` (${details})` : ""}\n`;
}
