import { randomBytes } from "node:crypto";
import { Option, type Command } from "commander";
import { OperationFailed, UsageError } from "../../common/errors.js";
import type { Project, Service } from "../../compose/model/project.js";
import { containerSpec, networkNamesOf } from "../../deploy/container-spec.js";
import { copyFilesInto } from "../../deploy/copy-files.js";
import { copiedFilesOf, grantProblem } from "../../plan/mounted-files.js";
import type { Engine } from "../../engine/engine.js";
import { containerLabels } from "../../engine/labels.js";
import { imageOf } from "../../plan/desired.js";
import type { CommandContext, CommandModule } from "../command-module.js";
import type { CliIO } from "../io.js";
import { addProjectOptions, collect } from "../project-options.js";
import { observeProject } from "../../deploy/observe.js";
import { openProjectSession } from "./project-session.js";
import { ensureRunResources } from "./run-resources.js";
import { oneOffService, unreadyDependencies, type OneOffOptions } from "./one-off.js";
import { selectContainers, serviceNamed } from "./service-selection.js";

/** Exit code of a run stopped by Ctrl-C, as shells report SIGINT. */
const interruptedExit = 130;

/**
 * `berth run SERVICE [COMMAND...]`: a one-off container of the service (its image, volumes,
 * networks and environment; no published ports, no restart policy, no network alias), its output
 * streamed, its exit code passed through. Without `--no-deps` its dependencies must be up.
 */
export const runCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = program
      .command("run")
      .description("Run a one-off command in a new container of a service; exits with its exit code")
      .argument("<service>", "the service")
      .argument("[command...]", "the command and its arguments (default: the service's command)")
      .passThroughOptions()
      .option("--rm", "remove the container when it ends")
      .option("--no-deps", "do not require the service's dependencies to be up")
      .addOption(new Option("-e, --env <KEY=VALUE>", "set an environment variable (repeatable)").argParser(collect))
      .option("--entrypoint <command>", "override the image's entrypoint")
      .option("-u, --user <user>", "run as this user")
      .option("-w, --workdir <dir>", "working directory inside the container")
      .option("--name <name>", "the container's name")
      .option("-d, --detach", "start it and print its name instead of waiting")
      .option("--service-ports", "publish the service's ports (left out by default, as in compose)")
      .option("-T, --no-TTY", "no pseudo-terminal (berth never allocates one)");
    addProjectOptions(command, { withShortFile: false }).action(async (service: string, argv: string[], raw: Record<string, unknown>) => {
      context.setExitCode(await runOneOff(service, argv, raw, context.io));
    });
  },
};

async function runOneOff(name: string, argv: readonly string[], raw: Record<string, unknown>, io: CliIO): Promise<number> {
  const options = oneOffOptions(argv, raw);
  const { project, engine } = await openProjectSession(raw, io);
  const service = serviceNamed(project, name);
  if (raw["deps"] !== false) await requireDependencies(engine, project, service);
  const image = imageOf(project, service);
  if (!(await engine.inspectImage(image))) {
    throw new OperationFailed("cli.run-image-missing", `${name}: image ${image} is not on the engine`, { hint: `berth up ${name} builds or pulls it (berth up --build rebuilds)` });
  }
  const containerName = typeof raw["name"] === "string" ? raw["name"] : `${project.name}-${name}-run-${randomBytes(6).toString("hex")}`;
  // Before any up, the service's networks and volumes do not exist yet: create them as up would.
  await ensureRunResources(engine, project, service, await observeProject(engine, project), io.signal);
  const id = await createOneOff(engine, project, oneOffService(service, options), { name: containerName, image, servicePorts: raw["servicePorts"] === true });
  await removedOnFailure(engine, id, () => engine.startContainer(id));
  if (raw["detach"] === true) {
    io.stdout.write(`${containerName}\n`);
    return 0;
  }
  return streamUntilExit(engine, id, io, raw["rm"] === true);
}

function oneOffOptions(argv: readonly string[], raw: Record<string, unknown>): OneOffOptions {
  const env = (raw["env"] as string[] | undefined) ?? [];
  const bad = env.find((pair) => !/^[^=]+=/.test(pair));
  if (bad !== undefined) throw new UsageError(`-e ${bad}: expected NAME=VALUE`);
  return {
    command: argv,
    env,
    ...(typeof raw["entrypoint"] === "string" ? { entrypoint: raw["entrypoint"] } : {}),
    ...(typeof raw["user"] === "string" ? { user: raw["user"] } : {}),
    ...(typeof raw["workdir"] === "string" ? { workdir: raw["workdir"] } : {}),
  };
}

async function requireDependencies(engine: Engine, project: Project, service: Service): Promise<void> {
  const rows = await selectContainers(engine, project, []);
  const missing = unreadyDependencies(service, rows);
  if (missing.length === 0) return;
  throw new OperationFailed("cli.run-dependencies-down", `${service.name} depends on ${missing.join(", ")}, which ${missing.length === 1 ? "is" : "are"} not up`, {
    hint: `berth up ${missing.join(" ")} starts ${missing.length === 1 ? "it" : "them"} first; --no-deps runs without ${missing.length === 1 ? "it" : "them"}`,
  });
}

interface CreateInputs {
  readonly name: string;
  readonly image: string;
  readonly servicePorts: boolean;
}

/** Creates the one-off container with compose's labels (oneoff True), so `down` removes it too. */
async function createOneOff(engine: Engine, project: Project, service: Service, inputs: CreateInputs): Promise<string> {
  const imageId = (await engine.inspectImage(inputs.image))?.Id;
  const labels = containerLabels(project, service, { number: 1, configHash: "", oneoff: true, ...(imageId ? { imageId } : {}) });
  const withPorts = inputs.servicePorts ? service : { ...service, ports: [] };
  const problem = grantProblem(project, service);
  if (problem !== undefined) throw new OperationFailed("cli.run-secrets", `${service.name}: ${problem}`);
  const body = containerSpec(project, withPorts, { name: inputs.name, image: inputs.image, labels });
  // No service alias: other containers must not send the service's traffic to a one-off.
  const endpoints = Object.fromEntries(Object.keys(body.NetworkingConfig.EndpointsConfig).map((network) => [network, { Aliases: [] }]));
  const id = await engine.createContainer({ ...body, NetworkingConfig: { EndpointsConfig: endpoints } });
  await removedOnFailure(engine, id, async () => {
    // Environment- and content-sourced secrets and configs, as up gives them to the service.
    await copyFilesInto(engine, id, copiedFilesOf(project, service));
    for (const network of networkNamesOf(project, service).slice(1)) await engine.connectNetwork(network, id);
  });
  return id;
}

/** A one-off that could not be set up or started is removed, never left behind. */
async function removedOnFailure(engine: Engine, id: string, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    await engine.removeContainer(id, { force: true, volumes: true }).catch(() => undefined);
    throw error;
  }
}

/** Streams the output until the container ends; its exit code, or 130 after Ctrl-C (the container is stopped). */
async function streamUntilExit(engine: Engine, id: string, io: CliIO, remove: boolean): Promise<number> {
  try {
    try {
      for await (const chunk of engine.followLogs(id, {}, io.signal)) (chunk.stream === "stderr" ? io.stderr : io.stdout).write(chunk.text);
    } catch (error) {
      if (!io.signal.aborted) throw error;
    }
    if (io.signal.aborted) {
      await engine.stopContainer(id, { timeoutSeconds: 10 });
      return interruptedExit;
    }
    return (await engine.waitContainer(id, "not-running")).exitCode;
  } finally {
    if (remove) await engine.removeContainer(id, { force: true, volumes: true });
  }
}
