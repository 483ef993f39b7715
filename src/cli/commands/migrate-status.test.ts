import { describe, expect, it } from "vitest";
import { BufferSink, type CliIO } from "../io.js";
import { dryRunText, reportStatus, statusText } from "./migrate-status.js";

const settings = { service: "db", dir: "/srv/app/migrations" };
const status = { applied: ["001_a.sql"], pending: ["002_b.sql"], changed: [], missing: ["000_old.sql"] };

describe("migrate --status and --dry-run output", () => {
  it("lists each migration with where it stands, then a count", () => {
    expect(statusText(status, settings)).toBe(
      "applied             001_a.sql\npending             002_b.sql\napplied, file gone  000_old.sql\ndb: 1 applied, 1 pending (/srv/app/migrations)\n",
    );
    expect(statusText({ ...status, changed: ["001_a.sql"], applied: [] }, settings)).toContain("1 changed since applied (berth migrate refuses)");
  });

  it("names what migrate would apply, or why it would refuse", () => {
    expect(dryRunText(status, settings)).toBe("would apply 002_b.sql\ndb: 1 migration(s) would be applied (dry run, nothing changed)\n");
    expect(dryRunText({ ...status, pending: [] }, settings)).toBe("db: up to date, nothing to apply (dry run, nothing changed)\n");
    expect(dryRunText({ ...status, changed: ["001_a.sql"] }, settings)).toBe("berth migrate would refuse: 001_a.sql changed since applied\n");
  });

  it("exits 1 only when an applied file changed, and prints JSON with --json", () => {
    const stdout = new BufferSink();
    const io = { stdout, stderr: new BufferSink(), env: {}, cwd: "/", isTTY: false, signal: new AbortController().signal } as CliIO;
    expect(reportStatus(status, settings, { json: true }, io)).toBe(0);
    expect(JSON.parse(stdout.text)).toMatchObject({ service: "db", pending: ["002_b.sql"] });
    expect(reportStatus({ ...status, changed: ["001_a.sql"] }, settings, {}, io)).toBe(1);
  });
});
