import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { containerNameFixed } from "./container-name-fixed.js";

describe("container-name-fixed", () => {
  it("fires on container_name", () => {
    expect(findingsOf(containerNameFixed, { compose: "services:\n  api:\n    image: node:20\n    container_name: app-api\n" })).toMatchObject([{ line: 4 }]);
  });
  it("stays quiet without it", () => {
    expect(findingsOf(containerNameFixed, { compose: "services:\n  api:\n    image: node:20\n" })).toEqual([]);
  });
});
