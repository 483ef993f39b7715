import { describe, expect, it } from "vitest";
import { testProject } from "../plan/test-project.js";
import { hiddenNetworks } from "./replica-ops.js";

describe("hiddenNetworks", () => {
  it("hides the successor on the networks its dependants use, not on its own outbound ones", () => {
    const project = testProject("shop", {
      web: { image: "nginx:1.22", networks: { front: null }, depends_on: { api: { condition: "service_healthy", required: true } } },
      api: { image: "app:1", networks: { front: null, data: null } },
      db: { image: "postgres:15", networks: { data: null } },
    }, { networks: { front: { name: "shop_front" }, data: { name: "shop_data" } } });
    expect([...hiddenNetworks(project, project.services["api"]!)]).toEqual(["shop_front"]);
  });

  it("hides it everywhere when no service declares that it depends on it", () => {
    const project = testProject("shop", { api: { image: "app:1" } });
    expect([...hiddenNetworks(project, project.services["api"]!)]).toEqual(["shop_default"]);
  });
});
