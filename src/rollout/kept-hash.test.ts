import { describe, expect, it } from "vitest";
import type { Service } from "../compose/model/project.js";
import type { ObservedContainer, ObservedState } from "../plan/observed-state.js";
import { testProject } from "../plan/test-project.js";
import { asKeptByFiles } from "./kept-hash.js";

/** A readable stand-in for the config hash: the image reference and the environment. */
const hash = (service: Service) => `${service.image ?? "-"}|${JSON.stringify(service.environment ?? {})}`;

const container = (fields: Partial<ObservedContainer>, withRef = true): ObservedContainer => ({ id: "c1", name: "shop-web-1", service: "web", number: 1, oneoff: false, status: "running", exitCode: 0, configHash: "web:1|{}", imageId: "sha256:aaa", health: "healthy", ...(withRef ? { imageRef: "web:1" } : {}), ...fields });
const state = (containers: ObservedContainer[], images: Record<string, string>): ObservedState => ({ project: "shop", containers, networks: [], volumes: [], images });

describe("asKeptByFiles", () => {
  const project = testProject("shop", { web: { image: "web:2" }, api: { build: { context: "." } } });

  it("records a container kept under a new tag of the image it runs with the files' hash", () => {
    const after = asKeptByFiles(project, state([container({})], { "web:2": "sha256:aaa" }), hash);
    expect(after.containers[0]?.configHash).toBe("web:2|{}");
  });

  it("leaves every other container as it is", () => {
    const cases = [
      // the new tag names another image: it was (or will be) replaced, not kept
      state([container({})], { "web:2": "sha256:bbb" }),
      // the label is not the hash of its old tag: something else differs too
      state([container({ configHash: 'web:1|{"LOG":"debug"}' })], { "web:2": "sha256:aaa" }),
      // created with the files' own reference, or before the reference label existed
      state([container({ imageRef: "web:2", configHash: "web:2|{}" })], { "web:2": "sha256:aaa" }),
      state([container({}, false)], { "web:2": "sha256:aaa" }),
      // no label at all, a service no longer in the files, a service without image:
      state([container({ configHash: undefined })], { "web:2": "sha256:aaa" }),
      state([container({ service: "gone" })], { "web:2": "sha256:aaa" }),
      state([container({ service: "api", imageRef: "shop-api" })], { "shop-api": "sha256:aaa" }),
    ];
    for (const observed of cases) expect(asKeptByFiles(project, observed, hash)).toEqual(observed);
  });
});
