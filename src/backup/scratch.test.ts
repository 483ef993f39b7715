import { describe, expect, it } from "vitest";
import type { ContainerCreateRequest } from "../engine/engine.js";
import { FakeEngine, type FakeBehaviour } from "../engine/fake-engine.js";
import { startScratch } from "./scratch.js";

const spec = { project: "shop", purpose: "drill-postgres", image: "postgres:15", env: ["POSTGRES_PASSWORD=x"], binds: ["/b:/backup:ro"], cmd: ["postgres", "-c", "fsync=off"] };

function engineWith(behaviour: FakeBehaviour) {
  const requests: ContainerCreateRequest[] = [];
  const engine = new FakeEngine({ images: ["postgres:15"], behave: (request) => (requests.push(request), behaviour) });
  return { engine, requests };
}

describe("startScratch", () => {
  it("starts a container with no network, labelled as the project's drill helper", async () => {
    const { engine, requests } = engineWith({});
    const scratch = await startScratch(engine, spec);
    expect(requests[0]).toMatchObject({ Image: "postgres:15", Cmd: ["postgres", "-c", "fsync=off"], Env: ["POSTGRES_PASSWORD=x"], HostConfig: { NetworkMode: "none", Binds: ["/b:/backup:ro"] } });
    expect(requests[0]?.Labels).toMatchObject({ "io.berth.backup-helper": "drill", "com.docker.compose.oneoff": "True" });
    expect(requests[0]?.Entrypoint).toBeUndefined();
    expect((await engine.inspectContainer(scratch.id))?.State.Running).toBe(true);
    await scratch.remove();
    expect(await engine.listContainers()).toEqual([]);
    await expect(scratch.remove()).resolves.toBeUndefined();
  });

  it("is ready as soon as the command succeeds in it (the retry waits 300 ms, so not exercised here)", async () => {
    const commands: string[][] = [];
    const { engine } = engineWith({ exec: (command) => (commands.push([...command]), { exitCode: 0 }) });
    const scratch = await startScratch(engine, spec);
    await scratch.waitUntil(["pg_isready", "-q"], 10_000);
    expect(commands).toEqual([["pg_isready", "-q"]]);
  });

  it("fails with the log tail when the container died while restoring", async () => {
    const { engine } = engineWith({ logs: [{ stream: "stderr", text: "FATAL: data directory has wrong ownership\n" }] });
    const scratch = await startScratch(engine, spec);
    await engine.killContainer(scratch.id);
    await expect(scratch.waitUntil(["pg_isready"], 10_000)).rejects.toMatchObject({ code: "backup.drill-died", message: "the scratch container exited (code 137) while restoring:\nFATAL: data directory has wrong ownership" });
  });

  it("fails with the log tail when it is not ready in time", async () => {
    const { engine } = engineWith({ exec: () => ({ exitCode: 2 }), logs: [{ stream: "stdout", text: "starting\n" }] });
    const scratch = await startScratch(engine, spec);
    await expect(scratch.waitUntil(["pg_isready"], -1)).rejects.toMatchObject({ code: "backup.drill-timeout", message: "the scratch container was not ready within 0 s:\nstarting" });
  });
});
