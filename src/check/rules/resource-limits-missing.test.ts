import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { resourceLimitsMissing } from "./resource-limits-missing.js";

describe("resource-limits-missing", () => {
  it("fires without a memory limit", () => {
    expect(findingsOf(resourceLimitsMissing, { compose: "services:\n  api:\n    image: node:20\n" })).toHaveLength(1);
  });
  it("stays quiet with mem_limit or deploy limits", () => {
    const compose = "services:\n  a:\n    image: node:20\n    mem_limit: 256m\n  b:\n    image: node:20\n    deploy: { resources: { limits: { memory: 256M } } }\n";
    expect(findingsOf(resourceLimitsMissing, { compose })).toEqual([]);
  });
});
