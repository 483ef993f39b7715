import { describe, expect, it } from "vitest";
import { FakeResources, labelsMatch } from "./fake-resources.js";

// The fake stands in for the engine in every unit test of plan/deploy/rollout: these pin the engine
// behaviours those tests rely on.

describe("labelsMatch", () => {
  it("matches key=value exactly and `true` as present with any value", () => {
    expect(labelsMatch({ a: "1", b: "" }, { a: "1", b: true })).toBe(true);
    expect(labelsMatch({ a: "1" }, { a: "2" })).toBe(false);
    expect(labelsMatch({ a: "1" }, { b: true })).toBe(false);
    expect(labelsMatch({}, undefined)).toBe(true);
  });
});

describe("FakeResources images", () => {
  it("moves a tag to a new image, leaving the old one dangling but reachable by id", () => {
    const resources = new FakeResources();
    const old = resources.addImage(["shop-api:2"]);
    const rebuilt = resources.addImage(["shop-api:2"]);
    expect(rebuilt.Id).not.toBe(old.Id);
    expect(resources.image("shop-api:2")?.Id).toBe(rebuilt.Id);
    expect(resources.image(old.Id)?.RepoTags).toEqual([]);
  });

  it("finds `app` and `app:latest` as the same image", () => {
    const resources = new FakeResources();
    const image = resources.addImage(["app"]);
    expect(resources.image("app:latest")?.Id).toBe(image.Id);
    const other = resources.addImage(["web:latest"]);
    expect(resources.image("web")?.Id).toBe(other.Id);
  });

  it("lists images once each, by label and by reference glob", () => {
    const resources = new FakeResources();
    resources.addImage(["shop-api:1", "shop-api:stable"], { "com.docker.compose.project": "shop" });
    resources.addImage(["redis:7"]);
    expect(resources.listImages({}).map((image) => image.tags)).toEqual([["shop-api:1", "shop-api:stable"], ["redis:7"]]);
    expect(resources.listImages({ labels: { "com.docker.compose.project": "shop" } })).toHaveLength(1);
    expect(resources.listImages({ reference: "shop-*" }).map((image) => image.tags[0])).toEqual(["shop-api:1"]);
    expect(resources.listImages({ reference: "redis:*" })).toHaveLength(1);
  });

  it("removes an image under every name, and refuses one it does not know", () => {
    const resources = new FakeResources();
    const image = resources.addImage(["a:1", "a:2"]);
    resources.removeImage("a:1");
    expect([resources.image("a:2"), resources.image(image.Id)]).toEqual([undefined, undefined]);
    expect(() => resources.removeImage("a:1")).toThrow(expect.objectContaining({ code: "engine.not-found" }) as unknown as Error);
  });

  it("builds an image with the request's tags and labels, or returns the scripted failure without one", () => {
    const resources = new FakeResources();
    const built = resources.build({ context: "/ctx", tags: ["app:1"], labels: { "io.berth.build-digest": "d" } }, undefined);
    expect(built).toMatchObject({ ok: true, imageId: resources.image("app:1")?.Id });
    expect(resources.image("app:1")?.Config.Labels).toEqual({ "io.berth.build-digest": "d" });
    const failure = { ok: false, log: "", error: "exit code: 1" };
    expect(resources.build({ context: "/ctx", tags: ["app:2"] }, failure)).toBe(failure);
    expect(resources.image("app:2")).toBeUndefined();
  });
});

describe("FakeResources networks and volumes", () => {
  it("refuses a second network of the same name, and one with active endpoints", () => {
    const resources = new FakeResources();
    const id = resources.createNetwork({ name: "shop_default", labels: { "com.docker.compose.project": "shop" } });
    expect(() => resources.createNetwork({ name: "shop_default" })).toThrow(expect.objectContaining({ code: "engine.conflict" }) as unknown as Error);
    expect(resources.network(id)?.Name).toBe("shop_default");
    expect(() => resources.removeNetwork("shop_default", true)).toThrow(/has active endpoints/);
    resources.removeNetwork(id, false);
    expect(resources.listNetworks(undefined)).toEqual([]);
  });

  it("returns an existing volume as created, as the engine does, and refuses to remove one in use", () => {
    const resources = new FakeResources();
    const first = resources.createVolume({ name: "shop_data", labels: { a: "1" } });
    expect(resources.createVolume({ name: "shop_data", labels: { a: "2" } })).toBe(first);
    expect(resources.listVolumes({ a: "1" })).toEqual([{ name: "shop_data", id: "shop_data", labels: { a: "1" } }]);
    expect(() => resources.removeVolume("shop_data", true)).toThrow("remove shop_data: volume is in use");
    resources.removeVolume("shop_data", false);
    expect(() => resources.removeVolume("shop_data", false)).toThrow(expect.objectContaining({ code: "engine.not-found" }) as unknown as Error);
  });
});
