import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { imageUnpinned, imageTag } from "./image-unpinned.js";

describe("image-unpinned", () => {
  it("reads tags past registry ports", () => expect(imageTag("localhost:5000/app")).toBeUndefined());
  it("fires on latest and on no tag", () => {
    const compose = "services:\n  a:\n    image: grafana/grafana:latest\n  b:\n    image: redis\n";
    expect(findingsOf(imageUnpinned, { compose }).map((finding) => finding.line)).toEqual([3, 5]);
  });
  it("stays quiet on a version tag or digest", () => {
    const compose = "services:\n  a:\n    image: postgres:15\n  b:\n    image: redis@sha256:abcdef\n";
    expect(findingsOf(imageUnpinned, { compose })).toEqual([]);
  });
});
