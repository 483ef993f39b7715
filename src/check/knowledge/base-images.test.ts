import { describe, expect, it } from "vitest";
import { inventoryOf } from "./base-images.js";

describe("inventoryOf", () => {
  it("knows which probe tools official images ship", () => {
    const has = (image: string, tool: string) => inventoryOf(image)?.tools.includes(tool);
    expect([has("python:3.11-slim-bookworm", "curl"), has("node:20-alpine", "wget"), has("node:20-alpine", "curl"), has("nginx:1.22", "curl"), has("postgres:15", "pg_isready"), has("redis:7", "redis-cli"), has("debian:bookworm-slim", "wget")])
      .toEqual([false, true, false, true, true, true, false]);
  });
  it("does not judge unknown images", () => expect(inventoryOf("ghcr.io/acme/api:1.0")).toBeUndefined());
});
