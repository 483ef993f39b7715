import { afterEach, describe, expect, it } from "vitest";
import { readAll } from "./copy-fake.js";
import { closeFakeEngineApis, fakeEngineApi, json } from "./testing/fake-engine-api.js";

afterEach(closeFakeEngineApis);

const statHeader = (stat: object) => Buffer.from(JSON.stringify(stat)).toString("base64");

describe("copying through the engine's archive endpoints", () => {
  it("stats a path from the HEAD answer's header, and a missing one as undefined", async () => {
    const { engine, seen } = await fakeEngineApi({
      "HEAD /containers/web/archive": (request, response) => {
        if (request.query.get("path") === "/missing") {
          response.writeHead(404);
          response.end();
          return;
        }
        response.writeHead(200, { "X-Docker-Container-Path-Stat": statHeader({ name: "nginx.conf", size: 722, mode: 0o644, linkTarget: "" }) });
        response.end();
      },
    });
    expect(await engine.statContainerPath("web", "/etc/nginx/nginx.conf")).toEqual({ name: "nginx.conf", size: 722, mode: 0o644, isDir: false, isSymlink: false, linkTarget: "" });
    expect(seen.at(-1)?.query.get("path")).toBe("/etc/nginx/nginx.conf");
    expect(await engine.statContainerPath("web", "/missing")).toBeUndefined();
  });

  it("sends an archive into a folder, handing the files to the container's user only when asked", async () => {
    const { engine, seen } = await fakeEngineApi({ "PUT /containers/web/archive": (_, response) => response.end() });
    await engine.copyToContainer("web", Buffer.from("tar bytes"), "/usr/share/nginx/html");
    expect([seen.at(-1)?.query.get("path"), seen.at(-1)?.query.get("copyUIDGID"), seen.at(-1)?.body]).toEqual(["/usr/share/nginx/html", null, "tar bytes"]);
    await engine.copyToContainer("web", Buffer.from("tar bytes"), "/data", { containerUserOwns: true });
    expect(seen.at(-1)?.query.get("copyUIDGID")).toBe("1");
  });

  it("reads a path out as the engine's tar stream", async () => {
    const { engine } = await fakeEngineApi({ "GET /containers/web/archive": (_, response) => response.end("tar stream bytes") });
    expect((await readAll(await engine.copyFromContainer("web", "/var/log/nginx"))).toString()).toBe("tar stream bytes");
  });

  it("names the path and container when a copy fails", async () => {
    const { engine } = await fakeEngineApi({
      "GET /containers/web/archive": json(404, { message: "Could not find the file /nope in container web" }),
      "PUT /containers/web/archive": json(400, { message: "extraction point is not a directory" }),
    });
    await expect(engine.copyFromContainer("web", "/nope")).rejects.toMatchObject({ code: "engine.not-found", message: "copying /nope out of container web: Could not find the file /nope in container web (HTTP 404)" });
    await expect(engine.copyToContainer("web", Buffer.from("x"), "/etc/hosts")).rejects.toMatchObject({ code: "engine.bad-request", message: "copying files into container web: extraction point is not a directory (HTTP 400)" });
  });
});
