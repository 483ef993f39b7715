import { describe, expect, it } from "vitest";
import { loadInline } from "../compose/testing/inline-project.js";
import { driverForImage, selectBackupTargets } from "./select-driver.js";

describe("driverForImage", () => {
  it.each([
    ["postgres:15", "postgres"],
    ["postgres", "postgres"],
    ["docker.io/library/postgres:16-alpine", "postgres"],
    ["postgis/postgis:15-3.4", "postgres"],
    ["timescale/timescaledb:latest-pg15", "postgres"],
    ["redis:7", "redis"],
    ["bitnami/redis:7.2", "redis"],
    ["redis@sha256:0123abcd", "redis"],
    ["registry.local:5000/team/redis:7", "redis"],
  ])("%s → %s", (image, driver) => expect(driverForImage(image)).toBe(driver));

  it.each(["nginx:1.22", "node:20-bookworm-slim", "my-postgres-exporter:1", "redis-commander:latest"])("%s has no driver", (image) => {
    expect(driverForImage(image)).toBeUndefined();
  });
});

const stack = `
name: shop
services:
  db:
    image: postgres:15
  cache:
    image: redis:7
  web:
    image: nginx:1.22
  uploads:
    image: debian:bookworm-slim
    volumes: [files:/srv/files]
    x-berth:
      backup:
        driver: volume
  metrics-db:
    image: postgres:15
    x-berth:
      backup:
        driver: none
volumes:
  files:
`;

describe("selectBackupTargets", () => {
  it("with no names, picks every service whose image implies a driver or that declares one", () => {
    const targets = selectBackupTargets(loadInline(stack));
    expect(targets.map((t) => [t.service, t.driver])).toEqual([
      ["db", "postgres"],
      ["cache", "redis"],
      ["uploads", "volume"],
    ]);
  });

  it("resolves the volume driver's only named volume to its engine name", () => {
    const uploads = selectBackupTargets(loadInline(stack), ["uploads"])[0];
    expect(uploads?.volume).toEqual({ key: "files", name: "shop_files" });
  });

  it("refuses a named service without a driver, saying how to declare one", () => {
    expect(() => selectBackupTargets(loadInline(stack), ["web"])).toThrow(/service web has no backup driver/);
    try {
      selectBackupTargets(loadInline(stack), ["web"]);
    } catch (error) {
      expect((error as { hint?: string }).hint).toContain("services.web.x-berth.backup.driver");
    }
  });

  it("refuses an unknown service name", () => {
    expect(() => selectBackupTargets(loadInline(stack), ["nope"])).toThrow(/no such service: nope/);
  });

  it("asks which volume when a service mounts several", () => {
    const project = loadInline(`
services:
  app:
    image: debian:bookworm-slim
    volumes: [a:/a, b:/b]
    x-berth: { backup: { driver: volume } }
volumes: { a: {}, b: {} }
`);
    expect(() => selectBackupTargets(project)).toThrow(/mounts 2 named volumes \(a, b\)/);
  });

  it("refuses a declared volume the project does not have", () => {
    const project = loadInline(`
services:
  app:
    image: debian:bookworm-slim
    x-berth: { backup: { driver: volume, volume: ghost } }
`);
    expect(() => selectBackupTargets(project)).toThrow(/"ghost" is not a volume of this project/);
  });
});
