import { describe, expect, it } from "vitest";
import { inventoryOf, normalizeImage } from "./base-images.js";

describe("inventoryOf", () => {
  it("knows which probe tools official images ship", () => {
    const has = (image: string, tool: string) => inventoryOf(image)?.tools.includes(tool);
    expect([has("python:3.11-slim-bookworm", "curl"), has("node:20-alpine", "wget"), has("node:20-alpine", "curl"), has("nginx:1.22", "curl"), has("postgres:15", "pg_isready"), has("redis:7", "redis-cli"), has("debian:bookworm-slim", "wget")])
      .toEqual([false, true, false, true, true, true, false]);
  });
  it("does not judge unknown images", () => expect(inventoryOf("ghcr.io/acme/api:1.0")).toBeUndefined());
});

describe("normalizeImage and images named in full", () => {
  it("reads docker.io/library/ names and digests as the short name", () => {
    expect(normalizeImage("docker.io/library/postgres:15@sha256:abc123")).toBe("postgres:15");
    expect(normalizeImage("library/redis:7-alpine")).toBe("redis:7-alpine");
    expect(inventoryOf("docker.io/library/redis:7-alpine")?.tools).toContain("nc");
  });

  it("knows images without a shell, and names where each inventory comes from", () => {
    expect(inventoryOf("gcr.io/distroless/nodejs20-debian12")?.tools).toEqual([]);
    expect(inventoryOf("scratch")?.tools).toEqual([]);
    expect(inventoryOf("nginx:1.25-alpine")?.source).toBe("nginxinc/docker-nginx alpine Dockerfile (apk add curl)");
    expect(inventoryOf("mariadb:11")?.tools).toContain("healthcheck.sh");
  });
});
