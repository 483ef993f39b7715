import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { composeInvalid } from "./compose-invalid.js";

describe("compose-invalid", () => {
  it("reports a load failure at its position", () => {
    const loadError = { message: "bad indentation of a mapping entry", at: { file: "compose.yaml", line: 4, column: 4 }, hint: undefined };
    expect(findingsOf(composeInvalid, { compose: "services: {}\n", loadError })).toMatchObject([{ file: "compose.yaml", line: 4, column: 4, severity: "error" }]);
  });
  it("stays quiet when the project loaded", () => {
    expect(findingsOf(composeInvalid, { compose: "services:\n  web:\n    image: nginx:1.22\n" })).toEqual([]);
  });
});
