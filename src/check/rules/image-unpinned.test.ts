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

describe("image-unpinned: what counts as pinned", () => {
  it.each([
    ["nginx", undefined],
    ["ghcr.io/org/app:1.2.3", "1.2.3"],
    ["localhost:5000/team/app:2024-05", "2024-05"],
    ["redis:7@sha256:0123", "@digest"],
  ])("imageTag(%s) is %s", (image, tag) => expect(imageTag(image)).toBe(tag));
  it("names the image in the message and fires on floating tags in any case", () => {
    const compose = "services:\n  a:\n    image: nginx:Stable\n  b:\n    image: ghcr.io/org/app:main\n";
    expect(findingsOf(imageUnpinned, { compose }).map((finding) => finding.message)).toEqual(['image "nginx:Stable" is not pinned to a version', 'image "ghcr.io/org/app:main" is not pinned to a version']);
  });
  it("stays quiet on built images and on a tag the user sets through a variable", () => {
    const compose = "services:\n  app:\n    image: myorg/app:latest\n    build: .\n  proxy:\n    image: traefik:${TRAEFIK_TAG:-v3.0}\n";
    expect(findingsOf(imageUnpinned, { compose, files: { Dockerfile: "FROM node:20-slim\n" } })).toEqual([]);
  });
});
