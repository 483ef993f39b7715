import { describe, expect, it } from "vitest";
import type { Project, Service } from "../compose/model/project.js";
import { composeLabel, containerLabels, dependsOnLabel, networkLabels, volumeLabels } from "./labels.js";

const service = {
  name: "api",
  command: null,
  entrypoint: null,
  depends_on: {
    redis: { condition: "service_started", required: true, restart: true },
    db: { condition: "service_healthy", required: true },
  },
} as unknown as Service;

const project = {
  name: "shop",
  services: { api: service },
  meta: {
    workingDir: "/srv/shop",
    composeFiles: ["/srv/shop/compose.yaml", "/srv/shop/compose.prod.yaml"],
    envFiles: ["/srv/shop/.env"],
  },
} as unknown as Project;

describe("containerLabels", () => {
  it("writes the labels docker compose writes, plus berth's", () => {
    expect(
      containerLabels(project, service, { number: 1, configHash: "abc", imageId: "sha256:1", run: "r1" }),
    ).toEqual({
      "com.docker.compose.project": "shop",
      "com.docker.compose.service": "api",
      "com.docker.compose.container-number": "1",
      "com.docker.compose.oneoff": "False",
      "com.docker.compose.config-hash": "abc",
      "com.docker.compose.project.working_dir": "/srv/shop",
      "com.docker.compose.project.config_files": "/srv/shop/compose.yaml,/srv/shop/compose.prod.yaml",
      "com.docker.compose.project.environment_file": "/srv/shop/.env",
      "com.docker.compose.version": "1.29.2",
      "com.docker.compose.depends_on": "db:service_healthy:false,redis:service_started:true",
      "com.docker.compose.image": "sha256:1",
      "io.berth.managed": "true",
      "io.berth.run": "r1",
    });
  });

  it("marks one-off containers the way compose does", () => {
    expect(
      containerLabels(project, service, { number: 1, configHash: "x", oneoff: true })[composeLabel.oneoff],
    ).toBe("True");
  });
});

describe("dependsOnLabel", () => {
  it("is empty without dependencies", () => {
    expect(dependsOnLabel({ name: "x", command: null, entrypoint: null } as Service)).toBe("");
  });
});

describe("network and volume labels", () => {
  it("name the compose key of the resource and its project", () => {
    expect(networkLabels(project, "default")).toMatchObject({
      [composeLabel.project]: "shop",
      [composeLabel.network]: "default",
    });
    expect(volumeLabels(project, "pgdata")).toMatchObject({
      [composeLabel.project]: "shop",
      [composeLabel.volume]: "pgdata",
    });
  });
});
