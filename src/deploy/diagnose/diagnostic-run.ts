import type { ContainerDetails, Engine } from "../engine-port.js";

/**
 * Runs a silent container's command once more, in a way that tends to make it talk: with a
 * terminal (programs that buffer output when piped flush it), and with `sh -x` tracing when the
 * command is a shell script. The run is labelled one-off so `down` removes leftovers.
 */
export async function runDiagnostic(engine: Engine, details: ContainerDetails, timeoutMs = 5_000): Promise<{ exitCode: number; output: string }> {
  const labels = { ...details.Config.Labels, "com.docker.compose.oneoff": "True" };
  const command = traced(details.Config.Entrypoint, details.Config.Cmd);
  const id = await engine.createContainer({
    name: `${details.Name.replace(/^\//, "")}-diagnose-${Date.now()}`,
    Image: details.Config.Image,
    Labels: labels,
    Env: details.Config.Env,
    User: details.Config.User,
    WorkingDir: details.Config.WorkingDir,
    Tty: true,
    ...command,
    HostConfig: { NetworkMode: "none", Mounts: mountsOf(details) },
  });
  try {
    await engine.startContainer(id);
    const wait = await engine.waitContainer(id, "not-running", AbortSignal.timeout(timeoutMs)).catch(() => ({ exitCode: -1 }));
    const chunks = await engine.readLogs(id, { tail: 40 });
    return { exitCode: wait.exitCode, output: chunks.map((c) => c.text).join("") };
  } finally {
    await engine.removeContainer(id, { force: true }).catch(() => undefined);
  }
}

/** `sh -c "…"` becomes `sh -xc "…"`; anything else runs as it was. */
function traced(entrypoint: readonly string[] | null, cmd: readonly string[] | null): { Entrypoint?: string[]; Cmd?: string[] } {
  const argv = [...(entrypoint ?? []), ...(cmd ?? [])];
  const shell = argv[0] && /(^|\/)(ba|da)?sh$/.test(argv[0]);
  if (shell && argv[1] === "-c") return { Entrypoint: [argv[0] as string, "-xc"], Cmd: argv.slice(2) };
  const result: { Entrypoint?: string[]; Cmd?: string[] } = {};
  if (entrypoint) result.Entrypoint = [...entrypoint];
  if (cmd) result.Cmd = [...cmd];
  return result;
}

function mountsOf(details: ContainerDetails): Record<string, unknown>[] {
  return details.Mounts.filter((m) => m.Type === "volume" || m.Type === "bind").map((m) => ({
    Type: m.Type,
    Source: m.Type === "volume" ? (m.Name ?? m.Source) : m.Source,
    Target: m.Destination,
    ReadOnly: !m.RW,
  }));
}
