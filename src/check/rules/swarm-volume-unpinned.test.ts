import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { swarmVolumeUnpinned } from "./swarm-volume-unpinned.js";

const db = (deploy = "", volumes = "volumes:\n  pgdata: {}\n") =>
  `services:\n  db:\n    image: postgres:15\n    volumes:\n      - pgdata:/var/lib/postgresql/data\n${deploy}${volumes}`;

describe("swarm-volume-unpinned", () => {
  it("warns that an unpinned datastore starts empty elsewhere", () => {
    const findings = findingsOf(swarmVolumeUnpinned, { compose: db() });
    expect(findings).toMatchObject([{ line: 5, severity: "warning" }]);
    expect(findings[0]?.message).toContain('keeps named volume "pgdata" on whichever node runs it');
  });
  it("accepts a service pinned by hostname or node label with one replica", () => {
    expect(findingsOf(swarmVolumeUnpinned, { compose: db("    deploy:\n      placement:\n        constraints: [node.hostname == db-1]\n") })).toEqual([]);
    expect(findingsOf(swarmVolumeUnpinned, { compose: db("    deploy:\n      placement:\n        constraints: [\"node.labels.disk==ssd\"]\n") })).toEqual([]);
  });
  it("does not count a role constraint as pinned", () => {
    expect(findingsOf(swarmVolumeUnpinned, { compose: db("    deploy:\n      placement:\n        constraints: [node.role == manager]\n") })).toHaveLength(1);
  });
  it("says replicas each get their own copy, even when pinned", () => {
    const findings = findingsOf(swarmVolumeUnpinned, { compose: db("    deploy:\n      replicas: 2\n      placement:\n        constraints: [node.labels.db == yes]\n") });
    expect(findings[0]?.message).toContain("each node gets its own copy");
  });
  it("leaves external volumes and NFS-backed volumes alone", () => {
    expect(findingsOf(swarmVolumeUnpinned, { compose: db("", "volumes:\n  pgdata:\n    external: true\n") })).toEqual([]);
    expect(findingsOf(swarmVolumeUnpinned, { compose: db("", "volumes:\n  pgdata:\n    driver_opts:\n      type: nfs\n      o: addr=10.0.0.5\n      device: \":/pg\"\n") })).toEqual([]);
  });
});
