import type { ServiceView } from "../context.js";
import { environmentOf } from "./service-facts.js";

/** What starts the container's process: compose command and entrypoint, the Dockerfile's CMD and ENTRYPOINT, and the environment values. */
export function startupText(view: ServiceView): string {
  const instructions = view.build?.stage?.instructions ?? [];
  const fromImage = instructions.filter((instruction) => instruction.keyword === "CMD" || instruction.keyword === "ENTRYPOINT").flatMap((instruction) => instruction.args);
  return [...(view.service.command ?? []), ...(view.service.entrypoint ?? []), ...fromImage, ...Object.values(environmentOf(view.service))].join(" ");
}
