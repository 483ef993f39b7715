import { describe, expect, it } from "vitest";
import type { Release } from "./release.js";
import { renderHistory, shortImageId } from "./render-history.js";

const release = (over: Partial<Release> & Pick<Release, "id" | "command">): Release => ({ at: "2026-12-01T10:00:00.000Z", project: "shop", outcome: "deployed", changes: [], services: [], diagnoses: [], ...over });

describe("shortImageId", () => {
  it("drops the sha256: prefix and keeps 12 characters, as docker shows ids; a dash for none", () => {
    expect(shortImageId(`sha256:${"0123456789abcdef".repeat(4)}`)).toBe("0123456789ab");
    expect(shortImageId("feedfacecafe0000")).toBe("feedfacecafe");
    expect(shortImageId(undefined)).toBe("-");
  });
});

describe("renderHistory", () => {
  it("says nothing is recorded yet, and how a record comes to be", () => {
    expect(renderHistory([])).toBe("no deployments recorded yet (berth up records one per run that changes something)\n");
  });

  it("shows a rollback with the release it returned to, a first deployment from nothing, and an up that changed nothing", () => {
    const text = renderHistory([
      release({ id: 1, command: "up", changes: [{ service: "api", fromImageId: undefined, toImageId: `sha256:${"1".repeat(64)}`, cause: "new service" }] }),
      release({ id: 2, command: "up" }),
      release({ id: 3, command: "rollback", rollbackOf: 1, changes: [{ service: "api", fromImageId: `sha256:${"2".repeat(64)}`, toImageId: `sha256:${"1".repeat(64)}`, cause: "rollback to #1" }] }),
    ]);
    expect(text.split("\n")).toEqual([
      "#3  2026-12-01T10:00:00.000Z  deployed    rollback to #1",
      "    api: 222222222222 -> 111111111111 (rollback to #1)",
      "#2  2026-12-01T10:00:00.000Z  deployed    up",
      "    no service changed",
      "#1  2026-12-01T10:00:00.000Z  deployed    up",
      "    api: - -> 111111111111 (new service)",
      "",
    ]);
  });

  it("shows a down, a restore or a migration by its note (or its command), with its diagnoses", () => {
    const text = renderHistory([
      release({ id: 1, command: "down", outcome: "done", note: "removed 3 containers" }),
      release({ id: 2, command: "migrate", outcome: "failed", diagnoses: ["003_add_index.sql: relation \"notes\" does not exist"] }),
    ]);
    expect(text.split("\n")).toEqual([
      "#2  2026-12-01T10:00:00.000Z  failed      migrate",
      "    migrate",
      '    ! 003_add_index.sql: relation "notes" does not exist',
      "#1  2026-12-01T10:00:00.000Z  done        down",
      "    removed 3 containers",
      "",
    ]);
  });
});
