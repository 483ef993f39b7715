import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { connectDockerEngine } from "./connect-docker-engine.js";

/*
 * The DockerEngine against a fake Engine API on a temp unix socket: real dockerode, real HTTP,
 * the engine's replies (and odd ones) scripted per route. No Docker needed.
 */

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: string;
}
type Handler = (request: Seen, response: ServerResponse) => void;
type Routes = Record<string, Handler>;

const json = (status: number, value: unknown): Handler => (_, response) => {
  response.writeHead(status, { "Content-Type": "application/json" });
  response.end(JSON.stringify(value));
};
const empty = (status: number): Handler => (_, response) => {
  response.writeHead(status);
  response.end();
};
/** One frame of the engine's multiplexed stream: stdout 1, stderr 2. */
const frame = (stream: 1 | 2, text: string): Buffer => {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Starts the fake API; `routes` keys are `METHOD /path` with the version prefix taken off. */
async function fakeEngine(routes: Routes, version: Record<string, string> = { ApiVersion: "1.43", MinAPIVersion: "1.12" }) {
  const socketPath = join(mkdtempSync(join(tmpdir(), "berth-fake-api-")), "docker.sock");
  const seen: Seen[] = [];
  const all: Routes = { "GET /version": json(200, { Version: "24.0.7", Os: "linux", Arch: "amd64", KernelVersion: "6.1.0", ...version }), ...routes };
  const server = createServer((request, response) => {
    void bodyOf(request).then((body) => {
      const url = new URL(request.url ?? "/", "http://engine");
      const entry: Seen = { method: request.method ?? "", path: url.pathname, query: url.searchParams, body };
      seen.push(entry);
      const handler = all[`${entry.method} ${url.pathname.replace(/^\/v[\d.]+/, "")}`] ?? json(404, { message: `page not found` });
      handler(entry, response);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const engine = await connectDockerEngine({ env: { DOCKER_HOST: `unix://${socketPath}` } });
  return { engine, seen, endpoint: `unix://${socketPath}` };
}

const filtersOf = (seen: Seen): unknown => JSON.parse(seen.query.get("filters") ?? "{}");

describe("connectDockerEngine", () => {
  it("settles on the engine's API version and speaks it on every later call", async () => {
    const { engine, seen } = await fakeEngine({ "GET /_ping": (_, response) => response.end("OK") });
    expect(await engine.version()).toEqual({ version: "24.0.7", apiVersion: "1.43", engineApiVersion: "1.43", os: "linux", arch: "amd64", kernelVersion: "6.1.0" });
    await engine.ping();
    expect(seen.at(-1)?.path).toBe("/v1.43/_ping");
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
    expect(filtersOf(seen.at(-1) as Seen)).toEqual({ label: ["com.docker.compose.project=shop", "com.docker.compose.oneoff"], name: ["^/shop-web-1$"] });
    await engine.listContainers({ includeStopped: false });
    expect([seen.at(-1)?.query.get("all"), filtersOf(seen.at(-1) as Seen)]).toEqual(["false", {}]);
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
    expect(seen.slice(1).map((s) => `${s.path.replace(/^\/v[\d.]+/, "")}?${s.query}`)).toEqual(["/containers/web/start?", "/containers/web/stop?t=7", "/containers/web/restart?t=0", "/containers/web/stop?"]);
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

describe("DockerEngine images, pulls, events and resources", () => {
  it("fails a pull on an error message inside the progress stream, with the engine's words", async () => {
    const { engine } = await fakeEngine({
      "POST /images/create": (_, response) => response.end(`{"status":"Pulling from library/redis"}\n{"errorDetail":{"message":"denied"},"error":"pull access denied for redis, repository does not exist"}\n`),
    });
    await expect(engine.pullImage("redis:7")).rejects.toMatchObject({ code: "engine.failed", message: "pulling redis:7: pull access denied for redis, repository does not exist" });
  });

  it("completes a pull whose stream carries only progress", async () => {
    const { engine, seen } = await fakeEngine({ "POST /images/create": (_, response) => response.end('{"status":"Pulling"}\n{"status":"Downloaded newer image for redis:7"}\n') });
    await engine.pullImage("redis:7");
    expect([seen.at(-1)?.query.get("fromImage"), seen.at(-1)?.query.get("tag")]).toEqual(["redis", "7"]);
  });

  it("inspects a missing image as undefined, and lists images by reference and dangling", async () => {
    const { engine, seen } = await fakeEngine({
      "GET /images/nope:1/json": json(404, { message: "No such image: nope:1" }),
      "GET /images/json": json(200, [{ Id: "sha256:aa", RepoTags: null, Labels: null, Size: 10, Created: 1 }]),
    });
    expect(await engine.inspectImage("nope:1")).toBeUndefined();
    expect(await engine.listImages({ reference: "shop-*", danglingOnly: true })).toEqual([{ id: "sha256:aa", tags: [], labels: {}, size: 10, created: 1 }]);
    expect(filtersOf(seen.at(-1) as Seen)).toEqual({ reference: ["shop-*"], dangling: ["true"] });
  });

  it("streams events with their filter and times, and ends quietly when aborted", async () => {
    const controller = new AbortController();
    const { engine, seen } = await fakeEngine({
      "GET /events": (_, response) => {
        response.writeHead(200);
        response.write(`{"Type":"container","Action":"start","Actor":{"ID":"c1","Attributes":{"name":"shop-web-1"}},"time":1700000000,"timeNano":1700000000123456789}\n{"Type":"container","Action":"die",`);
        setTimeout(() => response.write(`"Actor":{"ID":"c1"},"time":1700000001}\n`), 10);
      },
    });
    const events = [];
    for await (const event of engine.events({ types: ["container"], labels: { "com.docker.compose.project": "shop" }, since: 1700000000 }, controller.signal)) {
      events.push(event);
      if (events.length === 2) controller.abort();
    }
    expect(events).toEqual([
      { type: "container", action: "start", id: "c1", attributes: { name: "shop-web-1" }, time: 1700000000123 },
      { type: "container", action: "die", id: "c1", attributes: {}, time: 1700000001000 },
    ]);
    expect(filtersOf(seen.at(-1) as Seen)).toEqual({ type: ["container"], label: ["com.docker.compose.project=shop"] });
    expect(seen.at(-1)?.query.get("since")).toBe("1700000000");
  });

  it("creates networks and volumes with their labels, and lists volumes when the engine says null", async () => {
    const { engine, seen } = await fakeEngine({
      "POST /networks/create": json(201, { Id: "net-1" }),
      "POST /volumes/create": json(201, { Name: "shop_data", Driver: "local", Labels: { a: "b" }, Mountpoint: "/var/lib/docker/volumes/shop_data/_data" }),
      "GET /volumes/shop_data": json(200, { Name: "shop_data", Driver: "local", Labels: { a: "b" }, Mountpoint: "/var/lib/docker/volumes/shop_data/_data" }),
      "GET /volumes": json(200, { Volumes: null, Warnings: null }),
      "GET /networks/shop_default": json(200, { Id: "net-1", Name: "shop_default" }),
    });
    expect(await engine.createNetwork({ name: "shop_default", labels: { "com.docker.compose.network": "default" } })).toBe("net-1");
    expect(JSON.parse(seen.at(-1)?.body ?? "{}")).toMatchObject({ Name: "shop_default", Driver: "bridge", CheckDuplicate: true, Labels: { "com.docker.compose.network": "default" } });
    // The engine's details come back (dockerode alone resolves to a handle without them).
    expect(await engine.createVolume({ name: "shop_data", labels: { a: "b" } })).toEqual({ Name: "shop_data", Driver: "local", Labels: { a: "b" }, Mountpoint: "/var/lib/docker/volumes/shop_data/_data" });
    expect(JSON.parse(seen.at(-2)?.body ?? "{}")).toEqual({ Name: "shop_data", Driver: "local", DriverOpts: {}, Labels: { a: "b" } });
    expect(await engine.listVolumes({ "com.docker.compose.project": "shop" })).toEqual([]);
    expect(await engine.inspectNetwork("shop_default")).toEqual({ Id: "net-1", Name: "shop_default", Containers: {} });
    expect(await engine.inspectNetwork("missing")).toBeUndefined();
  });
});


describe("DockerEngine builds", () => {
  const contextDir = (dockerfile?: string) => {
    const dir = mkdtempSync(join(tmpdir(), "berth-fake-build-"));
    if (dockerfile !== undefined) writeFileSync(join(dir, "Dockerfile"), dockerfile);
    return dir;
  };
  const classicStream = (lines: readonly object[]): Handler => (_, response) => response.end(lines.map((line) => JSON.stringify(line)).join("\n"));

  it("falls back to the classic builder, saying so, when the engine refuses BuildKit, and labels the image with its build digest", async () => {
    // dockerode opens a BuildKit session first (POST /session): an engine without BuildKit refuses it.
    const { engine, seen } = await fakeEngine({
      "POST /session": json(500, { message: "buildkit not supported by daemon" }),
      "POST /build": classicStream([{ stream: "Step 1/1 : FROM app:1\n" }, { aux: { ID: "sha256:built" } }, { stream: "Successfully built built\n" }]),
    });
    const lines: string[] = [];
    const result = await engine.buildImage({ context: contextDir("FROM app:1\n"), tags: ["shop-api", "shop-api:v2"] }, (progress) => lines.push(progress.text));
    expect(result).toMatchObject({ ok: true, imageId: "sha256:built" });
    expect(lines[0]).toBe("BuildKit is not available on this engine (buildkit not supported by daemon); building with the classic builder");
    expect(seen.slice(1).map((s) => `${s.method} ${s.path.replace(/^\/v[\d.]+/, "")}`)).toEqual(["POST /session", "POST /build"]);
    const build = seen.at(-1);
    expect([build?.query.get("version"), build?.query.getAll("t")]).toEqual([null, ["shop-api", "shop-api:v2"]]);
    expect(Object.keys(JSON.parse(build?.query.get("labels") ?? "{}"))).toContain("io.berth.build-digest");
  });

  it("ends a failed classic build with the failing step and what it printed", async () => {
    const { engine } = await fakeEngine({
      "POST /build": classicStream([
        { stream: "Step 1/2 : FROM app:1\n" },
        { stream: "Step 2/2 : RUN npm ci\n" },
        { stream: "\u001b[91mnpm ERR! missing: express\n\u001b[0m" },
        { error: "The command '/bin/sh -c npm ci' returned a non-zero code: 1", errorDetail: { code: 1, message: "The command '/bin/sh -c npm ci' returned a non-zero code: 1" } },
      ]),
    });
    const result = await engine.buildImage({ context: contextDir("FROM app:1\nRUN npm ci\n"), tags: ["shop-api"], builder: "classic" });
    expect(result).toMatchObject({ ok: false, error: "The command '/bin/sh -c npm ci' returned a non-zero code: 1", failedStep: { index: 2, total: 2, instruction: "RUN npm ci" }, failedStepOutput: ["npm ERR! missing: express"] });
  });

  it("returns a refused request (a bad target) and a missing Dockerfile as failed builds, not as errors", async () => {
    const { engine, seen } = await fakeEngine({ "POST /build": json(400, { message: "failed to reach build target prod in Dockerfile" }) });
    const refused = await engine.buildImage({ context: contextDir("FROM app:1\n"), tags: ["x"], target: "prod", builder: "classic" });
    expect(refused).toMatchObject({ ok: false, error: "failed to reach build target prod in Dockerfile" });
    expect(seen.at(-1)?.query.get("target")).toBe("prod");
    const before = seen.length;
    const missing = await engine.buildImage({ context: contextDir(), tags: ["x"], builder: "classic" });
    expect(missing).toMatchObject({ ok: false, error: expect.stringMatching(/Dockerfile/) });
    expect(seen.length).toBe(before);
  });
});
