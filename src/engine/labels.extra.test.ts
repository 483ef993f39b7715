import { describe, expect, it } from "vitest";
import { emptyProject } from "../compose/model/empty-project.js";
import type { Project, Service } from "../compose/model/project.js";
import { berthLabel, composeLabel, composeVersion, containerLabels, dependsOnLabel, projectFilter } from "./labels.js";

const project = (envFiles: readonly string[] = []): Project => {
  const base = emptyProject("shop", "/srv/shop", ["/srv/shop/compose.yaml"]);
  return { ...base, meta: { ...base.meta, envFiles } };
};
const service = (fields: Partial<Service> = {}): Service => ({ name: "web", command: null, entrypoint: null, ...fields }) as unknown as Service;

describe("containerLabels, what varies", () => {
  it("writes no environment_file label without env files, and all of them joined by commas with", () => {
    expect(containerLabels(project(), service(), { number: 1, configHash: "h" })).not.toHaveProperty([composeLabel.environmentFile]);
    expect(containerLabels(project(["/srv/shop/.env", "/srv/shop/prod.env"]), service(), { number: 1, configHash: "h" })[composeLabel.environmentFile]).toBe("/srv/shop/.env,/srv/shop/prod.env");
  });

  it("records the image id, the image reference as written, and the run only when known", () => {
    const bare = containerLabels(project(), service(), { number: 2, configHash: "h" });
    expect([bare[composeLabel.image], bare[berthLabel.imageRef], bare[berthLabel.run]]).toEqual([undefined, undefined, undefined]);
    const full = containerLabels(project(), service({ image: "nginx:1.22" }), { number: 2, configHash: "h", imageId: "sha256:ff", run: "run-7" });
    expect([full[composeLabel.image], full[berthLabel.imageRef], full[berthLabel.run], full[composeLabel.number]]).toEqual(["sha256:ff", "nginx:1.22", "run-7", "2"]);
  });

  it("marks every container as berth's and as compose's version that docker-compose 1.29 reads", () => {
    const labels = containerLabels(project(), service(), { number: 1, configHash: "h", oneoff: false });
    expect([labels[berthLabel.managed], labels[composeLabel.version], labels[composeLabel.oneoff], labels[composeLabel.dependsOn]]).toEqual(["true", composeVersion, "False", ""]);
  });
});

describe("dependsOnLabel", () => {
  it("sorts the entries so that the label does not change with the order of the file", () => {
    const one = service({ depends_on: { cache: { condition: "service_started", required: true }, db: { condition: "service_healthy", required: true, restart: true } } } as unknown as Partial<Service>);
    const other = service({ depends_on: { db: { condition: "service_healthy", required: true, restart: true }, cache: { condition: "service_started", required: true } } } as unknown as Partial<Service>);
    expect(dependsOnLabel(one)).toBe("cache:service_started:false,db:service_healthy:true");
    expect(dependsOnLabel(other)).toBe(dependsOnLabel(one));
  });
});

describe("projectFilter", () => {
  it("finds a project by compose's label, so containers compose created are found too", () => {
    expect(projectFilter("shop")).toEqual({ "com.docker.compose.project": "shop" });
  });
});
