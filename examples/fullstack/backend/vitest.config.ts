import { defineConfig } from "vitest/config";

// Unit tests only: no Postgres, no Redis, no Docker (fakes stand in for them).
export default defineConfig({
  test: { include: ["src/**/*.test.ts"], testTimeout: 10_000 },
});
