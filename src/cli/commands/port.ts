import { Option, type Command } from "commander";
import { ConfigError, UsageError } from "../../common/errors.js";
import { edgeForLabel } from "../../edge/edge-services.js";
import { projectFilter } from "../../engine/labels.js";
import type { CommandContext, CommandModule } from "../command-module.js";
import type { CliIO } from "../io.js";
import { addProjectOptions } from "../project-options.js";
import { openProjectSession } from "./project-session.js";
import { selectContainers } from "./service-selection.js";

/** `berth port SERVICE PORT`: the host address a container port is published on, as `docker compose port`. */
export const portCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = program
      .command("port")
      .description("Print the host address a service's container port is published on")
      .argument("<service>", "the service")
      .argument("<port>", "the container port")
      .addOption(new Option("--protocol <protocol>", "tcp or udp").choices(["tcp", "udp"]).default("tcp"))
      .addOption(new Option("--index <n>", "which replica (1 = the first)").default("1"));
    addProjectOptions(command).action(async (service: string, port: string, raw: Record<string, unknown>) => {
      await runPort(service, port, raw, context.io);
    });
  },
};

async function runPort(service: string, port: string, raw: Record<string, unknown>, io: CliIO): Promise<void> {
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) throw new UsageError(`port must be a container port number, got ${port}`);
  const index = Number(raw["index"] ?? 1);
  const { project, engine } = await openProjectSession(raw, io, { nameSuffices: true });
  const row = (await selectContainers(engine, project, [service])).find((candidate) => candidate.number === index);
  const key = `${port}/${String(raw["protocol"] ?? "tcp")}`;
  // A service behind a port holder (docs/rollout.md) publishes through the holder's container.
  const holders = await engine.listContainers({ labels: { ...projectFilter(project.name), [edgeForLabel]: service }, includeStopped: false });
  const candidates = [...(row ? [row.id] : []), ...holders.map((holder) => holder.id)];
  const bindings = await Promise.all(candidates.map(async (id) => (await engine.inspectContainer(id))?.NetworkSettings.Ports?.[key] ?? []));
  const first = bindings.flat()[0];
  if (!first) {
    throw new ConfigError("cli.port-not-published", `${service} does not publish ${key}${row ? "" : " (it has no container)"}`, {
      hint: `publish it under services.${service}.ports, e.g. "127.0.0.1:8080:${port}", and run berth up`,
    });
  }
  io.stdout.write(`${first.HostIp || "0.0.0.0"}:${first.HostPort}\n`);
}
