import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDockerEngine } from "../src/engine/connect-docker-engine.js";
import type { DockerEngine } from "../src/engine/docker-engine.js";
import type { BuildProgress, EngineEvent } from "../src/engine/engine.js";

// The engine adapter against the real engine: names start with berthe2e-engine, ports are in
// 18000-18099 on 127.0.0.1, everything carries TEST_LABEL so cleanup finds it.
const PREFIX = "berthe2e-engine";
const TEST_LABEL = { "io.berth.test": "engine-e2e" };
const IMAGE = `${PREFIX}-img:latest`;
const NETWORK = `${PREFIX}-net`;
const NETWORK_2 = `${PREFIX}-net2`;
const CONTAINER = `${PREFIX}-box`;

let engine: DockerEngine;
let contextDir: string;

async function cleanUp(): Promise<void> {
  for (const container of await engine.listContainers({ labels: TEST_LABEL }))
    await engine.removeContainer(container.id, { force: true, volumes: true });
  for (const network of await engine.listNetworks(TEST_LABEL)) await engine.removeNetwork(network.id);
  for (const image of await engine.listImages({ reference: `${PREFIX}-*` }))
    await engine.removeImage(image.id, true);
}

function writeContext(): string {
  const dir = mkdtempSync(join(tmpdir(), `${PREFIX}-ctx-`));
  writeFileSync(
    join(dir, "Dockerfile"),
    [
      "FROM debian:bookworm-slim AS base",
      "ARG GREETING=hello",
      "COPY . /app/",
      'RUN echo "$GREETING" > /app/greeting.txt',
      "FROM base AS runtime",
      'CMD ["sh", "-c", "cat /app/greeting.txt"]',
      "FROM base AS broken",
      "RUN echo about to fail && echo failing on purpose >&2 && exit 3",
      "",
    ].join("\n"),
  );
  writeFileSync(join(dir, ".dockerignore"), "secret.env\nlogs/\n");
  writeFileSync(join(dir, "secret.env"), "TOKEN=do-not-ship\n");
  mkdirSync(join(dir, "logs"));
  writeFileSync(join(dir, "logs", "old.log"), "old\n");
  writeFileSync(join(dir, "app.txt"), "shipped\n");
  return dir;
}

/** Collects engine events in the background until stopped. */
function recordEvents(filter: Parameters<DockerEngine["events"]>[0]): {
  events: EngineEvent[];
  stop: () => Promise<void>;
} {
  const controller = new AbortController();
  const events: EngineEvent[] = [];
  const reading = (async () => {
    for await (const event of engine.events(filter, controller.signal)) events.push(event);
  })();
  return { events, stop: async () => (controller.abort(), await reading) };
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

beforeAll(async () => {
  engine = await connectDockerEngine();
  await cleanUp();
  contextDir = writeContext();
});

afterAll(async () => {
  if (process.env["BERTH_E2E_KEEP"] !== "1") await cleanUp();
  rmSync(contextDir, { recursive: true, force: true });
});

describe("engine adapter on the real engine", () => {
  it("negotiates Engine API 1.41 or newer", async () => {
    await engine.ping();
    const version = await engine.version();
    expect(Number(version.apiVersion.split(".")[1])).toBeGreaterThanOrEqual(41);
  });

  // The classic builder, berth's fallback (DOCKER_BUILDKIT=0); BuildKit is e2e/day2-buildkit.e2e.ts.
  it("builds a target of a multi-stage Dockerfile with an arg, from a context filtered by .dockerignore", async () => {
    const progress: BuildProgress[] = [];
    const result = await engine.buildImage(
      {
        context: contextDir,
        tags: [IMAGE],
        builder: "classic",
        target: "runtime",
        args: { GREETING: "hi from berth" },
        labels: TEST_LABEL,
      },
      (line) => progress.push(line),
    );
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(progress.some((line) => line.step?.instruction === "FROM base AS runtime")).toBe(true);
    const image = await engine.inspectImage(IMAGE);
    expect(image?.Id).toBe(result.imageId);
    expect(image?.Config.Labels).toMatchObject(TEST_LABEL);
  });

  it("returns a failed build as data: the failing step and what it printed", async () => {
    const result = await engine.buildImage({
      context: contextDir,
      tags: [`${PREFIX}-broken:latest`],
      target: "broken",
      builder: "classic",
    });
    expect(result.ok).toBe(false);
    expect(result.failedStep?.instruction).toBe(
      "RUN echo about to fail && echo failing on purpose >&2 && exit 3",
    );
    // stdout and stderr of a RUN reach the builder's stream in either order
    expect([...(result.failedStepOutput ?? [])].sort()).toEqual(["about to fail", "failing on purpose"]);
    expect(result.error).toMatch(/non-zero code: 3/);
  });

  it("returns a build the builder refuses as data too, with the builder's words", async () => {
    const noTarget = await engine.buildImage({
      context: contextDir,
      tags: [`${PREFIX}-x:latest`],
      target: "nosuch",
      builder: "classic",
    });
    expect(noTarget).toMatchObject({ ok: false, error: "failed to reach build target nosuch in Dockerfile" });
    const noDockerfile = await engine.buildImage({
      context: contextDir,
      tags: [`${PREFIX}-x:latest`],
      dockerfile: "Nope",
    });
    expect(noDockerfile).toMatchObject({ ok: false, error: expect.stringMatching(/Nope does not exist/) });
  });

  it("runs a labelled container on a network: start, exec, logs, events, stats, stop, remove", async () => {
    const recorder = recordEvents({ types: ["container"], labels: TEST_LABEL });
    await engine.createNetwork({ name: NETWORK, labels: TEST_LABEL });
    await engine.createNetwork({ name: NETWORK_2, labels: TEST_LABEL });
    const id = await engine.createContainer({
      name: CONTAINER,
      Image: IMAGE,
      Labels: TEST_LABEL,
      Cmd: ["sh", "-c", 'trap "exit 0" TERM; echo ready; echo warming >&2; while true; do sleep 0.1; done'],
      ExposedPorts: { "8080/tcp": {} },
      HostConfig: { PortBindings: { "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: "18000" }] } },
      NetworkingConfig: { EndpointsConfig: { [NETWORK]: { Aliases: ["box"] } } },
    });
    await engine.startContainer(id);
    await engine.startContainer(id); // already running: 304 is success

    const listed = await engine.listContainers({ labels: TEST_LABEL });
    expect(listed.map((container) => container.name)).toEqual([CONTAINER]);
    expect(listed[0]?.ports).toContainEqual({
      ip: "127.0.0.1",
      privatePort: 8080,
      publicPort: 18000,
      type: "tcp",
    });

    const ignored = await engine.exec(id, {
      command: ["sh", "-c", "ls /app; cat /app/greeting.txt; echo to-stderr >&2; exit 7"],
      timeoutMs: 10_000,
    });
    expect(ignored).toMatchObject({
      exitCode: 7,
      stdout: "Dockerfile\napp.txt\ngreeting.txt\nhi from berth\n",
      stderr: "to-stderr\n",
      timedOut: false,
    });

    const slow = await engine.exec(id, { command: ["sleep", "5"], timeoutMs: 300 });
    expect(slow).toMatchObject({ timedOut: true, exitCode: -1 });

    await until(() => false, 300); // let the shell print its first lines
    const logs = await engine.readLogs(id);
    expect(logs).toContainEqual({ stream: "stdout", text: "ready\n" });
    expect(logs).toContainEqual({ stream: "stderr", text: "warming\n" });

    await engine.connectNetwork(NETWORK_2, id, ["box-two"]);
    const details = await engine.inspectContainer(CONTAINER);
    expect(details?.Name).toBe(CONTAINER);
    expect(details?.State.Running).toBe(true);
    expect(details?.NetworkSettings.Networks[NETWORK_2]?.Aliases).toContain("box-two");
    await engine.disconnectNetwork(NETWORK_2, id);

    const stats = await engine.stats(id);
    expect(stats.memoryBytes).toBeGreaterThan(0);
    expect(stats.pids).toBeGreaterThan(0);

    await engine.renameContainer(id, `${CONTAINER}-renamed`);
    expect((await engine.inspectContainer(id))?.Name).toBe(`${CONTAINER}-renamed`);

    await engine.stopContainer(id, { timeoutSeconds: 5 });
    await engine.stopContainer(id); // already stopped: 304 is success
    expect(await engine.waitContainer(id)).toEqual({ exitCode: 0 });
    await until(() => recorder.events.some((event) => event.action === "die" && event.id === id), 5_000);
    await recorder.stop();
    const actions = recorder.events.filter((event) => event.id === id).map((event) => event.action);
    expect(actions).toEqual(expect.arrayContaining(["create", "start", "die", "stop"]));
    expect(actions.indexOf("start")).toBeLessThan(actions.indexOf("die"));

    await engine.removeContainer(id);
    expect(await engine.inspectContainer(id)).toBeUndefined();
    await engine.removeNetwork(NETWORK);
    await engine.removeNetwork(NETWORK_2);
    expect(await engine.inspectNetwork(NETWORK)).toBeUndefined();
  });

  it("follows logs as they are written and stops when the signal aborts, as waits do", async () => {
    const id = await engine.createContainer({
      name: `${PREFIX}-talker`,
      Image: IMAGE,
      Labels: TEST_LABEL,
      Cmd: [
        "sh",
        "-c",
        'trap "exit 0" TERM; i=0; while true; do i=$((i+1)); echo "line $i"; sleep 0.1; done',
      ],
    });
    await engine.startContainer(id);
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const chunk of engine.followLogs(id, { tail: 0 }, controller.signal)) {
      seen.push(chunk.text);
      if (seen.length === 3) controller.abort();
    }
    expect(seen).toHaveLength(3);
    expect(seen.every((text) => /^line \d+\n$/.test(text))).toBe(true);
    const waiting = new AbortController();
    setTimeout(() => waiting.abort(), 200);
    await expect(engine.waitContainer(id, "not-running", waiting.signal)).rejects.toMatchObject({
      code: "engine.aborted",
    });
    await engine.removeContainer(id, { force: true });
  });

  it("maps engine refusals to EngineError codes", async () => {
    const first = await engine.createContainer({ name: `${PREFIX}-dup`, Image: IMAGE, Labels: TEST_LABEL });
    await expect(
      engine.createContainer({ name: `${PREFIX}-dup`, Image: IMAGE, Labels: TEST_LABEL }),
    ).rejects.toMatchObject({
      code: "engine.conflict",
    });
    await expect(engine.startContainer(`${PREFIX}-does-not-exist`)).rejects.toMatchObject({
      code: "engine.not-found",
    });
    await expect(engine.killContainer(first)).rejects.toMatchObject({ code: "engine.conflict" }); // not running
    await engine.removeContainer(first);
  });

  it("says where it looked and what to do when no engine answers", async () => {
    const missing = connectDockerEngine({
      env: { DOCKER_HOST: `unix://${join(tmpdir(), `${PREFIX}-no-such.sock`)}` },
    });
    await expect(missing).rejects.toMatchObject({
      code: "engine.unreachable",
      hint: expect.stringMatching(/DOCKER_HOST/),
    });
  });
});
