import { randomBytes } from "node:crypto";
import { Option, type Command } from "commander";
import { UsageError } from "../../common/errors.js";
import { dashboardActions } from "../../server/actions/dashboard-actions.js";
import { createApp } from "../../server/app.js";
import { serveProject } from "../../server/served-project.js";
import { allowedHostsFor, startServer } from "../../server/start-server.js";
import { swarmOverview } from "../../swarm/obs-client.js";
import type { CommandContext, CommandModule } from "../command-module.js";
import type { CliIO } from "../io.js";
import { addProjectOptions } from "../project-options.js";
import { berthVersion } from "../version.js";
import { openProjectSession } from "./project-session.js";

/** `berth serve`: dashboard, JSON API, live events and /metrics for the project, until Ctrl-C. */
export const serveCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = program
      .command("serve")
      .description("Serve a dashboard, a JSON API and Prometheus /metrics for the stack (until Ctrl-C)")
      .addOption(new Option("--port <port>", "port to listen on (0: any free port)").default("7010").argParser(portNumber))
      .option("--host <address>", "address to bind; anything but loopback exposes the API to that network", "127.0.0.1")
      .option("--allowed-host <name>", "another name clients may use for this server, repeatable (e.g. host.docker.internal for Prometheus in a container)", hostName, []);
    addProjectOptions(command).action(async (raw: Record<string, unknown>) => {
      context.setExitCode(await runServe(raw, context.io));
    });
  },
};

async function runServe(raw: Record<string, unknown>, io: CliIO): Promise<number> {
  const { project, engine } = await openProjectSession(raw, io);
  const served = serveProject(project, io.env, io.cwd);
  const token = io.env["BERTH_SERVE_TOKEN"] || randomBytes(24).toString("base64url");
  const host = String(raw["host"]);
  const port = raw["port"] as number;
  const stopped = new AbortController();
  io.signal.addEventListener("abort", () => stopped.abort(), { once: true });
  const actions = dashboardActions(engine, { env: io.env, cwd: io.cwd, berthVersion: berthVersion() });
  const build = (bound: number) => createApp({ engine, projects: [served], token, actions, allowedHosts: allowedHostsFor(host, bound, raw["allowedHost"] as string[]), signal: stopped.signal, swarm: swarmOverview(io.env) });
  // The Host check needs the bound port, known only after listening when --port 0.
  let app = build(port);
  const server = await startServer((request) => app.fetch(request), host, port).catch((error: unknown) => {
    throw new UsageError(`cannot listen on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`, { hint: "choose another --port, or stop what uses it" });
  });
  if (server.port !== port) app = build(server.port);
  io.stdout.write(`berth serve: project ${served.name} on ${server.url}\n`);
  io.stdout.write(`dashboard: ${server.url}/#token=${io.env["BERTH_SERVE_TOKEN"] ? "<BERTH_SERVE_TOKEN>" : token}\n`);
  io.stdout.write(`metrics: ${server.url}/metrics\n`);
  if (!isLoopback(host)) io.stderr.write(`WARN berth serve listens on ${host}: anyone who can reach that address can read the API (actions still need the token)\n`);
  await new Promise<void>((resolve) => (io.signal.aborted ? resolve() : io.signal.addEventListener("abort", () => resolve(), { once: true })));
  await server.close();
  return 0;
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}

/** A bare host name: with a port or a path it could never match the Host header as meant. */
function hostName(value: string, previous: string[]): string[] {
  if (!/^[A-Za-z0-9.-]+$/.test(value)) throw new UsageError(`--allowed-host takes a host name without port or scheme, got ${value}`, { hint: "for example --allowed-host host.docker.internal" });
  return [...previous, value.toLowerCase()];
}

function portNumber(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number (0-65535), got ${value}`);
  return port;
}
