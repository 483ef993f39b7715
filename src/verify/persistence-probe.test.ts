import { describe, expect, it } from "vitest";
import type { ContainerDetails } from "../engine/engine.js";
import { describeStorage } from "./persistence-probe.js";
import { psqlEnvironment } from "./postgres-probe.js";

const anonymous = "25289d0f256493e12d68b54f68d56b677fff7fd6a89c67e8b85480156468bf4f";
const data = "/var/lib/postgresql/data";

describe("describeStorage", () => {
  it("accepts a named volume holding the data directory", () => {
    expect(describeStorage(data, [{ Type: "volume", Name: "shop_pgdata", Source: "/v", Destination: data, RW: true }], "db")).toMatchObject({ kind: "named-volume", volume: "shop_pgdata", failures: [] });
  });

  it("fails an anonymous volume and names the misplaced named one", () => {
    const storage = describeStorage(data, [
      { Type: "volume", Name: "shop_pgdata", Source: "/v1", Destination: "/var/lib/postgres/data", RW: true },
      { Type: "volume", Name: anonymous, Source: "/v2", Destination: data, RW: true },
    ], "db");
    expect(storage.kind).toBe("anonymous-volume");
    expect(storage.failures).toEqual([`${data} is on an anonymous volume (25289d0f2564), not on a declared one: a recreate starts empty`]);
    expect(storage.hint).toBe(`volume shop_pgdata is mounted at /var/lib/postgres/data, which does not hold the data: is the target path mistyped?; mount the named volume at ${data} (services.db.volumes: - <volume>:${data})`);
  });

  it("fails data in the container's own layer and accepts a bind mount", () => {
    expect(describeStorage("/data", [], "cache").failures).toEqual(["/data is in the container's own layer: it is lost when the container is recreated"]);
    expect(describeStorage("/data/db", [{ Type: "bind", Source: "/srv/db", Destination: "/data", RW: true }]).kind).toBe("bind");
  });
});

describe("psqlEnvironment", () => {
  const details = { Config: { Env: ["POSTGRES_USER=app", "POSTGRES_DB=shop"] } } as unknown as ContainerDetails;
  it("splits a URL into libpq variables (the password never on a command line)", () => {
    expect(psqlEnvironment({ url: "postgresql://app:p%40ss@db:6432/shop" }, details)).toEqual(["PGHOST=db", "PGPORT=6432", "PGUSER=app", "PGPASSWORD=p@ss", "PGDATABASE=shop"]);
  });
  it("uses the container's POSTGRES_USER and POSTGRES_DB on the local socket", () => {
    expect(psqlEnvironment({}, details)).toEqual(["PGUSER=app", "PGDATABASE=shop"]);
  });
});
