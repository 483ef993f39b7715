import type { ContainerDetails, Engine } from "../engine-port.js";

type ContainerCreateRequest = Parameters<Engine["createContainer"]>[0];

/** What the diagnostic rerun printed (its output is the evidence of `no-output`). */
export interface DiagnosticRun {
  readonly exitCode: number;
  readonly output: string;
}

/**
 * Runs a silent container's command once more, in a way that tends to make it talk: with a
 * terminal (programs that buffer output when piped flush it), with shell tracing when the
 * command is a shell script (`sh -c` or an entrypoint script), and showing the last lines of
 * files the run wrote on the container's volumes (an entrypoint that sends everything to a log
 * file). An image without /bin/sh gets the plain rerun with a terminal. The run is labelled
 * one-off so `down` removes leftovers.
 */
export async function runDiagnostic(engine: Engine, details: ContainerDetails, timeoutMs = 5_000): Promise<DiagnosticRun> {
  const argv = traced([...(details.Config.Entrypoint ?? []), ...(details.Config.Cmd ?? [])]);
  try {
    return await runOnce(engine, details, { Entrypoint: ["/bin/sh", "-c", diagnoseScript, "berth-diagnose"], Cmd: argv, watch: writableTargets(details) }, timeoutMs);
  } catch {
    return runOnce(engine, details, { Entrypoint: argv.slice(0, 1), Cmd: argv.slice(1), watch: [] }, timeoutMs);
  }
}

/**
 * The wrapper: a `#!…sh` program runs under its interpreter with -x; then every file written on
 * the watched mounts during the run shows its tail; the exit status is the program's.
 */
const diagnoseScript = `marker=/tmp/.berth-diagnose-$$
touch "$marker" 2>/dev/null || marker=
program=$(command -v "$1" 2>/dev/null || printf %s "$1")
shebang=$(head -n 1 "$program" 2>/dev/null)
case "$shebang" in
  "#!"*sh*) shift; \${shebang#??} -x "$program" "$@" ;;
  *) "$@" ;;
esac
status=$?
if [ -n "$marker" ]; then
  IFS=:
  for dir in $BERTH_DIAGNOSE_WATCH; do
    find "$dir" -type f -newer "$marker" 2>/dev/null | head -n 5 | while read -r file; do
      printf '\\n--- %s (written by this run, last lines) ---\\n' "$file"
      tail -n 20 "$file"
    done
  done
  rm -f "$marker"
fi
exit $status`;

interface RunShape {
  readonly Entrypoint: string[];
  readonly Cmd: string[];
  readonly watch: readonly string[];
}

async function runOnce(engine: Engine, details: ContainerDetails, shape: RunShape, timeoutMs: number): Promise<DiagnosticRun> {
  const id = await engine.createContainer(requestOf(details, shape));
  try {
    await engine.startContainer(id);
    const wait = await engine.waitContainer(id, "not-running", AbortSignal.timeout(timeoutMs)).catch(() => ({ exitCode: -1 }));
    const chunks = await engine.readLogs(id, { tail: 60 });
    return { exitCode: wait.exitCode, output: chunks.map((c) => c.text).join("") };
  } finally {
    await engine.removeContainer(id, { force: true }).catch(() => undefined);
  }
}

function requestOf(details: ContainerDetails, shape: RunShape): ContainerCreateRequest {
  const watch = shape.watch.length > 0 ? [`BERTH_DIAGNOSE_WATCH=${shape.watch.join(":")}`] : [];
  return {
    name: `${details.Name.replace(/^\//, "")}-diagnose-${Date.now()}`,
    Image: details.Config.Image,
    Labels: { ...details.Config.Labels, "com.docker.compose.oneoff": "True" },
    Env: [...details.Config.Env, ...watch],
    User: details.Config.User,
    WorkingDir: details.Config.WorkingDir,
    Tty: true,
    Entrypoint: shape.Entrypoint,
    Cmd: shape.Cmd,
    HostConfig: { NetworkMode: "none", Mounts: mountsOf(details) },
  };
}

/** `sh -c "…"` becomes `sh -xc "…"`; anything else runs as it was. */
function traced(argv: readonly string[]): string[] {
  const shell = argv[0] && /(^|\/)(ba|da)?sh$/.test(argv[0]);
  return shell && argv[1] === "-c" ? [argv[0] as string, "-xc", ...argv.slice(2)] : [...argv];
}

function writableTargets(details: ContainerDetails): string[] {
  return details.Mounts.filter((m) => (m.Type === "volume" || m.Type === "bind") && m.RW && !m.Destination.includes(":")).map((m) => m.Destination);
}

function mountsOf(details: ContainerDetails): Record<string, unknown>[] {
  return details.Mounts.filter((m) => m.Type === "volume" || m.Type === "bind").map((m) => ({
    Type: m.Type,
    Source: m.Type === "volume" ? (m.Name ?? m.Source) : m.Source,
    Target: m.Destination,
    ReadOnly: !m.RW,
  }));
}
