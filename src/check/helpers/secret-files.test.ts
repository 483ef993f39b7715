import { describe, expect, it } from "vitest";
import { isSecretFile } from "./secret-files.js";

const none = () => undefined;

describe("isSecretFile", () => {
  it.each([".env", ".env.production", "config/.env.local", "tls/server.key", "cert.pem", "id_ed25519", "credentials.json", "service-account-prod.json"])("counts %s as secret", (path) => {
    expect(isSecretFile(path, none)).toBe(true);
  });
  it.each([".env.example", ".env.production.sample", "server.key.template", "config.json", "env.ts", "Dockerfile"])("does not count %s", (path) => {
    expect(isSecretFile(path, none)).toBe(false);
  });
  it("counts .npmrc and .pypirc only with a credential inside", () => {
    const texts: Record<string, string> = {
      "/p/.npmrc": "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n",
      "/q/.npmrc": "engine-strict=true\n",
      "/p/.pypirc": "[pypi]\nusername = __token__\npassword = pypi-abc\n",
      "/p/.yarnrc.yml": "npmAuthToken: abc\n",
    };
    const read = (path: string) => texts[path];
    expect(["/p/.npmrc", "/q/.npmrc", "/p/.pypirc", "/p/.yarnrc.yml", "/r/.npmrc"].map((path) => isSecretFile(path, read))).toEqual([true, false, true, true, false]);
  });
});
