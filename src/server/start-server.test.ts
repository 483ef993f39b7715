import { describe, expect, it } from "vitest";
import { allowedHostsFor, startServer } from "./start-server.js";

describe("startServer", () => {
  it("listens on 127.0.0.1 (port 0: a free one), answers, and closes", async () => {
    const server = await startServer(() => new Response("hello"), "127.0.0.1", 0);
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      expect(await (await fetch(server.url)).text()).toBe("hello");
    } finally {
      await server.close();
    }
    await expect(fetch(server.url)).rejects.toThrow();
  });

  it("rejects when the port is taken", async () => {
    const first = await startServer(() => new Response(""), "127.0.0.1", 0);
    try {
      await expect(startServer(() => new Response(""), "127.0.0.1", first.port)).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});

describe("allowedHostsFor", () => {
  it("lets loopback answer to localhost too, and any other address only to itself", () => {
    expect(allowedHostsFor("127.0.0.1", 7010)).toEqual(["127.0.0.1:7010", "localhost:7010", "[::1]:7010"]);
    expect(allowedHostsFor("172.18.0.1", 18813)).toEqual(["172.18.0.1:18813"]);
    expect(allowedHostsFor("::1", 80)).toEqual(["[::1]:80", "127.0.0.1:80", "localhost:80"]);
  });

  it("adds the names the user allows, on the bound port", () => {
    expect(allowedHostsFor("172.17.0.1", 7010, ["host.docker.internal"])).toEqual(["172.17.0.1:7010", "host.docker.internal:7010"]);
  });
});
