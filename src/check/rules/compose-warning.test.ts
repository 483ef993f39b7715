import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { composeWarning } from "./compose-warning.js";

const compose = "services:\n  web:\n    image: nginx:1.22\n";

describe("compose-warning", () => {
  it("turns each loader warning into a finding", () => {
    const warnings = [{ code: "variable-unset", message: 'the "TAG" variable is not set', location: { file: "compose.yaml", line: 3, column: 12 } }];
    expect(findingsOf(composeWarning, { compose, warnings })).toMatchObject([{ line: 3, message: expect.stringContaining("TAG") }]);
  });
  it("leaves warnings that a dedicated rule reports to that rule", () => {
    const warnings = [
      { code: "compose.unset-variable", message: 'The "TAG" variable is not set.', location: { file: "compose.yaml", line: 3, column: 12 } },
      { code: "compose.invalid-project", message: 'service "db" refers to undefined volume pgdata', location: { file: "compose.yaml", line: 3, column: 5 } },
    ];
    expect(findingsOf(composeWarning, { compose, warnings })).toEqual([]);
  });
  it("stays quiet without warnings", () => {
    expect(findingsOf(composeWarning, { compose })).toEqual([]);
  });
});

describe("compose-warning across profiles", () => {
  it("stays quiet on a container_name shared by profiles that never run together", () => {
    const twins = "services:\n  aio:\n    image: app:1\n    container_name: app\n    profiles: [default]\n  aio-no-db:\n    image: app:1\n    container_name: app\n    profiles: [default-no-db]\n";
    expect(findingsOf(composeWarning, { compose: twins })).toEqual([]);
  });
});
