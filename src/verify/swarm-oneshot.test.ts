import { describe, expect, it } from "vitest";
import { runOneShot } from "./swarm-oneshot.js";
import { ShotEngine } from "./swarm-testing.js";

describe("runOneShot", () => {
  it("runs the command in a container of the image on the overlay network, passwords in its environment, and removes it", async () => {
    const engine = new ShotEngine(() => ({ exitCode: 0, stdout: "1\n" }));
    const result = await runOneShot(engine.asEngine(), "shop", { image: "postgres:15", network: "shop_data", command: ["psql", "-c", "SELECT 1"], env: ["PGPASSWORD=s3cret"], timeoutMs: 1000 });
    expect(result).toMatchObject({ exitCode: 0, stdout: "1\n", output: "1\n", timedOut: false });
    const [request] = engine.created;
    expect(request).toMatchObject({ Image: "postgres:15", Cmd: ["psql", "-c", "SELECT 1"], Entrypoint: [], Env: ["PGPASSWORD=s3cret"], HostConfig: { NetworkMode: "shop_data" }, NetworkingConfig: { EndpointsConfig: { shop_data: {} } } });
    expect(request?.name).toMatch(/^shop-berth-verify-[0-9a-f]{8}$/);
    expect(request?.Labels).toMatchObject({ "io.berth.verify-observer": "shop" });
    expect(JSON.stringify(request?.Cmd)).not.toContain("s3cret");
    expect(engine.removed).toEqual(["shot-1"]);
  });

  it("gives up when the run is interrupted, and still removes the container", async () => {
    const engine = new ShotEngine(() => "hang");
    const stop = new AbortController();
    const running = runOneShot(engine.asEngine(), "shop", { image: "redis:7", network: "shop_data", command: ["redis-cli", "PING"], env: [], timeoutMs: 60_000 }, stop.signal);
    stop.abort();
    await expect(running).rejects.toThrow();
    expect(engine.removed).toEqual(["shot-1"]);
  });

  it("keeps stderr apart from stdout, as an exec's result does", async () => {
    const engine = new ShotEngine(() => ({ exitCode: 2, stdout: "", stderr: "psql: error: password authentication failed" }));
    const result = await runOneShot(engine.asEngine(), "shop", { image: "postgres:15", network: "shop_data", command: ["psql"], env: [], timeoutMs: 1000 });
    expect(result).toMatchObject({ exitCode: 2, stdout: "", stderr: "psql: error: password authentication failed", timedOut: false });
  });
});
