import { describe, expect, it } from "vitest";
import { loadInline } from "../compose/testing/inline-project.js";
import { containerNameOf, imageOf, networkKeysOf, projectNetworks, projectVolumes, readinessGate, replicasOf, volumeKeysOf } from "./desired.js";

const project = loadInline(`name: shop
services:
  api:
    build: ./api
    deploy: {replicas: 3}
    networks: [back, front]
    volumes: [uploads:/srv/uploads, uploads:/srv/again, ./conf:/etc/api, /tmp/anon]
    depends_on:
      migrate: {condition: service_completed_successfully}
      db: {condition: service_healthy}
  migrate:
    image: shop/api:2
    networks: [back]
  db:
    image: postgres:15
    container_name: shop-postgres
    networks: [back]
    volumes: [pgdata:/var/lib/postgresql/data]
    healthcheck: {test: [CMD, pg_isready]}
  web:
    image: nginx:1.22
    scale: 2
  sidecar:
    image: busybox
    network_mode: service:web
networks:
  front: {}
  back:
    name: shop-backnet
  shared:
    external: true
volumes:
  uploads: {}
  pgdata: {}
  legacy:
    external: true
`);
const service = (name: string) => {
  const found = project.services[name];
  if (!found) throw new Error(`no service ${name}`);
  return found;
};

describe("the desired state of a project", () => {
  it("runs a built service as PROJECT-SERVICE, and an image service as its image", () => {
    expect([imageOf(project, service("api")), imageOf(project, service("db"))]).toEqual(["shop-api", "postgres:15"]);
  });

  it("wants deploy.replicas, else scale, else one replica", () => {
    expect([replicasOf(service("api")), replicasOf(service("web")), replicasOf(service("db"))]).toEqual([3, 2, 1]);
  });

  it("names containers as compose v2 does, or by container_name", () => {
    expect([containerNameOf(project, service("api"), 2), containerNameOf(project, service("db"), 1)]).toEqual(["shop-api-2", "shop-postgres"]);
  });

  it("creates declared networks (with their own name) and the default one a service uses, never an external one", () => {
    expect([...projectNetworks(project)].sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: "back", name: "shop-backnet" },
      { key: "default", name: "shop_default" },
      { key: "front", name: "shop_front" },
    ]);
  });

  it("creates named volumes, never an external one", () => {
    expect(projectVolumes(project)).toEqual([
      { key: "pgdata", name: "shop_pgdata" },
      { key: "uploads", name: "shop_uploads" },
    ]);
  });

  it("joins a service to its networks, the default one, or none when it shares another's stack", () => {
    expect([networkKeysOf(service("api")), networkKeysOf(service("web")), networkKeysOf(service("sidecar"))]).toEqual([["back", "front"], ["default"], []]);
  });

  it("lists the named volumes a service mounts once each, not binds or anonymous ones", () => {
    expect(volumeKeysOf(service("api"))).toEqual(["uploads"]);
    expect(volumeKeysOf(service("web"))).toEqual([]);
  });

  it("waits for a job to complete, a service with a healthcheck to be healthy, any other to run steadily", () => {
    expect([readinessGate(project, "migrate"), readinessGate(project, "db"), readinessGate(project, "web"), readinessGate(project, "ghost")]).toEqual(["completed", "healthy", "started-stable", "started-stable"]);
  });
});
