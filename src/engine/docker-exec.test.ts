import { afterEach, describe, expect, it } from "vitest";
import { closeFakeEngineApis, fakeEngineApi, frame, json } from "./testing/fake-engine-api.js";

afterEach(closeFakeEngineApis);

const execRoutes = (id: string, output: Buffer, inspect: unknown = { Running: false, ExitCode: 0 }) => ({
  "POST /containers/web/exec": json(201, { Id: id }),
  [`POST /exec/${id}/start`]: (_: unknown, response: import("node:http").ServerResponse) => response.end(output),
  [`GET /exec/${id}/json`]: json(200, inspect),
});

describe("exec, as a healthcheck runs", () => {
  it("sends only what is asked: no user, env or working dir unless given, never a TTY", async () => {
    const { engine, seen } = await fakeEngineApi(execRoutes("e1", frame(1, "ok\n")));
    await engine.exec("web", { command: ["wget", "-qO-", "http://127.0.0.1/health"], timeoutMs: 10_000 });
    const create = JSON.parse(seen.find((request) => request.path === "/containers/web/exec")?.body ?? "{}") as Record<string, unknown>;
    expect(create).toEqual({ Cmd: ["wget", "-qO-", "http://127.0.0.1/health"], AttachStdout: true, AttachStderr: true, Tty: false });
    const start = JSON.parse(seen.find((request) => request.path === "/exec/e1/start")?.body ?? "{}") as Record<string, unknown>;
    // Attached, without a TTY: the engine then sends the multiplexed frames that split the streams.
    expect([start["Detach"] === true, start["Tty"] === true]).toEqual([false, false]);
  });

  it("keeps stdout and stderr apart but the whole output in arrival order", async () => {
    const output = Buffer.concat([frame(2, "warming up\n"), frame(1, "200 OK\n"), frame(2, "done\n")]);
    const { engine } = await fakeEngineApi(execRoutes("e2", output, { Running: false, ExitCode: 0 }));
    const result = await engine.exec("web", { command: ["check"], timeoutMs: 10_000 });
    expect(result).toMatchObject({ exitCode: 0, stdout: "200 OK\n", stderr: "warming up\ndone\n", output: "warming up\n200 OK\ndone\n", timedOut: false });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("returns a command that printed nothing and failed with its exit code", async () => {
    const { engine } = await fakeEngineApi(execRoutes("e3", Buffer.alloc(0), { Running: false, ExitCode: 127 }));
    expect(await engine.exec("web", { command: ["curl", "localhost"], timeoutMs: 10_000 })).toMatchObject({ exitCode: 127, stdout: "", stderr: "", output: "" });
  });

  it("says which command failed when the engine refuses to start it", async () => {
    const { engine } = await fakeEngineApi({ "POST /containers/web/exec": json(201, { Id: "e4" }), "POST /exec/e4/start": json(500, { message: "OCI runtime exec failed: exec: \"curl\": executable file not found in $PATH" }) });
    await expect(engine.exec("web", { command: ["curl", "-f", "localhost"], timeoutMs: 10_000 })).rejects.toMatchObject({ code: "engine.failed", message: expect.stringMatching(/^running curl -f localhost in web: OCI runtime exec failed/) as unknown });
  });
});
