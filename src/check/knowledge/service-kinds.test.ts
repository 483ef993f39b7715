import { describe, expect, it } from "vitest";
import { datastoreOf, isNginxImage } from "./service-kinds.js";

describe("datastoreOf", () => {
  it("recognises official and common datastore images", () => {
    expect(["postgres:15", "docker.io/library/postgres:16-alpine", "redis:7", "redislabs/redismod", "mariadb:10.6", "mongo:6", "qdrant/qdrant:v1.9.0", "mcr.microsoft.com/mssql/server:2019-latest"].map((image) => datastoreOf(image)?.port))
      .toEqual([5432, 5432, 6379, 6379, 3306, 27017, 6333, 1433]);
  });
  it("does not mistake tools named after a datastore for one", () => {
    expect(["prometheuscommunity/postgres-exporter:v0.15.0", "rediscommander/redis-commander:latest", "oliver006/redis_exporter:v1.58.0", "node:20"].map((image) => datastoreOf(image))).toEqual([undefined, undefined, undefined, undefined]);
  });
  it("recognises nginx images", () => expect([isNginxImage("nginx:1.22"), isNginxImage("nginxinc/nginx-unprivileged:1.25"), isNginxImage("jwilder/nginx-proxy")]).toEqual([true, true, false]));
});
