import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

// A three-node test Swarm for e2e files (scripts/harness/swarm-cluster.sh: Docker-in-Docker nodes
// on this engine). One cluster per file: start it in beforeAll, stop it in afterAll, failed or not.
const run = promisify(execFile);
const SCRIPT = join(import.meta.dirname, "..", "..", "scripts", "harness", "swarm-cluster.sh");

export interface SwarmClusterOptions {
  /** Prefix of every container, volume and network of the cluster; must start with berth-swarm. */
  name: string;
  /** Container ports each node publishes on an ephemeral 127.0.0.1 port (host-mode service ports). */
  ports?: string[];
  /** The dispatcher heartbeat (e.g. "1s"), for tests that stop nodes; Swarm's default when unset. */
  heartbeat?: string;
  /** Images of this engine loaded into every node at start. */
  images?: string[];
}

export interface SwarmCluster {
  /** KEY=VALUE status of the harness (BERTH_SWARM_MANAGER, BERTH_SWARM_NODE_N, BERTH_SWARM_PORT_N_P, ...). */
  status: Record<string, string>;
  /** The environment that points berth and the docker CLI at the manager. */
  env: { DOCKER_HOST: string };
  /** Hostname of node n (1-based). */
  node(n: number): string;
  /** The 127.0.0.1 port that reaches container port `port` on node n. */
  hostPort(n: number, port: string): string;
  /** Loads more images of this engine into every node. */
  load(...images: string[]): Promise<void>;
  /** Removes every node, volume and network of the cluster. */
  stop(): Promise<void>;
}

export function parseClusterStatus(text: string): Record<string, string> {
  return Object.fromEntries(
    text.split("\n").flatMap((line) => {
      const match = /^(BERTH_SWARM_[A-Z0-9_]+)=(.*)$/.exec(line);
      return match ? [[match[1] as string, match[2] as string]] : [];
    }),
  );
}

function clusterEnv(options: SwarmClusterOptions): NodeJS.ProcessEnv {
  return {
    ...process.env,
    BERTH_SWARM_NAME: options.name,
    BERTH_SWARM_NODES: "3",
    ...(options.heartbeat ? { BERTH_SWARM_HEARTBEAT: options.heartbeat } : {}),
    ...(options.ports?.length ? { BERTH_SWARM_PORTS: options.ports.join(",") } : {}),
  };
}

async function harness(options: SwarmClusterOptions, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run("bash", [SCRIPT, ...args], { env: clusterEnv(options), timeout: 240_000, maxBuffer: 4 * 1024 * 1024 });
}

/** Starts the cluster and loads the images; prints the harness's phase times and the whole start time. */
export async function startSwarmCluster(options: SwarmClusterOptions): Promise<SwarmCluster> {
  const started = Date.now();
  const up = await harness(options, "up", ...(options.images ?? []));
  const status = parseClusterStatus(up.stdout);
  process.stdout.write(`${up.stderr}[swarm e2e] cluster ${options.name} and image delivery: ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  return {
    status,
    env: { DOCKER_HOST: status["BERTH_SWARM_MANAGER"] ?? "" },
    node: (n) => status[`BERTH_SWARM_NODE_${n}`] ?? "",
    hostPort: (n, port) => status[`BERTH_SWARM_PORT_${n}_${port}`] ?? "",
    load: async (...images) => {
      await harness(options, "load", ...images);
    },
    stop: async () => {
      await harness(options, "down").catch((error: unknown) => process.stderr.write(`swarm-cluster.sh down failed: ${String(error)}\n`));
    },
  };
}
