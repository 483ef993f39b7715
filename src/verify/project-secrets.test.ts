import { describe, expect, it } from "vitest";
import { loadInline } from "../compose/testing/inline-project.js";
import { projectRedactor, projectSecretValues } from "./project-secrets.js";

describe("projectSecretValues", () => {
  it("collects env file values, secret contents and secret-named variables", () => {
    const project = loadInline(
      `
services:
  api:
    image: node:20-bookworm-slim
    env_file: [api.env]
    environment:
      JWT_SECRET: inline-jwt-canary
      NODE_ENV: production
      DATABASE_URL: postgres://app:\${DB_PASSWORD}@db/app
    secrets: [stripe]
secrets:
  stripe:
    file: ./stripe.txt
`,
      { extraFiles: { ".env": "DB_PASSWORD=dotenv-canary-1\nPUBLIC_NAME=shop-frontend\n", "api.env": "SESSION_SALT=envfile-canary-2\n", "stripe.txt": "sk_test_canary_3\n" } },
    );
    const values = projectSecretValues(project);
    for (const canary of ["dotenv-canary-1", "shop-frontend", "envfile-canary-2", "sk_test_canary_3", "inline-jwt-canary"]) expect(values).toContain(canary);
    expect(values).not.toContain("production");
    const redactor = projectRedactor(project);
    expect(redactor.text(`url postgres://app:dotenv-canary-1@db/app and inline-jwt-canary`)).toBe("url postgres://app:***@db/app and ***");
  });
});
