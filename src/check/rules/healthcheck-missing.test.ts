import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { healthcheckMissing } from "./healthcheck-missing.js";

describe("healthcheck-missing", () => {
  it("fires on a server without a healthcheck", () => {
    expect(findingsOf(healthcheckMissing, { compose: "services:\n  api:\n    image: node:20\n" })).toMatchObject([{ line: 2, severity: "info" }]);
  });
  it("skips services with a healthcheck and one-shot jobs", () => {
    const compose = "services:\n  api:\n    image: node:20\n    healthcheck: { test: node hc.js }\n    depends_on:\n      migrate: { condition: service_completed_successfully }\n  migrate:\n    image: node:20\n";
    expect(findingsOf(healthcheckMissing, { compose })).toEqual([]);
  });
});
