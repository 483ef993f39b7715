import { describe, expect, it } from "vitest";
import { withoutUnusedResources } from "../stages/prune.js";
import { emptyProject } from "./empty-project.js";

describe("emptyProject", () => {
  it("is a project known only by name and place, as `ps` and `down -p NAME` see it without a compose file", () => {
    const project = emptyProject("shop", "/srv/shop");
    expect(project.name).toBe("shop");
    expect([project.services, project.networks, project.volumes, project.secrets, project.configs, project.extensions]).toEqual([{}, {}, {}, {}, {}, {}]);
    expect(project.meta).toMatchObject({ workingDir: "/srv/shop", composeFiles: [], envFiles: [], environment: {}, activeProfiles: [], disabledServices: {}, warnings: [] });
  });

  it("keeps the compose files it was asked about, for `check` on files that do not load", () => {
    expect(emptyProject("shop", "/srv/shop", ["/srv/shop/compose.yaml"]).meta.composeFiles).toEqual(["/srv/shop/compose.yaml"]);
  });

  it("locates nothing, so code that asks for a position gets none rather than a crash", () => {
    const { sourceMap } = emptyProject("shop", "/srv/shop").meta;
    expect(sourceMap.locate(["services", "web"])).toBeUndefined();
    expect(sourceMap.locateNearest(["services", "web", "image"])).toBeUndefined();
  });

  it("goes through the pipeline's last stage unchanged", () => {
    const project = emptyProject("shop", "/srv/shop");
    expect(withoutUnusedResources(project)).toEqual(project);
  });
});
