import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { debugPortPublished } from "./debug-port-published.js";

describe("debug-port-published", () => {
  it("fires on the Node inspector port", () => {
    expect(findingsOf(debugPortPublished, { compose: "services:\n  app:\n    image: node:20\n    ports: ['3000:3000', '9229:9229']\n" })).toMatchObject([{ severity: "error", message: expect.stringContaining("9229") }]);
  });
  it("stays quiet on ordinary ports", () => {
    expect(findingsOf(debugPortPublished, { compose: "services:\n  app:\n    image: node:20\n    ports: ['3000:3000']\n" })).toEqual([]);
  });
});
