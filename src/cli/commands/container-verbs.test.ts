import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { closeFakeEngineApis, empty, fakeEngineApi, json, type Routes, type Seen } from "../../engine/testing/fake-engine-api.js";
import { runCli } from "../main.js";
import { testIO } from "../testing/test-io.js";

afterEach(closeFakeEngineApis);

const idOf = (name: string) => name.replace(/[^a-z0-9]/g, "").padEnd(64, "0");
const short = (name: string) => idOf(name).slice(0, 12);
/** A container as the engine lists it, with compose's labels. */
const row = (name: string, service: string, state: "running" | "exited", extra: Record<string, string> = {}) => ({
  Id: idOf(name), Names: [`/${name}`], Image: "node:20-bookworm-slim", ImageID: `sha256:${"b".repeat(64)}`, State: state,
  Status: state === "running" ? "Up 5 minutes (healthy)" : "Exited (0) 2 minutes ago", Created: 1_700_000_000,
  Labels: { "com.docker.compose.project": "shop", "com.docker.compose.service": service, "com.docker.compose.container-number": name.at(-1)!, ...extra },
  Ports: name === "shop-api-1" ? [{ PrivatePort: 3000, PublicPort: 8080, IP: "127.0.0.1", Type: "tcp" }] : [], NetworkSettings: { Networks: { shop_default: {} } },
});
const containers = [row("shop-api-1", "api", "running"), row("shop-api-2", "api", "running"), row("shop-db-1", "db", "exited"), row("shop-api-run-1", "api", "running", { "com.docker.compose.oneoff": "True" })];

/** The project's compose file in a folder, and berth's CLI against a fake engine holding `containers`. */
async function stack(extra: Routes = {}) {
  const dir = mkdtempSync(join(tmpdir(), "berth-verbs-"));
  writeFileSync(join(dir, "compose.yaml"), "name: shop\nservices:\n  api:\n    image: node:20-bookworm-slim\n    deploy: { replicas: 2 }\n  db:\n    image: postgres:15\n  cache:\n    image: redis:7\n");
  const acted: string[] = [];
  const record = (what: string) => (seen: Seen, response: Parameters<Routes[string]>[1]) => {
    acted.push(`${what} ${seen.path.split("/")[2]?.slice(0, 12) ?? ""} ${seen.query.toString()}`.trim());
    empty(204)(seen, response);
  };
  // `/info` as an engine outside any Swarm answers it (ps asks, to list a stack's tasks on a manager).
  const routes: Routes = { "GET /containers/json": json(200, containers), "GET /info": json(200, { Swarm: { LocalNodeState: "inactive", ControlAvailable: false } }) };
  for (const c of containers) {
    routes[`POST /containers/${short(c.Names[0]!.slice(1))}/stop`] = record("stop");
    routes[`POST /containers/${short(c.Names[0]!.slice(1))}/kill`] = record("kill");
    routes[`DELETE /containers/${short(c.Names[0]!.slice(1))}`] = record("remove");
  }
  const { dockerHost } = await fakeEngineApi({ ...routes, ...extra });
  const run = async (argv: readonly string[]) => {
    const { io, stdout, stderr } = testIO(dir, { DOCKER_HOST: dockerHost, BERTH_STATE_DIR: join(dir, ".state") });
    return { code: await runCli(argv, io), stdout: stdout.text, stderr: stderr.text };
  };
  return { run, acted };
}

describe("berth ps (fake Engine API)", () => {
  it("lists the project's service containers, one-off runs left out, as a table, JSON or ids", async () => {
    const { run } = await stack();
    const table = await run(["ps"]);
    expect(table.code).toBe(0);
    expect(table.stdout.split("\n")[1]).toBe("shop-api-1   api       Up 5 minutes (healthy)     node:20-bookworm-slim   bbbbbbbbbbbb   127.0.0.1:8080->3000/tcp");
    expect(table.stdout).not.toContain("shop-api-run-1");
    const rows = JSON.parse((await run(["ps", "--json", "db"])).stdout) as { name: string; state: string; exitCode: number }[];
    expect(rows).toMatchObject([{ name: "shop-db-1", state: "exited", exitCode: 0 }]);
    expect((await run(["ps", "-q", "api"])).stdout).toBe(`${short("shop-api-1")}\n${short("shop-api-2")}\n`);
  });
});

describe("container verbs (fake Engine API)", () => {
  it("stop acts on running containers only, with -t as the engine's t, one line per container", async () => {
    const { run, acted } = await stack();
    expect(await run(["stop", "-t", "3"])).toEqual({ code: 0, stdout: "shop-api-1  stopped\nshop-api-2  stopped\n", stderr: "" });
    expect(acted).toEqual([`stop ${short("shop-api-1")} t=3`, `stop ${short("shop-api-2")} t=3`]);
  });

  it("kill sends the named signal to the named service's running containers", async () => {
    const { run, acted } = await stack();
    expect(await run(["kill", "-s", "hup", "api"])).toMatchObject({ code: 0, stdout: "shop-api-1  sent SIGHUP\nshop-api-2  sent SIGHUP\n" });
    expect(acted).toEqual([`kill ${short("shop-api-1")} signal=SIGHUP`, `kill ${short("shop-api-2")} signal=SIGHUP`]);
  });

  it("rm -f removes stopped containers; with -s -v it stops running ones first and takes their volumes", async () => {
    const first = await stack();
    expect(await first.run(["rm", "-f"])).toMatchObject({ code: 0, stdout: "shop-db-1  removed\n" });
    expect(first.acted).toEqual([`remove ${short("shop-db-1")} force=false&v=false`]);
    const second = await stack();
    expect(await second.run(["rm", "-f", "-s", "-v", "-q", "api"])).toMatchObject({ code: 0, stdout: "" });
    expect(second.acted).toEqual([`stop ${short("shop-api-1")} t=10`, `remove ${short("shop-api-1")} force=false&v=true`, `stop ${short("shop-api-2")} t=10`, `remove ${short("shop-api-2")} force=false&v=true`]);
  });

  it("says when there is nothing to act on, and fails on a service the project does not have", async () => {
    const { run, acted } = await stack();
    expect(await run(["stop", "cache"])).toEqual({ code: 0, stdout: "", stderr: "shop: no container to act on\n" });
    expect(await run(["stop", "nosuch"])).toEqual({ code: 1, stdout: "", stderr: "error: no such service: nosuch (project shop)\n  hint: the project's services are: api, cache, db\n" });
    expect(acted).toEqual([]);
  });

  it("reports an engine refusal as an engine error, naming the container", async () => {
    const { run } = await stack({ [`POST /containers/${short("shop-api-1")}/kill`]: json(409, { message: `Container ${idOf("shop-api-1")} is not running` }) });
    const result = await run(["kill", "api"]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`sending SIGKILL to container ${short("shop-api-1")}`);
    expect(result.stderr).toContain("is not running");
  });
});
