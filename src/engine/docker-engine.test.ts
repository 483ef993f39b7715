import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { connectDockerEngine } from "./connect-docker-engine.js";
import { closeFakeEngineApis, empty, fakeEngineApi as fakeEngine, filtersOf, frame, json } from "./testing/fake-engine-api.js";

afterEach(closeFakeEngineApis);

describe("connectDockerEngine", () => {
  it("settles on the engine's API version and speaks it on every later call", async () => {
    const { engine, seen } = await fakeEngine({ "GET /_ping": (_, response) => response.end("OK") });
    expect(await engine.version()).toEqual({ version: "24.0.7", apiVersion: "1.43", engineApiVersion: "1.43", os: "linux", arch: "amd64", kernelVersion: "6.1.0" });
    await engine.ping();
    expect(seen.at(-1)?.url).toBe("/v1.43/_ping");
  });

  it("refuses an engine older than API 1.41, naming where it looked", async () => {
    await expect(fakeEngine({}, { ApiVersion: "1.40" })).rejects.toMatchObject({ code: "engine.api-too-old", message: expect.stringMatching(/^the engine at unix:\/\/.*docker\.sock speaks Engine API 1\.40; berth needs 1\.41/) });
  });

  it("says the engine cannot be reached when nothing listens on the socket, with a hint", async () => {
    const socketPath = join(mkdtempSync(join(tmpdir(), "berth-fake-api-")), "nobody.sock");
    await expect(connectDockerEngine({ env: { DOCKER_HOST: `unix://${socketPath}` } })).rejects.toMatchObject({
      code: "engine.unreachable",
      message: `cannot reach the Docker engine at unix://${socketPath} (ENOENT)`,
      hint: expect.stringContaining("DOCKER_HOST"),
    });
  });
});

describe("DockerEngine containers", () => {
  it("lists containers by label and exact name, stopped ones included, and maps the rows", async () => {
    const row = { Id: "abc123", Names: ["/shop-web-1"], Image: "nginx:1.22", ImageID: "sha256:ff", State: "running", Status: "Up 2 minutes (healthy)", Created: 1700000000, Labels: null, Ports: [{ PrivatePort: 80, PublicPort: 8080, IP: "127.0.0.1", Type: "tcp" }, { PrivatePort: 443, Type: "tcp" }], NetworkSettings: { Networks: { shop_default: {} } } };
    const { engine, seen } = await fakeEngine({ "GET /containers/json": json(200, [row]) });
    const [summary] = await engine.listContainers({ labels: { "com.docker.compose.project": "shop", "com.docker.compose.oneoff": true }, names: ["shop-web-1"] });
    expect(summary).toEqual({ id: "abc123", name: "shop-web-1", image: "nginx:1.22", imageId: "sha256:ff", state: "running", status: "Up 2 minutes (healthy)", created: 1700000000, labels: {}, ports: [{ ip: "127.0.0.1", privatePort: 80, publicPort: 8080, type: "tcp" }, { privatePort: 443, type: "tcp" }], networks: ["shop_default"] });
    expect(seen.at(-1)?.query.get("all")).toBe("true");
    expect(filtersOf(seen.at(-1))).toEqual({ label: ["com.docker.compose.project=shop", "com.docker.compose.oneoff"], name: ["^/shop-web-1$"] });
    await engine.listContainers({ includeStopped: false });
    expect([seen.at(-1)?.query.get("all"), filtersOf(seen.at(-1))]).toEqual(["false", {}]);
  });

  it("inspects a container without the leading slash, and a missing one as undefined", async () => {
    const { engine } = await fakeEngine({
      "GET /containers/web/json": json(200, { Id: "abc", Name: "/shop-web-1", State: { Running: true }, Config: { Tty: false } }),
      "GET /containers/gone/json": json(404, { message: "No such container: gone" }),
    });
    expect(await engine.inspectContainer("web")).toMatchObject({ Id: "abc", Name: "shop-web-1", Mounts: [] });
    expect(await engine.inspectContainer("gone")).toBeUndefined();
  });

  it("turns an engine failure into an EngineError naming the operation, the engine's words and the status", async () => {
    const { engine } = await fakeEngine({
      "GET /containers/web/json": json(500, { message: "layer does not exist" }),
      "POST /containers/create": json(409, { message: 'Conflict. The container name "/shop-web-1" is already in use' }),
      "POST /containers/web/kill": json(409, { message: "Container web is not running" }),
    });
    await expect(engine.inspectContainer("web")).rejects.toMatchObject({ code: "engine.failed", message: "inspecting container web: layer does not exist (HTTP 500)" });
    await expect(engine.createContainer({ name: "shop-web-1", Image: "nginx:1.22" })).rejects.toMatchObject({ code: "engine.conflict", message: 'creating container shop-web-1: Conflict. The container name "/shop-web-1" is already in use (HTTP 409)' });
    await expect(engine.killContainer("web", "SIGTERM")).rejects.toMatchObject({ code: "engine.conflict", message: "sending SIGTERM to container web: Container web is not running (HTTP 409)" });
  });

  it("takes 304 (already started, already stopped) as success, and passes the stop timeout", async () => {
    const { engine, seen } = await fakeEngine({ "POST /containers/web/start": empty(304), "POST /containers/web/stop": empty(304), "POST /containers/web/restart": empty(204) });
    await engine.startContainer("web");
    await engine.stopContainer("web", { timeoutSeconds: 7 });
    await engine.restartContainer("web", { timeoutSeconds: 0 });
    await engine.stopContainer("web");
    expect(seen.slice(1).map((s) => `${s.path}?${s.query}`)).toEqual(["/containers/web/start?", "/containers/web/stop?t=7", "/containers/web/restart?t=0", "/containers/web/stop?"]);
  });

  it("does not take 304 as success where it means nothing (restart)", async () => {
    const { engine } = await fakeEngine({ "POST /containers/web/restart": empty(304) });
    await expect(engine.restartContainer("web")).rejects.toMatchObject({ code: "engine.failed" });
  });

  it("creates with the request as the body and returns the id; removes with force and volumes as asked", async () => {
    const { engine, seen } = await fakeEngine({ "POST /containers/create": json(201, { Id: "new-id", Warnings: [] }), "DELETE /containers/new-id": empty(204) });
    expect(await engine.createContainer({ name: "shop-db-1", Image: "postgres:15", Env: ["A=1"] })).toBe("new-id");
    expect(seen.at(-1)?.query.get("name")).toBe("shop-db-1");
    expect(JSON.parse(seen.at(-1)?.body ?? "{}")).toMatchObject({ Image: "postgres:15", Env: ["A=1"] });
    await engine.removeContainer("new-id", { force: true, volumes: true });
    expect([seen.at(-1)?.query.get("force"), seen.at(-1)?.query.get("v")]).toEqual(["true", "true"]);
    await engine.removeContainer("new-id");
    expect([seen.at(-1)?.query.get("force"), seen.at(-1)?.query.get("v")]).toEqual(["false", "false"]);
  });

  it("returns a wait's exit code, and its error only when the engine gave one", async () => {
    let reply: unknown = { StatusCode: 0, Error: null };
    const { engine, seen } = await fakeEngine({ "POST /containers/job/wait": (request, response) => json(200, reply)(request, response) });
    expect(await engine.waitContainer("job")).toEqual({ exitCode: 0 });
    expect(seen.at(-1)?.query.get("condition")).toBe("not-running");
    reply = { StatusCode: 137, Error: { Message: "" } };
    expect(await engine.waitContainer("job", "next-exit")).toEqual({ exitCode: 137 });
    reply = { StatusCode: 125, Error: { Message: "container stopped unexpectedly" } };
    expect(await engine.waitContainer("job")).toEqual({ exitCode: 125, error: "container stopped unexpectedly" });
  });

  it("maps file-system changes by kind, dropping kinds it does not know, and the engine's `null` (no changes) as none", async () => {
    let reply: unknown = [{ Path: "/etc", Kind: 0 }, { Path: "/etc/app.conf", Kind: 1 }, { Path: "/tmp/x", Kind: 2 }, { Path: "/weird", Kind: 9 }];
    const { engine } = await fakeEngine({ "GET /containers/web/changes": (request, response) => json(200, reply)(request, response) });
    expect(await engine.containerChanges("web")).toEqual([{ path: "/etc", kind: "changed" }, { path: "/etc/app.conf", kind: "added" }, { path: "/tmp/x", kind: "deleted" }]);
    reply = null;
    expect(await engine.containerChanges("web")).toEqual([]);
  });

  it("lists processes with ps arguments, and none when the engine sends no table", async () => {
    let reply: unknown = { Titles: ["PID", "CMD"], Processes: [["1", "nginx"]] };
    const { engine, seen } = await fakeEngine({ "GET /containers/web/top": (request, response) => json(200, reply)(request, response) });
    expect(await engine.topContainer("web", "aux")).toEqual({ titles: ["PID", "CMD"], processes: [["1", "nginx"]] });
    expect(seen.at(-1)?.query.get("ps_args")).toBe("aux");
    reply = {};
    expect(await engine.topContainer("web")).toEqual({ titles: [], processes: [] });
  });
});

describe("DockerEngine logs and exec", () => {
  const inspect = (tty: boolean) => json(200, { Id: "abc", Name: "/web", Config: { Tty: tty } });

  it("splits stdout and stderr of a container without a TTY, and passes tail and timestamps", async () => {
    const { engine, seen } = await fakeEngine({
      "GET /containers/web/json": inspect(false),
      "GET /containers/web/logs": (_, response) => response.end(Buffer.concat([frame(1, "listening on 80\n"), frame(2, "warn: no cache\n"), frame(1, "GET /\n")])),
    });
    expect(await engine.readLogs("web", { tail: 3, timestamps: true })).toEqual([
      { stream: "stdout", text: "listening on 80\n" },
      { stream: "stderr", text: "warn: no cache\n" },
      { stream: "stdout", text: "GET /\n" },
    ]);
    const query = seen.at(-1)?.query;
    expect([query?.get("tail"), query?.get("timestamps"), query?.get("stdout"), query?.get("stderr"), query?.get("follow")]).toEqual(["3", "true", "true", "true", "false"]);
  });

  it("reads a TTY container's log as one raw stdout text", async () => {
    const { engine } = await fakeEngine({ "GET /containers/web/json": inspect(true), "GET /containers/web/logs": (_, response) => response.end("\u001b[32mready\u001b[0m\r\n") });
    expect(await engine.readLogs("web")).toEqual([{ stream: "stdout", text: "\u001b[32mready\u001b[0m\r\n" }]);
  });

  it("follows a log until the engine closes it, frames split across writes included", async () => {
    const whole = Buffer.concat([frame(1, "one\n"), frame(2, "two\n")]);
    const { engine } = await fakeEngine({
      "GET /containers/web/json": inspect(false),
      "GET /containers/web/logs": (_, response) => {
        response.writeHead(200);
        response.write(whole.subarray(0, 5));
        setTimeout(() => response.end(whole.subarray(5)), 10);
      },
    });
    const chunks = [];
    for await (const chunk of engine.followLogs("web", {}, new AbortController().signal)) chunks.push(chunk);
    expect(chunks).toEqual([{ stream: "stdout", text: "one\n" }, { stream: "stderr", text: "two\n" }]);
  });

  it("follows a TTY container's log as raw text until the caller stops", async () => {
    const stop = new AbortController();
    const { engine } = await fakeEngine({
      "GET /containers/web/json": inspect(true),
      "GET /containers/web/logs": (_, response) => {
        response.writeHead(200);
        response.write("ready\r\n");
      },
    });
    const texts: string[] = [];
    for await (const chunk of engine.followLogs("web", { tail: 5 }, stop.signal)) {
      texts.push(`${chunk.stream}:${chunk.text}`);
      stop.abort();
    }
    expect(texts).toEqual(["stdout:ready\r\n"]);
  });

  it("runs an exec: the create body, separated output, and the exit code the engine records", async () => {
    const { engine, seen } = await fakeEngine({
      "POST /containers/db/exec": json(201, { Id: "exec-1" }),
      "POST /exec/exec-1/start": (_, response) => {
        response.writeHead(200, { "Content-Type": "application/vnd.docker.raw-stream" });
        response.end(Buffer.concat([frame(1, "accepting connections\n"), frame(2, "note\n")]));
      },
      "GET /exec/exec-1/json": json(200, { Running: false, ExitCode: 3 }),
    });
    const result = await engine.exec("db", { command: ["pg_isready", "-U", "app"], user: "postgres", env: ["PGCONNECT_TIMEOUT=2"], workingDir: "/tmp", timeoutMs: 10_000 });
    expect(result).toMatchObject({ exitCode: 3, stdout: "accepting connections\n", stderr: "note\n", output: "accepting connections\nnote\n", timedOut: false });
    const create = JSON.parse(seen.find((s) => s.path.endsWith("/containers/db/exec"))?.body ?? "{}");
    expect(create).toEqual({ Cmd: ["pg_isready", "-U", "app"], AttachStdout: true, AttachStderr: true, Tty: false, User: "postgres", Env: ["PGCONNECT_TIMEOUT=2"], WorkingDir: "/tmp" });
  });

  it("waits for the engine to record an exec's exit code when the output closes first", async () => {
    let looks = 0;
    const { engine } = await fakeEngine({
      "POST /containers/db/exec": json(201, { Id: "exec-3" }),
      "POST /exec/exec-3/start": (_, response) => response.end(frame(1, "ok\n")),
      "GET /exec/exec-3/json": (request, response) => json(200, ++looks < 3 ? { Running: true, ExitCode: null } : { Running: false, ExitCode: 0 })(request, response),
    });
    expect(await engine.exec("db", { command: ["pg_isready"], timeoutMs: 10_000 })).toMatchObject({ exitCode: 0, stdout: "ok\n", timedOut: false });
    expect(looks).toBe(3);
  });

  it("ends an exec the caller cancels with exit code -1, not as a timeout", async () => {
    const stop = new AbortController();
    const { engine } = await fakeEngine({
      "POST /containers/db/exec": json(201, { Id: "exec-4" }),
      "POST /exec/exec-4/start": (_, response) => {
        response.writeHead(200);
        response.write(frame(2, "still going"));
        setTimeout(() => stop.abort(), 20);
      },
    });
    const result = await engine.exec("db", { command: ["sleep", "60"], timeoutMs: 60_000, signal: stop.signal });
    expect([result.exitCode, result.timedOut, result.stderr]).toEqual([-1, false, "still going"]);
  });

  it("names the command and container when an exec cannot start", async () => {
    const { engine } = await fakeEngine({ "POST /containers/db/exec": json(409, { message: "Container db is not running" }) });
    await expect(engine.exec("db", { command: ["true"], timeoutMs: 1000 })).rejects.toMatchObject({ code: "engine.conflict", message: "running true in db: Container db is not running (HTTP 409)" });
  });

  it("gives up on an exec whose output never ends, with exit code -1 and timedOut", async () => {
    const { engine } = await fakeEngine({
      "POST /containers/db/exec": json(201, { Id: "exec-2" }),
      "POST /exec/exec-2/start": (_, response) => {
        response.writeHead(200);
        response.write(frame(1, "partial"));
      },
    });
    const result = await engine.exec("db", { command: ["sleep", "infinity"], timeoutMs: 50 });
    expect([result.exitCode, result.timedOut, result.stdout]).toEqual([-1, true, "partial"]);
  });
});
