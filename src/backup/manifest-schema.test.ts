import { describe, expect, it } from "vitest";
import { ConfigError } from "../common/errors.js";
import { validateManifest } from "./manifest-schema.js";

const path = "/b/db/db-2026-11-23T07-00-00-000Z.dump.manifest.json";
const good = {
  manifestVersion: 1, project: "shop", service: "db", driver: "postgres", image: "postgres:15", imageId: `sha256:${"a".repeat(64)}`,
  artifact: "db-2026-11-23T07-00-00-000Z.dump", createdAt: "2026-11-23T07:00:00.000Z", durationMs: 10, sizeBytes: 2048,
  sha256: "b".repeat(64), compressed: true, berthVersion: "0.1.0", source: { user: "app", database: "app" },
  facts: { tables: { "public.notes": 3, 'public."Odd Table"': 1 } },
  drill: { ok: true, at: "2026-11-23T07:00:01.000Z", durationMs: 900, checks: ["size and sha256 match the manifest"] },
};

const reason = (value: unknown): string => {
  try {
    validateManifest(value, path);
    return "accepted";
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
};

describe("validateManifest", () => {
  it("accepts what berth writes, unchanged", () => {
    expect(validateManifest(good, path)).toEqual(good);
    const { drill: _drill, ...undrilled } = good;
    expect(validateManifest(undrilled, path)).toEqual(undrilled);
  });

  it("keeps the node a Swarm backup was taken on, and refuses one that is not a hostname", () => {
    expect(validateManifest({ ...good, node: "node-3.example" }, path)).toEqual({ ...good, node: "node-3.example" });
    expect(reason({ ...good, node: "node-3; rm -rf /" })).toMatch(/field node has a value berth does not accept/);
    expect(reason({ ...good, node: 3 })).toMatch(/field node/);
  });

  it("refuses a doctored artifact that would have run SQL in the restore helper", () => {
    const artifact = `db.dump"; psql -c 'DROP TABLE notes' postgres; echo "`;
    expect(reason({ ...good, artifact })).toMatch(/db-2026-11-23T07-00-00-000Z\.dump\.manifest\.json: field artifact has a value berth does not accept/);
  });

  it("refuses an artifact other than the file next to the manifest: the checksum must be over what is restored", () => {
    expect(reason({ ...good, artifact: "other.dump" })).toMatch(/field artifact names "other.dump", but the manifest belongs to db-2026-11-23T07-00-00-000Z.dump/);
    expect(reason({ ...good, artifact: "../../etc/passwd" })).toMatch(/field artifact has a value berth does not accept/);
  });

  it("refuses an image id that is not one (a drill would start whatever image it named)", () => {
    expect(reason({ ...good, imageId: "evil/image:latest" })).toMatch(/field imageId/);
  });

  it("refuses connection details with shell or SQL syntax", () => {
    expect(reason({ ...good, source: { user: "app", database: `app'; DROP DATABASE x; --` } })).toMatch(/field source.database has a value berth does not accept/);
    expect(reason({ ...good, source: { volume: "/etc" } })).toMatch(/field source.volume/);
  });

  it("names the field of every wrong type (a service that is not a string crashed backup --list)", () => {
    expect(reason({ ...good, service: 42 })).toMatch(/field service is number, not a string/);
    expect(reason({ ...good, sizeBytes: -1 })).toMatch(/field sizeBytes is number, not a whole number of at least 0/);
    expect(reason({ ...good, compressed: "yes" })).toMatch(/field compressed is string, not true or false/);
    expect(reason({ ...good, driver: "mysql" })).toMatch(/field driver must be one of postgres, redis, volume/);
    expect(reason({ ...good, facts: { tables: { "public.notes": "3" } } })).toMatch(/field facts.tables.public.notes/);
    expect(reason({ ...good, facts: null })).toMatch(/field facts is not a JSON object/);
    expect(reason({ ...good, drill: { ...good.drill, checks: [1] } })).toMatch(/field drill.checks is not a list of strings/);
    expect(reason({ ...good, manifestVersion: 2 })).toMatch(/field manifestVersion is not 1/);
    expect(reason([])).toMatch(/the manifest is not a JSON object/);
    expect(reason({ ...good, sha256: "B".repeat(64) })).toMatch(/field sha256/);
  });

  it("keeps a __proto__ key from becoming a prototype", () => {
    expect(reason(JSON.parse(`{"a":1}`) && { ...good, source: JSON.parse(`{"__proto__": "x"}`) })).toMatch(/field source.__proto__ is not a name berth writes/);
  });
});
