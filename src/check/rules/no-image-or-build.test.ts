import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { noImageOrBuild } from "./no-image-or-build.js";

describe("no-image-or-build", () => {
  it("fires on a service with only volumes (an override used alone)", () => {
    expect(findingsOf(noImageOrBuild, { compose: "services:\n  backend:\n    volumes: ['./src:/app/src']\n" })).toMatchObject([{ line: 2, column: 3 }]);
  });
  it("stays quiet when image or build is set", () => {
    expect(findingsOf(noImageOrBuild, { compose: "services:\n  a:\n    image: redis:7\n  b:\n    build: .\n" })).toEqual([]);
  });
});
