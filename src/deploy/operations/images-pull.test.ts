import { describe, expect, it } from "vitest";
import { FakeEngine } from "../../engine/fake-engine.js";
import { testProject } from "../../plan/test-project.js";
import { buildImage, ensureImage } from "./images.js";
import type { RunContext } from "./run-context.js";

/** A FakeEngine with a registry: a pull adds the image, unless the registry has lost it. */
class WithRegistry extends FakeEngine {
  readonly pulled: string[] = [];
  constructor(images: string[], private readonly registry: readonly string[]) {
    super({ images });
  }
  override async pullImage(reference: string): Promise<void> {
    this.pulled.push(reference);
    if (this.registry.includes(reference)) this.resources.addImage([reference]);
  }
}

function contextOn(engine: FakeEngine): RunContext {
  const project = testProject("shop", { cache: { image: "redis:7" }, api: { build: { context: "/srv/api", args: { NODE_ENV: "production", UNSET: null }, target: "prod" } } });
  return { engine, project, signal: new AbortController().signal, containers: new Map(), configHash: () => "h", pull: "missing" };
}

describe("ensureImage with a registry", () => {
  it("pulls a missing image once, and uses a local one without pulling", async () => {
    const engine = new WithRegistry(["app:1"], ["redis:7"]);
    await ensureImage(contextOn(engine), "redis:7");
    await ensureImage(contextOn(engine), "app:1");
    expect(engine.pulled).toEqual(["redis:7"]);
  });

  it("pulls even a local image under pull_policy: always", async () => {
    const engine = new WithRegistry(["redis:7"], ["redis:7"]);
    await ensureImage(contextOn(engine), "redis:7", "always");
    expect(engine.pulled).toEqual(["redis:7"]);
  });

  it("fails, naming the image, when a pull that reported success left no image", async () => {
    const engine = new WithRegistry([], []);
    await expect(ensureImage(contextOn(engine), "redis:7")).rejects.toMatchObject({ phase: "image", message: "no such image: redis:7", details: { image: "redis:7" } });
  });
});

describe("buildImage", () => {
  it("builds with the service's args (unset ones left out), target and the image as tag, streaming each line", async () => {
    const requests: unknown[] = [];
    const engine = new FakeEngine({ build: (request) => (requests.push(request), undefined) });
    const lines: string[] = [];
    await buildImage({ ...contextOn(engine), onBuildOutput: (service, line) => lines.push(`${service}: ${line}`) }, "api", "shop-api");
    expect(requests).toEqual([{ context: "/srv/api", tags: ["shop-api"], args: { NODE_ENV: "production" }, target: "prod" }]);
    expect(lines[0]).toMatch(/^api: Successfully built /);
  });

  it("refuses to build a service without a build section", async () => {
    await expect(buildImage(contextOn(new FakeEngine()), "cache", "redis:7")).rejects.toMatchObject({ phase: "build", message: "cache has no build section" });
  });
});
