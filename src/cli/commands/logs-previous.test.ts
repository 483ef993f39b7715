import { describe, expect, it } from "vitest";
import type { PreviousContainer } from "../../release/previous-logs.js";
import { renderPreviousLogs, servicesWithoutPrevious } from "./logs-previous.js";

const entry = (id: string, version: string, extra: Partial<PreviousContainer> = {}): PreviousContainer => ({
  service: "app",
  number: 1,
  id,
  name: "shop-app-1",
  image: "shop-app:e2e",
  imageId: `${id}ffffff`,
  startedAt: "2026-12-07T20:00:00.000000000Z",
  removedAt: "2026-12-07T20:05:00.000Z",
  removedBy: "rollback",
  lines: [`2026-12-07T20:00:01.500000000Z booting ${version}`, `2026-12-07T20:00:02.000000000Z serving version ${version}`],
  truncated: false,
  ...extra,
});

const kept = { app: [entry("aaaaaa", "1"), entry("bbbbbb", "2")], db: [{ ...entry("cccccc", "15"), service: "db", name: "shop-db-1", lines: [] }] };

describe("berth logs --previous", () => {
  it("each kept container, oldest first: a heading with its id, image and time range, then its lines", () => {
    expect(renderPreviousLogs(kept, ["app"], { timestamps: false, prefix: true })).toBe(
      [
        "--- shop-app-1: previous container aaaaaa, image shop-app:e2e (aaaaaaffffff), output from 2026-12-07T20:00:01.500000000Z to 2026-12-07T20:00:02.000000000Z, removed by rollback at 2026-12-07T20:05:00.000Z",
        "app-1 | booting 1",
        "app-1 | serving version 1",
        "--- shop-app-1: previous container bbbbbb, image shop-app:e2e (bbbbbbffffff), output from 2026-12-07T20:00:01.500000000Z to 2026-12-07T20:00:02.000000000Z, removed by rollback at 2026-12-07T20:05:00.000Z",
        "app-1 | booting 2",
        "app-1 | serving version 2",
        "",
      ].join("\n"),
    );
  });

  it("--tail, -t and --no-log-prefix as for live containers", () => {
    const text = renderPreviousLogs({ app: [entry("aaaaaa", "1")] }, ["app"], { tail: 1, timestamps: true, prefix: false });
    expect(text.split("\n").slice(1)).toEqual(["2026-12-07T20:00:02.000000000Z serving version 1", ""]);
    expect(renderPreviousLogs({ app: [entry("aaaaaa", "1")] }, ["app"], { tail: 0, timestamps: false, prefix: true }).split("\n")).toHaveLength(2);
  });

  it("a container without output gives its start and removal as the range; a truncated one says how many lines are left", () => {
    const text = renderPreviousLogs(kept, ["db"], { timestamps: false, prefix: true });
    expect(text).toBe("--- shop-db-1: previous container cccccc, image shop-app:e2e (ccccccffffff), output from 2026-12-07T20:00:00.000000000Z to 2026-12-07T20:05:00.000Z, removed by rollback at 2026-12-07T20:05:00.000Z\n");
    expect(renderPreviousLogs({ app: [entry("aaaaaa", "1", { truncated: true })] }, [], { timestamps: false, prefix: true })).toContain("(its last 2 lines)");
  });

  it("no service named: every service with kept containers, by name; the prefixes line up", () => {
    const text = renderPreviousLogs({ web: [{ ...entry("dddddd", "3"), service: "web", number: 12 }], app: [entry("aaaaaa", "1")] }, [], { timestamps: false, prefix: true });
    expect(text.split("\n").filter((line) => !line.startsWith("---"))).toEqual(["app-1  | booting 1", "app-1  | serving version 1", "web-12 | booting 3", "web-12 | serving version 3", ""]);
  });

  it("says which named services have nothing kept", () => {
    expect(servicesWithoutPrevious(kept, ["app", "web"])).toEqual(["web"]);
    expect(servicesWithoutPrevious(kept, [])).toEqual([]);
    expect(servicesWithoutPrevious({}, [])).toEqual(["*"]);
  });
});
